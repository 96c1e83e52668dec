"""Read `service.yaml` into a `Service`, reporting every problem with its file and line.

A delivery team edits YAML, not Python, so a mistake must come back as a sentence that
names the line to fix ("service.yaml:12: Page 'describe' goes to 'nowhere', ..."), never
as a traceback. `check_definition` finds every problem it can; `load_service` raises
`DefinitionError` listing them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mvpkit.definition.model import (
    CHOICE_TYPES,
    QUESTION_TYPES,
    Confirmation,
    Council,
    Option,
    Page,
    Question,
    Service,
    Start,
    Tracking,
)

__all__ = [
    "DefinitionError",
    "Problem",
    "check_definition",
    "find_definition",
    "load_service",
]

DEFINITION_FILE = "service.yaml"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a service definition, and where it is."""

    file: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DefinitionError(Exception):
    """A service definition that cannot be used; `problems` says why, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --- Reading the file ------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML as a person means it: only `true` and `false` are booleans, and dates stay text.

    PyYAML follows YAML 1.1, where `Yes`, `No`, `on` and `off` are booleans and
    `2024-01-31` is a date. An option called "No" or a `min: 2024-01-31` would then not be
    what the author wrote, so those scalars are read as strings (as YAML 1.2 does).
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def find_definition(path: Path) -> Path:
    """The definition file: `service.yaml` in a service folder, or the YAML file given."""
    path = Path(path)
    if path.is_dir():
        candidate = path / DEFINITION_FILE
        if candidate.is_file():
            return candidate
        raise DefinitionError(
            [Problem(candidate, 1, f"There is no {DEFINITION_FILE} in the folder '{path}'.")]
        )
    if path.is_file():
        return path
    raise DefinitionError([Problem(path, 1, f"There is no file or folder called '{path}'.")])


@dataclass
class _Source:
    """The parsed file: its data and the line of every key and list item in it."""

    file: Path
    data: Any = None
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(loc), message))

    def line(self, loc: Loc) -> int:
        """The line of the deepest part of `loc` the file has (1 when nothing matches)."""
        found = 1
        path: Loc = ()
        for part in loc:
            candidates: list[str | int] = [part]
            if isinstance(part, bool):
                candidates = ["true" if part else "false"]
            elif part == "None":  # pydantic writes a null key so
                candidates = [part, "null", "~", "Null", "NULL", ""]
            elif isinstance(part, int):
                candidates.append(str(part))
            for candidate in candidates:
                if (*path, candidate) in self.lines:
                    path = (*path, candidate)
                    found = self.lines[path]
                    break
            else:
                break
        return found


def _read(file: Path) -> _Source:
    source = _Source(file)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        source.problem((), f"The file could not be read: {exc.strerror or exc}.")
        return source
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        source.problems.append(
            Problem(
                file,
                line,
                f"The file is not UTF-8 text: byte 0x{raw[exc.start]:02x} on this line "
                "cannot be read. Save the file as UTF-8.",
            )
        )
        return source
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _map_lines(node, source)
                source.data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        source.problems.append(Problem(file, _yaml_line(exc), _yaml_message(exc)))
        return source
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        source.problems.append(
            Problem(
                file,
                line,
                f"The file holds a character YAML does not allow ({_character(exc.character)}): "
                "remove it.",
            )
        )
        return source
    except RecursionError:
        source.problem((), "The file is nested too deeply to read.")
        return source
    except Exception as exc:  # a tag such as `!!int abc` fails outside PyYAML's own errors
        source.problem((), f"The file is not valid YAML: {exc}.")
        return source
    if source.data is None:
        source.problem(
            (),
            "The file is empty: a service definition needs at least a 'name' and 'pages'.",
        )
    elif not isinstance(source.data, dict):
        source.problem(
            (),
            "The file should be a mapping of keys such as 'name' and 'pages', "
            f"but it is {_kind(source.data)}.",
        )
    return source


def _character(character: Any) -> str:
    code = character if isinstance(character, int) else ord(str(character)[:1] or "?")
    return f"U+{code:04X}"


def _yaml_line(exc: yaml.MarkedYAMLError) -> int:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark is not None else 1


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "something is wrong").strip()
    context, problem_mark = exc.context_mark, exc.problem_mark
    if exc.context and problem.startswith("but "):  # "expected a single document, but ..."
        message = f"This is not valid YAML: {exc.context.strip()}, {problem}"
        if context and problem_mark and context.line != problem_mark.line:
            message += f" (it started on line {context.line + 1})"
    else:
        message = f"This is not valid YAML: {problem}"
        if exc.context and context and problem_mark and context.line != problem_mark.line:
            message += f" ({exc.context} started on line {context.line + 1})"
    message += "."
    if "'\\t'" in problem:
        message += " YAML indents with spaces, not tabs."
    elif "mapping values are not allowed" in problem:
        message += " A value holding ': ' needs quotes around it, or check the indentation."
    elif "could not find expected ':'" in problem or "expected <block end>" in problem:
        message += " Check the indentation and that every key ends with a colon."
    return message


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _map_lines(root: yaml.Node, source: _Source) -> None:
    """Record the line of every mapping key and list item, by its path from the top.

    Also reports a key given twice in one mapping: YAML keeps the last silently.
    """
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: its lines are where its anchor is
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            merged: list[yaml.Node] = []
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    merged.append(value_node)
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in first_line:
                    source.problems.append(
                        Problem(
                            source.file,
                            line,
                            f"The key '{key}' is given twice here (first on line "
                            f"{first_line[key]}): keep one.",
                        )
                    )
                first_line[key] = line
                source.lines[(*path, key)] = line
                stack.append((value_node, (*path, key)))
            for merge in merged:
                parts = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
                for part in parts:
                    if not isinstance(part, yaml.MappingNode):
                        continue
                    for key_node, value_node in part.value:
                        if isinstance(key_node, yaml.ScalarNode) and (
                            key_node.value not in first_line
                        ):
                            key = key_node.value
                            first_line[key] = key_node.start_mark.line + 1
                            source.lines[(*path, key)] = first_line[key]
                            stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                source.lines[(*path, index)] = item.start_mark.line + 1
                stack.append((item, (*path, index)))


# --- Describing where a problem is -------------------------------------------------------

_SECTIONS = {
    "start": "the 'start' section",
    "confirmation": "the 'confirmation' section",
    "council": "the 'council' section",
    "tracking": "the 'tracking' section",
}


def _at(data: Any, loc: Loc) -> tuple[Loc, Any]:
    """Follow `loc` through the data as far as it goes: the path that exists, and its value."""
    path: Loc = ()
    value = data
    for part in loc:
        in_list = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (in_list or (isinstance(value, dict) and part in value)):
            break
        value = value[part]
        path = (*path, part)
    return path, value


def _named(data: Any, loc: Loc, noun: str, index: int) -> str:
    _, item = _at(data, loc)
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
        return f"{noun} '{item['id']}'"
    return f"{noun} {index + 1}"


def _subject(data: Any, loc: Loc) -> tuple[str, Loc]:
    """Who `loc` is about, in words ("page 'contact'"), and the part of `loc` below it."""
    if len(loc) >= 2 and loc[0] == "pages" and isinstance(loc[1], int):
        page = _named(data, loc[:2], "page", loc[1])
        rest = loc[2:]
        owner = page
        if len(rest) >= 2 and rest[0] == "fields" and isinstance(rest[1], int):
            owner = _named(data, loc[:4], "question", rest[1]) + f" on {page}"
            rest = rest[2:]
        if len(rest) >= 2 and rest[0] == "options" and isinstance(rest[1], int):
            preposition = "of" if owner is not page else "on"
            return f"option {rest[1] + 1} {preposition} {owner}", rest[2:]
        if len(rest) >= 2 and rest[0] == "next" and isinstance(rest[1], int):
            return f"rule {rest[1] + 1} in 'next' on {page}", rest[2:]
        return owner, rest
    if loc and loc[0] in _SECTIONS:
        return _SECTIONS[str(loc[0])], loc[1:]
    return "the service", loc


def _field_words(rest: Loc) -> str:
    """A key path in words: `'statuses' item 2`, `'errors.required'`."""
    words: list[str] = []
    keys: list[str] = []
    for part in rest:
        if isinstance(part, int) and not isinstance(part, bool) and keys:
            words.append("'" + ".".join(keys) + f"' item {part + 1}")
            keys = []
        else:
            keys.append(str(part))
    if keys:
        words.append("'" + ".".join(keys) + "'")
    return ", ".join(words)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _figure(value: float | str) -> str:
    """A bound as the author wrote it: 5, not 5.0."""
    return f"{value:g}" if isinstance(value, float) else _shown(value)


def _as(name: str, value: Any) -> str:
    """A key and its value in a sentence: "type 'radio'", "a 'type' that is a list"."""
    name = name if name.startswith("'") else f"'{name}'"
    if isinstance(value, str):
        return f"{name} '{_shown(value)}'"
    return f"an empty {name}" if value is None else f"a {name} that is {_kind(value)}"


def _kind(value: Any) -> str:
    """What a YAML value is, in words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
    if isinstance(value, str):
        return f"the text '{_shown(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
}
_OBJECT_KEYS = {
    "page": "such as 'id' and 'title'",
    "question": "such as 'id', 'label' and 'type'",
    "rule": "'if' and 'goto'",
}
_KEY_NAMES: dict[str, list[str]] = {
    "page": sorted(Page.model_fields),
    "question": sorted(Question.model_fields),
    "option": sorted(Option.model_fields),
    "rule": ["if", "goto"],
    "the service": sorted(Service.model_fields),
    **{
        _SECTIONS[name]: sorted(model.model_fields)
        for name, model in (
            ("start", Start),
            ("confirmation", Confirmation),
            ("council", Council),
            ("tracking", Tracking),
        )
    },
}
_ID_RULE = "an id uses lower-case letters, digits and hyphens, and starts with a letter"


