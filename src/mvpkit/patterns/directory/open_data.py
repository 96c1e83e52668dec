"""The directory as open data: schema.org JSON-LD for an event's page, and a CSV export.

Open Referral UK's JSON is in `open_referral.py`. URLs come from the caller.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from mvpkit import clock
from mvpkit.patterns.directory import schedule, taxonomy
from mvpkit.patterns.directory.models import DirectoryListing

UrlFor = Callable[[DirectoryListing], str]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SCHEDULE_DAYS = "https://schema.org/"
CSV_COLUMNS = (
    "id",
    "kind",
    "title",
    "organisation",
    "description",
    "who_for",
    "age_min",
    "age_max",
    "category",
    "category_name",
    "cost",
    "cost_details",
    "venue",
    "address",
    "postcode",
    "area",
    "when",
    "starts_at",
    "ends_at",
    "repeat",
    "repeat_until",
    "contact_email",
    "contact_phone",
    "website",
    "url",
    "published_at",
)


def event_json_ld(
    listing: DirectoryListing, url: str, after: datetime | None = None
) -> dict[str, Any]:
    """The schema.org Event for a listing's page: its next occurrence (else its last), where,
    who runs it, what it costs, and for a repeating listing its eventSchedule."""
    when = schedule.Schedule.of(listing)
    coming = schedule.upcoming(when, count=1, after=after)
    occurrence = coming[0] if coming else schedule.last_occurrence(when)
    occurrence = occurrence or schedule.occurrence_on(when, when.start.date())
    free = listing.cost == "free"
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": listing.title,
        "description": listing.description,
        "url": url,
        "startDate": occurrence.starts_at.isoformat(),
        "endDate": occurrence.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": listing.venue,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(address_lines(listing)),
                "postalCode": listing.postcode,
                "addressCountry": "GB",
            },
        },
        "organizer": _organizer(listing),
        "isAccessibleForFree": free,
    }
    if not free:
        data["offers"] = {"@type": "Offer", "description": listing.cost_details, "url": url}
    if listing.age_min is not None or listing.age_max is not None:
        data["typicalAgeRange"] = age_range(listing)
    if when.repeat != "none":
        data["eventSchedule"] = _event_schedule(when)
    return data


def _organizer(listing: DirectoryListing) -> dict[str, Any]:
    organizer: dict[str, Any] = {"@type": "Organization", "name": listing.organisation}
    if listing.website:
        organizer["url"] = listing.website
    return organizer


def _event_schedule(when: schedule.Schedule) -> dict[str, Any]:
    start, end = when.start, when.end
    data: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": "P1W" if when.repeat == "weekly" else "P1M",
        "byDay": SCHEDULE_DAYS + schedule.WEEKDAYS[start.weekday()],
        "startDate": start.date().isoformat(),
        "startTime": start.strftime("%H:%M:%S"),
        "endTime": end.strftime("%H:%M:%S"),
        "scheduleTimezone": "Europe/London",
    }
    if when.repeat == "monthly" and when.week != schedule.LAST:
        data["byMonthWeek"] = when.week  # schema.org has no word for "the last week"
    last = schedule.last_occurrence(when)
    if last is not None:
        data["endDate"] = last.starts_at.date().isoformat()
    return data


def age_range(listing: DirectoryListing) -> str:
    """schema.org's typicalAgeRange: "5-11", "18-" or "-4"."""
    low = "" if listing.age_min is None else str(listing.age_min)
    high = "" if listing.age_max is None else str(listing.age_max)
    return f"{low}-{high}"


def address_lines(listing: DirectoryListing) -> list[str]:
    """The address's lines, without blanks (the postcode is kept apart)."""
    return [
        line.strip() for line in listing.address.replace(",", "\n").splitlines() if line.strip()
    ]


def csv_export(listings: Iterable[DirectoryListing], url_for: UrlFor) -> str:
    """A CSV of the listings, one row each; no cell can start a spreadsheet formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for listing in listings:
        writer.writerow([safe_cell(value) for value in csv_row(listing, url_for)])
    return buffer.getvalue()


def csv_row(listing: DirectoryListing, url_for: UrlFor) -> list[Any]:
    """A listing's CSV cells, in the order of CSV_COLUMNS."""
    when = schedule.Schedule.of(listing)
    published = clock.as_utc(listing.published_at).isoformat() if listing.published_at else ""
    return [
        listing.id,
        listing.kind,
        listing.title,
        listing.organisation,
        listing.description,
        listing.who_for,
        listing.age_min,
        listing.age_max,
        listing.category,
        taxonomy.name_of(listing.category),
        listing.cost,
        listing.cost_details,
        listing.venue,
        listing.address,
        listing.postcode,
        listing.area,
        schedule.wording(when),
        when.start.isoformat(),
        when.end.isoformat(),
        listing.repeat,
        listing.repeat_until.isoformat() if listing.repeat_until else "",
        listing.contact_email,
        listing.contact_phone,
        listing.website,
        url_for(listing),
        published,
    ]


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: one starting = + - @ (or a tab or return) gets a
    single quote before it. Numbers pass as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
