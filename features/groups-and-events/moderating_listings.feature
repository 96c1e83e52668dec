@need_moderate
Feature: Check listings before they are published
  As a member of the council's communities team
  I need to check each new listing before residents see it
  So that the directory stays accurate and safe

  @round_1
  Scenario: Staff approve a new listing and residents can find it
    Given a group has sent the listing "Knit and natter"
    And I am signed in to the back office
    When I follow the link "Listings"
    And I follow the link "Knit and natter"
    And I press "Approve and publish"
    Then I see "is published"
    When I open "/find?q=knit"
    Then I see "1 group or event"

  @round_1
  Scenario: Asking for changes needs a reason
    Given a group has sent the listing "Knit and natter"
    And I am signed in to the back office
    When I follow the link "Listings"
    And I follow the link "Knit and natter"
    And I press "Ask for changes"
    Then I see the error "Enter what to change"
