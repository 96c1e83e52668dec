"""Expired drafts deleted from every service in a database: by `mvpkit purge`, hourly by serve."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from mvpkit.settings import load_settings
from mvpkit.store.database import connect
from mvpkit.store.submissions import purge_drafts

PURGE_EVERY = 3600.0  # seconds
log = logging.getLogger("mvpkit.purge")


@dataclass(frozen=True)
class Purged:
    """What one purge deleted from one database."""

    database: str  # its address, without a password
    drafts: int
    keep_days: int


def purge(services: Sequence[Path], config: Mapping[str, Any] | None = None) -> list[Purged]:
    """Delete drafts of every service (served or not) in each database these services use.

    A draft is kept for the longest `draft_days` of the services sharing its database;
    `config` overrides settings as the server was given them (research mode's database).
    """
    keep: dict[str, int] = {}
    for folder in services:
        settings = load_settings(folder, config)
        keep[settings.database_url] = max(keep.get(settings.database_url, 0), settings.draft_days)
    purged = []
    for url, days in keep.items():
        database = connect(url)
        try:
            deleted = purge_drafts(database, timedelta(days=days))
        finally:
            database.dispose()
        purged.append(Purged(make_url(url).render_as_string(hide_password=True), deleted, days))
    return purged


def repeat(
    task: Callable[[], object], every: float, stop: threading.Event, *, at_once: bool = True
) -> None:
    """Run the task now (unless not `at_once`), then every `every` seconds until `stop` is set.

    A failure is logged, and the task runs again at its next time.
    """
    if not at_once and stop.wait(every):
        return
    while True:
        purge_logging_failure(task, every)
        if stop.wait(every):
            return


def purge_logging_failure(task: Callable[[], object], every: float = PURGE_EVERY) -> None:
    """Run the task; log a failure rather than raise it (the next run is `every` seconds away)."""
    try:
        task()
    except Exception:
        log.exception("Deleting expired drafts failed; trying again in %.0f seconds", every)


def start_schedule(
    services: Sequence[Path],
    every: float = PURGE_EVERY,
    config: Mapping[str, Any] | None = None,
    *,
    at_once: bool = True,
) -> threading.Event:
    """Purge in a background thread, at once (unless not `at_once`) and then every hour.

    Set the returned event to stop.
    """
    stop = threading.Event()
    threading.Thread(
        target=repeat,
        args=(partial(purge, services, config), every, stop),
        kwargs={"at_once": at_once},
        name="mvpkit-purge",
        daemon=True,
    ).start()
    return stop
