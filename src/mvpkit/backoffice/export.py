"""CSV export of submissions, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable

from mvpkit.clock import as_utc
from mvpkit.definition.model import Question, Service
from mvpkit.questions.validation import answer_text
from mvpkit.store.models import Submission

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula with an apostrophe."""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _headings(questions: list[Question]) -> list[str]:
    """Each question's short label, with its id added where two share a label."""
    counts = Counter(q.short_label for q in questions)
    return [
        q.short_label if counts[q.short_label] == 1 else f"{q.short_label} ({q.id})"
        for q in questions
    ]


def submissions_csv(service: Service, submissions: Iterable[Submission]) -> str:
    """Reference, dates, status and every answer, one submission a row."""
    questions = [q for page in service.question_pages for q in page.questions]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Sent", "Status", *_headings(questions)])
    for submission in submissions:
        answers = submission.answers
        row = [
            submission.reference,
            as_utc(submission.created_at).isoformat(timespec="seconds"),
            submission.status or "",
            *[answer_text(q, answers.get(q.id)) if q.id in answers else "" for q in questions],
        ]
        writer.writerow([spreadsheet_safe(cell.replace("\n", ", ")) for cell in row])
    return buffer.getvalue()
