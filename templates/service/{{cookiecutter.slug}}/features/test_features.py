"""Run every scenario in this folder in Chromium, with mvpkit's GOV.UK steps."""

from pytest_bdd import scenarios

scenarios(".")
