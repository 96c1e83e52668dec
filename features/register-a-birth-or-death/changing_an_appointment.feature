@need_change
Feature: Change or cancel an appointment from the email
  As a resident who has booked an appointment
  I need to move or cancel it from the email I was sent, without phoning
  So that the registrar's time goes to someone else when I cannot come

  Background:
    Given I have booked an appointment to register a birth

  @round_2
  Scenario: Cancel from the link in the email
    When I open the link in my confirmation email
    Then I see the heading "Your appointment"
    When I press "Cancel the appointment"
    And I choose "Yes"
    And I continue
    Then I see "Your appointment has been cancelled"
    And the page has no accessibility problems

  @round_2
  Scenario: Move the appointment to another time
    When I open the link in my confirmation email
    And I press "Change the time"
    And I choose the last day offered
    And I continue
    And I choose the first time offered
    And I continue
    Then I see "Your appointment has been changed to"

  @round_2
  Scenario: A link that was tampered with does not open the appointment
    When I open the link in my confirmation email with a changed key
    Then I see the heading "This link has expired or is not valid"
