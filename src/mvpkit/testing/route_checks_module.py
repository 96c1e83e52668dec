"""The generated route checks for the service named by MVPKIT_SERVICE (used by `mvpkit check`)."""

import os

from mvpkit.testing.generated import route_checks

test_every_route = route_checks(os.environ["MVPKIT_SERVICE"])
