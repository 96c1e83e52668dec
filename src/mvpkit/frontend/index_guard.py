"""What the index app of `mvpkit serve` shares with the services: headers, hosts, error pages."""

from __future__ import annotations

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.sansio.utils import host_is_trusted

from mvpkit.frontend.asset_serving import serve_assets
from mvpkit.frontend.assets import Assets
from mvpkit.frontend.errors import MESSAGES
from mvpkit.frontend.headers import install_headers
from mvpkit.settings import Settings


def guard_index(index: Flask, settings: Settings, assets: Assets | None) -> None:
    """Send the services' headers, refuse unknown hosts and show GOV.UK error pages.

    `/health` answers whatever the host, as a load balancer's check may name none of ours.
    The assets are served as the services serve theirs, hosts unchecked: they are public.
    """
    serve_assets(index, assets, production=settings.production, refresh=settings.reload_templates)
    install_headers(
        index, production=settings.production, asset_endpoints=("asset", "icon", "touch_icon")
    )
    trusted = settings.trusted_hosts

    @index.before_request
    def known_hosts_only() -> None:
        if request.endpoint != "health" and not host_is_trusted(request.host, trusted):
            abort(400)

    @index.errorhandler(HTTPException)
    def error_page(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        heading, body = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
        return render_template("mvpkit/index/error.html", heading=heading, body=body), code
