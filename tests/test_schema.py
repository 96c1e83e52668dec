"""The JSON Schema of service.yaml: shipped up to date, named by each definition, and true."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mvpkit.cli import main
from mvpkit.definition.schema import SCHEMA_FILE, definition_schema, schema_text
from mvpkit.definition.source import read_source
from mvpkit.scaffold import new_service
from tests.conftest import ROOT

EXEMPLARS = sorted((ROOT / "exemplars").glob("*/service.yaml"))
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def schema_errors(
    value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = ""
) -> list[str]:
    """What is wrong with `value` under the part of JSON Schema pydantic writes."""
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
    errors: list[str] = []
    if "anyOf" in schema and all(schema_errors(value, part, root, at) for part in schema["anyOf"]):
        errors.append(f"{at}: matches none of anyOf")
    if "type" in schema and not any(_is(value, kind) for kind in _listed(schema["type"])):
        return [*errors, f"{at}: {value!r} is not {schema['type']}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{at}: {value!r} is not {schema['const']!r}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{at}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        errors += [f"{at}.{key}: missing" for key in schema.get("required", ()) if key not in value]
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            known = schema.get("properties", {}).get(key)
            if known is not None:
                errors += schema_errors(item, known, root, f"{at}.{key}")
            elif extra is False:
                errors.append(f"{at}.{key}: not allowed")
            elif isinstance(extra, dict):
                errors += schema_errors(item, extra, root, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += schema_errors(item, schema["items"], root, f"{at}[{index}]")
    return errors


def _listed(kinds: str | list[str]) -> list[str]:
    return [kinds] if isinstance(kinds, str) else kinds


def _is(value: Any, kind: str) -> bool:
    if kind in ("number", "integer"):
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        return numeric and (kind == "number" or float(value).is_integer())
    return isinstance(value, TYPES[kind])


def _errors(path: Path) -> list[str]:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return schema_errors(read_source(path).data, schema, schema)


def test_the_shipped_schema_is_the_one_the_models_make() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "run: mvpkit schema --output src/mvpkit/definition/service.schema.json"
    )


def test_mvpkit_schema_prints_it_or_writes_it(tmp_path: Path) -> None:
    printed = CliRunner().invoke(main, ["schema"])
    assert printed.exit_code == 0
    assert json.loads(printed.output) == definition_schema()
    written = CliRunner().invoke(main, ["schema", "--output", str(tmp_path / "s.json")])
    assert written.exit_code == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == schema_text()


def test_the_schema_describes_the_keys_authors_write() -> None:
    schema = definition_schema()
    page = schema["$defs"]["Page"]["properties"]
    assert all(page[key].get("description") for key in ("title", "pattern", "sample", "next"))
    assert schema["properties"]["pages"]["description"]


@pytest.mark.parametrize("path", EXEMPLARS, ids=lambda path: path.parent.name)
def test_every_exemplar_fits_the_schema_it_names(path: Path) -> None:
    assert _errors(path) == []
    named = MODELINE.match(path.read_text(encoding="utf-8"))
    assert named is not None
    assert (path.parent / named.group(1)).resolve() == SCHEMA_FILE


def test_a_new_service_fits_the_schema_it_names(tmp_path: Path) -> None:
    folder = new_service("Apply for a permit", tmp_path)
    assert _errors(folder / "service.yaml") == []
    named = MODELINE.match((folder / "service.yaml").read_text(encoding="utf-8"))
    assert named is not None
    assert (folder / named.group(1)).read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize(
    "text",
    [
        "name: A\npages:\n  - {id: a, title: A, optional: true}\n",
        "name: A\npages:\n  - {title: A}\n",
        "name: A\npages:\n  - {id: a, title: A, type: radio}\n",
        "name: A\nphase: gamma\n",
        "name: A\npages:\n  - {id: a, title: A, next: [{if: {a: b}}]}\n",
    ],
)
def test_the_schema_refuses_what_validate_refuses(text: str, tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text(text, encoding="utf-8")
    assert _errors(tmp_path / "service.yaml") != []


def test_the_schema_takes_the_shorthands_the_models_take(tmp_path: Path) -> None:
    (tmp_path / "service.yaml").write_text(
        "name: A\npages:\n"
        "  - {id: a, title: A, type: radios, options: [Yes, 3, {label: Other}], sample: 3}\n"
        "  - {id: b, title: B, next: [{if: {a: 3}, goto: c}]}\n"
        "  - {id: c, title: C}\n",
        encoding="utf-8",
    )
    assert _errors(tmp_path / "service.yaml") == []
