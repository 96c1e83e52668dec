"""The list of services at `/` of `mvpkit serve`, and the icons every branded page links to."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from mvpkit.definition import check_definition
from mvpkit.frontend.asset_serving import asset_href
from mvpkit.frontend.assets import find_assets
from mvpkit.frontend.icons import NEUTRAL
from mvpkit.serve import build_wsgi
from tests.conftest import ROOT, write_service
from tests.support import Page

EXEMPLARS = ROOT / "exemplars"
PNG = b"\x89PNG\r\n\x1a\n" + b"council icon"


@pytest.fixture(autouse=True)
def _served_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MVPKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'all.sqlite3'}")
    monkeypatch.setenv("MVPKIT_SECRET_KEY", "k" * 64)


def served(*folders: Path) -> Client:
    """These service folders as `mvpkit serve` mounts them."""
    return Client(build_wsgi(list(folders)))


def page(client: Client, path: str, base_url: str = "http://localhost/") -> Page:
    response = client.get(path, base_url=base_url)
    assert response.status_code == 200, (path, response.status_code)
    return Page(response)


def fetched(client: Client, path: str) -> tuple[int, str, bytes]:
    """A file's status, media type and bytes, its response closed."""
    response = client.get(path)
    try:
        return response.status_code, response.mimetype, response.get_data()
    finally:
        response.close()


def icon_links(found: Page) -> dict[str, str]:
    """The page's icon links (and manifest, whose icons are GOV.UK's): rel to href."""
    links: dict[str, str] = {}
    for link in found.find("link"):
        if "icon" in link.attrs["rel"] or link.attrs["rel"] == "manifest":
            links.setdefault(link.attrs["rel"], link.attrs["href"])
    return links


def service(folder: Path, council: str, extra: str = "") -> Path:
    """A small service run by this council."""
    return write_service(
        folder,
        f"name: {folder.name.replace('-', ' ').capitalize()}\n"
        f"council:\n  name: {council}\n{extra}"
        "start:\n  body: |\n    Use this service to **report** it.\n\n    It takes 5 minutes.\n"
        "pages:\n  - {id: what, title: Describe it, type: text}\n",
    )


def test_the_index_lists_each_service_in_the_councils_brand() -> None:
    client = served(*(EXEMPLARS / name for name in ("register-a-birth-or-death", "report-a-fault")))
    index = page(client, "/", base_url="http://localhost/council/")
    assert index.title == "Services – Riverside Borough Council"
    assert index.h1 == "Services"
    header = index.find("header")[0]
    assert "Riverside Borough Council" in header.text
    assert "Run by Riverside Borough Council." in index.text()
    assert index.link("Report a street light or drain problem") == "/council/report-a-fault/"
    birth = "Book an appointment to register a birth or death"
    assert index.link(birth) == "/council/register-a-birth-or-death/"
    text = index.text()
    assert "Book an appointment at Riverside Register Office to register a birth or a death." in (
        text
    )
    assert "Use this service to tell us about a street light" in text  # its start page
    assert [tag.text.strip() for tag in index.find("strong", class_="govuk-tag")] == [
        "Beta",
        "Beta",
    ]
    assert f'href="{asset_href(find_assets(), "/council", "council.css")}"' in index.html
    assert "--govuk-brand-colour: #00703c" in index.html


def test_services_of_different_councils_get_a_neutral_index(tmp_path: Path) -> None:
    client = served(
        service(tmp_path / "a-north", "North Council"),
        service(tmp_path / "b-south", "South Council"),
    )
    index = page(client, "/")
    assert index.title == "Services – Council services"
    assert "Council services" in index.find("header")[0].text
    assert "Run by" not in index.text()
    assert "North Council" not in index.html
    assert "South Council" not in index.html
    assert "<strong>report</strong>" in index.html  # the start page's first paragraph
    assert "It takes 5 minutes." not in index.text()


def test_council_pages_show_the_neutral_icon_never_the_crown() -> None:
    client = served(EXEMPLARS / "report-a-fault", EXEMPLARS / "my-account")
    for path, prefix in (("/", ""), ("/report-a-fault/", "/report-a-fault")):
        links = icon_links(page(client, path))
        assert links == {
            "icon": f"{prefix}/icon",
            "apple-touch-icon": f"{prefix}/apple-touch-icon.png",
        }
        assert fetched(client, links["icon"]) == (200, "image/svg+xml", NEUTRAL.icon.read_bytes())
        assert NEUTRAL.touch is not None
        touch = (200, "image/png", NEUTRAL.touch.read_bytes())
        assert fetched(client, links["apple-touch-icon"]) == touch


def test_a_councils_own_icon_is_served_from_its_service_folder(tmp_path: Path) -> None:
    first = service(tmp_path / "a-first", "Riverside", "  icon: brand/icon.png\n")
    (first / "brand").mkdir()
    (first / "brand" / "icon.png").write_bytes(PNG)
    svg = service(tmp_path / "b-second", "Riverside", "  icon: icon.svg\n")
    (svg / "icon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    client = served(first, svg)
    assert fetched(client, "/icon")[2] == PNG  # the index takes the shared council's icon
    assert fetched(client, "/a-first/icon")[2] == PNG
    assert fetched(client, "/a-first/apple-touch-icon.png")[2] == PNG
    svg_page = page(client, "/b-second/")
    assert icon_links(svg_page) == {"icon": "/b-second/icon"}  # no app icon from an SVG
    assert 'type="image/svg+xml"' in svg_page.html
    assert fetched(client, "/b-second/apple-touch-icon.png")[0] == 404


def test_the_govuk_brand_keeps_govuks_icons(tmp_path: Path) -> None:
    folder = service(tmp_path / "central", "Your council", "brand: govuk\n")
    assets = find_assets()  # when they are built, each link is by versioned name
    assert icon_links(page(served(folder), "/central/")) == {
        "icon": asset_href(assets, "/central", "images/favicon.ico"),
        "mask-icon": asset_href(assets, "/central", "images/govuk-icon-mask.svg"),
        "apple-touch-icon": asset_href(assets, "/central", "images/govuk-icon-180.png"),
        "manifest": asset_href(assets, "/central", "manifest.json"),
    }


@pytest.mark.parametrize(
    ("icon", "message"),
    [
        (
            "missing.png",
            "There is no file 'missing.png' in the service folder for the council icon.",
        ),
        ("icon.gif", "The council icon 'icon.gif' must be a .png or .svg file."),
        ("../outside.png", "The council icon '../outside.png' must be in the service folder."),
    ],
)
def test_a_council_icon_must_be_a_png_or_svg_in_the_service_folder(
    tmp_path: Path, icon: str, message: str
) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    folder = service(tmp_path / "svc", "Riverside", f"  icon: {icon}\n")
    (folder / "icon.gif").write_bytes(b"GIF89a")
    _service, problems = check_definition(folder)
    assert [(problem.line, problem.message) for problem in problems] == [(4, message)]
