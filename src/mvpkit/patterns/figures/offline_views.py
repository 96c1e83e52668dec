"""Offline transactions in the back office: add one month's count, import a CSV, delete.

Any member of staff of the service may add and import; each may delete only what they
entered. An import is shown line by line first and stored only when staff confirm it and
every line is right. Between the preview and the confirmation the file's text travels in
a hidden field, signed with the service's secret key: a changed one is refused.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from mvpkit import clock
from mvpkit.backoffice.access import signed_in_email, staff_required
from mvpkit.frontend.errors import error_page
from mvpkit.frontend.forms import FixedForm, Rendered
from mvpkit.kit import current_kit
from mvpkit.patterns.figures.models import OfflineCount
from mvpkit.patterns.figures.offline import (
    CHANNEL_LABELS,
    FORM,
    IMPORT,
    MOST,
    NOTE_MAX,
    Entry,
    add_entries,
    channel_label,
    delete_entry,
    find_entry,
    month_label,
    month_problem,
    recent_entries,
)
from mvpkit.patterns.figures.offline_csv import MOST_BYTES, FileError, Parsed, decode, read_lines
from mvpkit.questions.answers import FieldError, PageResult

figures_offline = Blueprint("figures_offline", __name__, url_prefix="/staff/figures")
UPLOADS = ("figures_offline.import_preview", "figures_offline.import_confirm")
UPLOAD_LIMIT = 2 * 1024 * 1024  # the file, or its signed text, and the form around it
SALT = "mvpkit.figures.offline-import"
PREVIEW_HOURS = 2
COUNT_ERROR = f"Number of transactions must be a whole number from 0 to {MOST:,}"
FILE_FIELD = "csv-file"
OFFLINE = FixedForm(
    {
        "id": "offline",
        "title": "Add offline transactions",
        "fields": [
            {
                "id": "month",
                "label": "Month",
                "hint": "For example, 2026-11",
                "max_length": 20,
                "pattern": r"\d{4}-\d{2}",
                "errors": {
                    "required": "Enter the month",
                    "pattern": "Enter the month like 2026-11",
                },
            },
            {
                "id": "channel",
                "label": "How did residents contact the council?",
                "summary": "Channel",
                "type": "radios",
                "options": [{"value": v, "label": t} for v, t in CHANNEL_LABELS.items()],
                "errors": {
                    "required": "Select how residents contacted the council",
                    "choice": "Select how residents contacted the council",
                },
            },
            {
                "id": "count",
                "label": "Number of transactions",
                "hint": "Calls, visits or letters in the month, as a whole number",
                "type": "number",
                "min": 0,
                "max": MOST,
                "pattern": r"\d+",
                "errors": {
                    "required": "Enter the number of transactions",
                    **dict.fromkeys(("format", "min", "max", "pattern"), COUNT_ERROR),
                },
            },
            {
                "id": "note",
                "label": "Note",
                "hint": "For example, where the figure comes from",
                "type": "textarea",
                "required": False,
                "max_length": NOTE_MAX,
            },
        ],
    }
)


@figures_offline.url_value_preprocessor
def _allow_uploads(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """A CSV file may be larger than a form's answers: before anything reads the request."""
    if endpoint in UPLOADS:
        request.max_content_length = UPLOAD_LIMIT
        request.max_form_memory_size = UPLOAD_LIMIT


def _me() -> str:
    """The signed-in member of staff's email."""
    return signed_in_email() or ""  # staff_required has seen them signed in


# Adding and listing


@figures_offline.get("/offline")
@staff_required
def offline() -> Rendered:
    """The form to add a month's count, and the last 12 months' entries."""
    return _offline_page()


def _offline_page(result: PageResult | None = None) -> Rendered:
    kit = current_kit()
    return render_template(
        "mvpkit/figures/offline.html",
        title="Offline transactions",
        form=OFFLINE,
        values=result.entered if result else {},
        errors=result.errors if result else [],
        entries=recent_entries(kit.db, kit.slug, clock.today()),
        me=_me(),
        month_label=month_label,
        channel_label=channel_label,
    )


@figures_offline.post("/offline")
@staff_required
def offline_add() -> Rendered | Response:
    """Store a month's count for one channel, entered by this member of staff."""
    result = OFFLINE.read(request.form)
    month = result.values.get("month")
    if isinstance(month, str) and (problem := month_problem(month, clock.today())):
        OFFLINE.refuse(result, "month", f"The month {problem}")
    if not result.valid:
        return _offline_page(result)
    entry = Entry(
        str(result.values["month"]),
        str(result.values["channel"]),
        int(str(result.values["count"])),
        str(result.values.get("note") or ""),
    )
    kit = current_kit()
    add_entries(kit.db, kit.slug, [entry], FORM, _me())
    flash(f"Added {_described(entry.count, entry.channel, entry.month)}")
    return redirect(url_for(".offline"))


