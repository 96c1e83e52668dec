"""Markdown for page bodies, rendered with GOV.UK Frontend's typography classes."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
}


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

    def add_class(self, tokens, idx, options, env):  # type: ignore[no-untyped-def]
        token = tokens[idx]
        css = CLASSES.get(token.tag)
        if css:
            token.attrSet("class", css)
        return self.renderToken(tokens, idx, options, env)

    for rule in (
        "paragraph_open",
        "heading_open",
        "bullet_list_open",
        "ordered_list_open",
        "link_open",
        "table_open",
    ):
        parser.add_render_rule(rule, add_class)
    return parser


_PARSER = _parser()


@lru_cache(maxsize=512)
def render_markdown(text: str) -> Markup:
    """Markdown (no raw HTML) as GOV.UK-styled HTML."""
    return Markup(_PARSER.render(text or ""))  # noqa: S704 - raw HTML is disabled in the parser
