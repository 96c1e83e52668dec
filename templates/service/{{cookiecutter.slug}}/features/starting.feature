# User need: As a ... I need ... so that ... (from user research: fill this in)
# Run `mvpkit features draft .` to add a feature for each route through service.yaml.
Feature: {{ cookiecutter.service_name }}

  Scenario: The start page leads into the journey
    When I open "/"
    Then the page has no accessibility problems
    When I start the service
    Then the page has no accessibility problems
