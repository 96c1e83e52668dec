"""The journey map drawn as SVG: boxes top to bottom, branches to the side, no script.

Every node has a row of its own, in the definition's order, so a line across at a row's
height meets only that row's box. Main-line pages sit in the first column, branch pages in
the second and exit pages in the last. An arrow goes straight down when nothing is in its
way, turns into its target's column when that column is clear, and otherwise runs down a
lane to the right of everything. Every position is a whole number, so the same map always
gives the same bytes.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html import escape

from mvpkit.definition.model import CHECK_ANSWERS
from mvpkit.journeys.journey_map_model import Counts, JourneyMap, MapEdge, MapNode

TEXT, LINK, FILL, SECONDARY, WHITE = "#0b0c0c", "#1d70b8", "#f3f2f1", "#505a5f", "#ffffff"
FONT = "arial, sans-serif"
MARGIN, BOX_W, PAD, COL_GAP, ROW_GAP, LANE_GAP = 24, 240, 12, 120, 40, 16
TITLE_SIZE, SMALL_SIZE, LABEL_LINE, PORT_STEP, HEAD = 16, 14, 16, 14, 9
TITLE_CHARS, LABEL_CHARS, CHAR_W = 25, 30, 8  # CHAR_W: a generous width of a 14px letter
CAPTIONS = {"start": "Start page", "exit": "Exit page", "sent": "Confirmation page"}


@dataclass(frozen=True)
class _Line:
    text: str
    size: int
    bold: bool = False
    colour: str = TEXT

    @property
    def height(self) -> int:
        return self.size + 4


@dataclass
class _Box:
    node: MapNode
    row: int
    column: int
    lines: list[_Line]
    x: int = 0
    y: int = 0
    h: int = 0

    @property
    def content(self) -> int:
        return 2 * PAD + sum(line.height for line in self.lines)

    @property
    def right(self) -> int:
        return self.x + BOX_W

    @property
    def centre(self) -> int:
        return self.x + BOX_W // 2

    @property
    def bottom(self) -> int:
        return self.y + self.h


@dataclass
class _Arrow:
    edge: MapEdge
    route: str  # "down", "elbow" or "lane"
    side: str  # the side of the source it leaves by: "bottom", "right" or "left"
    label: list[str]
    bold_first: bool  # the first line is a count
    lane: int = -1  # the lane's number, for a lane
    ports: dict[bool, int] = field(default_factory=dict)  # leaving (True), arriving: height


def draw(journey: JourneyMap, counts: Counts | None = None) -> str:
    """The map as one self-contained SVG document (without an XML declaration)."""
    if not journey.nodes:
        note = "This service has no pages of its own to map."
        return _svg(journey, 480, 64, [_text(MARGIN, 38, note, TITLE_SIZE)])
    boxes = _boxes(journey, counts)
    arrows = [_arrow(edge, boxes, counts) for edge in journey.edges]
    for number, arrow in enumerate(a for a in arrows if a.route == "lane"):
        arrow.lane = number
    _place(boxes, arrows)
    extent = max(
        [box.right for box in boxes.values()]
        + [_label_right(arrow, boxes) for arrow in arrows if arrow.label]
    )
    lanes = sum(1 for arrow in arrows if arrow.route == "lane")
    first_lane = extent + 2 * LANE_GAP
    width = (first_lane + (lanes - 1) * LANE_GAP if lanes else extent) + MARGIN
    height = max(box.bottom for box in boxes.values()) + MARGIN
    body = [f'<rect width="{width}" height="{height}" fill="{WHITE}"/>']
    for arrow in arrows:
        body.extend(_arrow_svg(arrow, boxes, first_lane + arrow.lane * LANE_GAP))
    for box in boxes.values():
        body.extend(_box_svg(box))
    for arrow in arrows:
        body.extend(_label_svg(arrow, boxes))
    return _svg(journey, width, height, body)


def _boxes(journey: JourneyMap, counts: Counts | None) -> dict[str, _Box]:
    """A box for each node: main line in column 0, branches in 1, exit pages last."""
    exits = 1 + any(node.branch and node.kind == "question" for node in journey.nodes)
    boxes = {}
    for row, node in enumerate(journey.nodes):
        column = exits if node.kind == "exit" else int(node.branch)
        boxes[node.id] = _Box(node, row, column, _lines(node, counts))
    return boxes


def _lines(node: MapNode, counts: Counts | None) -> list[_Line]:
    """What the box says: what kind of page, the title wrapped, the id, how many reached."""
    lines = []
    if node.kind in CAPTIONS:
        lines.append(_Line(CAPTIONS[node.kind], SMALL_SIZE, colour=SECONDARY))
    wrapped = textwrap.wrap(node.title, TITLE_CHARS) or [""]
    lines.extend(_Line(text, TITLE_SIZE, bold=True) for text in wrapped)
    if node.kind != "start":
        lines.append(_Line(node.id, SMALL_SIZE, colour=SECONDARY))
    if counts is not None:
        lines.append(_Line(f"{counts.get(node.id, 0):,} reached", SMALL_SIZE, bold=True))
    return lines


def _arrow(edge: MapEdge, boxes: dict[str, _Box], counts: Counts | None) -> _Arrow:
    """How the arrow runs: down, into the target's column, or in a lane at the right."""
    source, target = boxes[edge.source], boxes[edge.target]
    label = textwrap.wrap(edge.label, LABEL_CHARS)
    if counts is not None:
        label = [f"{counts.get((edge.source, edge.target), 0):,}", *label]
    clear = target.row > source.row and not any(
        box.column == target.column and source.row < box.row < target.row for box in boxes.values()
    )
    if not clear:
        return _Arrow(edge, "lane", "right", label, counts is not None)
    if source.column == target.column:
        return _Arrow(edge, "down", "bottom", label, counts is not None)
    side = "right" if target.column > source.column else "left"
    return _Arrow(edge, "elbow", side, label, counts is not None)


