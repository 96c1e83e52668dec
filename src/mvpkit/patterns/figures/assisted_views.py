"""Assisted digital and offline transactions: staff pages that feed the figures."""

from __future__ import annotations

from flask import Blueprint

figures_assist = Blueprint("figures_assist", __name__, url_prefix="/staff/figures")
