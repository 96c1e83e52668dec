"""A year of generated transactions for four services, and their figures counted in Python.

`year()` makes the rows: 100,000 submissions over four services, with the tracking
service's status events, the booking service's appointments, assisted digital, offline
counts, monthly counts, ratings, accounts and the directory's counts. Their moments are
spread over twelve months and crowded at London's month edges and clock changes. `fill`
inserts them in bulk. `Expected` holds every figure worked out from the rows in plain
Python (months from `zoneinfo`, ranks from `sorted`), never from the database.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, text

from mvpkit.patterns.account import models as account_models  # noqa: F401  (its tables)
from mvpkit.patterns.booking import models as booking_models  # noqa: F401
from mvpkit.patterns.directory import models as directory_models  # noqa: F401
from mvpkit.patterns.figures import models as figures_models  # noqa: F401
from mvpkit.store.database import Database
from mvpkit.store.models import Base

LONDON = ZoneInfo("Europe/London")
MONTHS = ["2025-11", "2025-12", *(f"2026-{number:02d}" for number in range(1, 11))]
OUTSIDE = ("2025-10", "2026-11")  # the months either side, recorded but never asked for
FAULT, BOOKING = "report-a-fault", "register-a-birth-or-death"
ACCOUNT, DIRECTORY = "my-account", "groups-and-events"
SUBMISSIONS = {FAULT: 40_000, BOOKING: 30_000, DIRECTORY: 20_000, ACCOUNT: 10_000}
PREFIXES = {FAULT: "RF", BOOKING: "RB", DIRECTORY: "GE", ACCOUNT: "MA"}
OTHER = "another-service"  # rows of a service nobody asks about
STATUSES = ("Received", "Investigating", "Repair scheduled", "Fixed")
STATUS_KEYS = {
    "Investigating": "days-to-investigating",
    "Repair scheduled": "days-to-repair-scheduled",
    "Fixed": "days-to-fixed",
}
PLACES = ("Contact centre", "Central Library", "Northside Hub")
SATISFIED = ("Very satisfied", "Satisfied")
RATINGS = (*SATISFIED, "Neither satisfied or dissatisfied", "Dissatisfied", "Very dissatisfied")
DEVICES = ("phone", "tablet", "desktop")
OFFLINE = ("phone", "face-to-face", "post")
BOOKING_STATUSES = ("booked",) * 10 + ("attended",) * 6 + ("no-show", "cancelled", "cancelled")
DIRECTORY_NAMES = {
    "listings_published": "listings-published",
    "searches": "directory-searches",
    "feed_subscriptions": "feed-subscriptions",
}
ACCOUNTS, RATED = 8_000, 20_000
# Midnight in London on the first of each month, and the two clock changes, in UTC.
EDGES = [
    datetime(2025 + (month > 12), (month - 1) % 12 + 1, 1, tzinfo=LONDON).astimezone(UTC)
    for month in range(11, 25)
]
CHANGES = (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC))
FIRST, LAST = datetime(2025, 10, 20, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)
# Parents first, for the foreign keys.
ORDER = (
    "submissions",
    "status_events",
    "figures_assisted",
    "figures_offline",
    "monthly_counts",
    "feedback",
    "bookings",
    "accounts",
    "directory_counts",
)


@dataclass
class Tally:
    """What one service recorded in one month, counted in Python."""

    online: int = 0
    assisted: int = 0
    places: Counter[str] = field(default_factory=Counter)
    offline: Counter[str] = field(default_factory=Counter)
    started: int = 0
    visits: Counter[str] = field(default_factory=Counter)
    rated: int = 0
    satisfied: int = 0

    @property
    def digital(self) -> int:
        return self.online + self.assisted


@dataclass(frozen=True)
class Figure:
    """A pattern's figure, counted in Python: values, and for a time its p90 and counts."""

    values: dict[str, float]
    p90: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Year:
    """The rows of each table, and every figure they should give."""

    rows: dict[str, list[dict[str, Any]]]
    tallies: dict[str, dict[str, Tally]]
    figures: dict[str, dict[str, Figure]]
    moments: list[datetime]
    """Every submission's moment, to show the year tells London's months from UTC's."""


def london_month(moment: datetime) -> str:
    """The month on London's clocks, as zoneinfo has it."""
    return moment.astimezone(LONDON).strftime("%Y-%m")


