"""The YAML examples in docs/ load with no problems, and the docs cover every key and type.

A block tagged ```yaml is a whole service. A block tagged ```yaml page is one page, or a
list of pages, which is wrapped as `{name: Example, pages: <fragment>}` before it is loaded.
A block tagged ```yaml scenarios is a research `scenarios.yaml` for the report-a-fault
exemplar, checked against it.
"""

from __future__ import annotations

import importlib
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
import yaml
from sqlalchemy import inspect

import mvpkit
from mvpkit.cli import main
from mvpkit.definition.checks import ADDRESS_ERROR_KEYS
from mvpkit.definition.checks import ERROR_KEYS as CHECKED_ERROR_KEYS
from mvpkit.definition.loader import check_definition
from mvpkit.definition.model import (
    Confirmation,
    Council,
    NextRule,
    Option,
    Page,
    Question,
    Service,
    Start,
)
from mvpkit.migrate import upgrade
from mvpkit.patterns.tracking.settings import Tracking
from mvpkit.questions.registry import service_kinds
from mvpkit.store.database import connect
from mvpkit.store.models import Base

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$")
SERVICE = "yaml"
PAGE = "yaml page"
SCENARIOS = "yaml scenarios"
WRAP_HEADER = "name: Example\npages:\n"
ERROR_KEYS = sorted(CHECKED_ERROR_KEYS | ADDRESS_ERROR_KEYS)


@dataclass(frozen=True)
class Block:
    """One fenced YAML block in a doc: where it starts, its tag and its text."""

    file: str
    index: int  # counts the YAML blocks in its file, from 0
    line: int  # the line of its first YAML line in the doc
    info: str
    text: str

    @property
    def name(self) -> str:
        return f"{self.file}#{self.index}"


def _doc_files() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def _blocks(path: Path) -> list[Block]:
    """Every fenced block whose language is YAML, in order."""
    found: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        number += 1
        if not opening:
            continue
        fence, info = opening["fence"], opening["info"].strip()
        body: list[str] = []
        start = number + 1
        while number < len(lines) and not lines[number].startswith(fence):
            body.append(lines[number])
            number += 1
        number += 1  # the closing fence
        if info.split(" ", 1)[0].lower() in ("yaml", "yml"):
            text = "\n".join(body) + "\n"
            found.append(Block(path.name, len(found), start, info, text))
    return found


FOUND = [block for path in _doc_files() for block in _blocks(path)]
BLOCKS = [block for block in FOUND if block.info != SCENARIOS]
SCENARIO_BLOCKS = [block for block in FOUND if block.info == SCENARIOS]


def _as_service(block: Block) -> tuple[str, int]:
    """The block as a whole service, and how many lines were put before its own."""
    if block.info == SERVICE:
        return block.text, 0
    fragment = yaml.safe_load(block.text)
    if isinstance(fragment, list):
        return WRAP_HEADER + textwrap.indent(block.text, "  "), 2
    assert isinstance(fragment, dict), (
        f"{block.name} (line {block.line}) is tagged '{PAGE}' but is neither a page "
        "nor a list of pages"
    )
    first, *rest = block.text.splitlines()
    indented = "\n".join(["  - " + first, *(f"    {line}" if line else "" for line in rest)])
    return WRAP_HEADER + indented + "\n", 2


def _load(block: Block, folder: Path) -> Service:
    text, offset = _as_service(block)
    (folder / "service.yaml").write_text(text, encoding="utf-8")
    service, problems = check_definition(folder / "service.yaml")
    where = [
        f"  docs/{block.file}:{block.line + problem.line - 1 - offset}: {problem.message}"
        for problem in problems
    ]
    assert not problems, f"{block.name} does not load:\n" + "\n".join(where)
    assert service is not None
    return service


def test_docs_have_yaml_examples() -> None:
    assert (DOCS / "README.md").is_file()
    assert BLOCKS, "no ```yaml blocks were found in docs/*.md"


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_yaml_example_loads(block: Block, tmp_path: Path) -> None:
    assert block.info in (SERVICE, PAGE), (
        f"{block.name} (line {block.line}) is tagged '{block.info}': "
        f"use '{SERVICE}' for a whole service or '{PAGE}' for pages"
    )
    if block.info == SERVICE:
        data = yaml.safe_load(block.text)
        whole = isinstance(data, dict) and "pages" in data
        assert whole, (
            f"{block.name} (line {block.line}) is tagged '{SERVICE}' but is not a whole "
            f"service: tag a page or a list of pages '{PAGE}'"
        )
    _load(block, tmp_path)


@pytest.mark.parametrize("block", SCENARIO_BLOCKS, ids=[b.name for b in SCENARIO_BLOCKS])
def test_scenario_examples_load_against_the_exemplar(block: Block, tmp_path: Path) -> None:
    from mvpkit.definition.loader import load_service
    from mvpkit.patterns.research.scenarios import load_scenarios

    exemplar = DOCS.parent / "exemplars" / "report-a-fault"
    (tmp_path / "scenarios.yaml").write_text(block.text, encoding="utf-8")
    assert load_scenarios(tmp_path, load_service(exemplar)), f"{block.name} has no scenario"


