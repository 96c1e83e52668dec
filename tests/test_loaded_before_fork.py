"""What the gunicorn master loads before it forks the workers that share its memory.

A process serving some services does not load the pages and stores of patterns they do not
use, and the journey's templates are compiled once, before the fork. The import checks run
in a fresh interpreter: what one test imports would otherwise hide what another needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNUSED_BY_REPORT_A_FAULT = (
    "mvpkit.patterns.account.access_views",
    "mvpkit.patterns.booking.journey",
    "mvpkit.patterns.booking.manage",
    "mvpkit.patterns.booking.availability",
    "mvpkit.patterns.booking.models",
    "mvpkit.patterns.directory.views",
    "mvpkit.patterns.directory.journey",
    "mvpkit.patterns.research.views",
    "icalendar",
)
NOT_FOR_SERVING = (
    "mvpkit.frontend.asset_build",  # the assets are built by `mvpkit assets`, not the server
    "whitenoise.compress",
    "alembic",  # the schema is current: its revision is read without Alembic
    "sqlalchemy.dialects.postgresql",  # this server's database is SQLite
)
BUILD = """
import json, sys
from pathlib import Path
from mvpkit.app import create_app
create_app(Path(sys.argv[1]), {"database_url": "sqlite:///" + sys.argv[2],
    "secret_key": "k" * 64, "environment": "test"})
print(json.dumps(sorted(sys.modules)))
"""


def loaded_after_building(service: str, tmp_path: Path) -> set[str]:
    """The modules a fresh interpreter holds once it has built the service's app."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(ROOT / "exemplars" / service), str(tmp_path / "db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_a_service_without_accounts_bookings_or_a_directory_loads_none_of_them(
    tmp_path: Path,
) -> None:
    loaded = loaded_after_building("report-a-fault", tmp_path)
    assert "mvpkit.patterns.tracking.views" in loaded  # the patterns it uses are there
    assert loaded.isdisjoint(UNUSED_BY_REPORT_A_FAULT), loaded & set(UNUSED_BY_REPORT_A_FAULT)


def test_a_server_on_sqlite_loads_no_build_tools_nor_postgresql(tmp_path: Path) -> None:
    loaded_after_building("report-a-fault", tmp_path)  # migrated on the first build
    loaded = loaded_after_building("report-a-fault", tmp_path)
    assert "sqlalchemy.dialects.sqlite" in loaded
    assert loaded.isdisjoint(NOT_FOR_SERVING), loaded & set(NOT_FOR_SERVING)


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("register-a-birth-or-death", {"mvpkit.patterns.booking.journey"}),
        ("groups-and-events", {"mvpkit.patterns.directory.journey", "icalendar"}),
    ],
)
def test_a_service_using_a_pattern_loads_it_before_any_request(
    service: str, expected: set[str], tmp_path: Path
) -> None:
    """Loaded while the app is built: gunicorn's workers then share it with the master."""
    assert expected <= loaded_after_building(service, tmp_path)


def test_the_journeys_templates_are_compiled_before_any_request(tmp_path: Path) -> None:
    from mvpkit.app import create_app
    from mvpkit.frontend.templating import load_templates

    app = create_app(
        ROOT / "exemplars" / "report-a-fault",
        {"database_url": f"sqlite:///{tmp_path / 'db'}", "secret_key": "k" * 64},
    )
    assert load_templates(app) > 20
    assert type(app.jinja_env.cache) is dict  # every template kept, looked up without a lock
    compiled = {name for _loader, name in app.jinja_env.cache}
    assert {
        "mvpkit/question.html",
        "mvpkit/layout.html",  # extended
        "govuk_frontend_jinja/template.html",  # extended by the layout
        "govuk_frontend_jinja/components/radios/macro.html",  # imported by the questions
        "mvpkit/chrome/header.html",  # rendered by name, so listed
    } <= compiled
