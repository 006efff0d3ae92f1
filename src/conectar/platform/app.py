"""The service app factory: every service is a FastAPI app built the same way.

A service describes itself with a :class:`ServiceDefinition` (routers, tables, event handlers, periodic
jobs, work queues); :func:`create_service_app` wires the kernel around it: database, outbox relay, inbox
consumer, periodic jobs, work queues, token verification, internal clients, error handlers, strict JSON
bodies, request context, health and metrics.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested
from conectar.platform import orphan_files
from conectar.platform.admission import AdmissionMiddleware
from conectar.platform.audit import StaffAudit, audit_router
from conectar.platform.consumer import EventHandlerFn, InboxConsumer
from conectar.platform.db import Database
from conectar.platform.errors import install_error_handlers
from conectar.platform.handlers import EventHandlers
from conectar.platform.infra import Infrastructure
from conectar.platform.internal import InternalClients
from conectar.platform.jobs import JobRunner, PeriodicJob
from conectar.platform.jsonbody import StrictJSONMiddleware
from conectar.platform.kv import KeyValueStore
from conectar.platform.observability import FASTAPI_TELEMETRY, RequestContextMiddleware, metrics_response
from conectar.platform.orphan_files import StoredFiles
from conectar.platform.outbox import MessagingTables, Outbox, OutboxRelay
from conectar.platform.personal_data import PersonalDataHooks, deletion_handler, personal_data_router
from conectar.platform.ratelimit import RateLimiter
from conectar.platform.readiness import readiness
from conectar.platform.security import (
    RevocationList,
    ServiceTokens,
    TokenVerifier,
    VerifiedTokens,
    Verifier,
    guard_before_body,
)
from conectar.platform.settings import Settings
from conectar.platform.storage import Storage
from conectar.platform.tasks import Repeating
from conectar.platform.tracing import SERVICE
from conectar.platform.workqueue import QueueSpec, WorkQueues

log = structlog.get_logger(__name__)

_frozen: list[bool] = []


def freeze_startup_objects() -> None:
    """Everything loaded at start lives as long as the process: keep it out of the collector's full
    passes, which otherwise stall every request in flight for 100–300 ms now and then (measured with
    bench/webhooks.py). Once per process, after a collection so that no garbage is frozen."""
    if _frozen:
        return
    _frozen.append(True)
    gc.collect()
    gc.freeze()


DEPENDENCY_WATCH_SECONDS = 15.0

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class ServiceContext:
    """Everything a service's routes, handlers and jobs need from the kernel."""

    name: str
    settings: Settings
    infra: Infrastructure
    db: Database
    tables: MessagingTables
    outbox: Outbox
    clients: InternalClients
    service_tokens: ServiceTokens
    verifier: Verifier
    limiter: RateLimiter
    queues: WorkQueues
    audit: StaffAudit
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def kv(self) -> KeyValueStore:
        return self.infra.kv

    @property
    def storage(self) -> Storage:
        return self.infra.storage

    @property
    def revocations(self) -> RevocationList:
        return self.infra.revocations


@dataclass
class ServiceDefinition:
    name: str
    title: str
    routers: list[APIRouter]
    metadata: MetaData
    tables: MessagingTables
    # The events the service consumes (``conectar.platform.handlers``); the kernel adds its own.
    handlers: EventHandlers[ServiceContext] | None = None
    jobs: Callable[[ServiceContext], list[PeriodicJob]] | None = None
    # The service's work queues and their handlers, built after ``on_startup`` (handlers may use what it
    # builds); jobs can be enqueued from the start, they run once the queues have started.
    queues: Callable[[ServiceContext], list[QueueSpec]] | None = None
    # The families of files the service stores: the kernel's job deletes those no row names
    # (``conectar.platform.orphan_files``).
    files: tuple[StoredFiles, ...] = ()
    # What the service holds about a person: its part of an export and of a deletion (SPEC §14).
    personal_data: PersonalDataHooks | None = None
    # The outbox relay's settle for this service, when it has its own (default: CONECTAR_OUTBOX_SETTLE_MS).
    outbox_settle_ms: Callable[[ServiceContext], float] | None = None
    on_startup: Callable[[ServiceContext], Awaitable[None]] | None = None
    on_shutdown: Callable[[ServiceContext], Awaitable[None]] | None = None
    configure: Callable[[FastAPI], None] | None = None


