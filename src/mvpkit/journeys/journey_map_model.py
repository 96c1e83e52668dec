"""The journey map's model: its nodes, its edges and the names the drawing and table use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

START = "/"  # the start page's node: its address, which no page id can be
SENT = "confirmation"  # the confirmation page's node, shown once the answers are sent

NodeKind = Literal["start", "question", "exit", "check-answers", "sent"]
Counts = Mapping[str | tuple[str, str], int]
"""How many reached each node (keyed by its id) and took each edge (by (source, target))."""


@dataclass(frozen=True)
class MapNode:
    """A box on the map: one page of the journey."""

    id: str
    title: str
    kind: NodeKind
    branch: bool = False
    """Off the main line: reached only when a `next` rule's condition holds."""


@dataclass(frozen=True)
class MapEdge:
    """An arrow from one page to another, and when users take it."""

    source: str
    target: str
    label: str = ""
    """The condition in short, like "problem is other"; empty when the arrow is always taken."""


@dataclass(frozen=True)
class JourneyMap:
    """A service's journey: its pages in the definition's order and the arrows between them."""

    name: str
    nodes: tuple[MapNode, ...] = ()
    edges: tuple[MapEdge, ...] = ()

    def node(self, node_id: str) -> MapNode | None:
        """The node with this id, or None."""
        return next((node for node in self.nodes if node.id == node_id), None)

    def edges_from(self, node_id: str) -> list[MapEdge]:
        """The arrows leaving this node, in order."""
        return [edge for edge in self.edges if edge.source == node_id]


def node_name(node: MapNode) -> str:
    """The node as the table names it: its title, and what kind of page it is."""
    if node.kind == "start":
        return f"Start page: {node.title}"
    if node.kind == "check-answers":
        return node.title
    if node.kind == "sent":
        return f"{node.title} (confirmation page)"
    if node.kind == "exit":
        return f"{node.title} (exit page, {node.id})"
    return f"{node.title} ({node.id})"


def when_text(edge: MapEdge) -> str:
    """When users take the arrow: "If problem is other", "Otherwise" or "Always"."""
    if not edge.label:
        return "Always"
    return "Otherwise" if edge.label == "otherwise" else f"If {edge.label}"
