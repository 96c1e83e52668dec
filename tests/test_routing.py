"""Which page comes next: `next` rules, fall-through, exit pages and the route answers take."""

from __future__ import annotations

from typing import Any

import pytest

from mvpkit.definition.model import NextRule, Page, Service
from mvpkit.journeys.routing import (
    CHECK_ANSWERS,
    Route,
    answers_on_route,
    next_page_id,
    page_answered,
    route,
    rule_matches,
)


def rule(data: dict[str, Any]) -> NextRule:
    return NextRule.model_validate(data)


def service(*pages: dict[str, Any]) -> Service:
    return Service.model_validate({"name": "Test service", "pages": list(pages)})


def page_of(svc: Service, page_id: str) -> Page:
    page = svc.page(page_id)
    assert page is not None
    return page


# The street light service of DESIGN.md: a goto to a later page, fields, an exit page.
STREET_LIGHT = service(
    {
        "id": "problem",
        "title": "What is the problem?",
        "type": "radios",
        "options": [
            "Light not working",
            "Light on during the day",
            {"value": "other", "label": "Something else"},
            {"value": "elsewhere", "label": "It is not in this council's area"},
        ],
        "next": [
            {"if": {"problem": "other"}, "goto": "describe"},
            {"if": {"problem": "elsewhere"}, "goto": "outside-area"},
        ],
    },
    {"id": "location", "title": "Where is the street light?", "type": "text"},
    {
        "id": "contact",
        "title": "Your contact details",
        "fields": [
            {"id": "name", "label": "Full name", "type": "text"},
            {"id": "email", "label": "Email address", "type": "email", "required": False},
        ],
    },
    {
        "id": "outside-area",
        "type": "exit",
        "title": "We cannot help with this",
        "body": "Contact your local council instead.",
    },
    {"id": "describe", "title": "Describe the problem", "type": "textarea"},
)

# Two branches that meet again: owners and tenants answer different pages.
BRANCHES = service(
    {
        "id": "own",
        "title": "Do you own the property?",
        "type": "yesno",
        "next": [{"if": {"own": True}, "goto": "owner"}, {"goto": "tenant"}],
    },
    {
        "id": "owner",
        "title": "When did you buy it?",
        "type": "date",
        "summary": "Date bought",
        "next": [{"goto": "repairs"}],
    },
    {"id": "tenant", "title": "Who is your landlord?", "type": "text", "summary": "Landlord"},
    {
        "id": "repairs",
        "title": "What needs repairing?",
        "type": "checkboxes",
        "options": ["Roof", "Windows", "Doors"],
        "next": [
            {"if": {"repairs": "Roof"}, "goto": "roof"},
            {"if": {"repairs": ["Windows", "Doors"]}, "goto": "openings"},
        ],
    },
    {"id": "roof", "title": "Describe the roof", "type": "textarea", "next": [{"goto": "end"}]},
    {"id": "openings", "title": "Describe the windows or doors", "type": "textarea"},
    {"id": "end", "title": "Anything else?", "type": "textarea", "required": False},
)


# rule_matches ------------------------------------------------------------------------------


def test_a_rule_without_if_always_matches() -> None:
    assert rule_matches(rule({"goto": "x"}), {})
    assert rule_matches(rule({"goto": "x"}), {"anything": "at all"})
    assert rule_matches(rule({"if": {}, "goto": "x"}), {})


def test_a_single_value_must_equal_the_answer() -> None:
    when = rule({"if": {"problem": "other"}, "goto": "x"})

    assert rule_matches(when, {"problem": "other"})
    assert not rule_matches(when, {"problem": "Other"})
    assert not rule_matches(when, {"problem": "another"})
    assert not rule_matches(when, {"problem": ""})
    assert not rule_matches(when, {})


