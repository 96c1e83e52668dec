"""A pytest plugin the gate loads (`-p mvpkit.testing.run_order`): tests keep their order.

Each test's JUnit record names its place among the tests collected (property `order`), so
the gate's report lists scenarios and routes in the order they are written, even when
several processes run them and finish them in any order.
"""

from __future__ import annotations

import pytest

PROPERTY = "order"


@pytest.hookimpl(trylast=True)  # after any test is deselected
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Number the tests in the order collected."""
    for place, item in enumerate(items):
        item.user_properties.append((PROPERTY, str(place)))
