"""Small numbers kept back: how every figure is shown, on every page and in every download.

As published statistics do, a count from 1 to 4 is shown as "fewer than 5", so nobody can
be picked out of a small number. A share (digital take-up, completion, satisfaction,
mobile share), an average and a time are shown only when worked out from 5 or more: else
"fewer than 5 transactions" (or ratings, visits...). Nothing here is counted: it only
decides what a figure worked out in `compute.py` may say.

A number kept back must not be found by subtraction either. Where parts are shown with
their total (transactions by channel, visits by device, services beside the programme),
a month with exactly one part kept back keeps back the smallest other part too
(`complement`); and what is worked out from those parts in that month (a share, a cost,
savings) is kept back as well (`series.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

SMALLEST = 5
"""The smallest number shown, or a figure is worked out from."""
FEWER = "fewer than 5"
WITHHELD = "kept back"
NOTHING = "–"


@dataclass(frozen=True)
class Shown:
    """A figure as it may be shown: its value (None when kept back or none) and its words."""

    value: float | None
    text: str
    kept_back: bool = False
    """True when a small number is kept back: the chart draws no bar for it."""

    def plain(self, places: int = 2) -> float | int | str:
        """For a download: the number (rounded to `places`), else the words."""
        if self.value is None:
            return self.text
        rounded = round(self.value, places)
        return int(rounded) if float(rounded).is_integer() else rounded


def small(number: float) -> bool:
    """True for a number that is kept back: from 1 to 4."""
    return 0 < number < SMALLEST


def kept_back(of: str) -> Shown:
    """A figure worked out from too few to show: "fewer than 5 transactions"."""
    return Shown(None, f"{FEWER} {of}".strip(), kept_back=True)


def withheld() -> Shown:
    """A figure kept back so that a small number cannot be worked out from it."""
    return Shown(None, WITHHELD, kept_back=True)


def complement(parts: list[Shown]) -> list[Shown]:
    """The parts of a shown total, with the smallest other part kept back too when exactly
    one is kept back (else that one is the total less the others)."""
    if sum(part.kept_back for part in parts) != 1:
        return parts
    others = [i for i, part in enumerate(parts) if part.value is not None and part.value > 0]
    if not others:
        return parts
    smallest = min(others, key=lambda i: parts[i].value or 0)
    return [withheld() if i == smallest else part for i, part in enumerate(parts)]


def none_of(of: str) -> Shown:
    """A figure with nothing to work it out from: "no transactions"."""
    return Shown(None, f"no {of}")


def count(number: int | None) -> Shown:
    """A count: 0 and 5 or more as they are, 1 to 4 as "fewer than 5"."""
    if number is None:
        return Shown(None, NOTHING)
    if small(number):
        return kept_back("")
    return Shown(number, f"{number:,}")


def share(part: float, whole: int, of: str = "transactions") -> Shown:
    """`part` over `whole` as a percentage, only when `whole` is 5 or more."""
    if whole <= 0:
        return none_of(of)
    if small(whole):
        return kept_back(of)
    value = part / whole
    return Shown(value, percent(value))


def percent(value: float) -> str:
    """A share in whole percent, or to one place when under 1% and not none."""
    shown = round(100 * value)
    if shown == 0 and value > 0:
        return f"{100 * value:.1f}%"
    return f"{shown}%"


def money(amount: float | None, worked_from: int, of: str = "transactions") -> Shown:
    """Pounds worked out from `worked_from` transactions: kept back when that is 1 to 4."""
    if amount is None:
        return none_of(of)
    if small(worked_from):
        return kept_back(of)
    return Shown(amount, pounds(amount))


def average(total: float, worked_from: int, of: str = "transactions") -> Shown:
    """`total` pounds over `worked_from`: none with none, kept back from 1 to 4."""
    if worked_from <= 0:
        return none_of(of)
    return money(total / worked_from, worked_from, of)


def pounds(amount: float) -> str:
    """£2.83 under £100; £1,234 from £100 up."""
    if abs(amount) < 100:
        return f"£{amount:,.2f}".replace("£-", "-£")
    return f"£{amount:,.0f}".replace("£-", "-£")


def staff_days(days: float | None, worked_from: int) -> Shown:
    """Staff days, to one place; kept back when worked out from 1 to 4 transactions."""
    if days is None:
        return Shown(None, "not set")
    if small(worked_from):
        return kept_back("transactions")
    return Shown(days, f"{days:,.1f} days")


def days(value: float | None, worked_from: int, of: str) -> Shown:
    """A time in days (a median or a 90th percentile), from `worked_from` of `of`."""
    if value is None or worked_from <= 0:
        return none_of(of)
    if small(worked_from):
        return kept_back(of)
    return Shown(value, f"{value:,.1f} days")
