"""The figures as they are shown: each a column of months, in sections and groups.

A `Section` is one chart and its table, its columns read from the months by the measures
of `measures.py` (or given by a pattern); a `Group` is a heading's sections. The dashboard,
the public page and the downloads all show what `groups` gives, so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from mvpkit.pattern import MonthlyFigure
from mvpkit.patterns.figures import shown
from mvpkit.patterns.figures.compute import Month, ServiceFigures
from mvpkit.patterns.figures.measures import CHANNEL_NAMES, DEVICES, MEASURES
from mvpkit.patterns.figures.settings import CHANNELS, FiguresSettings
from mvpkit.patterns.figures.shown import Shown

RESPONSE_TIMES = "response-times"  # in `figures.public`: every time a pattern adds


@dataclass(frozen=True)
class Column:
    """A figure's values, one a month, oldest first."""

    key: str
    label: str
    full: str
    unit: str
    values: list[Shown]

    def download(self, index: int) -> float | int | str:
        """The month's value for a download: a number in the column's unit, else words."""
        value = self.values[index]
        if value.value is None:
            return value.text
        if self.unit == "percent":
            return round(100 * value.value, 1)
        return value.plain(0 if self.unit == "count" else 2 if self.unit == "pounds" else 1)

    @property
    def heading(self) -> str:
        """The column's heading in a download, with its unit."""
        units = {"percent": " (%)", "pounds": " (£)", "days": " (days)"}
        return self.full + units.get(self.unit, "")


@dataclass(frozen=True)
class Section:
    """One figure's chart and the table after it."""

    key: str
    title: str
    how: str
    chart: str  # stacked, bars or spread (a time's median and 90th percentile)
    columns: list[Column]
    drawn: tuple[str, ...]
    """The columns the chart draws: a stacked bar's parts, or the one bar."""
    written: str
    """The column written at the end of each bar."""
    public: str | None = None
    """Its name in `figures.public`, when a service may publish it."""

    def column(self, key: str) -> Column:
        """The column with this key."""
        return next(column for column in self.columns if column.key == key)


@dataclass(frozen=True)
class Group:
    """Sections under one heading."""

    title: str
    sections: list[Section]
    money: bool = False
    """The money figures: the assumptions are shown beside them."""


@dataclass(frozen=True)
class Spec:
    """A section of the kit's own figures: its measures and how it is drawn."""

    key: str
    title: str
    how: str
    chart: str
    columns: tuple[str, ...]
    drawn: tuple[str, ...]
    public: str | None = None


CORE: dict[str, tuple[Spec, ...]] = {
    "Transactions": (
        Spec(
            "transactions",
            "Transactions by channel",
            "Online transactions are submissions sent, less those staff sent with a resident "
            "(assisted digital); offline transactions are those staff entered or imported.",
            "stacked",
            (*CHANNELS, "transactions"),
            CHANNELS,
            "transactions",
        ),
        Spec(
            "digital-take-up",
            "Digital take-up",
            "Online and assisted digital transactions over all transactions.",
            "bars",
            ("digital-take-up",),
            ("digital-take-up",),
            "digital-take-up",
        ),
        Spec(
            "completion-rate",
            "Completion rate",
            "Submissions sent over journeys started (a journey starts when its first answer "
            "is kept); at most 100%.",
            "bars",
            ("completion-rate", "journeys-started"),
            ("completion-rate",),
            "completion-rate",
        ),
        Spec(
            "user-satisfaction",
            "User satisfaction",
            'Ratings of "Very satisfied" or "Satisfied" on the feedback page over all ratings.',
            "bars",
            ("user-satisfaction", "ratings"),
            ("user-satisfaction",),
            "user-satisfaction",
        ),
    ),
    "Cost and savings": (
        Spec(
            "cost-per-transaction",
            "Cost per transaction",
            "Each transaction at its channel's cost, summed, over all transactions.",
            "bars",
            ("cost-per-transaction",),
            ("cost-per-transaction",),
            "cost-per-transaction",
        ),
        Spec(
            "savings",
            "Savings",
            "For each online and assisted digital transaction, what an offline one costs "
            "(the month's offline mix, or a phone call) less its own channel's cost.",
            "bars",
            ("savings",),
            ("savings",),
        ),
        Spec(
            "staff-days-saved",
            "Staff days saved",
            "Online transactions times the staff minutes an offline one takes, in staff "
            "days of 7.4 hours.",
            "bars",
            ("staff-days-saved",),
            ("staff-days-saved",),
        ),
    ),
    "Visits": (
        Spec(
            "visits",
            "Visits to the start page",
            "Times the start page was shown, by class of device.",
            "stacked",
            (*(f"visits-{device}" for device in DEVICES), "visits"),
            tuple(f"visits-{device}" for device in DEVICES),
        ),
        Spec(
            "mobile-share",
            "Mobile share",
            "Visits from phones and tablets over all visits.",
            "bars",
            ("mobile-share",),
            ("mobile-share",),
        ),
    ),
}


