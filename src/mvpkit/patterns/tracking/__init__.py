"""Tracking: residents follow a report's status by its reference; staff move it on."""
