"""The booking pattern's parts of the kit's pages: the appointment, where it is shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup

from mvpkit.clock import LONDON
from mvpkit.kit import Kit
from mvpkit.pattern import StaffColumn
from mvpkit.patterns.booking.emails import when
from mvpkit.patterns.booking.manage import grant
from mvpkit.patterns.booking.settings import booking_of
from mvpkit.patterns.booking.store import find_booking, statuses_of


def fragment(kit: Kit, place: str, context: Mapping[str, Any]) -> Markup | None:
    """The appointment on the confirmation (and the right to manage it), or for staff."""
    if place == "confirmation_again":
        return _render("mvpkit/booking/confirmation_again.html")
    reference = _reference(place, context)
    if reference is None:
        return None
    booked = find_booking(kit.db, reference)
    if booked is None:
        return None
    section = booking_of(kit.service)
    shown = {"appointment": booked, "appointment_when": when(booked.slot_start)}
    if place == "confirmation":
        grant(booked.reference)  # who just booked may change or cancel it from here
        return _render(
            "mvpkit/booking/confirmation.html", place=section.place if section else "", **shown
        )
    day = booked.slot_start.astimezone(LONDON).date().isoformat()
    return _render("mvpkit/booking/staff_submission.html", appointment_day=day, **shown)


def status_column(kit: Kit, references: Sequence[str]) -> StaffColumn:
    """The list of submissions' Appointment column: each one's status as a tag."""
    tag = current_app.jinja_env.get_template("mvpkit/staff/_tags.html").module.appointment_tag  # type: ignore[attr-defined]
    statuses = statuses_of(kit.db, kit.slug, references)
    return StaffColumn(
        "Appointment",
        {reference: Markup(tag(status)) for reference, status in statuses.items()},  # noqa: S704
    )


def _reference(place: str, context: Mapping[str, Any]) -> str | None:
    """The reference of the submission the page is about, at the places that show one."""
    if place == "confirmation":
        reference = context.get("reference")
    elif place == "staff_submission":
        reference = getattr(context.get("item"), "reference", None)
    else:
        return None
    return reference if isinstance(reference, str) else None


def _render(template: str, **context: Any) -> Markup:
    return Markup(render_template(template, **context))  # noqa: S704 - Jinja escaped it
