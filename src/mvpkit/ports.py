"""Whether `mvpkit serve` can listen where it is asked to, said in one sentence before it starts."""

from __future__ import annotations

import errno
import socket

NEXT_PORTS = 20  # how far to look for a free port to suggest


class PortError(Exception):
    """The server cannot listen there: the message says what to do instead."""


def check_port(host: str, port: int) -> None:
    """Raise PortError when nothing could listen on host:port, naming a free port to try."""
    problem = _bind_problem(host, port)
    if problem is None:
        return
    if problem.errno == errno.EADDRINUSE:
        free = next(
            (
                candidate
                for candidate in range(port + 1, min(port + 1 + NEXT_PORTS, 65536))
                if _bind_problem(host, candidate) is None
            ),
            None,
        )
        hint = f": try --port {free}" if free else ": choose another with --port"
        raise PortError(f"Port {port} is in use{hint}")
    raise PortError(f"Cannot listen on {host}:{port}: {problem.strerror or problem}")


def _bind_problem(host: str, port: int) -> OSError | None:
    """What binding would fail with, as the server binds (SO_REUSEADDR), or None."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except OSError as exc:
        return exc
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return exc
    return None
