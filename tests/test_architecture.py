"""The house's shape: every module imports on its own, and the layers hold.

A module that imports only when another was imported first sits in an import circle; the
layers are written down as import-linter contracts in pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import mvpkit

SOURCE = Path(mvpkit.__file__).parent
ROOT = SOURCE.parents[1]


def _modules() -> list[str]:
    names = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if "migrations" in parts:
            continue  # Alembic loads these as scripts, not as modules
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


MODULES = _modules()


def test_every_module_is_found() -> None:
    assert "mvpkit.journeys.views" in MODULES
    assert "mvpkit.patterns.booking.calendar" in MODULES
    assert len(MODULES) > 150


def test_every_module_imports_on_its_own() -> None:
    """One fresh interpreter a module, 8 at a time: none needs another imported first."""
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {type(exc).__name__}: {exc}')\n"
        "    for loaded in [m for m in sys.modules if m.startswith('mvpkit')]:\n"
        "        del sys.modules[loaded]\n"
        "print('\\n'.join(failed))\n"
    )
    # Forgetting the kit's modules between imports makes each import start afresh, as a new
    # interpreter would, at a fraction of the cost (third-party modules stay loaded).
    found = subprocess.run(
        [sys.executable, "-c", script, *MODULES], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == ""


@pytest.mark.slow
def test_the_layers_hold() -> None:
    """import-linter's contracts in pyproject.toml: the layers, and patterns apart."""
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.fail("import-linter is not installed: pip install -e '.[dev]'")
    result = subprocess.run(
        [str(linter), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(SOURCE.parent), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
