"""The booking pattern's checks of a definition: its pages, and the questions it names."""

from __future__ import annotations

from collections.abc import Sequence

from mvpkit.definition.asked import Asked
from mvpkit.definition.model import Service
from mvpkit.definition.source import Source
from mvpkit.definition.wording import capital
from mvpkit.patterns.booking.settings import booking_of

APPOINTMENT_KINDS = frozenset({"appointment-day", "appointment-time"})


def check_booking(source: Source, service: Service, asked: Sequence[Asked]) -> None:
    """Appointment pages go with a `booking:` section, one of each, the day first."""
    found: dict[str, int] = {}
    for item in asked:
        kind = item.question.type
        if kind not in APPOINTMENT_KINDS:
            continue
        if booking_of(service) is None:
            source.problem(
                (*item.loc, "type"),
                f"{capital(item.name)} is an {kind} question, but the service has no "
                "'booking:' section with the office's calendar.",
            )
        elif not item.page.single_question:
            source.problem(
                (*item.loc, "type"),
                f"{capital(item.name)} is an {kind} question: it needs a page of its own.",
            )
        elif kind in found:
            source.problem(
                (*item.loc, "type"),
                f"{capital(item.name)} is a second {kind} page: a service books one "
                "appointment, so it has one appointment-day page and one appointment-time page.",
            )
        else:
            found[kind] = item.loc[1] if isinstance(item.loc[1], int) else 0
    booking = booking_of(service)
    if booking is None:
        return
    for missing in sorted(APPOINTMENT_KINDS - set(found)):
        source.problem(
            ("booking",),
            f"The service has a 'booking:' section but no page of type {missing}: add one, "
            "so residents can choose a day, then a time.",
        )
    if len(found) == 2 and found["appointment-time"] < found["appointment-day"]:
        source.problem(
            ("pages", found["appointment-time"], "type"),
            "The appointment-time page comes before the appointment-day page: residents "
            "choose a day first, so list the day page first.",
        )
    questions = {item.question.id: item.question for item in asked}
    if booking.email is not None:
        question = questions.get(booking.email)
        if question is None or question.type != "email":
            source.problem(
                ("booking", "email"),
                f"'booking.email' is '{booking.email}', but no email question has that id: "
                "name the question whose answer gets the confirmation email.",
            )
    for key, listed in (("name", "who is coming"), ("purpose", "what the appointment is for")):
        named = getattr(booking, key)
        if named is not None and named not in questions:
            source.problem(
                ("booking", key),
                f"'booking.{key}' is '{named}', but no question has that id: name the question "
                f"whose answer shows staff {listed} on the day's list.",
            )
    for number, deadline in enumerate(booking.deadlines):
        question = questions.get(deadline.after)
        if question is None or question.type != "date":
            source.problem(
                ("booking", "deadlines", number, "after"),
                f"A deadline counts from '{deadline.after}', but no date question has that id.",
            )
