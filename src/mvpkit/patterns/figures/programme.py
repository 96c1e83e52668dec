"""The programme: every service served together with this one, and their figures side by side.

The services are the folders beside this one that hold a `service.yaml` and share its
database (as `mvpkit serve FOLDER` serves them). Each is loaded once a process, again only
when its file changes, and counted with this kit's database. The programme's column adds
up each figure's amounts before it is shown: a share is the programme's parts over its
wholes, never an average of the services' shares.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mvpkit.definition.loader import DEFINITION_FILE, DefinitionError, load_service
from mvpkit.definition.model import Service
from mvpkit.kit import Kit
from mvpkit.patterns.figures import shown
from mvpkit.patterns.figures.compute import ServiceFigures, service_figures
from mvpkit.patterns.figures.measures import MEASURES, Raw
from mvpkit.patterns.figures.series import month_label
from mvpkit.patterns.figures.shown import Shown
from mvpkit.settings import SettingsError, load_settings
from mvpkit.store.database import normalise_url

PROGRAMME = "Programme"
FIGURES = (
    ("transactions", "Transactions"),
    ("online", "Online transactions"),
    ("assisted", "Assisted digital transactions"),
    ("phone", "Phone transactions"),
    ("face-to-face", "Face to face transactions"),
    ("post", "Post transactions"),
    ("digital-take-up", "Digital take-up"),
    ("completion-rate", "Completion rate"),
    ("user-satisfaction", "User satisfaction"),
    ("cost-per-transaction", "Cost per transaction"),
    ("savings", "Savings"),
    ("staff-days-saved", "Staff days saved"),
    ("visits", "Visits to the start page"),
    ("mobile-share", "Mobile share"),
)
_LOADED: dict[Path, tuple[int, Service | None]] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Row:
    """A month's figure for each service, then the programme's."""

    month: str
    label: str
    cells: list[Shown]


@dataclass(frozen=True)
class Table:
    """One figure, month by month, a column a service and one for the programme."""

    key: str
    title: str
    unit: str
    rows: list[Row]


@dataclass(frozen=True)
class Programme:
    """The services served together, their figures, and the tables of each figure."""

    services: list[ServiceFigures]
    months: list[str]
    tables: list[Table]


def served_together(kit: Kit) -> list[Kit]:
    """This service and those beside it sharing its database, by folder name."""
    here = kit.settings.service_dir.resolve()
    ours = normalise_url(kit.settings.database_url)
    found = []
    for folder in sorted(here.parent.iterdir()):
        if folder == here:
            found.append(kit)
            continue
        if not (folder / DEFINITION_FILE).is_file():
            continue
        try:
            settings = load_settings(
                folder,
                {"secret_key": kit.settings.secret_key, "public_url": kit.settings.public_url},
            )
        except SettingsError:
            continue
        if normalise_url(settings.database_url) != ours:
            continue
        service = _service(folder)
        if service is not None:
            found.append(Kit(service, folder.name, settings, kit.db, None))
    return found


def _service(folder: Path) -> Service | None:
    """The service in this folder, loaded again only when its file changed (None if broken)."""
    path = folder / DEFINITION_FILE
    try:
        changed = path.stat().st_mtime_ns
    except OSError:
        return None
    with _LOCK:
        cached = _LOADED.get(path)
    if cached is not None and cached[0] == changed:
        return cached[1]
    try:
        service: Service | None = load_service(path)
    except (DefinitionError, OSError):
        service = None
    with _LOCK:
        _LOADED[path] = (changed, service)
    return service


def programme(kit: Kit, months: Sequence[str]) -> Programme:
    """Every service's figures for these months, and a table of each figure."""
    services = [service_figures(each, months) for each in served_together(kit)]
    tables = [_table(key, title, services) for key, title in FIGURES]
    return Programme(services, list(months), tables)


def _table(key: str, title: str, services: Sequence[ServiceFigures]) -> Table:
    """A figure's rows: each service's, then the programme's amounts added up."""
    measure = MEASURES[key]
    rows = []
    for index, month in enumerate(services[0].months if services else ()):
        raws = [measure.raw(each.months[index]) for each in services]
        cells = [measure.shown(raw) for raw in raws]
        if measure.unit == "count":  # the services are the programme's parts
            cells = shown.complement(cells)
        cells.append(measure.shown(_added(raws)))
        rows.append(Row(month.month, month_label(month.month), cells))
    return Table(key, title, measure.unit, rows)


def _added(raws: Sequence[Raw | None]) -> Raw | None:
    """The services' amounts and what they are worked out from, added up."""
    given = [raw for raw in raws if raw is not None]
    if not given:
        return None
    return sum(raw[0] for raw in given), sum(raw[1] for raw in given)
