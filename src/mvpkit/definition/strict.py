"""The base of every definition model: unknown keys are refused, values are frozen."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A model that refuses keys it does not know, so a typo is reported, not ignored."""

    # Fields' docstrings are read for the JSON Schema only (`attribute_docs`), not at import.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
