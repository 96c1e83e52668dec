"""The service template: bake it, scan it, lint it and run the baked service's own tests."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import mvpkit
from mvpkit import scaffold
from mvpkit.cli import main
from mvpkit.definition import check_definition, load_service
from mvpkit.journeys.walk import walks
from mvpkit.scaffold import new_service, template_dir

pytestmark = pytest.mark.slow

API_NAME = "Apply for a parking permit"
CLI_NAME = "Report a pothole"
ROOT = Path(__file__).resolve().parents[1]
PIN = f"mvpkit[testing]=={mvpkit.__version__}"
LEFTOVERS = ("{{ cookiecutter.", "{{cookiecutter.", "{%", "%}", "cookiecutter.")
EXPECTED_FILES = {
    ".gitignore",
    "README.md",
    "pyproject.toml",
    "service.yaml",
    "service.schema.json",
    "noxfile.py",
    ".github/workflows/check.yml",
    "features/starting.feature",
    "load/locustfile.py",
    "tests/conftest.py",
    "tests/test_service.py",
}


@dataclass(frozen=True)
class Baked:
    """A baked service folder and the files the bake wrote, listed before anything ran in it."""

    folder: Path
    files: frozenset[str]


def _files(folder: Path) -> frozenset[str]:
    return frozenset(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


def _bake_with_cli(name: str, output_dir: Path) -> Path:
    result = CliRunner().invoke(main, ["new", name, "-o", str(output_dir), "--no-input"])
    assert result.exit_code == 0, result.output
    return output_dir / "report-a-pothole"


@pytest.fixture(scope="module", params=["api", "cli"])
def baked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Baked:
    """A service baked by `new_service`, and one baked by `mvpkit new ... --no-input`."""
    output_dir = tmp_path_factory.mktemp(f"baked-{request.param}")
    if request.param == "api":
        folder = new_service(API_NAME, output_dir)
    else:
        folder = _bake_with_cli(CLI_NAME, output_dir)
    return Baked(folder, _files(folder))


def test_the_bake_writes_the_service_files(baked: Baked) -> None:
    assert baked.files == EXPECTED_FILES


@pytest.mark.parametrize("leftover", LEFTOVERS)
def test_no_baked_file_has_template_syntax_left(baked: Baked, leftover: str) -> None:
    for name in baked.files:
        text = (baked.folder / name).read_text(encoding="utf-8")
        assert leftover not in text, f"{name} holds {leftover!r}"


def test_the_baked_definition_has_no_problems(baked: Baked) -> None:
    service, problems = check_definition(baked.folder)

    assert [str(problem) for problem in problems] == []
    assert service is not None
    name, prefix = (API_NAME, "APP") if baked.folder.name.startswith("apply") else (CLI_NAME, "RP")
    assert service.name == name
    assert service.reference_prefix == prefix
    assert service.council.name == "Your council"


@pytest.mark.parametrize("baked", ["cli"], indirect=True)  # the bakes differ only in names
def test_the_baked_service_passes_its_own_tests(baked: Baked) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=baked.folder,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    service = load_service(baked.folder)
    # the start page, the first question sent empty, and one test for each route
    assert f"{2 + len(walks(service))} passed" in output, output
    assert _files(baked.folder) == baked.files  # no database, key or cache left in the service


def test_the_kit_bakes_its_own_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    defaults = json.loads((template_dir() / "cookiecutter.json").read_text())
    assert mvpkit.__version__ == pyproject["project"]["version"]
    assert defaults["_mvpkit_version"] == mvpkit.__version__  # for a bake by cookiecutter itself

    monkeypatch.setattr(scaffold, "__version__", "9.8.7")
    folder = new_service(API_NAME, tmp_path)

    baked = tomllib.loads((folder / "pyproject.toml").read_text())
    assert baked["project"]["dependencies"] == ["mvpkit[testing]==9.8.7"]
    assert "mvpkit[testing]==9.8.7" in (folder / ".github/workflows/check.yml").read_text()


def test_the_baked_project_pins_the_kit_it_was_baked_with(baked: Baked) -> None:
    pyproject = tomllib.loads((baked.folder / "pyproject.toml").read_text())

    assert pyproject["project"]["name"] == baked.folder.name
    assert pyproject["project"]["dependencies"] == [PIN]
    assert PIN in (baked.folder / "README.md").read_text()


def test_the_baked_ci_installs_the_pinned_kit_then_runs_the_tests_and_the_gate(
    baked: Baked,
) -> None:
    workflow = yaml.safe_load((baked.folder / ".github/workflows/check.yml").read_text())
    commands = [
        shlex.split(step["run"]) for step in workflow["jobs"]["check"]["steps"] if "run" in step
    ]

    assert workflow[True] == ["push", "pull_request"]  # YAML 1.1 reads the key `on` as true
    install = ["python", "-m", "pip", "install", "--find-links", "wheels", PIN]
    tests = ["python", "-m", "pytest"]
    gate = ["mvpkit", "check", ".", "--report", "reports/check"]
    assert [command for command in commands if command in (install, tests, gate)] == [
        install,
        tests,
        gate,
    ]
    upload = workflow["jobs"]["check"]["steps"][-1]
    assert upload["with"]["path"] == "reports/check"


def test_the_baked_python_passes_ruff(baked: Baked) -> None:
    python_files = sorted(name for name in baked.files if name.endswith(".py"))
    assert python_files
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", *python_files],
            cwd=baked.folder,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_a_name_with_quotes_and_colons_still_loads(tmp_path: Path) -> None:
    name = 'Tell us: is it "safe" & sound?'

    folder = new_service(name, tmp_path)

    service, problems = check_definition(folder)
    assert [str(problem) for problem in problems] == []
    assert service is not None
    assert service.name == name
    assert folder.name == "tell-us-is-it-safe-sound"


def test_baking_over_an_existing_folder_is_a_clear_error(tmp_path: Path) -> None:
    _bake_with_cli(CLI_NAME, tmp_path)

    result = CliRunner().invoke(main, ["new", CLI_NAME, "-o", str(tmp_path), "--no-input"])

    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert result.output.count("Error") == 1
    assert "already exists" in result.output
    assert "choose another name or output folder" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_baking_writes_nothing_to_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replay = Path.home() / ".cookiecutter_replay" / "service.json"
    before = real_replay.stat().st_mtime_ns if real_replay.exists() else None
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("COOKIECUTTER_CONFIG", raising=False)

    new_service(API_NAME, tmp_path / "out")
    _bake_with_cli(CLI_NAME, tmp_path / "out")

    assert list(home.iterdir()) == []
    after = real_replay.stat().st_mtime_ns if real_replay.exists() else None
    assert after == before