def _described(count: int, channel: str, month: str) -> str:
    """120 by phone in November 2026."""
    by = {"phone": "by phone", "face-to-face": "face to face", "post": "by post"}
    return f"{count:,} {by.get(channel, channel)} in {month_label(month)}"


# Deleting


def _own_entry(entry: str) -> OfflineCount | tuple[str, int]:
    """The entry, when it is this service's and this member of staff made it; else a page."""
    if not entry.isascii() or not entry.isdigit() or len(entry) > 18:
        return error_page(404)
    kit = current_kit()
    found = find_entry(kit.db, kit.slug, int(entry))
    if found is None:
        return error_page(404)
    if found.entered_by != _me():
        return error_page(
            403,
            "You cannot delete this entry",
            "Only the member of staff who entered it can delete it.",
        )
    return found


@figures_offline.get("/offline/<entry>/delete")
@staff_required
def delete_form(entry: str) -> Rendered:
    """Ask before deleting one of this member of staff's entries."""
    found = _own_entry(entry)
    if isinstance(found, tuple):
        return found
    return render_template(
        "mvpkit/figures/offline_delete.html",
        title="Are you sure you want to delete this entry?",
        entry=found,
        month_label=month_label,
        channel_label=channel_label,
    )


@figures_offline.post("/offline/<entry>/delete")
@staff_required
def delete_entry_submit(entry: str) -> Rendered | Response:
    """Delete the entry, once confirmed."""
    found = _own_entry(entry)
    if isinstance(found, tuple):
        return found
    kit = current_kit()
    delete_entry(kit.db, kit.slug, found.id, _me())
    flash(f"Deleted {_described(found.count, found.channel, found.month)}")
    return redirect(url_for(".offline"))


# Importing a CSV file


@figures_offline.get("/offline/import")
@staff_required
def import_form() -> Rendered:
    """Upload a CSV file of offline transactions."""
    return _import_page()


def _import_page(problem: str = "") -> Rendered:
    """The upload page, saying what is wrong with the file when something is."""
    return render_template(
        "mvpkit/figures/offline_import.html",
        title="Import offline transactions",
        errors=[FieldError(FILE_FIELD, FILE_FIELD, problem)] if problem else [],
        problem=problem,
    )


@figures_offline.post("/offline/import")
@staff_required
def import_preview() -> Rendered:
    """Every line of the uploaded file, with what is wrong with each; nothing stored yet."""
    upload = request.files.get(FILE_FIELD)
    if upload is None or not upload.filename:
        return _import_page("Select a CSV file")
    try:
        text = decode(upload.stream.read(MOST_BYTES + 1))
        parsed = read_lines(text, clock.today())
    except FileError as problem:
        return _import_page(str(problem))
    return _preview_page(parsed, _signed(text) if parsed.valid else "")


def _serializer() -> URLSafeTimedSerializer:
    """Signs a previewed file for this service only."""
    kit = current_kit()
    return URLSafeTimedSerializer(kit.settings.secret_key, salt=f"{SALT}.{kit.slug}")


def _signed(text: str) -> str:
    """The file's text, for whoever signed in uploaded it here, signed."""
    return str(_serializer().dumps({"by": _me(), "text": text}))


def _preview_page(parsed: Parsed, signed: str) -> Rendered:
    """Every line and its problems; the import button only with a signed, valid file."""
    errors = [FieldError("line", f"line-{number}", message) for number, message in parsed.problems]
    return render_template(
        "mvpkit/figures/offline_preview.html",
        title="Check the file before importing",
        errors=errors,
        parsed=parsed,
        signed=signed,
        problem="",
    )


@figures_offline.post("/offline/import/confirm")
@staff_required
def import_confirm() -> Rendered | Response:
    """Store every line of the file previewed, in one transaction, when all are right."""
    try:
        kept = _serializer().loads(request.form.get("import", ""), max_age=PREVIEW_HOURS * 3600)
    except BadData:
        kept = None
    if (
        not isinstance(kept, dict)
        or kept.get("by") != _me()
        or not isinstance(kept.get("text"), str)
    ):
        return error_page(
            400,
            "Sorry, we could not import that file",
            "The preview was changed or is more than 2 hours old. Nothing has been stored. "
            "Upload the file again.",
        )
    try:
        parsed = read_lines(kept["text"], clock.today())
    except FileError as problem:
        return _import_page(str(problem))
    if not parsed.valid:
        return _preview_page(parsed, "")
    kit = current_kit()
    stored = add_entries(kit.db, kit.slug, parsed.entries, IMPORT, _me())
    flash(f"Imported {stored:,} {'line' if stored == 1 else 'lines'}")
    return redirect(url_for(".offline"))
