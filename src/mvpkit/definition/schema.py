"""The JSON Schema of `service.yaml`, made from the definition's models, for editors.

The models accept a few shorthands before they validate (an option written as plain text, a
closure on one `date`, a number where text is meant); the schema is widened to match, so an
editor never marks a definition `mvpkit validate` accepts. The kit ships the result as
`service.schema.json` beside this module, and a test keeps that file up to date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel

from mvpkit.definition.attribute_docs import attribute_docstrings
from mvpkit.definition.sections import service_model
from mvpkit.questions.registry import service_kinds

SCHEMA_FILE = Path(__file__).with_name("service.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_SCALAR = {"type": ["string", "number", "boolean"]}  # YAML reads `3` and `true` as these


def definition_schema() -> dict[str, Any]:
    """The schema of a service definition, with each key's description."""
    model = service_model()
    schema = model.model_json_schema(by_alias=True)
    schema = {"$schema": DIALECT, **schema, "title": "mvpkit service definition"}
    defs: dict[str, Any] = schema["$defs"]
    _describe(schema, model)
    for name, each in _models(model).items():
        if name in defs:
            _describe(defs[name], each)
    defs["Option"] = _plain_or(defs["Option"], "value", "label")
    defs["Closure"] = _one_day(defs["Closure"])
    condition = defs["NextRule"]["properties"]["if"]["anyOf"][0]["additionalProperties"]
    condition["anyOf"] = [_SCALAR, {"type": "array", "items": _SCALAR}, *condition["anyOf"][2:]]
    for name in ("Page", "Question"):
        defs[name]["properties"]["sample"]["anyOf"].insert(0, _SCALAR)
    _old_names(defs)
    names = list(service_kinds())
    defs["Question"]["properties"]["type"]["enum"] = names
    page_type = defs["Page"]["properties"]["type"]
    page_type["anyOf"] = [
        {"enum": names, "type": "string"},
        {"const": "exit", "type": "string"},
        {"type": "null"},
    ]
    return schema


def _models(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model the fields of `model` hold, however deep, by name (their `$defs` key)."""
    found: dict[str, type[BaseModel]] = {}
    waiting = [model]
    while waiting:
        for field in waiting.pop().model_fields.values():
            for held in _held_models(field.annotation):
                if held.__name__ not in found:
                    found[held.__name__] = held
                    waiting.append(held)
    return found


def _held_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [held for arg in get_args(annotation) for held in _held_models(arg)]


def _describe(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Give each property of the model's schema its field's docstring, unless it has one."""
    docs = attribute_docstrings(model)
    properties: dict[str, Any] = schema.get("properties", {})
    for name, field in model.model_fields.items():
        prop = properties.get(field.alias or name)
        if prop is not None and name in docs and "description" not in prop:
            prop["description"] = docs[name]
            properties[field.alias or name] = dict(sorted(prop.items()))  # as pydantic orders


def schema_text() -> str:
    """The schema as the JSON text written to a file."""
    return json.dumps(definition_schema(), indent=2, ensure_ascii=False) + "\n"


def _plain_or(option: dict[str, Any], *either: str) -> dict[str, Any]:
    """Plain text, or the mapping with at least one of `either` (the other follows from it)."""
    mapping = {key: value for key, value in option.items() if key != "required"}
    mapping["anyOf"] = [{"required": [key]} for key in either]
    return {"description": option.get("description", ""), "anyOf": [_SCALAR, mapping]}


def _one_day(closure: dict[str, Any]) -> dict[str, Any]:
    """A closure is `from` and `to`, or one `date`."""
    properties = closure["properties"]
    day = {**properties["from"], "title": "Date", "description": "A single day closed."}
    return {
        **closure,
        "properties": {"date": day, **properties},
        "required": ["reason"],
        "anyOf": [{"required": ["from", "to"]}, {"required": ["date"]}],
    }


def _old_names(defs: dict[str, Any]) -> None:
    """Keys still read under their first names, marked deprecated for editors."""
    for model in defs.values():
        for name, field in list(model.get("properties", {}).items()):
            for old in field.pop("x-old-names", []):
                model["properties"][old] = {
                    **field,
                    "deprecated": True,
                    "description": f"The first name of `{name}`: use `{name}`.",
                }
