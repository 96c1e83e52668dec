"""A service folder's `listings.csv`, brought into an empty directory when the app starts.

A council uses it to bring in the directory it already has; an exemplar, to have listings
to find on a fresh database. Its columns are the listing's answers (see `answers.py`); each
row is checked like a listing sent in, and stored as published. It is imported once per
service: the first app to start claims a marker row, so two starting at once do not both.
"""

from __future__ import annotations

import csv
from pathlib import Path

from flask import Flask
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from mvpkit.kit import Kit
from mvpkit.patterns.directory import answers as listing_answers
from mvpkit.patterns.directory import counts
from mvpkit.patterns.directory.listings import create_in
from mvpkit.patterns.directory.models import PUBLISHED, DirectoryCount, DirectoryListing

FILE = "listings.csv"
IMPORTED = "sample_listings_imported"


class SampleDataError(ValueError):
    """A row of listings.csv cannot make a listing: the file, the line and why."""


def import_on_start(app: Flask) -> int:
    """Import the service folder's listings.csv when its directory is empty; how many."""
    kit: Kit = app.extensions["mvpkit"]
    path = Path(app.instance_path).parent / FILE
    if not path.is_file() or not inspect(kit.db.engine).has_table("directory_listings"):
        return 0
    return import_file(kit, path)


def read_rows(path: Path) -> list[listing_answers.ListingAnswers]:
    """Every row checked; raises SampleDataError naming the first row that is not a listing."""
    checked: list[listing_answers.ListingAnswers] = []
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        for row in reader:
            try:
                checked.append(listing_answers.check(row))
            except listing_answers.InvalidListingError as invalid:
                raise SampleDataError(f"{path}:{reader.line_num}: {invalid}") from None
    return checked


def import_file(kit: Kit, path: Path) -> int:
    """Store every row as a published listing, unless the service has listings or did once."""
    rows = read_rows(path)
    try:
        with kit.db.writes() as session:
            existing = session.scalar(
                select(func.count())
                .select_from(DirectoryListing)
                .where(DirectoryListing.service == kit.slug)
            )
            if existing:
                return 0
            session.add(
                DirectoryCount(
                    service=kit.slug, month=counts.NOT_A_MONTH, name=IMPORTED, count=len(rows)
                )
            )
            session.flush()  # a second app starting at once fails here, and imports nothing
            for checked in rows:
                create_in(session, kit.slug, checked, status=PUBLISHED)
            session.commit()
    except IntegrityError:
        return 0
    return len(rows)
