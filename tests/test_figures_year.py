"""A year of figures: 100,000 transactions over four services, checked against Python.

The year's rows (`tests/figures_year_support.py`) crowd around London's month edges and
clock changes, so a month cut at UTC midnight, a percentile a rank out or a figure of
another service would each show. Every figure of `service_figures`, the patterns' figures
included, is compared with a count made from the generated rows, never from the database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Service
from mvpkit.kit import Kit
from mvpkit.migrate import upgrade
from mvpkit.patterns.booking.models import Booking
from mvpkit.patterns.figures.compute import Month, ServiceFigures, service_figures
from mvpkit.patterns.tracking.settings import tracking_of
from mvpkit.settings import load_settings
from mvpkit.store import months
from mvpkit.store.database import Database, connect
from mvpkit.store.models import StatusEvent
from tests.figures_year_support import (
    ACCOUNT,
    BOOKING,
    DIRECTORY,
    FAULT,
    MONTHS,
    STATUSES,
    SUBMISSIONS,
    Tally,
    Year,
    fill,
    london_month,
    year,
)

pytestmark = pytest.mark.slow
EXEMPLARS = Path(__file__).resolve().parents[1] / "exemplars"
DAYS = 1e-6  # a tenth of a second, in days: SQLite's julianday is exact to the millisecond
DEFAULT_COSTS = {
    "online": 0.15,
    "assisted": 2.83,
    "phone": 2.83,
    "face-to-face": 8.62,
    "post": 8.62,
}
FAULT_COSTS = {**DEFAULT_COSTS, "online": 0.25, "phone": 3.5}
FAULT_FIGURES = """
figures:
  staff_minutes: 12
  costs:
    online:
      cost: 0.25
      source: Our own count of the web's cost, 2026
    phone:
      cost: 3.5
      source: The contact centre's costs, 2026
