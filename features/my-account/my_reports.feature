@need_account
Feature: See my reports and add earlier ones
  As a resident who has reported problems to the council
  I need to see each of my reports and where it has got to
  So that I know what is being done without keeping every reference number

  @round_1
  Scenario: See a report and its status
    Given I am signed in to my account as "sam.jones@example.com"
    And a report I sent is "Investigating"
    When I open "/"
    Then I see my report
    And I see "Investigating"
    And the page has no accessibility problems

  @round_2
  Scenario: Add a report I sent before I had an account
    Given I sent a report as "sam.jones@example.com" before I had an account
    And I am signed in to my account as "sam.jones@example.com"
    When I open "/add-a-report"
    Then the page has no accessibility problems
    When I enter my reference in "Reference number"
    And I enter "sam.jones@example.com" in "Email address"
    And I press "Add to your account"
    Then I see the heading "Your account"
    And I see "has been added to your account"
    And I see my report

  @round_2
  Scenario: A report with another email address is not added
    Given I sent a report as "someone.else@example.com" before I had an account
    And I am signed in to my account as "sam.jones@example.com"
    When I open "/add-a-report"
    And I enter my reference in "Reference number"
    And I enter "sam.jones@example.com" in "Email address"
    And I press "Add to your account"
    Then I see the error "We cannot find a report or appointment with that reference number and email address. Check them and try again"
    And the page has no accessibility problems
