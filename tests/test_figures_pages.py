"""Where the figures are seen: the staff dashboard, downloads, programme and public page.

A few months of records go straight into the database; every number shown is worked out
again here by hand, from the same records and the default costs.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from flask import Flask
from sqlalchemy.orm import Session

from mvpkit.backoffice.accounts import add_staff
from mvpkit.backoffice.navigation import EXTENSION
from mvpkit.kit import Kit
from mvpkit.pattern import MonthlyFigure, Pattern
from mvpkit.patterns.figures import compute
from mvpkit.patterns.figures.models import AssistedSubmission, OfflineCount
from mvpkit.patterns.figures.views import STAFF_LINKS, install_links
from mvpkit.store.counts import count_in
from mvpkit.store.models import Feedback, Submission
from tests.conftest import AppFactory, write_service
from tests.support import Browser, Element, Page, parse_html

EMAIL = "analyst@riverside.example.gov.uk"
PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)
OCTOBER = datetime(2026, 10, 10, 9, tzinfo=UTC)
ALPHA = """name: Alpha
pages: [{id: a, title: A}]
figures:
  staff_minutes: 12
  staff_minutes_source: Timed by the contact centre, 2026
  public: [transactions, digital-take-up, response-times]
  places: [Library, Hub, Contact centre]
"""
BETA = "name: Beta\npages: [{id: a, title: A}]\n"
# What the defaults cost (docs/figures.md): online, assisted, phone, face to face.
ONLINE, ASSISTED, PHONE, VISIT = 0.15, 2.83, 2.83, 8.62


class Timed(Pattern):
    """A pattern adding a count and a time, as tracking and booking do."""

    name = "timed"

    def active(self, service: object) -> bool:
        return True

    def monthly_figures(
        self, kit: Kit, session: Session, months: Sequence[str]
    ) -> Sequence[MonthlyFigure]:
        return [
            MonthlyFigure("things-done", "Things done", "count", {"2026-10": 7, "2026-11": 2}),
            MonthlyFigure(
                "time-to-fix",
                "Time to fix",
                "days",
                {"2026-10": 3.0, "2026-11": 1.0},
                p90={"2026-10": 9.5, "2026-11": 2.0},
                counts={"2026-10": 6, "2026-11": 3},
                how="From report to fixed.",
            ),
        ]


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def served(
    make_app: AppFactory, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Flask, Flask]:
    """Alpha and Beta in one folder, sharing the database, with a few months recorded."""
    monkeypatch.setenv("MVPKIT_DATABASE_URL", database_url)
    monkeypatch.setattr(compute, "installed_patterns", lambda: (Timed(),))
    alpha = make_app(write_service(tmp_path / "programme" / "alpha", ALPHA), database_url)
    beta = make_app(write_service(tmp_path / "programme" / "beta", BETA), database_url)
    add_staff(alpha.extensions["mvpkit"].db, EMAIL, PASSWORD, "alpha")
    record(alpha)
    return alpha, beta


def _sent(session: Session, service: str, number: int, when: datetime) -> Submission:
    submission = Submission(
        service=service,
        reference=f"RF-{service[:2].upper()}{number:02d}-TEST",
        draft_token=f"{service}-{number}",
        answers={},
        created_at=when,
    )
    session.add(submission)
    return submission


def record(app: Flask) -> None:
    """October: every channel, November: a few of each, September: one just after midnight."""
    db = app.extensions["mvpkit"].db
    with db.writes() as session:
        october = [_sent(session, "alpha", n, OCTOBER) for n in range(20)]
        session.flush()
        for n, submission in enumerate(october[:6]):
            helped = {"service": "alpha", "staff_email": EMAIL, "place": ("Library", "Hub")[n % 2]}
            session.add(AssistedSubmission(submission_id=submission.id, **helped))
        for n in range(3):
            _sent(session, "alpha", 20 + n, datetime(2026, 11, 2, 10, tzinfo=UTC))
        _sent(session, "alpha", 30, datetime(2026, 8, 31, 23, 30, tzinfo=UTC))  # 00:30, 1 Sep
        for n in range(10):
            _sent(session, "beta", n, OCTOBER)
        for channel, number in (("phone", 6), ("phone", 4), ("face-to-face", 5), ("post", 0)):
            entered = {
                "service": "alpha",
                "month": "2026-10",
                "source": "form",
                "entered_by": EMAIL,
            }
            session.add(OfflineCount(channel=channel, count=number, **entered))
        for rating in ["Very satisfied"] * 3 + ["Satisfied"] * 3 + ["Dissatisfied"] * 2:
            session.add(Feedback(service="alpha", rating=rating, created_at=OCTOBER))
        for rating in ("Satisfied", "Neither satisfied nor dissatisfied"):
            session.add(Feedback(service="alpha", rating=rating, created_at=NOW))
        with time_machine.travel(OCTOBER, tick=False):
            for device, number in (("phone", 30), ("desktop", 10), ("tablet", 2)):
                count_in(session, "alpha", "visit", device, by=number)
            count_in(session, "alpha", "journey-started", by=25)
        count_in(session, "alpha", "journey-started", by=4)
        session.commit()


def signed_in(app: Flask) -> Browser:
    """Staff of Alpha, signed in to its back office."""
    staff = Browser(app.test_client())
    staff.get("/staff/sign-in")
    assert staff.submit(data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    return staff


def _words(element: Element) -> str:
    return " ".join(element.text.split())


def tables(page: Page) -> dict[str, dict[str, list[str]]]:
    """Each table's body rows by their first cell, the head under "", by caption."""
    found = {}
    for table in page.find("table"):
        caption = next(_words(child) for child in table.children if child.tag == "caption")
        rows: dict[str, list[str]] = {}
        for row in _descendants(table, "tr"):
            cells = [_words(cell) for cell in row.children if cell.tag in ("th", "td")]
            rows["" if not rows else cells[0]] = cells[1:]
        found[caption] = rows
    return found


