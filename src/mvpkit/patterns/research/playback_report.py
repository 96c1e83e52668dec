"""Playback as HTML: charts with their tables, for the kit's page and a one-file report.

`sections` gives the playback's content: the funnel, the journey map with its counts, the
errors shown most, the median time on each page, where each participant stopped and their
timelines. Every chart is an SVG with a title and a description, followed by a table of
the same figures. `report_html` wraps the sections in a whole document with inline CSS,
no script and nothing from elsewhere, to open offline (`round_report` makes it from the
database, with more sections after, such as `playback_pages.pages_section`); `govuk` gives
them GOV.UK classes for the kit's own page. Every text is escaped; participants are known
by their codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from mvpkit.clock import in_london
from mvpkit.definition.model import Service
from mvpkit.frontend.charts import bar_chart, chart_box, table
from mvpkit.frontend.templating import short_date_time
from mvpkit.journeys.journey_map import (
    JourneyMap,
    journey_map,
    journey_map_svg,
    journey_map_table,
)
from mvpkit.patterns.research.events import Moment
from mvpkit.patterns.research.playback import Playback, Stop
from mvpkit.patterns.research.playback import timelines as round_timelines
from mvpkit.store.database import Database

CSS = """
body { font-family: arial, sans-serif; color: #0b0c0c; margin: 0; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 2rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; }
h3 { font-size: 1.2rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0 0 1.5rem; min-width: 50%; }
caption { font-weight: bold; text-align: left; padding: 0 0 8px; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 6px 16px 6px 0; text-align: left;
  vertical-align: top; }
.mvpkit-playback-chart { overflow-x: auto; margin: 0 0 1rem; }
.mvpkit-shots { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.mvpkit-shots figure { margin: 0; max-width: 100%; }
.mvpkit-shot-phone { width: 392px; } .mvpkit-shot-tablet { width: 822px; }
.mvpkit-shot-desktop { width: 100%; }
.mvpkit-shots img { display: block; max-width: 100%; height: auto; border: 1px solid #b1b4b6; }
.mvpkit-shots figcaption { padding-top: 8px; }
"""
GOVUK = {
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<p>": '<p class="govuk-body">',
    "<table>": '<table class="govuk-table">',
    "<caption>": '<caption class="govuk-table__caption govuk-table__caption--s">',
    "<thead>": '<thead class="govuk-table__head">',
    "<tbody>": '<tbody class="govuk-table__body">',
    "<tr>": '<tr class="govuk-table__row">',
    '<th scope="col">': '<th scope="col" class="govuk-table__header">',
    '<th scope="row">': '<th scope="row" class="govuk-table__header">',
    "<td>": '<td class="govuk-table__cell">',
}


def duration(seconds: float | None) -> str:
    """A time on a page in short: "45 s", "2 min 5 s"."""
    if seconds is None:
        return ""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


def _share(count: int, whole: int) -> str:
    return f"{round(100 * count / whole)}%" if whole else "–"


def funnel_section(playback: Playback) -> str:
    """How many started, reached each page and sent: a chart and its table."""
    started = playback.funnel[0].count if playback.funnel else 0
    title = f"Funnel of round {playback.round}: participants who reached each page"
    chart = bar_chart(
        "playback-funnel",
        title,
        f"{started} participants started. One bar a page, in the journey's order; "
        "the table after the chart gives the same figures.",
        [(step.label, step.count, str(step.count)) for step in playback.funnel],
    )
    rows = [(s.label, str(s.count), _share(s.count, started)) for s in playback.funnel]
    return (
        "<h2>Funnel</h2><p>How many participants started, reached each page of the journey "
        "(in its order) and sent. A participant counts once on each page they saw.</p>"
        f"{chart_box(title)}{chart}</div>"
        + table(title, ("Page", "Participants", "Of those who started"), rows)
    )


def map_section(playback: Playback, journey: JourneyMap) -> str:
    """The journey map with how many reached each page and took each arrow, and its tables."""
    heading = "<h2>Journey map</h2>"
    if not journey.nodes:
        return heading + "<p>This service has no pages of its own, so there is no map.</p>"
    counts = playback.map_counts()
    return (
        heading + "<p>The journey's pages and branches. Each box says how many participants "
        "reached the page, and each arrow how many went that way (arrows nobody took say "
        "0). The tables after the map give the same.</p>"
        f"{chart_box('Journey map')}{journey_map_svg(journey, counts)}</div>"
        + journey_map_table(journey, counts)
    )


def errors_section(playback: Playback) -> str:
    """The errors shown most, with how many times and to how many participants."""
    heading = "<h2>Errors shown most</h2>"
    if not playback.errors:
        return heading + "<p>No errors were shown.</p>"
    rows = [
        (e.message, playback.label(e.page), e.question, str(e.times), str(e.participants))
        for e in playback.errors
    ]
    return heading + table(
        f"The errors shown most in round {playback.round}, most shown first",
        ("Message", "Page", "Question", "Times shown", "Participants"),
        rows,
    )


def times_section(playback: Playback) -> str:
    """The median time on each page: a chart and its table."""
    heading = (
        "<h2>Time on page</h2><p>The median, across participants, of the time each spent on "
        "a page: from seeing it to their next page, or to sending. A participant who left "
        "the page for no other is not counted on it.</p>"
    )
    if not playback.times:
        return heading + "<p>No times yet.</p>"
    title = f"Median time on each page in round {playback.round}"
    chart = bar_chart(
        "playback-times",
        title,
        "One bar a page, in the journey's order, as long as its median time in seconds; "
        "the table after the chart gives the same figures.",
        [(t.label, t.median_seconds, duration(t.median_seconds)) for t in playback.times],
    )
    rows = [(t.label, duration(t.median_seconds), str(t.participants)) for t in playback.times]
    return (
        heading
        + f"{chart_box(title)}{chart}</div>"
        + table(title, ("Page", "Median time", "Participants"), rows)
    )


def stops_section(playback: Playback) -> str:
    """Each participant's last page, device, and whether they sent."""
    heading = "<h2>Where participants stopped</h2>"
    if not playback.stops:
        return heading + "<p>No participants yet.</p>"
    rows = [
        (s.code, s.device or "–", playback.label(s.last_page), "Yes" if s.sent else "No")
        for s in playback.stops
    ]
    return heading + table(
        f"Where each participant of round {playback.round} stopped",
        ("Participant", "Device", "Last page", "Sent"),
        rows,
    )


def timelines_section(playback: Playback, timelines: Sequence[tuple[Stop, list[Moment]]]) -> str:
    """Each participant's timeline: pages, answers, errors and notes, oldest first."""
    parts = ["<h2>Participants' timelines</h2>"]
    for stop, moments in timelines:
        parts.append(f"<h3>{escape(stop.code)}</h3>")
        if not moments:
            parts.append("<p>Nothing yet.</p>")
            continue
        parts.append(
            f"<p>From {escape(short_date_time(moments[0].at))} (UK time), on "
            f"{escape('a ' + stop.device if stop.device else 'an unknown device')}. Stopped at "
            f"{escape(playback.label(stop.last_page))}; {'sent' if stop.sent else 'did not send'}."
            "</p>"
        )
        rows = [
            (
                f"{in_london(m.at):%H:%M:%S}",
                m.what,
                m.page,
                m.detail,
                duration(m.seconds_on_page),
            )
            for m in moments
        ]
        parts.append(
            table(
                f"What {stop.code} did, oldest first",
                ("When", "What", "Page", "Detail", "Time on page"),
                rows,
            )
        )
    return "".join(parts)


def sections(
    playback: Playback, journey: JourneyMap, timelines: Sequence[tuple[Stop, list[Moment]]]
) -> str:
    """The playback's content, section by section."""
    return "\n".join(
        (
            funnel_section(playback),
            map_section(playback, journey),
            errors_section(playback),
            times_section(playback),
            stops_section(playback),
            timelines_section(playback, timelines),
        )
    )


def govuk(html: str) -> str:
    """The sections with GOV.UK Frontend's classes, for the kit's own page."""
    for plain, styled in GOVUK.items():
        html = html.replace(plain, styled)
    return html


def report_html(
    playback: Playback,
    service_name: str,
    journey: JourneyMap,
    timelines: Sequence[tuple[Stop, list[Moment]]],
    made_at: datetime,
    more: str = "",
) -> str:
    """The playback as one HTML file: inline CSS, no script, nothing fetched from elsewhere.

    `more` is HTML to add after the sections (made with these functions, its texts escaped).
    """
    title = f"{service_name}: round {playback.round} playback"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<h1>{escape(title)}</h1>"
        f"<p>Made {escape(short_date_time(made_at))} (UK time) from "
        f"{len(playback.stops)} participants. Participants are known by their codes only; "
        "what they typed is never kept.</p>\n"
        f"{sections(playback, journey, timelines)}\n{more}</main></body></html>\n"
    )


def round_report(
    db: Database, service: Service, playback: Playback, made_at: datetime, more: str = ""
) -> str:
    """The round's one-file report, as `/research/round/report.html` gives it, and `more`."""
    return report_html(
        playback,
        service.name,
        journey_map(service),
        round_timelines(db, playback.stops),
        made_at,
        more,
    )
