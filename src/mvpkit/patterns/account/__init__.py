"""My Account: residents register, sign in, see their reports and appointments, and leave.

Any service can ask who is signed in with `current_account(db)`: the session is kept in the
database every service shares, and its cookie is sent to every service on the host.
"""

from mvpkit.patterns.account.models import Account
from mvpkit.patterns.account.sessions import current_account

__all__ = ["Account", "current_account"]
