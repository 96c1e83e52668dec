"""The page at `/` of `mvpkit serve FOLDER`: every service listed, in its council's brand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from flask import Flask, abort, render_template, request
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from mvpkit.definition.loader import load_service
from mvpkit.definition.model import Council, Service
from mvpkit.frontend.asset_serving import asset_href
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
    """The index's own small app: the list, the asset links and icons, and a health check.

    `guard_index` puts WhiteNoise in front of it to serve the assets themselves.
    """
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
    index.add_template_global(
        lambda name: asset_href(assets, request.script_root, name), "asset_url"
    )

    @index.get("/")
    def home() -> str:
        return render_template("mvpkit/index/home.html", services=listed)

    @index.get("/assets/<path:filename>")
    def asset(filename: str) -> NoReturn:
        abort(404)  # WhiteNoise, in front of the app, serves every file there is

    @index.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return index
