"""A bare Flask hello world: the baseline `load/benchmark.py` compares mvpkit with.

Served like mvpkit (gunicorn, sync workers):
`gunicorn -w 2 -k sync -b 127.0.0.1:8001 --chdir load hello:app`
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The smallest useful response."""
    return "Hello, world!"