def groups(figures: ServiceFigures, settings: FiguresSettings) -> list[Group]:
    """The service's figures in groups of sections, each a chart and its table."""
    found = []
    for title, specs in CORE.items():
        sections = [
            _core(spec, figures.months)
            for spec in specs
            if spec.key != "staff-days-saved" or settings.staff_minutes is not None
        ]
        if title == "Transactions":
            channels = sections[0].column("assisted").values
            sections.insert(1, _places(figures.months, settings.places, channels))
        found.append(Group(title, sections, money=title == "Cost and savings"))
    found = _derived_kept_back(found)
    extra = [_extra(figure, [m.month for m in figures.months]) for figure in figures.extra]
    if extra:
        found.append(Group("More of the service's figures", extra))
    return found


def published(all_groups: Sequence[Group], public: Sequence[str]) -> list[Group]:
    """Only the sections the service publishes (`figures.public`), in their groups."""
    found = []
    for group in all_groups:
        sections = [section for section in group.sections if section.public in public]
        if sections:
            found.append(Group(group.title, sections, money=group.money))
    return found


def columns(all_groups: Sequence[Group]) -> list[Column]:
    """Every column of every section once, for a download."""
    seen: dict[str, Column] = {}
    for group in all_groups:
        for section in group.sections:
            for column in section.columns:
                seen.setdefault(column.key, column)
    return list(seen.values())


def _core(spec: Spec, months: Sequence[Month]) -> Section:
    found = []
    for key in spec.columns:
        measure = MEASURES[key]
        values = [measure.shown(measure.raw(month)) for month in months]
        found.append(Column(key, measure.label, measure.full, measure.unit, values))
    section = Section(
        spec.key,
        spec.title,
        spec.how,
        spec.chart,
        found,
        spec.drawn,
        spec.columns[-1],
        spec.public,
    )
    return _complemented(section) if spec.chart == "stacked" else section


def _places(months: Sequence[Month], places: Sequence[str], assisted: list[Shown]) -> Section:
    """Assisted digital transactions by the place staff helped from, and their total.

    The total is the channels' table's own (`assisted`), kept back where that is.
    """
    found = [
        Column(
            "assisted-at-" + (re.sub(r"[^a-z0-9]+", "-", place.lower()).strip("-") or "place"),
            place,
            f"Assisted digital at {place}",
            "count",
            [shown.count(month.assisted_places.get(place, 0)) for month in months],
        )
        for place in places
    ]
    found.append(Column("assisted", "All places", MEASURES["assisted"].full, "count", assisted))
    return _complemented(
        Section(
            "assisted-places",
            "Assisted digital by place",
            "Submissions staff sent with a resident, by the place they chose when they began: "
            "the contact centre, a library or a hub (`figures.places`).",
            "stacked",
            found,
            tuple(column.key for column in found[:-1]),
            "assisted",
        )
    )


