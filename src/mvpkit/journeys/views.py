"""The journey: start page, question pages, check answers and confirmation."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from mvpkit.definition.model import CHECK_ANSWERS, Page
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.kept_pages import render_kept
from mvpkit.journeys import hooks
from mvpkit.journeys.presentation import render_page_questions
from mvpkit.journeys.routing import answers_on_route, next_page_id, route
from mvpkit.kit import current_kit
from mvpkit.pattern import SendRefused, ShownPage
from mvpkit.questions.answers import FieldError
from mvpkit.questions.validation import expected_fields, validate_page
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
REFUSED = "refused"  # the question, and error key, of an answer sending refused


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
    return render_kept(
        "mvpkit/start.html", {}, title=service.name, start_href=_url_for_step(service.pages[0].id)
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
    current = hooks.resolve_page(kit, current, answers)
    values = {question.id: answers.get(question.id) for question in current.questions}
    refused = _refused(current)
    return _render_question(current, values, refused, steps.previous(page_id), change, answers)


def _refused(current: Page) -> list[FieldError]:
    """The error for an answer on this page that sending refused, said once."""
    refused = session.pop(REFUSED, None)
    for question in current.questions:
        if isinstance(refused, list) and refused[:1] == [question.id]:
            message = question.errors.get(str(refused[1]), "Check this answer and try again")
            return [FieldError(question.id, question.id, message)]
    return []


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
    current = hooks.resolve_page(kit, current, answers)
    result = validate_page(current, request.form)
    if not result.valid:
        return _render_question(
            current, result.entered, result.errors, steps.previous(page_id), change, answers
        )
    forget = hooks.answers_to_forget(kit.service, current, answers, result.values)
    save_answers(
        kit.db,
        kit.slug,
        token,
        result.values,
        keep_for=timedelta(days=kit.settings.draft_days),
        forget=forget,
        seen=answers,
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
    answers: dict[str, Any],
) -> str:
    """The question page; `answers` are the draft's, read once for the request."""
    kit = current_kit()
    shown = ShownPage(
        page=current,
        answers=answers,
        back_href=_back_href(previous, change),
        change=change,
        has_errors=bool(errors),
        step_href=lambda step, changing: _url_for_step(step, change=changing),
    )
    replaced = hooks.replace_page(kit, shown)
    if replaced is not None:
        return replaced
    context = {"caption": "", **hooks.page_context(kit, shown)}
    questions = render_page_questions(current, values, errors, context["caption"])
    # Without errors, the page around the questions is the same for everyone: kept.
    return render_kept(
        "mvpkit/question.html",
        {"questions": questions},
        title=current.title,
        errors=errors,
        back_href=shown.back_href,
        action=_url_for_step(current.id, change=change),
        **context,
    )


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
    kept = answers_on_route(kit.service, answers)
    try:
        send(
            kit.db,
            kit.slug,
            token,
            kept,
            prefix=kit.service.reference_prefix,
            first_status=hooks.first_status(kit.service),
            within=hooks.within_send(kit, kept),
            account_id=hooks.sender_account(kit),
        )
    except AlreadySentError:
        pass
    except NothingToSendError:
        return redirect(url_for("journey.start"))
    except SendRefused as refused:
        return _answer_again(token, refused)
    return redirect(url_for("journey.confirmation"))


def _answer_again(token: str, refused: SendRefused) -> Response:
    """Sending refused an answer: forget what it says to, and ask again, saying why."""
    kit = current_kit()
    if refused.forget:
        save_answers(kit.db, kit.slug, token, {}, forget=list(refused.forget))
    session[REFUSED] = [refused.question_id, refused.error_key]
    steps = route(kit.service, _answers(token))
    if steps.current != CHECK_ANSWERS:
        return redirect(_url_for_step(steps.current))  # the refused answer was forgotten
    asking = next(
        (page.id for page in steps.pages if refused.question_id in {q.id for q in page.questions}),
        None,
    )
    return redirect(
        _url_for_step(asking, change=True) if asking else url_for("journey.check_answers")
    )


@journey.get("/confirmation")
def confirmation() -> str | Response:
    """The reference and what happens next; a bookmarked return shows it again."""
    kit = current_kit()
    token = _draft_token()
    submission = submission_for_draft(kit.db, kit.slug, token) if token else None
    if submission is None:
        return redirect(url_for("journey.start"))
    return render_template(
        "mvpkit/confirmation.html",
        title=kit.service.confirmation.title,
        reference=submission.reference,
        body=kit.service.confirmation.body.replace("{reference}", submission.reference),
    )
