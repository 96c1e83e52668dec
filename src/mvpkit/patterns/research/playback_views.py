"""Playback: what happened across a round, for the research team and its show-and-tell.

`/research/round` shows the round's figures in the kit's layout; the same content comes as
one HTML file to open offline, and the round's events as CSV. Researchers only: the gate
refuses everyone else every `research_*` endpoint, and `researcher_required` says so here.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for
from markupsafe import Markup

from mvpkit import clock
from mvpkit.journeys.journey_map import journey_map
from mvpkit.kit import Kit, current_kit
from mvpkit.patterns.research import playback_report
from mvpkit.patterns.research.access import researcher_required
from mvpkit.patterns.research.playback import events_csv, round_playback, timelines
from mvpkit.patterns.research.playback_report import govuk, sections

playback = Blueprint("research_playback", __name__, url_prefix="/research")


def _current_round(kit: Kit) -> int:
    """The round this app serves: its participants are added to it."""
    return kit.settings.research_round


def _round(kit: Kit) -> int:
    """The round asked for (`?round=N`, up to the current one), else the current round."""
    current = _current_round(kit)
    asked = request.args.get("round", "")
    if not asked:
        return current
    if not asked.isdigit() or not 1 <= int(asked) <= current:
        abort(404)
    return int(asked)


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@playback.get("/round")
@researcher_required
def round_overview() -> str:
    """The round's playback as a page: funnel, journey map, errors, times, timelines."""
    kit = current_kit()
    number = _round(kit)
    figures = round_playback(kit.db, kit.service, kit.slug, number)
    content = sections(figures, journey_map(kit.service), timelines(kit.db, figures.stops))
    return render_template(
        "mvpkit/research/playback.html",
        title=f"Round {number} playback",
        round_number=number,
        rounds=range(_current_round(kit), 0, -1),
        participant_count=len(figures.stops),
        content=Markup(govuk(content)),  # noqa: S704 - every text in it is escaped
        report_href=url_for("research_playback.round_report", round=number),
        csv_href=url_for("research_playback.round_events", round=number),
        back_href=url_for("research.home_or_start"),
    )


@playback.get("/round/report.html")
@researcher_required
def round_report() -> Response:
    """The round's playback as one HTML file to download and open offline."""
    kit = current_kit()
    number = _round(kit)
    figures = round_playback(kit.db, kit.service, kit.slug, number)
    body = playback_report.round_report(kit.db, kit.service, figures, clock.now())
    return _download(body, "text/html", f"{kit.slug}-round-{number}-playback.html")


@playback.get("/round/events.csv")
@researcher_required
def round_events() -> Response:
    """The round's events as CSV: who, when, what, which page and question, the device."""
    kit = current_kit()
    number = _round(kit)
    body = events_csv(kit.db, kit.slug, number)
    return _download(body, "text/csv", f"{kit.slug}-round-{number}-events.csv")
