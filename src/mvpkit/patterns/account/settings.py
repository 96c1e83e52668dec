"""My Account's section of `service.yaml`: the services whose records residents see."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from mvpkit.definition.model import ID_PATTERN, Service
from mvpkit.definition.strict import Strict


class LinkedService(Strict):
    """A service whose reports and appointments My Account lists, by its folder name."""

    slug: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str


class AccountSettings(Strict):
    """The My Account pattern: residents' accounts, and the services whose records they see."""

    services: list[LinkedService] = Field(default_factory=list)

    @field_validator("services")
    @classmethod
    def _unique(cls, value: list[LinkedService]) -> list[LinkedService]:
        if len({service.slug for service in value}) != len(value):
            raise ValueError("each service is listed once: two have the same slug")
        return value

    def name_of(self, slug: str) -> str:
        """The name shown for a linked service (its slug when it is not listed)."""
        return next((service.name for service in self.services if service.slug == slug), slug)


def account_of(service: Service) -> AccountSettings | None:
    """The service's `account:` section, if it has one."""
    section = getattr(service, "account", None)
    return section if isinstance(section, AccountSettings) else None
