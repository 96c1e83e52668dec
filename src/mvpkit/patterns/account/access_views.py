"""The pages for getting in: register, confirm, sign in and out, forgotten password."""

from __future__ import annotations

from flask import Blueprint, redirect, session, url_for
from werkzeug.wrappers import Response

from mvpkit.auth import limits
from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.account import access, changes
from mvpkit.patterns.account.access import Outcome
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
)
from mvpkit.patterns.account.sessions import current_account, end_session
from mvpkit.questions.answers import PageResult

account_access = Blueprint("account_access", __name__)

PASSWORD = password_question("Password")
CREATE_PASSWORD = password_question("Create a password", new=True)
REGISTER = FixedForm(
    {"id": "register", "title": "Create an account", "fields": [email_question(), CREATE_PASSWORD]}
)
CONFIRM = FixedForm(
    {"id": "confirm-email", "title": "Confirm your email address", "fields": [PASSWORD]}
)
SIGN_IN = FixedForm(
    {"id": "sign-in", "title": "Sign in to your account", "fields": [email_question(), PASSWORD]}
)
FORGOTTEN = FixedForm(
    {"id": "forgotten-password", "title": "Reset your password", "fields": [email_question()]}
)
RESET = FixedForm(
    {"id": "reset-password", "title": "Choose a new password", "fields": [CREATE_PASSWORD]}
)
CONFIRM_NEW_EMAIL = FixedForm(  # nothing to ask: a content page, with the form's one button
    {"id": "confirm-new-email", "title": "Confirm your new email address", "type": "exit"}
)
WRONG = "Enter a correct email address and password"
LOCKED = (
    f"You have entered a wrong password {limits.SIGN_IN_PER_EMAIL.most} times. "
    f"Wait {limits.SIGN_IN_PER_EMAIL.minutes} minutes, then try again"
)
TOO_MANY = (
    "There have been too many attempts to sign in from this network or device. "
    f"Wait {limits.SIGN_IN_PER_CLIENT.minutes} minutes, then try again"
)
LINK_USED = (
    "This link has expired or has already been used",
    ["Links in our emails work once, for a limited time."],
)


def refusal(outcome: Outcome, otherwise: str) -> str:
    """The message for an attempt a limit stopped, by its cause; else `otherwise`."""
    if outcome is Outcome.LOCKED:
        return LOCKED
    return TOO_MANY if outcome is Outcome.TOO_MANY else otherwise


def _sign_in_links() -> list[tuple[str, str]]:
    return [
        (url_for("account_access.register"), "Create an account"),
        (url_for("account_access.forgotten"), "I have forgotten my password"),
    ]


def _signed_in() -> bool:
    return current_account(current_kit().db) is not None


@account_access.get("/register")
def register() -> Page | Response:
    """Ask for an email address and a password (a signed-in resident goes to the account)."""
    if _signed_in():
        return redirect(home_href())
    return _register_form()


def _register_form(result: PageResult | None = None) -> Page:
    return REGISTER.render(
        result,
        button="Create account",
        intro=["We will send you an email to confirm your address."],
        links=[(url_for("account_access.sign_in"), "I already have an account")],
    )


@account_access.post("/register")
def register_submit() -> Page | Response:
    """Send the confirmation email (or, for an address with an account, a reminder)."""
    result = read(REGISTER)
    if not result.valid:
        return _register_form(result)
    email = result.values["email"]
    kit = current_kit()
    access.register(
        kit.db,
        kit.settings.secret_key,
        mailer(),
        email,
        result.values["password"],
        link_to("account_access.confirm"),
    )
    session["account_email_sent"] = email
    return redirect(url_for("account_access.check_email"))


@account_access.get("/register/check-your-email")
def check_email() -> Page:
    """Say where the email went."""
    email = session.get("account_email_sent", "")
    return message_page(
        "Check your email",
        [
            f"We have sent an email to {email}." if email else "We have sent you an email.",
            "Follow the link in it to confirm your email address. The link works for 24 hours.",
            "If you already have an account, the email tells you how to sign in instead.",
        ],
    )


def _confirm_form(email: str, result: PageResult | None = None, status: int = 200) -> Page:
    return CONFIRM.render(
        result,
        button="Confirm and sign in",
        intro=[f"Enter the password you chose to finish creating the account for {email}."],
        status=status,
    )


@account_access.get("/confirm-email/<link>")
def confirm(link: str) -> Page:
    """Ask for the password chosen at registration."""
    kit = current_kit()
    email = access.registration_email(kit.db, kit.settings.secret_key, link)
    if email is None:
        return message_page(*LINK_USED, _register_again(), status=404)
    return _confirm_form(email)


def _register_again() -> list[tuple[str, str]]:
    return [
        (url_for("account_access.register"), "Create an account"),
        (url_for("account_access.sign_in"), "Sign in"),
    ]


@account_access.post("/confirm-email/<link>")
def confirm_submit(link: str) -> Page | Response:
    """Make the account and sign in, if the password is the one chosen."""
    kit = current_kit()
    result = read(CONFIRM)
    email = access.registration_email(kit.db, kit.settings.secret_key, link)
    if email is None:
        return message_page(*LINK_USED, _register_again(), status=404)
    if not result.valid:
        return _confirm_form(email, result)
    outcome = access.confirm_registration(
        kit.db, kit.settings.secret_key, link, result.values["password"], client(), secure=secure()
    )
    if outcome is Outcome.OK:
        return redirect(home_href())
    if outcome is Outcome.INVALID_LINK:
        return message_page(*LINK_USED, _register_again(), status=404)
    message = refusal(outcome, "Enter the password you chose")
    status = 429 if outcome.limited else 200
    return _confirm_form(email, CONFIRM.refuse(result, "password", message), status)


