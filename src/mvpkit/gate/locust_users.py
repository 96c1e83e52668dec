"""Locust users for mvpkit services: journey steps that speak the service's forms, a user
generated from any definition, and the listener that enforces budgets through the exit code.

Each step takes the user's `HttpSession`, whose host is the service's address
(`http://127.0.0.1:8000/report-a-fault`), so paths here are the service's own (`/track`).
A step that goes wrong records the failure on its request and returns None or False, and
the journey stops there: the next task starts afresh.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events
from locust import log as locust_log
from locust.clients import HttpSession, ResponseContextManager
from locust.env import Environment
from locust.exception import RescheduleTaskImmediately
from locust.runners import WorkerRunner

from mvpkit.definition.model import CHECK_ANSWERS, Budgets, Service
from mvpkit.gate.budgets import BROKEN, MET, StatsSummary, budget_problems, budget_summary
from mvpkit.journeys.walk import Walk, walks
from mvpkit.patterns.tracking.settings import tracking_of
from mvpkit.questions.samples import OFFERED, form_fields

CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
INPUT_TAG = re.compile(r"<input[^>]*>")
VALUE = re.compile(r'value="([^"]*)"')
ERROR_SUMMARY = "govuk-error-summary"
Fields = Mapping[str, str | list[str]]


BROWSERS = {  # as residents come to council services: mostly phones
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1": 6,
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/604.1": 1,
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36": 3,
}


class BrowserUser(HttpUser):
    """A resident's browser: a phone, a tablet or a desktop, chosen as each user starts, so
    the service's figures after a load test show visits by device as real ones would."""

    abstract = True

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)  # type: ignore[no-untyped-call]
        agents, weights = zip(*BROWSERS.items(), strict=True)
        browser = random.choices(agents, weights)[0]  # noqa: S311 (a mix, not a secret)
        self.client.headers["User-Agent"] = browser


def start(client: HttpSession) -> bool:
    """Open the start page."""
    return fetch(client, "/", "/") is not None


def fetch(client: HttpSession, path: str, name: str, must_show: str = "") -> str | None:
    """GET a page that must answer 200 (and show `must_show`); its HTML, or None."""
    with client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"expected the page, got {_status(response)}")
            return None
        if must_show and must_show not in response.text:
            response.failure(f"the page does not show {must_show!r}")
            return None
        response.success()
        text: str = response.text
        return text


def form_token(client: HttpSession, path: str, name: str) -> str | None:
    """GET a page with a form; the CSRF token from its hidden input, or None."""
    form = open_form(client, path, name)
    return form[0] if form else None


def open_form(client: HttpSession, path: str, name: str) -> tuple[str, str] | None:
    """GET a page with a form; its CSRF token and HTML, or None."""
    with client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code != 200:
            response.failure(f"expected the page, got {_status(response)}")
            return None
        found = CSRF_INPUT.search(response.text)
        if found is None:
            response.failure("the page has no csrf_token input")
            return None
        response.success()
        return found.group(1), str(response.text)


def offered(html: str, name: str) -> list[str]:
    """The values of the radios called `name` on the page."""
    values: list[str] = []
    for tag in INPUT_TAG.findall(html):
        value = VALUE.search(tag)
        if 'type="radio"' in tag and f'name="{name}"' in tag and value is not None:
            values.append(value.group(1))
    return values


def post_form(client: HttpSession, path: str, fields: Fields, name: str, goes_to: str) -> bool:
    """POST a form; it passes only when it redirects (302) to a path ending `goes_to`."""
    with client.post(
        path, data=dict(fields), name=name, allow_redirects=False, catch_response=True
    ) as response:
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status_code != 302:
            shown = " showing errors" if ERROR_SUMMARY in (response.text or "") else ""
            response.failure(f"expected a redirect to {goes_to}, got {_status(response)}{shown}")
            return False
        if not location.endswith(goes_to):
            response.failure(f"expected a redirect to {goes_to}, got one elsewhere")
            return False
        response.success()
        return True


