@need_track
Feature: Track a report
  As a resident who has reported a fault
  I need to see what is happening with my report, using only its reference
  So that I do not have to phone the council to ask

  @round_1
  Scenario: A new report shows that it was received
    Given I have sent a street light report
    When I open "/track"
    And I enter my reference in "Reference number"
    And I continue
    Then I see "Received"
    And the page has no accessibility problems

  @round_2
  Scenario: A mistyped reference is explained
    When I open "/track"
    And I enter "RF-AAAA-AAAA" in "Reference number"
    And I continue
    Then I see the error "We cannot find that reference number. Check it and try again"
