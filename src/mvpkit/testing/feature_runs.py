"""pytest hooks that run a service's `.feature` files and make their failures plain.

- `--mvpkit-features` collects every `.feature` file as a test module of its scenarios, so
  a service needs no test module of its own; a scenario that a hand-written module binds
  already runs once, from that module.
- A tag that is not known (see `mvpkit.testing.tags`) fails its scenarios with a sentence.
- A step that matches no step fails with the library phrase nearest to it.
- A step naming a label, heading, button or page path that the service definition does
  not have fails within seconds, saying so (see `mvpkit.testing.staleness`).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry, scenarios

from mvpkit.definition import find_definition, load_service
from mvpkit.testing.phrases import CHECKS, PHRASES, Kind
from mvpkit.testing.staleness import ServiceTerms, service_terms
from mvpkit.testing.suggest import unknown_step_message
from mvpkit.testing.tags import (
    declared_needs,
    is_known,
    marker_names,
    research_shaped,
    unknown_tag_message,
)

LOOK_MS = 3000  # how long a step waits for something its service definition does not name
PROBLEM = pytest.StashKey[str]()


class FeatureFile(pytest.Module):
    """A `.feature` file collected as a module holding a test for each of its scenarios."""

    def _getobj(self) -> types.ModuleType:
        module = types.ModuleType(f"mvpkit_features_{self.path.stem}")
        module.__file__ = str(self.path)
        # scenarios() puts its tests in the namespace of the code that calls it
        module.__dict__["scenarios"] = scenarios
        code = compile(f"scenarios({str(self.path)!r})", str(self.path), "exec")
        exec(code, module.__dict__)  # noqa: S102 - a call we write ourselves, on our path
        return module


class FeatureRuns:
    """The hooks, with the markers pytest knew before any tag was applied."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.markers: set[str] = set()
        self.terms: dict[Path, ServiceTerms] = {}

    def pytest_sessionstart(self) -> None:
        """Note the declared markers before collection adds any."""
        self.markers = marker_names(self.config.getini("markers"))

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> Any:
        """Collect `.feature` files when `--mvpkit-features` asks for them."""
        if file_path.suffix == ".feature" and self.config.getoption("--mvpkit-features"):
            return FeatureFile.from_parent(parent, path=file_path)
        return None

    @pytest.hookimpl(tryfirst=True)
    def pytest_bdd_apply_tag(self, tag: str, function: Callable[..., Any]) -> object:
        """Leave a tag pytest does not know unapplied: the tag check reports it."""
        if tag in marker_names(self.config.getini("markers")):
            return None
        if research_shaped(tag):  # registered so pytest accepts it; checked after collection
            self.config.addinivalue_line("markers", f"{tag}: a tag of a feature")
            return None
        return True

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        """Drop scenarios a test module already binds; note each unknown tag."""
        bound = {
            key
            for item in items
            if not isinstance(item.parent, FeatureFile) and (key := _key(item))
        }
        dropped = [i for i in items if isinstance(i.parent, FeatureFile) and _key(i) in bound]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = [item for item in items if item not in dropped]
        templates = [t for item in items if (t := _template(item)) is not None]
        needs = declared_needs(t.feature.tags for t in templates)
        for item in items:
            template = _template(item)
            if template is None:
                continue
            for tag in sorted(template.tags | template.feature.tags):
                if not is_known(tag, self.markers, needs):
                    name = Path(template.feature.filename).name
                    item.stash[PROBLEM] = unknown_tag_message(tag, name)
                    break

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Fail a scenario with an unknown tag before its browser starts."""
        if PROBLEM in item.stash:
            pytest.fail(item.stash[PROBLEM], pytrace=False)

    def pytest_bdd_step_func_lookup_error(
        self, feature: Feature, scenario: Scenario, step: Step
    ) -> None:
        """Name the unknown step and the nearest phrase of the library."""
        where = f"{Path(feature.filename).name}, line {step.line_number}"
        pytest.fail(unknown_step_message(step.name, PHRASES, where), pytrace=False)

    def pytest_bdd_before_step_call(
        self,
        request: pytest.FixtureRequest,
        step_func: Callable[..., Any],
        step_func_args: dict[str, Any],
    ) -> None:
        """Fail fast when a step names what neither the definition nor the page has."""
        names = CHECKS.get(step_func)
        if not names:
            return
        terms = self._terms(request.getfixturevalue("mvpkit_service_dir"))
        page: Page = request.getfixturevalue("page")
        for argument, kind in names.items():
            text = str(step_func_args[argument])
            if terms.has(kind, text) or _present(page, request, kind, text):
                continue
            here = urlparse(page.url).path or "/"
            where = "the service answers 404 Not Found" if kind is Kind.PATH else f"nor on {here}"
            pytest.fail(f"{terms.stale(kind, text)} ({where})", pytrace=False)

    def _terms(self, service_dir: Path) -> ServiceTerms:
        if service_dir not in self.terms:
            definition = find_definition(service_dir)
            self.terms[service_dir] = service_terms(load_service(definition), definition.name)
        return self.terms[service_dir]


def _template(item: pytest.Item) -> Any:
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if function else None


def _key(item: pytest.Item) -> tuple[str, str] | None:
    template = _template(item)
    return (template.feature.filename, template.name) if template else None


def _present(page: Page, request: pytest.FixtureRequest, kind: Kind, text: str) -> bool:
    """True when the page shows it (or, for a path, the service has it) within a short look."""
    if kind is Kind.PATH:
        base = request.getfixturevalue("live_server").url
        return page.request.get(f"{base}{text}", max_redirects=0).status != 404
    locators: dict[Kind, Callable[[], Locator]] = {
        Kind.LABEL: lambda: page.get_by_label(text).or_(page.get_by_role("group", name=text)),
        Kind.OPTION: lambda: page.get_by_label(text, exact=True),
        Kind.QUESTION: lambda: page.get_by_text(text, exact=True),
        Kind.HEADING: lambda: page.get_by_role("heading", level=1, name=text, exact=True),
        Kind.BUTTON: lambda: page.get_by_role("button", name=text, exact=True),
    }
    try:
        locators[kind]().first.wait_for(state="attached", timeout=LOOK_MS)
    except PlaywrightError:
        return False
    return True
