"""The figures' pages: the staff dashboard, the programme view and the public page."""

from __future__ import annotations

from flask import Blueprint

figures_staff = Blueprint("figures_staff", __name__, url_prefix="/staff/figures")
figures_public = Blueprint("figures_public", __name__)
