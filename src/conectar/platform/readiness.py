"""Readiness: can this instance serve requests now?

Only what nothing covers makes an instance unready — a service's own database. A dependency behind a
buffer or a fallback (the broker behind the outbox, Redis behind the local fallbacks) being away makes it
*degraded*: it stays in the load balancer, says so in the body of ``/health/ready`` and in the
``conectar_dependency_up`` gauge, and the operators' alerts page on that instead. Taking every replica out
of service because RabbitMQ is restarting would turn a buffered outage into a total one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from fastapi.responses import JSONResponse
from prometheus_client import Gauge

READY_CHECK_TIMEOUT = 2.0

Check = Callable[[], Awaitable[object]]

DEPENDENCY_UP = Gauge(
    "conectar_dependency_up",
    "1 when the dependency answered the last readiness check, 0 when it did not",
    ["service", "dependency"],
)


async def probe(check: Check) -> str:
    """``ok``, or what went wrong, for a dependency check that must answer within READY_CHECK_TIMEOUT."""
    try:
        await asyncio.wait_for(check(), READY_CHECK_TIMEOUT)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


async def readiness(
    service: str, *, required: Mapping[str, Check], degradable: Mapping[str, Check]
) -> JSONResponse:
    """200 while every required dependency answers (``status`` ok, or degraded naming what is away);
    503 when a required one does not."""
    names = [*required, *degradable]
    results = await asyncio.gather(*(probe(check) for check in [*required.values(), *degradable.values()]))
    checks = dict(zip(names, results, strict=True))
    for name, result in checks.items():
        DEPENDENCY_UP.labels(service, name).set(1 if result == "ok" else 0)
    unavailable = [name for name in required if checks[name] != "ok"]
    degraded = [name for name in degradable if checks[name] != "ok"]
    status = "unavailable" if unavailable else "degraded" if degraded else "ok"
    body: dict[str, object] = {"status": status, "service": service, "checks": checks}
    if degraded:
        body["degraded"] = degraded
    return JSONResponse(body, status_code=503 if unavailable else 200)
