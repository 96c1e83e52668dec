"""Load test for Book an appointment to register a birth or death.

Residents book appointments for births and deaths, each choosing a day and a time at random
among those offered (as residents spread over the calendar); some were born or died too
long ago and are sent to the register office's phone line. Serve the service, then give
Locust its address (never a host other than 127.0.0.1):

    mvpkit serve exemplars/register-a-birth-or-death --port 8000 --no-access-log
    locust -f load/register-a-birth-or-death.py --headless -u 10 -r 5 -t 30s \\
        --host http://127.0.0.1:8000/register-a-birth-or-death

Locust exits with 1 when a budget in the service's `budgets:` is broken. When two users
race for the last place at a time, the loser is sent back to choose another time, as a
resident would be: that is counted as the service working, not as a failure.
`mvpkit check exemplars/register-a-birth-or-death` runs this file as its load stage.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from locust import between, task

from mvpkit.gate.budgets import budgets_for
from mvpkit.gate.locust_users import BrowserUser, answer, check_budgets_on_quit, fetch, send, start
from mvpkit.journeys.routing import today
from mvpkit.questions.samples import OFFERED

SERVICE = Path(__file__).resolve().parents[1] / "exemplars" / "register-a-birth-or-death"
PREFIX = "RB"

check_budgets_on_quit(budgets_for(SERVICE))

Step = tuple[str, dict[str, str], str]


def date_fields(question: str, day: date) -> dict[str, str]:
    """A date as the three boxes of the date input."""
    return {
        f"{question}-day": str(day.day),
        f"{question}-month": str(day.month),
        f"{question}-year": str(day.year),
    }


def booking_steps(kind: str, days_ago: int) -> tuple[Step, ...]:
    """A birth or death registered in time: the date, a day and time offered, the details."""
    return (
        ("register-what", {"register-what": kind}, f"{kind}-date"),
        (
            f"{kind}-date",
            date_fields(f"{kind}-date", today() - timedelta(days_ago)),
            "appointment-day",
        ),
        ("appointment-day", {"appointment-day": OFFERED}, "appointment-time"),
        ("appointment-time", {"appointment-time": OFFERED}, "details"),
        (
            "details",
            {"full-name": "Sam Jones", "email": "sam.jones@example.com", "phone": ""},
            "check-answers",
        ),
    )


class Resident(BrowserUser):
    """Someone books an appointment to register a birth or a death."""

    wait_time = between(0.5, 1.5)

    @task(4)
    def book_for_a_birth(self) -> None:
        self.book(booking_steps("birth", 10))

    @task(2)
    def book_for_a_death(self) -> None:
        self.book(booking_steps("death", 1))

    @task(1)
    def too_late_for_a_birth(self) -> None:
        """A birth more than 42 days ago: the service gives the phone number instead."""
        late = today() - timedelta(days=60)
        steps: tuple[Step, ...] = (
            ("register-what", {"register-what": "birth"}, "birth-date"),
            ("birth-date", date_fields("birth-date", late), "birth-too-late"),
        )
        if start(self.client) and self.answer_all(steps):
            fetch(self.client, "/birth-too-late", "/birth-too-late", must_show="01632 960 002")

    def book(self, steps: tuple[Step, ...]) -> None:
        if start(self.client) and self.answer_all(steps):
            send(self.client, PREFIX, sent_back_to="/appointment-time")  # the time was taken

    def answer_all(self, steps: tuple[Step, ...]) -> bool:
        return all(answer(self.client, page, fields, then) for page, fields, then in steps)
