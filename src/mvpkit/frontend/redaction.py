"""Keep live secrets out of the access log: emailed tokens in paths, keys in query strings.

A service notes, on each request, the values of its route arguments that are secrets (the
`<link>` of an emailed token); the access logger replaces those, and the values of secret
query parameters (`?key=`), with `[redacted]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote

from flask import Flask, request

SECRET_ARGUMENTS = frozenset({"link", "token", "key"})
SECRETS_KEY = "mvpkit.secrets"  # where a request's secrets are kept in its WSGI environ
REDACTED = "[redacted]"
SECRET_PARAMETER = re.compile(r"(^|[?&;])(" + "|".join(sorted(SECRET_ARGUMENTS)) + r")=[^&;\s#]*")


def install_redaction(app: Flask) -> None:
    """Note each request's secret route arguments for the access log."""
    app.url_value_preprocessor(_note_secrets)


def _note_secrets(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    found = [str(value) for name, value in (values or {}).items() if name in SECRET_ARGUMENTS]
    if found:
        request.environ[SECRETS_KEY] = tuple(found)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` (a path, query string, request line or referrer) without the secrets in it."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED).replace(quote(secret, safe=""), REDACTED)
    return SECRET_PARAMETER.sub(rf"\1\2={REDACTED}", text)


def secrets_of(environ: Mapping[str, Any]) -> tuple[str, ...]:
    """The secrets the service noted for this request, if any."""
    return tuple(environ.get(SECRETS_KEY, ()))