def _turn(arrow: _Arrow, boxes: dict[str, _Box]) -> int:
    """How far across the arrow goes before it turns down (lanes are furthest)."""
    if arrow.route == "lane":
        return 100_000 + arrow.lane
    centre = boxes[arrow.edge.target].centre
    return centre if arrow.side == "right" else -centre


def _place(boxes: dict[str, _Box], arrows: list[_Arrow]) -> None:
    """Size and place the boxes, and give each arrow its heights on the sides of boxes."""
    sides: dict[tuple[str, str], list[tuple[_Arrow, bool]]] = {}
    for arrow in arrows:  # arriving lanes first, above the arrows leaving, which cross none
        if arrow.route == "lane":
            sides.setdefault((arrow.edge.target, "right"), []).append((arrow, False))
    for arrow in sorted(arrows, key=lambda a: -_turn(a, boxes)):  # the furthest leaves highest
        if arrow.side != "bottom":
            sides.setdefault((arrow.edge.source, arrow.side), []).append((arrow, True))
    for box in boxes.values():
        needed = [
            sum(_need(arrow, leaving) for arrow, leaving in items) + 2 * PAD
            for (node_id, _side), items in sides.items()
            if node_id == box.node.id
        ]
        box.h = max([box.content, *needed])
    top = MARGIN
    for box in sorted(boxes.values(), key=lambda b: b.row):
        box.x, box.y = MARGIN + box.column * (BOX_W + COL_GAP), top
        down = [a for a in arrows if a.route == "down" and a.edge.source == box.node.id]
        label_lines = max((len(arrow.label) for arrow in down), default=0)
        top = box.bottom + max(ROW_GAP, label_lines * LABEL_LINE + 2 * HEAD + 8)
    for (node_id, _side), items in sides.items():
        box = boxes[node_id]
        cursor = box.y + (box.h - sum(_need(arrow, leaving) for arrow, leaving in items)) // 2
        for arrow, leaving in items:
            cursor += _need(arrow, leaving)
            arrow.ports[leaving] = cursor - PORT_STEP // 2


def _need(arrow: _Arrow, leaving: bool) -> int:
    """The height an arrow takes on a box's side: with its label above it when leaving."""
    return PORT_STEP + (len(arrow.label) * LABEL_LINE if leaving else 0)


def _label_right(arrow: _Arrow, boxes: dict[str, _Box]) -> int:
    """How far right the arrow's label reaches."""
    source = boxes[arrow.edge.source]
    start = {"bottom": source.centre, "right": source.right, "left": source.x}[arrow.side]
    reach = 0 if arrow.side == "left" else max(len(line) for line in arrow.label) * CHAR_W
    return start + 8 + reach


