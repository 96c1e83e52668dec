"""Where a prototype keeps its data, the settings it serves with, the address it shares.

The prototype's data lives in `research/` inside the folder given (its own SQLite
database and secret key), never in a service's own database.
"""

from __future__ import annotations

import os
import secrets
import socket
from pathlib import Path
from typing import Any

RESEARCH = "research"
DATABASE = "research.sqlite3"
KEY_FILE = "secret-key"  # the file holding the key, made once
UNROUTED = ("10.255.255.255", 1)  # no packet is sent: it only picks the outgoing address


def research_folder(path: Path) -> Path:
    """Where the prototype keeps its data: `research/` in the folder given."""
    base = path.resolve()
    return (base.parent if base.is_file() else base) / RESEARCH


def research_config(path: Path) -> dict[str, Any]:
    """The settings every service takes in research mode: its database, its one secret."""
    folder = research_folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("# participants' data and the secret key stay on this machine\n*\n")
    secret = folder / KEY_FILE
    if not secret.exists():
        secret.touch(mode=0o600)
        secret.write_text(secrets.token_urlsafe(48))
    url = os.environ.get("MVPKIT_RESEARCH_DATABASE_URL") or f"sqlite:///{folder / DATABASE}"
    return {"research": True, "database_url": url, "secret_key": secret.read_text().strip()}


def shared_address(host: str, port: int) -> str:
    """The address to give participants: this machine's on the network for 0.0.0.0."""
    if host not in ("0.0.0.0", "::"):  # noqa: S104 - only naming what was asked for
        return f"http://{host}:{port}"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(UNROUTED)
            address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    return f"http://{address}:{port}"


def research_database(path: Path) -> Any:
    from mvpkit.migrate import upgrade
    from mvpkit.store.database import connect

    db = connect(research_config(path)["database_url"])
    upgrade(db.engine)
    return db
