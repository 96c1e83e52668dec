"""The signed-in pages: the account's reports and appointments, details, and deletion."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.auth.policy import MIN_LENGTH
from mvpkit.kit import current_kit
from mvpkit.patterns.account import changes, records
from mvpkit.patterns.account.access import Outcome
from mvpkit.patterns.account.access_views import refusal
from mvpkit.patterns.account.fields import Form
from mvpkit.patterns.account.models import Account
from mvpkit.patterns.account.pages import (
    Field,
    Page,
    client,
    form_page,
    home_href,
    link_to,
    mailer,
    message_page,
    secure,
    signed_in,
)
from mvpkit.patterns.account.sessions import end_session
from mvpkit.patterns.account.settings import AccountSettings, account_of
from mvpkit.questions.answers import FieldError
from mvpkit.registry import installed_patterns

account = Blueprint("account", __name__)

PASSWORD = Field("password", "Your password", "password", "current-password")
WRONG_PASSWORD = "Enter your current password correctly"  # noqa: S105 - a message
CLAIM_WRONG = (
    "We cannot find a report or appointment with that reference number and email address. "
    "Check them and try again"
)
CLAIM_TOO_MANY = (
    "There have been too many attempts to add a report or appointment from this network or "
    f"device. Wait {limits.CLAIM_PER_CLIENT.minutes // 60} hour, then try again"
)
CLAIM_LOCKED = (
    f"You have tried to add a report or appointment {limits.CLAIM_PER_ACCOUNT.most} times in "
    f"the last hour. Wait {limits.CLAIM_PER_ACCOUNT.minutes // 60} hour, then try again"
)
ADDED = "account_added"  # the reference just added, for the success banner on the account page


def _settings() -> AccountSettings:
    settings = account_of(current_kit().service)
    assert settings is not None, "the account pages are registered only with `account:`"
    return settings


def _services() -> list[str]:
    return [service.slug for service in _settings().services]


def _password_error(outcome: Outcome, name: str = "password") -> FieldError:
    message = refusal(outcome, WRONG_PASSWORD)
    return FieldError(name, name, message)


@account.get("/")
@signed_in
def home(me: Account) -> str:
    """Your account: details, reports and appointments."""
    kit = current_kit()
    services = _services()
    return render_template(
        "mvpkit/account/home.html",
        title="Your account",
        me=me,
        reports=records.reports(kit.db, me.id, services),
        panels=_panels(me),
        service_name=_settings().name_of,
        added=session.pop(ADDED, None),
    )


def _panels(me: Account) -> list[Markup]:
    """Each pattern's records of the account (appointments, say), in the patterns' order."""
    kit = current_kit()
    names = {service.slug: service.name for service in _settings().services}
    return [
        panel
        for pattern in installed_patterns()
        if (panel := pattern.account_panel(kit, me.id, names)) is not None
    ]


@account.get("/your-details")
@signed_in
def details(me: Account) -> Page:
    """Change the name and phone number."""
    return _details_form({"name": me.name, "phone": me.phone}, [])


def _details_form(values: dict[str, str], errors: list[FieldError]) -> Page:
    return form_page(
        "Your details",
        [
            Field("name", "Full name", "text", "name", optional=True),
            Field(
                "phone",
                "Phone number",
                "tel",
                "tel",
                hint="For international numbers include the country code",
                optional=True,
            ),
        ],
        "Save",
        values=values,
        errors=errors,
        back_href=home_href(),
    )


@account.post("/your-details")
@signed_in
def details_submit(me: Account) -> Page | Response:
    """Keep the new name and phone number."""
    form = Form(request.form)
    name = form.name()
    phone = form.phone()
    if form.errors:
        return _details_form(form.values, form.errors)
    changes.change_details(current_kit().db, me.id, name, phone)
    return redirect(home_href())


def _email_form(values: dict[str, str], errors: list[FieldError], status: int = 200) -> Page:
    return form_page(
        "Change your email address",
        [Field("email", "New email address", "email", "email"), PASSWORD],
        "Send confirmation email",
        values=values,
        errors=errors,
        intro=["We will send a link to the new address. Your account moves when you follow it."],
        back_href=home_href(),
        status=status,
    )


@account.get("/change-email")
@signed_in
def email(me: Account) -> Page:
    """Ask for the new address and the password."""
    return _email_form({}, [])


@account.post("/change-email")
@signed_in
def email_submit(me: Account) -> Page | Response:
    """Send a confirmation link to the new address."""
    kit = current_kit()
    form = Form(request.form)
    new_email = form.email(new=True)
    password = form.password(message="Enter your password")
    if form.errors:
        return _email_form(form.values, form.errors)
    outcome = changes.request_email_change(
        kit.db,
        kit.settings.secret_key,
        mailer(),
        me.id,
        new_email,
        password,
        client(),
        link_to("account_access.confirm_new_email"),
    )
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _email_form(form.values, [_password_error(outcome)], status)
    session["account_email_sent"] = new_email
    return redirect(url_for("account.email_sent"))


@account.get("/change-email/check-your-email")
@signed_in
def email_sent(me: Account) -> Page:
    """Say where the link went."""
    email = session.get("account_email_sent", "")
    return message_page(
        "Check your email",
        [
            f"We have sent a link to {email}. Follow it to start using that address.",
            f"Until then, your account uses {me.email}.",
        ],
        [(home_href(), "Go to your account")],
    )


def _password_form(errors: list[FieldError], status: int = 200) -> Page:
    return form_page(
        "Change your password",
        [
            Field("current", "Current password", "password", "current-password"),
            Field(
                "password",
                "New password",
                "password",
                "new-password",
                hint=f"Use {MIN_LENGTH} characters or more. Three random words together work well.",
            ),
        ],
        "Change password",
        errors=errors,
        intro=["You will be signed out everywhere else."],
        back_href=home_href(),
        status=status,
    )


@account.get("/change-password")
@signed_in
def password(me: Account) -> Page:
    """Ask for the current password and a new one."""
    return _password_form([])


@account.post("/change-password")
@signed_in
def password_submit(me: Account) -> Page | Response:
    """Change the password and start a new session."""
    form = Form(request.form)
    current = form.password("current", message="Enter your current password")
    new = form.new_password()
    if form.errors:
        return _password_form(form.errors)
    outcome = changes.change_password(
        current_kit().db, mailer(), me.id, current, new, client(), secure=secure()
    )
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _password_form([_password_error(outcome, "current")], status)
    return redirect(home_href())


def _claim_form(values: dict[str, str], errors: list[FieldError], status: int = 200) -> Page:
    return form_page(
        "Add a report or appointment to your account",
        [
            Field(
                "reference",
                "Reference number",
                hint="You were given this when you sent the report or booked the appointment, "
                "for example RF-7K4M-9QFA",
            ),
            Field(
                "email",
                "Email address",
                "email",
                "email",
                hint="The email address you gave when you sent or booked it",
            ),
        ],
        "Add to your account",
        values=values,
        errors=errors,
        back_href=home_href(),
        status=status,
    )


@account.get("/add-a-report")
@signed_in
def claim(me: Account) -> Page:
    """Ask for the reference of a report or appointment and the email address given in it."""
    return _claim_form({}, [])


@account.post("/add-a-report")
@signed_in
def claim_submit(me: Account) -> Page | Response:
    """Link the report or appointment to the account, if the reference and email match."""
    form = Form(request.form)
    reference = form.reference()
    email = form.email()
    if form.errors:
        return _claim_form(form.values, form.errors)
    outcome = records.claim(current_kit().db, me.id, _services(), reference, email, client())
    if outcome is Outcome.OK:
        session[ADDED] = reference
        return redirect(home_href())
    messages = {Outcome.LOCKED: CLAIM_LOCKED, Outcome.TOO_MANY: CLAIM_TOO_MANY}
    message = messages.get(outcome, CLAIM_WRONG)
    status = 429 if outcome.limited else 200
    return _claim_form(form.values, [FieldError("reference", "reference", message)], status)


def _delete_form(errors: list[FieldError], status: int = 200) -> Page:
    return form_page(
        "Delete your account",
        [PASSWORD],
        "Delete account",
        errors=errors,
        intro=[
            "Your account and your details will be deleted.",
            "The council keeps the reports and appointments you made as its records, "
            "but they will no longer be linked to you.",
        ],
        warning="Deleting your account cannot be undone.",
        back_href=home_href(),
        status=status,
    )


@account.get("/delete-account")
@signed_in
def delete(me: Account) -> Page:
    """Ask for the password before deleting."""
    return _delete_form([])


@account.post("/delete-account")
@signed_in
def delete_submit(me: Account) -> Page | Response:
    """Delete the account and sign out."""
    form = Form(request.form)
    password = form.password()
    if form.errors:
        return _delete_form(form.errors)
    outcome = changes.delete_account(current_kit().db, mailer(), me.id, password, client())
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _delete_form([_password_error(outcome)], status)
    end_session(current_kit().db, secure=secure())
    return redirect(url_for("account_access.deleted"))
