@need_find
Feature: Find a group or event
  As a parent of a toddler
  I need to find a group near me on a day I am free
  So that my child can play with other children, and I can meet other parents

  @round_1
  Scenario: A parent finds a toddler group on a Tuesday morning
    When I open "/find"
    And I enter "toddler" in "Search by words"
    And I select "Tuesday" from "Day of the week"
    And I press "Search"
    Then I see "1 group or event"
    When I follow the link "Tuesday toddlers"
    Then I see the heading "Tuesday toddlers"
    And I see "Every Tuesday, 10am to 11:30am"
    And the page has no accessibility problems

  @round_1
  Scenario: An age that is not a number is explained
    When I open "/find"
    And I enter "two" in "Age of the person going"
    And I press "Search"
    Then I see the error "Age must be a whole number of years between 0 and 120"
