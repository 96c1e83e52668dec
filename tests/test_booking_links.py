"""The emailed appointment link lasts as long as the appointment, however far ahead it is."""

from __future__ import annotations

from datetime import timedelta

from mvpkit import clock
from mvpkit.patterns.booking.availability import day_label
from mvpkit.patterns.booking.links import manage_key
from mvpkit.patterns.booking.store import book
from mvpkit.testing.clock import frozen_clock
from tests.conftest import ROOT, AppFactory
from tests.support import Browser

EXEMPLAR = ROOT / "exemplars" / "register-a-birth-or-death"
DETAILS = {"full-name": "Sam Jones", "email": "sam@example.com"}


def test_the_link_opens_the_appointment_until_a_day_after_it_starts(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    kit = app.extensions["mvpkit"]
    start = clock.now().replace(second=0, microsecond=0) + timedelta(days=200)
    reference = book(kit.db, kit.slug, start, 1, DETAILS, prefix="RB").reference
    link = f"/appointments/{reference}?key={manage_key(kit.settings.secret_key, reference)}"

    with frozen_clock(start - timedelta(days=100)):  # 100 days after the email was sent
        resident = Browser(app.test_client())
        assert resident.client.get(link).location == f"/appointments/{reference}"
        page = resident.get(f"/appointments/{reference}")
        assert page.h1 == "Your appointment"
        assert "Change the time" in page.text()

    with frozen_clock(start + timedelta(hours=3)):  # later on the day of the appointment
        assert app.test_client().get(link).location == f"/appointments/{reference}"

    with frozen_clock(start + timedelta(days=1, minutes=1)):  # the appointment has passed
        page = Browser(app.test_client()).get(link, status=403)
        assert page.h1 == "This link has expired or is not valid"


def test_a_link_for_another_reference_does_not_open_the_appointment(
    make_app: AppFactory, database_url: str
) -> None:
    app = make_app(EXEMPLAR, database_url)
    kit = app.extensions["mvpkit"]
    start = clock.now().replace(second=0, microsecond=0) + timedelta(days=10)
    reference = book(kit.db, kit.slug, start, 1, DETAILS, prefix="RB").reference
    other = manage_key(kit.settings.secret_key, "RB-AAAA-BBBB")
    Browser(app.test_client()).get(f"/appointments/{reference}?key={other}", status=403)


def test_a_day_with_no_times_left_sends_the_resident_back_to_the_days(
    make_app: AppFactory,
) -> None:
    app = make_app(EXEMPLAR)
    kit = app.extensions["mvpkit"]
    start = clock.now().replace(second=0, microsecond=0) + timedelta(days=3)
    reference = book(kit.db, kit.slug, start, 1, DETAILS, prefix="RB").reference
    resident = Browser(app.test_client())
    key = manage_key(kit.settings.secret_key, reference)
    resident.client.get(f"/appointments/{reference}?key={key}")
    days = f"/appointments/{reference}/change"
    sunday = start.date() + timedelta(days=6 - start.weekday())  # the office opens no Sunday

    page = resident.get(f"{days}/{sunday.isoformat()}")
    assert page.h1 == f"There are no times left on {day_label(sunday)}"
    assert page.link("Choose another day") == days
    assert page.find("a", id="what-to-do")
    assert "form" not in {element.tag for element in page.elements}
