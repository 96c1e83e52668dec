"""Gunicorn's access log, without the secrets a request carried (see frontend.redaction)."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from mvpkit.frontend.redaction import redact, secrets_of

REDACTED_ATOMS = ("r", "U", "q", "f")  # request line, path, query string, referrer


class RedactingLogger(Logger):  # type: ignore[misc]
    """Logs every request as gunicorn does, with tokens and keys replaced by `[redacted]`."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        """Gunicorn's atoms, with the secrets taken out of the path, query and referrer."""
        atoms = super().atoms(resp, req, environ, request_time)
        secrets = secrets_of(environ)
        for name in REDACTED_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name], secrets)
        return atoms
