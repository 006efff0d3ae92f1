"""The payments service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.payments import api, internal_api, metrics, personal_data, sandbox_api, scheduled
from conectar.payments.models import Base, tables
from conectar.payments.runtime import RUNTIME_KEY, build_runtime
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure

NAME = "payments"


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
    jobs=scheduled.jobs,
    queues=scheduled.queues,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