def jwks_fetcher(clients: InternalClients) -> Callable[[], Awaitable[dict[str, Any]]]:
    async def fetch() -> dict[str, Any]:
        response = await clients.client("auth").get("/.well-known/jwks.json")
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document

    return fetch


def build_context(definition: ServiceDefinition, infra: Infrastructure) -> ServiceContext:
    settings = infra.settings
    db = Database(
        settings.database_url(definition.name),
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    tokens = ServiceTokens(settings.secret("service_token_secret"), definition.name)
    clients = InternalClients(settings, tokens, infra.asgi_apps)
    verifier = VerifiedTokens(
        TokenVerifier(
            jwks_fetcher(clients),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            revocations=infra.revocations,
        ),
        infra.revocations,
    )
    return ServiceContext(
        name=definition.name,
        settings=settings,
        infra=infra,
        db=db,
        tables=definition.tables,
        outbox=Outbox(definition.tables, definition.name),
        clients=clients,
        service_tokens=tokens,
        verifier=verifier,
        limiter=RateLimiter(infra.kv, enabled=settings.rate_limit_enabled, service=definition.name),
        queues=WorkQueues(definition.name, db, definition.tables.work_jobs),
        audit=StaffAudit(definition.name, definition.tables.audit),
    )


def event_handlers(definition: ServiceDefinition, ctx: ServiceContext) -> dict[str, EventHandlerFn]:
    """The service's own handlers plus the kernel's: its part of an account deletion."""
    handlers = definition.handlers.bind(ctx) if definition.handlers is not None else {}
    if definition.personal_data is not None:
        deletion = AccountDeletionRequested.event_type()
        if deletion in handlers:
            raise ValueError(f"{definition.name}: {deletion} is handled by the kernel (personal_data hooks)")
        handlers[deletion] = deletion_handler(ctx, definition.personal_data)
    return handlers


def service_jobs(definition: ServiceDefinition, ctx: ServiceContext) -> list[PeriodicJob]:
    """The service's periodic jobs plus the kernel's: the sweep of its orphan files."""
    jobs = definition.jobs(ctx) if definition.jobs else []
    if definition.files:
        grace = timedelta(hours=ctx.settings.orphan_files_grace_hours)

        async def sweep_orphan_files() -> None:
            await orphan_files.sweep(definition.name, ctx.db, ctx.storage, definition.files, grace=grace)

        jobs.append(
            PeriodicJob(
                f"{definition.name}-sweep-orphan-files",
                ctx.settings.orphan_files_interval_seconds,
                sweep_orphan_files,
                lease_seconds=600,
            )
        )
    return jobs


def add_admission_control(app: FastAPI, service: str, settings: Settings) -> None:
    if settings.http_max_in_flight > 0:
        app.add_middleware(
            AdmissionMiddleware,
            service=service,
            limit=settings.http_max_in_flight,
            max_wait=settings.http_admission_wait_seconds,
        )


def create_service_app(definition: ServiceDefinition, infra: Infrastructure) -> FastAPI:
    ctx = build_context(definition, infra)
    relay = OutboxRelay(
        service=definition.name,
        db=ctx.db,
        outbox=ctx.outbox,
        bus=infra.bus,
        batch_size=infra.settings.outbox_batch_size,
        poll_seconds=infra.settings.outbox_poll_seconds,
        max_attempts=infra.settings.outbox_max_attempts,
        settle_seconds=(
            definition.outbox_settle_ms(ctx)
            if definition.outbox_settle_ms
            else infra.settings.outbox_settle_ms
        )
        / 1000,
    )
    runner = JobRunner(definition.name, ctx.db, ctx.tables, service_jobs(definition, ctx))
    ctx.extras["relay"] = relay
    ctx.extras["jobs"] = runner
    infra.tracing.claim_default_service(definition.name)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The service's background tasks (relay, jobs, queues, consumer) start here and inherit its name:
        # their spans carry it (standalone hosts every service in this one process).
        service_token = SERVICE.set(definition.name)
        watcher: Repeating | None = None
        consuming = False
        await infra.acquire()
        try:
            # Handlers may use what the startup hook builds, so consuming starts after it.
            if definition.on_startup is not None:
                await definition.on_startup(ctx)
            handlers = event_handlers(definition, ctx)
            if handlers:
                consumer = InboxConsumer(
                    definition.name,
                    ctx.db,
                    ctx.tables,
                    handlers,
                    batch_max=infra.settings.consumer_batch_max,
                    prepare=definition.handlers.bind_prepare(ctx)
                    if definition.handlers is not None
                    else None,
                )
                await infra.bus.subscribe(definition.name, consumer)
                consuming = True
            if definition.queues is not None:
                for spec in definition.queues(ctx):
                    ctx.queues.register(spec)
            relay.start()
            runner.start()
            ctx.queues.start()
            watcher = watch_dependencies(ctx)
            watcher.start()
            freeze_startup_objects()
            log.info("service_started", service=definition.name)
            SERVICE.reset(service_token)
            yield
        finally:
            # Events being handled finish (or come again) while the database is still open.
            if consuming:
                await infra.bus.unsubscribe(definition.name)
            if watcher is not None:
                await watcher.stop()
            await ctx.queues.stop()
            await runner.stop()
            await relay.stop()
            if definition.on_shutdown is not None:
                await definition.on_shutdown(ctx)
            await ctx.clients.close()
            await ctx.db.dispose()
            await infra.release()

    app = FastAPI(
        title=definition.title,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=FASTAPI_TELEMETRY,
        openapi_url="/openapi.json",
    )
    app.state.ctx = ctx
    install_error_handlers(app, guard=guard_before_body)
    for router in definition.routers:
        app.include_router(router)
    app.include_router(health_router(ctx))
    app.include_router(audit_router())
    if definition.personal_data is not None:
        app.include_router(personal_data_router(definition.personal_data))
    if definition.configure is not None:
        definition.configure(app)
    app.add_middleware(StrictJSONMiddleware)
    add_admission_control(app, definition.name, infra.settings)
    app.add_middleware(RequestContextMiddleware, service=definition.name)
    if infra.asgi_apps is not None:
        infra.asgi_apps[definition.name] = app
    return app


async def check_dependencies(ctx: ServiceContext) -> JSONResponse:
    """The readiness answer; it also sets ``conectar_dependency_up`` for each dependency."""
    kv_name = "kv" if ctx.settings.standalone else "redis"
    return await readiness(
        ctx.name,
        required={"database": ctx.db.ping},
        degradable={"broker": ctx.infra.bus.ping, kv_name: ctx.infra.kv.ping},
    )


def watch_dependencies(ctx: ServiceContext) -> Repeating:
    """Keeps ``conectar_dependency_up`` current where nothing probes readiness (Compose's health checks ask
    /health/live): the alert on a dependency being down must not depend on who calls what."""
    return Repeating(f"dependencies-{ctx.name}", DEPENDENCY_WATCH_SECONDS, lambda: check_dependencies(ctx))


def health_router(ctx: ServiceContext) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok", "service": ctx.name}

    @router.get("/health/ready")
    async def ready() -> JSONResponse:
        return await check_dependencies(ctx)

    @router.get("/metrics")
    async def metrics(request: Request) -> Response:
        return metrics_response(request.headers.get("accept"))

    return router


def context_of(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


# Dependencies are coroutines: FastAPI runs a plain ``def`` dependency in a worker thread, a thread
# hand-off on every request (about a tenth of a short read's CPU in the users service).
async def get_ctx(request: Request) -> ServiceContext:
    return context_of(request)


Ctx = Annotated[ServiceContext, Depends(get_ctx)]


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's unit of work: commits before the response is sent, rolls back on error."""
    ctx = context_of(request)
    async with ctx.db.session(write=request.method in WRITE_METHODS) as session:
        yield session


Session = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_snapshot(request: Request) -> AsyncIterator[AsyncSession]:
    """A read-only unit of work whose statements share one snapshot (``Database.snapshot``): for a read
    model computed in several statements that must agree with each other (a balance, a page and its
    total)."""
    async with context_of(request).db.snapshot() as session:
        yield session


Snapshot = Annotated[AsyncSession, Depends(get_snapshot, scope="function")]
