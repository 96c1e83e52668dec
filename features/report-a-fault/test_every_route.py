"""Checks generated from the definition: every route walked, every page checked with axe."""

from pathlib import Path

from mvpkit.testing.generated import route_checks

test_every_route = route_checks(
    Path(__file__).resolve().parents[2] / "exemplars" / "report-a-fault"
)
