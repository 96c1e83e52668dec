"""mvpkit: from a user need to a tested, GOV.UK-styled MVP service."""

from mvpkit.app import create_app

__all__ = ["create_app"]
