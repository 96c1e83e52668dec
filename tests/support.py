"""Read GOV.UK pages as a user would, and check what every page must have."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

VOID = {"input", "br", "img", "meta", "link", "hr"}


@dataclass
class Element:
    """An element and its text, enough to find things by role and label."""

    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def classes(self) -> set[str]:
        """The element's CSS classes."""
        return set(self.attrs.get("class", "").split())


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.stack = [self.root]
        self.all: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        self.all.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack[1:]:
            element.text += data


def parse_html(html: str) -> tuple[Element, list[Element]]:
    """The document as a tree (its root) and every element in document order."""
    parser = _Parser()
    parser.feed(html)
    return parser.root, parser.all


def _squash(text: str) -> str:
    return " ".join(text.split())


class Page:
    """A parsed HTML page."""

    def __init__(self, response: TestResponse) -> None:
        self.response = response
        self.html = response.get_data(as_text=True)
        self.elements = parse_html(self.html)[1]

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with this tag whose attributes contain these values."""
        found = []
        for element in self.elements:
            if element.tag != tag:
                continue
            if all(
                (value in element.classes()) if key == "class_" else element.attrs.get(key) == value
                for key, value in attrs.items()
            ):
                found.append(element)
        return found

    @property
    def title(self) -> str:
        """The text of <title>."""
        return _squash(self.find("title")[0].text)

    @property
    def h1(self) -> str:
        """The text of the only <h1>."""
        headings = self.find("h1")
        assert len(headings) == 1, f"expected one h1, found {len(headings)}"
        return _squash(headings[0].text)

    @property
    def error_summary(self) -> list[tuple[str, str]]:
        """(message, link) for each error in the summary."""
        summary = self.find("div", class_="govuk-error-summary")
        if not summary:
            return []
        links = [
            e
            for e in self.elements
            if e.tag == "a" and e.attrs.get("href", "").startswith("#") and inside(summary[0], e)
        ]
        return [(_squash(a.text), a.attrs["href"]) for a in links]

    @property
    def field_errors(self) -> list[str]:
        """The inline error messages next to fields, without the hidden 'Error:' prefix."""
        return [
            _squash(e.text).removeprefix("Error:").strip()
            for e in self.find("p", class_="govuk-error-message")
        ]

    def csrf_token(self) -> str:
        """The CSRF token of the page's form."""
        return self.find("input", name="csrf_token")[0].attrs["value"]

    def form_action(self) -> str:
        """Where the page's (last) form posts."""
        forms = [f for f in self.find("form") if f.attrs.get("method", "").lower() == "post"]
        return forms[-1].attrs.get("action", "")

    def link(self, text: str) -> str:
        """The href of the link whose text (visible and hidden) is this."""
        for element in self.find("a"):
            if _squash(element.text) == text:
                return element.attrs["href"]
        raise AssertionError(f"no link {text!r} on {self.title!r}")

    def value_of(self, name: str) -> str:
        """The value an input shows (or the text of a textarea)."""
        for element in self.elements:
            if element.attrs.get("name") == name:
                if element.tag == "textarea":
                    return element.text.strip("\n")
                if element.attrs.get("type") in ("radio", "checkbox"):
                    if "checked" in element.attrs:
                        return element.attrs.get("value", "")
                    continue
                return element.attrs.get("value", "")
        return ""

    def summary_rows(self) -> dict[str, str]:
        """Check answers: each row's key and value."""
        rows = {}
        for row in self.find("div", class_="govuk-summary-list__row"):
            key = [c for c in row.children if c.tag == "dt"]
            value = [
                c
                for c in row.children
                if c.tag == "dd" and "govuk-summary-list__value" in c.classes()
            ]
            if key and value:
                rows[_squash(key[0].text)] = _squash(value[0].text)
        return rows

    def text(self) -> str:
        """All the page's text, squashed."""
        return _squash(re.sub(r"<[^>]+>", " ", self.html))


def inside(parent: Element, child: Element) -> bool:
    """True when `child` is somewhere below `parent`."""
    stack = list(parent.children)
    while stack:
        node = stack.pop()
        if node is child:
            return True
        stack.extend(node.children)
    return False


def assert_govuk_page(page: Page) -> None:
    """What every page must have: title, one h1, skip link, error title rule, footer links.

    Back office pages have the staff header instead: no phase banner, no residents' feedback.
    """
    assert page.title, "the page has no title"
    assert page.h1
    assert page.find("a", class_="govuk-skip-link"), "no skip link"
    assert page.find("main", id="main-content")
    has_errors = bool(page.find("div", class_="govuk-error-summary"))
    assert page.title.startswith("Error: ") == has_errors, page.title
    for text in ("Cookies", "Accessibility statement", "Privacy notice"):
        page.link(text)
    if page.find("header", class_="mvpkit-staff-header"):
        assert not page.find("div", class_="govuk-phase-banner"), "a phase banner for staff"
        assert "Feedback" not in [_squash(a.text) for a in page.find("a")], "feedback for staff"
    else:
        page.link("Feedback")
    assert "Traceback" not in page.html


class Browser:
    """A test client that behaves like a user's browser on GOV.UK pages."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.page: Page | None = None

    def get(self, url: str, status: int = 200) -> Page:
        """Open a page and check it is a proper GOV.UK page."""
        response = self.client.get(url)
        assert response.status_code == status, (url, response.status_code, response.location)
        page = Page(response)
        if response.mimetype == "text/html" and status != 302:
            assert_govuk_page(page)
            self.page = page
        return page

    def open(self, url: str) -> Page:
        """Open a page following redirects, as a browser would."""
        response = self.client.get(url, follow_redirects=True)
        page = Page(response)
        assert_govuk_page(page)
        self.page = page
        return page

    def submit(
        self,
        url: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        token: str | None = None,
    ) -> TestResponse:
        """Post the current page's form (or `url`) with its CSRF token and these answers."""
        if url is None:
            assert self.page is not None
            url = self.page.form_action()
        if token is None:
            if self.page is None or not self.page.find("input", name="csrf_token"):
                self.get(url)
            assert self.page is not None
            token = self.page.csrf_token()
        form = {"csrf_token": token, **(data or {})}
        return self.client.post(url, data=form)

    def answer(self, page_id: str, data: dict[str, Any]) -> str:
        """Open a question page, answer it, and return where it redirects to."""
        self.get(f"/{page_id}")
        response = self.submit(data=data)
        assert response.status_code == 302, (
            page_id,
            response.status_code,
            Page(response).error_summary,
        )
        return response.location
