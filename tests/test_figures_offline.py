"""Offline transactions: staff enter a month's count, or import a CSV checked line by line."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from mvpkit.patterns.figures.compute import service_figures
from mvpkit.patterns.figures.models import OfflineCount
from mvpkit.testing.clock import frozen_clock
from tests.support import Browser, Page, assert_govuk_page
from tests.test_figures_assisted import HELPER, NOW, OTHER, kit_of, staff
from tests.test_hostile_input import NASTY

CONFIRM = "/staff/figures/offline/import/confirm"
COUNT_ERROR = "Number of transactions must be a whole number from 0 to 100,000"


@pytest.fixture(autouse=True)
def _november() -> Iterator[None]:
    """Every test runs on 16 November 2026, so this month is 2026-11."""
    with frozen_clock(NOW):
        yield


# The form


def entries(app: Flask) -> list[tuple[str, str, int, str, str, str]]:
    """Every stored entry: month, channel, count, source, note and who entered it."""
    with kit_of(app).db.reads() as session:
        rows = session.scalars(select(OfflineCount).order_by(OfflineCount.id))
        return [(r.month, r.channel, r.count, r.source, r.note, r.entered_by) for r in rows]


@pytest.mark.parametrize(
    ("month", "count", "errors"),
    [
        (
            "",
            "",
            [
                ("Enter the month", "#month"),
                ("Select how residents contacted the council", "#channel"),
                ("Enter the number of transactions", "#count"),
            ],
        ),
        ("November", "12", [("Enter the month like 2026-11", "#month")]),
        ("2026-13", "12", [("The month must be a real month, like 2026-11", "#month")]),
        ("2026-12", "12", [("The month must be this month or earlier", "#month")]),
        ("1999-12", "12", [("The month must be 2000-01 or later", "#month")]),
        ("2026-11", "1.5", [(COUNT_ERROR, "#count")]),
        ("2026-11", "-1", [(COUNT_ERROR, "#count")]),
        ("2026-11", "100001", [(COUNT_ERROR, "#count")]),
        ("2026-11", "1e3", [(COUNT_ERROR, "#count")]),
    ],
)
def test_the_offline_form_says_what_is_wrong(
    app: Flask, month: str, count: str, errors: list[tuple[str, str]]
) -> None:
    clerk = staff(app, assist=False)
    clerk.get("/staff/figures/offline")
    data = {"month": month, "count": count, **({"channel": "phone"} if month else {})}
    response = clerk.submit(data=data)
    assert response.status_code == 200
    page = Page(response)
    assert page.error_summary == errors
    assert page.title.startswith("Error: Offline transactions")
    assert entries(app) == []


def test_offline_counts_are_stored_listed_and_deleted_only_by_whoever_entered_them(
    app: Flask,
) -> None:
    clerk = staff(app, assist=False)
    page = clerk.get("/staff/figures/offline")
    assert page.find("p", id="no-entries")
    response = clerk.submit(
        data={"month": " 2026-10 ", "channel": "face-to-face", "count": "1,200", "note": "Hub"}
    )
    assert response.location == "/staff/figures/offline"
    page = clerk.get("/staff/figures/offline")
    assert "Added 1,200 face to face in October 2026" in page.text()
    assert entries(app) == [("2026-10", "face-to-face", 1200, "form", "Hub", HELPER)]
    row = " ".join(page.find("table", id="entries")[0].text.split())
    assert "October 2026 Face to face 1,200 Hub helper@riverside.example.gov.uk" in row
    delete = page.find("a", class_="govuk-link")
    href = next(a.attrs["href"] for a in delete if a.attrs["href"].endswith("/delete"))

    other = staff(app, OTHER, assist=False)
    listed = other.get("/staff/figures/offline")
    assert not [a for a in listed.find("a") if a.attrs.get("href") == href]
    assert other.get(href, status=403).h1 == "You cannot delete this entry"
    assert other.submit(href, token=listed.csrf_token()).status_code == 403
    assert other.get("/staff/figures/offline/999/delete", status=404)
    assert other.get("/staff/figures/offline/nine/delete", status=404)

    confirm = clerk.get(href)
    assert confirm.h1 == "Are you sure you want to delete this entry?"
    assert clerk.submit().location == "/staff/figures/offline"
    assert entries(app) == []
    assert (
        "Deleted 1,200 face to face in October 2026" in clerk.get("/staff/figures/offline").text()
    )


# Importing a CSV file


def upload(clerk: Browser, content: bytes | str, name: str = "offline.csv") -> Page:
    """Upload a file on the import page; the page that answers."""
    data = content.encode() if isinstance(content, str) else content
    page = clerk.get("/staff/figures/offline/import")
    response = clerk.client.post(
        "/staff/figures/offline/import",
        data={"csrf_token": page.csrf_token(), "csv-file": (io.BytesIO(data), name)},
    )
    assert response.status_code == 200
    page = Page(response)
    assert_govuk_page(page)
    response.request.input_stream.close()  # a large upload's body is a temporary file
    return page


def test_a_preview_says_what_is_wrong_with_each_line_and_stores_nothing(app: Flask) -> None:
    clerk = staff(app, assist=False)
    page = upload(
        clerk,
        "Month,Channel,Count,Note\n"
        "2026-10,phone,1200,From the telephony report\n"
        "2026-10,email,3,\n"
        "2026-10,post,lots,\n"
        "2026-13,post,1,\n"
        "2026-12,post,1,\n"
        "2026-10,Phone,5,\n"
        "\n"
        "2026-09,face to face,100001,\n",
    )
    assert page.h1 == "Check the file before importing"
    assert page.error_summary == [
        ("Line 3: channel must be phone, face-to-face or post", "#line-3"),
        ("Line 4: count must be a whole number from 0 to 100,000", "#line-4"),
        ("Line 5: month must be a real month, like 2026-11", "#line-5"),
        ("Line 6: month must be this month or earlier", "#line-6"),
        ("Line 7: phone in 2026-10 is already on line 2", "#line-7"),
        ("Line 9: count must be a whole number from 0 to 100,000", "#line-9"),
    ]
    assert page.find("tr", id="line-2")
    assert not page.find("input", name="import")
    assert page.find("input", name="csv-file")
    assert entries(app) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (b"2026-10,phone,12\n", "The first line of the file must be the headings"),
        (b"month,channel,count\n", "The selected file has no lines below its headings"),
        (b"\xff\xfemonth", "The selected file must be a CSV saved as UTF-8 text"),
        (b"month,channel,count\n" + b"2026-10,phone,1\n" * 1001, "must have 1,000 lines or"),
        (b"month,channel,count,note\n" + b"x" * 1_000_001, "must be smaller than 1 MB"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_on_the_upload_page(
    app: Flask, content: bytes, message: str
) -> None:
    clerk = staff(app, assist=False)
    page = upload(clerk, content)
    assert page.h1 == "Import offline transactions"
    assert len(page.error_summary) == 1
    assert message in page.error_summary[0][0]
    assert page.error_summary[0][1] == "#csv-file"
    assert entries(app) == []


def test_no_file_chosen(app: Flask) -> None:
    clerk = staff(app, assist=False)
    clerk.get("/staff/figures/offline/import")
    page = Page(clerk.submit(data={}))
    assert page.error_summary == [("Select a CSV file", "#csv-file")]


GOOD_CSV = (
    "month,channel,count,note\n"
    "2026-10,phone,1200,From the telephony report\n"
    "2026-10,face-to-face,85,\n"
    "2026-11,post,12,\n"
)


def test_a_valid_import_is_stored_in_one_go_once_confirmed(app: Flask) -> None:
    clerk = staff(app, assist=False)
    page = upload(clerk, GOOD_CSV)
    assert page.error_summary == []
    assert entries(app) == []  # not until confirmed
    response = clerk.submit(CONFIRM, data={"import": page.value_of("import")})
    assert response.location == "/staff/figures/offline"
    assert "Imported 3 lines" in clerk.get("/staff/figures/offline").text()
    assert entries(app) == [
        ("2026-10", "phone", 1200, "import", "From the telephony report", HELPER),
        ("2026-10", "face-to-face", 85, "import", "", HELPER),
        ("2026-11", "post", 12, "import", "", HELPER),
    ]
    figures = service_figures(kit_of(app), ["2026-10", "2026-11"]).months
    assert [month.offline for month in figures] == [
        {"phone": 1200, "face-to-face": 85},
        {"post": 12},
    ]
    assert figures[0].transactions == 1285


def test_a_changed_preview_is_refused(app: Flask) -> None:
    clerk = staff(app, assist=False)
    page = upload(clerk, GOOD_CSV)
    signed = page.value_of("import")
    for forged in (signed[:-2] + "xx", signed.replace(".", "!", 1), "", "not signed"):
        response = clerk.submit(CONFIRM, data={"import": forged})
        assert response.status_code == 400
        assert "Sorry, we could not import that file" in Page(response).text()
    other = staff(app, OTHER, assist=False)
    other.get("/staff/figures/offline/import")
    assert other.submit(CONFIRM, data={"import": signed}).status_code == 400
    assert entries(app) == []


def test_offline_pages_need_a_member_of_staff(app: Flask) -> None:
    visitor = Browser(app.test_client())
    for url in ("/staff/figures/offline", "/staff/figures/offline/import"):
        assert visitor.client.get(url).location.startswith("/staff/sign-in")


def test_the_navigation_links_to_both_pages(app: Flask) -> None:
    page = staff(app, assist=False).get("/staff/")
    links = [
        (" ".join(a.text.split()), a.attrs["href"])
        for a in page.find("a", class_="govuk-service-navigation__link")
    ]
    assert ("Help a resident", "/staff/figures/assist") in links
    assert ("Offline transactions", "/staff/figures/offline") in links


def test_a_large_file_is_previewed_and_imported(app: Flask) -> None:
    months = [f"{year}-{month:02d}" for year in range(2001, 2026) for month in range(1, 13)]
    lines = [
        f"{month},{channel},{n},{(f'{n:04d}' * 30)[:120]}"
        for n, (month, channel) in enumerate(
            (month, channel) for month in months for channel in ("phone", "post", "face to face")
        )
    ][:900]
    content = "month,channel,count,note\n" + "\n".join(lines) + "\n"
    assert len(content) > 100_000  # above the limit of a form's answers
    clerk = staff(app, assist=False)
    page = upload(clerk, content)
    assert page.error_summary == []
    response = clerk.submit(CONFIRM, data={"import": page.value_of("import")})
    assert response.location == "/staff/figures/offline"
    assert len(entries(app)) == 900


def test_no_value_crashes_the_staff_forms(app: Flask) -> None:
    clerk = staff(app)
    token = clerk.get("/staff/figures/offline").csrf_token()
    good = {"month": "2026-10", "channel": "post", "count": "3", "note": ""}
    for name in good:
        for nasty in NASTY:
            response = clerk.submit(
                "/staff/figures/offline", data={**good, name: nasty}, token=token
            )
            assert response.status_code in (200, 302), (name, nasty)
            assert "Traceback" not in response.get_data(as_text=True)
    for nasty in NASTY:
        assist = clerk.submit("/staff/figures/assist", data={"place": nasty}, token=token)
        assert assist.status_code == 200, nasty
        confirm = clerk.submit(CONFIRM, data={"import": nasty}, token=token)
        assert confirm.status_code == 400, nasty
        page = upload(clerk, nasty.encode())
        assert page.error_summary, nasty
