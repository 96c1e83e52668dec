"""The playback's screenshots: each page of the round's journey as participants saw it.

`pages_section` shows a PNG of each page, on the class of device most of the round's
participants used, each followed by how many participants reached the page. The pictures
are taken elsewhere (`mvpkit research report` walks the service in Chromium); here they
are only shown, embedded, so the report stays one file with nothing fetched from elsewhere.
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from mvpkit.definition.model import CHECK_ANSWERS, Service
from mvpkit.patterns.research.playback import CONFIRMATION, START_PAGE, Playback

# The screen each class of device is pictured on (CSS pixels), most common first.
VIEWPORTS = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1280, 900)}
CHECK_ANSWERS_TITLE = "Check your answers before sending"


@dataclass(frozen=True)
class PageShot:
    """A screenshot of one page of the journey: a PNG of the screen, or None if not taken."""

    page: str  # the page's id, as the funnel knows it
    title: str
    png: bytes | None


def journey_pages(service: Service) -> list[tuple[str, str]]:
    """Each page of the journey in order, as the funnel knows it: its id and its title."""
    pages = [(START_PAGE, service.name)]
    pages.extend((page.id, page.title) for page in service.pages)
    pages.append((CHECK_ANSWERS, CHECK_ANSWERS_TITLE))
    pages.append((CONFIRMATION, service.confirmation.title))
    return pages


def most_used_device(playback: Playback) -> str:
    """The class of device most of the round's participants used; a phone if none is known."""
    used = Counter(stop.device for stop in playback.stops if stop.device in VIEWPORTS)
    return max(VIEWPORTS, key=lambda device: used[device])  # a tie goes to the first


def pages_section(
    playback: Playback, device: str, shots: Sequence[PageShot], problems: Sequence[str] = ()
) -> str:
    """A screenshot of each page on the device most used, with how many reached it."""
    width, height = VIEWPORTS[device]
    reached = {step.key: step.count for step in playback.funnel}
    started = playback.funnel[0].count if playback.funnel else 0
    known = any(stop.device for stop in playback.stops)
    why = (
        ": the device most of the round's participants used"
        if known
        else ", as no participant's device is known"
    )
    size = sum(len(shot.png) for shot in shots if shot.png)
    taken = sum(1 for shot in shots if shot.png)
    parts = [
        "<h2>Pages as participants saw them</h2>"
        f"<p>Each page of round {playback.round}'s journey as it first shows, before anything "
        f"is entered, on a {escape(device)} ({width} × {height} pixels){why}. Each picture "
        "is the first screenful, taken by walking the journey with sample answers outside "
        "research mode, so the prototype's banner is not on it. After each, how many of the "
        f"round's participants reached the page. {taken} screenshots, "
        f"{round(size / 1024)} KB in all.</p>"
    ]
    if problems:
        parts.append("<ul>" + "".join(f"<li>{escape(p)}</li>" for p in problems) + "</ul>")
    figures = []
    figure = f'<figure class="mvpkit-shot-{escape(device)}">'
    for shot in shots:
        count = f"Participants who reached it: {reached.get(shot.page, 0)} of {started}."
        caption = f"<figcaption><b>{escape(shot.title)}</b> ({escape(shot.page)}). {count}"
        if shot.png is None:
            figures.append(f"{figure}{caption} Not pictured.</figcaption></figure>")
            continue
        alt = f"Screenshot of the page '{shot.title}' on a {device}"
        data = base64.b64encode(shot.png).decode("ascii")
        figures.append(
            f'{figure}<img src="data:image/png;base64,{data}" alt="{escape(alt)}" '
            f'width="{width}" height="{height}"/>{caption}</figcaption></figure>'
        )
    parts.append(f'<div class="mvpkit-shots">{"".join(figures)}</div>')
    return "".join(parts)
