"""Signed links that let a resident change or cancel their appointment until it has passed.

The link carries the booking's reference, signed with the service's secret key: changing a
letter breaks the signature. It opens the appointment until a day after the appointment
starts (`LINK_OUTLIVES`), however far ahead it was booked; after that the appointment page
is of no use. An appointment that has started cannot be changed, whatever the link.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from mvpkit import clock

SALT = "mvpkit.booking.manage"
LINK_OUTLIVES = timedelta(days=1)


def manage_key(secret_key: str, reference: str) -> str:
    """The signed key for this booking's change-or-cancel link."""
    return URLSafeTimedSerializer(secret_key, salt=SALT).dumps(reference)


def reference_from_key(secret_key: str, key: str) -> str | None:
    """The reference a key was signed for, or None when it is forged."""
    try:
        reference = URLSafeTimedSerializer(secret_key, salt=SALT).loads(key)
    except BadSignature:
        return None
    return reference if isinstance(reference, str) else None


def link_open(slot_start: datetime) -> bool:
    """True while an appointment starting then may still be opened from its emailed link."""
    return clock.now() < clock.as_utc(slot_start) + LINK_OUTLIVES
