"""The gateway's health: its own liveness and readiness, the whole platform's at /health, and its
Prometheus metrics at /metrics for scrapers on the private network only."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Sequence

import structlog
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from conectar.platform.errors import Forbidden
from conectar.platform.internal import InternalClients
from conectar.platform.kv import KeyValueStore
from conectar.platform.observability import metrics_response
from conectar.platform.readiness import probe, readiness

from .headers import TrustedProxies, resolve_client

log = structlog.get_logger(__name__)


def is_internal_address(address: str) -> bool:
    """Loopback, private or otherwise not routed on the public internet (an unknown caller is not)."""
    try:
        return not ipaddress.ip_address(address).is_global
    except ValueError:
        return False


async def kv_status(kv: KeyValueStore) -> str:
    return await probe(kv.ping)


async def service_status(clients: InternalClients, service: str) -> str:
    async def ready() -> None:
        response = await clients.client(service).get("/health/ready")
        if response.status_code != 200:
            raise ConnectionError(f"HTTP {response.status_code}")

    return await probe(ready)


def health_router(
    kv: KeyValueStore,
    clients: InternalClients,
    services: Sequence[str],
    kv_name: str,
    trusted_proxies: TrustedProxies,
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok", "service": "gateway"}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        # Rate limits and revocations fall back to this process's memory while the store is away.
        return await readiness("gateway", required={}, degradable={kv_name: kv.ping})

    @router.get("/health")
    async def platform() -> JSONResponse:
        results = await asyncio.gather(kv_status(kv), *(service_status(clients, s) for s in services))
        statuses = {"gateway": results[0], **dict(zip(services, results[1:], strict=True))}
        healthy = all(value == "ok" for value in statuses.values())
        if not healthy:
            log.warning(
                "platform_unhealthy", down=[name for name, value in statuses.items() if value != "ok"]
            )
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "services": statuses},
            status_code=200 if healthy else 503,
        )

    @router.get("/metrics")
    async def metrics(request: Request) -> Response:
        # Route names, upstream outcomes and traffic figures are for the operators' scraper, not the
        # internet: the caller (through a trusted proxy, the client that proxy names) must be internal.
        if not is_internal_address(resolve_client(request.scope, trusted_proxies).address):
            raise Forbidden("Disponible solo desde la red interna")
        return metrics_response(request.headers.get("accept"))

    return router
