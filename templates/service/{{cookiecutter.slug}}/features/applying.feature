@need_apply
Feature: Apply for a parking permit
  As a resident who parks in the street outside my home
  I need to apply for a permit online, at a time that suits me
  So that I do not get a parking ticket

  @round_1
  Scenario: Apply for a resident permit
    When I start the service
    And I choose "A resident permit"
    And I continue
    And I enter "SW1A 1AA" in "What is your home postcode?"
    And I continue
    And I enter the date "1 4 2099" for "When do you want the permit to start?"
    And I continue
    And I enter "Sam Jones" in "Full name"
    And I enter "sam@example.com" in "Email address"
    And I continue
    Then I see the heading "Check your answers before sending"
    And I see the answer "SW1A 1AA" for "Home postcode"
    When I press "Accept and send"
    Then I get a reference

  @round_1
  Scenario: A business is sent to apply another way
    When I start the service
    And I choose "A business permit"
    And I continue
    Then I see the heading "Apply for a business permit another way"

  @round_1
  Scenario: A resident who forgets the postcode is told what to enter
    When I start the service
    And I choose "Visitor permits"
    And I continue
    And I continue
    Then I see the error "Enter your home postcode"
    And the page has no accessibility problems
