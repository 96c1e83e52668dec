"""My Account, as the kit sees it: residents' accounts, shared by every service on the host.

Its pages and stores load when a service that uses it is built, or when a method needs
them, so a process serving other services does not hold them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mvpkit.pattern import Pattern
from mvpkit.patterns.account.settings import AccountSettings

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.orm import Session

    from mvpkit.definition.model import Service
    from mvpkit.kit import Kit
    from mvpkit.pattern import MonthlyFigure

ACCOUNT_PATH = "account"  # a service with pages of its own serves My Account below this


class AccountPattern(Pattern):
    """`account:` in service.yaml: register, sign in, see one's reports and appointments."""

    name = "account"
    tables = ("mvpkit.patterns.account.models",)
    section = "account"
    settings = AccountSettings
    description = "Residents' accounts, with the services whose records they see."
    serves_without_pages = True

    def reserved_paths(self, service: Service) -> frozenset[str]:
        """The account pages' address, on a service that has them."""
        return frozenset({ACCOUNT_PATH}) if self.active(service) else frozenset()

    def install(self, app: Flask, service: Service) -> None:
        """The account pages: at the service's root when it has no pages, else below /account."""
        from mvpkit.patterns.account.access_views import account_access
        from mvpkit.patterns.account.account_views import account

        prefix = f"/{ACCOUNT_PATH}" if service.pages else ""
        app.register_blueprint(account_access, url_prefix=prefix)
        app.register_blueprint(account, url_prefix=prefix)

    def sender_account(self, kit: Kit) -> int | None:
        """Whoever is signed in on this host, in any service's My Account."""
        from mvpkit.patterns.account.sessions import current_account

        signed_in = current_account(kit.db)
        return signed_in.id if signed_in else None

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        """Accounts opened, for a service with the `account:` section only."""
        if not (self.active(kit.service) and months):
            return ()
        from mvpkit.patterns.account.figures import accounts_opened

        return (accounts_opened(session, months),)
