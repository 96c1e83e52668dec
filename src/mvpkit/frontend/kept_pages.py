"""Whole pages kept as frames: rendered once per set of parameters, filled in per request.

A question page's layout, header, form and button are the same for everyone who sees that
page at that step: only a few parts are theirs. Those parts are the frame's slots:

- the HTML a view gives for each request (`slots`: the questions, with the answers given);
- the CSP nonce;
- what the request-bound template globals (`REQUEST_BOUND`) give: the form's CSRF token and
  the patterns' fragments (the research or assisted-digital banner). Their calls are
  recorded while the frame is drawn, and made again, with the same arguments, per request.

Everything else comes from the view's `context`, which keys the frame, so a page is drawn
again for other parameters. Templates of a kept page take the request only through those
slots: the output of a request-bound global is printed, never tested or filtered.
A frame whose recorded calls do not all show in its HTML is not kept.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, render_template, request, template_rendered
from markupsafe import Markup, escape

from mvpkit.frontend.headers import NONCE_SLOT, csp_nonce, nonce_slot

REQUEST_BOUND = ("csrf_token", "pattern_fragments")
"""Template globals whose output depends on the request, not on the page's parameters."""
FRAMES_KEPT = 256
"""At most this many frames are kept per app; when full, all are dropped and drawn again."""
LAYOUT = "mvpkit/layout.html"
_KEPT = "mvpkit.kept_pages"
_OWN = "mvpkit.own_templates"
_SLOT = f"mvpkit-slot-{secrets.token_urlsafe(12)}-"
_SLOTS = re.compile(rf"{re.escape(NONCE_SLOT)}|{re.escape(_SLOT)}(\w+)\.")
_PLAIN = (str, int, float, bool, type(None))
NONCE = ""  # the nonce's slot: no view's slot has that name

Filler = Callable[[Mapping[str, str]], str]


def install_kept_pages(app: Flask, service_templates: Path) -> None:
    """Keep frames for `app`; a page whose templates the service overrides is never kept."""
    app.extensions[_KEPT] = {}
    own: set[str] = set()
    if service_templates.is_dir():
        own = {
            path.relative_to(service_templates).as_posix()
            for path in service_templates.rglob("*")
            if path.is_file()
        }
    app.extensions[_OWN] = frozenset(own)


@dataclass(frozen=True)
class Frame:
    """A page's HTML cut at its slots: `texts` has one more item than `fillers`."""

    texts: tuple[str, ...]
    fillers: tuple[Filler, ...]
    holds_nonce: bool

    def fill(self, slots: Mapping[str, str]) -> str:
        """The page for this request."""
        if self.holds_nonce:  # asked for once, however many places it goes
            slots = {**slots, NONCE: csp_nonce()}
        parts = [self.texts[0]]
        for filler, text in zip(self.fillers, self.texts[1:], strict=True):
            parts.append(filler(slots))
            parts.append(text)
        return "".join(parts)


def render_kept(template: str, slots: Mapping[str, Markup], **context: Any) -> str:
    """`render_template(template, **slots, **context)`, from a kept frame when it can be.

    `context` keys the frame, so give it the definition's words and `url_for`'s addresses;
    what differs from one person to the next goes in `slots`.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    kept: dict[tuple[str, str, str], Frame | None] = app.extensions[_KEPT]
    if app.config["TEMPLATES_AUTO_RELOAD"] or not _keyable(context):
        return render_template(template, **slots, **context)
    key = (template, request.script_root, repr(sorted(context.items())))
    try:
        frame = kept[key]
    except KeyError:  # not drawn yet (or dropped, by another thread, a moment ago)
        frame = _frame(app, template, slots, context) if _kit_drawn(app, template) else None
        if len(kept) >= FRAMES_KEPT:
            kept.clear()
        kept[key] = frame
    if frame is None:
        return render_template(template, **slots, **context)
    if template_rendered.receivers:
        page = app.jinja_env.get_template(template)
        template_rendered.send(app, template=page, context={**context, **slots})
    return frame.fill(slots)


def _keyable(context: Mapping[str, Any]) -> bool:
    """Only plain values key a frame: their repr is what they are."""
    return all(
        isinstance(value, _PLAIN)
        or (isinstance(value, list | tuple) and all(isinstance(v, _PLAIN) for v in value))
        for value in context.values()
    )


def _kit_drawn(app: Flask, template: str) -> bool:
    """The page and the layout are the kit's (the service's own may show anything)."""
    own: frozenset[str] = app.extensions[_OWN]
    return not (
        template in own
        or LAYOUT in own
        or any(name.startswith("govuk_frontend_jinja/") for name in own)
    )


def _frame(
    app: Flask, template: str, slots: Mapping[str, Markup], context: Mapping[str, Any]
) -> Frame | None:
    """Draw the page with a marker at each slot, and cut it there; None if a call is lost."""
    if not all(name.isidentifier() for name in slots):
        raise ValueError(f"slots are named by identifiers, not {sorted(slots)}")
    fillers: dict[str, Filler] = {name: _named(name) for name in slots}
    markers = {name: Markup(f"{_SLOT}{name}.") for name in slots}  # noqa: S704 - a marker
    recorders = {
        name: _recorder(app.jinja_env.globals[name], fillers)
        for name in REQUEST_BOUND
        if name in app.jinja_env.globals
    }
    drawn = {**context, **markers, **recorders}
    app.update_template_context(drawn)  # as render_template, but announcing no page
    with nonce_slot():
        html = app.jinja_env.get_template(template).render(drawn)
    calls = {name for name in fillers if name not in slots}
    if any(f"{_SLOT}{name}." not in html for name in calls):
        return None
    fillers[NONCE] = _nonce
    pieces = _SLOTS.split(html)  # text, slot name (None for the nonce), text, ...
    return Frame(
        texts=tuple(pieces[0::2]),
        fillers=tuple(fillers[name or NONCE] for name in pieces[1::2]),
        holds_nonce=NONCE_SLOT in html,
    )


def _named(name: str) -> Filler:
    return lambda slots: str(escape(slots[name]))


def _nonce(slots: Mapping[str, str]) -> str:
    return slots[NONCE]


def _recorder(real: Any, fillers: dict[str, Filler]) -> Callable[..., Markup]:
    """Stands for the global `real`: records the call, to be made again per request."""

    def record(*args: Any, **kwargs: Any) -> Markup:
        slot = f"_{len(fillers)}"  # apart from the named slots
        fillers[slot] = lambda slots: str(escape(real(*args, **kwargs)))
        return Markup(f"{_SLOT}{slot}.")  # noqa: S704 - a marker

    return record