def _validation_problems(source: _Source, exc: ValidationError) -> None:
    """Turn pydantic's errors into sentences, one per place in the file."""
    groups: dict[Loc, list[ErrorDetails]] = {}
    for error in exc.errors():
        loc: Loc = tuple(error["loc"])
        path, _ = _at(source.data, loc)
        if error["type"] in ("missing", "invalid_key"):
            path = loc  # the key itself, which the data does not have by that name
        groups.setdefault(path, []).append(error)
    for path, errors in groups.items():
        for message in _messages(source.data, path, errors):
            source.problem(path, message)


def _messages(data: Any, path: Loc, errors: list[ErrorDetails]) -> Iterator[str]:
    types = {error["type"] for error in errors}
    subject, rest = _subject(data, path)
    what = subject.split(" ", 1)[0]
    if rest and types & {"missing"}:
        rest, missing = rest[:-1], rest[-1]
        owner = f"{subject}'s {_field_words(rest)}" if rest else subject
        yield f"{_capital(owner)} has no '{missing}'."
        return
    _, value = _at(data, path)
    name = _field_words(rest) if rest else ""
    if "literal_error" in types:
        expected: list[str] = []
        for error in errors:
            if error["type"] == "literal_error":
                for word in re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected"))):
                    if word not in expected:
                        expected.append(word)
        if rest == ("type",):
            kind = f"type '{_shown(value)}'" if isinstance(value, str) else _as("type", value)
            line = (
                f"{_capital(subject)} has {kind}, which is not a question type. "
                f"Use one of: {', '.join(QUESTION_TYPES)}"
            )
            if "exit" in expected:
                line += " (or exit, for a content page that ends the journey)"
            yield line + "."
        else:
            yield (
                f"{_capital(subject)} has {_as(name, value)}, which is not allowed. "
                f"Use one of: {', '.join(expected)}."
            )
        return
    if types <= set(_EXPECTED):
        nouns: list[str] = []
        for error in errors:
            if _EXPECTED[error["type"]] not in nouns:
                nouns.append(_EXPECTED[error["type"]])
        wanted = " or ".join(nouns)
        if what == "option" and not rest:
            wanted = "text, or a mapping with 'value' and 'label'"
        elif what in _OBJECT_KEYS and not rest and "mapping" in wanted:
            wanted = f"a mapping with keys {_OBJECT_KEYS[what]}"
        if name:
            given = f"an empty {name}" if value is None else f"{name} as {_kind(value)}"
            yield f"{_capital(subject)} has {given}, but it should be {wanted}."
        else:
            yield f"{_capital(subject)} should be {wanted}, but it is {_kind(value)}."
        return
    for error in errors:
        yield _message(subject, what, rest, name, value, error)


