"""UK postcodes: written the one way (capitals, one space) and their district ("LS6")."""

from __future__ import annotations

import re

POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def normalise(text: str) -> str | None:
    """ "ls6 1an" as "LS6 1AN"; None when it is not shaped like a UK postcode."""
    squashed = re.sub(r"\s+", "", text).upper()
    match = POSTCODE.fullmatch(squashed)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


def district(postcode: str) -> str:
    """The outward code of a normalised postcode: "LS6 1AN" gives "LS6"."""
    return postcode.split(" ", 1)[0]


def area_asked(text: str) -> str | None:
    """The district a resident asked for, given as a district ("ls6") or a whole postcode."""
    whole = normalise(text)
    if whole is not None:
        return district(whole)
    squashed = re.sub(r"\s+", "", text).upper()
    return squashed if DISTRICT.fullmatch(squashed) else None
