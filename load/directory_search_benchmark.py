"""Time the groups and events directory's search on 5,000 listings.

Run from the repository root:

    .venv/bin/python load/directory_search_benchmark.py
    .venv/bin/python load/directory_search_benchmark.py --postgres postgresql://u:p@127.0.0.1/db

It fills a fresh SQLite file and, when `--postgres` or MVPKIT_TEST_POSTGRES_URL gives a
database, a fresh PostgreSQL schema (dropped afterwards) with generated listings of varied
categories, days, ages, areas and words, then times 200 varied searches and prints the
median and 95th percentile for each: first through `mvpkit.patterns.directory.search` (the
query alone), then as residents ask, for the whole results page (`GET /?...` of a service
that is only a directory, through its Flask app: the filters checked, the search counted,
the page rendered), without the network.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mvpkit import clock  # noqa: E402
from mvpkit.app import create_app  # noqa: E402
from mvpkit.migrate import upgrade  # noqa: E402
from mvpkit.patterns.directory import taxonomy  # noqa: E402
from mvpkit.patterns.directory.answers import check, columns  # noqa: E402
from mvpkit.patterns.directory.models import DirectoryListing  # noqa: E402
from mvpkit.patterns.directory.search import search  # noqa: E402
from mvpkit.store.database import Database, connect, normalise_url  # noqa: E402

SERVICE = "find-a-group"
LISTINGS = 5_000
SEARCHES = 200
WARM_UP = 20
ACTIVITIES = (
    "yoga", "choir", "toddlers", "football", "knitting", "coffee", "bingo", "dementia",
    "bereavement", "reading", "coding", "gardening", "walking", "running", "painting",
    "history", "french", "chess", "dance", "cycling", "swimming", "cooking", "repair",
    "carers", "parents", "singing", "drama", "photography", "quiz", "meditation",
)  # fmt: skip
PLACES = ("Hyde Park", "Headingley", "Chapel Allerton", "Kirkstall", "Armley", "Roundhay")
VENUES = ("Community Centre", "Library", "Church Hall", "Sports Centre", "Park Pavilion")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STATUSES = ("published",) * 17 + ("pending", "withdrawn", "changes_requested")


def generated(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Listings' column values, as the answers of `count` made-up groups and events."""
    today = clock.today()
    categories = [term.id for term in taxonomy.TERMS]
    for number in range(count):
        first, second = rng.sample(ACTIVITIES, 2)
        place = rng.choice(PLACES)
        repeat = rng.choice(("weekly", "weekly", "monthly", "none"))
        starts_on = today + timedelta(days=rng.randint(-400, 90))
        low = rng.choice((None, None, 0, 5, 11, 18, 50, 65))
        high = None if low is None else rng.choice((None, low + 4, low + 10, 99))
        district = rng.randint(1, 29)
        answers = {
            "kind": "event" if repeat == "none" else "group",
            "organisation": f"{place} {first.title()} Network",
            "title": f"{place} {first} and {second} {number}",
            "description": f"A friendly {first} group with {second}, tea and a chat in {place}.",
            "who_for": "Everyone is welcome",
            "age_min": low,
            "age_max": high,
            "category": rng.choice(categories),
            "cost": rng.choice(("free", "free", "paid")),
            "cost_details": "£2 a session",
            "venue": f"{place} {rng.choice(VENUES)}",
            "address": f"{rng.randint(1, 200)} Mill Lane\nLeeds",
            "postcode": f"LS{district} {rng.randint(1, 9)}AB",
            "contact_email": f"group{number}@example.org",
            "starts_on": starts_on,
            "start_time": f"{rng.randint(8, 19):02d}:{rng.choice(('00', '30'))}",
            "end_time": "21:45",
            "repeat": repeat,
            "repeat_until": starts_on + timedelta(days=rng.randint(30, 500))
            if repeat != "none" and rng.random() < 0.3
            else None,
        }
        if repeat == "monthly" and (starts_on + timedelta(days=7)).month != starts_on.month:
            answers["week_of_month"] = -1
        yield {
            "service": SERVICE,
            "status": rng.choice(STATUSES),
            "edit_version": 1,
            **columns(check(answers)),
        }


