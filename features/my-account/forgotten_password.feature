@need_account
Feature: Reset a forgotten password
  As a resident who has forgotten my password
  I need to choose a new one from a link sent to my email address
  So that I can get back into my account without phoning the council

  Background:
    Given I have an account for "sam.jones@example.com"

  @round_1
  Scenario: Reset the password from the emailed link
    When I open "/sign-in"
    And I follow the link "I have forgotten my password"
    Then I see the heading "Reset your password"
    And the page has no accessibility problems
    When I enter "sam.jones@example.com" in "Email address"
    And I press "Send reset link"
    Then I see the heading "Check your email"
    When I follow the link in the email to "sam.jones@example.com"
    Then I see the heading "Choose a new password"
    And the page has no accessibility problems
    When I enter "a different set of words" in "Create a password"
    And I press "Reset password"
    Then I see the heading "Your password has been reset"
    When I open "/sign-in"
    And I enter "sam.jones@example.com" in "Email address"
    And I enter "a different set of words" in "Password"
    And I press "Sign in"
    Then I see the heading "Your account"
