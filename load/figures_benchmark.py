"""Time the figures on a year of transactions: 100,000 over four services.

Run from the repository root:

    .venv/bin/python load/figures_benchmark.py
    .venv/bin/python load/figures_benchmark.py --postgres postgresql://u:p@127.0.0.1/db

It fills a fresh SQLite file and, when `--postgres` or MVPKIT_TEST_POSTGRES_URL gives a
database, a fresh PostgreSQL schema (dropped afterwards) with the year of data that
`tests/test_figures_year.py` checks (`tests/figures_year_support.py`: submissions, status
events, bookings, assisted digital, offline counts, monthly counts, ratings, accounts and
the directory's counts, over twelve months). It times the first view, which settles the
year's waits once (`store/waits.py`), and lets the database tidy up after it as
autovacuum would. Then, for each of the four services, it times
50 runs of `service_figures` for the twelve months, and of each of its patterns'
`monthly_figures` alone, and prints the median and 95th percentile. When the staff
dashboard (`/staff/figures`) is there, it times that page too for the same 12 months
(`?month=` the year's last), through the service's Flask app with a member of staff
signed in, without the network.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from directory_search_benchmark import postgres_schema  # noqa: E402

from mvpkit.app import create_app  # noqa: E402
from mvpkit.backoffice.accounts import add_staff, grant  # noqa: E402
from mvpkit.definition.loader import load_service  # noqa: E402
from mvpkit.kit import Kit  # noqa: E402
from mvpkit.migrate import upgrade  # noqa: E402
from mvpkit.pattern import Pattern  # noqa: E402
from mvpkit.patterns.figures.compute import service_figures  # noqa: E402
from mvpkit.registry import installed_patterns  # noqa: E402
from mvpkit.settings import load_settings  # noqa: E402
from mvpkit.store.database import Database, connect  # noqa: E402
from tests.figures_year_support import MONTHS, SUBMISSIONS, fill, year  # noqa: E402

RUNS = 50
WARM_UP = 3
EXEMPLARS = ROOT / "exemplars"
STAFF, PASSWORD = "analyst@riverside.example.gov.uk", "a long benchmark passphrase"
DASHBOARD = f"/staff/figures?month={MONTHS[-1]}"  # the 12 months ending with the year's last


def timed(action: Callable[[], object], runs: int = RUNS) -> list[float]:
    """Milliseconds for each of `runs` calls, after a few to warm up."""
    for _ in range(WARM_UP):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(what: str, times: list[float]) -> None:
    """Print one timing: median and 95th percentile."""
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"  {what:<62} median {statistics.median(times):8.2f} ms   p95 {p95:8.2f} ms   "
        f"max {max(times):8.2f} ms"
    )


def services(folder: Path) -> dict[str, Path]:
    """Copies of the four exemplars, named by the slugs the generated rows use."""
    found = {}
    for slug in SUBMISSIONS:
        copied = folder / slug
        shutil.copytree(EXEMPLARS / slug, copied, ignore=shutil.ignore_patterns("instance"))
        found[slug] = copied
    return found


def settle(db: Database, url: str, folders: dict[str, Path]) -> None:
    """The one-off first view after an upgrade: every service's rows settled, timed.

    Then the database tidies up after rewriting those rows, as PostgreSQL's autovacuum soon
    would (VACUUM ANALYZE; ANALYZE on SQLite), so the timings after are the everyday ones.
    """
    started = time.perf_counter()
    for slug, folder in folders.items():
        settings = load_settings(folder, {"database_url": url, "secret_key": "k" * 40})
        service_figures(Kit(load_service(folder), slug, settings, db, None), MONTHS)
    print(f"  the first view, settling the year's waits: {time.perf_counter() - started:.1f} s")
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def time_figures(db: Database, url: str, folders: dict[str, Path]) -> None:
    """`service_figures` and each pattern's figures, 50 times a service."""
    for slug, folder in folders.items():
        settings = load_settings(folder, {"database_url": url, "secret_key": "k" * 40})
        kit = Kit(load_service(folder), slug, settings, db, None)
        print(f" {slug}")
        line("service_figures, 12 months", timed(lambda kit=kit: service_figures(kit, MONTHS)))
        for pattern in installed_patterns():
            if not pattern.active(kit.service):
                continue

            def figures(kit: Kit = kit, pattern: Pattern = pattern) -> object:
                with kit.db.reads() as session:
                    return pattern.monthly_figures(kit, session, MONTHS)

            with kit.db.reads() as session:
                if not pattern.monthly_figures(kit, session, MONTHS):
                    continue
            line(f"  {pattern.name}'s monthly_figures", timed(figures))


def time_dashboard(url: str, folders: dict[str, Path]) -> None:
    """The staff dashboard through each service's app, signed in; skipped when not there."""
    for slug, folder in folders.items():
        app = create_app(
            folder,
            {"environment": "test", "database_url": url, "secret_key": "k" * 40},
        )
        try:
            if not any(rule.rule == "/staff/figures" for rule in app.url_map.iter_rules()):
                print(f"  ({DASHBOARD} is not there yet: not timed)")
                return
            db = app.extensions["mvpkit"].db
            if slug == next(iter(folders)):
                add_staff(db, STAFF, PASSWORD, slug)
            else:
                grant(db, STAFF, slug)
            client = app.test_client()
            form = client.get("/staff/sign-in").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)
            assert token is not None, "no CSRF token on the sign-in page"
            signed = client.post(
                "/staff/sign-in",
                data={"csrf_token": token.group(1), "email": STAFF, "password": PASSWORD},
            )
            assert signed.status_code == 302, signed.status_code

            def page(client: FlaskClient = client) -> None:
                answer = client.get(DASHBOARD)
                assert answer.status_code == 200, answer.status_code

            line(f"{slug}: GET {DASHBOARD}", timed(page))
        finally:
            app.extensions["mvpkit"].db.dispose()


def run(name: str, url: str) -> None:
    """Fill this database with the year, time the figures and print them."""
    db = connect(url)
    try:
        started = time.perf_counter()
        upgrade(db.engine)
        fill(db, year())
        print(f"{name}: the year filled in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory() as folder:
            folders = services(Path(folder))
            settle(db, url, folders)
            time_figures(db, url, folders)
            time_dashboard(url, folders)
    finally:
        db.dispose()


def main() -> None:
    """Benchmark SQLite, and PostgreSQL when a URL is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("MVPKIT_TEST_POSTGRES_URL", ""))
    arguments = parser.parse_args()
    data = year()
    print(
        f"{len(data.rows['submissions']):,} submissions over {len(SUBMISSIONS)} services, "
        f"{len(data.rows['status_events']):,} status events, "
        f"{len(data.rows['bookings']):,} bookings; {RUNS} runs each, {len(MONTHS)} months"
    )
    with tempfile.TemporaryDirectory() as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'figures.sqlite3'}")
    if arguments.postgres:
        with postgres_schema(arguments.postgres) as url:
            run("PostgreSQL", url)


if __name__ == "__main__":
    main()
