"""Each field's docstring, the string written below it in its class, read from the source.

The definition's models do not read them as they are made: pydantic's
`use_attribute_docstrings` parses every model's source each time the kit is imported, which
cost every server start about a tenth of a second. The JSON Schema, the one place that shows
them, reads them here instead (`schema`).
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings of the fields `cls` declares or inherits, by attribute name.

    For a pydantic model, only its fields': not those of pydantic's own attributes.
    """
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):  # a subclass's docstring wins over its base's
        found.update(_declared(klass.__module__, klass.__qualname__))
    fields = getattr(cls, "model_fields", None)
    if isinstance(fields, dict):
        return {name: doc for name, doc in found.items() if name in fields}
    return found


@cache
def _declared(module: str, qualname: str) -> dict[str, str]:
    node = _classes(module).get(qualname)
    if node is None:
        return {}
    docs = {}
    for statement, following in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


@cache
def _classes(module: str) -> dict[str, ast.ClassDef]:
    """The module's classes, by qualified name; none for a module without source."""
    try:
        source = inspect.getsource(sys.modules[module])
    except (KeyError, OSError, TypeError):
        return {}
    classes: dict[str, ast.ClassDef] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for statement in body:
            if isinstance(statement, ast.ClassDef):
                classes[prefix + statement.name] = statement
                visit(statement.body, f"{prefix}{statement.name}.")

    visit(ast.parse(source).body, "")
    return classes
