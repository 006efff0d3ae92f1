"""What an operator watches to retire the layer: every legacy route's requests, and when it was last used.

A route whose counter stops growing (``rate(conectar_legacy_requests_total[30d]) == 0``) or whose
last-request time is old has no client left: its line in the table can go (docs/legacy.md, "Until when").
"""

from __future__ import annotations

import time

from prometheus_client import Counter, Gauge

LEGACY_REQUESTS = Counter(
    "conectar_legacy_requests_total",
    "Requests of legacy clients under /legacy, by declared legacy route (or unmatched) and status",
    ["route", "status"],
)
LEGACY_LAST_REQUEST = Gauge(
    "conectar_legacy_last_request_timestamp_seconds",
    "When a legacy route was last called, as a Unix time (0: not since this process started)",
    ["route"],
)


# The one label of every request under /legacy that is not a declared call (a 404): labels are the table's
# routes and this, never a path a caller chose.
UNMATCHED = "unmatched"


def declare(routes: list[str]) -> None:
    """Every declared route shows from the start (at 0), so one nobody calls is visible as such."""
    for route in routes:
        LEGACY_LAST_REQUEST.labels(route)  # a new child starts at 0; one already counting keeps its time


def observe(route: str, status: int) -> None:
    LEGACY_REQUESTS.labels(route, str(status)).inc()
    LEGACY_LAST_REQUEST.labels(route).set(time.time())
