@need_update
Feature: Staff update a report
  As a member of the street care team
  I need to find a report and record what we are doing about it
  So that the resident can see progress without phoning us

  @round_1
  Scenario: Staff schedule a repair and the resident sees it
    Given I have sent a street light report
    And I am signed in to the back office
    When I open the report
    And I choose "Repair scheduled"
    And I enter "Engineer booked for Tuesday" in "Note for the record"
    And I press "Save status"
    Then I see "Engineer booked for Tuesday"
    When I track my report
    Then I see "Repair scheduled"
