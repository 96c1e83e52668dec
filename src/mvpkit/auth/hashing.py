"""Passwords stored only as Argon2id hashes; an unknown account costs the same work."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

HASHER = PasswordHasher()  # Argon2id with argon2-cffi's defaults, for staff and residents
DUMMY_HASH = HASHER.hash("a password nobody has, to even out timing")


def hash_password(password: str) -> str:
    """The Argon2id hash to store."""
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the Argon2 hash (False for a broken hash)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; with no hash, the same work against a dummy one."""
    if password_hash is None:
        verify_password(DUMMY_HASH, password)
        return False
    return verify_password(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker settings than today's."""
    return HASHER.check_needs_rehash(password_hash)
