"""The journey map: a service's pages, branches and exit pages, from its definition.

`journey_map` derives the map (pages as nodes, `next` rules as labelled edges) and
`journey_map_table` gives it as an HTML table; `journey_map_svg` draws it (with
`journey_map_drawing`; the dataclasses are in `journey_map_model`). Product owners and user
researchers read the map; the table is its text alternative, so the chart comes with it.
"""

from __future__ import annotations

from html import escape

from mvpkit.definition.model import CHECK_ANSWERS, DaysAgo, NextRule, Page, Service
from mvpkit.journeys.journey_map_drawing import draw
from mvpkit.journeys.journey_map_model import (
    SENT,
    START,
    Counts,
    JourneyMap,
    MapEdge,
    MapNode,
    node_name,
    when_text,
)
from mvpkit.journeys.routing import next_page_id

__all__ = [
    "SENT",
    "START",
    "Counts",
    "JourneyMap",
    "MapEdge",
    "MapNode",
    "condition_label",
    "journey_map",
    "journey_map_svg",
    "journey_map_table",
]

SINGLE_CHOICE = ("radios", "select", "yesno")


def journey_map(service: Service) -> JourneyMap:
    """The map of the service's journey; empty when it has no pages of its own."""
    if not service.pages:
        return JourneyMap(service.name)
    edges = [MapEdge(START, service.pages[0].id)]
    main_next: dict[str, str] = {}
    for page in service.question_pages:
        page_edges, main_next[page.id] = _page_edges(service, page)
        edges.extend(page_edges)
    main: set[str] = set()
    following = service.pages[0].id
    while following in main_next and following not in main:
        main.add(following)
        following = main_next[following]
    nodes = [MapNode(START, service.name, "start")]
    nodes.extend(
        MapNode(page.id, page.title, "exit" if page.is_exit else "question", page.id not in main)
        for page in service.pages
    )
    if any(edge.target == CHECK_ANSWERS for edge in edges):
        nodes.append(MapNode(CHECK_ANSWERS, "Check your answers before sending", "check-answers"))
        nodes.append(MapNode(SENT, service.confirmation.title, "sent"))
        edges.append(MapEdge(CHECK_ANSWERS, SENT))
    known = {node.id for node in nodes}
    kept = tuple(edge for edge in edges if edge.source in known and edge.target in known)
    return JourneyMap(service.name, tuple(nodes), kept)


def _page_edges(service: Service, page: Page) -> tuple[list[MapEdge], str]:
    """The page's arrows, rule by rule then the default; and the main line's next page."""
    conditions: dict[str, list[str]] = {}
    conditional: list[NextRule] = []
    default: str | None = None
    for rule in page.next:
        if not rule.when:
            default = rule.goto  # the rules after it are never used
            break
        conditional.append(rule)
        conditions.setdefault(rule.goto, []).append(condition_label(service, rule))
    if default is None and not _every_answer_has_a_rule(page, conditional):
        default = next_page_id(service, page, {})  # no condition holds without answers
    if default is not None:
        conditions.setdefault(default, []).append("otherwise" if conditional else "")
    edges = [
        MapEdge(page.id, target, " or ".join(label for label in labels if label))
        for target, labels in conditions.items()
    ]
    return edges, default if default is not None else conditional[0].goto


def condition_label(service: Service, rule: NextRule) -> str:
    """A rule's condition in short: "problem is other", "birth-date more than 42 days ago".

    Each answer it names is "<question id> is <value>" ("includes" for checkboxes), or
    "<question id> more than N days ago"; several are joined with "and".
    """
    parts = []
    for question_id, wanted in (rule.when or {}).items():
        if isinstance(wanted, DaysAgo):
            parts.append(f"{question_id} more than {wanted.more_than_days_ago} days ago")
            continue
        values = " or ".join(wanted) if isinstance(wanted, list) else wanted
        verb = "includes" if _question_type(service, question_id) == "checkboxes" else "is"
        parts.append(f"{question_id} {verb} {values}")
    return " and ".join(parts)


def _question_type(service: Service, question_id: str) -> str | None:
    for page in service.pages:
        for question in page.questions:
            if question.id == question_id:
                return question.type
    return None


def _every_answer_has_a_rule(page: Page, rules: list[NextRule]) -> bool:
    """True when the rules cover every option of a required one-choice question on the page."""
    for question in page.questions:
        if not question.required or question.type not in SINGLE_CHOICE:
            continue
        options = {"yes", "no"} if question.type == "yesno" else set()
        options.update(option.value for option in question.options or ())
        covered: set[str] = set()
        for rule in rules:
            wanted = (rule.when or {}).get(question.id)
            if len(rule.when or {}) == 1 and isinstance(wanted, str | list):
                covered.update([wanted] if isinstance(wanted, str) else wanted)
        if options and covered >= options:
            return True
    return False


def journey_map_table(journey: JourneyMap, counts: Counts | None = None) -> str:
    """The map as an HTML table: each arrow's from, to, when and (with counts) how many.

    With counts, a second table gives how many reached each page.
    """
    if not journey.edges:
        return ""
    counted = counts is not None
    head = "".join(
        f'<th scope="col">{name}</th>'
        for name in ("From", "To", "When", *(("Count",) if counted else ()))
    )
    names = {node.id: escape(node_name(node)) for node in journey.nodes}
    rows = []
    for edge in journey.edges:
        count = f"<td>{(counts or {}).get((edge.source, edge.target), 0):,}</td>"
        rows.append(
            f"<tr><td>{names[edge.source]}</td><td>{names[edge.target]}</td>"
            f"<td>{escape(when_text(edge))}</td>{count if counted else ''}</tr>"
        )
    parts = [
        f"<table><caption>Every arrow on the journey map of {escape(journey.name)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    ]
    if counts is not None:
        reached = "".join(
            f'<tr><th scope="row">{escape(node_name(node))}</th>'
            f"<td>{counts.get(node.id, 0):,}</td></tr>"
            for node in journey.nodes
        )
        parts.append(
            "<table><caption>How many reached each page</caption><thead><tr>"
            '<th scope="col">Page</th><th scope="col">Reached</th></tr></thead>'
            f"<tbody>{reached}</tbody></table>"
        )
    return "\n".join(parts)


def journey_map_svg(journey: JourneyMap, counts: Counts | None = None) -> str:
    """The map drawn as one self-contained SVG, the same bytes for the same map.

    Pages are boxes top to bottom in the definition's order, branches and exit pages to the
    side; with `counts`, each box says how many reached it and each arrow how many took it.
    """
    return draw(journey, counts)