def answer(client: HttpSession, page_id: str, fields: Fields, goes_to: str) -> bool:
    """Open a question page, post its answers with the page's CSRF token, check where next.

    An answer given as OFFERED (an appointment's day or time) is one of those the page offers,
    chosen at random so that users spread over the calendar as residents do.
    """
    path = f"/{page_id}"
    form = open_form(client, path, path)
    if form is None:
        return False
    token, html = form
    chosen: dict[str, str | list[str]] = dict(fields)
    for field, value in fields.items():
        if value == OFFERED:
            choices = offered(html, field)
            if not choices:
                return False  # nothing left to book: the page says so, which is no failure
            chosen[field] = random.choice(choices)  # noqa: S311 (spreading load, not secrets)
    return post_form(client, path, {"csrf_token": token, **chosen}, path, f"/{goes_to}")


def send(client: HttpSession, reference_prefix: str, sent_back_to: str | None = None) -> str | None:
    """Check answers, accept and send; the reference the confirmation page shows, or None.

    `sent_back_to` is the page (`/appointment-time`) that sending may return a resident to
    when someone else took the last place first: no failure, as a resident sees it.
    """
    path = f"/{CHECK_ANSWERS}"
    token = form_token(client, path, path)
    if token is None:
        return None
    with client.post(
        path, data={"csrf_token": token}, name=path, allow_redirects=False, catch_response=True
    ) as response:
        location = urlsplit(response.headers.get("Location", "")).path
        if response.status_code == 302 and sent_back_to and location.endswith(sent_back_to):
            response.success()  # another user took the last place first: as a resident sees
            return None
        if response.status_code != 302 or not location.endswith("/confirmation"):
            response.failure(f"expected a redirect to /confirmation, got {_status(response)}")
            return None
        response.success()
    with client.get(
        "/confirmation", name="/confirmation", allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 200:
            response.failure(f"expected the confirmation page, got {_status(response)}")
            return None
        reference = find_reference(response.text, reference_prefix)
        if reference is None:
            response.failure("the confirmation panel shows no reference")
            return None
        response.success()
        return reference


def find_reference(html: str, reference_prefix: str) -> str | None:
    """The reference shown in the page's `.govuk-panel`, like RF-7K4M-9QFA."""
    panel = html.find("govuk-panel")
    if panel < 0:
        return None
    pattern = rf"\b{re.escape(reference_prefix)}-[0-9A-Z]{{4}}-[0-9A-Z]{{4}}\b"
    found = re.search(pattern, html[panel:])
    return found.group(0) if found else None


def track(client: HttpSession, reference: str) -> bool:
    """Look a reference up on the tracking page and open its status page."""
    token = form_token(client, "/track", "/track")
    if token is None:
        return False
    fields = {"csrf_token": token, "reference": reference}
    if not post_form(client, "/track", fields, "/track", f"/track/{reference}"):
        return False
    shown = fetch(client, f"/track/{reference}", "/track/[reference]", must_show=reference)
    return shown is not None


def complete_walk(client: HttpSession, walk: Walk, reference_prefix: str) -> str | None:
    """Go from the start page along a walk; its reference, or None (an exit page, a failure)."""
    if not start(client):
        return None
    for index, step in enumerate(walk.steps):
        page_id = step.page.id
        if step.page.is_exit:
            fetch(client, f"/{page_id}", f"/{page_id}", must_show=step.page.title)
            return None
        fields: dict[str, str | list[str]] = {}
        for question in step.page.questions:
            fields.update(form_fields(question, step.answers[question.id]))
        following = walk.steps[index + 1].page.id if index + 1 < len(walk.steps) else walk.end
        if not answer(client, page_id, fields, following):
            return None
    time_pages = [step.page.id for step in walk.steps if step.page.type == "appointment-time"]
    return send(client, reference_prefix, f"/{time_pages[0]}" if time_pages else None)


def journey_user(service: Service) -> type[HttpUser]:
    """A Locust user for the service: it completes each route in turn, and tracks references.

    The routes come from `walks(service)` and are taken in turn by all users in a process,
    so even a short run covers every page. Tracking runs only if the service has it: each
    user tracks its first reference straight away, then others now and then.
    """
    routes = walks(service)
    if not routes:
        raise ValueError(f"{service.name} has no route through its journey to load-test")
    turns = itertools.cycle(routes)
    prefix = service.reference_prefix

    def complete_a_route(user: HttpUser) -> None:
        reference = complete_walk(user.client, next(turns), prefix)
        if reference is None:
            return
        references = _references(user)
        if not references and tracking_of(service) is not None:
            track(user.client, reference)  # as residents do, from the confirmation page
        references.append(reference)

    def track_a_reference(user: HttpUser) -> None:
        references = _references(user)
        if not references:
            raise RescheduleTaskImmediately  # nothing sent yet: pick another task
        track(user.client, references[-1])

    tasks: dict[Callable[[HttpUser], None], int] = {complete_a_route: 3}
    if tracking_of(service) is not None:
        tasks[track_a_reference] = 1
    name = "".join(word.capitalize() for word in re.findall(r"[A-Za-z0-9]+", service.name))
    namespace: dict[str, Any] = {
        "__doc__": f"A user of {service.name}, generated from its definition.",
        "__module__": __name__,
        "tasks": tasks,
        "wait_time": between(0.5, 1.5),
    }
    return type(f"{name or 'Service'}User", (BrowserUser,), namespace)


def _references(user: HttpUser) -> list[str]:
    """The references this user has been given, kept on the user."""
    found: list[str] | None = getattr(user, "references", None)
    if found is None:
        found = []
        user.references = found  # type: ignore[attr-defined]
    return found


def _status(response: ResponseContextManager) -> str:
    if not response.status_code:
        return f"no response ({response.error})" if response.error else "no response"
    return str(response.status_code)


class _BudgetCheck:
    """The budgets the quitting listener checks; set by `check_budgets_on_quit`."""

    budgets: Budgets | None = None
    listening = False


def check_budgets_on_quit(budgets: Budgets) -> None:
    """When Locust quits, fail its exit code for each broken budget; safe to call again.

    Also keeps the run as long as asked on a busy machine (see `_fresh_loop_clock`).
    """
    _BudgetCheck.budgets = budgets
    if not _BudgetCheck.listening:
        events.init.add_listener(_fresh_loop_clock)  # type: ignore[no-untyped-call]
        events.quitting.add_listener(_check_budgets)  # type: ignore[no-untyped-call]
        _BudgetCheck.listening = True


def _fresh_loop_clock(**_kwargs: Any) -> None:
    """Bring gevent's cached clock up to now before Locust sets its `--run-time` timer.

    gevent's loop keeps the time of its last turn. When loading the locustfile takes longer
    than the run time (a busy machine), a timer set from that stale time fires at once and
    the run ends before its first request.
    """
    gevent.get_hub().loop.update_now()


def _check_budgets(environment: Environment, **_kwargs: Any) -> None:
    budgets = _BudgetCheck.budgets
    if budgets is None or isinstance(environment.runner, WorkerRunner):
        return  # a worker's stats are partial: the master checks the whole run
    total = environment.stats.total
    summary = StatsSummary(
        requests=total.num_requests,
        failures=total.num_failures,
        p95_ms=total.get_response_time_percentile(0.95),
        rps=total.total_rps,
    )
    problems = budget_problems(budgets, summary)
    for problem in problems:
        print(f"{BROKEN}{problem}", flush=True)
    if problems:
        environment.process_exit_code = 1
        return
    print(f"{MET}{budget_summary(budgets, summary)}", flush=True)
    crashed = bool(environment.runner and environment.runner.exceptions)
    if environment.process_exit_code is None and not (
        crashed or locust_log.unhandled_greenlet_exception
    ):
        # failed requests within fail_ratio pass; an exception in a user's code still fails
        environment.process_exit_code = 0