@account_access.get("/sign-in")
def sign_in() -> Page | Response:
    """The sign-in form (a signed-in resident goes to the account)."""
    if _signed_in():
        return redirect(home_href())
    return _sign_in_form()


def _sign_in_form(result: PageResult | None = None, status: int = 200) -> Page:
    return SIGN_IN.render(result, button="Sign in", links=_sign_in_links(), status=status)


@account_access.post("/sign-in")
def sign_in_submit() -> Page | Response:
    """Check the email address and password; a new session on success."""
    result = read(SIGN_IN)
    if not result.valid:
        return _sign_in_form(result)
    email, password = result.values["email"], result.values["password"]
    outcome = access.sign_in(current_kit().db, email, password, client(), secure=secure())
    if outcome is Outcome.OK:
        session.pop("account_email_sent", None)
        return redirect(home_href())
    SIGN_IN.refuse(result, "email", refusal(outcome, WRONG))
    return _sign_in_form(result, 429 if outcome.limited else 200)


@account_access.post("/sign-out")
def sign_out() -> Response:
    """End this browser's session."""
    end_session(current_kit().db, secure=secure())
    return redirect(url_for("account_access.signed_out"))


@account_access.get("/signed-out")
def signed_out() -> Page:
    """Confirm the resident has signed out."""
    return message_page(
        "You have signed out", [], [(url_for("account_access.sign_in"), "Sign in again")]
    )


@account_access.get("/forgotten-password")
def forgotten() -> Page:
    """Ask for the address to send a reset link to."""
    return _forgotten_form()


def _forgotten_form(result: PageResult | None = None) -> Page:
    return FORGOTTEN.render(
        result,
        button="Send reset link",
        intro=["Enter the email address you use for your account. We will send you a link."],
        back_href=url_for("account_access.sign_in"),
    )


@account_access.post("/forgotten-password")
def forgotten_submit() -> Page | Response:
    """Send a reset link if an account has this address; answer the same either way."""
    result = read(FORGOTTEN)
    if not result.valid:
        return _forgotten_form(result)
    email = result.values["email"]
    kit = current_kit()
    access.request_reset(
        kit.db, kit.settings.secret_key, mailer(), email, link_to("account_access.reset")
    )
    session["account_email_sent"] = email
    return redirect(url_for("account_access.reset_sent"))


@account_access.get("/forgotten-password/check-your-email")
def reset_sent() -> Page:
    """Say what happens next, without saying whether an account has the address."""
    email = session.get("account_email_sent", "")
    return message_page(
        "Check your email",
        [
            f"If there is an account for {email}, we have sent a link to reset its password."
            if email
            else "If there is an account for that address, we have sent a link to it.",
            "The link works once, for 1 hour.",
        ],
    )


def _reset_form(result: PageResult | None = None) -> Page:
    return RESET.render(
        result, button="Reset password", intro=["You will be signed out everywhere else."]
    )


@account_access.get("/reset-password/<link>")
def reset(link: str) -> Page:
    """Ask for a new password, while the link can be used."""
    kit = current_kit()
    if not access.reset_is_valid(kit.db, kit.settings.secret_key, link):
        return message_page(
            *LINK_USED, [(url_for("account_access.forgotten"), "Get a new link")], status=404
        )
    return _reset_form()


@account_access.post("/reset-password/<link>")
def reset_submit(link: str) -> Page | Response:
    """Set the new password from the link."""
    kit = current_kit()
    result = read(RESET)
    if not result.valid:
        return _reset_form(result)
    password = result.values["password"]
    outcome = access.reset_password(kit.db, kit.settings.secret_key, mailer(), link, password)
    if outcome is not Outcome.OK:
        return message_page(
            *LINK_USED, [(url_for("account_access.forgotten"), "Get a new link")], status=404
        )
    return redirect(url_for("account_access.reset_done"))


@account_access.get("/password-reset")
def reset_done() -> Page:
    """The password has been reset."""
    return message_page(
        "Your password has been reset",
        ["Sign in with your new password."],
        [(url_for("account_access.sign_in"), "Sign in")],
    )


@account_access.get("/confirm-new-email/<link>")
def confirm_new_email(link: str) -> Page:
    """Ask the resident to confirm the move to the new address."""
    kit = current_kit()
    email = changes.new_email_of(kit.db, kit.settings.secret_key, link)
    if email is None:
        return message_page(
            *LINK_USED, [(url_for("account_access.sign_in"), "Sign in")], status=404
        )
    return CONFIRM_NEW_EMAIL.render(
        button="Confirm email address", intro=[f"Your account will use {email} from now on."]
    )


@account_access.post("/confirm-new-email/<link>")
def confirm_new_email_submit(link: str) -> Page | Response:
    """Move the account to the new address."""
    kit = current_kit()
    outcome = changes.confirm_email_change(kit.db, kit.settings.secret_key, mailer(), link)
    if outcome is not Outcome.OK:
        return message_page(
            *LINK_USED, [(url_for("account_access.sign_in"), "Sign in")], status=404
        )
    return message_page(
        "Email address changed",
        ["Your account now uses your new email address."],
        [(home_href(), "Go to your account")],
    )


@account_access.get("/account-deleted")
def deleted() -> Page:
    """The account has gone."""
    return message_page(
        "Your account has been deleted",
        [
            "Your account and your details have been deleted.",
            "The council keeps the reports and appointments you made as its records, "
            "but they are no longer linked to an account.",
        ],
    )
