"""mvpkit: from a user need to a tested, GOV.UK-styled MVP service."""

__version__ = "0.1.0"
