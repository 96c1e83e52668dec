"""Findings: a note or an error turned into a finding with a user need."""

from __future__ import annotations

from flask import Blueprint

findings = Blueprint("research_findings", __name__, url_prefix="/research")
