"""Small numbers stay kept back: not shown, and not found by subtraction or by a share."""

from __future__ import annotations

from mvpkit.patterns.figures import shown
from mvpkit.patterns.figures.compute import Month, ServiceFigures
from mvpkit.patterns.figures.series import Section, groups
from mvpkit.patterns.figures.settings import FiguresSettings

SETTINGS = FiguresSettings.model_validate(
    {"staff_minutes": 10, "places": ["Central Library", "Contact centre"]}
)


def _sections(**recorded: object) -> dict[str, Section]:
    month = Month(month="2026-10", settings=SETTINGS, **recorded)  # type: ignore[arg-type]
    found = groups(ServiceFigures("s", "S", [month], []), SETTINGS)
    return {section.key: section for group in found for section in group.sections}


def _texts(section: Section) -> dict[str, str]:
    return {column.key: column.values[0].text for column in section.columns}


def test_one_part_kept_back_keeps_back_the_smallest_other_part_too() -> None:
    sections = _sections(online=40, assisted=7, offline={"phone": 9, "post": 2})
    assert _texts(sections["transactions"]) == {
        "online": "40",
        "assisted": "kept back",  # the smallest other part: else 58 - 40 - 9 gives post's 2
        "phone": "9",
        "face-to-face": "0",
        "post": "fewer than 5",
        "transactions": "58",
    }


def test_what_is_worked_out_from_the_parts_is_kept_back_in_that_month() -> None:
    sections = _sections(online=40, assisted=7, offline={"phone": 9, "post": 2}, started=60)
    for key in ("digital-take-up", "completion-rate", "cost-per-transaction", "savings"):
        assert sections[key].columns[0].values[0].text == "kept back", key
    assert sections["staff-days-saved"].columns[0].values[0].text == "kept back"
    assert _texts(sections["completion-rate"])["journeys-started"] == "60"  # a count of its own


def test_with_nothing_kept_back_every_figure_is_shown() -> None:
    sections = _sections(
        online=40, assisted=7, offline={"phone": 9, "post": 5}, started=60, visits={"phone": 8}
    )
    assert _texts(sections["transactions"])["assisted"] == "7"
    assert sections["digital-take-up"].columns[0].values[0].text == "77%"  # 47 of 61
    assert sections["mobile-share"].columns[0].values[0].text == "100%"


def test_two_parts_kept_back_need_no_third() -> None:
    sections = _sections(online=40, assisted=3, offline={"phone": 9, "post": 2})
    texts = _texts(sections["transactions"])
    assert (texts["assisted"], texts["post"], texts["phone"]) == (
        "fewer than 5",
        "fewer than 5",
        "9",
    )


def test_a_small_whole_keeps_its_own_words() -> None:
    sections = _sections(online=3)
    assert _texts(sections["transactions"])["transactions"] == "fewer than 5"
    assert sections["digital-take-up"].columns[0].values[0].text == "fewer than 5 transactions"


def test_places_share_the_channels_total_and_keep_each_other_back() -> None:
    sections = _sections(
        online=40,
        assisted=12,
        assisted_places={"Central Library": 9, "Contact centre": 3},
        offline={"phone": 9},
    )
    assert _texts(sections["assisted-places"]) == {
        "assisted-at-central-library": "kept back",
        "assisted-at-contact-centre": "fewer than 5",
        "assisted": "12",
    }


def test_visits_by_device_keep_back_the_smallest_other() -> None:
    sections = _sections(visits={"phone": 30, "tablet": 2, "desktop": 10})
    assert _texts(sections["visits"]) == {
        "visits-phone": "30",
        "visits-tablet": "fewer than 5",
        "visits-desktop": "kept back",
        "visits": "42",
    }
    assert sections["mobile-share"].columns[0].values[0].text == "kept back"


def test_complement_leaves_alone_what_needs_nothing() -> None:
    six, two, none = shown.count(6), shown.count(2), shown.count(0)
    assert shown.complement([six, none]) == [six, none]
    assert shown.complement([two, none]) == [two, none]  # nothing else to keep back
    assert shown.complement([two, two, six]) == [two, two, six]
