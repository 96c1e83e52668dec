"""Load test for Report a street light or drain problem: residents reporting, and tracking.

Serve the service, then give Locust its address (never a host other than 127.0.0.1):

    mvpkit serve exemplars/report-a-fault --port 8000 --no-access-log
    locust -f load/report-a-fault.py --headless -u 10 -r 5 -t 30s \\
        --host http://127.0.0.1:8000/report-a-fault

Locust exits with 1 when a budget in exemplars/report-a-fault/service.yaml is broken;
MVPKIT_BUDGET_P95_MS, MVPKIT_BUDGET_FAIL_RATIO and MVPKIT_BUDGET_MIN_RPS override them.
`mvpkit check exemplars/report-a-fault` runs this file as its load stage.
"""

from __future__ import annotations

from pathlib import Path

from locust import between, task

from mvpkit.gate.budgets import budgets_for
from mvpkit.gate.locust_users import (
    BrowserUser,
    answer,
    check_budgets_on_quit,
    fetch,
    send,
    start,
    track,
)

SERVICE = Path(__file__).resolve().parents[1] / "exemplars" / "report-a-fault"
PREFIX = "RF"

check_budgets_on_quit(budgets_for(SERVICE))

# Each step: the page, what the resident answers on it, and the page that should follow.
STREET_LIGHT = (
    ("problem-type", {"problem-type": "street-light"}, "light-problem"),
    ("light-problem", {"light-problem": "flickering"}, "light-location"),
    ("light-location", {"light-location": "Outside 12 Mill Lane, lamp post 41"}, "description"),
    ("description", {"description": ""}, "updates"),
    ("updates", {"updates": "yes"}, "email"),
    ("email", {"email": "sam.jones@example.com"}, "name"),
    ("name", {"name": ""}, "check-answers"),
)
DRAIN = (
    ("problem-type", {"problem-type": "drain"}, "drain-problem"),
    ("drain-problem", {"drain-problem": "blocked"}, "drain-location"),
    ("drain-location", {"drain-location": "Corner of Station Road and Elm Way"}, "description"),
    ("description", {"description": "Water has pooled across the road for a week"}, "updates"),
    ("updates", {"updates": "no"}, "name"),
    ("name", {"name": "Sam Jones"}, "check-answers"),
)
SOMETHING_ELSE = (("problem-type", {"problem-type": "something-else"}, "report-elsewhere"),)


class Resident(BrowserUser):
    """Someone reports a street light or a drain, from the start page to the reference."""

    weight = 3
    wait_time = between(0.5, 1.5)

    @task(3)
    def report_a_street_light(self) -> None:
        self.report(STREET_LIGHT)

    @task(2)
    def report_a_drain(self) -> None:
        self.report(DRAIN)

    @task(1)
    def report_something_else(self) -> None:
        """The service sends other problems elsewhere, on an exit page."""
        if start(self.client) and self.answer_all(SOMETHING_ELSE):
            fetch(self.client, "/report-elsewhere", "/report-elsewhere", must_show="another way")

    def report(self, steps: tuple[tuple[str, dict[str, str], str], ...]) -> None:
        if start(self.client) and self.answer_all(steps):
            send(self.client, PREFIX)

    def answer_all(self, steps: tuple[tuple[str, dict[str, str], str], ...]) -> bool:
        return all(answer(self.client, page, fields, then) for page, fields, then in steps)


class ReportTracker(BrowserUser):
    """Someone who has reported a street light comes back to see what is being done."""

    weight = 1
    wait_time = between(0.5, 1.5)
    reference: str | None = None

    def on_start(self) -> None:
        if start(self.client) and all(
            answer(self.client, page, fields, then) for page, fields, then in STREET_LIGHT
        ):
            self.reference = send(self.client, PREFIX)

    @task
    def track_the_report(self) -> None:
        if self.reference is None:
            self.on_start()  # the report did not go through: try again
        else:
            track(self.client, self.reference)
