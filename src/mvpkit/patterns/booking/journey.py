"""The booking pattern inside a journey: today's days and times, and booking on sending.

An `appointment-day` or `appointment-time` page is a radios question whose options are
read from the calendar and the places taken each time it is shown or answered. Sending
books the chosen time in the same transaction as the submission: when the time filled up
in the meantime, nothing is stored and the resident chooses another.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import render_template
from sqlalchemy.orm import Session

from mvpkit.definition.model import Page, Service
from mvpkit.email.links import EmailLinks
from mvpkit.journeys.routing import answers_on_route
from mvpkit.kit import Kit
from mvpkit.pattern import SendRefused, ShownPage, Within
from mvpkit.patterns.booking.availability import Availability, day_label, deadline, parse_slot_value
from mvpkit.patterns.booking.emails import queue_booked
from mvpkit.patterns.booking.settings import booking_of
from mvpkit.patterns.booking.store import SlotFullError, book_in
from mvpkit.questions.answers import FieldError
from mvpkit.store.models import Submission

DAY, TIME = "appointment-day", "appointment-time"
NONE_FREE_ACTION = "what-to-do"  # the no-times-left page's next step, for its error summary
DEFAULT_ERRORS = {
    DAY: {
        "required": "Select a day for your appointment",
        "choice": "That day has no free times left. Choose another day",
    },
    TIME: {
        "required": "Select a time for your appointment",
        "choice": "That time is no longer available. Choose another time",
    },
}


def question_id(service: Service, kind: str) -> str | None:
    """The id of the answer to the appointment-day or appointment-time page."""
    for page in service.pages:
        if page.type == kind:
            return page.questions[0].id
    return None


def chosen_day(service: Service, answers: Mapping[str, Any]) -> date | None:
    """The day the resident chose, if they have."""
    day_id = question_id(service, DAY)
    try:
        return date.fromisoformat(str(answers.get(day_id or "")))
    except ValueError:
        return None


def resolve_page(kit: Kit, page: Page, answers: Mapping[str, Any]) -> Page:
    """An appointment page with the days or times free now; any other page as it is."""
    section = booking_of(kit.service)
    if page.type not in (DAY, TIME) or section is None:
        return page
    # only dates on the resident's route set the deadline: not a branch they left
    availability = Availability.read(
        kit.db, kit.slug, section, answers_on_route(kit.service, answers)
    )
    if page.type == DAY:
        options = availability.day_options()
    else:
        day = chosen_day(kit.service, answers)
        options = availability.time_options(day) if day else []
    data = page.model_dump(by_alias=True, exclude_none=True)
    data["options"] = [option.model_dump(exclude_none=True) for option in options]
    data["errors"] = {**DEFAULT_ERRORS[str(page.type)], **page.errors}
    return Page.model_validate(data)


def answers_to_forget(
    service: Service, page: Page, saved: Mapping[str, Any], values: Mapping[str, Any]
) -> list[str]:
    """A new day makes the time chosen for the old one meaningless: forget it."""
    if page.type != DAY:
        return []
    day_id, time_id = question_id(service, DAY), question_id(service, TIME)
    if time_id is None or day_id is None or saved.get(day_id) == values.get(day_id):
        return []
    return [time_id]


def booking_within(kit: Kit, answers: Mapping[str, Any]) -> Within | None:
    """What sending must also do: book the chosen time and queue the confirmation email.

    Raises SendRefused (before anything is stored) when the time can no longer be booked,
    and from inside the transaction when another resident took the last place first.
    """
    section = booking_of(kit.service)
    time_id = question_id(kit.service, TIME)
    if section is None or time_id is None:
        return None
    refused = SendRefused(time_id, "choice", forget=[time_id])
    start = parse_slot_value(answers.get(time_id))
    availability = Availability.read(kit.db, kit.slug, section, answers)
    slot = availability.bookable(start) if start else None
    if start is None or slot is None:
        raise refused
    capacity = availability.calendar.places
    links = EmailLinks.for_request()  # the email's link is built in the transaction

    def within(session: Session, submission: Submission) -> None:
        try:
            booking = book_in(
                session,
                kit.slug,
                submission.reference,
                slot.start,
                capacity,
                answers,
                account_id=submission.account_id,
            )
        except SlotFullError as full:
            raise refused from full
        queue_booked(session, kit, links, booking)

    return within


def page_context(kit: Kit, shown: ShownPage) -> dict[str, Any]:
    """On the time page: the chosen day as the heading's caption, and a way to change it."""
    day = chosen_day(kit.service, shown.answers) if shown.page.type == TIME else None
    if day is None:
        return {}
    return {"caption": day_label(day), "change_day_href": _day_href(kit, shown)}


def _day_href(kit: Kit, shown: ShownPage) -> str | None:
    """The appointment-day page, to choose another day from the time page."""
    day_id = next((page.id for page in kit.service.pages if page.type == DAY), None)
    return shown.step_href(day_id, shown.change) if day_id else None


def none_free(kit: Kit, shown: ShownPage) -> str | None:
    """An appointment page with nothing left to choose: say so, and what to do."""
    current = shown.page
    if current.type not in (DAY, TIME) or current.options:
        return None
    section = booking_of(kit.service)
    day = chosen_day(kit.service, shown.answers)
    on_time_page = current.type == TIME and day is not None
    last_day = deadline(section, shown.answers) if section else None
    day_label_text = day_label(day) if day else ""
    # The time chosen went to someone else and none is left: an error, linked to what to do.
    errors = (
        [FieldError(TIME, NONE_FREE_ACTION, _none_left_message(day_label_text))]
        if shown.has_errors
        else []
    )
    return render_template(
        "mvpkit/booking/none_free.html",
        title=f"There are no times left on {day_label_text}"
        if on_time_page
        else "There are no appointments left",
        slot_taken=shown.has_errors,
        day=day_label_text,
        day_href=_day_href(kit, shown) if on_time_page else None,
        action_id=NONE_FREE_ACTION,
        errors=errors,
        last_day=day_label(last_day) if last_day else None,
        back_href=shown.back_href,
    )


def _none_left_message(day: str) -> str:
    if day:
        return f"That time is no longer available and there are no other times on {day}"
    return "That time is no longer available and there are no other times left"
