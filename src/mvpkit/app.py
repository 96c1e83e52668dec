"""`create_app`: the Flask application factory every mvpkit service runs on."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from mvpkit.definition.loader import find_definition, load_service
from mvpkit.definition.model import Service
from mvpkit.frontend.assets import find_assets
from mvpkit.frontend.input_guard import install_input_guard
from mvpkit.frontend.redaction import install_redaction
from mvpkit.kit import Kit
from mvpkit.migrate import upgrade
from mvpkit.sessions import KeptCSRFProtect, install_sessions
from mvpkit.settings import Settings, load_settings
from mvpkit.store.database import connect


def create_app(
    service_dir: Path | str,
    config: Mapping[str, Any] | None = None,
    *,
    migrate: bool = True,
) -> Flask:
    """Build the Flask app for the service defined in `service_dir`.

    `config` overrides settings (`environment`, `database_url`, `secret_key`...).
    `migrate=False` skips bringing the schema up to date (a server does it once, first).
    """
    folder = Path(service_dir).resolve()
    definition = find_definition(folder)
    folder = definition.parent
    service = load_service(definition)
    settings = load_settings(folder, config)
    app = Flask("mvpkit", instance_path=str(folder / "instance"), static_folder=None)
    _configure(app, settings, folder.name)
    _trust_proxies(app, settings.trusted_proxies)
    db = connect(settings.database_url)
    if migrate:
        upgrade(db.engine)
    app.extensions["mvpkit"] = Kit(service, folder.name, settings, db, find_assets())
    _install_frontend(app, folder, settings, service)
    _register_blueprints(app, service)
    return app


def _configure(app: Flask, settings: Settings, slug: str) -> None:
    app.config.update(
        SECRET_KEY=settings.secret_key,
        TESTING=settings.environment == "test",
        MAX_CONTENT_LENGTH=settings.max_form_bytes,
        MAX_FORM_MEMORY_SIZE=settings.max_form_bytes,
        SESSION_COOKIE_NAME=f"mvpkit-{slug}",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_REFRESH_EACH_REQUEST=False,
        PERMANENT_SESSION_LIFETIME=settings.draft_days * 24 * 3600,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session
        WTF_CSRF_SSL_STRICT=False,
        TEMPLATES_AUTO_RELOAD=settings.reload_templates,
        TRUSTED_HOSTS=settings.trusted_hosts,
        MVPKIT_PUBLIC_URL=settings.public_url,
    )
    install_input_guard(app)  # first: no other check should see a NUL byte
    install_redaction(app)
    KeptCSRFProtect(app)
    install_sessions(app)  # after the CSRF check: its csrf_token() is replaced by a kept one


def _trust_proxies(app: Flask, proxies: int) -> None:
    """Behind `proxies` proxies, the client's address and scheme are the ones they forward."""
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0
        )


def _install_frontend(app: Flask, folder: Path, settings: Settings, service: Service) -> None:
    from mvpkit.frontend.asset_serving import serve_assets
    from mvpkit.frontend.chrome import install_chrome
    from mvpkit.frontend.components import install_components
    from mvpkit.frontend.fragments import install_fragments
    from mvpkit.frontend.headers import install_headers, origin_of
    from mvpkit.frontend.icons import icons_for, install_icons
    from mvpkit.frontend.kept_pages import install_kept_pages
    from mvpkit.frontend.templating import install_templates
    from mvpkit.journeys.presentation import install_presentation

    install_templates(app, folder, strict=not settings.production)
    install_chrome(app)
    install_components(app)
    install_kept_pages(app, folder / "templates")
    install_headers(
        app,
        production=settings.production,
        asset_endpoints=("assets", "icon", "touch_icon"),
        image_sources=origin_of(service.council.logo),
    )
    install_presentation(app)
    install_fragments(app)
    install_icons(app, icons_for(folder, service.council.icon))
    assets = app.extensions["mvpkit"].assets
    serve_assets(app, assets, production=settings.production, refresh=settings.reload_templates)


def _register_blueprints(app: Flask, service: Service) -> None:
    from mvpkit.backoffice.views import backoffice
    from mvpkit.frontend.errors import install_error_pages
    from mvpkit.frontend.outbox_page import outbox
    from mvpkit.frontend.pages import pages
    from mvpkit.journeys.views import journey
    from mvpkit.registry import installed_patterns

    app.register_blueprint(pages)
    app.register_blueprint(backoffice)
    app.register_blueprint(outbox)
    for pattern in installed_patterns():
        if pattern.active(service):
            pattern.install(app, service)
    if service.pages:
        app.register_blueprint(journey)  # last: its `/<page_id>` route is the catch-all
    install_error_pages(app)