DERIVED = {
    "transactions": (
        "digital-take-up",
        "completion-rate",
        "cost-per-transaction",
        "savings",
        "staff-days-saved",
    ),
    "visits": ("mobile-share",),
}
"""The figures worked out from a stacked section's parts, which could give one back."""


def _derived_kept_back(all_groups: list[Group]) -> list[Group]:
    """Keep back, in a month where a stacked section keeps a part back, what is worked out
    from its parts: a share or a cost would give the part back by arithmetic."""
    sections = {section.key: section for group in all_groups for section in group.sections}
    hidden: dict[str, set[int]] = {}
    for source, derived in DERIVED.items():
        parts = [sections[source].column(key) for key in sections[source].drawn]
        months = {i for part in parts for i, value in enumerate(part.values) if value.kept_back}
        for key in derived:
            hidden[key] = months
    return [
        replace(
            group,
            sections=[
                _withheld(section, hidden.get(section.key, set())) for section in group.sections
            ],
        )
        for group in all_groups
    ]


def _withheld(section: Section, months: set[int]) -> Section:
    """The section with its drawn columns' values kept back in these months."""
    if not months:
        return section
    columns = [
        replace(
            column,
            values=[
                shown.withheld() if i in months and v.value is not None else v
                for i, v in enumerate(column.values)
            ],
        )
        if column.key in section.drawn
        else column
        for column in section.columns
    ]
    return replace(section, columns=columns)


def _complemented(section: Section) -> Section:
    """A stacked section whose parts keep back a second one where one alone is kept back."""
    parts = [section.column(key) for key in section.drawn]
    months = len(parts[0].values) if parts else 0
    kept = [shown.complement([part.values[i] for part in parts]) for i in range(months)]
    changed = {
        part.key: replace(part, values=[kept[i][n] for i in range(months)])
        for n, part in enumerate(parts)
    }
    return replace(section, columns=[changed.get(c.key, c) for c in section.columns])


def _extra(figure: MonthlyFigure, months: Sequence[str]) -> Section:
    """A figure a pattern adds: a count, or a time's median and 90th percentile."""
    if figure.kind != "days":
        values = [shown.count(round(figure.values.get(m, 0))) for m in months]
        column = Column(figure.key, figure.label, figure.label, "count", values)
        return Section(
            figure.key, figure.label, figure.how, "bars", [column], (figure.key,), figure.key
        )
    of = "times measured"
    worked = [int(figure.counts.get(m, 0)) for m in months]
    median = [shown.days(figure.values.get(m), n, of) for m, n in zip(months, worked, strict=True)]
    p90 = [shown.days(figure.p90.get(m), n, of) for m, n in zip(months, worked, strict=True)]
    keys = (f"{figure.key}-median", f"{figure.key}-p90", f"{figure.key}-count")
    return Section(
        figure.key,
        figure.label,
        figure.how,
        "spread",
        [
            Column(keys[0], "Median", f"{figure.label}: median", "days", median),
            Column(keys[1], "90th percentile", f"{figure.label}: 90th percentile", "days", p90),
            Column(
                keys[2],
                "Measured",
                f"{figure.label}: measured",
                "count",
                [shown.count(n) for n in worked],
            ),
        ],
        keys[:2],
        keys[0],
        RESPONSE_TIMES,
    )


def month_label(month: str) -> str:
    """November 2026."""
    year, number = month.split("-")
    return date(int(year), int(number), 1).strftime("%B %Y")


def assumptions(settings: FiguresSettings) -> list[tuple[str, str, str]]:
    """Each channel's cost and where it comes from: (channel, cost, source)."""
    return [
        (
            CHANNEL_NAMES[channel],
            shown.pounds(settings.cost(channel).cost),
            settings.cost(channel).source,
        )
        for channel in CHANNELS
    ]
