"""Residents' pages: search the directory, see a listing, add it to a calendar.

The search is a GET form, so a page of results can be bookmarked and shared. A filter that
cannot be used gets a GOV.UK error message; a page number past the end gets a 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, render_template, request, session, url_for

from mvpkit.frontend.forms import FixedForm
from mvpkit.kit import current_kit
from mvpkit.patterns.directory import counts, feeds, listings, open_data, schedule, taxonomy
from mvpkit.patterns.directory.filters import DAYS, Asked, page_number, resident_search
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.patterns.directory.queries import everything_found
from mvpkit.patterns.directory.search import Page, search
from mvpkit.patterns.directory.settings import DirectorySettings, directory_of
from mvpkit.questions.answers import PageResult

finder = Blueprint("directory_search", __name__)
directory = Blueprint("directory", __name__)
CALENDAR = "text/calendar; charset=utf-8"
NEXT_DATES = 5
REPORT_MAX = 1000
REPORT_NOTICE = "directory_report_notice"
REPORT = FixedForm(
    {
        "id": "report",
        "title": "Something wrong with this listing?",
        "fields": [
            {
                "id": "what-is-wrong",
                "label": "What is wrong?",
                "type": "textarea",
                "max_length": REPORT_MAX,
                "hint": "For example, it has moved, stopped meeting or the contact details are "
                "out of date. Do not include personal information.",
                "errors": {"required": "Enter what is wrong"},
            }
        ],
    }
)


def settings() -> DirectorySettings:
    """The running service's `directory:` section."""
    section = directory_of(current_kit().service)
    assert section is not None, "the directory's pages are registered only with `directory:`"
    return section


def listing_url(listing: DirectoryListing) -> str:
    """A listing's page, as a whole URL."""
    return url_for("directory.listing", listing_id=listing.id, _external=True)


def feed_host() -> str:
    """The host the calendar UIDs are made with: the public address's, else the request's."""
    return urlsplit(current_kit().settings.public_url).hostname or request.host.split(":")[0]


def count_words(total: int) -> str:
    """ "23 groups and events", "1 group or event"."""
    return "1 group or event" if total == 1 else f"{total} groups and events"


def pagination(results: Page, asked: Asked) -> dict[str, Any] | None:
    """govukPagination's parameters: first, last, current and its neighbours, with gaps."""
    if results.total_pages <= 1:
        return None

    def href(number: int) -> str:
        values: dict[str, Any] = {**asked.query(), "page": number}
        return url_for("directory_search.search", **values)

    shown = sorted(
        {1, results.total_pages, results.page - 1, results.page, results.page + 1}
        & set(range(1, results.total_pages + 1))
    )
    items: list[dict[str, Any]] = []
    for index, number in enumerate(shown):
        if index and number - shown[index - 1] > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == results.page})
    return {
        "previous": None if results.first else {"href": href(results.page - 1)},
        "next": None if results.last else {"href": href(results.page + 1)},
        "items": items,
    }


@finder.get("", endpoint="search")
def search_page() -> str:
    """The search form and a page of results."""
    kit, section = current_kit(), settings()
    asked = resident_search(request.args)
    number = page_number(request.args.get("page"))
    if number is None:
        abort(404)
    results: Page | None = None
    if not asked.errors:
        results = search(kit.db, kit.slug, **asked.search(), page=number, per_page=section.per_page)
        if number > 1 and number > results.total_pages:
            abort(404)
        if asked.submitted and number == 1:
            counts.increment(kit.db, kit.slug, counts.SEARCHES)
    return render_template(
        "mvpkit/directory/search.html",
        title=section.title,
        section=section,
        asked=asked,
        errors=asked.errors,
        results=results,
        count=count_words(results.total) if results else "",
        pages=pagination(results, asked) if results else None,
        categories=taxonomy.choices(),
        days=[(name, name.capitalize()) for name in DAYS],
        summary=summary,
    )


def summary(listing: DirectoryListing) -> dict[str, str]:
    """What a result says about its listing under its title."""
    return {
        "when": schedule.wording(schedule.Schedule.of(listing)),
        "where": f"{listing.venue}, {listing.postcode}",
        "cost": cost_words(listing),
        "category": taxonomy.name_of(listing.category),
    }


def cost_words(listing: DirectoryListing) -> str:
    """ "Free", or what it costs."""
    return "Free" if listing.cost == "free" else (listing.cost_details or "Paid for")


def age_words(listing: DirectoryListing) -> str:
    """ "0 to 4", "18 and over", "Up to 11" or "All ages"."""
    low, high = listing.age_min, listing.age_max
    if low is not None and high is not None:
        return f"{low} to {high}"
    if low is not None:
        return f"{low} and over"
    return f"Up to {high}" if high is not None else "All ages"


def _published(listing_id: int) -> DirectoryListing:
    kit = current_kit()
    try:
        return listings.published(kit.db, kit.slug, listing_id)
    except listings.ListingNotFoundError:
        abort(404)


@directory.get("/listings/<int:listing_id>")
def listing(listing_id: int) -> str:
    """A published listing's page: what, who for, where, when, cost and contact."""
    return render_listing(_published(listing_id))


def render_listing(found: DirectoryListing, report: PageResult | None = None) -> str:
    """A listing's page, with the form to say something on it is wrong (and its errors)."""
    when = schedule.Schedule.of(found)
    coming = [
        f"{schedule.long_date(each.starts_at.date())}, {schedule.clock_time(each.starts_at.time())}"
        f" to {schedule.clock_time(each.ends_at.time())}"
        for each in schedule.upcoming(when, count=NEXT_DATES)
    ]
    url = listing_url(found)
    return render_template(
        "mvpkit/directory/listing.html",
        title=found.title,
        listing=found,
        when=schedule.wording(when),
        coming=coming,
        finished=schedule.finished(when),
        ages=age_words(found),
        cost=cost_words(found),
        category=taxonomy.name_of(found.category),
        json_ld=open_data.event_json_ld(found, url) if found.kind == "event" else None,
        back_href=url_for("directory_search.search"),
        report_form=REPORT,
        errors=report.errors if report else [],
        values=report.entered if report else {},
        notice=session.pop(REPORT_NOTICE, None),
    )


@directory.get("/listings/<int:listing_id>/calendar.ics")
def listing_calendar(listing_id: int) -> Response:
    """One listing, to add to a calendar, until it has finished (as the feeds agree)."""
    found = _published(listing_id)
    if schedule.finished(schedule.Schedule.of(found)):
        abort(404)
    body = feeds.listing_calendar(found, host=feed_host(), url_for=listing_url)
    response = Response(body, content_type=CALENDAR)
    response.headers["Content-Disposition"] = f'attachment; filename="listing-{found.id}.ics"'
    return response


@directory.get("/calendar.ics")
def calendar() -> Response:
    """Every published listing that has not finished, to subscribe to; each fetch counts."""
    kit, section = current_kit(), settings()
    found = everything_found(kit.db, kit.slug)
    counts.increment(kit.db, kit.slug, counts.FEED_SUBSCRIPTIONS)
    name = f"{section.title} – {kit.service.name}"
    body = feeds.directory_calendar(found, host=feed_host(), url_for=listing_url, name=name)
    return Response(body, content_type=CALENDAR)