def _message(subject: str, what: str, rest: Loc, name: str, value: Any, error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    who = _capital(subject)
    if kind == "extra_forbidden":
        key = str(rest[-1]) if rest else "?"
        owner = f"{who}'s {_field_words(rest[:-1])}" if len(rest) > 1 else who
        message = f"{owner} has a key '{key}' that mvpkit does not know."
        known = _KEY_NAMES.get(what, _KEY_NAMES.get(subject, []))
        close = difflib.get_close_matches(key, known, n=1) if len(rest) == 1 else []
        if close:
            message += f" Did you mean '{close[0]}'?"
        return message
    if kind == "invalid_key":
        return f"{who} has a key that is not text ({_kind(error['input'])}): keys are words."
    if kind == "string_pattern_mismatch":
        if rest and rest[-1] == "id":
            return f"{who} has the id '{_shown(value)}', which mvpkit cannot use: {_ID_RULE}."
        if rest == ("reference_prefix",):
            return (
                f"The 'reference_prefix' '{_shown(value)}' is not allowed: "
                "use 1 to 6 capital letters, like SL."
            )
        return f"{who} has {name} '{_shown(value)}', which does not match {ctx.get('pattern')}."
    if kind in ("too_short", "too_long"):
        if rest == ("pages",):
            return "The service has no pages: list at least one under 'pages'."
        limit = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        count = ctx.get("actual_length")
        amount = "at least" if kind == "too_short" else "at most"
        has = f"{name} with {count} {'item' if count == 1 else 'items'}" if name else "too many"
        return f"{who} has {has}, but it needs {amount} {limit}."
    bounds = {
        "greater_than_equal": ("ge", "{} or more"),
        "greater_than": ("gt", "more than {}"),
        "less_than_equal": ("le", "{} or less"),
        "less_than": ("lt", "less than {}"),
    }
    if kind in bounds:
        key, words = bounds[kind]
        return f"{who} has {name} {_shown(value)}, but it must be {words.format(ctx.get(key))}."
    if kind in ("value_error", "assertion_error"):
        reason = str(ctx.get("error") or error["msg"]).rstrip(".")
        if name:
            return f"{who} has a {name} that mvpkit cannot use: {reason}."
        return f"{who} cannot be used: {reason}."
    if kind == "recursion_loop":
        return f"{who} refers to itself through a YAML alias, which mvpkit cannot follow."
    reason = error["msg"].rstrip(".")
    where = f"{who}, {name}" if name else who
    return f"{where}: {reason[:1].lower()}{reason[1:]}."


# --- Checks the model cannot make alone ---------------------------------------------------

_QUESTION_KEYS = (
    "options",
    "min_length",
    "max_length",
    "min",
    "max",
    "pattern",
    "pattern_message",
    "errors",
    "summary",
    "autocomplete",
    "required",
)


@dataclass(frozen=True)
class _Asked:
    """A question, with the page it is on and where it is written."""

    question: Question
    page: Page
    loc: Loc  # the page's path for a one-question page, else the field's

    @property
    def name(self) -> str:
        if self.page.single_question:
            return f"page '{self.page.id}'"
        return f"question '{self.question.id}' on page '{self.page.id}'"


def _asked(service: Service) -> list[_Asked]:
    asked: list[_Asked] = []
    for index, page in enumerate(service.pages):
        if page.fields is not None and not page.is_exit:
            asked.extend(
                _Asked(question, page, ("pages", index, "fields", number))
                for number, question in enumerate(page.fields)
            )
        elif page.single_question:
            asked.append(_Asked(page.questions[0], page, ("pages", index)))
    return asked


def _check_service(source: _Source, service: Service) -> None:
    asked = _asked(service)
    _check_ids(source, service, asked)
    _check_pages(source, service)
    for item in asked:
        _check_question(source, item)
    _check_rules(source, service, asked)
    _check_reachable(source, service)


# Addresses every service already uses: a page with one of these ids could not be reached.
RESERVED_PAGE_IDS = frozenset(
    {
        "accessibility-statement",
        "assets",
        "check-answers",
        "confirmation",
        "cookies",
        "feedback",
        "health",
        "privacy",
        "staff",
        "track",
    }
)


def _check_ids(source: _Source, service: Service, asked: list[_Asked]) -> None:
    pages: dict[str, int] = {}
    for index, page in enumerate(service.pages):
        loc: Loc = ("pages", index, "id")
        if page.id in RESERVED_PAGE_IDS:
            source.problem(
                loc,
                f"Page id '{page.id}' is the address of a page every service has: "
                "choose another id.",
            )
        if page.id in pages:
            source.problem(
                loc,
                f"Page id '{page.id}' is used more than once (first on line {pages[page.id]}): "
                "each page needs its own id.",
            )
        else:
            pages[page.id] = source.line(loc)
    questions: dict[str, _Asked] = {}
    for item in asked:
        first = questions.get(item.question.id)
        if first is None:
            questions[item.question.id] = item
            continue
        if first.page.single_question and item.page.single_question:
            continue  # already reported as a page id used twice
        source.problem(
            (*item.loc, "id"),
            f"The id '{item.question.id}' of {item.name} is already used by {first.name} "
            f"(line {source.line((*first.loc, 'id'))}): answers are stored by question id, "
            "so each question needs its own.",
        )


def _check_pages(source: _Source, service: Service) -> None:
    if service.pages[0].is_exit:
        source.problem(
            ("pages", 0),
            f"The first page, '{service.pages[0].id}', is an exit page: "
            "a journey must start with a question.",
        )
    for index, page in enumerate(service.pages):
        given = page.model_fields_set
        if page.is_exit:
            for key in ("fields", *_QUESTION_KEYS, "hint", "next"):
                if key not in given:
                    continue
                if key == "next":
                    reason = "an exit page ends the journey, so it goes nowhere"
                else:
                    reason = "an exit page asks no questions"
                source.problem(
                    ("pages", index, key),
                    f"Exit page '{page.id}' has '{key}', but {reason}.",
                )
        elif page.fields is not None:
            for key in _QUESTION_KEYS:
                if key in given:
                    source.problem(
                        ("pages", index, key),
                        f"Page '{page.id}' has 'fields', so '{key}' belongs on one of its "
                        "fields, not on the page.",
                    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


ERROR_KEYS = frozenset(
    {
        "required",
        "max_length",
        "min_length",
        "format",
        "pattern",
        "min",
        "max",
        "choice",
        "incomplete",
        "real",
    }
)
ADDRESS_ERROR_KEYS = frozenset(
    {
        "line-1-required",
        "town-required",
        "postcode-required",
        "postcode-format",
        "line-1-max_length",
        "line-2-max_length",
        "town-max_length",
        "postcode-max_length",
    }
)


def _check_error_keys(source: _Source, item: _Asked, who: str) -> None:
    known = ERROR_KEYS | (ADDRESS_ERROR_KEYS if item.question.type == "address" else set())
    for key in item.question.errors:
        if key not in known:
            source.problem(
                (*item.loc, "errors", key),
                f"{who} has an error message for '{key}', which mvpkit never shows. "
                f"Use one of: {', '.join(sorted(known))}.",
            )


def _check_question(source: _Source, item: _Asked) -> None:
    question, loc = item.question, item.loc
    who = _capital(item.name)
    _check_error_keys(source, item, who)
    given = (
        question.model_fields_set if not item.page.single_question else (item.page.model_fields_set)
    )
    kind = question.type
    if kind in CHOICE_TYPES and not question.options:
        where = (*loc, "options") if "options" in given else (*loc, "type")
        source.problem(
            where,
            f"{who} is a {kind} question but has no 'options': list the answers to choose from.",
        )
    elif kind not in CHOICE_TYPES and "options" in given:
        reason = (
            "a yesno question always offers Yes and No"
            if kind == "yesno"
            else (f"a {kind} question does not take them")
        )
        source.problem((*loc, "options"), f"{who} has 'options', but {reason}.")
    values: dict[str, int] = {}
    for number, option in enumerate(question.options or []):
        if option.value in values:
            source.problem(
                (*loc, "options", number),
                f"{who} has the option value '{option.value}' twice (options "
                f"{values[option.value] + 1} and {number + 1}): each option needs its own value.",
            )
        else:
            values[option.value] = number
    low, high = question.min_length, question.max_length
    if low is not None and high is not None and low > high:
        source.problem(
            (*loc, "max_length"),
            f"{who} has 'max_length' {high}, which is less than its 'min_length' {low}.",
        )
    for key in ("min", "max"):
        bound = getattr(question, key)
        if bound is None:
            continue
        if kind == "number" and not _number(bound):
            source.problem(
                (*loc, key),
                f"{who} has '{key}' '{_shown(bound)}', but a number question needs a number.",
            )
        elif kind == "date" and bound != "today" and _iso_date(bound) is None:
            source.problem(
                (*loc, key),
                f"{who} has '{key}' '{_shown(bound)}', but a date question needs 'today' "
                "or a date written like 2024-01-31.",
            )
        elif kind not in ("number", "date"):
            source.problem(
                (*loc, key),
                f"{who} has '{key}', but only number and date questions use it.",
            )
    low_bound, high_bound = question.min, question.max
    if (
        isinstance(low_bound, int | float)
        and isinstance(high_bound, int | float)
        and low_bound > high_bound
    ):
        source.problem(
            (*loc, "max"),
            f"{who} has 'max' {_figure(high_bound)}, which is less than its 'min' "
            f"{_figure(low_bound)}.",
        )
    first_day, last_day = _iso_date(low_bound), _iso_date(high_bound)
    if first_day and last_day and first_day > last_day:
        source.problem(
            (*loc, "max"),
            f"{who} has 'max' {high_bound}, which is before its 'min' {low_bound}.",
        )
    if question.pattern and not (question.pattern_message or question.errors.get("pattern")):
        source.problem(
            (*loc, "pattern"),
            f"{who} has a 'pattern' but no 'pattern_message': say what to enter when an answer "
            "does not match, like 'Enter your reference in the format AB123'.",
        )


def _allowed_values(question: Question) -> list[str] | None:
    """The values a condition on this question can hold, or None when any text can."""
    if question.type == "yesno":
        return ["yes", "no"]
    if question.type in CHOICE_TYPES:
        return list(dict.fromkeys(option.value for option in question.options or []))
    return None


def _check_rules(source: _Source, service: Service, asked: list[_Asked]) -> None:
    questions: dict[str, Question] = {}
    for item in asked:
        questions.setdefault(item.question.id, item.question)  # a second use is reported
    for index, page in enumerate(service.pages):
        if page.is_exit:
            continue
        always_from: int | None = None
        for number, rule in enumerate(page.next):
            loc: Loc = ("pages", index, "next", number)
            if always_from is not None:
                source.problem(
                    loc,
                    f"Rule {number + 1} in 'next' on page '{page.id}' is never used: rule "
                    f"{always_from + 1} before it has no 'if', so it always matches first.",
                )
            elif not rule.when:
                always_from = number
            target = service.page(rule.goto)
            if target is None:
                source.problem(
                    (*loc, "goto"),
                    f"Page '{page.id}' goes to '{rule.goto}', but no page has that id.",
                )
            elif target is page:
                source.problem(
                    (*loc, "goto"),
                    f"Page '{page.id}' goes to itself, so the journey would never move on.",
                )
            elif service.pages.index(target) < index:
                source.problem(
                    (*loc, "goto"),
                    f"Page '{page.id}' goes back to '{rule.goto}', which comes before it: "
                    "journeys only go forward, so list the pages in the order they are asked.",
                )
            for question_id, wanted in (rule.when or {}).items():
                where: Loc = (*loc, "if", question_id)
                question = questions.get(question_id)
                if question is None:
                    source.problem(
                        where,
                        f"Page '{page.id}' has a rule that checks the answer to "
                        f"'{question_id}', but no question has that id.",
                    )
                    continue
                allowed = _allowed_values(question)
                if allowed is None:
                    continue
                for value in wanted if isinstance(wanted, list) else [wanted]:
                    if value not in allowed:
                        choices = ", ".join(allowed) or "none"
                        source.problem(
                            where,
                            f"Page '{page.id}' has a rule that checks whether '{question_id}' "
                            f"is '{_shown(value)}', but that is not one of its values "
                            f"({choices}).",
                        )


def _successors(service: Service, index: int) -> list[str]:
    page = service.pages[index]
    if page.is_exit:
        return []
    following: list[str] = []
    for rule in page.next:
        following.append(rule.goto)
        if not rule.when:
            return following  # a rule without `if` always matches: nothing after it can
    for later in service.pages[index + 1 :]:
        if not later.is_exit:
            following.append(later.id)
            break
    return following


def _check_reachable(source: _Source, service: Service) -> None:
    """Report question pages no route reaches from the first page.

    Exit pages are not reported: one may be reached from a hook, and the definition
    shape in DESIGN.md lists one that no `goto` names.
    """
    if service.pages[0].is_exit:
        return  # reported already: nothing is reached from an exit page
    indexes = {page.id: index for index, page in reversed(list(enumerate(service.pages)))}
    reached = {0}
    todo = [0]
    while todo:
        for page_id in _successors(service, todo.pop()):
            index = indexes.get(page_id)
            if index is not None and index not in reached:
                reached.add(index)
                todo.append(index)
    for index, page in enumerate(service.pages):
        if index in reached or page.is_exit:
            continue
        if indexes[page.id] != index:
            continue  # a page whose id is used twice is reported already
        source.problem(
            ("pages", index),
            f"Page '{page.id}' is never reached: no route from the first page leads to it.",
        )


# --- The public functions ----------------------------------------------------------------


def check_definition(path: Path) -> tuple[Service | None, list[Problem]]:
    """Every problem with the definition at `path`, sorted by line; never raises for bad input.

    The service is None when the file does not make a model at all; when it does, it is
    returned even if later checks found problems, so tools can still look at it.
    """
    try:
        file = find_definition(path)
    except DefinitionError as exc:
        return None, exc.problems
    source = _read(file)
    service: Service | None = None
    if isinstance(source.data, dict):
        try:
            service = Service.model_validate(source.data)
        except ValidationError as exc:
            _validation_problems(source, exc)
        except RecursionError:
            source.problem((), "The file refers to itself through YAML aliases too deeply.")
        if service is not None:
            _check_service(source, service)
    problems = sorted(dict.fromkeys(source.problems), key=lambda problem: problem.line)
    return service, problems


def load_service(path: Path) -> Service:
    """The service defined at `path` (a service folder or its YAML file).

    Raises DefinitionError, listing every problem, when the definition cannot be used.
    """
    service, problems = check_definition(path)
    if problems or service is None:
        raise DefinitionError(problems)
    return service
