"""Submission references like SL-7K4M-92QF: short, unique, and easy to read aloud."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: characters people mix up when reading or typing.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
REFERENCE_PATTERN = re.compile(rf"^[A-Z]{{1,6}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference(prefix: str) -> str:
    """A fresh random reference with this prefix."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{prefix}-{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str:
    """A reference as typed (any case, spaces, missing hyphens) in its canonical form."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    match = re.fullmatch(rf"([A-Z]{{1,6}})([{ALPHABET}]{{4}})([{ALPHABET}]{{4}})", compact)
    if not match:
        return text.strip().upper()
    return "-".join(match.groups())


def is_reference(text: str) -> bool:
    """True when the text has the shape of a reference."""
    return bool(REFERENCE_PATTERN.fullmatch(text))  # match() would let "$" pass a final "\n"
