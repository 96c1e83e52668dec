"""Rounds of research: each round's service, frozen as it was tested, kept beside the next.

`research/rounds/<N>/<slug>/` holds a copy of each service folder (definition, templates,
content) made when round N started. The latest round is served at `/<slug>/`, earlier ones
at `/round-<N>/<slug>/`; participants belong to the round they took part in.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROUNDS = "rounds"
NOT_FROZEN = ("research", "instance", "features", "load", "__pycache__", ".venv", "node_modules")


class RoundError(Exception):
    """A round could not be started: the message says why."""


@dataclass(frozen=True)
class Round:
    """One round: its number and its frozen service folders."""

    number: int
    services: tuple[Path, ...]


def rounds(research: Path) -> list[Round]:
    """Every frozen round, oldest first."""
    folder = research / ROUNDS
    found = []
    for child in sorted(folder.iterdir() if folder.is_dir() else (), key=_number):
        if child.is_dir() and child.name.isdigit():
            services = tuple(sorted(p for p in child.iterdir() if (p / "service.yaml").is_file()))
            found.append(Round(int(child.name), services))
    return found


def _number(path: Path) -> int:
    return int(path.name) if path.name.isdigit() else -1


def current_round(research: Path) -> int:
    """The round being run: the latest frozen one, or 1 before any is."""
    found = rounds(research)
    return found[-1].number if found else 1


def start_round(research: Path, number: int, services: Sequence[Path]) -> Round:
    """Freeze the services as they are now, as round `number` (after every earlier one)."""
    existing = rounds(research)
    if number < 1:
        raise RoundError("A round's number is 1 or more.")
    if existing and number <= existing[-1].number:
        raise RoundError(
            f"Round {existing[-1].number} has already started: the next round is "
            f"{existing[-1].number + 1} or later."
        )
    target = research / ROUNDS / str(number)
    frozen = []
    for service in services:
        copy = target / service.name
        shutil.copytree(service, copy, ignore=shutil.ignore_patterns(*NOT_FROZEN))
        frozen.append(copy)
    return Round(number, tuple(frozen))
