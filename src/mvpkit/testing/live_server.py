"""Serve a service over real HTTP on 127.0.0.1, with a fresh database, in a thread."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from mvpkit.app import create_app
from mvpkit.store.counts import write_counts


class LiveServer:
    """A service served by Werkzeug on a free port; use as a context manager."""

    def __init__(self, service_dir: Path, database_url: str | None = None) -> None:
        self.service_dir = Path(service_dir)
        self._scratch = tempfile.TemporaryDirectory(prefix="mvpkit-live-")
        self.database_url = database_url or (
            f"sqlite:///{Path(self._scratch.name) / 'live.sqlite3'}"
        )
        self.app: Flask | None = None
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The service's address, without a trailing slash."""
        assert self._server is not None, "the server is not running"
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> LiveServer:
        """Build the app and serve it until stop(); emailed links name the port it got."""
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.app = create_app(
            self.service_dir,
            {
                "database_url": self.database_url,
                "secret_key": "live-server-secret-key-for-tests-only",
                "environment": "test",
                "served_url": self.url,
            },
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        assert self.app is not None, "the app is not built yet"
        return self.app(environ, start_response)

    def stop(self) -> None:
        """Stop serving and delete the temporary database."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(10)
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
