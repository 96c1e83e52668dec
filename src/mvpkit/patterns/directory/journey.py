"""A listing sent through the service's journey: its questions are the listing's answers.

A question whose id is a listing answer's name with hyphens (`contact-email`, `starts-on`)
gives that answer. A question `address` of the kit's `address` type gives the address (its
lines) and the postcode. Sending checks the answers as a listing; answers that cannot make
one are refused with their own message, and nothing the resident typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mvpkit.definition.asked import Asked
from mvpkit.definition.model import Page, Question, Service
from mvpkit.definition.source import Source
from mvpkit.patterns.directory import answers as listing_answers
from mvpkit.patterns.directory import taxonomy
from mvpkit.questions.address import ADDRESS_PARTS

NAMES = tuple(listing_answers.ListingAnswers.model_fields)
NEEDED = (
    "kind",
    "organisation",
    "title",
    "description",
    "category",
    "cost",
    "venue",
    "address",
    "postcode",
    "starts_on",
    "start_time",
    "end_time",
)
LISTING_IDS = frozenset({name.replace("_", "-") for name in NAMES})
REFUSED = "listing"  # the error key sending refuses with; its words come from `resolve_page`


def question_id(name: str) -> str:
    """The question id that gives a listing answer: `contact_email` -> `contact-email`."""
    return name.replace("_", "-")


def is_listing_journey(service: Service) -> bool:
    """A service with a `directory:` section whose pages ask some of a listing's answers.

    Pages that ask none of them (a survey beside the search, say) send no listing.
    """
    if getattr(service, "directory", None) is None or not service.pages:
        return False
    asked = _questions(service)
    return any(question_id(name) in asked for name in NEEDED)


def _questions(service: Service) -> dict[str, Question]:
    return {q.id: q for page in service.pages for q in page.questions}


def asks_address_parts(service: Service) -> bool:
    """True when `address` is asked with the kit's address type (line-1, town, postcode)."""
    question = _questions(service).get("address")
    return question is not None and question.type == "address"


def to_listing(service: Service, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The listing's answers (`answers.py` names) from the journey's answers."""
    given = {name: answers[question_id(name)] for name in NAMES if question_id(name) in answers}
    address = answers.get("address")
    if isinstance(address, dict):
        lines = [str(address.get(part) or "") for part in ADDRESS_PARTS[:3]]
        given["address"] = "\n".join(line for line in lines if line)
        given.setdefault("postcode", str(address.get("postcode") or ""))
    return {name: "" if value is None else value for name, value in given.items()}


def from_listing(service: Service, listing: Mapping[str, Any]) -> dict[str, Any]:
    """The journey's answers for a stored listing's answers (to fill in its pages again)."""
    asked = _questions(service)
    answers: dict[str, Any] = {}
    for name in NAMES:
        value = listing.get(name)
        if question_id(name) in asked and value is not None:
            answers[question_id(name)] = value if isinstance(value, str) else _text(value)
    if asks_address_parts(service):
        lines = str(listing.get("address") or "").splitlines()
        town = lines[-1] if len(lines) > 1 else ""
        first = lines[0] if lines else ""
        middle = ", ".join(lines[1:-1])
        answers["address"] = {
            "line-1": first,
            "line-2": middle,
            "town": town,
            "postcode": str(listing.get("postcode") or ""),
        }
    return answers


def _text(value: Any) -> str:
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return str(value.strftime("%H:%M"))
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def problems(service: Service, answers: Mapping[str, Any]) -> dict[str, str]:
    """What stops these journey answers making a listing, by question id (empty: none)."""
    try:
        listing_answers.check(to_listing(service, answers))
    except listing_answers.InvalidListingError as invalid:
        return by_question(service, invalid.errors)
    return {}


def by_question(service: Service, errors: Mapping[str, str]) -> dict[str, str]:
    """Each problem at the question that asks it (at the first listing question if none)."""
    asked = _questions(service)
    found: dict[str, str] = {}
    for name, message in errors.items():
        wanted = question_id(name)
        if wanted not in asked and name in ("postcode", "address") and "address" in asked:
            wanted = "address"
        if wanted not in asked:  # asked nowhere: say it on the first listing question
            wanted = next((question_id(n) for n in NAMES if question_id(n) in asked), wanted)
        found.setdefault(wanted, message)
    return found


def with_problems(page: Page, found: Mapping[str, str]) -> Page:
    """The page, its questions given the words for a refused listing answer."""
    ids = {q.id for q in page.questions}
    if not ids & set(found):
        return page
    data = page.model_dump(by_alias=True, exclude_none=True)
    if page.fields is not None:
        for field in data["fields"]:
            if field["id"] in found:
                field["errors"] = {**field.get("errors", {}), REFUSED: found[field["id"]]}
    else:
        data["errors"] = {**data.get("errors", {}), REFUSED: found[page.id]}
    return Page.model_validate(data)


def check_journey(source: Source, service: Service, asked: Sequence[Asked]) -> None:
    """A listing journey asks what every listing needs, and only known categories."""
    if not is_listing_journey(service):
        return
    ids = {item.question.id: item for item in asked}
    missing = [
        question_id(name)
        for name in NEEDED
        if question_id(name) not in ids and not (name == "postcode" and asks_address_parts(service))
    ]
    if missing:
        source.problem(
            ("directory",),
            "The service has a 'directory:' section and pages that ask for a listing, "
            f"but no page asks {', '.join(repr(m) for m in missing)}: add a question with "
            "each id (see docs/directory.md).",
        )
    if "contact-email" not in ids and "contact-phone" not in ids:
        source.problem(
            ("directory",),
            "A listing needs a way to contact its organisers: add a 'contact-email' or "
            "'contact-phone' question.",
        )
    category = ids.get("category")
    if category is not None:
        options = category.question.options or ()
        unknown = [o.value for o in options if taxonomy.term(o.value) is None]
        if unknown:
            source.problem(
                (*category.loc, "options"),
                f"{', '.join(repr(u) for u in unknown)} is not a directory category: use the "
                "ids listed at /open-data/taxonomies, like 'parents-and-toddlers'.",
            )
