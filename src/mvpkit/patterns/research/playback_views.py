"""Playback: what happened across a round, for the research team and its show-and-tell."""

from __future__ import annotations

from flask import Blueprint

playback = Blueprint("research_playback", __name__, url_prefix="/research")
