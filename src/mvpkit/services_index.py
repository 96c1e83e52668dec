"""The page at `/` of `mvpkit serve FOLDER`: every service listed, in its council's brand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, render_template, send_from_directory
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.wrappers import Response

from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Council, Service
from mvpkit.frontend.assets import Assets
from mvpkit.frontend.icons import NEUTRAL, Icons, icons_for, install_icons
from mvpkit.frontend.markdown import render_markdown

NEUTRAL_NAME = "Council services"  # the header when the services are run by different councils


@dataclass(frozen=True)
class Listed:
    """A service as the index lists it."""

    slug: str
    name: str
    summary: str
    phase: str


@dataclass(frozen=True)
class IndexBrand:
    """The index's brand: the council every service shares, or a neutral one."""

    council: Council
    shared: bool
    icons: Icons


def index_brand(services: Sequence[tuple[Path, Service]]) -> IndexBrand:
    """The shared council (with the first icon one of its services gives), else a neutral brand."""
    if len({service.council.name for _folder, service in services}) != 1:
        return IndexBrand(Council(name=NEUTRAL_NAME), shared=False, icons=NEUTRAL)
    with_icon = [(folder, service) for folder, service in services if service.council.icon]
    icons = icons_for(with_icon[0][0], with_icon[0][1].council.icon) if with_icon else NEUTRAL
    return IndexBrand(services[0][1].council, shared=True, icons=icons)


def index_app(folders: Sequence[Path], definition: str, assets: Assets | None) -> Flask:
    """The index's own small app: the list, the assets and icons, and a health check."""
    index = Flask("mvpkit.index", static_folder=None)
    index.jinja_loader = ChoiceLoader(
        [
            PackageLoader("mvpkit", "frontend/templates"),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    index.add_template_filter(render_markdown, "markdown")
    services = [(folder, load_service(folder / definition)) for folder in folders]
    brand = index_brand(services)
    listed = [
        Listed(folder.name, service.name, service.summary, service.phase)
        for folder, service in services
    ]
    install_icons(index, brand.icons)
    index.context_processor(lambda: {"brand": brand})

    @index.get("/")
    def home() -> str:
        return render_template("mvpkit/index/home.html", services=listed)

    @index.get("/assets/<path:filename>")
    def asset(filename: str) -> Response:
        if assets is None:
            return Response("Not found", status=404)
        return send_from_directory(assets.root, filename, max_age=7 * 24 * 3600)

    @index.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return index
