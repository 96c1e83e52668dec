@need_book
Feature: Book an appointment to register a birth or a death
  As a parent of a new baby, or someone whose relative has died
  I need to book a time at the register office without phoning during office hours
  So that I can register within the legal time limit at a time that suits me

  @round_1
  Scenario: Book an appointment to register a birth
    When I start the service
    And I choose "A birth"
    And I continue
    And I enter the date 3 days ago for "When was the baby born?"
    And I continue
    And I choose the first day offered
    And I continue
    And I choose the first time offered
    And I continue
    And I enter "Sam Jones" in "Full name"
    And I enter "sam.jones@example.com" in "Email address"
    And I continue
    Then I see the heading "Check your answers before sending"
    When I press "Accept and send"
    Then I see the heading "Appointment booked"
    And I get a reference
    And I see "Riverside Register Office"

  @round_1
  Scenario: A birth registered late is sent to the phone line
    When I start the service
    And I choose "A birth"
    And I continue
    And I enter the date 50 days ago for "When was the baby born?"
    And I continue
    Then I see the heading "You need to call the register office"
    And I see "01632 960 002"

  @round_2
  Scenario: Someone else takes the time before I send
    When I start the service
    And I choose "A death"
    And I continue
    And I enter the date 1 days ago for "When did the person die?"
    And I continue
    And I choose the first day offered
    And I continue
    And I choose the first time offered
    And I continue
    And I enter "Sam Jones" in "Full name"
    And I enter "sam.jones@example.com" in "Email address"
    And I continue
    And every place at the time I chose is booked by someone else
    And I press "Accept and send"
    Then I see the error "That time is no longer available. Choose another time"
    And the time I chose is not offered
    And the page has no accessibility problems
