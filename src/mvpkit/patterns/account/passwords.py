"""Residents' passwords: long enough, not a common one, stored only as an Argon2 hash."""

from __future__ import annotations

from functools import cache

from mvpkit.backoffice.accounts import DUMMY_HASH, HASHER, verify_password

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


def hash_password(password: str) -> str:
    """The Argon2id hash to store."""
    return HASHER.hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; with no hash, the same work against a dummy one."""
    if password_hash is None:
        verify_password(DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's."""
    return HASHER.check_needs_rehash(password_hash)
