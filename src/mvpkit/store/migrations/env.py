"""Alembic environment: mvpkit passes its own connection in `config.attributes`."""

from __future__ import annotations

from alembic import context

import mvpkit.email.models  # noqa: F401  (the outbox joins Base.metadata)
from mvpkit.registry import installed_patterns
from mvpkit.store.models import Base

installed_patterns()  # each pattern's tables join Base.metadata as it loads

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - mvpkit always passes a connection
    raise RuntimeError("run migrations through mvpkit.store.database.upgrade()")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