def test_every_question_type_has_an_example(tmp_path: Path) -> None:
    shown: set[str] = set()
    for block in BLOCKS:
        folder = tmp_path / block.name.replace("#", "-")
        folder.mkdir()
        service = _load(block, folder)
        shown.update(q.type for page in service.question_pages for q in page.questions)
    assert sorted(set(service_kinds()) - shown) == []


def test_docs_mention_every_top_level_key() -> None:
    text = (DOCS / "writing-a-service.md").read_text(encoding="utf-8")
    missing = [key for key in Service.model_fields if f"`{key}`" not in text]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [Council, Start, Confirmation, Tracking, Page, Question, Option, NextRule],
    ids=lambda model: model.__name__,
)
def test_docs_mention_every_key_of(model: type) -> None:
    text = (DOCS / "writing-a-service.md").read_text(encoding="utf-8")
    keys = [field.alias or name for name, field in model.model_fields.items()]
    assert [key for key in keys if f"`{key}`" not in text] == []


def test_docs_mention_every_error_key() -> None:
    text = (DOCS / "writing-a-service.md").read_text(encoding="utf-8")
    assert [key for key in ERROR_KEYS if f"`{key}`" not in text] == []


def test_docs_mention_every_question_type() -> None:
    text = (DOCS / "writing-a-service.md").read_text(encoding="utf-8")
    assert [kind for kind in service_kinds() if f"### {kind}\n" not in text] == []


LINK = re.compile(r"\]\((?P<target>[^)#\s]+\.md)(?:#[^)]*)?\)")


@pytest.mark.parametrize("path", _doc_files(), ids=lambda path: path.name)
def test_links_between_docs_work(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    broken = [
        match["target"]
        for match in LINK.finditer(text)
        if "://" not in match["target"] and not (path.parent / match["target"]).is_file()
    ]
    assert broken == []


def test_index_links_every_doc() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    pages = [path.name for path in _doc_files() if path.name != "README.md"]
    assert [name for name in pages if f"({name})" not in index] == []


RUNNING = DOCS / "running-and-deploying.md"
# Rows for commands that land with their own changes before release: skipped while absent.
COMING_COMMANDS = {"features draft", "schema"}


def _section(path: Path, heading: str) -> str:
    """The text under the heading, up to the next heading of the same or a higher level."""
    text = path.read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    following = re.search(rf"^#{{1,{len(level)}}} ", text[start:], re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


def _first_cells(section: str) -> list[str]:
    """The first cell of each body row of the section's tables, without its backticks."""
    return [
        line.split("|")[1].strip().strip("`")
        for line in section.splitlines()
        if line.startswith("| `")
    ]


def _cli_commands(group: click.Group, prefix: str = "") -> set[str]:
    """Every command that runs something, as typed after `mvpkit`, subgroups walked."""
    found: set[str] = set()
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found |= _cli_commands(command, f"{prefix}{name} ")
        else:
            found.add(f"{prefix}{name}")
    return found


def _documented_commands() -> set[str]:
    """The commands in the "All commands" table: `mvpkit staff add EMAIL` is `staff add`."""
    found = set()
    for cell in _first_cells(_section(RUNNING, "## All commands")):
        words = cell.split()[1:]  # after "mvpkit"
        command = []
        for word in words:
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            command.append(word)
        if command:  # `mvpkit --version` is an option, not a command
            found.add(" ".join(command))
    return found


def test_the_command_table_lists_every_command_and_no_other() -> None:
    commands = _cli_commands(main)
    documented = _documented_commands() - {
        coming for coming in COMING_COMMANDS if coming not in commands
    }
    assert sorted(commands - documented) == [], "commands with no row in All commands"
    assert sorted(documented - commands) == [], "rows in All commands for no command"


def test_the_migrations_section_lists_every_table_they_create(tmp_path: Path) -> None:
    documented = set(_first_cells(_section(RUNNING, "### Migrations")))
    database = connect(f"sqlite:///{tmp_path / 'migrated.sqlite3'}")
    try:
        upgrade(database.engine)
        migrated = set(inspect(database.engine).get_table_names())
    finally:
        database.dispose()
    assert sorted(migrated ^ documented) == []


def test_every_model_table_is_listed_in_the_migrations_section() -> None:
    documented = set(_first_cells(_section(RUNNING, "### Migrations")))
    source = Path(mvpkit.__file__).parent
    for models in sorted(source.rglob("models.py")):
        dotted = ".".join(models.relative_to(source.parent).with_suffix("").parts)
        importlib.import_module(dotted)
    assert sorted(set(Base.metadata.tables) - documented) == []
    assert "submissions" in Base.metadata.tables
