"""iCalendar feeds: one listing to add to a calendar, or a whole directory to subscribe to.

Times are London wall-clock times (TZID=Europe/London) with the VTIMEZONE that defines
them, and repeats are RRULEs, so a calendar keeps a weekly group at 10am through the clock
changes. The caller gives the host for UIDs and a function from a listing to its page's
URL: no URL is built here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from mvpkit import clock
from mvpkit.patterns.directory import schedule
from mvpkit.patterns.directory.models import DirectoryListing

PRODID = "-//mvpkit//Groups and events directory//EN"
UrlFor = Callable[[DirectoryListing], str]


def listing_calendar(listing: DirectoryListing, *, host: str, url_for: UrlFor) -> bytes:
    """A VCALENDAR holding this listing."""
    return _calendar([listing], host=host, url_for=url_for, name=listing.title)


def directory_calendar(
    listings: Iterable[DirectoryListing], *, host: str, url_for: UrlFor, name: str
) -> bytes:
    """A VCALENDAR holding every listing given (the published ones), named for the service."""
    return _calendar(listings, host=host, url_for=url_for, name=name)


def uid(listing: DirectoryListing, host: str) -> str:
    """The listing's UID, the same in every feed and download: directory-<service>-<id>@host."""
    return f"directory-{listing.service}-{listing.id}@{host}"


def event(listing: DirectoryListing, *, host: str, url_for: UrlFor) -> Event:
    """The listing as a VEVENT, its first occurrence and its RRULE."""
    when = schedule.Schedule.of(listing)
    entry = Event()
    entry.add("uid", uid(listing, host))
    entry.add("dtstamp", clock.as_utc(listing.updated_at))
    entry.add("last-modified", clock.as_utc(listing.updated_at))
    entry.add("dtstart", when.start)
    entry.add("dtend", when.end)
    entry.add("summary", listing.title)
    entry.add("description", description(listing))
    entry.add("location", location(listing))
    entry.add("url", url_for(listing))
    rule = rrule(when)
    if rule is not None:
        entry.add("rrule", rule)
    return entry


def rrule(when: schedule.Schedule) -> vRecur | None:
    """FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=1TU, with UNTIL when it stops; None once."""
    if when.repeat == "none":
        return None
    rule = vRecur(freq=when.repeat.upper(), byday=schedule.byday(when))
    last = schedule.last_occurrence(when)
    if last is not None:
        # With a TZID'd DTSTART, UNTIL is in UTC (RFC 5545 3.3.10): the last start.
        rule["until"] = clock.as_utc(last.starts_at)
    return rule


def description(listing: DirectoryListing) -> str:
    """The event's description: what it is, who runs it, what it costs."""
    lines = [listing.description, "", f"Run by {listing.organisation}."]
    if listing.who_for:
        lines.append(f"Who it is for: {listing.who_for}")
    cost = listing.cost_details if listing.cost == "paid" else "Free"
    lines.append(f"Cost: {cost}")
    return "\n".join(lines)


def location(listing: DirectoryListing) -> str:
    """Where it happens, on one line."""
    parts = [listing.venue, *listing.address.splitlines(), listing.postcode]
    return ", ".join(part.strip() for part in parts if part.strip())


def london_timezone() -> Timezone:
    """Europe/London as a VTIMEZONE with yearly rules (the UK's since 1996), good for ever."""
    zone = Timezone()
    zone.add("tzid", "Europe/London")
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", timedelta(0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _calendar(
    listings: Iterable[DirectoryListing], *, host: str, url_for: UrlFor, name: str
) -> bytes:
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Europe/London")
    feed.add_component(london_timezone())
    for listing in listings:
        feed.add_component(event(listing, host=host, url_for=url_for))
    written: bytes = feed.to_ical()
    return written
