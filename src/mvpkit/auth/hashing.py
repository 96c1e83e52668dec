"""Passwords stored only as Argon2id hashes; an unknown account costs the same work."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Argon2id at OWASP's recommended settings: 19 MiB of memory, 2 passes, 1 lane. A hash
# takes about 35 ms of one core, so sign-ins under load leave the other core to the pages.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash of a password nobody has, made once with HASHER's settings: checking a password
# against it costs what checking a real one does. Written out rather than made at import,
# which would cost every process start an Argon2 hash and 19 MiB.
DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$2RUehFl/4C3nLztFFouMsQ$Wpf72YnUJQit0YUh1C6PMlDktuR4Hn8fEEXzdtA+j3c"  # noqa: E501


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