def test_a_list_of_values_means_any_of_them() -> None:
    when = rule({"if": {"problem": ["a", "b"]}, "goto": "x"})

    assert rule_matches(when, {"problem": "a"})
    assert rule_matches(when, {"problem": "b"})
    assert not rule_matches(when, {"problem": "c"})
    assert not rule_matches(when, {})


def test_a_checkboxes_condition_holds_when_the_value_is_among_those_chosen() -> None:
    when = rule({"if": {"repairs": "Roof"}, "goto": "x"})

    assert rule_matches(when, {"repairs": ["Roof"]})
    assert rule_matches(when, {"repairs": ["Windows", "Roof"]})
    assert not rule_matches(when, {"repairs": ["Windows"]})
    assert not rule_matches(when, {"repairs": []})


def test_a_list_against_checkboxes_needs_any_one_in_common() -> None:
    when = rule({"if": {"repairs": ["Windows", "Doors"]}, "goto": "x"})

    assert rule_matches(when, {"repairs": ["Doors"]})
    assert rule_matches(when, {"repairs": ["Roof", "Windows", "Doors"]})
    assert not rule_matches(when, {"repairs": ["Roof"]})


def test_several_keys_must_all_hold() -> None:
    when = rule({"if": {"own": "yes", "repairs": "Roof"}, "goto": "x"})

    assert rule_matches(when, {"own": "yes", "repairs": ["Roof", "Doors"]})
    assert not rule_matches(when, {"own": "no", "repairs": ["Roof"]})
    assert not rule_matches(when, {"own": "yes", "repairs": ["Doors"]})
    assert not rule_matches(when, {"own": "yes"})


@pytest.mark.parametrize(("written", "answer"), [(True, "yes"), (False, "no"), ("yes", "yes")])
def test_yesno_conditions_compare_with_yes_and_no(written: Any, answer: str) -> None:
    when = rule({"if": {"own": written}, "goto": "x"})
    other = "no" if answer == "yes" else "yes"

    assert when.when == {"own": answer}
    assert rule_matches(when, {"own": answer})
    assert not rule_matches(when, {"own": other})


def test_numbers_in_conditions_compare_as_text() -> None:
    when = rule({"if": {"count": [1, 2]}, "goto": "x"})

    assert rule_matches(when, {"count": "2"})
    assert not rule_matches(when, {"count": "3"})


# next_page_id ------------------------------------------------------------------------------


def test_rules_are_tried_in_order_and_the_first_match_wins() -> None:
    svc = service(
        {
            "id": "a",
            "title": "A?",
            "type": "checkboxes",
            "options": ["x", "y"],
            "next": [{"if": {"a": "x"}, "goto": "c"}, {"if": {"a": "y"}, "goto": "d"}],
        },
        {"id": "b", "title": "B"},
        {"id": "c", "title": "C"},
        {"id": "d", "title": "D"},
    )
    first = page_of(svc, "a")

    assert next_page_id(svc, first, {"a": ["x", "y"]}) == "c"
    assert next_page_id(svc, first, {"a": ["y"]}) == "d"
    assert next_page_id(svc, first, {"a": []}) == "b"


def test_a_rule_without_if_after_others_is_the_otherwise() -> None:
    own = page_of(BRANCHES, "own")

    assert next_page_id(BRANCHES, own, {"own": "yes"}) == "owner"
    assert next_page_id(BRANCHES, own, {"own": "no"}) == "tenant"
    assert next_page_id(BRANCHES, own, {}) == "tenant"


def test_with_no_rule_matching_the_next_question_page_follows() -> None:
    problem = page_of(STREET_LIGHT, "problem")

    assert next_page_id(STREET_LIGHT, problem, {"problem": "Light not working"}) == "location"
    assert next_page_id(STREET_LIGHT, problem, {"problem": "other"}) == "describe"


def test_fall_through_skips_exit_pages() -> None:
    contact = page_of(STREET_LIGHT, "contact")

    assert next_page_id(STREET_LIGHT, contact, {}) == "describe"


