"""mvpkit's pytest plugin: a live server, a browser, GOV.UK steps and accessibility checks."""