def _descendants(element: Element, tag: str) -> list[Element]:
    found = []
    for child in element.children:
        if child.tag == tag:
            found.append(child)
        found.extend(_descendants(child, tag))
    return found


def expected_october() -> dict[str, str]:
    """Alpha's October, worked out by hand from what `record` put in."""
    online, assisted, phone, visit = 14, 6, 10, 5
    transactions = online + assisted + phone + visit
    cost = online * ONLINE + assisted * ASSISTED + phone * PHONE + visit * VISIT
    offline = (phone * PHONE + visit * VISIT) / (phone + visit)
    savings = online * (offline - ONLINE) + assisted * (offline - ASSISTED)
    return {
        "online": "14", "assisted": "6", "phone": "10", "face-to-face": "5",
        "transactions": "35",
        "take-up": f"{round(100 * 20 / 35)}%",  # 57%
        "completion": "80%",  # 20 sent of 25 started
        "satisfaction": "75%",  # 6 of 8
        "cost": f"£{cost / transactions:.2f}",
        "savings": f"£{savings:.2f}",
        "staff-days": f"{online * 12 / 60 / 7.4:.1f} days",
        "mobile": "kept back",  # tablets' 2 kept back, so desktops' 10 too, and the share
    }  # fmt: skip


def test_the_dashboard_shows_each_figure_with_its_chart_then_its_table(
    served: tuple[Flask, Flask],
) -> None:
    alpha, _beta = served
    if STAFF_LINKS[0] not in alpha.extensions.get(EXTENSION, []):
        install_links(alpha)  # pattern.py installs them
    staff = signed_in(alpha)
    page = staff.get("/staff/figures")
    assert page.h1 == "Figures"
    link = page.find("a", class_="govuk-service-navigation__link", href="/staff/figures")
    assert [each.attrs.get("aria-current") for each in link] == ["page"]
    shown, october = tables(page), expected_october()
    channels = shown["Transactions by channel, month by month"]
    assert channels[""] == [
        "Online", "Assisted digital", "Phone", "Face to face", "Post", "All channels"
    ]  # fmt: skip
    assert channels["October 2026"] == [
        october["online"], october["assisted"], october["phone"], october["face-to-face"],
        "0", october["transactions"],
    ]  # fmt: skip
    assert channels["November 2026"] == ["fewer than 5", "0", "0", "0", "0", "fewer than 5"]
    assert channels["September 2026"][0] == "fewer than 5"  # 00:30 in London on 1 September
    assert channels["December 2025"] == ["0"] * 6
    places = shown["Assisted digital by place, month by month"]
    assert places[""] == ["Library", "Hub", "Contact centre", "All places"]
    assert places["October 2026"] == ["fewer than 5", "fewer than 5", "0", "6"]
    assert list(channels)[1:] == ["December 2025"] + [
        datetime(2026, month, 1).strftime("%B 2026") for month in range(1, 12)
    ]
    row = {
        "Digital take-up, month by month": ("take-up", "fewer than 5 transactions"),
        "Completion rate, month by month": ("completion", "fewer than 5 journeys started"),
        "User satisfaction, month by month": ("satisfaction", "fewer than 5 ratings"),
        "Cost per transaction, month by month": ("cost", "fewer than 5 transactions"),
        "Savings, month by month": ("savings", "fewer than 5 transactions"),
        "Staff days saved, month by month": ("staff-days", "fewer than 5 transactions"),
        "Mobile share, month by month": ("mobile", "no visits"),
    }
    for caption, (key, november) in row.items():
        assert shown[caption]["October 2026"][0] == october[key], caption
        assert shown[caption]["November 2026"][0] == november, caption
    assert shown["Digital take-up, month by month"]["June 2026"] == ["no transactions"]
    assert shown["User satisfaction, month by month"]["October 2026"] == ["75%", "8"]
    assert shown["Visits to the start page, month by month"]["October 2026"] == [
        "30", "fewer than 5", "kept back", "42"
    ]  # fmt: skip
    assert shown["Things done, month by month"]["November 2026"] == ["fewer than 5"]
    times = shown["Time to fix, month by month"]
    assert times["October 2026"] == ["3.0 days", "9.5 days", "6"]
    assert times["November 2026"] == ["fewer than 5 times measured"] * 2 + ["fewer than 5"]
    assert times["June 2026"] == ["no times measured"] * 2 + ["0"]
    costs = next(rows for caption, rows in shown.items() if caption.startswith("What these"))
    assert costs["Online"] == ["£0.15", "Socitm Insight, Channel value benchmarking, 2012: web"]
    assert costs["Face to face"][0] == "£8.62"
    assert "12 minutes an offline transaction" in page.text()
    assert "Timed by the contact centre, 2026" in page.text()
    # channels, places, take-up, completion, satisfaction, cost, savings, staff days, visits,
    # mobile share, and the pattern's two figures
    assert_each_chart_is_followed_by_its_table(page, 12)


