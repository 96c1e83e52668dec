"""The kit's own figures, each read from a `Month` and shown with small numbers kept back.

A `Measure` reads an amount and how many it is worked out from (a share's whole, an
average's count), so the programme view can add the same amounts up across services
before it shows them; `shown.py` decides what each may say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mvpkit.patterns.figures import shown
from mvpkit.patterns.figures.compute import MOBILE, Month
from mvpkit.patterns.figures.shown import Shown

Raw = tuple[float, int]
"""A figure before it is shown: its amount, and how many it is worked out from."""
CHANNEL_NAMES = {
    "online": "Online",
    "assisted": "Assisted digital",
    "phone": "Phone",
    "face-to-face": "Face to face",
    "post": "Post",
}
DEVICES = {"phone": "Phones", "tablet": "Tablets", "desktop": "Desktops"}


@dataclass(frozen=True)
class Measure:
    """One of the kit's own figures: how it is read from a month, and how it is shown."""

    key: str
    label: str
    full: str
    unit: str  # count, percent, pounds or days
    raw: Callable[[Month], Raw | None]
    show: Callable[[float, int], Shown]

    def shown(self, raw: Raw | None) -> Shown:
        """The figure as shown, from its amount (None: not worked out for this service)."""
        return Shown(None, "not set") if raw is None else self.show(*raw)


def _count(read: Callable[[Month], int]) -> Callable[[Month], Raw]:
    return lambda month: (read(month), read(month))


def _counted(amount: float, _whole: int) -> Shown:
    return shown.count(round(amount))


def _share(of: str) -> Callable[[float, int], Shown]:
    return lambda part, whole: shown.share(part, whole, of)


def _staff_days(month: Month) -> Raw | None:
    saved = month.staff_days_saved
    return None if saved is None else (saved, month.online)


def _channel(channel: str) -> Callable[[Month], int]:
    return lambda month: month.channel_counts().get(channel, 0)


def _device(device: str) -> Callable[[Month], int]:
    return lambda month: month.visits.get(device, 0)


MEASURES = {
    measure.key: measure
    for measure in (
        *(
            Measure(
                channel,
                name,
                f"{name} transactions",
                "count",
                _count(_channel(channel)),
                _counted,
            )
            for channel, name in CHANNEL_NAMES.items()
        ),
        Measure(
            "transactions",
            "All channels",
            "Transactions",
            "count",
            _count(lambda m: m.transactions),
            _counted,
        ),
        Measure(
            "digital-take-up",
            "Digital take-up",
            "Digital take-up",
            "percent",
            lambda m: (m.digital, m.transactions),
            _share("transactions"),
        ),
        Measure(
            "completion-rate",
            "Completion rate",
            "Completion rate",
            "percent",
            lambda m: (min(m.digital, m.started), m.started),
            _share("journeys started"),
        ),
        Measure(
            "journeys-started",
            "Journeys started",
            "Journeys started",
            "count",
            _count(lambda m: m.started),
            _counted,
        ),
        Measure(
            "user-satisfaction",
            "User satisfaction",
            "User satisfaction",
            "percent",
            lambda m: (m.satisfied, m.rated),
            _share("ratings"),
        ),
        Measure("ratings", "Ratings", "Ratings", "count", _count(lambda m: m.rated), _counted),
        Measure(
            "cost-per-transaction",
            "Cost per transaction",
            "Cost per transaction",
            "pounds",
            lambda m: (m.cost, m.transactions),
            shown.average,
        ),
        Measure(
            "savings",
            "Savings",
            "Savings",
            "pounds",
            lambda m: (m.savings, m.digital),
            shown.money,
        ),
        Measure(
            "staff-days-saved",
            "Staff days saved",
            "Staff days saved",
            "days",
            _staff_days,
            shown.staff_days,
        ),
        *(
            Measure(
                f"visits-{d}",
                name,
                f"Visits from {name.lower()}",
                "count",
                _count(_device(d)),
                _counted,
            )
            for d, name in DEVICES.items()
        ),
        Measure(
            "visits", "All visits", "Visits", "count", _count(lambda m: m.visit_total), _counted
        ),
        Measure(
            "mobile-share",
            "Mobile share",
            "Mobile share",
            "percent",
            lambda m: (sum(m.visits.get(d, 0) for d in MOBILE), m.visit_total),
            _share("visits"),
        ),
    )
}
