"""Run every scenario in this folder in Chromium through the GOV.UK step library."""

from pytest_bdd import scenarios

scenarios(".")
