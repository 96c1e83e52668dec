"""The service under gunicorn for the load stage, launched as the gate begins.

gunicorn takes seconds to start on a busy machine; the gate launches it first, so they pass
while the browser stages run, and the load stage only waits for whatever is left. Nothing
but its health check reaches it before Locust does: its database is new and its workers are
idle until then, so Locust measures what it measured before.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from mvpkit.gate import server

LOG_FILE = "server.log"


class LoadServer:
    """`mvpkit serve --workers 2` on a free port of 127.0.0.1, with a new SQLite database."""

    def __init__(self, service_dir: Path, report_dir: Path) -> None:
        self.service_dir = service_dir
        self._scratch = tempfile.TemporaryDirectory(prefix="mvpkit-gate-")
        self.database_url = f"sqlite:///{self._scratch.name}/gate.sqlite3"
        self.env = {
            **os.environ,
            "MVPKIT_DATABASE_URL": self.database_url,
            "MVPKIT_SECRET_KEY": "gate-" + os.urandom(16).hex(),
            "MVPKIT_ENV": "development",
        }
        self.port = server.free_port()
        self.base = f"http://127.0.0.1:{self.port}/{service_dir.name}"
        self.log = report_dir / LOG_FILE
        self._process: subprocess.Popen[bytes] | None = None

    def launch(self) -> None:
        """Start the server; do not wait for it."""
        self.log.write_text("")
        command = server.serve_command(
            self.service_dir, self.port, "--no-access-log", "--workers", "2"
        )
        self._process = server.launch(command, self.env, self.log)

    def ready(self) -> None:
        """Wait until it answers its health check (launching it first if need be).

        Raises ServerDidNotStartError, its whole process group killed, when it does not.
        """
        if self._process is None:
            self.launch()
        assert self._process is not None
        server.ready(self._process, self.log, f"{self.base}/health")

    def stop(self) -> None:
        """Stop the server and every one of its workers."""
        if self._process is not None:
            server.stop(self._process)
            self._process = None

    def close(self) -> None:
        """Stop the server if it runs, and delete its database."""
        self.stop()
        self._scratch.cleanup()
