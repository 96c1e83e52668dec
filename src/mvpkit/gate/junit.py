"""Read a stage's JUnit XML into named checks: scenario by feature, route by route.

The mvpkit pytest plugin records, for each test, the feature and scenario or the route it
ran, the page a failure happened on and its screenshots' album (see
`mvpkit.testing.scenario_record` and `mvpkit.testing.generated`).
Addresses of the test's own server (`http://127.0.0.1:<port>`) become paths.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from mvpkit.gate.addresses import to_paths

MESSAGE_LINES = 12
ORDER = "order"  # the property `mvpkit.testing.run_order` records
PARAMETER = re.compile(r"\[(?P<id>.*)\]$")
SETUP_FAILURE = re.compile(r'^failed on (?:setup|teardown) with "(.*)"$', re.DOTALL)


@dataclass(frozen=True)
class Case:
    """One check as a reader names it, and how it went."""

    group: str  # the feature's name; "" for checks outside a feature
    title: str  # the scenario's name, or the route's pages in order
    outcome: str  # passed, failed or skipped
    message: str = ""  # why it failed or was skipped, addresses as paths
    page: str = ""  # the path of the page it failed on, when it was on one
    album: str = ""  # its screenshots' listing (JSON), relative to screenshots/
    seconds: float = 0.0
    module: str = ""  # the test's module, dotted, as JUnit's classname has it
    unreadable: bool = False  # a file pytest could not collect: title is its name


def read_cases(path: Path) -> list[Case]:
    """Every test case in the file, in the order written; none when there is no file.

    That is the order collected (see `mvpkit.testing.run_order`), files that could not be
    collected first; a file without that order is read in the order run.
    """
    if not path.exists():
        return []
    root = ET.parse(path).getroot()  # noqa: S314 - our own pytest's file
    return [_case(element) for element in sorted(root.iter("testcase"), key=_place)]


def _place(element: ET.Element) -> int:
    for prop in element.iter("property"):
        if prop.get("name") == ORDER:
            return int(prop.get("value") or -1)
    return -1


def _case(element: ET.Element) -> Case:
    properties = {prop.get("name", ""): prop.get("value", "") for prop in element.iter("property")}
    problem = element.find("failure")
    if problem is None:
        problem = element.find("error")
    skipped = element.find("skipped")
    outcome = "failed" if problem is not None else "skipped" if skipped is not None else "passed"
    reason = problem if problem is not None else skipped
    message = ""
    name = element.get("name", "")
    if reason is not None and reason.get("message") == "collection failure":
        return Case("", name, "failed", _last_error(reason.text or ""), unreadable=True)
    if reason is not None:
        message = _first_lines(to_paths(_plain(reason.get("message") or reason.text or "")))
    return Case(
        group=properties.get("feature", ""),
        title=properties.get("scenario") or properties.get("route") or _title(name),
        outcome=outcome,
        message=message,
        page=properties.get("page", ""),
        album=properties.get("screenshots", ""),
        seconds=float(element.get("time") or 0),
        module=element.get("classname", ""),
    )


def _plain(message: str) -> str:
    """The message without pytest's wrapping, such as `failed on setup with "Failed: ...`."""
    wrapped = SETUP_FAILURE.match(message)
    message = wrapped.group(1) if wrapped else message
    return message.removeprefix("Failed: ")


def _title(test_name: str) -> str:
    """A route's id from `test_route[...]`, or a test's name as words."""
    parameter = PARAMETER.search(test_name)
    if parameter:
        return parameter["id"]
    return test_name.removeprefix("test_").replace("_", " ").capitalize()


def _last_error(trace: str) -> str:
    """The last error of a collection traceback (its last run of `E ` lines), unnamed."""
    blocks: list[list[str]] = [[]]
    for line in trace.splitlines():
        if line.startswith("E   "):
            blocks[-1].append(line[4:])
        elif blocks[-1]:
            blocks.append([])
    last = [block for block in blocks if block][-1:] or [[trace.strip()]]
    return _first_lines(re.sub(r"^[\w.]+(Error|Exception): ", "", "\n".join(last[0])))


def _first_lines(text: str) -> str:
    return "\n".join(text.strip().splitlines()[:MESSAGE_LINES])


def what_to_fix(case: Case, noun: str) -> str:
    """A failed check in plain words: which check, on which page, and what went wrong."""
    if case.unreadable:
        return f"The file {case.title} could not be read:\n{case.message}"
    feature = f' of the feature "{case.group}"' if case.group else ""
    where = f" on the page {case.page}" if case.page else ""
    return f'{noun} "{case.title}"{feature} failed{where}:\n{case.message}'
