"""Each service's figures by month, from what the kit records, counted in the database.

Every number here comes from a GROUP BY over the month's rows (see `store/months.py` for
how a moment falls in a month); only the arithmetic on those totals is done in Python.
`docs/figures.md` defines every figure exactly as this module works it out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mvpkit.kit import Kit
from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.figures.models import AssistedSubmission, OfflineCount
from mvpkit.patterns.figures.settings import (
    ASSISTED,
    OFFLINE_CHANNELS,
    ONLINE,
    FiguresSettings,
    figures_of,
)
from mvpkit.registry import installed_patterns
from mvpkit.store.counts import write_counts
from mvpkit.store.models import Feedback, MonthlyCount, Submission
from mvpkit.store.months import bucket, per_month, span

SATISFIED = ("Very satisfied", "Satisfied")
VISIT, STARTED = "visit", "journey-started"
MOBILE = ("phone", "tablet")
STAFF_DAY_HOURS = 7.4  # a 37-hour week over five days


@dataclass(frozen=True)
class Month:
    """What one service recorded in one month, and the figures worked out from it."""

    month: str
    settings: FiguresSettings
    online: int = 0
    assisted: int = 0
    offline: dict[str, int] = field(default_factory=dict)
    assisted_places: dict[str, int] = field(default_factory=dict)
    started: int = 0
    rated: int = 0
    satisfied: int = 0
    visits: dict[str, int] = field(default_factory=dict)

    @property
    def digital(self) -> int:
        """Transactions done online, by the resident or with staff helping."""
        return self.online + self.assisted

    @property
    def offline_total(self) -> int:
        """Phone calls, visits and letters."""
        return sum(self.offline.values())

    @property
    def transactions(self) -> int:
        """Every transaction, in every channel."""
        return self.digital + self.offline_total

    @property
    def digital_take_up(self) -> float | None:
        """The share of transactions done online (assisted digital included)."""
        return self.digital / self.transactions if self.transactions else None

    @property
    def completion_rate(self) -> float | None:
        """Journeys sent over journeys started."""
        return min(1.0, self.digital / self.started) if self.started else None

    def channel_counts(self) -> dict[str, int]:
        """Transactions by channel."""
        return {ONLINE: self.online, ASSISTED: self.assisted, **self.offline}

    @property
    def cost(self) -> float:
        """What the month's transactions cost, each at its channel's cost."""
        counts = self.channel_counts()
        return sum(count * self.settings.cost(channel).cost for channel, count in counts.items())

    @property
    def cost_per_transaction(self) -> float | None:
        """The month's cost over its transactions."""
        return self.cost / self.transactions if self.transactions else None

    @property
    def offline_cost(self) -> float:
        """What one offline transaction costs: this month's offline mix, or a phone call."""
        if not self.offline_total:
            return self.settings.cost("phone").cost
        spent = sum(n * self.settings.cost(channel).cost for channel, n in self.offline.items())
        return spent / self.offline_total

    @property
    def savings(self) -> float:
        """Each digital transaction's cost below an offline one's."""
        baseline = self.offline_cost
        return sum(
            count * (baseline - self.settings.cost(channel).cost)
            for channel, count in ((ONLINE, self.online), (ASSISTED, self.assisted))
        )

    @property
    def staff_days_saved(self) -> float | None:
        """Staff minutes an offline transaction takes, for each one done online unaided."""
        minutes = self.settings.staff_minutes
        return None if minutes is None else self.online * minutes / 60 / STAFF_DAY_HOURS

    @property
    def user_satisfaction(self) -> float | None:
        """The share of ratings that were satisfied or very satisfied."""
        return self.satisfied / self.rated if self.rated else None

    @property
    def visit_total(self) -> int:
        """Visits to the start page."""
        return sum(self.visits.values())

    @property
    def mobile_share(self) -> float | None:
        """The share of visits from phones and tablets."""
        total = self.visit_total
        return sum(self.visits.get(d, 0) for d in MOBILE) / total if total else None


@dataclass(frozen=True)
class ServiceFigures:
    """A service's months, oldest first, and the figures its patterns add."""

    slug: str
    name: str
    months: list[Month]
    extra: list[MonthlyFigure]


def service_figures(kit: Kit, months: Sequence[str]) -> ServiceFigures:
    """The service's figures for these months (like 2026-11), oldest first."""
    settings = figures_of(kit.service)
    write_counts()  # this process's visits, counted soon, are counted now
    patterns = [pattern for pattern in installed_patterns() if pattern.active(kit.service)]
    for pattern in patterns:
        pattern.settle_figures(kit)
    with kit.db.reads() as session:
        found = _recorded(session, kit.slug, months)
        extra = [
            figure
            for pattern in patterns
            for figure in pattern.monthly_figures(kit, session, months)
        ]
    built = [Month(month=m, settings=settings, **found.get(m, {})) for m in months]
    return ServiceFigures(kit.slug, kit.service.name, built, extra)


def _recorded(session: Session, service: str, months: Sequence[str]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Each month's totals, from five grouped queries."""
    start, end = span(months)
    found: dict[str, dict] = defaultdict(  # type: ignore[type-arg]
        lambda: {"offline": {}, "assisted_places": {}, "visits": {}}
    )
    made = Submission.created_at
    sent = select(func.count()).where(Submission.service == service)
    for count, name in session.execute(per_month(sent, made, months)):
        if count:
            found[name]["online"] = count
    month = bucket(made, months)  # over the few submissions staff helped with, not them all
    helped = (
        select(month, AssistedSubmission.place, func.count())
        .select_from(AssistedSubmission)
        .join(Submission, Submission.id == AssistedSubmission.submission_id)
        .where(AssistedSubmission.service == service)
        .where(made >= start, made < end)
        .group_by(month, AssistedSubmission.place)
    )
    for name, place, count in session.execute(helped):
        found[name]["assisted"] = found[name].get("assisted", 0) + count
        found[name]["online"] = found[name].get("online", 0) - count
        found[name]["assisted_places"][place] = count
    offline = (
        select(OfflineCount.month, OfflineCount.channel, func.sum(OfflineCount.count))
        .where(OfflineCount.service == service, OfflineCount.month.in_(months))
        .where(OfflineCount.channel.in_(OFFLINE_CHANNELS))
        .group_by(OfflineCount.month, OfflineCount.channel)
    )
    for name, channel, count in session.execute(offline):
        found[name]["offline"][channel] = int(count)
    counted = (
        select(MonthlyCount.month, MonthlyCount.name, MonthlyCount.dimension, MonthlyCount.value)
        .where(MonthlyCount.service == service, MonthlyCount.month.in_(months))
        .where(MonthlyCount.name.in_((VISIT, STARTED)))
    )
    for name, what, dimension, value in session.execute(counted):
        if what == VISIT:
            found[name]["visits"][dimension] = value
        else:
            found[name]["started"] = found[name].get("started", 0) + value
    rated = bucket(Feedback.created_at, months)
    ratings = (
        select(rated, func.count(), func.sum(case((Feedback.rating.in_(SATISFIED), 1), else_=0)))
        .where(Feedback.service == service, Feedback.created_at >= start)
        .where(Feedback.created_at < end)
        .group_by(rated)
    )
    for name, count, happy in session.execute(ratings):
        found[name]["rated"], found[name]["satisfied"] = count, int(happy or 0)
    found.pop(None, None)  # type: ignore[call-overload]
    return found
