"""Signed, expiring links that let a resident change or cancel their appointment.

The link carries the booking's reference, signed with the service's secret key and the
time it was made: changing a letter breaks the signature, and a link older than
`LINK_DAYS` (longer than anyone can book ahead) no longer opens the appointment. An
appointment that has started cannot be changed, whatever the link.
"""

from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "mvpkit.booking.manage"
LINK_DAYS = timedelta(days=90)


def manage_key(secret_key: str, reference: str) -> str:
    """The signed key for this booking's change-or-cancel link."""
    return URLSafeTimedSerializer(secret_key, salt=SALT).dumps(reference)


def reference_from_key(secret_key: str, key: str, max_age: timedelta = LINK_DAYS) -> str | None:
    """The reference a key was signed for, or None when it is forged or has expired."""
    try:
        reference = URLSafeTimedSerializer(secret_key, salt=SALT).loads(
            key, max_age=int(max_age.total_seconds())
        )
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return reference if isinstance(reference, str) else None
