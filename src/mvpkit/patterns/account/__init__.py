"""My Account: residents register, sign in, see their reports and appointments, and leave.

Any service can ask who is signed in with `current_account(db)`: the session is kept in the
database every service shares, and its cookie is sent to every service on the host.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Account", "current_account"]


def __getattr__(name: str) -> Any:
    """`Account` and `current_account`, loaded when first asked for (see `pattern.py`)."""
    if name == "Account":
        from mvpkit.patterns.account.models import Account

        return Account
    if name == "current_account":
        from mvpkit.patterns.account.sessions import current_account

        return current_account
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
