"""Bank holidays in England and Wales, computed for any year."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6

# Royal proclamations that moved a bank holiday: (year, rule's name) -> the date it moved to.
MOVED: dict[tuple[int, str], date] = {
    (2012, "Spring bank holiday"): date(2012, 6, 4),
    (2020, "Early May bank holiday"): date(2020, 5, 8),  # VE day, 75 years on
    (2022, "Spring bank holiday"): date(2022, 6, 2),
}
# One-off extra bank holidays.
EXTRA: dict[date, str] = {
    date(2011, 4, 29): "Royal wedding",
    date(2012, 6, 5): "Queen's Diamond Jubilee",
    date(2022, 6, 3): "Platinum Jubilee bank holiday",
    date(2022, 9, 19): "Bank Holiday for the State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Bank holiday for the coronation of King Charles III",
}


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    n = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * n) // 451
    month, day = divmod(h + n - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(MONDAY - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - MONDAY) % 7)


def _christmas(year: int) -> dict[date, str]:
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == SATURDAY:  # both fall at the weekend: Monday and Tuesday
        return {
            date(year, 12, 27): "Christmas Day (substitute day)",
            date(year, 12, 28): "Boxing Day (substitute day)",
        }
    if christmas.weekday() == SUNDAY:  # Boxing Day is Monday; Christmas moves to Tuesday
        return {boxing: "Boxing Day", date(year, 12, 27): "Christmas Day (substitute day)"}
    if christmas.weekday() == FRIDAY:  # Boxing Day on Saturday moves to Monday
        return {christmas: "Christmas Day", date(year, 12, 28): "Boxing Day (substitute day)"}
    return {christmas: "Christmas Day", boxing: "Boxing Day"}


def _new_year(year: int) -> dict[date, str]:
    day = date(year, 1, 1)
    if day.weekday() >= SATURDAY:
        return {day + timedelta(days=7 - day.weekday()): "New Year's Day (substitute day)"}
    return {day: "New Year's Day"}


@cache
def bank_holidays(year: int) -> dict[date, str]:
    """Every bank holiday in England and Wales in this year, by date, with its name."""
    easter = easter_sunday(year)
    rules = {
        "Good Friday": easter - timedelta(days=2),
        "Easter Monday": easter + timedelta(days=1),
        "Early May bank holiday": _first_monday(year, 5),
        "Spring bank holiday": _last_monday(year, 5),
        "Summer bank holiday": _last_monday(year, 8),
    }
    days = _new_year(year)
    for name, day in rules.items():
        days[MOVED.get((year, name), day)] = name
    days.update(_christmas(year))
    days.update({day: name for day, name in EXTRA.items() if day.year == year})
    return dict(sorted(days.items()))


def is_bank_holiday(day: date) -> bool:
    """True when this day is a bank holiday in England and Wales."""
    return day in bank_holidays(day.year)
