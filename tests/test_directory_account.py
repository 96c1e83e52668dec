"""My Account and the groups and events directory served together: an organiser's listings."""

from __future__ import annotations

import importlib.util
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, inspect, select

from mvpkit.journeys.routing import today
from mvpkit.patterns.directory.models import PUBLISHED, DirectoryListing, tables
from mvpkit.serve import build_wsgi, find_services
from tests.account_support import MY_ACCOUNT, PASSWORD
from tests.conftest import ROOT
from tests.test_account_booking import Visitor

DIRECTORY = ROOT / "exemplars" / "groups-and-events"
BASE = "/groups-and-events"
MIGRATIONS = ROOT / "src" / "mvpkit" / "patterns" / "directory" / "migrations"
ORGANISER, OTHER = "organiser@example.com", "other@example.com"
CONTACT = "toddlers@group.example"


def answers() -> dict[str, dict[str, str]]:
    """Every page of the listing journey, answered: a weekly group starting next week."""
    starts = today() + timedelta(days=7)
    return {
        "kind": {"kind": "group"},
        "organisation": {"organisation": "Hyde Park Families"},
        "about": {"title": "Tuesday toddlers", "description": "Songs and stories."},
        "who-for": {"who-for": "Children under 5 and their carers"},
        "ages": {"age-min": "0", "age-max": "4"},
        "category": {"category": "parents-and-toddlers"},
        "cost": {"cost": "free"},
        "venue": {
            "venue": "Hyde Park Community Centre",
            "address-line-1": "12 Mill Lane",
            "address-town": "Riverside",
            "address-postcode": "sw1a 1aa",
        },
        "starts-on": {
            "starts-on-day": str(starts.day),
            "starts-on-month": str(starts.month),
            "starts-on-year": str(starts.year),
        },
        "times": {"start-time": "10am", "end-time": "11:30am"},
        "repeat": {"repeat": "weekly"},
        "repeat-until": {},
        "contact": {"contact-email": CONTACT},
    }


def send_listing(visitor: Visitor) -> str:
    """Answer every page and send: the submission's reference."""
    for page_id, data in answers().items():
        visitor.post(f"{BASE}/{page_id}", data)
    assert visitor.post(f"{BASE}/check-answers", {}).endswith("/confirmation")
    visitor.get(f"{BASE}/confirmation")
    found = re.search(r"GE-[A-Z0-9]{4}-[A-Z0-9]{4}", visitor.html)
    assert found
    return found.group(0)


def sign_in(served: Any, email: str) -> Visitor:
    """A new browser, signed in to My Account."""
    visitor = Visitor(served)
    assert visitor.post("/my-account/sign-in", {"email": email, "password": PASSWORD}) == (
        "/my-account/"
    )
    return visitor


def registered(served: Any, email: str) -> Visitor:
    """A new browser, signed in to a new account."""
    visitor = Visitor(served)
    visitor.register(email)
    return visitor


def post_status(
    visitor: Visitor, url: str, data: dict[str, str], token_from: str = f"{BASE}/kind"
) -> int:
    """POST with this browser's CSRF token, read from a page it may open: the status."""
    visitor.get(token_from)
    token = re.search(r'name="csrf_token" value="([^"]+)"', visitor.html)
    assert token
    return visitor.client.post(url, data={"csrf_token": token.group(1), **data}).status_code


def listing_of(served: Any, reference: str) -> DirectoryListing:
    db = served.mounts[BASE].extensions["mvpkit"].db
    with db.reads() as session:
        found = session.scalar(
            select(DirectoryListing).where(DirectoryListing.reference == reference)
        )
    assert found is not None
    return found


def panel(visitor: Visitor) -> str:
    """My Account's "Your listings" section ("" when it has none)."""
    assert visitor.get("/my-account/") == 200
    section = visitor.html.partition('<h2 class="govuk-heading-m">Your listings')[2]
    return section.partition('<h2 class="govuk-heading-m">')[0]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    """My Account, listing the directory's service, and the directory: one database."""
    for folder in (MY_ACCOUNT, DIRECTORY):
        (tmp_path / folder.name).mkdir()
        shutil.copy(folder / "service.yaml", tmp_path / folder.name / "service.yaml")
    definition = tmp_path / MY_ACCOUNT.name / "service.yaml"
    text = definition.read_text()
    assert "  services:\n" in text
    extra = "  services:\n    - {slug: groups-and-events, name: Groups and events in Riverside}\n"
    definition.write_text(text.replace("  services:\n", extra, 1))
    wsgi = build_wsgi(find_services(tmp_path))
    yield wsgi
    for app in wsgi.mounts.values():
        app.extensions["mvpkit"].db.dispose()


