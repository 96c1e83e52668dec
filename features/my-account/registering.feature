@need_account
Feature: Create an account
  As a resident who deals with the council about more than one thing
  I need an account that I alone can get into
  So that I can see everything I have sent and booked in one place

  @round_1
  Scenario: Create an account and confirm the email address
    When I open "/register"
    Then the page has no accessibility problems
    When I enter "sam.jones@example.com" in "Email address"
    And I enter "three random words here" in "Create a password"
    And I press "Create account"
    Then I see the heading "Check your email"
    And the page has no accessibility problems
    When I follow the link in the email to "sam.jones@example.com"
    Then I see the heading "Confirm your email address"
    And the page has no accessibility problems
    When I enter "three random words here" in "Password"
    And I press "Confirm and sign in"
    Then I see the heading "Your account"
    And I see "You have no reports yet."
    And the page has no accessibility problems

  @round_1
  Scenario: A common password is refused
    When I open "/register"
    And I enter "sam.jones@example.com" in "Email address"
    And I enter "qwerty123456" in "Create a password"
    And I press "Create account"
    Then I see the error "Enter a password that is harder to guess: this one is on a list of commonly used passwords"
    And the page has no accessibility problems
