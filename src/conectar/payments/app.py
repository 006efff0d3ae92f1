"""The payments service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.payments import api, internal_api, sandbox_api
from conectar.payments.models import Base, tables
from conectar.payments.runtime import RUNTIME_KEY, build_runtime, runtime_of
from conectar.payments.service import reconcile
from conectar.payments.service.reports import RECONCILE_JOB
from conectar.payments.settings import PaymentsSettings
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob

NAME = "payments"


async def _startup(ctx: ServiceContext) -> None:
    runtime = build_runtime(ctx)
    ctx.extras[RUNTIME_KEY] = runtime
    runtime.start()


async def _shutdown(ctx: ServiceContext) -> None:
    runtime = ctx.extras.pop(RUNTIME_KEY, None)
    if runtime is not None:
        await runtime.stop()


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    interval = PaymentsSettings().payments_reconcile_interval_seconds

    async def run() -> None:
        await reconcile.reconcile(runtime_of(ctx))

    return [PeriodicJob(RECONCILE_JOB, interval, run, lease_seconds=max(60.0, interval))]


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
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
