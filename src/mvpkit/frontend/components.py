"""GOV.UK components drawn once for each set of parameters, for the parts pages repeat.

GOV.UK Frontend's macros are functions of their parameters alone, so a skip link, back link
or Continue button with the same parameters is the same HTML on every page. Drawing one
costs as much as a small page's own content; keeping it costs a dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup

COMPONENTS_KEPT = 1024
"""At most this many are kept per app; when full, all are dropped and drawn again."""
_KEPT = "mvpkit.components"


def install_components(app: Flask) -> None:
    """Give templates `component(macro, params)`."""
    app.extensions[_KEPT] = {}
    app.add_template_global(component)


def component(macro: Callable[[Mapping[str, Any]], str], params: Mapping[str, Any]) -> Markup:
    """The macro's HTML for `params`, drawn the first time and then reused.

    Give it parameters from the definition or from `url_for`, not what users type: the
    kept HTML is bounded (`COMPONENTS_KEPT`), but user input would only churn it.
    """
    if current_app.config["TEMPLATES_AUTO_RELOAD"]:  # a changed template shows at once
        return Markup(macro(params))  # noqa: S704 - a GOV.UK macro's output
    kept: dict[tuple[object, str], Markup] = current_app.extensions[_KEPT]
    # repr, not JSON: it tells Markup from plain text, which a macro escapes differently.
    key = (macro, repr(sorted(params.items())))
    html = kept.get(key)
    if html is None:
        html = Markup(macro(params))  # noqa: S704 - a GOV.UK macro's output
        if len(kept) >= COMPONENTS_KEPT:
            kept.clear()
        kept[key] = html
    return html
