"""The account forms' fields, checked with the GOV.UK Design System's wording."""

from __future__ import annotations

import re

from werkzeug.datastructures import MultiDict

from mvpkit.auth.emails import normalise_email
from mvpkit.auth.policy import MAX_LENGTH, password_problem
from mvpkit.email.addresses import FORMAT_MESSAGE as EMAIL_FORMAT_MESSAGE
from mvpkit.email.addresses import is_email_address
from mvpkit.questions.answers import FieldError, clean_text
from mvpkit.questions.text import EMAIL_MAX_LENGTH, PHONE_CHARS
from mvpkit.store.references import is_reference, normalise_reference

NAME_MAX = 100
PASSWORD_FIELD_MAX = MAX_LENGTH * 4  # anything longer is cut before hashing, and refused


class Form:
    """Values read from a posted form, and the errors found in them, in field order."""

    def __init__(self, form: MultiDict[str, str]) -> None:
        self.form = form
        self.values: dict[str, str] = {}
        self.errors: list[FieldError] = []

    def _error(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, name, message))

    def email(self, name: str = "email", *, new: bool = False) -> str:
        """A normalised email address (kept to show again)."""
        value = normalise_email(clean_text(self.form.get(name)))[: EMAIL_MAX_LENGTH + 1]
        self.values[name] = value
        if not value:
            self._error(name, "Enter your new email address" if new else "Enter your email address")
        elif len(value) > EMAIL_MAX_LENGTH:
            self._error(name, f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer")
        elif not is_email_address(value):
            self._error(name, EMAIL_FORMAT_MESSAGE)
        return value

    def password(self, name: str = "password", *, message: str = "Enter your password") -> str:
        """A password as typed; never kept to show again."""
        value = self.form.get(name, "")[:PASSWORD_FIELD_MAX]
        if not value:
            self._error(name, message)
        return value

    def new_password(self, name: str = "password") -> str:
        """A new password that meets the rules."""
        value = self.form.get(name, "")[:PASSWORD_FIELD_MAX]
        problem = password_problem(value)
        if problem:
            self._error(name, problem)
        return value

    def name(self, name: str = "name") -> str:
        """The resident's full name (optional)."""
        value = clean_text(self.form.get(name))[: NAME_MAX * 4]
        self.values[name] = value
        if len(value) > NAME_MAX:
            self._error(name, f"Full name must be {NAME_MAX} characters or fewer")
        return value

    def phone(self, name: str = "phone") -> str:
        """A UK or international phone number (optional)."""
        value = clean_text(self.form.get(name))[:100]
        self.values[name] = value
        digits = re.sub(r"\D", "", value)
        if value and (not PHONE_CHARS.match(value) or not 10 <= len(digits) <= 15):
            self._error(
                name,
                "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
            )
        return value

    def reference(self, name: str = "reference") -> str:
        """A submission reference in its canonical form."""
        typed = clean_text(self.form.get(name))[:100]
        self.values[name] = typed
        value = normalise_reference(typed)
        if not typed:
            self._error(name, "Enter the reference number")
        elif not is_reference(value):
            self._error(name, "Enter the reference number as it was shown, like RF-7K4M-9QFA")
        return value
