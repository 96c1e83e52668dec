"""The GOV.UK step library, exercised in Chromium against a small service of its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import scenarios

from mvpkit.testing.browsers import find_chromium

STEPS = Path(__file__).resolve().parent / "steps"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not find_chromium(), reason="no system Chromium (.ci/run installs it)"),
]


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """A service with a checkbox, a select and a date question."""
    return STEPS


scenarios(str(STEPS / "steps.feature"))
