"""Accessible charts that need no script: SVG with a title and a description, and tables.

Every chart is drawn as an SVG image (`role="img"`, a `<title>` and a `<desc>`) and is
followed on the page by a table of the same figures, so nothing is only in the picture.
Every text is escaped. `chart_box` opens the box a chart sits in: it scrolls sideways on
a narrow screen, and the keyboard can reach it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape

TEXT, BAR, GREY = "#0b0c0c", "#1d70b8", "#b1b4b6"
WIDTH, LABEL_W, BAR_W, ROW_H, BAR_H, LABEL_CHARS = 760, 300, 360, 30, 20, 38
COLOURS = ("#1d70b8", "#28a197", "#f47738", "#4c2c92", "#d53880", "#85994b")
"""GOV.UK's blue, turquoise, orange, purple, pink and green, for a chart's series."""
KEY_H = 26  # the height of a stacked chart's key
CHAR_W = 7.5  # about how wide a character is at 14px


def chart_box(label: str) -> str:
    """The opening of a chart's box: it scrolls sideways, so the keyboard can reach it."""
    return (
        f'<div class="mvpkit-playback-chart" role="group" tabindex="0" '
        f'aria-label="{escape(label)}, scrolls sideways">'
    )


def _label(label: str) -> str:
    """A bar's label, short enough for the space beside it."""
    if len(label) > LABEL_CHARS:  # the title alone; the table names the page in full
        label = label.rsplit(" (", 1)[0]
    return textwrap.shorten(label, LABEL_CHARS, placeholder="…")


def _svg(chart_id: str, title: str, description: str, height: int, body: str) -> str:
    """The SVG around a chart's bars, named by its title and described."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="arial, sans-serif" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, float, str]],
    top: float | None = None,
) -> str:
    """A horizontal bar chart as SVG: each bar's label, its length and the figure it shows.

    Bars are drawn to scale against the longest, or against `top` when given (100 for
    percentages, say). A bar of length 0 is not drawn; its figure is still written.
    """
    height = max(len(bars), 1) * ROW_H + 8
    most = top or max((value for _label, value, _text in bars), default=0) or 1
    body = [f'<line x1="{LABEL_W}" y1="0" x2="{LABEL_W}" y2="{height}" stroke="{GREY}"/>']
    for row, (label, value, shown) in enumerate(bars):
        y = 4 + row * ROW_H
        length = max(0, round(min(value, most) / most * BAR_W))
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" font-size="14" text-anchor="end" '
            f'fill="{TEXT}">{escape(_label(label))}</text>'
            + (
                f'<rect x="{LABEL_W}" y="{y}" width="{length}" height="{BAR_H}" fill="{BAR}"/>'
                if length
                else ""
            )
            + f'<text x="{LABEL_W + length + 6}" y="{y + 15}" font-size="14" '
            f'fill="{TEXT}">{escape(shown)}</text>'
        )
    return _svg(chart_id, title, description, height, "".join(body))


def stacked_bar_chart(
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[str],
    bars: Sequence[tuple[str, Sequence[float | None], str]],
) -> str:
    """Horizontal bars each made of parts, one a series, with a key naming each colour.

    Each bar gives its label, its parts (in the order of `series`; None or 0 draws no
    part) and the figure written at its end.
    """
    colours = [COLOURS[index % len(COLOURS)] for index in range(len(series))]
    key, x = [], 8
    for name, colour in zip(series, colours, strict=True):
        key.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 20}" y="16" font-size="14" fill="{TEXT}">{escape(name)}</text>'
        )
        x += round(20 + CHAR_W * len(name) + 24)
    height = KEY_H + max(len(bars), 1) * ROW_H + 8
    totals = [sum(part or 0 for part in parts) for _label, parts, _text in bars]
    most = max(totals, default=0) or 1
    longest = max((len(text) for _label, _parts, text in bars), default=0)
    room = max(WIDTH - LABEL_W - longest * CHAR_W - 12, BAR_W // 3)  # for the longest text
    width = min(BAR_W, room)
    body = [
        *key,
        f'<line x1="{LABEL_W}" y1="{KEY_H}" x2="{LABEL_W}" y2="{height}" stroke="{GREY}"/>',
    ]
    for row, (label, parts, shown) in enumerate(bars):
        y = KEY_H + 4 + row * ROW_H
        body.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" font-size="14" text-anchor="end" '
            f'fill="{TEXT}">{escape(_label(label))}</text>'
        )
        start = float(LABEL_W)
        for part, colour in zip(parts, colours, strict=True):
            length = (part or 0) / most * width
            if length > 0:
                body.append(
                    f'<rect x="{start:.1f}" y="{y}" width="{length:.1f}" height="{BAR_H}" '
                    f'fill="{colour}"/>'
                )
            start += max(length, 0)
        body.append(
            f'<text x="{start + 6:.1f}" y="{y + 15}" font-size="14" '
            f'fill="{TEXT}">{escape(shown)}</text>'
        )
    return _svg(chart_id, title, description, height, "".join(body))


def table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A table of texts, each escaped; the first cell of a row names it."""
    heads = "".join(f'<th scope="col">{escape(name)}</th>' for name in head)
    body = "".join(
        f'<tr><th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(cell)}</td>" for cell in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{heads}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )
