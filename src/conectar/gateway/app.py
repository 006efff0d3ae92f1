"""The gateway app: the single public entry point in front of every service.

It answers /health, /metrics, /docs, /openapi.json and (local storage) /media itself; every other path is
routed by prefix to its service, hosted in this process (the ASGI call is forwarded as is) or reached over
HTTP with aiohttp, after the token, rate-limit and body-size checks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from conectar.contracts.routing import PUBLIC_ROUTES, ROUTES, WEB_SERVICE
from conectar.platform.app import add_admission_control, freeze_startup_objects, jwks_fetcher
from conectar.platform.errors import install_error_handlers
from conectar.platform.infra import Infrastructure
from conectar.platform.internal import InternalClients
from conectar.platform.observability import FASTAPI_TELEMETRY, RequestContextMiddleware
from conectar.platform.ratelimit import RateLimiter
from conectar.platform.security import ServiceTokens, TokenVerifier, VerifiedTokens

from .forwarder import Forwarder, ForwardFirstMiddleware
from .headers import TrustedProxies, peer_address
from .health import health_router
from .legacy import LegacyClientsMiddleware, LegacyCorsMiddleware
from .media import media_router
from .middleware import SecurityHeadersMiddleware, cors_options
from .openapi import OpenApiMerger, docs_router
from .policies import AccessPolicy
from .routing import RoutingTable
from .upstreams import UpstreamPool

SERVICE_NAME = "gateway"


def create_gateway_app(
    infra: Infrastructure,
    *,
    hosted: Mapping[str, ASGIApp] | None = None,
    routes: Sequence[tuple[str, str]] = ROUTES,
    public_routes: Sequence[tuple[str, str]] = PUBLIC_ROUTES,
    web_enabled: bool = False,
) -> FastAPI:
    settings = infra.settings
    hosted = dict(hosted or {})
    tokens = ServiceTokens(settings.secret("service_token_secret"), SERVICE_NAME)
    clients = InternalClients(settings, tokens, hosted)
    verifier = TokenVerifier(
        jwks_fetcher(clients),
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        revocations=infra.revocations,
    )
    limiter = RateLimiter(infra.kv, enabled=settings.rate_limit_enabled, service=SERVICE_NAME)
    trusted = TrustedProxies(settings.trusted_proxies)
    # The gateway fronts the process: spans of no service in particular are its own.
    infra.tracing.claim_default_service(SERVICE_NAME, force=True)
    routing = RoutingTable(routes, web_enabled=web_enabled, legacy_enabled=bool(settings.legacy_upstream))
    pool = UpstreamPool(settings, hosted)
    merger = OpenApiMerger(clients, routing.routes)
    # Standalone checks the services it hosts and any it was explicitly pointed at; distributed checks all.
    checked_services = tuple(
        s
        for s in routing.services + ((WEB_SERVICE,) if web_enabled else ())
        if not settings.standalone or s in hosted or getattr(settings, f"{s}_url", None)
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Hosted apps' own lifespans belong to the composition, not to us.
        await infra.acquire(bus=False)
        freeze_startup_objects()
        try:
            yield
        finally:
            await pool.close()
            await clients.close()
            await infra.release(bus=False)

    app = FastAPI(
        title="ConectarProfesionales gateway",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=FASTAPI_TELEMETRY,
        openapi_url=None,
    )
    install_error_handlers(app)
    kv_name = "kv" if settings.standalone else "redis"
    app.include_router(health_router(infra.kv, clients, checked_services, kv_name, trusted))
    app.include_router(docs_router(merger))
    if settings.resolved_storage_backend == "local":
        app.include_router(media_router(settings.data_dir))
    forwarder = Forwarder(
        settings=settings,
        routing=routing,
        pool=pool,
        policy=AccessPolicy(settings, VerifiedTokens(verifier, infra.revocations), limiter, public_routes),
        trusted_proxies=trusted,
    )
    # Unknown paths under the gateway's own prefixes end in the forwarder too (which answers 404).
    app.router.default = forwarder
    app.add_middleware(ForwardFirstMiddleware, forwarder=forwarder)
    if settings.legacy_clients_enabled:  # the original frontend under /legacy/api/v1 (docs/legacy.md)
        app.add_middleware(LegacyClientsMiddleware, forwarder=forwarder, settings=settings)
    # Inside CORS and the security headers, so that a refusal carries them like any answer.
    add_admission_control(app, SERVICE_NAME, settings)
    if settings.legacy_clients_enabled:
        app.add_middleware(LegacyCorsMiddleware, settings=settings)
    else:
        app.add_middleware(CORSMiddleware, **cors_options(settings))
    app.add_middleware(SecurityHeadersMiddleware, trusted_proxies=trusted)
    # A public client's trace context is only linked: every user action starts a trace here (its root),
    # unless a trusted proxy in front (the edge, the web app) sent the context of its own span.
    app.add_middleware(
        RequestContextMiddleware,
        service=SERVICE_NAME,
        trust_trace_context=lambda scope: peer_address(scope) in trusted,
    )
    return app