def test_a_listing_sent_signed_in_is_listed_on_my_account_not_as_a_report(served: Any) -> None:
    organiser = registered(served, ORGANISER)
    assert panel(organiser) == ""  # nothing listed: no section
    reference = send_listing(organiser)
    listing = listing_of(served, reference)
    assert listing.account_id is not None
    mine = panel(organiser)
    reports = organiser.html.partition('<h2 class="govuk-heading-m">Your listings')[0]
    assert reference not in reports
    assert "You have no reports yet." in reports
    assert "Tuesday toddlers" in mine
    assert "Groups and events in Riverside" in mine
    assert re.search(r'<strong class="govuk-tag">\s*Waiting to be checked\s*</strong>', mine)
    assert f'href="{BASE}/listings/{listing.id}/manage"' in mine
    assert panel(registered(served, OTHER)) == ""  # another account sees none of it


def test_the_signed_in_owner_manages_without_a_link_and_nobody_else_may(served: Any) -> None:
    organiser = registered(served, ORGANISER)
    listing = listing_of(served, send_listing(organiser))
    manage = f"{BASE}/listings/{listing.id}/manage"

    owner = sign_in(served, ORGANISER)  # another device: signed in, no emailed link
    assert owner.get(manage) == 200
    assert "Tuesday toddlers" in owner.html
    change = f"{BASE}/listings/{listing.id}/change/about"
    assert owner.get(change) == 200
    details = {"title": "Tuesday toddlers and tots", "description": "Songs and stories."}
    assert owner.post(change, details) == manage
    assert listing_of(served, listing.reference or "").title == "Tuesday toddlers and tots"

    other = registered(served, OTHER)
    for url in (manage, change, f"{BASE}/listings/{listing.id}/withdraw"):
        assert other.get(url) == 403
        assert "This link has expired or is not valid" in other.html
        assert Visitor(served).get(url) == 403  # nobody signed in, no link
    assert post_status(other, change, {"title": "Taken over", "description": "Gone."}) == 403
    assert post_status(other, f"{BASE}/listings/{listing.id}/withdraw", {"withdraw": "yes"}) == 403
    assert listing_of(served, listing.reference or "").title == "Tuesday toddlers and tots"

    assert owner.post(f"{BASE}/listings/{listing.id}/withdraw", {"withdraw": "yes"}) == manage
    assert listing_of(served, listing.reference or "").status == "withdrawn"
    assert re.search(r'<strong class="govuk-tag">\s*Withdrawn\s*</strong>', panel(owner))
    assert post_status(owner, "/my-account/sign-out", {}, token_from="/my-account/") == 302
    assert owner.get(manage) == 403  # signing out leaves this browser no way in


def test_claiming_the_reference_makes_the_listing_mine(served: Any) -> None:
    reference = send_listing(Visitor(served))  # sent without an account
    listing = listing_of(served, reference)
    assert listing.account_id is None
    manage = f"{BASE}/listings/{listing.id}/manage"
    resident = registered(served, ORGANISER)
    assert resident.get(manage) == 403
    claimed = resident.post("/my-account/add-a-report", {"reference": reference, "email": CONTACT})
    assert claimed == "/my-account/"
    assert listing_of(served, reference).account_id is not None
    assert f'href="{manage}"' in panel(resident)
    assert resident.get(manage) == 200


def test_deleting_the_account_keeps_its_listings_unlinked(served: Any) -> None:
    organiser = registered(served, ORGANISER)
    reference = send_listing(organiser)
    db = served.mounts[BASE].extensions["mvpkit"].db
    with db.writes() as session:  # one of them published, to show it stays published
        listing = session.scalar(
            select(DirectoryListing).where(DirectoryListing.reference == reference)
        )
        assert listing is not None
        listing.status = PUBLISHED
        session.commit()
    manage = f"{BASE}/listings/{listing.id}/manage"
    assert organiser.post("/my-account/delete-account", {"password": PASSWORD}) == (
        "/my-account/account-deleted"
    )
    kept = listing_of(served, reference)
    assert kept.account_id is None
    assert kept.status == PUBLISHED
    assert Visitor(served).get(f"{BASE}/listings/{kept.id}") == 200
    again = registered(served, ORGANISER)  # a new account with the same address
    assert panel(again) == ""
    assert again.get(manage) == 403


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, MIGRATIONS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_directory_branch_makes_the_tables_the_models_describe(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    first, second = load("directory_0001"), load("directory_0002")
    assert (second.revision, second.down_revision) == ("directory_0002", first.revision)
    directory = MetaData()
    for table in tables():
        table.to_metadata(directory)
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    with engine.begin() as connection:
        context = MigrationContext.configure(connection, opts={"render_as_batch": True})
        with Operations.context(context):
            first.upgrade()
            second.upgrade()
        assert compare_metadata(context, directory) == []
        with Operations.context(context):
            second.downgrade()
            columns = {c["name"] for c in inspect(connection).get_columns("directory_listings")}
            assert "reference" not in columns
            first.downgrade()
        assert inspect(connection).get_table_names() == []
    engine.dispose()