def assert_each_chart_is_followed_by_its_table(page: Page, expected: int) -> None:
    """Every chart: an SVG image with a title and a description, its table next."""
    root, _ = parse_html(page.html)
    charts = 0
    for holder in _descendants(root, "div"):
        svgs = [child for child in holder.children if child.tag == "svg"]
        if not svgs:
            continue
        charts += 1
        assert svgs[0].attrs["role"] == "img"
        assert [child.tag for child in svgs[0].children][:2] == ["title", "desc"]
        siblings = next(p for p in _descendants(root, "div") if holder in p.children).children
        assert siblings[siblings.index(holder) + 1].tag == "table", _words(svgs[0])
    assert charts == expected


def test_small_numbers_draw_no_bar(served: tuple[Flask, Flask]) -> None:
    alpha, _beta = served
    page = signed_in(alpha).get("/staff/figures")
    root, _ = parse_html(page.html)
    take_up = next(
        svg
        for svg in _descendants(root, "svg")
        if _words(svg.children[0]).startswith("Digital take-up")
    )
    rects = _descendants(take_up, "rect")
    assert len(rects) == 1  # October alone: November's 3 transactions are kept back
    assert "fewer than 5 transactions" in _words(take_up)


def test_the_downloads_show_the_same_months_and_keep_small_numbers_back(
    served: tuple[Flask, Flask],
) -> None:
    alpha, _beta = served
    staff = signed_in(alpha)
    response = staff.client.get("/staff/figures.csv?month=2026-10")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="alpha-figures-2026-10.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["Month"] for row in rows[::11]] == ["2025-11", "2026-10"]
    october = rows[-1]
    assert october["Online transactions"] == "14"
    assert october["Face to face transactions"] == "5"
    assert october["Digital take-up (%)"] == str(round(100 * 20 / 35, 1))
    assert october["Visits from tablets"] == "fewer than 5"
    assert october["Visits from desktops"] == "kept back"  # else 42 less 30 and 10 gives 2
    assert october["Time to fix: 90th percentile (days)"] == "9.5"
    response = staff.client.get("/staff/figures.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    found = json.loads(response.get_data(as_text=True))
    assert found["months"][-1] == "2026-11"
    by_month = {values["month"]: values for values in found["values"]}
    assert by_month["2026-10"]["online"] == 14
    assert by_month["2026-10"]["completion-rate"] == 80
    assert by_month["2026-11"]["online"] == "fewer than 5"
    assert by_month["2026-11"]["digital-take-up"] == "fewer than 5 transactions"
    assert by_month["2026-11"]["time-to-fix-median"] == "fewer than 5 times measured"
    assert found["assumptions"]["staff_minutes"] == 12
    assert {"key": "savings", "label": "Savings", "unit": "pounds"} in found["figures"]


def test_the_programme_puts_services_sharing_the_database_side_by_side(
    served: tuple[Flask, Flask],
) -> None:
    alpha, _beta = served
    staff = signed_in(alpha)
    page = staff.get("/staff/figures/programme?month=2026-10")
    shown = tables(page)
    transactions = shown["Transactions, by service and month"]
    assert transactions[""] == ["Alpha", "Beta", "Programme"]
    assert transactions["October 2026"] == ["35", "10", "45"]
    assert transactions["September 2026"] == ["fewer than 5", "0", "fewer than 5"]
    take_up = shown["Digital take-up, by service and month"]["October 2026"]
    assert take_up == [f"{round(100 * 20 / 35)}%", "100%", f"{round(100 * 30 / 45)}%"]
    staff_days = shown["Staff days saved, by service and month"]["October 2026"]
    assert staff_days == [
        expected_october()["staff-days"],
        "not set",
        expected_october()["staff-days"],
    ]
    response = staff.client.get("/staff/figures/programme.csv?month=2026-10")
    assert 'filename="programme-figures-2026-10.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Month", "Figure", "Alpha", "Beta", "Programme"]
    assert ["2026-10", "Transactions", "35", "10", "45"] in rows
    found = json.loads(staff.client.get("/staff/figures/programme.json").get_data(as_text=True))
    transactions_json = next(f for f in found["figures"] if f["key"] == "transactions")
    assert transactions_json["values"]["2026-10"] == {"alpha": 35, "beta": 10, "programme": 45}


def test_the_programme_leaves_out_services_on_another_database(
    served: tuple[Flask, Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    alpha, _beta = served
    monkeypatch.delenv("MVPKIT_DATABASE_URL")  # Beta's own would be an SQLite file beside it
    page = signed_in(alpha).get("/staff/figures/programme")
    assert tables(page)["Transactions, by service and month"][""] == ["Alpha", "Programme"]


def test_the_public_page_shows_only_what_the_service_publishes(
    served: tuple[Flask, Flask],
) -> None:
    alpha, beta = served
    resident = Browser(alpha.test_client())
    page = resident.get("/performance")
    assert page.h1 == "Service performance"
    captions = list(tables(page))
    assert captions == [
        "Transactions by channel, month by month",
        "Digital take-up, month by month",
        "Time to fix, month by month",
    ]
    assert tables(page)["Digital take-up, month by month"]["November 2026"] == [
        "fewer than 5 transactions"
    ]
    for private in ("Savings", "User satisfaction", "Things done", "Cost per transaction"):
        assert private not in page.text()
    assert_each_chart_is_followed_by_its_table(page, 3)
    Browser(beta.test_client()).get("/performance", status=404)


def test_months_are_chosen_and_checked(served: tuple[Flask, Flask]) -> None:
    alpha, _beta = served
    staff = signed_in(alpha)
    page = staff.get("/staff/figures?month=2026-10")
    assert list(tables(page)["Transactions by channel, month by month"])[-1] == "October 2026"
    staff.get("/staff/figures?month=2026-13", status=400)
    staff.get("/staff/figures?month=November", status=400)
    staff.get("/staff/figures?month=2026-12", status=404)  # not yet
    staff.get("/staff/figures.csv?month=1999-12", status=404)
    Browser(alpha.test_client()).get("/performance?month=2027-01", status=404)


def test_nobody_but_staff_sees_the_staff_figures(served: tuple[Flask, Flask]) -> None:
    alpha, _beta = served
    resident = alpha.test_client()
    for url in (
        "/staff/figures",
        "/staff/figures.csv",
        "/staff/figures.json",
        "/staff/figures/programme",
        "/staff/figures/programme.csv",
        "/staff/figures/programme.json",
    ):
        response = resident.get(url)
        assert response.status_code == 302, url
        assert response.location.startswith("/staff/sign-in?next="), url
