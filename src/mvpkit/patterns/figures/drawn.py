"""Each section of figures drawn as a chart: bars a month, with no script.

The charts come from `mvpkit.frontend.charts`: an SVG image with a title and a
description, in a box that scrolls sideways; the page puts the section's table after it.
A figure kept back (fewer than 5) has no bar, and its words are written where it would end.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from mvpkit.frontend.charts import bar_chart, chart_box, stacked_bar_chart
from mvpkit.patterns.figures.series import Section, month_label


def chart(section: Section, months: Sequence[str], chart_id: str) -> Markup:
    """The section's chart, one bar a month, oldest first, in its box."""
    labels = [month_label(month) for month in months]
    title = f"{section.title}, {labels[0]} to {labels[-1]}"
    description = (
        "One bar a month, oldest first. A figure kept back because it is fewer than 5, or "
        "worked out from fewer than 5, has no bar. The table after the chart gives the "
        "same figures."
    )
    written = section.column(section.written).values
    if section.chart == "bars":
        column = section.column(section.drawn[0])
        top = 1.0 if column.unit == "percent" else None
        bars = [
            (label, value.value or 0.0, value.text)
            for label, value in zip(labels, column.values, strict=True)
        ]
        svg = bar_chart(chart_id, title, description, bars, top=top)
    else:
        drawn = [section.column(key) for key in section.drawn]
        stacked = []
        for index, label in enumerate(labels):
            parts = [column.values[index].value for column in drawn]
            text = written[index].text
            if section.chart == "spread":
                median, p90 = parts
                parts = [median, None if p90 is None or median is None else max(p90 - median, 0)]
                if median is not None:
                    p90_text = drawn[1].values[index].text
                    text = f"median {written[index].text}, 90th percentile {p90_text}"
            stacked.append((label, parts, text))
        names = [column.label for column in drawn]
        svg = stacked_bar_chart(chart_id, title, description, names, stacked)
    return Markup(chart_box(title) + svg + "</div>")  # noqa: S704 - every text in it is escaped
