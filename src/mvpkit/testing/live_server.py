"""Serve a service over real HTTP on 127.0.0.1, with a fresh database, in a thread.

A test run starts one `Listener` and serves each test's own app on it in turn: each test
gets a new app and a new database, copied from one migrated for the run (`migrated_copy`),
without a new server each time.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Response

from mvpkit.app import create_app
from mvpkit.migrate import upgrade
from mvpkit.store.counts import write_counts
from mvpkit.store.database import connect

NOTHING_SERVED = Response("No service is being served now.", status=503)


class Listener:
    """A Werkzeug server on a free port that serves whichever app it is given."""

    def __init__(self) -> None:
        self.app: Flask | None = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The server's address, without a trailing slash."""
        assert self._server is not None, "the server is not running"
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> Listener:
        """Listen on a free port until stop()."""
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        app = self.app or NOTHING_SERVED
        return app(environ, start_response)

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(10)


def migrated_database(path: Path) -> Path:
    """A SQLite database at `path` with every migration applied, to copy for each test."""
    db = connect(f"sqlite:///{path}")
    try:
        upgrade(db.engine)
    finally:
        db.dispose()
    return path


class LiveServer:
    """A service served by Werkzeug on a free port; use as a context manager.

    Given a `listener`, it serves on that one (and leaves it running when it stops); given
    a `migrated` SQLite file, its database starts as a copy of it.
    """

    def __init__(
        self,
        service_dir: Path,
        database_url: str | None = None,
        *,
        listener: Listener | None = None,
        migrated: Path | None = None,
    ) -> None:
        self.service_dir = Path(service_dir)
        self._scratch = tempfile.TemporaryDirectory(prefix="mvpkit-live-")
        self._file = Path(self._scratch.name) / "live.sqlite3"
        self.database_url = database_url or f"sqlite:///{self._file}"
        self._migrated = migrated if database_url is None else None
        self._own = listener is None
        self.listener = listener or Listener()
        self.app: Flask | None = None

    @property
    def url(self) -> str:
        """The service's address, without a trailing slash."""
        return self.listener.url

    def start(self) -> LiveServer:
        """Build the app and serve it until stop(); emailed links name the port it got."""
        if self._own:
            self.listener.start()
        if self._migrated is not None:
            shutil.copyfile(self._migrated, self._file)
        self.app = create_app(
            self.service_dir,
            {
                "database_url": self.database_url,
                "secret_key": "live-server-secret-key-for-tests-only",
                "environment": "test",
                "served_url": self.url,
            },
        )
        self.listener.app = self.app
        return self

    def stop(self) -> None:
        """Stop serving and delete the temporary database."""
        if self._own:
            self.listener.stop()
        elif self.listener.app is self.app:
            self.listener.app = None
        if self.app is not None:
            db = self.app.extensions["mvpkit"].db
            write_counts(db)  # its file goes with the scratch folder
            db.dispose()
        self._scratch.cleanup()

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
