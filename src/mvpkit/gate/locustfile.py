"""A load test for any service, from its definition alone: a baked service needs no code.

Name the service folder in MVPKIT_SERVICE and give Locust the service's address:

    MVPKIT_SERVICE=exemplars/report-a-fault locust -f src/mvpkit/gate/locustfile.py \\
        --headless -u 10 -r 5 -t 30s --host http://127.0.0.1:8000/report-a-fault

The user completes every route through the journey in turn and tracks the references it
gets; Locust exits with 1 when a budget in the service's `budgets:` is broken. Without
MVPKIT_SERVICE this module only offers `journey_user`.
"""

from __future__ import annotations

import os
from pathlib import Path

from locust import HttpUser

from mvpkit.definition.loader import load_service
from mvpkit.gate.budgets import SERVICE_ENV, with_overrides
from mvpkit.gate.locust_users import check_budgets_on_quit, journey_user

__all__ = ["journey_user"]

_service_dir = os.environ.get(SERVICE_ENV)
if _service_dir:
    _service = load_service(Path(_service_dir))
    ServiceUser: type[HttpUser] = journey_user(_service)
    check_budgets_on_quit(with_overrides(_service.budgets))
