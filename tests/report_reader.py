"""Read the gate's index.html as a product owner would: by heading, table and picture."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.support import Element, parse_html


def squash(text: str) -> str:
    """The text with its white space collapsed."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Shot:
    """One screenshot as the report shows it."""

    link: str
    thumbnail: str
    alt: str
    caption: str


class Report:
    """The parsed report: its sections are the elements between one <h2> and the next."""

    def __init__(self, path: Path) -> None:
        self.folder = path.parent
        self.html = path.read_text(encoding="utf-8")
        self.elements = parse_html(self.html)[1]
        main = next(element for element in self.elements if element.tag == "main")
        self.main = main.children

    def section(self, heading: str) -> list[Element]:
        """The elements below the <h2> with this text, up to the next <h2>."""
        found: list[Element] | None = None
        for element in self.main:
            if element.tag == "h2":
                if found is not None:
                    break
                if squash(element.text) == heading:
                    found = []
            elif found is not None:
                found.append(element)
        assert found is not None, f"no section {heading!r} in {self.headings('h2')}"
        return found

    def headings(self, tag: str) -> list[str]:
        """The text of every heading of this level, in order."""
        return [squash(element.text) for element in self.elements if element.tag == tag]

    def results(self, heading: str) -> dict[str, list[tuple[str, str]]]:
        """Per <h3> of the section: each table row's name and result, in order."""
        results: dict[str, list[tuple[str, str]]] = {}
        current = ""
        for element in self.section(heading):
            if element.tag == "h3":
                current = squash(element.text)
            elif element.tag == "table":
                results[current] = [(row[0], row[1]) for row in table_rows(element)]
        return results

    def what_to_fix(self, heading: str) -> list[str]:
        """The section's problems, each as shown in a <pre>."""
        return [element.text for element in self.section(heading) if element.tag == "pre"]

    def screenshots(self, heading: str) -> dict[str, list[Shot]]:
        """Per <h4> of the section: its pictures in the order listed."""
        albums: dict[str, list[Shot]] = {}
        current = ""
        for element in self.section(heading):
            if element.tag == "h4":
                current = squash(element.text)
            elif element.tag == "ol":
                albums[current] = [_shot(item) for item in element.children]
        return albums


def table_rows(table: Element) -> list[list[str]]:
    """The text of each cell of each body row; the table must have column headers."""
    head = [child for child in table.children if child.tag == "thead"]
    assert head, "a table without a head"
    scopes = [cell.attrs.get("scope") for row in head[0].children for cell in row.children]
    assert set(scopes) == {"col"}, "a table without column headers"
    body = next(child for child in table.children if child.tag == "tbody")
    return [[squash(cell.text) for cell in row.children] for row in body.children]


def _shot(item: Element) -> Shot:
    figure = item.children[0]
    link = figure.children[0]
    image = link.children[0]
    caption = figure.children[1]
    assert (link.tag, image.tag, caption.tag) == ("a", "img", "figcaption")
    return Shot(link.attrs["href"], image.attrs["src"], image.attrs["alt"], squash(caption.text))
