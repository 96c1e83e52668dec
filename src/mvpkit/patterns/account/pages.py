"""What the account views share: the form and message pages, the mailer, the client."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import redirect, render_template, url_for
from werkzeug.wrappers import Response

from mvpkit.auth.clients import client_address
from mvpkit.email.links import EmailLinks, emailed_url
from mvpkit.kit import current_kit
from mvpkit.patterns.account.mail import Mailer
from mvpkit.patterns.account.sessions import current_account
from mvpkit.questions.answers import FieldError

R = TypeVar("R")
Page = str | tuple[str, int]


@dataclass(frozen=True)
class Field:
    """One input on an account form."""

    name: str
    label: str
    kind: str = "text"  # text, email, tel or password
    autocomplete: str = "off"
    hint: str = ""
    optional: bool = False


def form_page(
    title: str,
    fields: Sequence[Field],
    button: str,
    *,
    values: dict[str, str] | None = None,
    errors: Sequence[FieldError] = (),
    intro: Sequence[str] = (),
    links: Sequence[tuple[str, str]] = (),
    back_href: str = "",
    status: int = 200,
    warning: str = "",
) -> Page:
    """A GOV.UK form: heading, fields with their errors, one button, then any links."""
    html = render_template(
        "mvpkit/account/form.html",
        title=title,
        fields=fields,
        button=button,
        values=values or {},
        errors=list(errors),
        intro=intro,
        links=links,
        back_href=back_href,
        warning=warning,
    )
    return (html, status) if status != 200 else html


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
