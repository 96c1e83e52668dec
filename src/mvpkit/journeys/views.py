"""The journey: start page, question pages, check answers and confirmation."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from mvpkit.definition.model import APPOINTMENT_TYPES, Page
from mvpkit.frontend.errors import error_page
from mvpkit.journeys.routing import CHECK_ANSWERS, answers_on_route, next_page_id, route
from mvpkit.journeys.validation import FieldError, expected_fields, validate_page
from mvpkit.kit import current_kit
from mvpkit.patterns.account import current_account
from mvpkit.patterns.booking.availability import day_label, deadline
from mvpkit.patterns.booking.emails import when
from mvpkit.patterns.booking.journey import (
    DAY,
    NONE_FREE_ACTION,
    TIME,
    answers_to_forget,
    booking_within,
    chosen_day,
    question_id,
    resolve_page,
)
from mvpkit.patterns.booking.manage import grant
from mvpkit.patterns.booking.store import SlotFullError, find_booking
from mvpkit.store.submissions import (
    AlreadySentError,
    NothingToSendError,
    draft_answers,
    save_answers,
    send,
    submission_for_draft,
)

journey = Blueprint("journey", __name__)
ALWAYS_POSTED = frozenset({"csrf_token"})
SLOT_TAKEN = "slot_taken"  # set when the chosen time filled up before sending


def _draft_token() -> str | None:
    token = session.get("draft")
    return token if isinstance(token, str) else None


def _new_draft_token() -> str:
    token = secrets.token_urlsafe(24)
    session["draft"] = token
    session.permanent = True
    return token


def _answers(token: str | None) -> dict[str, Any]:
    kit = current_kit()
    return draft_answers(kit.db, kit.slug, token) if token else {}


def _url_for_step(step: str, *, change: bool = False) -> str:
    if step == CHECK_ANSWERS:
        return url_for("journey.check_answers")
    return url_for("journey.page", page_id=step, change="1" if change else None)


@journey.get("/")
def start() -> str:
    """The GOV.UK start page."""
    service = current_kit().service
    return render_template(
        "mvpkit/start.html", title=service.name, start_href=_url_for_step(service.pages[0].id)
    )


@journey.get("/<page_id>")
def page(page_id: str) -> str | Response:
    """A question or exit page, if the answers so far lead to it."""
    kit = current_kit()
    current = kit.service.page(page_id) or abort(404)
    answers = _answers(_draft_token())
    steps = route(kit.service, answers)
    if page_id not in steps.ids():
        return redirect(_url_for_step(steps.current))
    change = request.args.get("change") == "1"
    if current.is_exit:
        return render_template(
            "mvpkit/exit.html",
            title=current.title,
            page=current,
            back_href=_back_href(steps.previous(page_id), change),
        )
    current = resolve_page(kit, current, answers)
    values = {question.id: answers.get(question.id) for question in current.questions}
    errors: list[FieldError] = []
    if session.pop(SLOT_TAKEN, None) and current.type == "appointment-time":
        question = current.questions[0]
        errors = [FieldError(question.id, question.id, question.errors["choice"])]
    return _render_question(current, values, errors, steps.previous(page_id), change)


@journey.post("/<page_id>")
def answer(page_id: str) -> str | Response | tuple[str, int]:
    """Check a page's answers; keep them and move on, or show what to correct."""
    kit = current_kit()
    current = kit.service.page(page_id) or abort(404)
    token = _draft_token()
    answers = _answers(token)
    if token is None or (not answers and submission_for_draft(kit.db, kit.slug, token)):
        token = _new_draft_token()  # a first answer, or a new journey after a sent one
    steps = route(kit.service, answers)
    if current.is_exit or page_id not in steps.ids():
        return redirect(_url_for_step(steps.current))
    unexpected = set(request.form) - expected_fields(current) - ALWAYS_POSTED
    if unexpected:
        return error_page(
            400,
            "Sorry, the form sent answers this page does not ask for",
            "Go back to the page, reload it and answer the questions shown.",
        )
    change = request.args.get("change") == "1"
    current = resolve_page(kit, current, answers)
    result = validate_page(current, request.form)
    if not result.valid:
        return _render_question(
            current, result.entered, result.errors, steps.previous(page_id), change
        )
    forget = answers_to_forget(kit.service, current, answers, result.values)
    save_answers(
        kit.db,
        kit.slug,
        token,
        result.values,
        keep_for=timedelta(days=kit.settings.draft_days),
        forget=forget,
    )
    answers = {
        key: value for key, value in {**answers, **result.values}.items() if key not in forget
    }
    if change:
        following = route(kit.service, answers).current
        return redirect(_url_for_step(following, change=following != CHECK_ANSWERS))
    return redirect(_url_for_step(next_page_id(kit.service, current, answers)))


def _back_href(previous: str | None, change: bool) -> str:
    if change:
        return url_for("journey.check_answers")
    if previous is None:
        return url_for("journey.start")
    return _url_for_step(previous)


