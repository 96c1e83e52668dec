"""My Account's figure: accounts opened, month by month, counted in the database."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.account.models import Account
from mvpkit.store.months import bucket, span


def accounts_opened(session: Session, months: Sequence[str]) -> MonthlyFigure:
    """Accounts made in each month: accounts are the host's, not one service's."""
    start, end = span(months)
    month = bucket(Account.created_at, months)
    opened = (
        select(month, func.count())
        .where(Account.created_at >= start, Account.created_at < end)
        .group_by(month)
    )
    return MonthlyFigure(
        key="accounts-opened",
        label="Accounts opened",
        kind="count",
        values={name: count for name, count in session.execute(opened) if name is not None},
        how=(
            "Accounts made in the month (an account is made once its email address is "
            "confirmed), by every service sharing the database, less any deleted since."
        ),
    )
