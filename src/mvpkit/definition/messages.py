"""Pydantic's validation errors rewritten as plain sentences about the definition.

Each error becomes a `Problem` on the line of the key it is about, naming who it is about
("page 'contact'", "option 2 on question 'colour'") in the author's own terms.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mvpkit.definition.hints import KEY_HINTS, unquoted_comment
from mvpkit.definition.model import Confirmation, Council, Option, Page, Question, Start
from mvpkit.definition.sections import service_model
from mvpkit.definition.source import Loc, Source
from mvpkit.definition.wording import capital, kind_of, shown
from mvpkit.registry import installed_patterns

_SECTIONS = {
    "start": "the 'start' section",
    "confirmation": "the 'confirmation' section",
    "council": "the 'council' section",
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
    if loc and (loc[0] in _SECTIONS or loc[0] in _pattern_sections()):
        return _SECTIONS.get(str(loc[0]), f"the '{loc[0]}' section"), loc[1:]
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


def _as(name: str, value: Any) -> str:
    """A key and its value in a sentence: "type 'radio'", "a 'type' that is a list"."""
    name = name if name.startswith("'") else f"'{name}'"
    if isinstance(value, str):
        return f"{name} '{shown(value)}'"
    return f"an empty {name}" if value is None else f"a {name} that is {kind_of(value)}"


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
    **{
        _SECTIONS[name]: sorted(model.model_fields)
        for name, model in (("start", Start), ("confirmation", Confirmation), ("council", Council))
    },
}


@cache
def _pattern_sections() -> dict[str, list[str]]:
    """Each installed pattern's section, with its keys."""
    return {
        pattern.section: sorted(pattern.settings.model_fields)
        for pattern in installed_patterns()
        if pattern.section and pattern.settings
    }


def _key_names(name: str) -> list[str]:
    """The keys allowed in the part of the file `name` words."""
    if name == "the service":
        return sorted(service_model().model_fields)
    sections = {f"the '{section}' section": keys for section, keys in _pattern_sections().items()}
    return _KEY_NAMES.get(name) or sections.get(name, [])


_ID_RULE = "an id uses lower-case letters, digits and hyphens, and starts with a letter"


def validation_problems(source: Source, exc: ValidationError) -> None:
    """Turn pydantic's errors into sentences, one per place in the file."""
    groups: dict[Loc, list[ErrorDetails]] = {}
    for error in exc.errors():
        loc: Loc = tuple(error["loc"])
        path, _ = _at(source.data, loc)
        if error["type"] in ("missing", "invalid_key"):
            path = loc  # the key itself, which the data does not have by that name
        groups.setdefault(path, []).append(error)
    for path, errors in groups.items():
        _, value = _at(source.data, path)
        hint = unquoted_comment(source, path) if value is None else None
        if hint is not None:
            source.problem(path, hint)
            continue
        for message in _messages(source.data, path, errors):
            source.problem(path, message)


def _messages(data: Any, path: Loc, errors: list[ErrorDetails]) -> Iterator[str]:
    types = {error["type"] for error in errors}
    subject, rest = _subject(data, path)
    what = subject.split(" ", 1)[0]
    if rest and types & {"missing"}:
        rest, missing = rest[:-1], rest[-1]
        owner = f"{subject}'s {_field_words(rest)}" if rest else subject
        yield f"{capital(owner)} has no '{missing}'."
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
        yield (
            f"{capital(subject)} has {_as(name, value)}, which is not allowed. "
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
            given = f"an empty {name}" if value is None else f"{name} as {kind_of(value)}"
            yield f"{capital(subject)} has {given}, but it should be {wanted}."
        else:
            yield f"{capital(subject)} should be {wanted}, but it is {kind_of(value)}."
        return
    for error in errors:
        yield _message(subject, what, rest, name, value, error)


def _message(subject: str, what: str, rest: Loc, name: str, value: Any, error: ErrorDetails) -> str:
    kind = error["type"]
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    who = capital(subject)
    if kind == "extra_forbidden":
        key = str(rest[-1]) if rest else "?"
        owner = f"{who}'s {_field_words(rest[:-1])}" if len(rest) > 1 else who
        message = f"{owner} has a key '{key}' that mvpkit does not know."
        known = _key_names(what) or _key_names(subject)
        close = difflib.get_close_matches(key, known, n=1) if len(rest) == 1 else []
        if key in KEY_HINTS:
            message += " " + KEY_HINTS[key]
        elif close:
            message += f" Did you mean '{close[0]}'?"
        return message
    if kind == "invalid_key":
        return f"{who} has a key that is not text ({kind_of(error['input'])}): keys are words."
    if kind == "string_pattern_mismatch":
        if rest and rest[-1] == "id":
            return f"{who} has the id '{shown(value)}', which mvpkit cannot use: {_ID_RULE}."
        if rest == ("reference_prefix",):
            return (
                f"The 'reference_prefix' '{shown(value)}' is not allowed: "
                "use 1 to 6 capital letters, like SL."
            )
        return f"{who} has {name} '{shown(value)}', which does not match {ctx.get('pattern')}."
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
        return f"{who} has {name} {shown(value)}, but it must be {words.format(ctx.get(key))}."
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
