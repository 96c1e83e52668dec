@need_privacy
Feature: Delete my account
  As a resident who no longer wants an account
  I need to delete it and the details in it myself
  So that the council keeps only what it must

  @round_1
  Scenario: Delete the account
    Given I am signed in to my account as "sam.jones@example.com"
    And a report I sent is "Fixed"
    When I open "/delete-account"
    Then the page has no accessibility problems
    When I enter "three random words here" in "Your password"
    And I press "Delete account"
    Then I see the heading "Your account has been deleted"
    And the page has no accessibility problems
    When I open "/"
    Then I see the heading "Sign in to your account"
