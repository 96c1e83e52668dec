"""The Jinja loader chain and filters every mvpkit service renders with."""

from __future__ import annotations

import os
import re
from collections import ChainMap
from collections.abc import KeysView, MutableMapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    Undefined,
)

from mvpkit.cache import cache_home
from mvpkit.clock import in_london
from mvpkit.frontend.markdown import render_markdown

# GOV.UK's months where space is short: "Sept", not "Sep".
SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec")


class PrintingUndefinedError(Undefined):
    """Fails when an undefined name is printed (a typo), yet stays falsy for `{% if %}`.

    govuk-frontend-jinja tests optional parameters with `if`, so Jinja's StrictUndefined
    would break its macros; printing an undefined name is the mistake worth failing on.
    """

    __slots__ = ()

    def __str__(self) -> str:
        self._fail_with_undefined_error()


def install_templates(app: Flask, service_dir: Path, *, strict: bool) -> None:
    """Service templates first, then the kit's, then govuk-frontend-jinja's."""
    loaders: list[BaseLoader] = []
    if (service_dir / "templates").is_dir():
        loaders.append(FileSystemLoader(service_dir / "templates"))
    loaders.append(PackageLoader("mvpkit", "frontend/templates"))
    loaders.append(PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}))
    app.jinja_loader = ChoiceLoader(loaders)
    env = app.jinja_env  # may exist already (extensions add globals): configure it in place
    env.trim_blocks = True
    env.lstrip_blocks = True
    if strict:
        env.undefined = PrintingUndefinedError
    env.bytecode_cache = bytecode_cache()
    # Every template kept, in a plain dict: a service has a few dozen, and Jinja's default
    # cache (400, least recently used) takes a lock and reorders a list at every lookup,
    # which a page makes a dozen times for its `{% from ... import %}`s.
    env.cache = {}
    env.make_globals = partial(_template_globals, env)  # type: ignore[method-assign]
    app.add_template_filter(render_markdown, "markdown")
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(date_time, "date_time")
    app.add_template_filter(short_date_time, "short_date_time")


class TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, as Jinja keeps them, but with `keys()`
    answered by a dict: Jinja takes them from a set at every `{% from ... import %}`, and
    a ChainMap checked each name in Python, a fifth of a question page's time."""

    def keys(self) -> KeysView[str]:
        merged: dict[str, Any] = {}
        for mapping in reversed(self.maps):
            merged.update(mapping)
        return merged.keys()


def _template_globals(env: Environment, given: MutableMapping[str, Any] | None) -> TemplateGlobals:
    """Jinja's `make_globals`, giving `TemplateGlobals`: still live over the environment's."""
    return TemplateGlobals(given if given is not None else {}, env.globals)


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates in the user's cache folder, or none when it cannot be written.

    One folder serves every service: Jinja names each entry after the template's full path
    and recompiles when the source changes. Nothing is written into a service folder.
    """
    folder = cache_home() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None
    return FileSystemBytecodeCache(str(folder))


def long_date(value: Any) -> str:
    """'2007-03-27' or a date -> '27 March 2007', as GOV.UK writes dates."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime | date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def date_time(value: datetime) -> str:
    """A stored UTC timestamp as UK time: '27 March 2007 at 2:15pm'."""
    value = in_london(value)
    return f"{value.day} {value:%B %Y} at {_clock_time(value)}"


def short_date_time(value: datetime) -> str:
    """A stored UTC timestamp as UK time, short enough for a table: '27 Mar 2007, 2:15pm'."""
    value = in_london(value)
    return f"{value.day} {SHORT_MONTHS[value.month - 1]} {value.year}, {_clock_time(value)}"


def _clock_time(value: datetime) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value:%M}{suffix}"


REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
"""A template named as written in `{% extends/include/import/from "..." %}`."""
JOURNEY_TEMPLATES = (
    "mvpkit/start.html",
    "mvpkit/question.html",
    "mvpkit/check_answers.html",
    "mvpkit/confirmation.html",
    "mvpkit/exit.html",
    "mvpkit/error.html",
    "mvpkit/questions.html",
    "mvpkit/chrome/banner.html",
    "mvpkit/chrome/header.html",
    "mvpkit/chrome/footer.html",
    "mvpkit/chrome/scripts.html",
)


def load_templates(app: Flask, names: tuple[str, ...] = JOURNEY_TEMPLATES) -> int:
    """Compile `names` and every template they extend, include or import; return how many.

    Called before gunicorn forks its workers: they then share the compiled templates rather
    than each compiling its own at its first requests. A name a template works out as it
    renders cannot be followed (Jinja's own `meta.find_referenced_templates` would parse
    each template again, which takes longer than compiling it); it compiles when first used.
    """
    env = app.jinja_env
    loaded: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name in loaded:
            continue
        loaded.add(name)
        template = env.get_template(name)
        with open(template.filename or os.devnull, encoding="utf-8") as source:
            waiting.extend(REFERENCE.findall(source.read()))
    return len(loaded)
