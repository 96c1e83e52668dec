Feature: The GOV.UK step library
  As a delivery team writing features from user research
  I need steps that speak the Design System
  So that features read like what users do

  Scenario: Every kind of answer, going back and changing an answer
    Given I am on a mobile-sized screen
    When I start the service
    And I continue
    Then I see the error "Select what you want collected"
    When I choose "A fridge"
    And I continue
    And I select "Wednesday" from "Which day suits you?"
    And I continue
    And I go back
    Then I see the heading "Which day suits you?"
    When I continue
    And I enter the date "27 3 2007" for "When did you move to your address?"
    And I continue
    Then I see the answer "27 March 2007" for "Moved in"
    When I change my answer to "Day"
    And I select "Friday" from "Which day suits you?"
    And I continue
    Then I see the answer "Friday" for "Day"
    And the page has no accessibility problems
    When I press "Accept and send"
    Then I get a reference
    And I see "Your reference number"
    When I follow the link "Cookies"
    Then I see the heading "Cookies"
