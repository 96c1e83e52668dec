"""The back office: staff sign in, find submissions, update their status, export them."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.auth import limits, sessions
from mvpkit.auth.clients import client_address
from mvpkit.backoffice.access import safe_next, signed_in_email, staff_realm, staff_required
from mvpkit.backoffice.accounts import sign_in as check_sign_in
from mvpkit.backoffice.export import submissions_csv
from mvpkit.backoffice.navigation import staff_navigation
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import STAFF, FixedForm, Rendered
from mvpkit.kit import current_kit
from mvpkit.questions.answers import PageResult, clean_text
from mvpkit.registry import installed_patterns
from mvpkit.store.models import StatusEvent, Submission
from mvpkit.store.references import is_reference, normalise_reference

backoffice = Blueprint("backoffice", __name__, url_prefix="/staff")
backoffice.add_app_template_global(signed_in_email)
backoffice.add_app_template_global(staff_navigation)
PAGE_SIZE = 50
LAST_PAGE = 100_000  # beyond any list; larger numbers are answered with a 404
NOTE_MAX = 2000
LOCKED = (
    f"You have entered a wrong password {limits.STAFF_PER_EMAIL.most} times. "
    f"Wait {limits.STAFF_PER_EMAIL.minutes} minutes, then try again."
)
TOO_MANY = (
    "There have been too many attempts to sign in from this network or device. "
    f"Wait {limits.STAFF_PER_CLIENT.minutes} minutes, then try again."
)
SIGN_IN = FixedForm(
    {
        "id": "sign-in",
        "title": "Sign in to the back office",
        "fields": [
            {
                "id": "email",
                "label": "Email address",
                "type": "email",
                "autocomplete": "username",
                "errors": {"required": "Enter your email address"},
            },
            {
                "id": "password",
                "label": "Password",
                "type": "password",
                "autocomplete": "current-password",
                "errors": {"required": "Enter your password"},
            },
        ],
    }
)
STATUS = FixedForm(
    {
        "id": "status-change",
        "title": "Update the status",
        "fields": [
            {
                "id": "status",
                "label": "Status",
                "type": "radios",
                "options": ["Any"],  # the service's statuses, set as the form is shown
                "errors": {"required": "Select the new status", "choice": "Select the new status"},
            },
            {
                "id": "note",
                "label": "Note for the record",
                "summary": "Note",
                "type": "textarea",
                "required": False,
                "max_length": NOTE_MAX,
                "hint": "Staff see this note. The public sees only the status.",
            },
        ],
    }
)


@backoffice.get("/sign-in")
def sign_in() -> Rendered:
    """The staff sign-in form."""
    return _sign_in_form()


def _sign_in_form(result: PageResult | None = None) -> Rendered:
    council = current_kit().service.council.name
    return SIGN_IN.render(
        result,
        layout=STAFF,
        button="Sign in",
        intro=[f"Only {council} staff with an account for this service can sign in."],
        action=url_for("backoffice.sign_in_submit", next=request.args.get("next")),
    )


@backoffice.post("/sign-in")
def sign_in_submit() -> Rendered | Response:
    """Check the email and password; renew the session on success."""
    result = SIGN_IN.read(request.form)
    if not result.valid:
        return _sign_in_form(result)
    kit = current_kit()
    email, password = result.values["email"], result.values["password"]
    checked = check_sign_in(kit.db, kit.slug, email, password, client_address())
    if checked.stopped_by is not None:
        return error_page(
            429,
            "Sorry, there have been too many attempts to sign in",
            TOO_MANY if checked.stopped_by.by_client else LOCKED,
        )
    if checked.user_id is None:
        return _sign_in_form(
            SIGN_IN.refuse(result, "email", "Enter a correct email address and password")
        )
    session.clear()  # a new session at sign-in: nothing carried over
    with kit.db.writes() as db_session:
        sessions.start(db_session, staff_realm(), checked.user_id, secure=kit.settings.production)
        db_session.commit()
    return redirect(safe_next(request.args.get("next")))


@backoffice.post("/sign-out")
def sign_out() -> Response:
    """End the staff session: its row is deleted, so a copy of the cookie opens nothing."""
    kit = current_kit()
    sessions.end_current(kit.db, staff_realm(), secure=kit.settings.production)
    session.clear()
    return redirect(url_for("backoffice.sign_in"))


def _filtered() -> tuple[Any, str, str]:
    kit = current_kit()
    status = clean_text(request.args.get("status"))[:100]
    search = clean_text(request.args.get("reference"))[:100]
    query = select(Submission).where(Submission.service == kit.slug)
    if status:
        query = query.where(Submission.status == status)
    if search:
        query = query.where(Submission.reference.contains(normalise_reference(search)))
    return query.order_by(Submission.created_at.desc(), Submission.id.desc()), status, search


@backoffice.get("/")
@staff_required
def submissions() -> str:
    """Submissions, newest first, filtered by status and reference."""
    query, status, search = _filtered()
    page_number = _page_number()
    kit = current_kit()
    with kit.db.reads() as db_session:
        rows = list(
            db_session.scalars(query.limit(PAGE_SIZE + 1).offset((page_number - 1) * PAGE_SIZE))
        )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    references = [row.reference for row in rows]
    columns = [
        column
        for pattern in installed_patterns()
        for column in pattern.staff_list_columns(kit, references)
    ]
    return render_template(
        "mvpkit/staff/submissions.html",
        title="Submissions",
        rows=rows,
        columns=columns,
        more=more,
        page_number=page_number,
        status=status,
        search=search,
        statuses=_statuses(),
        errors=[],
    )


def _page_number() -> int:
    """The page asked for: 1 when none is, a 404 for anything but a page that could exist."""
    asked = request.args.get("page", "1")
    if not (asked.isascii() and asked.isdigit() and len(asked) <= 6):
        abort(404)
    if not 1 <= int(asked) <= LAST_PAGE:
        abort(404)
    return int(asked)


@backoffice.get("/export.csv")
@staff_required
def export() -> Response:
    """The filtered submissions as CSV."""
    query, _status, _search = _filtered()
    kit = current_kit()
    with kit.db.reads() as db_session:
        body = submissions_csv(kit.service, db_session.scalars(query))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{kit.slug}-submissions.csv"'},
    )


def _statuses() -> list[str]:
    service = current_kit().service
    return [status for pattern in installed_patterns() for status in pattern.statuses(service)]


def _load(reference: str) -> Submission:
    if not is_reference(reference):  # nothing else can be stored, such as a NUL byte
        abort(404)
    kit = current_kit()
    with kit.db.reads() as db_session:
        submission = db_session.scalar(
            select(Submission)
            .options(selectinload(Submission.events))
            .where(Submission.service == kit.slug, Submission.reference == reference)
        )
    if submission is None:
        abort(404)
    return submission


@backoffice.get("/submissions/<reference>")
@staff_required
def submission(reference: str) -> str:
    """One submission: its answers and its history."""
    item = _load(reference)
    return _render_submission(item, {"status": item.status or ""})


def _status_form() -> FixedForm | None:
    """The status form with this service's statuses; None when it has none."""
    statuses = _statuses()
    return STATUS.with_options("status", [(s, s) for s in statuses]) if statuses else None


def _render_submission(
    item: Submission, values: dict[str, Any], result: PageResult | None = None
) -> str:
    return render_template(
        "mvpkit/staff/submission.html",
        title=f"Submission {item.reference}",
        item=item,
        status_form=_status_form(),
        values=result.entered if result else values,
        errors=result.errors if result else [],
        back_href=url_for("backoffice.submissions"),
    )


@backoffice.post("/submissions/<reference>/status")
@staff_required
def change_status(reference: str) -> str | Response:
    """Record a new status with a note: who changed it and when are kept."""
    item = _load(reference)
    form = _status_form()
    if form is None:
        abort(404)
    result = form.read(request.form)
    if not result.valid:
        return _render_submission(item, {}, result)
    chosen, note = result.values["status"], result.values["note"]
    email = signed_in_email() or "unknown"
    with current_kit().db.writes() as db_session:
        stored = db_session.get(Submission, item.id)
        assert stored is not None
        stored.status = chosen
        stored.updated_at = clock.now()
        db_session.add(StatusEvent(submission_id=stored.id, status=chosen, note=note, by=email))
        db_session.commit()
    flash(f"Status changed to {chosen}")
    return redirect(url_for("backoffice.submission", reference=reference))
