"""What the account views share: questions, reading, message pages, the mailer, the client."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from mvpkit.auth.clients import client_address
from mvpkit.auth.emails import normalise_email
from mvpkit.auth.policy import MIN_LENGTH
from mvpkit.email.links import EmailLinks, emailed_url
from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.account.mail import Mailer
from mvpkit.patterns.account.sessions import current_account
from mvpkit.questions.answers import PageResult

R = TypeVar("R")
Page = str | tuple[str, int]
NEW_PASSWORD_HINT = f"Use {MIN_LENGTH} characters or more. Three random words together work well."


def email_question(
    label: str = "Email address", required: str = "Enter your email address", hint: str = ""
) -> dict[str, Any]:
    """An email address question with the account forms' words (posted as `email`)."""
    question: dict[str, Any] = {
        "id": "email",
        "label": label,
        "type": "email",
        "autocomplete": "email",
        "summary": "Email address",
        "errors": {"required": required},
    }
    return question | ({"hint": hint} if hint else {})


def password_question(
    label: str, question_id: str = "password", *, new: bool = False, required: str = ""
) -> dict[str, Any]:
    """A password question: one being chosen (`new`) or one to check."""
    if new:
        return {
            "id": question_id,
            "label": label,
            "type": "new-password",
            "autocomplete": "new-password",
            "hint": NEW_PASSWORD_HINT,
        }
    question: dict[str, Any] = {
        "id": question_id,
        "label": label,
        "type": "password",
        "autocomplete": "current-password",
    }
    return question | ({"errors": {"required": required}} if required else {})


def read(form: FixedForm) -> PageResult:
    """What was posted to `form`; email addresses are compared, and shown, normalised."""
    result = form.read(request.form)
    for question in form.page.questions:
        if question.type != "email":
            continue
        for answers in (result.values, result.entered):
            if question.id in answers:
                answers[question.id] = normalise_email(answers[question.id])
    return result


def message_page(
    title: str,
    paragraphs: Sequence[str],
    links: Sequence[tuple[str, str]] = (),
    *,
    status: int = 200,
) -> Page:
    """A page that tells the resident something, with links onward."""
    html = render_template(
        "mvpkit/account/message.html",
        title=title,
        paragraphs=paragraphs,
        links=links,
    )
    return (html, status) if status != 200 else html


def mailer() -> Mailer:
    """The account emails, from this service, linking to its pages."""
    kit = current_kit()
    return Mailer(
        service=kit.slug,
        service_name=kit.service.name,
        sign_in_url=emailed_url("account_access.sign_in"),
        reset_url=emailed_url("account_access.forgotten"),
    )


def link_to(endpoint: str) -> Callable[[str], str]:
    """Turn a token into the full address of the page that takes it."""
    links = EmailLinks.for_request()  # made now: the link is built inside a transaction
    return lambda token: links.url(endpoint, link=token)


def client() -> str:
    """The client's address, for limits (see `mvpkit.auth.clients`)."""
    return client_address()


def secure() -> bool:
    """Cookies are Secure in production."""
    return current_kit().settings.production


def signed_in(view: Callable[..., R]) -> Callable[..., R | Response]:
    """Send anyone who is not signed in to the sign-in page; pass the account on."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> R | Response:
        account = current_account(current_kit().db)
        if account is None:
            return redirect(url_for("account_access.sign_in"))
        return view(account, *args, **kwargs)

    return wrapper


def home_href() -> str:
    """My Account's first page."""
    return url_for("account.home")
