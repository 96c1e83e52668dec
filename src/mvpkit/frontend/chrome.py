"""What every page's layout needs: the service, the council brand and the asset links."""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, abort, current_app, render_template, request
from markupsafe import Markup

from mvpkit.frontend.asset_serving import asset_href
from mvpkit.frontend.headers import NONCE_SLOT, csp_nonce, nonce_slot
from mvpkit.kit import current_kit


def install_chrome(app: Flask) -> None:
    """Route `/assets` and give every template the service, its brand and its chrome."""
    app.add_url_rule("/assets/<path:filename>", "assets", _asset)
    app.context_processor(_layout_context)
    app.extensions["mvpkit.chrome"] = {}
    app.add_template_global(chrome)
    app.add_template_global(asset_url)


def asset_url(name: str) -> str:
    """The address of the built asset `name` (`council.css`): versioned, so cached for a year."""
    return asset_href(current_kit().assets, request.script_root, name)


def chrome(part: str) -> Markup:
    """The header, banner, footer, icons or scripts, rendered once per service and mount point.

    They are the same on every page, so rendering them again per request is waste; a
    service overrides one by providing `templates/mvpkit/chrome/<part>.html`. A part that
    holds the CSP nonce (the scripts) is kept with a placeholder, and given this request's.
    """
    cache: dict[tuple[str, str], tuple[Markup, bool]] = current_app.extensions["mvpkit.chrome"]
    key = (part, request.script_root)
    kept = cache.get(key)
    if kept is None:
        with nonce_slot():
            html = Markup(render_template(f"mvpkit/chrome/{part}.html"))  # noqa: S704
        kept = (html, NONCE_SLOT in html)  # looked for once, not on every page
        if not current_app.config["TEMPLATES_AUTO_RELOAD"]:
            cache[key] = kept
    html, holds_nonce = kept
    if holds_nonce:
        return Markup(html.replace(NONCE_SLOT, csp_nonce()))  # noqa: S704 - a kept render
    return html


def _asset(filename: str) -> NoReturn:
    """WhiteNoise, in front of the app, serves every file there is (`asset_serving`)."""
    abort(404)


def _layout_context() -> dict[str, Any]:
    kit = current_kit()
    service = kit.service
    root = request.script_root
    stylesheet = "govuk-frontend.min.css" if service.brand == "govuk" else "council.css"
    return {
        "service": service,
        "council": service.council,
        "asset_root": f"{root}/assets",
        "stylesheet": asset_href(kit.assets, root, stylesheet),
        "feedback_href": service.feedback_url or f"{root}/feedback",
        "service_home": f"{root}/",
        "icons": current_app.extensions["mvpkit.icons"],
        # Not url_for: an error page for an untrusted host has no URL adapter to build with.
        "icon_href": f"{root}/icon",
        "touch_icon_href": f"{root}/apple-touch-icon.png",
    }
