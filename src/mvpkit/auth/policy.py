"""The password policy: long enough, not too long, and not a commonly used one."""

from __future__ import annotations

from functools import cache

MIN_LENGTH = 12  # NCSC: length, not composition rules
MAX_LENGTH = 256


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords in leaked sets, from the zxcvbn package."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(password.lower() for password in FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """The GOV.UK error message for a new password, or None when it can be used."""
    if not password:
        return "Enter a password"
    if len(password) < MIN_LENGTH:
        return f"Password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Password must be {MAX_LENGTH} characters or fewer"
    if password.lower() in common_passwords():
        return (
            "Enter a password that is harder to guess: this one is on a list of "
            "commonly used passwords"
        )
    return None
