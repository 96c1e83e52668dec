"""The generated route checks for the service named by MVPKIT_SERVICE (used by `mvpkit check`).

Without MVPKIT_SERVICE the module holds no test, so importing it alone does no harm.
"""

import os

from mvpkit.testing.generated import route_checks

if "MVPKIT_SERVICE" in os.environ:
    test_every_route = route_checks(os.environ["MVPKIT_SERVICE"])