def test_a_goto_reaches_an_exit_page() -> None:
    problem = page_of(STREET_LIGHT, "problem")

    assert next_page_id(STREET_LIGHT, problem, {"problem": "elsewhere"}) == "outside-area"


def test_check_answers_comes_after_the_last_question_page() -> None:
    assert CHECK_ANSWERS == "check-answers"
    assert next_page_id(STREET_LIGHT, page_of(STREET_LIGHT, "describe"), {}) == CHECK_ANSWERS
    assert next_page_id(BRANCHES, page_of(BRANCHES, "end"), {}) == CHECK_ANSWERS


def test_check_answers_follows_when_only_exit_pages_are_left() -> None:
    svc = service(
        {"id": "a", "title": "A"},
        {"id": "stop", "title": "Stop", "type": "exit"},
        {"id": "stop-too", "title": "Stop too", "type": "exit"},
    )

    assert next_page_id(svc, page_of(svc, "a"), {"a": "x"}) == CHECK_ANSWERS


def test_a_goto_may_go_backwards() -> None:
    svc = service(
        {"id": "a", "title": "A"},
        {"id": "b", "title": "B", "next": [{"goto": "a"}]},
    )

    assert next_page_id(svc, page_of(svc, "b"), {}) == "a"


# route -------------------------------------------------------------------------------------


def test_a_new_journey_stops_at_the_first_page() -> None:
    steps = route(STREET_LIGHT, {})

    assert steps.ids() == ["problem"]
    assert steps.current == "problem"
    assert not steps.complete


def test_the_route_stops_at_the_first_unanswered_page() -> None:
    answers = {"problem": "Light not working", "location": "Outside 12 Acacia Avenue"}

    steps = route(STREET_LIGHT, answers)

    assert steps.ids() == ["problem", "location", "contact"]
    assert steps.current == "contact"
    assert not steps.complete


def test_a_page_of_several_questions_needs_every_answer() -> None:
    contact = page_of(STREET_LIGHT, "contact")

    assert not page_answered(contact, {"name": "Ada"})
    assert page_answered(contact, {"name": "Ada", "email": ""})
    answers = {"problem": "Light not working", "location": "Here", "name": "Ada"}
    assert route(STREET_LIGHT, answers).current == "contact"


def test_the_route_is_complete_when_every_page_on_it_is_answered() -> None:
    answers = {
        "problem": "Light not working",
        "location": "Outside 12 Acacia Avenue",
        "name": "Ada Lovelace",
        "email": "",
        "describe": "It flickers",
    }

    steps = route(STREET_LIGHT, answers)

    assert steps.ids() == ["problem", "location", "contact", "describe"]
    assert steps.current == CHECK_ANSWERS
    assert steps.complete


def test_exit_pages_are_on_the_route_only_through_a_goto() -> None:
    answers = {"problem": "Light not working", "location": "x", "name": "Ada", "email": ""}
    assert "outside-area" not in route(STREET_LIGHT, answers).ids()

    steps = route(STREET_LIGHT, {"problem": "elsewhere"})

    assert steps.ids() == ["problem", "outside-area"]
    assert steps.current == "outside-area"
    assert not steps.complete


def test_a_goto_skips_the_pages_between() -> None:
    steps = route(STREET_LIGHT, {"problem": "other", "describe": "A fox lives in it"})

    assert steps.ids() == ["problem", "describe"]
    assert steps.complete


def test_previous() -> None:
    answers = {"problem": "Light not working", "location": "Here", "name": "Ada", "email": ""}
    steps = route(STREET_LIGHT, answers)

    assert steps.previous("problem") is None
    assert steps.previous("location") == "problem"
    assert steps.previous("contact") == "location"
    assert steps.previous("describe") == "contact"
    assert steps.previous("outside-area") is None  # not on this route


