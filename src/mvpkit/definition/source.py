"""Reading `service.yaml`: its data, the line of every key and item, and YAML problems.

`read_source` never raises for a bad file: what cannot be read comes back as a `Problem`
naming the line, and the `Source` it returns maps each node path to its line so later
checks can point at the right place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mvpkit.definition.wording import kind_of

DEFINITION_FILE = "service.yaml"

Loc = tuple[str | int, ...]
"""A path to a node in the definition: keys and list indexes from the top."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a service definition, and where it is."""

    file: Path
    line: int
    message: str
    warning: bool = False  # advice: the definition works, but could serve users better

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {kind}{self.message}"


class DefinitionError(Exception):
    """A service definition that cannot be used; `problems` says why, one per line."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class _Loader(yaml.SafeLoader):
    """YAML as a person means it: only `true` and `false` are booleans, and dates stay text.

    PyYAML follows YAML 1.1, where `Yes`, `No`, `on` and `off` are booleans and
    `2024-01-31` is a date. An option called "No" or a `min: 2024-01-31` would then not be
    what the author wrote, so those scalars are read as strings (as YAML 1.2 does).
    """


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same reading by libyaml, when PyYAML has it: several times faster.

    A file it cannot read is read again by `_Loader`, whose errors the kit explains.
    """


_BOOL_TAG = "tag:yaml.org,2002:bool"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_PERSONS_BOOLEAN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, rule) for tag, rule in resolvers if tag not in (_BOOL_TAG, _TIMESTAMP_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(_BOOL_TAG, _PERSONS_BOOLEAN, list("tTfF"))


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
class Source:
    """The parsed file: its text, data and the line of every key and list item in it."""

    file: Path
    data: Any = None
    text: str = ""
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def problem(self, loc: Loc, message: str) -> None:
        """Record something that stops the definition being used."""
        self.problems.append(Problem(self.file, self.line(loc), message))

    def warn(self, loc: Loc, message: str) -> None:
        """Record advice: the definition can be used as it is."""
        self.warnings.append(Problem(self.file, self.line(loc), message, warning=True))

    def line_text(self, loc: Loc) -> str:
        """The text of the line `loc` is on, as written."""
        lines = self.text.splitlines()
        number = self.line(loc)
        return lines[number - 1] if 0 < number <= len(lines) else ""

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


def read_source(file: Path) -> Source:
    """Parse `file`, recording its lines and every problem found reading it."""
    source = Source(file)
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
    source.text = text
    try:
        _parse(text, source, _FastLoader)
    except Exception:  # read again below, for the error as the kit words it
        source.lines.clear()
        source.data = None
    else:
        return _checked_top(source)
    try:
        _parse(text, source, _Loader)
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
    return _checked_top(source)


def _parse(text: str, source: Source, loader_class: type[yaml.SafeLoader]) -> None:
    """Read the YAML into `source.data`, recording each key's and item's line."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _map_lines(node, source)
            source.data = loader.construct_document(node)
    finally:
        loader.dispose()


def _checked_top(source: Source) -> Source:
    """`source`, with a problem if it holds no mapping at the top."""
    if source.data is None:
        source.problem(
            (),
            "The file is empty: a service definition needs at least a 'name' and 'pages'.",
        )
    elif not isinstance(source.data, dict):
        source.problem(
            (),
            "The file should be a mapping of keys such as 'name' and 'pages', "
            f"but it is {kind_of(source.data)}.",
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


def _map_lines(root: yaml.Node, source: Source) -> None:
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
