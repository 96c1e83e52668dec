"""Reading a CSV of offline transactions: every line checked, each problem said with its line.

The file has the headings `month,channel,count` (and `note`, optionally) on its first line,
then one line an entry. Nothing is stored from a file unless every line is right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from mvpkit.patterns.figures.offline import (
    NOTE_MAX,
    Entry,
    count_problem,
    month_problem,
)
from mvpkit.patterns.figures.settings import OFFLINE_CHANNELS
from mvpkit.questions.answers import clean_text

MOST_BYTES = 1_000_000
MOST_LINES = 1_000  # below the headings
HEADINGS = ("month", "channel", "count")
NOTE = "note"
CHANNELS_TEXT = "phone, face-to-face or post"


class FileError(ValueError):
    """The file as a whole cannot be used: the message says why, for the upload form."""


@dataclass(frozen=True)
class Line:
    """One line of the file: its number, its cells as given, and what is wrong with it."""

    number: int
    month: str
    channel: str
    count: str
    note: str
    problems: tuple[str, ...] = ()
    entry: Entry | None = None


@dataclass(frozen=True)
class Parsed:
    """Every line of a file under its headings."""

    lines: list[Line] = field(default_factory=list)

    @property
    def problems(self) -> list[tuple[int, str]]:
        """Each problem with the number of its line, in the file's order."""
        return [(line.number, problem) for line in self.lines for problem in line.problems]

    @property
    def entries(self) -> list[Entry]:
        """The entries of the lines that are right."""
        return [line.entry for line in self.lines if line.entry is not None]

    @property
    def valid(self) -> bool:
        """True when every line is right."""
        return not self.problems


def decode(data: bytes) -> str:
    """The file's text; FileError when it is empty, too large or not text."""
    if not data.strip():
        raise FileError("The selected file is empty")
    if len(data) > MOST_BYTES:
        raise FileError("The selected file must be smaller than 1 MB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError("The selected file must be a CSV saved as UTF-8 text") from exc
    if "\x00" in text:
        raise FileError("The selected file must be a CSV saved as UTF-8 text")
    return text


def read_lines(text: str, today: date) -> Parsed:
    """Check every line of the file against its headings; FileError for the file itself."""
    rows = _rows(text)
    if not rows:
        raise FileError("The selected file is empty")
    _number, headings = rows[0]
    named = [cell.strip().lower() for cell in headings]
    if named not in (list(HEADINGS), [*HEADINGS, NOTE]):
        raise FileError(
            "The first line of the file must be the headings month,channel,count "
            "or month,channel,count,note"
        )
    below = rows[1:]
    if not below:
        raise FileError("The selected file has no lines below its headings")
    if len(below) > MOST_LINES:
        raise FileError(f"The selected file must have {MOST_LINES:,} lines or fewer")
    seen: dict[tuple[str, str], int] = {}
    lines = [_line(number, cells, len(named), today, seen) for number, cells in below]
    return Parsed(lines)


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Each row that is not blank, with the number of the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    found: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for cells in reader:
            start, last = last + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                found.append((start, cells))
            if len(found) > MOST_LINES + 1:
                break  # enough to say there are too many
    except csv.Error as exc:
        raise FileError(f"The selected file could not be read as a CSV at line {last + 1}") from exc
    return found


def _line(
    number: int, cells: list[str], width: int, today: date, seen: dict[tuple[str, str], int]
) -> Line:
    """One line checked: each cell in turn, then against the lines above it."""
    month, given, count, note = (
        clean_text(cells[index]) if index < len(cells) else "" for index in range(4)
    )
    channel = given.lower().replace(" ", "-")
    problems: list[str] = []
    if len(cells) > width:
        problems.append(f"Line {number}: has more cells than the headings")
    if not month:
        problems.append(f"Line {number}: enter the month, like 2026-11")
    elif (problem := month_problem(month, today)) is not None:
        problems.append(f"Line {number}: month {problem}")
    if channel not in OFFLINE_CHANNELS:
        problems.append(f"Line {number}: channel must be {CHANNELS_TEXT}")
    if (problem := count_problem(count)) is not None:
        problems.append(f"Line {number}: count {problem}")
    if len(note) > NOTE_MAX:
        problems.append(f"Line {number}: note must be {NOTE_MAX} characters or fewer")
    key = (month, channel)
    if not problems and key in seen:
        problems.append(f"Line {number}: {channel} in {month} is already on line {seen[key]}")
    if problems:
        return Line(number, month, given, count, note, tuple(problems))
    seen[key] = number
    entry = Entry(month, channel, int(count.replace(",", "")), note)
    return Line(number, month, given, count, note, (), entry)
