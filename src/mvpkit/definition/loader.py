"""Read `service.yaml` into a `Service`, reporting every problem with its file and line.

A delivery team edits YAML, not Python, so a mistake must come back as a sentence that
names the line to fix ("service.yaml:12: Page 'describe' goes to 'nowhere', ..."), never
as a traceback. `check_definition` finds every problem it can; `load_service` raises
`DefinitionError` listing them.

The work is split by step: `source` reads the file and maps node paths to lines,
`messages` rewrites pydantic's errors into sentences (with `wording` for values), and
`checks` (with `rule_checks`, `label_checks` and `sample_checks`) makes the checks the
model cannot make alone, and `advice` adds warnings that do not stop the service. Names
other code imports from this module are re-exported here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from mvpkit.definition.advice import advise
from mvpkit.definition.asked import asked_questions
from mvpkit.definition.checks import (
    ADDRESS_ERROR_KEYS,
    ERROR_KEYS,
    RESERVED_PAGE_IDS,
    check_service,
)
from mvpkit.definition.label_checks import check_labels
from mvpkit.definition.messages import validation_problems
from mvpkit.definition.model import Service
from mvpkit.definition.sample_checks import check_samples
from mvpkit.definition.sections import parse_service
from mvpkit.definition.source import (
    DEFINITION_FILE,
    DefinitionError,
    Problem,
    find_definition,
    read_source,
)
from mvpkit.definition.type_checks import check_types

__all__ = [
    "ADDRESS_ERROR_KEYS",
    "DEFINITION_FILE",
    "ERROR_KEYS",
    "RESERVED_PAGE_IDS",
    "DefinitionError",
    "Problem",
    "Review",
    "check_definition",
    "find_definition",
    "load_service",
    "review_definition",
]


@dataclass(frozen=True)
class Review:
    """What checking a definition found: its problems, which stop it, and warnings, which do not.

    `service` is None when the file does not make a model at all; when it does, it is kept
    even if later checks found problems, so tools can still look at it.
    """

    service: Service | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def review_definition(path: Path) -> Review:
    """Every problem and warning for the definition at `path`; never raises for bad input."""
    try:
        file = find_definition(path)
    except DefinitionError as exc:
        return Review(None, exc.problems)
    source = read_source(file)
    service: Service | None = None
    types_known = True
    if isinstance(source.data, dict):
        types_known = check_types(source, source.data)
        try:
            service = parse_service(source.data)
        except ValidationError as exc:
            validation_problems(source, exc)
        except RecursionError:
            source.problem((), "The file refers to itself through YAML aliases too deeply.")
    if service is not None and types_known:
        check_service(source, service)
        asked = asked_questions(service)
        check_labels(source, service, asked)
        if not source.problems:  # a sample is only worth checking against sound rules
            check_samples(source, asked)
        advise(source, asked)
    return Review(service, _in_order(source.problems), _in_order(source.warnings))


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda problem: problem.line)


def check_definition(path: Path) -> tuple[Service | None, list[Problem]]:
    """The service at `path` (None when the file makes none) and every problem with it."""
    review = review_definition(path)
    return review.service, review.problems


LOADED_KEPT = 32
_loaded: OrderedDict[tuple[Path, bytes, int], Service] = OrderedDict()
_loading = threading.Lock()


def load_service(path: Path) -> Service:
    """The service defined at `path` (a service folder or its YAML file).

    Raises DefinitionError, listing every problem, when the definition cannot be used.
    A definition is checked once a process: loading it again (`mvpkit serve` checks it,
    then builds the app) gives the same frozen `Service` while the file's bytes and its
    folder's list of files are unchanged.
    """
    key = _loaded_key(path)
    with _loading:
        known = _loaded.get(key) if key else None
    if known is not None:
        return known
    service, problems = check_definition(path)
    if problems or service is None:
        raise DefinitionError(problems)
    if key is not None:
        with _loading:
            _loaded[key] = service
            while len(_loaded) > LOADED_KEPT:
                _loaded.popitem(last=False)
    return service


def _loaded_key(path: Path) -> tuple[Path, bytes, int] | None:
    """What a loaded definition is known by; None when the file cannot be read (checked)."""
    try:
        file = find_definition(path).resolve()
        return file, file.read_bytes(), file.parent.stat().st_mtime_ns
    except (DefinitionError, OSError):
        return None