def _render_question(
    current: Page,
    values: dict[str, Any],
    errors: list[FieldError],
    previous: str | None,
    change: bool,
) -> str:
    if current.type in APPOINTMENT_TYPES and not current.options:
        return _none_free(current, previous, change, slot_taken=bool(errors))
    on_time_page = current.type == TIME
    day = chosen_day(current_kit().service, _answers(_draft_token())) if on_time_page else None
    return render_template(
        "mvpkit/question.html",
        title=current.title,
        page=current,
        values=values,
        errors=errors,
        back_href=_back_href(previous, change),
        action=_url_for_step(current.id, change=change),
        caption=day_label(day) if day else "",
        change_day_href=_day_href(change) if day else None,
    )


def _day_href(change: bool) -> str | None:
    """The appointment-day page, to choose another day from the time page."""
    day_id = next((page.id for page in current_kit().service.pages if page.type == DAY), None)
    return _url_for_step(day_id, change=change) if day_id else None


def _none_free(current: Page, previous: str | None, change: bool, *, slot_taken: bool) -> str:
    """An appointment page with nothing left to choose: say so, and what to do."""
    kit = current_kit()
    answers = _answers(_draft_token())
    day = chosen_day(kit.service, answers)
    on_time_page = current.type == TIME and day is not None
    section = kit.service.booking
    last_day = deadline(section, answers) if section else None
    day_href = _day_href(change) if on_time_page else None
    # The time chosen went to someone else and none is left: an error, linked to what to do.
    errors = (
        [FieldError(TIME, NONE_FREE_ACTION, _none_left_message(day_label(day) if day else None))]
        if slot_taken
        else []
    )
    return render_template(
        "mvpkit/booking/none_free.html",
        title=f"There are no times left on {day_label(day)}"
        if on_time_page and day
        else "There are no appointments left",
        slot_taken=slot_taken,
        day=day_label(day) if day else "",
        day_href=day_href,
        action_id=NONE_FREE_ACTION,
        errors=errors,
        last_day=day_label(last_day) if last_day else None,
        back_href=_back_href(previous, change),
    )


def _none_left_message(day: str | None) -> str:
    if day:
        return f"That time is no longer available and there are no other times on {day}"
    return "That time is no longer available and there are no other times left"


@journey.get("/check-answers")
def check_answers() -> str | Response:
    """Every answer on the route, each with a link to change it."""
    kit = current_kit()
    answers = _answers(_draft_token())
    steps = route(kit.service, answers)
    if not steps.complete:
        return redirect(_url_for_step(steps.current))
    return render_template(
        "mvpkit/check_answers.html",
        title="Check your answers before sending",
        pages=steps.pages,
        answers=answers,
        back_href=_url_for_step(steps.ids()[-1]),
    )


@journey.post("/check-answers")
def accept_and_send() -> Response:
    """Store the submission in one transaction, then show the confirmation."""
    kit = current_kit()
    token = _draft_token()
    if token is None:
        return redirect(url_for("journey.start"))
    answers = _answers(token)
    if not answers and submission_for_draft(kit.db, kit.slug, token):
        return redirect(url_for("journey.confirmation"))  # sent already: a replay or reload
    steps = route(kit.service, answers)
    if not steps.complete:
        return redirect(_url_for_step(steps.current))
    tracking = kit.service.tracking
    kept = answers_on_route(kit.service, answers)
    account = current_account(kit.db)
    try:
        send(
            kit.db,
            kit.slug,
            token,
            kept,
            prefix=kit.service.reference_prefix,
            first_status=tracking.statuses[0] if tracking else None,
            within=booking_within(kit, kept),
            account_id=account.id if account else None,
        )
    except AlreadySentError:
        pass
    except NothingToSendError:
        return redirect(url_for("journey.start"))
    except SlotFullError:
        return _choose_another_time(token)
    return redirect(url_for("journey.confirmation"))


def _choose_another_time(token: str) -> Response:
    """The chosen time filled up: forget it, and ask for another, saying why."""
    kit = current_kit()
    time_id = question_id(kit.service, TIME)
    if time_id:
        save_answers(kit.db, kit.slug, token, {}, forget=[time_id])
    session[SLOT_TAKEN] = True
    steps = route(kit.service, _answers(token))
    return redirect(_url_for_step(steps.current))


@journey.get("/confirmation")
def confirmation() -> str | Response:
    """The reference and what happens next; a bookmarked return shows it again."""
    kit = current_kit()
    token = _draft_token()
    submission = submission_for_draft(kit.db, kit.slug, token) if token else None
    if submission is None:
        return redirect(url_for("journey.start"))
    booked = find_booking(kit.db, submission.reference) if kit.service.booking else None
    if booked is not None:
        grant(booked.reference)  # who just booked may change or cancel it from here
    return render_template(
        "mvpkit/confirmation.html",
        title=kit.service.confirmation.title,
        reference=submission.reference,
        body=kit.service.confirmation.body.replace("{reference}", submission.reference),
        appointment=booked,
        appointment_when=when(booked.slot_start) if booked else "",
    )