"""


@pytest.fixture(scope="module")
def data() -> Year:
    return year()


def _services(folder: Path) -> dict[str, Service]:
    """The exemplars, report-a-fault with its own costs and staff minutes."""
    found = {slug: load_service(EXEMPLARS / slug) for slug in (BOOKING, ACCOUNT, DIRECTORY)}
    fault = folder / FAULT
    fault.mkdir()
    text = (EXEMPLARS / FAULT / "service.yaml").read_text(encoding="utf-8")
    (fault / "service.yaml").write_text(text + FAULT_FIGURES, encoding="utf-8")
    found[FAULT] = load_service(fault)
    return found


def _figures(services: dict[str, Service], db: Database, folder: Path) -> dict[str, Any]:
    settings = load_settings(folder, {"database_url": "sqlite://", "secret_key": "k" * 40})
    return {
        slug: service_figures(Kit(service, slug, settings, db, None), MONTHS)
        for slug, service in services.items()
    }


def test_the_year_tells_london_months_from_utc_ones(data: Year) -> None:
    """Enough moments fall in another month by UTC for a month cut wrongly to show."""
    moved = [m for m in data.moments if london_month(m) != m.strftime("%Y-%m")]
    assert len(moved) > 500
    assert {london_month(m) for m in moved} >= {"2026-04", "2026-07", "2026-10"}
    assert sum(SUBMISSIONS.values()) == len(data.rows["submissions"]) == 100_000


def test_a_year_of_figures_matches_a_count_in_python(
    database_url: str, tmp_path: Path, data: Year, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = _services(tmp_path)
    assert tuple(tracking_of(services[FAULT]).statuses) == STATUSES  # type: ignore[union-attr]
    db = connect(database_url)
    try:
        upgrade(db.engine)
        fill(db, data)
        found = _figures(services, db, tmp_path)
        for slug, figures in found.items():
            _check_months(figures, data.tallies[slug], slug)
            _check_patterns(figures, data, slug)
        # The same figures with months cut at UTC midnight, settled afresh: the checks notice.
        monkeypatch.setattr(months, "bounds", _utc_bounds)
        with db.writes() as session:
            session.execute(update(StatusEvent).values(service=None, month=None, waited=None))
            session.execute(update(Booking).values(month=None, days_ahead=None))
            session.commit()
        wrong = _figures({FAULT: services[FAULT]}, db, tmp_path)[FAULT]
        with pytest.raises(AssertionError):
            _check_months(wrong, data.tallies[FAULT], FAULT)
        with pytest.raises(AssertionError):
            _check_patterns(wrong, data, FAULT)
    finally:
        db.dispose()


def _check_months(found: ServiceFigures, tallies: dict[str, Tally], slug: str) -> None:
    """Every figure of every month: the counts, and what is worked out from them."""
    assert [month.month for month in found.months] == MONTHS
    costs = FAULT_COSTS if slug == FAULT else DEFAULT_COSTS
    for month in found.months:
        tally = tallies[month.month]
        where = f"{slug} {month.month}"
        assert (month.online, month.assisted) == (tally.online, tally.assisted), where
        assert dict(month.assisted_places) == dict(tally.places), where
        assert {c: n for c, n in month.offline.items() if n} == {
            c: n for c, n in tally.offline.items() if n
        }, where
        assert month.started == tally.started, where
        assert (month.rated, month.satisfied) == (tally.rated, tally.satisfied), where
        assert dict(month.visits) == dict(tally.visits), where
        _check_worked_out(month, tally, costs, slug, where)


def _check_worked_out(
    month: Month, tally: Tally, costs: dict[str, float], slug: str, where: str
) -> None:
    """Take-up, completion, cost, savings, staff time, satisfaction and mobile share."""
    offline = sum(tally.offline.values())
    total = tally.digital + offline
    assert month.transactions == total, where
    assert month.digital_take_up == pytest.approx(tally.digital / total), where
    expected_completion = min(1.0, tally.digital / tally.started) if tally.started else None
    assert month.completion_rate == pytest.approx(expected_completion), where
    spent = (
        tally.online * costs["online"]
        + tally.assisted * costs["assisted"]
        + sum(n * costs[channel] for channel, n in tally.offline.items())
    )
    assert month.cost == pytest.approx(spent), where
    assert month.cost_per_transaction == pytest.approx(spent / total), where
    baseline = (
        sum(n * costs[channel] for channel, n in tally.offline.items()) / offline
        if offline
        else costs["phone"]
    )
    savings = tally.online * (baseline - costs["online"])
    savings += tally.assisted * (baseline - costs["assisted"])
    assert month.savings == pytest.approx(savings), where
    staff = tally.online * 12 / 60 / 7.4 if slug == FAULT else None
    assert month.staff_days_saved == pytest.approx(staff), where
    satisfaction = tally.satisfied / tally.rated if tally.rated else None
    assert month.user_satisfaction == pytest.approx(satisfaction), where
    visits = sum(tally.visits.values())
    mobile = (tally.visits["phone"] + tally.visits["tablet"]) / visits if visits else None
    assert month.mobile_share == pytest.approx(mobile), where


def _check_patterns(found: ServiceFigures, data: Year, slug: str) -> None:
    """Each pattern's figures, and none from a pattern the service does not use."""
    expected = data.figures[slug]
    ours = {key for figures in data.figures.values() for key in figures}
    given = {figure.key: figure for figure in found.extra if figure.key in ours}
    assert sorted(given) == sorted(expected), slug
    for key, figure in expected.items():
        made = given[key]
        where = f"{slug} {key}"
        assert made.label, where
        assert made.how, where
        if made.kind == "count":
            assert dict(made.values) == figure.values, where
            continue
        assert made.kind == "days", where
        assert dict(made.counts) == figure.counts, where
        for month in figure.values:
            assert made.values[month] == pytest.approx(figure.values[month], abs=DAYS), where
            assert made.p90[month] == pytest.approx(figure.p90[month], abs=DAYS), where
        assert sorted(made.values) == sorted(figure.values) == sorted(made.p90), where


def _utc_bounds(month: str) -> tuple[datetime, datetime]:
    """A month cut at midnight UTC: the mistake the checks must catch."""
    year_, number = (int(part) for part in month.split("-"))
    start = datetime(year_, number, 1, tzinfo=UTC)
    return start, datetime(year_ + number // 12, number % 12 + 1, 1, tzinfo=UTC)
