"""The directory's open data: the Open Referral UK API and a CSV of every listing.

Every URL in it is whole, built with `url_for`, so it carries the service's mount. A query
value that cannot be used gets a 400 with a JSON message saying which.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from mvpkit.kit import current_kit
from mvpkit.patterns.directory import open_data as csv_data
from mvpkit.patterns.directory import open_referral
from mvpkit.patterns.directory.filters import BadQueryError, open_query
from mvpkit.patterns.directory.queries import by_open_id, everything_found, open_page
from mvpkit.patterns.directory.search import MAX_PER_PAGE
from mvpkit.patterns.directory.views import listing_url, settings

open_data = Blueprint("directory_open_data", __name__, url_prefix="/open-data")


def _json(data: Any, status: int = 200) -> tuple[Response, int]:
    return jsonify(data), status


def _problem(status: int, message: str) -> tuple[Response, int]:
    return _json({"status": status, "message": message}, status)


@open_data.get("/services")
def services() -> tuple[Response, int]:
    """A page of services, found by `search`, `taxonomy_term_id`, ages and `day`."""
    kit = current_kit()
    try:
        query = open_query(request.args, settings().per_page, MAX_PER_PAGE)
    except BadQueryError as error:
        return _problem(400, str(error))
    return _json(open_referral.services_page(open_page(kit.db, kit.slug, query), listing_url))


@open_data.get("/services/<open_id>")
def service(open_id: str) -> tuple[Response, int]:
    """One published service, by its Open Referral id."""
    kit = current_kit()
    found = by_open_id(kit.db, kit.slug, open_id)
    if found is None:
        return _problem(404, "No service has this id")
    return _json(open_referral.service(found, listing_url(found)))


@open_data.get("/taxonomies")
def taxonomies() -> tuple[Response, int]:
    """The directory's categories, in ORUK's page wrapper."""
    terms = open_referral.taxonomies()
    return _json(open_referral.paged(terms, total=len(terms), page=1, per_page=len(terms)))


@open_data.get("/taxonomy_terms")
def taxonomy_terms() -> tuple[Response, int]:
    """The same categories, by the name ORUK's later versions give them."""
    return taxonomies()


@open_data.get("/listings.csv")
def listings_csv() -> Response:
    """Every published listing that has not finished, as a CSV file to download."""
    kit = current_kit()
    body = csv_data.csv_export(everything_found(kit.db, kit.slug), listing_url)
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{kit.slug}-listings.csv"'
    return response


@open_data.get("/")
def index() -> tuple[Response, int]:
    """Where each part of the open data is."""
    return _json(
        {
            "services": url_for("directory_open_data.services", _external=True),
            "taxonomies": url_for("directory_open_data.taxonomies", _external=True),
            "taxonomy_terms": url_for("directory_open_data.taxonomy_terms", _external=True),
            "csv": url_for("directory_open_data.listings_csv", _external=True),
        }
    )
