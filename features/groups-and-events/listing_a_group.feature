@need_list
Feature: List a group
  As someone who runs a community group
  I need to list our weekly meeting in the council's directory
  So that residents who would enjoy it can find us

  @round_1
  Scenario: An organiser lists a weekly meeting
    When I start the service
    And I choose "A group that meets regularly"
    And I continue
    And I enter "Riverside Knitters" in "What is the name of your organisation?"
    And I continue
    And I enter "Knit and natter" in "Title"
    And I enter "Bring your needles, or borrow ours. Beginners welcome." in "Description"
    And I continue
    And I continue
    And I continue
    And I choose "Arts and crafts"
    And I continue
    And I choose "It is free"
    And I continue
    And I enter "Riverside Library" in "Name of the venue"
    And I enter "1 High Street" in "Address line 1"
    And I enter "Riverside" in "Town or city"
    And I enter "SW1A 1AA" in "Postcode"
    And I continue
    And I enter the date 7 days from now for "When is it next on?"
    And I continue
    And I enter "2pm" in "Start time"
    And I enter "4pm" in "End time"
    And I continue
    And I choose "Every week on the same day"
    And I continue
    And I continue
    And I enter "knit@riverside-knitters.example.org" in "Email address"
    And I continue
    Then I see the answer "2pm" for "Start time"
    When I press "Accept and send"
    Then I get a reference
    And I see "We'll check your listing before it is published"

  @round_1
  Scenario: A finishing time before the start is explained
    When I start the service
    And I choose "A group that meets regularly"
    And I continue
    And I enter "Riverside Knitters" in "What is the name of your organisation?"
    And I continue
    And I enter "Knit and natter" in "Title"
    And I enter "Bring your needles, or borrow ours." in "Description"
    And I continue
    And I continue
    And I continue
    And I choose "Arts and crafts"
    And I continue
    And I choose "It is free"
    And I continue
    And I enter "Riverside Library" in "Name of the venue"
    And I enter "1 High Street" in "Address line 1"
    And I enter "Riverside" in "Town or city"
    And I enter "SW1A 1AA" in "Postcode"
    And I continue
    And I enter the date 7 days from now for "When is it next on?"
    And I continue
    And I enter "half past two" in "Start time"
    And I enter "4pm" in "End time"
    And I continue
    Then I see the error "Start time must be a real time, like 10am, 2:30pm or 14:30"
