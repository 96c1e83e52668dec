"""Load test for Find a group or event: residents searching, and groups listing a meeting.

Serve the service, then give Locust its address (never a host other than 127.0.0.1):

    mvpkit serve exemplars/groups-and-events --port 8000 --no-access-log
    locust -f load/groups-and-events.py --headless -u 10 -r 5 -t 30s \\
        --host http://127.0.0.1:8000/groups-and-events

Most users search, as residents do: words, a category, a day, an age, free only, an area,
then a page of results and a listing's page, and now and then its calendar feed or the
open data. A few list their group through the service's journey. Locust exits with 1 when
a budget in exemplars/groups-and-events/service.yaml is broken. `mvpkit check
exemplars/groups-and-events` runs this file as its load stage.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from urllib.parse import urlencode

from locust import between, task

from mvpkit.definition.loader import load_service
from mvpkit.gate.budgets import budgets_for
from mvpkit.gate.locust_users import BrowserUser, check_budgets_on_quit, fetch, journey_user

SERVICE = Path(__file__).resolve().parents[1] / "exemplars" / "groups-and-events"
WORDS = ("", "", "toddler", "walk", "choir", "craft", "coffee", "football", "yoga")
CATEGORIES = ("", "", "parents-and-toddlers", "sport-and-fitness", "arts-and-crafts")
DAYS = ("", "", "monday", "tuesday", "saturday")
AGES = ("", "", "2", "8", "70")
LISTING = re.compile(r'href="[^"]*/listings/(\d+)"')

check_budgets_on_quit(budgets_for(SERVICE))


def search_path(chosen: random.Random) -> str:
    """A search residents might make: a few filters, sometimes none."""
    filters = {
        "q": chosen.choice(WORDS),
        "category": chosen.choice(CATEGORIES),
        "day": chosen.choice(DAYS),
        "age": chosen.choice(AGES),
        "cost": chosen.choice(("", "", "free")),
    }
    query = urlencode({name: value for name, value in filters.items() if value})
    return f"/find?{query}" if query else "/find"


class Resident(BrowserUser):
    """A parent looking for a toddler group on a Tuesday, say: search, read, subscribe."""

    weight = 4
    wait_time = between(0.5, 1.5)
    chosen = random.Random()

    @task(4)
    def search_and_read(self) -> None:
        """Search, then open one of the listings found."""
        html = fetch(self.client, search_path(self.chosen), "/find?[filters]")
        found = LISTING.findall(html or "")
        if found:
            listing = self.chosen.choice(found)
            fetch(self.client, f"/listings/{listing}", "/listings/[id]")

    @task(1)
    def subscribe(self) -> None:
        """The whole directory's calendar feed, as a phone's calendar fetches it."""
        fetch(self.client, "/calendar.ics", "/calendar.ics", must_show="BEGIN:VCALENDAR")

    @task(1)
    def reuse_the_data(self) -> None:
        """Another directory reading the listings through the Open Referral UK API."""
        fetch(self.client, "/open-data/services?per_page=50", "/open-data/services")


Organiser = journey_user(load_service(SERVICE))
Organiser.weight = 1
Organiser.__doc__ = "A group organiser listing a weekly meeting through the journey."
