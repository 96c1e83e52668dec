"""`figures:` in service.yaml: what each channel costs, staff time, and what is published.

Every default says where it comes from; the dashboard shows each beside the figures.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from mvpkit.definition.model import Service
from mvpkit.definition.strict import Strict

SOCITM = "Socitm Insight, Channel value benchmarking, 2012"
ONLINE, ASSISTED = "online", "assisted"
OFFLINE_CHANNELS = ("phone", "face-to-face", "post")
CHANNELS = (ONLINE, ASSISTED, *OFFLINE_CHANNELS)
PUBLIC_FIGURES = (
    "transactions",
    "digital-take-up",
    "completion-rate",
    "cost-per-transaction",
    "user-satisfaction",
    "response-times",
)
Money = Annotated[float, Field(ge=0, le=10_000)]


class ChannelCost(Strict):
    """What one transaction costs in a channel, and where that figure comes from."""

    cost: Money
    """In pounds."""
    source: str
    """Where the figure comes from, and its year: shown beside every figure that uses it."""


DEFAULT_COSTS = {
    ONLINE: ChannelCost(cost=0.15, source=f"{SOCITM}: web"),
    "phone": ChannelCost(cost=2.83, source=f"{SOCITM}: telephone"),
    "face-to-face": ChannelCost(cost=8.62, source=f"{SOCITM}: face to face"),
    ASSISTED: ChannelCost(
        cost=2.83, source=f"Assumed the same as a phone call ({SOCITM}: telephone)"
    ),
    "post": ChannelCost(cost=8.62, source=f"Assumed the same as a visit ({SOCITM}: face to face)"),
}


class FiguresSettings(Strict):
    """How the service's figures are worked out, and which are published."""

    costs: dict[Literal["online", "assisted", "phone", "face-to-face", "post"], ChannelCost] = (
        Field(default_factory=dict)
    )
    """Cost of one transaction in each channel; those not given take the defaults."""
    staff_minutes: Annotated[float, Field(gt=0, le=600)] | None = None
    """Staff minutes an offline transaction takes; staff time saved is shown only with it."""
    staff_minutes_source: str = "Set by the service team"
    """Where the staff minutes come from."""
    public: list[Literal[PUBLIC_FIGURES]] = Field(default_factory=list)  # type: ignore[valid-type]
    """The figures shown on the public performance page (none unless listed)."""
    places: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=lambda: ["Contact centre"]
    )
    """Where staff help residents online: the contact centre, each library and hub."""

    def cost(self, channel: str) -> ChannelCost:
        """The channel's cost, the service's own or the default."""
        given = self.costs.get(channel)  # type: ignore[call-overload]
        return given if given is not None else DEFAULT_COSTS[channel]


def figures_of(service: Service) -> FiguresSettings:
    """The service's `figures:` section, or the defaults when it has none."""
    section = getattr(service, "figures", None)
    return section if isinstance(section, FiguresSettings) else FiguresSettings()
