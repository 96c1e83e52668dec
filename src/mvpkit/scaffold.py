"""`mvpkit new`: bake a service from the Cookiecutter template."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from cookiecutter.exceptions import OutputDirExistsException
from cookiecutter.main import cookiecutter

from mvpkit import __version__

PACKAGED_TEMPLATE = Path(__file__).parent / "_templates" / "service"
SOURCE_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "service"
# The kit's schema of service.yaml (`mvpkit schema` writes the same), copied into each service.
SHIPPED_SCHEMA = Path(__file__).parent / "definition" / "service.schema.json"


def template_dir() -> Path:
    """The service template: from the source tree, or as installed with the kit."""
    for candidate in (SOURCE_TEMPLATE, PACKAGED_TEMPLATE):
        if (candidate / "cookiecutter.json").is_file():
            return candidate
    raise FileNotFoundError("The service template is missing from this mvpkit installation.")


def slugify(name: str) -> str:
    """'Report a street light fault' -> 'report-a-street-light-fault'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service"


def new_service(name: str, output_dir: Path, *, no_input: bool = True) -> Path:
    """Bake a new service folder called after `name`; returns its path."""
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "cookiecutter.json"
        config.write_text(
            json.dumps(
                {
                    "replay_dir": str(Path(scratch) / "replay"),
                    "cookiecutters_dir": str(Path(scratch) / "templates"),
                }
            )
        )
        # cookiecutter reads a YAML config file; JSON is valid YAML.
        try:
            baked = cookiecutter(
                str(template_dir()),
                output_dir=str(output_dir),
                no_input=no_input,
                extra_context={
                    "service_name": name,
                    "slug": slugify(name),
                    "_mvpkit_version": __version__,  # the baked service pins this kit
                },
                config_file=str(config),
            )
        except OutputDirExistsException as exc:
            # cookiecutter's message starts "Error: ", and so does click's.
            raise OutputDirExistsException(str(exc).removeprefix("Error: ")) from exc
    # the schema service.yaml's first line names, so an editor checks it as it is typed
    shutil.copyfile(SHIPPED_SCHEMA, Path(baked) / SHIPPED_SCHEMA.name)
    return Path(baked)
