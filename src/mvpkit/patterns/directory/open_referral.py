"""The directory in Open Referral UK's JSON (the HSDS-based UK standard's version 1 API).

A listing is a `service`, with its organisation, location, schedule, ages, costs and
category. Lists are paged in ORUK's wrapper, whose `number` counts pages from 1. Ids are
UUIDs (ORUK's organisation ids must be) made from the service and listing, so they never
change between requests. URLs come from the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from mvpkit.patterns.directory import schedule, taxonomy
from mvpkit.patterns.directory.models import DirectoryListing
from mvpkit.patterns.directory.open_data import address_lines
from mvpkit.patterns.directory.search import Page

UrlFor = Callable[[DirectoryListing], str]
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:mvpkit:directory")


def stable_id(*parts: object) -> str:
    """A UUID that is always the same for the same parts."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def service(listing: DirectoryListing, url: str) -> dict[str, Any]:
    """A listing as an ORUK `service`."""
    key = (listing.service, "listing", listing.id)
    data = {
        "id": stable_id(*key),
        "name": listing.title,
        "description": listing.description,
        "url": url,
        "email": listing.contact_email,
        "status": "active",
        "fees": listing.cost_details if listing.cost == "paid" else "Free",
        "organization": organization(listing),
        "contacts": _contacts(listing, key),
        "service_at_locations": [_service_at_location(listing, key)],
        "regular_schedules": [regular_schedule(listing, key)],
        "eligibilitys": _eligibilitys(listing, key),
        "cost_options": _cost_options(listing, key),
        "service_taxonomys": _service_taxonomys(listing, key),
    }
    if not listing.contact_email:
        del data["email"]  # ORUK's schema wants an email address here, or nothing
    return data


def organization(listing: DirectoryListing) -> dict[str, Any]:
    """The organisation that runs a listing; its id is the same for each of its listings."""
    data = {
        "id": stable_id(listing.service, "organisation", listing.organisation.casefold()),
        "name": listing.organisation,
        "description": "",
    }
    if listing.website:
        data["url"] = listing.website
    return data


def regular_schedule(listing: DirectoryListing, key: tuple[object, ...]) -> dict[str, Any]:
    """When it happens: WEEKLY on "TU" or MONTHLY on "1TU", with London clock times.

    A one-off event is a weekly schedule valid from its date to its date: one occurrence.
    """
    when = schedule.Schedule.of(listing)
    start, end = when.start, when.end
    last = schedule.last_occurrence(when)
    return {
        "id": stable_id(*key, "schedule"),
        "freq": "MONTHLY" if when.repeat == "monthly" else "WEEKLY",
        "interval": "1",  # a string in ORUK's schema
        "byday": schedule.byday(when),
        "opens_at": start.strftime("%H:%M"),
        "closes_at": end.strftime("%H:%M"),
        "dtstart": start.date().isoformat(),
        "valid_from": start.date().isoformat(),
        "valid_to": last.starts_at.date().isoformat() if last else None,
        "description": schedule.wording(when),
    }


def _contacts(listing: DirectoryListing, key: tuple[object, ...]) -> list[dict[str, Any]]:
    if not (listing.contact_name or listing.contact_phone):
        return []
    phones = [{"id": stable_id(*key, "phone"), "number": listing.contact_phone}]
    return [
        {
            "id": stable_id(*key, "contact"),
            "name": listing.contact_name,
            "phones": phones if listing.contact_phone else [],
        }
    ]


def _service_at_location(listing: DirectoryListing, key: tuple[object, ...]) -> dict[str, Any]:
    lines = address_lines(listing)
    address = {
        "id": stable_id(*key, "address"),
        "address_1": lines[0] if lines else "",
        "city": lines[-1] if len(lines) > 1 else "",
        "postal_code": listing.postcode,
        "country": "GB",
    }
    location = {
        "id": stable_id(*key, "location"),
        "name": listing.venue,
        "physical_addresses": [address],
    }
    return {"id": stable_id(*key, "service_at_location"), "location": location}


def _eligibilitys(listing: DirectoryListing, key: tuple[object, ...]) -> list[dict[str, Any]]:
    if listing.age_min is None and listing.age_max is None:
        return []
    return [
        {
            "id": stable_id(*key, "eligibility"),
            "minimum_age": listing.age_min,
            "maximum_age": listing.age_max,
        }
    ]


def _cost_options(listing: DirectoryListing, key: tuple[object, ...]) -> list[dict[str, Any]]:
    if listing.cost == "free":
        return []
    return [
        {
            "id": stable_id(*key, "cost"),
            "option": listing.cost_details,
            "amount_description": listing.cost_details,
        }
    ]


def _service_taxonomys(listing: DirectoryListing, key: tuple[object, ...]) -> list[dict[str, Any]]:
    found = taxonomy.term(listing.category)
    if found is None:
        return []
    return [{"id": stable_id(*key, "taxonomy", found.id), "taxonomy": taxonomy_term(found)}]


def taxonomy_term(term: taxonomy.Term) -> dict[str, Any]:
    """A category as an ORUK `taxonomy`."""
    return {"id": term.id, "name": term.name, "vocabulary": term.vocabulary, "parent": term.parent}


def taxonomies() -> list[dict[str, Any]]:
    """Every category as an ORUK `taxonomy`, parents first."""
    return [taxonomy_term(term) for term in taxonomy.TERMS]


def paged(
    content: Sequence[dict[str, Any]], *, total: int, page: int, per_page: int
) -> dict[str, Any]:
    """ORUK's page wrapper: `number` counts from 1, `size` is the page size asked for."""
    total_pages = -(-total // per_page)
    return {
        "totalElements": total,
        "totalPages": total_pages,
        "number": page,
        "size": per_page,
        "first": page == 1,
        "last": page >= total_pages,
        "content": list(content),
    }


def services_page(results: Page, url_for: UrlFor) -> dict[str, Any]:
    """A page of search results as ORUK's paged list of services."""
    return paged(
        [service(listing, url_for(listing)) for listing in results.listings],
        total=results.total,
        page=results.page,
        per_page=results.per_page,
    )
