"""The `time` question kind: a time of day typed as people write it, kept as "HH:MM"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import time
from typing import Any

from mvpkit.definition.model import Page, Question
from mvpkit.patterns.directory.schedule import clock_time
from mvpkit.questions.text import FormatError, Text

TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
WORDS = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


def parse_time(typed: str) -> time | None:
    """A time from "10am", "2:30pm", "14:30", "10.15", "midday"; None when it is not one."""
    text = " ".join(typed.strip().lower().split())
    if text in WORDS:
        return WORDS[text]
    match = TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").replace(".", "")
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match.group(2) is None or hour > 23:
        return None  # "10" alone could be morning or evening
    if minute > 59:
        return None
    return time(hour, minute)


class TimeKind(Text):
    """A time of day: "10am", "2:30pm", "14:30" or "midday"; drawn as a text input."""

    name = "time"
    renders_as = "text"
    max_length = 20
    fixed_samples = ("10am", "2:30pm", "14:30")

    def check_format(self, question: Question, value: str) -> str:
        """The time as "HH:MM" (24 hours)."""
        parsed = parse_time(value)
        if parsed is None:
            raise FormatError(
                f"{question.short_label} must be a real time, like 10am, 2:30pm or 14:30"
            )
        return parsed.strftime("%H:%M")

    def answer_text(self, question: Question, value: Any) -> str:
        """ "10am", "2:30pm", "midday"."""
        try:
            return clock_time(time.fromisoformat(str(value)))
        except ValueError:
            return str(value)

    def candidates(self, question: Question, page: Page | None) -> Iterator[Any]:
        """Times as people type them."""
        yield from self.fixed_samples
