"""Load test for this service: Locust users generated from service.yaml, with its budgets.

`mvpkit check .` runs it as the load stage. To run it by hand, serve the service and give
Locust its address (127.0.0.1 only):

    mvpkit serve . --port 8000 --no-access-log
    locust -f load/locustfile.py --headless -u 10 -r 5 -t 30s --host http://127.0.0.1:8000/SLUG

Replace the generated user with your own tasks as the service grows.
"""

from pathlib import Path

from mvpkit.definition.loader import load_service
from mvpkit.gate.budgets import with_overrides
from mvpkit.gate.locust_users import check_budgets_on_quit, journey_user

SERVICE = load_service(Path(__file__).resolve().parents[1])

ServiceUser = journey_user(SERVICE)
check_budgets_on_quit(with_overrides(SERVICE.budgets))