def queries(count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Searches a resident might make: a few filters at a time, sometimes a later page."""
    categories = [term.id for term in taxonomy.TERMS]
    for _ in range(count):
        query: dict[str, Any] = {}
        if rng.random() < 0.5:
            query["words"] = " ".join(rng.sample(ACTIVITIES, rng.choice((1, 1, 2))))
        if rng.random() < 0.3:
            query["category"] = rng.choice(categories)
        if rng.random() < 0.3:
            query["age"] = rng.randint(0, 80)
        if rng.random() < 0.3:
            query["weekday"] = rng.randint(0, 6)
        if rng.random() < 0.2:
            query["cost"] = rng.choice(("free", "paid"))
        if rng.random() < 0.3:
            query["area"] = f"LS{rng.randint(1, 29)}"
        query["page"] = rng.choice((1, 1, 1, 2, 3, 10))
        yield query


def fill(db: Database, rng: random.Random) -> None:
    """Migrate the database as a service does, insert the listings, let the planner see them."""
    upgrade(db.engine)
    rows = list(generated(LISTINGS, rng))
    with db.writes() as session:
        session.execute(insert(DirectoryListing), rows)
        session.commit()
    with db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def timed(db: Database, rng: random.Random) -> tuple[list[float], float]:
    """Milliseconds for each search, and the mean number found."""
    asked = list(queries(WARM_UP + SEARCHES, rng))
    for query in asked[:WARM_UP]:
        search(db, SERVICE, **query)
    times: list[float] = []
    found = 0
    for query in asked[WARM_UP:]:
        started = time.perf_counter()
        page = search(db, SERVICE, **query)
        times.append((time.perf_counter() - started) * 1000)
        found += page.total
    return times, found / SEARCHES


def timed_pages(url: str, rng: random.Random) -> list[float]:
    """Milliseconds for each whole results page, through the service's app."""
    with tempfile.TemporaryDirectory() as folder:
        service = Path(folder) / SERVICE
        service.mkdir()
        (service / "service.yaml").write_text(
            "name: Find a group or event\ndirectory:\n  per_page: 20\n", encoding="utf-8"
        )
        app = create_app(service, {"environment": "test", "database_url": url})
        client = app.test_client()
        asked = [_page_address(query) for query in queries(WARM_UP + SEARCHES, rng)]
        for address in asked[:WARM_UP]:
            client.get(address)
        times: list[float] = []
        for address in asked[WARM_UP:]:
            started = time.perf_counter()
            answer = client.get(address)
            times.append((time.perf_counter() - started) * 1000)
            if answer.status_code not in (200, 404):  # 404: a page past the last
                raise SystemExit(f"{address} answered {answer.status_code}")
        return times


def _page_address(query: dict[str, Any]) -> str:
    """The search page's address for a query of `search`'s arguments."""
    names = {"words": "q", "category": "category", "age": "age", "cost": "cost", "area": "area"}
    given = {names[key]: str(value) for key, value in query.items() if key in names}
    if "weekday" in query:
        given["day"] = WEEKDAYS[query["weekday"]]
    given["page"] = str(query["page"])
    return f"/?{urlencode(given)}"


def report(name: str, times: list[float], mean_found: float) -> None:
    """Print one database's figures."""
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"{name:<11} median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   "
        f"max {max(times):6.2f} ms   ({SEARCHES} searches, {mean_found:.0f} found on average)"
    )


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A fresh schema in this PostgreSQL database, dropped afterwards."""
    base = normalise_url(url)
    schema = f"bench_{secrets.token_hex(6)}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run(name: str, url: str) -> None:
    """Fill this database, time the searches and print the figures."""
    db = connect(url)
    try:
        fill(db, random.Random(2026))
        times, mean_found = timed(db, random.Random(5))
        report(name, times, mean_found)
        pages = timed_pages(url, random.Random(5))
        p95 = statistics.quantiles(pages, n=20)[-1]
        print(
            f"{'':<11} median {statistics.median(pages):6.2f} ms   p95 {p95:6.2f} ms   "
            f"max {max(pages):6.2f} ms   (the whole results page, through the app)"
        )
    finally:
        db.dispose()


def main() -> None:
    """Benchmark SQLite, and PostgreSQL when a URL is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("MVPKIT_TEST_POSTGRES_URL", ""))
    arguments = parser.parse_args()
    print(f"{LISTINGS} listings, searches of 20 a page")
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'directory.sqlite3'}")
    if arguments.postgres:
        with postgres_schema(arguments.postgres) as url:
            run("PostgreSQL", url)


if __name__ == "__main__":
    main()
