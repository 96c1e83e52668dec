"""The directory's residents' pages, calendar feeds and open data, through HTTP."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask
from icalendar import Calendar
from werkzeug.test import Client

from mvpkit.patterns.directory import counts, listings, moderation
from mvpkit.patterns.directory.open_referral import stable_id
from mvpkit.serve import build_wsgi
from tests.conftest import AppFactory, write_service
from tests.directory_support import STAFF, answers
from tests.support import Browser, Page

NOW = datetime(2026, 5, 11, 8, tzinfo=UTC)  # Monday 11 May 2026, 9am in London
SLUG = "find-a-group"
DEFINITION = "name: Find a group\ndirectory:\n  per_page: 5\n  area_name: Leeds\n"
RESULT = re.compile(r'<a class="govuk-link" href="([^"]*/listings/(\d+))">([^<]*)</a>')


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def app(make_app: AppFactory, database_url: str, tmp_path: Path) -> Flask:
    return make_app(write_service(tmp_path / SLUG, DEFINITION), database_url)


@pytest.fixture
def browser(app: Flask) -> Browser:
    return Browser(app.test_client())


def add(app: Flask, title: str, *, publish: bool = True, **changes: object) -> int:
    """A listing of the service, published by staff unless told not to."""
    kit = app.extensions["mvpkit"]
    listing = listings.create(kit.db, kit.slug, answers(title=title, **changes))
    if publish:
        moderation.approve(kit.db, kit.slug, listing.id, STAFF)
    return listing.id


ALL = ["Tuesday toddlers", "Thursday football", "Saturday walks", "Summer fair"]
ANY_AGE = {"age_min": "", "age_max": ""}
EVENT = {"kind": "event", "repeat": "none", "starts_on": "2026-06-13", **ANY_AGE}
EVENT |= {"start_time": "14:00", "end_time": "16:00", "cost": "paid", "cost_details": "£2 a ticket"}


@pytest.fixture
def directory(app: Flask) -> Flask:
    """Four listings: a weekly group, a paid sport group, a walking group and a summer fair."""
    add(app, "Tuesday toddlers")  # weekly on Tuesdays, ages 0 to 4, free, LS6
    football = {"description": "Five-a-side football for adults.", "age_min": "18", "age_max": ""}
    football |= {"category": "sport-and-fitness", "cost": "paid", "cost_details": "£3 a game"}
    add(app, "Thursday football", starts_on="2026-01-08", postcode="LS16 5AB", **football)
    walks = {"description": "Gentle walks around the park.", "category": "walking-groups"}
    add(app, "Saturday walks", starts_on="2026-01-10", **walks, **ANY_AGE)
    add(app, "Summer fair", description="Stalls and games.", category="learning", **EVENT)
    return app


def titles(page: Page) -> list[str]:
    return [title for _, _, title in RESULT.findall(page.html)]


def count_of(page: Page) -> str:
    [heading] = page.find("h2", id="results-count")
    return " ".join(heading.text.split())


def searches(app: Flask, name: str = counts.SEARCHES) -> int:
    kit = app.extensions["mvpkit"]
    return counts.monthly(kit.db, kit.slug).get("2026-05", {}).get(name, 0)


def test_the_search_is_the_root_and_lists_what_is_on_soonest_first(
    directory: Flask, browser: Browser
) -> None:
    page = browser.get("/")
    assert page.h1 == "Find a group or event"
    assert "Community groups and events in Leeds." in page.text()
    assert count_of(page) == "4 groups and events"
    assert titles(page) == ALL
    assert searches(directory) == 0, "opening the page is not a search"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=FOOTBALL", ["Thursday football"]),
        ("q=park+walks", ["Saturday walks"]),
        ("category=sport-and-fitness", ["Thursday football", "Saturday walks"]),
        ("category=walking-groups", ["Saturday walks"]),
        ("age=3", ["Tuesday toddlers", "Saturday walks", "Summer fair"]),
        ("age=30", ["Thursday football", "Saturday walks", "Summer fair"]),
        ("day=thursday", ["Thursday football"]),
        ("cost=paid", ["Thursday football", "Summer fair"]),
        ("area=ls16", ["Thursday football"]),
        ("area=LS6+1AN&cost=free", ["Tuesday toddlers", "Saturday walks"]),
    ],
)
def test_each_filter_narrows_the_results_and_counts_a_search(
    directory: Flask, browser: Browser, query: str, found: list[str]
) -> None:
    page = browser.get(f"/?{query}")
    assert titles(page) == found
    assert count_of(page) == (
        "1 group or event" if len(found) == 1 else f"{len(found)} groups and events"
    )
    assert searches(directory) == 1


def test_the_chosen_filters_are_shown_again(directory: Flask, browser: Browser) -> None:
    page = browser.get("/?q=walks&category=walking-groups&day=saturday&cost=free&age=7&area=ls6")
    assert page.value_of("q") == "walks"
    assert page.value_of("age") == "7"
    assert page.value_of("area") == "ls6"
    for name, value in (("category", "walking-groups"), ("day", "saturday"), ("cost", "free")):
        assert re.search(rf'<option value="{value}" selected>', page.html), name


def test_results_come_a_page_at_a_time_with_links_that_keep_the_filters(
    app: Flask, browser: Browser
) -> None:
    for number in range(7):
        add(app, f"Group {number}")
    first = browser.get("/?q=group")
    assert count_of(first) == "7 groups and events"
    assert titles(first) == [f"Group {number}" for number in range(5)]
    assert '<nav class="govuk-pagination"' in first.html
    assert 'href="/?q=group&amp;page=2"' in first.html
    second = browser.get("/?q=group&page=2")
    assert titles(second) == ["Group 5", "Group 6"]
    assert 'href="/?q=group&amp;page=1"' in second.html
    assert searches(app) == 1, "another page of the same results is not another search"
    for past_the_end in ("3", "0", "two", "-1"):
        assert browser.client.get(f"/?q=group&page={past_the_end}").status_code == 404
    assert titles(browser.get("/?q=nothing-like-this")) == []


AGE_ERROR = "Age must be a whole number of years between 0 and 120"
AREA_ERROR = "Enter a postcode area, like LS6, or a full postcode, like LS6 1AN"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("age=four", "age", AGE_ERROR),
        ("age=500", "age", AGE_ERROR),
        ("category=knitting", "category", "Select a category from the list"),
        ("day=someday", "day", "Select a day from the list"),
        ("cost=cheap", "cost", "Select free or paid for"),
        ("area=nowhere", "area", AREA_ERROR),
    ],
)
def test_a_filter_that_cannot_be_used_gets_an_error_message(
    directory: Flask, browser: Browser, query: str, field: str, message: str
) -> None:
    page = browser.get(f"/?{query}")
    assert page.title.startswith("Error: ")
    assert page.error_summary == [(message, f"#{field}")]
    assert page.field_errors == [message]
    assert not page.find("h2", id="results-count")
    assert searches(directory) == 0


def test_a_listing_page_says_what_who_where_when_and_cost(
    directory: Flask, browser: Browser
) -> None:
    first = browser.get("/?q=toddlers")
    [(href, _, _)] = RESULT.findall(first.html)
    page = browser.get(href)
    assert page.h1 == "Tuesday toddlers"
    rows = page.summary_rows()
    assert rows["Who it is for"] == "Children under 5 and their parents or carers"
    assert rows["Age"] == "0 to 4"
    assert "Hyde Park Community Centre<br>12 Mill Lane<br>Leeds<br>LS6 1AN" in page.html
    assert rows["When"] == "Every Tuesday, 10am to 11:30am"
    assert rows["Cost"] == "Free"
    assert "toddlers@group.example" in rows["Contact"]
    [dates] = page.find("ul", id="next-dates")
    assert [" ".join(item.text.split()) for item in dates.children][:2] == [
        "Tuesday 12 May 2026, 10am to 11:30am",
        "Tuesday 19 May 2026, 10am to 11:30am",
    ]
    assert page.link("Add to your calendar") == f"{href}/calendar.ics"
    assert "application/ld+json" not in page.html, "a group's page has no Event"
    assert not page.find("div", id="finished")


def json_ld(page: Page) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', page.html, re.S
    )
    assert match, "no JSON-LD"
    assert f"'nonce-{match.group(1)}'" in page.response.headers["Content-Security-Policy"]
    data: dict[str, Any] = json.loads(match.group(2))
    return data


def test_an_events_page_carries_its_schema_org_event(directory: Flask, browser: Browser) -> None:
    [(href, _, _)] = RESULT.findall(browser.get("/?q=fair").html)
    page = browser.get(href)
    data = json_ld(page)
    assert data["@type"] == "Event"
    assert data["name"] == "Summer fair"
    assert data["startDate"] == "2026-06-13T14:00:00+01:00"
    assert data["endDate"] == "2026-06-13T16:00:00+01:00"
    assert data["url"] == f"http://localhost{href}"
    assert data["location"]["address"]["postalCode"] == "LS6 1AN"
    assert data["isAccessibleForFree"] is False
    assert data["offers"]["description"] == "£2 a ticket"


def test_a_finished_event_says_so_and_is_not_found(app: Flask, browser: Browser) -> None:
    listing_id = add(app, "Spring fair", **{**EVENT, "starts_on": "2026-05-02"})
    page = browser.get(f"/listings/{listing_id}")
    [finished] = page.find("div", id="finished")
    assert " ".join(finished.text.split()) == "This event has finished"
    assert "Add to your calendar" not in page.text()
    assert titles(browser.get("/")) == []


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_a_listing_not_published_is_nowhere(app: Flask, browser: Browser, status: str) -> None:
    kit = app.extensions["mvpkit"]
    listing_id = add(app, "Hidden group", publish=False)
    if status == "rejected":
        moderation.reject(kit.db, kit.slug, listing_id, STAFF, "Not a community group")
    elif status == "withdrawn":
        listings.withdraw(kit.db, kit.slug, listing_id)
    assert listings.get(kit.db, kit.slug, listing_id).status == status
    client = browser.client
    assert client.get(f"/listings/{listing_id}").status_code == 404
    assert client.get(f"/listings/{listing_id}/calendar.ics").status_code == 404
    assert titles(browser.get("/")) == []
    assert "Hidden group" not in client.get("/calendar.ics").get_data(as_text=True)
    assert client.get("/open-data/services").get_json()["content"] == []
    open_id = stable_id(SLUG, "listing", listing_id)
    assert client.get(f"/open-data/services/{open_id}").status_code == 404
    assert "Hidden group" not in client.get("/open-data/listings.csv").get_data(as_text=True)


def events_of(body: bytes) -> list[Any]:
    return [part for part in Calendar.from_ical(body).walk() if part.name == "VEVENT"]


def test_a_listings_calendar_holds_it_repeating(directory: Flask, browser: Browser) -> None:
    [(href, listing_id, _)] = RESULT.findall(browser.get("/?q=toddlers").html)
    response = browser.client.get(f"{href}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = events_of(response.data)
    assert str(event["summary"]) == "Tuesday toddlers"
    assert str(event["uid"]) == f"directory-{SLUG}-{listing_id}@localhost"
    assert str(event["url"]) == f"http://localhost{href}"
    assert (event["rrule"]["FREQ"], event["rrule"]["BYDAY"]) == (["WEEKLY"], ["TU"])
    assert searches(directory, counts.FEED_SUBSCRIPTIONS) == 0


def test_the_whole_directorys_calendar_counts_each_fetch(directory: Flask) -> None:
    client = directory.test_client()
    for _ in range(2):
        response = client.get("/calendar.ics")
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    summaries = sorted(str(event["summary"]) for event in events_of(response.data))
    assert summaries == ["Saturday walks", "Summer fair", "Thursday football", "Tuesday toddlers"]
    assert searches(directory, counts.FEED_SUBSCRIPTIONS) == 2


def test_open_referral_services_are_paged_in_its_wrapper(directory: Flask) -> None:
    client = directory.test_client()
    body = client.get("/open-data/services?per_page=3&page=2").get_json()
    assert {key: value for key, value in body.items() if key != "content"} == {
        "totalElements": 4,
        "totalPages": 2,
        "number": 2,
        "size": 3,
        "first": False,
        "last": True,
    }
    [service] = body["content"]
    assert service["name"] == "Summer fair"
    assert service["url"].startswith("http://localhost/listings/")
    assert service["regular_schedules"][0]["byday"] == "SA"
    one = client.get(f"/open-data/services/{service['id']}")
    assert one.status_code == 200
    assert one.get_json() == service
    assert client.get("/open-data/services?per_page=10").get_json()["size"] == 10
    assert client.get("/open-data/services").get_json()["size"] == 5, "the service's page size"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("search=football", {"Thursday football"}),
        ("taxonomy_term_id=sport-and-fitness", {"Thursday football", "Saturday walks"}),
        ("minimum_age=10&maximum_age=12", {"Saturday walks", "Summer fair"}),
        ("maximum_age=4", {"Tuesday toddlers", "Saturday walks", "Summer fair"}),
        ("day=TU", {"Tuesday toddlers"}),
        ("day=saturday", {"Saturday walks", "Summer fair"}),
    ],
)
def test_open_referral_filters(directory: Flask, query: str, found: set[str]) -> None:
    body = directory.test_client().get(f"/open-data/services?{query}").get_json()
    assert {service["name"] for service in body["content"]} == found


REFUSED = "page=0 page=x per_page=51 per_page=-2 minimum_age=old minimum_age=9&maximum_age=4"


@pytest.mark.parametrize("query", [*REFUSED.split(), "taxonomy_term_id=knitting", "day=someday"])
def test_open_referral_refuses_values_it_cannot_use(directory: Flask, query: str) -> None:
    response = directory.test_client().get(f"/open-data/services?{query}")
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    assert response.get_json()["message"]


def test_open_referral_taxonomies_and_only_get(directory: Flask) -> None:
    client = directory.test_client()
    for path in ("/open-data/taxonomies", "/open-data/taxonomy_terms"):
        body = client.get(path).get_json()
        terms = {term["id"]: term for term in body["content"]}
        assert body["totalElements"] == len(terms) == 13
        assert terms["walking-groups"]["parent"] == "sport-and-fitness"
    assert client.get("/open-data/services/not-an-id").status_code == 404
    for path in ("/open-data/services", "/open-data/taxonomies", "/open-data/listings.csv"):
        assert client.post(path).status_code == 405


def test_the_csv_is_a_download_of_every_listing_found(directory: Flask) -> None:
    response = directory.test_client().get("/open-data/listings.csv")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{SLUG}-listings.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["title"] for row in rows] == ALL
    assert all(row["url"].startswith("http://localhost/listings/") for row in rows)


def test_a_service_with_pages_searches_at_find(make_app: AppFactory, tmp_path: Path) -> None:
    folder = write_service(
        tmp_path / "with-pages", "name: Both\ndirectory: {}\npages: [{id: a, title: A}]\n"
    )
    client = make_app(folder).test_client()
    page = Browser(client).get("/find?q=anything")
    assert page.h1 == "Find a group or event"
    assert 'action="/find"' in page.html
    assert 'action="/find"' not in client.get("/").get_data(as_text=True)


def test_every_address_carries_the_mount(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)
    served = Client(build_wsgi([write_service(tmp_path / "services" / SLUG, DEFINITION)]))
    app = served.application.mounts[f"/{SLUG}"]  # type: ignore[attr-defined]
    for number in range(6):
        add(app, f"Group {number}")
    base = f"/council/{SLUG}"

    def get(path: str) -> Any:
        return served.get(f"/{SLUG}{path}", base_url="http://localhost/council/")

    html = get("/?q=group").get_data(as_text=True)
    assert f'action="{base}/"' in html
    assert {href for href, _, _ in RESULT.findall(html)} <= {
        f"{base}/listings/{number}" for number in range(1, 7)
    }
    assert f'href="{base}/?q=group&amp;page=2"' in html
    assert f'href="{base}/calendar.ics"' in html
    listing = get("/listings/1").get_data(as_text=True)
    assert f'href="{base}/listings/1/calendar.ics"' in listing
    data = get("/open-data/services").get_json()
    assert data["content"][0]["url"] == f"http://localhost{base}/listings/1"
    feed = get("/calendar.ics").data
    assert str(events_of(feed)[0]["url"]).startswith(f"http://localhost{base}/listings/")
