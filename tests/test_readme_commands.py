"""The README's first two commands: what they install covers every command the README shows."""

from __future__ import annotations

import re
import tomllib

from mvpkit.gate.requirements import NEEDS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = re.findall(r"^`([^`\n]+)`$", README, flags=re.MULTILINE)
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Import names that differ from the distribution's name on PyPI.
DISTRIBUTIONS = {"pytest_bdd": "pytest-bdd", "axe_playwright_python": "axe-playwright-python"}


def extra(name: str) -> set[str]:
    """The distribution names an extra of mvpkit installs, following `mvpkit[...]` inside it."""
    names: set[str] = set()
    for requirement in PROJECT["optional-dependencies"][name]:
        nested = re.fullmatch(r"mvpkit\[(\w+)\]", requirement)
        if nested:
            names |= extra(nested.group(1))
        else:
            names.add(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower())
    return names


def test_the_readme_opens_with_two_commands() -> None:
    serve, tests = COMMANDS[:2]
    assert serve.endswith(".venv/bin/mvpkit serve exemplars")
    assert tests.endswith(".venv/bin/nox")


def test_both_commands_install_into_a_virtualenv_not_the_system_python() -> None:
    # A stock Debian or Ubuntu Python refuses `pip install` outside a virtualenv (PEP 668).
    for command in COMMANDS[:2]:
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install "), command
        assert "python3 -m pip" not in command


def test_the_first_command_installs_what_every_stage_of_the_gate_needs() -> None:
    installed = extra(re.search(r"-e '\.\[(\w+)\]'", COMMANDS[0]).group(1))  # type: ignore[union-attr]
    needed = {DISTRIBUTIONS.get(module, module) for modules in NEEDS.values() for module in modules}
    assert needed <= installed, f"`mvpkit check` needs {sorted(needed - installed)} as well"


def test_the_test_command_installs_nox_and_uv_and_nox_the_dev_extra() -> None:
    # nox makes the environment the tests and the gate share, with uv where it is installed.
    assert COMMANDS[1].split(" && ")[1] == ".venv/bin/pip install nox uv"
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    assert 'nox.options.default_venv_backend = "uv|virtualenv"' in noxfile
    assert 'session.install("-e", ".[dev]")' in noxfile
    assert {"nox", "uv", "pytest-xdist", "mypy", "ruff"} <= extra("dev")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert COMMANDS[1] in ci, "`.ci/run` must run the README's test command as it is written"
