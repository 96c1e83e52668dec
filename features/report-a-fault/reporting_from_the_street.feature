@need_report
Feature: Report a fault from a phone on the street
  As a resident standing next to a broken street light or a blocked drain
  I need to report it from my phone in a few minutes, without an account
  So that the council can fix it before someone gets hurt

  Background:
    Given I am on a mobile-sized screen

  @round_1
  Scenario: Report a street light that is not working
    When I start the service
    And I choose "A street light problem"
    And I continue
    And I choose "It is not working"
    And I continue
    And I enter "Outside 12 Acacia Avenue, lamp post 42" in "Where is the street light?"
    And I continue
    And I continue
    And I choose "No"
    And I continue
    And I continue
    Then I see the heading "Check your answers before sending"
    And I see the answer "It is not working" for "Street light problem"
    When I press "Accept and send"
    Then I see the heading "Report sent"
    And I get a reference

  @round_1
  Scenario: A blocked drain asks about the drain, not the light
    When I start the service
    And I choose "A blocked or damaged drain"
    And I continue
    Then I see the heading "What is wrong with the drain?"

  @round_2
  Scenario: Residents who forget to choose are told what to do
    When I start the service
    And I continue
    Then I see the error "Select what you want to report"
    And the page has no accessibility problems

  @round_2
  Scenario: A resident corrects the location before sending
    When I start the service
    And I choose "A street light problem"
    And I continue
    And I choose "It is flickering"
    And I continue
    And I enter "Mill Lane" in "Where is the street light?"
    And I continue
    And I continue
    And I choose "No"
    And I continue
    And I continue
    And I change my answer to "Location"
    And I enter "Corner of Mill Lane and Station Road" in "Where is the street light?"
    And I continue
    Then I see the heading "Check your answers before sending"
    And I see the answer "Corner of Mill Lane and Station Road" for "Location"

  @round_2
  Scenario: Something that is not a light or a drain is sent elsewhere
    When I start the service
    And I choose "Something else"
    And I continue
    Then I see the heading "Report this problem another way"
    And the page has no accessibility problems
