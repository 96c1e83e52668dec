"""Pages every service has: cookies, accessibility statement, privacy, feedback, health."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from sqlalchemy import text
from werkzeug.wrappers import Response

from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.questions.answers import PageResult
from mvpkit.store.models import Feedback

pages = Blueprint("pages", __name__)

RATINGS = (
    "Very satisfied",
    "Satisfied",
    "Neither satisfied or dissatisfied",
    "Dissatisfied",
    "Very dissatisfied",
)
COMMENTS_MAX = 1200
FEEDBACK = FixedForm(
    {
        "id": "feedback",
        "title": "Give feedback",
        "fields": [
            {
                "id": "rating",
                "label": "Overall, how did you feel about the service you received today?",
                "type": "radios",
                "options": list(RATINGS),
                "errors": {
                    "required": "Select how you feel about the service you received",
                    "choice": "Select how you feel about the service you received",
                },
            },
            {
                "id": "comments",
                "label": "How could we improve this service?",
                "summary": "Your feedback",
                "type": "textarea",
                "required": False,
                "max_length": COMMENTS_MAX,
                "hint": "Do not include any personal or financial information, for example "
                "your National Insurance or credit card numbers.",
            },
        ],
    }
)


def _feedback_form(result: PageResult | None = None) -> str:
    page = FEEDBACK.render(
        result, title=f"Give feedback on {current_kit().service.name}", button="Send feedback"
    )
    assert isinstance(page, str)
    return page


@pages.get("/cookies")
def cookies() -> str:
    """The cookies the service sets, and why."""
    return render_template("mvpkit/cookies.html", title="Cookies")


@pages.get("/accessibility-statement")
def accessibility_statement() -> str:
    """The accessibility statement public sector websites must publish."""
    return render_template("mvpkit/accessibility.html", title="Accessibility statement")


@pages.get("/privacy")
def privacy() -> str:
    """How the council uses what people tell this service."""
    return render_template("mvpkit/privacy.html", title="Privacy notice")


@pages.get("/feedback")
def feedback() -> str:
    """The GOV.UK satisfaction question."""
    return _feedback_form()


@pages.post("/feedback")
def send_feedback() -> str | Response:
    """Store a rating and comment, then thank the user."""
    result = FEEDBACK.read(request.form)
    if not result.valid:
        return _feedback_form(result)
    kit = current_kit()
    with kit.db.writes() as session:
        session.add(
            Feedback(
                service=kit.slug, rating=result.values["rating"], comments=result.values["comments"]
            )
        )
        session.commit()
    return redirect(url_for("pages.feedback_sent"))


@pages.get("/feedback/sent")
def feedback_sent() -> str:
    """Thanks for the feedback."""
    return render_template("mvpkit/feedback_sent.html", title="Thank you for your feedback")


@pages.get("/health")
def health() -> tuple[Response, int]:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with current_kit().db.reads() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # any failure means unhealthy
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