def _arrow_svg(arrow: _Arrow, boxes: dict[str, _Box], lane: int) -> list[str]:
    source, target = boxes[arrow.edge.source], boxes[arrow.edge.target]
    if arrow.route == "down":
        points = [(source.centre, source.bottom), (target.centre, target.y)]
    elif arrow.route == "elbow":
        across = source.right if arrow.side == "right" else source.x
        leave = arrow.ports[True]
        points = [(across, leave), (target.centre, leave), (target.centre, target.y)]
    else:
        leave, arrive = arrow.ports[True], arrow.ports[False]
        points = [(source.right, leave), (lane, leave), (lane, arrive), (target.right, arrive)]
    tip_x, tip_y = points[-1]
    pointing_left = arrow.route == "lane"
    points[-1] = (tip_x + HEAD, tip_y) if pointing_left else (tip_x, tip_y - HEAD)
    path = " ".join(f"{'M' if i == 0 else 'L'}{x} {y}" for i, (x, y) in enumerate(points))
    if pointing_left:
        head = f"{tip_x},{tip_y} {tip_x + HEAD},{tip_y - 5} {tip_x + HEAD},{tip_y + 5}"
    else:
        head = f"{tip_x},{tip_y} {tip_x - 5},{tip_y - HEAD} {tip_x + 5},{tip_y - HEAD}"
    return [
        f'<path d="{path}" fill="none" stroke="{LINK}" stroke-width="2"/>',
        f'<polygon points="{head}" fill="{LINK}"/>',
    ]


def _box_svg(box: _Box) -> list[str]:
    exit_page = box.node.kind == "exit"
    dashes = ' stroke-dasharray="8 4"' if exit_page else ""
    parts = [
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_W}" height="{box.h}" '
        f'fill="{WHITE if exit_page else FILL}" stroke="{TEXT}" stroke-width="2"{dashes}/>'
    ]
    top = box.y + PAD + (box.h - box.content) // 2
    for line in box.lines:
        top += line.height
        parts.append(_text(box.x + PAD, top - 5, line.text, line.size, line.bold, line.colour))
    return parts


def _label_svg(arrow: _Arrow, boxes: dict[str, _Box]) -> list[str]:
    """The arrow's label: beside a line going down, or above a line leaving a side."""
    source = boxes[arrow.edge.source]
    count = len(arrow.label)
    if arrow.side == "bottom":
        x, anchor = source.centre + 8, ""
        baselines = [source.bottom + 16 + i * LABEL_LINE for i in range(count)]
    else:
        port = arrow.ports[True]
        x = source.x - 8 if arrow.side == "left" else source.right + 8
        anchor = ' text-anchor="end"' if arrow.side == "left" else ""
        baselines = [port - 5 - (count - 1 - i) * LABEL_LINE for i in range(count)]
    halo = f' stroke="{WHITE}" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    return [
        _text(x, y, text, SMALL_SIZE, arrow.bold_first and i == 0, TEXT, halo + anchor)
        for i, (text, y) in enumerate(zip(arrow.label, baselines, strict=True))
    ]


def _text(
    x: int, y: int, text: str, size: int, bold: bool = False, colour: str = TEXT, extra: str = ""
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{colour}"{weight}{extra}>'
        f"{escape(text)}</text>"
    )


def _svg(journey: JourneyMap, width: int, height: int, body: list[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}" '
        'aria-labelledby="journey-map-title journey-map-desc">'
        f'<title id="journey-map-title">Journey map: {escape(journey.name)}</title>'
        f'<desc id="journey-map-desc">{escape(describe(journey))}</desc>'
    )
    return "\n".join([head, *body, "</svg>"]) + "\n"


def describe(journey: JourneyMap) -> str:
    """The map in a few sentences: the SVG's description."""
    if not journey.nodes:
        return f"{journey.name} has no pages of its own, so there is no journey to map."
    questions = [node for node in journey.nodes if node.kind == "question"]
    branches = sum(1 for node in questions if node.branch)
    exits = [node.title for node in journey.nodes if node.kind == "exit"]
    text = (
        f"The pages of {journey.name}, top to bottom in the order the definition lists them, "
        f"from the start page: {_plural(len(questions), 'question page')}, "
        f"{branches} of them on a branch to the side, and "
    )
    text += (
        f"{_plural(len(exits), 'exit page')} with a dashed border ({'; '.join(exits)})."
        if exits
        else "no exit pages."
    )
    if journey.node(CHECK_ANSWERS):
        text += " The journey ends at check your answers, then the confirmation page."
    return text + " Each arrow goes to the page that comes next, labelled with when."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
