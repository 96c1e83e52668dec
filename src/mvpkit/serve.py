"""Serve one service folder, or every service below a folder, each at `/<slug>/`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from mvpkit.app import create_app
from mvpkit.frontend.index_guard import guard_index
from mvpkit.frontend.templating import load_templates
from mvpkit.migrate import upgrade
from mvpkit.registry import installed_patterns
from mvpkit.services_index import index_app
from mvpkit.settings import load_settings
from mvpkit.store.database import connect

DEFINITION = "service.yaml"


class NoServicesError(Exception):
    """The folder holds no service definition."""


def find_services(path: Path) -> list[Path]:
    """The service folder itself, or the service folders directly below it, by name."""
    path = path.resolve()
    if (path / DEFINITION).is_file():
        return [path]
    if path.is_file() and path.name == DEFINITION:
        return [path.parent]
    found = (
        sorted(child for child in path.iterdir() if (child / DEFINITION).is_file())
        if path.is_dir()
        else []
    )
    if not found:
        raise NoServicesError(f"No {DEFINITION} in {path} or the folders directly below it.")
    return found


def migrate(services: Sequence[Path], config: Mapping[str, Any] | None = None) -> None:
    """Bring each service's database up to date, once, before any worker starts."""
    for folder in services:
        database = connect(load_settings(folder, config).database_url)
        try:
            upgrade(database.engine)
        finally:
            database.dispose()


def build_wsgi(
    services: Sequence[Path],
    *,
    migrate_schema: bool = True,
    config: Mapping[str, Any] | None = None,
) -> Any:
    """One WSGI app: an index at `/`, each service at `/<slug>/`, assets at `/assets`.

    Services in one folder share one database (see `mvpkit.settings.data_folder`).
    """
    apps: dict[str, Any] = {
        f"/{folder.name}": create_app(folder, config, migrate=migrate_schema) for folder in services
    }
    first = next(iter(apps.values())).extensions["mvpkit"]
    index = index_app(services, DEFINITION, first.assets)
    guard_index(index, first.settings, first.assets)
    for pattern in installed_patterns():
        pattern.install_index(index, first)
    return DispatcherMiddleware(index, apps)


def flask_apps(wsgi: Any) -> Iterator[Flask]:
    """The services' Flask apps in a WSGI app `build_wsgi` made, however mounted or wrapped."""
    if isinstance(wsgi, Flask):
        yield wsgi
    for mounted in getattr(wsgi, "mounts", {}).values():
        yield from flask_apps(mounted)
    wrapped = getattr(wsgi, "application", None)  # a middleware in front of one app
    if wrapped is not None:
        yield from flask_apps(wrapped)


Builder = Callable[[Mapping[str, Any]], Any]
"""Makes the WSGI app to serve from the settings every service takes."""


def _built(services: Sequence[Path]) -> Builder:
    return lambda settings: build_wsgi(services, migrate_schema=False, config=settings)


THREADS = 4  # per worker: an idle connection waits in the worker's poller, not in a thread


def served_at(host: str, port: int) -> dict[str, str]:
    """The address being served: the public address in development when none is set."""
    return {"served_url": f"http://{host}:{port}"}


def run_gunicorn(
    services: Sequence[Path],
    host: str,
    port: int,
    workers: int,
    *,
    threads: int = THREADS,
    access_log: bool = True,
    config: Mapping[str, Any] | None = None,
    build: Builder | None = None,
) -> None:
    """Serve with gunicorn's threaded workers; the schema is migrated once, first.

    The master builds the app once, before it forks the workers (`preload_app`), so they
    share its pages rather than each holding a copy. `config` overrides settings for every
    service (research mode's database, say); `build` makes the WSGI app from the settings
    (`build_wsgi` of the services).
    """
    from gunicorn.app.base import BaseApplication

    from mvpkit.access_log import RedactingLogger
    from mvpkit.purge import purge, purge_logging_failure, start_schedule
    from mvpkit.store.database import close_all_pools

    settings = {**(config or {}), **served_at(host, port)}
    migrate(services, settings)
    # Purged once here, so what purging loads is shared with the workers, not loaded by each.
    purge_logging_failure(lambda: purge(services, settings))

    def worker_started(_worker: Any) -> None:
        # Each worker purges hourly from then on: two purging at once is harmless.
        start_schedule(services, config=settings, at_once=False)

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            # The master loads the app once; the workers it forks share those pages.
            self.cfg.set("preload_app", True)
            self.cfg.set("post_worker_init", worker_started)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            if access_log:
                self.cfg.set("accesslog", "-")
                self.cfg.set("logger_class", RedactingLogger)
                self.cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s %(M)sms')
            self.cfg.set("control_socket_disable", True)  # several servers may share a host
            self.cfg.set("timeout", 60)

        def load(self) -> Any:
            app = (build or _built(services))(settings)
            for service_app in flask_apps(app):
                load_templates(service_app)  # compiled once, here, for every worker
            close_all_pools()  # the workers open their own connections
            # The collector then leaves the shared pages as they are. No collection first
            # (as Python's documentation advises): it took 60 ms of the start, for less
            # memory after load without it (124.9 MiB against 126.0, two runs each).
            gc.freeze()
            return app

    Server().run()


def run_reloader(
    services: Sequence[Path],
    host: str,
    port: int,
    config: Mapping[str, Any] | None = None,
    build: Builder | None = None,
) -> None:
    """Serve with Werkzeug, restarting when code or a definition changes."""
    from werkzeug.serving import run_simple

    from mvpkit.purge import start_schedule

    extra = [str(folder / DEFINITION) for folder in services]
    settings = {**(config or {}), "reload_templates": True, **served_at(host, port)}
    migrate(services, settings)
    app = (build or _built(services))(settings)
    start_schedule(services, config=settings)
    run_simple(
        host,
        port,
        app,
        use_reloader=True,
        use_debugger=False,
        threaded=True,
        extra_files=extra,
    )
