@need_account
Feature: Sign in and out
  As a resident with an account
  I need to sign in with my email address and password, and sign out when I have finished
  So that nobody else using my phone or a library computer can see my details

  Background:
    Given I have an account for "sam.jones@example.com"

  @round_1
  Scenario: Sign in, then sign out
    When I open "/sign-in"
    Then the page has no accessibility problems
    When I enter "sam.jones@example.com" in "Email address"
    And I enter "three random words here" in "Password"
    And I press "Sign in"
    Then I see the heading "Your account"
    When I press "Sign out"
    Then I see the heading "You have signed out"
    And the page has no accessibility problems
    When I open "/"
    Then I see the heading "Sign in to your account"

  @round_1
  Scenario: A wrong password does not say which part was wrong
    When I open "/sign-in"
    And I enter "sam.jones@example.com" in "Email address"
    And I enter "not my password at all" in "Password"
    And I press "Sign in"
    Then I see the error "Enter a correct email address and password"
    And the page has no accessibility problems