def nearest_rank(values: list[float]) -> tuple[int, float, float]:
    """How many, the median and the 90th percentile, by the nearest-rank method."""
    ordered = sorted(values)
    n = len(ordered)
    return n, ordered[math.ceil(n / 2) - 1], ordered[-(-9 * n // 10) - 1]


def spread_figure(waits: dict[str, list[float]]) -> Figure:
    """A time figure from each month's waits, in days."""
    ranked = {month: nearest_rank(values) for month, values in waits.items() if values}
    return Figure(
        values={month: median for month, (_n, median, _p90) in ranked.items()},
        p90={month: p90 for month, (_n, _median, p90) in ranked.items()},
        counts={month: n for month, (n, _median, _p90) in ranked.items()},
    )


class _Maker:
    """Makes the rows, keeping the tallies as it goes."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.rows: dict[str, list[dict[str, Any]]] = {name: [] for name in ORDER}
        self.tallies: dict[str, dict[str, Tally]] = {
            slug: {month: Tally() for month in MONTHS} for slug in SUBMISSIONS
        }
        self.waits: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        self.moments: list[datetime] = []
        self.next_id: Counter[str] = Counter()
        self.accounts: Counter[str] = Counter()

    def ident(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def moment(self) -> datetime:
        """A moment in whole seconds: one in six close to a month's edge or a clock change."""
        pick = self.rng.random()
        if pick < 0.12:
            base = self.rng.choice(EDGES)
        elif pick < 0.16:
            base = self.rng.choice(CHANGES)
        else:
            seconds = int((LAST - FIRST).total_seconds())
            return FIRST + timedelta(seconds=self.rng.randrange(seconds))
        return base + timedelta(seconds=self.rng.randint(-3 * 3600, 3 * 3600))

    def delay(self) -> timedelta:
        """A wait: mostly days, now and then weeks."""
        return timedelta(seconds=60 + int(self.rng.expovariate(1 / (4 * 86400))))

    def submissions(self) -> None:
        for slug, how_many in SUBMISSIONS.items():
            for _ in range(how_many):
                self.submission(slug)

    def submission(self, slug: str) -> None:
        made = self.moment()
        number = self.ident("submissions")
        month = london_month(made)
        self.moments.append(made)
        row = {
            "id": number,
            "service": slug,
            "reference": f"{PREFIXES[slug]}-{number:08d}",
            "draft_token": f"draft-{number}",
            "answers": {"number": number},
            "status": None,
            "created_at": made,
            "updated_at": made,
        }
        self.rows["submissions"].append(row)
        tally = self.tallies[slug].get(month)
        if self.rng.random() < 0.06:
            place = self.rng.choice(PLACES)
            self.rows["figures_assisted"].append(
                {"submission_id": number, "service": slug, "place": place, "staff_email": "h@x"}
            )
            if tally is not None:
                tally.assisted += 1
                tally.places[place] += 1
        elif tally is not None:
            tally.online += 1
        if slug == FAULT:
            row["status"] = self.events(number, made, month)
        elif slug == BOOKING:
            self.booking(row["reference"], made, month, BOOKING)

    def events(self, submission: int, made: datetime, month: str) -> str:
        """Status events: on, or straight to Fixed; sometimes reopened, or an old status."""
        events, at = [("Received", made)], made
        if self.rng.random() < 0.08:
            at += self.delay()
            events.append(("Fixed", at))
        else:
            for status in STATUSES[1:]:
                if self.rng.random() > 0.8:
                    break
                at += self.delay()
                events.append((status, at))
        if events[-1][0] == "Fixed" and self.rng.random() < 0.05:  # reopened, fixed again
            at += self.delay()
            events.append(("Investigating", at))
            at += self.delay()
            events.append(("Fixed", at))
        if self.rng.random() < 0.02:
            at += self.delay()
            events.append(("Closed", at))  # a status the service no longer has
        for status, moment in events:
            self.rows["status_events"].append(
                {
                    "id": self.ident("status_events"),
                    "submission_id": submission,
                    "status": status,
                    "note": "",
                    "by": "system" if status == "Received" else "staff@council.example",
                    "created_at": moment,
                }
            )
        if month in self.tallies[FAULT]:
            firsts: dict[str, datetime] = {}
            for status, moment in events:
                firsts.setdefault(status, moment)
            for status, key in STATUS_KEYS.items():
                if status in firsts:
                    days = (firsts[status] - made).total_seconds() / 86400
                    self.waits[key][month].append(days)
        return events[-1][0]

    def booking(self, reference: str, made: datetime, month: str, slug: str) -> None:
        slot = made + timedelta(seconds=self.rng.randint(4 * 3600, 60 * 86400))
        slot = slot.replace(minute=slot.minute // 15 * 15, second=0)
        status = self.rng.choice(BOOKING_STATUSES)
        self.rows["bookings"].append(
            {
                "id": self.ident("bookings"),
                "service": slug,
                "reference": reference,
                "slot_start": slot,
                "status": status,
                "details": {},
                "cancel_reason": "Cannot come" if status == "cancelled" else "",
                "created_at": made,
                "updated_at": made,
            }
        )
        if slug == BOOKING and month in self.tallies[BOOKING]:
            self.waits["time-to-appointment"][month].append((slot - made).total_seconds() / 86400)

    def others(self) -> None:
        """Ratings, accounts, and bookings of a service nobody asks about."""
        slugs = [*SUBMISSIONS, OTHER]
        for _ in range(RATED):
            slug, made = self.rng.choice(slugs), self.moment()
            rating = self.rng.choice(RATINGS)
            self.rows["feedback"].append(
                {"service": slug, "rating": rating, "comments": "", "created_at": made}
            )
            tally = self.tallies.get(slug, {}).get(london_month(made))
            if tally is not None:
                tally.rated += 1
                tally.satisfied += rating in SATISFIED
        for number in range(ACCOUNTS):
            made = self.moment()
            self.rows["accounts"].append(
                {
                    "email": f"resident{number}@example.org",
                    "password_hash": "not a hash",
                    "created_at": made,
                    "updated_at": made,
                }
            )
            if london_month(made) in MONTHS:
                self.accounts[london_month(made)] += 1
        for number in range(500):
            self.booking(f"OB-{number:08d}", self.moment(), "", OTHER)

    def monthly(self) -> dict[str, dict[str, float]]:
        """Offline counts, visits, journeys started, look-ups and the directory's counts."""
        counted: dict[str, dict[str, float]] = defaultdict(dict)
        for slug in [*SUBMISSIONS, OTHER]:
            for month in (*MONTHS, *OUTSIDE):
                tally = self.tallies.get(slug, {}).get(month, Tally())
                self.offline(slug, month, tally)
                for device in DEVICES:
                    if self.rng.random() < 0.9:
                        tally.visits[device] = self.count(slug, month, "visit", device, 3000)
                if self.rng.random() < 0.95:  # now and then fewer starts than sent: at most 100%
                    high = max(10, int(tally.digital * 1.6))
                    low = max(0, int(tally.digital * 0.9))
                    tally.started = self.count(slug, month, "journey-started", "", high, low)
                if slug == FAULT and self.rng.random() < 0.9:
                    tracked = self.count(slug, month, "tracked", "", 5000)
                    if month in MONTHS and tracked:
                        counted["references-tracked"][month] = tracked
                if slug in (DIRECTORY, OTHER):
                    self.directory(slug, month, counted)
        return counted

    def count(
        self, slug: str, month: str, name: str, dimension: str, high: int, low: int = 0
    ) -> int:
        value = self.rng.randint(low, high)
        self.rows["monthly_counts"].append(
            {"service": slug, "month": month, "name": name, "dimension": dimension, "value": value}
        )
        return value

    def offline(self, slug: str, month: str, tally: Tally) -> None:
        if slug == BOOKING and month == "2026-02":
            return  # a month with no offline transactions: savings count from a phone call
        for channel in OFFLINE:
            for _ in range(self.rng.choice((0, 1, 1, 2, 3))):
                number = self.rng.randint(0, 400)
                self.rows["figures_offline"].append(
                    {
                        "service": slug,
                        "month": month,
                        "channel": channel,
                        "count": number,
                        "source": self.rng.choice(("form", "import")),
                        "note": "",
                        "entered_by": "staff@council.example",
                        "entered_at": LAST,
                    }
                )
                tally.offline[channel] += number

    def directory(self, slug: str, month: str, counted: dict[str, dict[str, float]]) -> None:
        for name, key in DIRECTORY_NAMES.items():
            if self.rng.random() < 0.9:
                number = self.rng.randint(0, 900)
                self.rows["directory_counts"].append(
                    {"service": slug, "month": month, "name": name, "count": number}
                )
                if slug == DIRECTORY and month in MONTHS and number:
                    counted[key][month] = number


@cache
def year(seed: int = 2026) -> Year:
    """The year's rows and figures; the same every time for the same seed."""
    maker = _Maker(seed)
    maker.submissions()
    maker.others()
    counted = maker.monthly()
    for slug in [*DIRECTORY_NAMES.values(), "references-tracked"]:
        counted.setdefault(slug, {})
    maker.rows["directory_counts"].append(
        {"service": DIRECTORY, "month": "0000-00", "name": "searches", "count": 1}
    )  # a mark of something done once, never a month's count
    appointments = spread_figure(maker.waits["time-to-appointment"])
    figures = {
        FAULT: {
            **{key: spread_figure(maker.waits[key]) for key in STATUS_KEYS.values()},
            "references-tracked": Figure(counted["references-tracked"]),
        },
        BOOKING: {
            "time-to-appointment": appointments,
            "appointments-booked": Figure(dict(appointments.counts)),
        },
        ACCOUNT: {"accounts-opened": Figure(dict(maker.accounts))},
        DIRECTORY: {key: Figure(counted[key]) for key in DIRECTORY_NAMES.values()},
    }
    return Year(maker.rows, maker.tallies, figures, maker.moments)


def fill(db: Database, data: Year, chunk: int = 20_000) -> None:
    """Insert the year's rows in bulk, a table at a time, and let the planner see them."""
    with db.engine.begin() as connection:
        for name in ORDER:
            table = Base.metadata.tables[name]
            rows = data.rows[name]
            for start in range(0, len(rows), chunk):
                connection.execute(insert(table), rows[start : start + chunk])
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))
