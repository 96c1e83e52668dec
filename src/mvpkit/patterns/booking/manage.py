"""A resident's own appointment: opened from the emailed link, then changed or cancelled.

The emailed link carries a signed key (see `links`); a valid key lets this browser manage
that one appointment for the rest of its session, and the key leaves the address at once.
A resident signed in to My Account manages the appointments linked to their account.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.definition.model import Page
from mvpkit.email.links import EmailLinks
from mvpkit.frontend.errors import error_page
from mvpkit.journeys.hooks import sender_account
from mvpkit.journeys.presentation import render_page_questions
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.booking.availability import Availability, day_label, parse_slot_value
from mvpkit.patterns.booking.emails import queue_cancelled, queue_changed, when
from mvpkit.patterns.booking.journey import NONE_FREE_ACTION
from mvpkit.patterns.booking.links import link_open, reference_from_key
from mvpkit.patterns.booking.models import Booking
from mvpkit.patterns.booking.settings import booking_of
from mvpkit.patterns.booking.store import (
    BOOKED,
    SlotFullError,
    cancel,
    find_booking,
    reschedule,
)
from mvpkit.questions.answers import FieldError
from mvpkit.questions.validation import validate_page

appointments = Blueprint("appointments", __name__, url_prefix="/appointments")
GRANTS = "appointments"  # the references this browser may manage
MAX_GRANTS = 20
NOTICE = "appointment_notice"
RESIDENT_CANCELLED = "Cancelled by the resident"
CONFIRM_CANCEL = Page.model_validate(
    {
        "id": "cancel",
        "title": "Are you sure you want to cancel your appointment?",
        "type": "yesno",
        "errors": {"required": "Select yes if you want to cancel your appointment"},
    }
)


def grant(reference: str) -> None:
    """Let this browser manage the appointment (after booking, or from a valid link)."""
    granted = [ref for ref in session.get(GRANTS, []) if isinstance(ref, str) and ref != reference]
    session[GRANTS] = [*granted[-(MAX_GRANTS - 1) :], reference]


def _own_booking(reference: str) -> Booking:
    """The booking, when this browser may manage it; otherwise a 404 or a 403 page."""
    kit = current_kit()
    booking = find_booking(kit.db, reference)
    if booking is None or booking.service != kit.slug:
        abort(404)
    if reference not in session.get(GRANTS, []) and not _owned(kit, booking):
        abort(403)
    return booking


def _owned(kit: Kit, booking: Booking) -> bool:
    """True when the resident signed in to My Account booked it, or claimed it."""
    if booking.account_id is None:
        return False
    return sender_account(kit) == booking.account_id


def _link_opens(reference: str, key: str) -> bool:
    """True when the key was signed for this reference and its appointment has not passed."""
    kit = current_kit()
    if reference_from_key(kit.settings.secret_key, key) != reference:
        return False
    booking = find_booking(kit.db, reference)
    return booking is None or link_open(booking.slot_start)  # no booking: a 404 follows


def _changeable(booking: Booking) -> bool:
    return booking.status == BOOKED and booking.slot_start > clock.now()


@appointments.get("/<reference>")
def appointment(reference: str) -> str | Response | tuple[str, int]:
    """The appointment, with links to change or cancel it while it may be."""
    key = request.args.get("key")
    if key is not None:
        if not _link_opens(reference, key):
            return error_page(
                403,
                "This link has expired or is not valid",
                "Use the link in the most recent email about your appointment, or contact us.",
            )
        grant(reference)
        return redirect(url_for(".appointment", reference=reference))  # the key leaves the URL
    booking = _own_booking(reference)
    return render_template(
        "mvpkit/booking/appointment.html",
        title="Your appointment",
        booking=booking,
        when=when(booking.slot_start),
        changeable=_changeable(booking),
        notice=session.pop(NOTICE, None),
    )


def _day_page(availability: Availability) -> Page:
    return Page.model_validate(
        {
            "id": "new-day",
            "title": "Choose a new day",
            "type": "appointment-day",
            "options": [option.model_dump() for option in availability.day_options()],
            "errors": {"required": "Select a day", "choice": "Select one of the days shown"},
        }
    )


def _time_page(availability: Availability, day: date) -> Page:
    return Page.model_validate(
        {
            "id": "new-time",
            "title": f"Choose a new time on {day_label(day)}",
            "type": "appointment-time",
            "options": [option.model_dump() for option in availability.time_options(day)],
            "errors": {
                "required": "Select a time",
                "choice": "That time is no longer available. Choose another time",
            },
        }
    )


def _availability(kit: Kit, booking: Booking) -> Availability:
    section = booking_of(kit.service)
    assert section is not None  # this blueprint runs only with a booking section
    return Availability.read(kit.db, kit.slug, section, booking.details)


def _form(page: Page, action: str, back: str, day: date | None = None, **context: Any) -> str:
    """The question page, or, with nothing left to choose, what to do instead.

    On a day whose times are all taken (`day`), the way on is another day: `back`.
    """
    if page.type != "yesno" and not page.options:
        return render_template(
            "mvpkit/booking/none_free.html",
            title=f"There are no times left on {day_label(day)}"
            if day
            else "There are no other appointments free",
            slot_taken=False,
            day=day_label(day) if day else "",
            day_href=back if day else None,
            action_id=NONE_FREE_ACTION,
            last_day=None,
            back_href=back,
        )
    return render_template(
        "mvpkit/question.html",
        title=page.title,
        questions=render_page_questions(
            page, context.get("values", {}), context.get("errors", []), ""
        ),
        errors=context.get("errors", []),
        back_href=back,
        action=action,
        caption="",  # the time page's title names the day
        change_day_href=None,  # the back link goes to the days
    )


@appointments.route("/<reference>/change", methods=["GET", "POST"])
def change_day(reference: str) -> str | Response | tuple[str, int]:
    """Choose a new day."""
    booking = _own_booking(reference)
    if not _changeable(booking):
        return redirect(url_for(".appointment", reference=reference))
    page = _day_page(_availability(current_kit(), booking))
    back = url_for(".appointment", reference=reference)
    action = url_for(".change_day", reference=reference)
    if request.method == "GET":
        return _form(page, action, back)
    result = validate_page(page, request.form)
    if not result.valid:
        return _form(page, action, back, values=result.entered, errors=result.errors)
    return redirect(url_for(".change_time", reference=reference, day=result.values["new-day"]))


@appointments.route("/<reference>/change/<day>", methods=["GET", "POST"])
def change_time(reference: str, day: str) -> str | Response | tuple[str, int]:
    """Choose a new time on that day; the new place is claimed and the old one freed at once."""
    kit = current_kit()
    booking = _own_booking(reference)
    if not _changeable(booking):
        return redirect(url_for(".appointment", reference=reference))
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        abort(404)
    availability = _availability(kit, booking)
    page = _time_page(availability, chosen)
    back = url_for(".change_day", reference=reference)
    action = url_for(".change_time", reference=reference, day=day)
    if request.method == "GET":
        return _form(page, action, back, chosen)
    result = validate_page(page, request.form)
    start = parse_slot_value(result.values.get("new-time"))
    slot = availability.bookable(start) if start else None
    if not result.valid or slot is None:
        return _form(page, action, back, chosen, values=result.entered, errors=result.errors)
    links = EmailLinks.for_request()
    try:
        reschedule(
            kit.db,
            reference,
            slot.start,
            availability.calendar.places,
            within=lambda db_session, moved: queue_changed(db_session, kit, links, moved),
        )
    except SlotFullError:
        page = _time_page(_availability(kit, booking), chosen)
        question = page.questions[0]
        errors = [FieldError(question.id, question.id, question.errors["choice"])]
        return _form(page, action, back, errors=errors)
    session[NOTICE] = f"Your appointment has been changed to {when(slot.start)}."
    return redirect(url_for(".appointment", reference=reference))


@appointments.route("/<reference>/cancel", methods=["GET", "POST"])
def cancel_appointment(reference: str) -> str | Response | tuple[str, int]:
    """Ask if they are sure; cancelling frees the place and emails them."""
    kit = current_kit()
    booking = _own_booking(reference)
    if not _changeable(booking):
        return redirect(url_for(".appointment", reference=reference))
    back = url_for(".appointment", reference=reference)
    action = url_for(".cancel_appointment", reference=reference)
    if request.method == "GET":
        return _form(CONFIRM_CANCEL, action, back)
    result = validate_page(CONFIRM_CANCEL, request.form)
    if not result.valid:
        return _form(CONFIRM_CANCEL, action, back, values=result.entered, errors=result.errors)
    if result.values["cancel"] != "yes":
        return redirect(back)

    links = EmailLinks.for_request()

    def within(db_session: Session, cancelled: Booking) -> None:
        queue_cancelled(db_session, kit, links, cancelled, RESIDENT_CANCELLED)

    cancel(kit.db, reference, RESIDENT_CANCELLED, within=within)
    session[NOTICE] = "Your appointment has been cancelled."
    return redirect(back)
