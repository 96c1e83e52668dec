@need_day_list
Feature: Run the day's appointments at the register office
  As a registrar at the register office
  I need to see who is booked on a day, and record who came and who did not
  So that I can prepare for each registration and free the time of those who cancel

  Background:
    Given I have booked an appointment to register a birth
    And I am signed in to the back office

  @round_2
  Scenario: Record that a resident attended
    When I open the day of that appointment in the back office
    Then I see "Sam Jones"
    When I press "Attended" for that appointment
    Then that appointment is "Attended"
    And the page has no accessibility problems

  @round_2
  Scenario: Cancel an appointment with a reason
    When I open the day of that appointment in the back office
    And I follow "Cancel" for that appointment
    And I enter "The registrar is ill" in "Why is the appointment cancelled?"
    And I press "Cancel appointment"
    Then that appointment is "Cancelled"

  @round_2
  Scenario: Close the office for a day of staff training
    When I open "/staff/calendar"
    And I enter the date 0 days ago for "First day of the closure"
    And I enter "Staff training" in "Reason for the closure"
    And I press "Save calendar"
    Then I see "Staff training"
    And the page has no accessibility problems
