"""Residents race for the last place at a time through `mvpkit serve`, as browsers would.

Each racer walks the journey in its own session to check answers, with the same time
chosen, while the other registrars' places at that time are already booked; then all press
"Accept and send" at once. Exactly one gets the confirmation; every other one is sent back
to choose another time, told "That time is no longer available", and offered other times.
MVPKIT_BOOKING_RACERS sets how many race (50 by default).
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import func, select

from mvpkit.email.models import OutboxEmail
from mvpkit.journeys.routing import today
from mvpkit.patterns.booking.availability import parse_slot_value
from mvpkit.patterns.booking.store import book, places_taken
from mvpkit.store.database import connect
from mvpkit.store.models import Submission
from tests.test_server import Server, free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
RACERS = int(os.environ.get("MVPKIT_BOOKING_RACERS", "50"))
SERVICE = "register-a-birth-or-death"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
RADIO = re.compile(r'<input class="govuk-radios__input"[^>]*value="([^"]+)"')
T = TypeVar("T")
REGISTRARS = 2  # as exemplars/register-a-birth-or-death/service.yaml says


class Racer:
    """One resident's browser session."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.html = ""

    def get(self, path: str) -> str:
        response = self.session.get(self.base + path, timeout=30)
        assert response.status_code == 200, (path, response.status_code)
        self.html = response.text
        return self.html

    def post(self, path: str, data: dict[str, str]) -> str:
        """Post the form on the page last opened; where it redirects to."""
        token = CSRF.search(self.html)
        assert token, self.html[:300]
        response = self.session.post(
            self.base + path,
            data={"csrf_token": token.group(1), **data},
            allow_redirects=False,
            timeout=60,
        )
        assert response.status_code == 302, (path, response.status_code, response.text[:300])
        return urlsplit(response.headers["Location"]).path

    def answer(self, path: str, data: dict[str, str]) -> str:
        self.get(path)
        return self.post(path, data)

    def walk_to_check_answers(self, day: str | None, time: str | None) -> tuple[str, str]:
        born = today() - timedelta(days=3)
        self.answer("/register-what", {"register-what": "birth"})
        self.answer(
            "/birth-date",
            {
                "birth-date-day": str(born.day),
                "birth-date-month": str(born.month),
                "birth-date-year": str(born.year),
            },
        )
        day = day or RADIO.findall(self.get("/appointment-day"))[0]
        self.answer("/appointment-day", {"appointment-day": day})
        time = time or RADIO.findall(self.get("/appointment-time"))[0]
        self.answer("/appointment-time", {"appointment-time": time})
        details = {"full-name": "Sam Jones", "email": "sam@example.com", "phone": ""}
        assert self.answer("/details", details).endswith("/check-answers")
        self.get("/check-answers")
        return day, time


def at_once(actions: Sequence[Callable[[], T]]) -> list[T]:
    """Run every action in its own thread, all released at the same moment; their results."""
    barrier = threading.Barrier(len(actions))
    results: list[T | None] = [None] * len(actions)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = actions[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result is not None for result in results), "an action raised"
    return [result for result in results if result is not None]


def press_send_together(racers: Sequence[Racer]) -> list[str]:
    """Every racer presses "Accept and send" at once; where each was sent."""
    # Each presses send on a new connection, as a browser does after a pause: a kept-alive
    # connection the server is closing just then would fail before reaching it.
    for racer in racers:
        racer.session.close()
    return at_once([partial(racer.post, "/check-answers", {}) for racer in racers])


def test_exactly_one_of_many_gets_the_last_place(database_url: str, tmp_path: Path) -> None:
    server = Server(database_url, free_port(), tmp_path / "server.log")
    db = connect(database_url)
    try:
        base = f"http://127.0.0.1:{server.port}/{SERVICE}"
        first = Racer(base)
        day, time = first.walk_to_check_answers(None, None)
        start = parse_slot_value(time)
        assert start is not None
        for _other in range(REGISTRARS - 1):  # every place but the last is booked already
            book(db, SERVICE, start, REGISTRARS, {"full-name": "Someone else"})
        racers = [first] + [Racer(base) for _ in range(RACERS - 1)]
        for racer in racers[1:]:
            racer.walk_to_check_answers(day, time)

        outcomes = press_send_together(racers)

        ends = Counter(outcome.rsplit("/", 1)[-1] for outcome in outcomes)
        assert ends == {"confirmation": 1, "appointment-time": len(racers) - 1}
        loser = racers[outcomes.index(f"/{SERVICE}/appointment-time")]
        page = loser.get("/appointment-time")
        assert "That time is no longer available. Choose another time" in page
        offered = RADIO.findall(page)
        assert offered
        assert time not in offered
        assert places_taken(db, SERVICE, start, start + timedelta(minutes=1)) == {start: REGISTRARS}
        with db.reads() as session:
            assert session.scalar(select(func.count()).select_from(Submission)) == 1
            assert session.scalar(select(func.count()).select_from(OutboxEmail)) == 1
    finally:
        db.dispose()
        server.kill()
