"""What a test run remembers by page, shared by all its processes when it runs in several.

axe's findings and the pictures taken are remembered by page (see `mvpkit.testing.page_key`)
in each process. When `MVPKIT_MEMO` names a folder, made new for one run (the gate does), they
are also kept there, so a page checked or pictured by one of pytest-xdist's workers is not
checked or drawn again by another. A value is written whole or not at all; two processes
that reach a page at once both work it out, and either answer is the same.
"""

from __future__ import annotations

import os
from pathlib import Path

MEMO_ENV = "MVPKIT_MEMO"


def recall(kind: str, key: str) -> str | None:
    """What the run remembers of this kind for this key, or None."""
    folder = _folder(kind)
    if folder is None:
        return None
    try:
        return (folder / key).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def remember(kind: str, key: str, value: str) -> None:
    """Keep the value for every process of the run (nothing without MVPKIT_MEMO)."""
    folder = _folder(kind)
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{key}.{os.getpid()}"
    partial.write_text(value, encoding="utf-8")
    partial.replace(folder / key)


def _folder(kind: str) -> Path | None:
    root = os.environ.get(MEMO_ENV)
    return Path(root) / kind if root else None
