"""The signed-in pages: the account's reports and appointments, details, and deletion."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.account import changes, records
from mvpkit.patterns.account.access import Outcome
from mvpkit.patterns.account.access_views import refusal
from mvpkit.patterns.account.models import Account
from mvpkit.patterns.account.pages import (
    Page,
    client,
    email_question,
    home_href,
    link_to,
    mailer,
    message_page,
    password_question,
    read,
    secure,
    signed_in,
)
from mvpkit.patterns.account.sessions import end_session
from mvpkit.patterns.account.settings import AccountSettings, account_of
from mvpkit.questions.answers import PageResult
from mvpkit.registry import installed_patterns
from mvpkit.store.references import is_reference, normalise_reference

account = Blueprint("account", __name__)

NAME_MAX = 100
REFERENCE_SHAPE = "Enter the reference number as it was shown, like RF-7K4M-9QFA"
YOUR_PASSWORD = password_question("Your password")
DETAILS = FixedForm(
    {
        "id": "your-details",
        "title": "Your details",
        "fields": [
            {
                "id": "name",
                "label": "Full name",
                "autocomplete": "name",
                "required": False,
                "max_length": NAME_MAX,
            },
            {
                "id": "phone",
                "label": "Phone number",
                "type": "phone",
                "autocomplete": "tel",
                "hint": "For international numbers include the country code",
                "required": False,
            },
        ],
    }
)
EMAIL = FixedForm(
    {
        "id": "change-email",
        "title": "Change your email address",
        "fields": [
            email_question("New email address", "Enter your new email address"),
            YOUR_PASSWORD,
        ],
    }
)
PASSWORD = FixedForm(
    {
        "id": "change-password",
        "title": "Change your password",
        "fields": [
            password_question(
                "Current password", "current", required="Enter your current password"
            ),
            password_question("New password", new=True),
        ],
    }
)
CLAIM = FixedForm(
    {
        "id": "add-a-report",
        "title": "Add a report or appointment to your account",
        "fields": [
            {
                "id": "reference",
                "label": "Reference number",
                "autocomplete": "off",
                "hint": "You were given this when you sent the report or booked the appointment, "
                "for example RF-7K4M-9QFA",
                "max_length": 100,
                "errors": {"required": "Enter the reference number", "max_length": REFERENCE_SHAPE},
            },
            email_question(hint="The email address you gave when you sent or booked it"),
        ],
    }
)
DELETE = FixedForm(
    {"id": "delete-account", "title": "Delete your account", "fields": [YOUR_PASSWORD]}
)
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


def _wrong_password(
    form: FixedForm, result: PageResult, outcome: Outcome, question_id: str = "password"
) -> PageResult:
    return form.refuse(result, question_id, refusal(outcome, WRONG_PASSWORD))


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
    return DETAILS.render(
        button="Save", values={"name": me.name, "phone": me.phone}, back_href=home_href()
    )


@account.post("/your-details")
@signed_in
def details_submit(me: Account) -> Page | Response:
    """Keep the new name and phone number."""
    result = read(DETAILS)
    if not result.valid:
        return DETAILS.render(result, button="Save", back_href=home_href())
    changes.change_details(current_kit().db, me.id, result.values["name"], result.values["phone"])
    return redirect(home_href())


def _email_form(result: PageResult | None = None, status: int = 200) -> Page:
    return EMAIL.render(
        result,
        button="Send confirmation email",
        intro=["We will send a link to the new address. Your account moves when you follow it."],
        back_href=home_href(),
        status=status,
    )


@account.get("/change-email")
@signed_in
def email(me: Account) -> Page:
    """Ask for the new address and the password."""
    return _email_form()


@account.post("/change-email")
@signed_in
def email_submit(me: Account) -> Page | Response:
    """Send a confirmation link to the new address."""
    kit = current_kit()
    result = read(EMAIL)
    if not result.valid:
        return _email_form(result)
    new_email = result.values["email"]
    outcome = changes.request_email_change(
        kit.db,
        kit.settings.secret_key,
        mailer(),
        me.id,
        new_email,
        result.values["password"],
        client(),
        link_to("account_access.confirm_new_email"),
    )
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _email_form(_wrong_password(EMAIL, result, outcome), status)
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


def _password_form(result: PageResult | None = None, status: int = 200) -> Page:
    return PASSWORD.render(
        result,
        button="Change password",
        intro=["You will be signed out everywhere else."],
        back_href=home_href(),
        status=status,
    )


@account.get("/change-password")
@signed_in
def password(me: Account) -> Page:
    """Ask for the current password and a new one."""
    return _password_form()


@account.post("/change-password")
@signed_in
def password_submit(me: Account) -> Page | Response:
    """Change the password and start a new session."""
    result = read(PASSWORD)
    if not result.valid:
        return _password_form(result)
    current, new = result.values["current"], result.values["password"]
    outcome = changes.change_password(
        current_kit().db, mailer(), me.id, current, new, client(), secure=secure()
    )
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _password_form(_wrong_password(PASSWORD, result, outcome, "current"), status)
    return redirect(home_href())


def _claim_form(result: PageResult | None = None, status: int = 200) -> Page:
    return CLAIM.render(result, button="Add to your account", back_href=home_href(), status=status)


def _read_claim() -> PageResult:
    """The claim form as posted, its reference in canonical form or refused for its shape."""
    result = read(CLAIM)
    if "reference" in result.values:
        reference = normalise_reference(result.values["reference"])
        if is_reference(reference):
            result.values["reference"] = reference
        else:
            CLAIM.refuse(result, "reference", REFERENCE_SHAPE)
            order = [question.id for question in CLAIM.page.questions]
            result.errors.sort(key=lambda error: order.index(error.question_id))
    return result


@account.get("/add-a-report")
@signed_in
def claim(me: Account) -> Page:
    """Ask for the reference of a report or appointment and the email address given in it."""
    return _claim_form()


@account.post("/add-a-report")
@signed_in
def claim_submit(me: Account) -> Page | Response:
    """Link the report or appointment to the account, if the reference and email match."""
    result = _read_claim()
    if not result.valid:
        return _claim_form(result)
    reference, email = result.values["reference"], result.values["email"]
    outcome = records.claim(current_kit().db, me.id, _services(), reference, email, client())
    if outcome is Outcome.OK:
        session[ADDED] = reference
        return redirect(home_href())
    messages = {Outcome.LOCKED: CLAIM_LOCKED, Outcome.TOO_MANY: CLAIM_TOO_MANY}
    message = messages.get(outcome, CLAIM_WRONG)
    status = 429 if outcome.limited else 200
    return _claim_form(CLAIM.refuse(result, "reference", message), status)


def _delete_form(result: PageResult | None = None, status: int = 200) -> Page:
    return DELETE.render(
        result,
        button="Delete account",
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
    return _delete_form()


@account.post("/delete-account")
@signed_in
def delete_submit(me: Account) -> Page | Response:
    """Delete the account and sign out."""
    result = read(DELETE)
    if not result.valid:
        return _delete_form(result)
    password = result.values["password"]
    outcome = changes.delete_account(current_kit().db, mailer(), me.id, password, client())
    if outcome is not Outcome.OK:
        status = 429 if outcome.limited else 200
        return _delete_form(_wrong_password(DELETE, result, outcome), status)
    end_session(current_kit().db, secure=secure())
    return redirect(url_for("account_access.deleted"))
