"""The features stage on services holding only `.feature` files: each failure says why."""

from __future__ import annotations

import pickle
import shutil
import time
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner
from filelock import FileLock

from mvpkit.cli import main
from mvpkit.gate.check import GateOptions, run_gate
from mvpkit.gate.stage import StageResult
from mvpkit.testing.browsers import find_chromium
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]

SERVICE = """name: Apply for a bin
reference_prefix: BIN
pages:
  - id: size
    title: What size of bin do you need?
    type: radios
    options: [Small, Large]
  - id: where
    title: Where will the bin go?
"""
FEATURE = """@need_bin
Feature: Order a bin
  Scenario: {name}
    Given I start the service
    Then I see the heading "What size of bin do you need?"
{more}"""
SCENARIOS = {
    "ordering": '    When I choose "Small"\n    And I continue\n',
    "tagged": '    And I choose "Small"\n',
    "unknown": '    When I choose "Small" option\n',
    "stale": '    When I choose "Small"\n    And I continue\n'
    '    And I enter "By the gate" in "Where will the bin go?"\n',
}


def features_stage(folder: Path, report: Path) -> StageResult:
    """The result of the gate's features stage on the service in `folder`."""
    return run_gate(folder, GateOptions(stages=["features"], report_dir=report)).stages[0]


def _run_both_stages(folder: Path) -> tuple[StageResult, StageResult, float]:
    """Both browser stages over five features: passing, badly tagged, unknown step, stale
    label, and a file that cannot be read."""
    (folder / "features").mkdir(parents=True)
    (folder / "service.yaml").write_text(SERVICE.split("  - id: where")[0])  # question removed
    for name, more in SCENARIOS.items():
        text = FEATURE.format(name=name, more=more)
        if name == "tagged":
            text = text.replace("  Scenario:", "  @round_l\n  Scenario:")
        (folder / "features" / f"{name}.feature").write_text(text)
    (folder / "features" / "unreadable.feature").write_text(
        "Scenario: No feature line above me\n  When I start\n"
    )
    started = time.monotonic()
    options = GateOptions(stages=["features", "accessibility"], report_dir=folder.parent / "r")
    found, walked = run_gate(folder, options).stages
    return found, walked, time.monotonic() - started


@pytest.fixture(scope="module")
def stages(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> tuple[StageResult, StageResult, float]:
    """That run, once in the whole test run: the first worker to ask runs it, the others
    read its result (pytest-xdist's recipe for sharing a fixture between workers)."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the run's folder, above each worker's
    saved = shared / "gate-features-stages.pickle"
    with FileLock(f"{saved}.lock"):
        if not saved.is_file():
            folder = tmp_path_factory.mktemp("bins") / "apply-for-a-bin"
            saved.write_bytes(pickle.dumps(_run_both_stages(folder)))
        return cast(
            tuple[StageResult, StageResult, float],
            pickle.loads(saved.read_bytes()),  # noqa: S301 written just above, by this run
        )


@pytest.fixture(scope="module")
def stage(stages: tuple[StageResult, StageResult, float]) -> tuple[StageResult, float]:
    """The features stage of that run, and how long the run took."""
    return stages[0], stages[2]


def detail(result: StageResult, name: str) -> str:
    """The failure message of the scenario with this name."""
    found = [case for case in result.data["cases"] if case.title == name]
    assert len(found) == 1, result.details
    assert found[0].outcome == "failed", found[0]
    return str(found[0].message)


def test_a_feature_file_alone_runs_once(stage: tuple[StageResult, float]) -> None:
    result, _ = stage
    assert result.summary == "1 of 5 passed.", result.details
    assert [case.title for case in result.data["cases"]].count("ordering") == 1


def test_a_mistyped_tag_names_the_tag_and_file(stage: tuple[StageResult, float]) -> None:
    assert detail(stage[0], "tagged").startswith("Unknown tag @round_l in tagged.feature: ")


def test_an_unknown_step_suggests_the_nearest_phrase(stage: tuple[StageResult, float]) -> None:
    assert detail(stage[0], "unknown") == (
        'No step matches "I choose "Small" option" (unknown.feature, line 6): '
        'did you mean "I choose "{option}""?'
    )


def test_a_removed_question_fails_fast_and_says_so(stage: tuple[StageResult, float]) -> None:
    result, seconds = stage
    assert detail(result, "stale").startswith(
        '"Where will the bin go?" is not a label of any question in service.yaml'
    )
    assert seconds < 30 * 4, "a stale step waited for Playwright's timeout"


def test_a_feature_file_that_cannot_be_read_fails_features_alone(
    stages: tuple[StageResult, StageResult, float],
) -> None:
    found, walked, _ = stages
    assert not found.passed
    [unreadable] = [detail for detail in found.details if "could not be read" in detail]
    assert unreadable.startswith("The file unreadable.feature could not be read:\nMisplaced")
    assert walked.passed, walked.details
    assert walked.summary == "1 of 1 passed."
    assert found.seconds > 0
    assert walked.seconds > 0


def _drafted_copy(source: Path, into: Path) -> Path:
    folder = into / source.name
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("features"))
    outcome = CliRunner().invoke(main, ["features", "draft", str(folder)])
    assert outcome.exit_code == 0, outcome.output
    assert "Wrote " in outcome.output
    return folder


def test_drafted_features_pass_on_the_booking_exemplar(tmp_path: Path) -> None:
    # Appointment days and times are the hardest answers to draft; a baked service's drafted
    # features pass in tests/test_new_user_path.py.
    folder = _drafted_copy(ROOT / "exemplars" / "register-a-birth-or-death", tmp_path)
    result = features_stage(folder, tmp_path / "report")
    assert result.passed, result.details
    assert len(result.data["cases"]) == len(list((folder / "features").glob("*.feature")))
