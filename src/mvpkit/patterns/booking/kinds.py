"""The booking pattern's question kinds: a day, then a time, chosen from what is free."""

from __future__ import annotations

from typing import Any

from mvpkit.definition.model import Question
from mvpkit.questions.choice import Radios

CHOSEN_ON_PAGE = "it cannot use: an appointment is chosen from the calendar as the page is shown"


class Appointment(Radios):
    """Radios whose options are read from the calendar each time the page is shown."""

    choice = False  # the options come from the calendar, never from the definition
    live_options = True
    chosen_on_page = True

    def answer_text(self, question: Question, value: Any) -> str:
        """The day or time, as residents read it."""
        # Here, not at the top: the kinds load with the pattern, its calendar and tables
        # only for services that book.
        from mvpkit.patterns.booking.availability import appointment_text

        return appointment_text(self.name, value)

    def sample_shape_problem(self, sample: Any) -> str | None:
        """No sample can be given: the answer is one of those free when the page is shown."""
        return CHOSEN_ON_PAGE


class AppointmentDay(Appointment):
    """A day with free times, grouped by week."""

    name = "appointment-day"
    renders_as = "appointment-day"


class AppointmentTime(Appointment):
    """A free time on the chosen day."""

    name = "appointment-time"
    renders_as = "appointment-time"
