"""Template globals stay live over the app's, and are cheap to take from a set."""

from __future__ import annotations

from flask import Flask, render_template_string

from mvpkit.frontend.templating import TemplateGlobals


def test_keys_are_every_name_once_in_a_dict() -> None:
    found = TemplateGlobals({"a": 1}, {"a": 0, "b": 2})
    assert type(found.keys()).__name__ == "dict_keys"
    assert sorted(found.keys()) == ["a", "b"]
    assert {"a", "b", "c"} - found.keys() == {"c"}
    assert found["a"] == 1


def test_a_global_added_after_a_template_is_loaded_is_still_seen(app: Flask) -> None:
    env = app.jinja_env
    template = env.from_string("{{ late() }}")
    assert isinstance(template.globals, TemplateGlobals)
    env.globals["late"] = lambda: "seen"
    assert template.render() == "seen"
    with app.test_request_context():
        assert render_template_string("{{ late() }}") == "seen"
