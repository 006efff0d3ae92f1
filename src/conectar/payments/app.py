"""The payments service app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI

from conectar.payments import api, internal_api, metrics, personal_data, sandbox_api
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import Base, tables
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.runtime import RUNTIME_KEY, build_runtime, runtime_of
from conectar.payments.service import notifications, reconcile, sandbox_delivery
from conectar.payments.service.reports import RECONCILE_JOB
from conectar.payments.settings import PaymentsSettings
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import Backoff, Job, Outcome, QueueSpec

NAME = "payments"
BATCH_SIZE = 50
BACKOFF_BASE_SECONDS = 0.5
NOTIFICATIONS_BACKOFF_CAP_SECONDS = 300.0
SANDBOX_WEBHOOKS_BACKOFF_CAP_SECONDS = 60.0


GAUGES_KEY = "payments_gauges"


async def _startup(ctx: ServiceContext) -> None:
    ctx.extras[RUNTIME_KEY] = build_runtime(ctx)
    gauges = metrics.gauges(ctx.db)
    ctx.extras[GAUGES_KEY] = gauges
    gauges.start()


async def _shutdown(ctx: ServiceContext) -> None:
    gauges = ctx.extras.pop(GAUGES_KEY, None)
    if gauges is not None:
        await gauges.stop()
    runtime = ctx.extras.pop(RUNTIME_KEY, None)
    if runtime is not None:
        await runtime.stop()


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    interval = PaymentsSettings().payments_reconcile_interval_seconds

    async def run() -> None:
        await reconcile.reconcile(runtime_of(ctx))

    return [PeriodicJob(RECONCILE_JOB, interval, run, lease_seconds=max(60.0, interval))]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """The service's work queues (after ``_startup``: the handlers use its runtime). Tests that build the
    runtime themselves register them with ``ctx.queues.register``."""
    runtime = runtime_of(ctx)
    own = runtime.settings

    async def handle_notification(job: Job) -> Outcome:
        return await notifications.handle_job(runtime, job)

    async def deliver_webhook(job: Job) -> Outcome:
        return await sandbox_delivery.deliver_job(runtime, job)

    def spec(name: str, handler: Callable[[Job], Awaitable[Outcome]], cap: float, **extra: Any) -> QueueSpec:
        return QueueSpec(
            name,
            handler,
            concurrency=own.payments_worker_concurrency,
            batch_size=BATCH_SIZE,
            max_attempts=own.payments_worker_max_attempts,
            backoff=Backoff(BACKOFF_BASE_SECONDS, cap),
            poll_seconds=own.payments_worker_poll_seconds,
            **extra,
        )

    specs = [
        spec(
            NOTIFICATIONS_QUEUE,
            handle_notification,
            NOTIFICATIONS_BACKOFF_CAP_SECONDS,
            # A burst of webhooks is taken whole, and handled one at a time while webhooks keep arriving
            # (answering them comes first).
            settle_seconds=own.payments_worker_settle_seconds,
            yield_to=runtime.inbox.busy,
        )
    ]
    if runtime.sandbox is not None:
        specs.append(spec(WEBHOOKS_QUEUE, deliver_webhook, SANDBOX_WEBHOOKS_BACKOFF_CAP_SECONDS))
    return specs


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — payments",
    routers=[
        api.webhook_router,
        api.router,
        api.admin_router,
        sandbox_api.router,
        sandbox_api.provider_router,
        internal_api.router,
    ],
    metadata=Base.metadata,
    tables=tables,
    jobs=_jobs,
    queues=queues,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
