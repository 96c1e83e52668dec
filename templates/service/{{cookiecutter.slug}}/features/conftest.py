"""The service these features describe: the folder above this one."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def mvpkit_service_dir() -> Path:
    """This service's folder."""
    return Path(__file__).resolve().parents[1]
