"""Signed links that let a listing's organisers change or withdraw it.

The key carries the listing's id and its `edit_version`, signed with the service's secret
key. Withdrawing the listing, or a change that sends it back for checking, bumps the
version: every earlier link then stops working.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "mvpkit.directory.edit"


def edit_key(secret_key: str, listing_id: int, edit_version: int) -> str:
    """The signed key for this version of the listing's edit link."""
    return URLSafeSerializer(secret_key, salt=SALT).dumps([listing_id, edit_version])


def version_from_key(secret_key: str, listing_id: int, key: str) -> int | None:
    """The edit version a key was signed for, for this listing; None when forged or not its."""
    try:
        signed = URLSafeSerializer(secret_key, salt=SALT).loads(key)
    except BadSignature:
        return None
    if not (isinstance(signed, list) and len(signed) == 2 and signed[0] == listing_id):
        return None
    version = signed[1]
    return version if isinstance(version, int) and not isinstance(version, bool) else None
