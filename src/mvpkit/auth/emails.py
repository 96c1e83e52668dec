"""Email addresses as accounts compare them."""

from __future__ import annotations


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding spaces."""
    return email.strip().lower()