def test_previous_of_check_answers_is_the_last_page() -> None:
    steps = route(STREET_LIGHT, {"problem": "other", "describe": "A fox"})

    assert steps.previous(CHECK_ANSWERS) == "describe"
    assert Route((), CHECK_ANSWERS).previous(CHECK_ANSWERS) is None


def test_previous_after_a_goto_is_the_page_that_went_there() -> None:
    steps = route(STREET_LIGHT, {"problem": "other"})

    assert steps.previous("describe") == "problem"


def test_each_branch_has_its_own_route() -> None:
    owner = {"own": "yes", "owner": "2001-03-27", "repairs": ["Roof"], "roof": "Leaks"}
    tenant = {"own": "no", "tenant": "A Landlord", "repairs": ["Doors"], "openings": "Stuck"}

    assert route(BRANCHES, {**owner, "end": ""}).ids() == ["own", "owner", "repairs", "roof", "end"]
    assert route(BRANCHES, {**tenant, "end": ""}).ids() == [
        "own",
        "tenant",
        "repairs",
        "openings",
        "end",
    ]


def test_a_changed_branch_answer_drops_the_other_branch_pages() -> None:
    answers = {
        "own": "yes",
        "owner": "2001-03-27",
        "repairs": ["Roof"],
        "roof": "Leaks",
        "end": "",
    }
    assert route(BRANCHES, answers).complete

    changed = route(BRANCHES, {**answers, "own": "no"})

    assert changed.ids() == ["own", "tenant"]
    assert changed.current == "tenant"
    assert not changed.complete
    assert "owner" not in changed.ids()

    changed = route(BRANCHES, {**answers, "own": "no", "tenant": "A Landlord"})

    assert changed.ids() == ["own", "tenant", "repairs", "roof", "end"]
    assert changed.complete


def test_a_changed_checkbox_answer_changes_the_pages_after_it() -> None:
    answers = {"own": "no", "tenant": "A", "repairs": ["Roof"], "roof": "Leaks", "end": ""}

    steps = route(BRANCHES, {**answers, "repairs": ["Windows"]})

    assert steps.ids() == ["own", "tenant", "repairs", "openings"]
    assert steps.current == "openings"


def test_a_goto_loop_ends_the_route_rather_than_running_for_ever() -> None:
    svc = service(
        {"id": "a", "title": "A"},
        {"id": "b", "title": "B", "next": [{"goto": "a"}]},
    )

    steps = route(svc, {"a": "x", "b": "y"})

    assert steps.ids() == ["a", "b"]


# answers_on_route ---------------------------------------------------------------------------


def test_answers_on_route_keeps_only_the_answers_of_pages_on_the_route() -> None:
    answers = {
        "own": "no",
        "owner": "2001-03-27",  # from before the user changed their answer
        "tenant": "A Landlord",
        "repairs": ["Doors"],
        "roof": "Leaks",  # likewise
        "openings": "Stuck",
        "end": "",
        "not-a-question": "stray",
    }

    kept = answers_on_route(BRANCHES, answers)

    assert kept == {
        "own": "no",
        "tenant": "A Landlord",
        "repairs": ["Doors"],
        "openings": "Stuck",
        "end": "",
    }


def test_answers_on_route_keeps_every_field_of_a_page() -> None:
    answers = {
        "problem": "Light not working",
        "location": "Here",
        "name": "Ada",
        "email": "ada@example.com",
        "describe": "Flickers",
    }

    assert answers_on_route(STREET_LIGHT, answers) == answers


def test_answers_on_route_after_a_goto_drops_the_skipped_pages() -> None:
    answers = {
        "problem": "other",
        "location": "Here",
        "name": "Ada",
        "email": "",
        "describe": "A fox",
    }

    assert answers_on_route(STREET_LIGHT, answers) == {"problem": "other", "describe": "A fox"}


def test_answers_on_route_of_nothing_is_nothing() -> None:
    assert answers_on_route(STREET_LIGHT, {}) == {}
