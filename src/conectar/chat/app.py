"""The chat & offers service app."""

from __future__ import annotations

import dataclasses

from fastapi import FastAPI

from conectar.chat import (
    api_attachments,
    api_conversations,
    api_disputes,
    api_jobs,
    api_pedidos,
    api_visitas,
    events,
    metrics,
    personal_data,
    scheduled,
    stored_files,
)
from conectar.chat.conversations import chat_settings
from conectar.chat.flows import money_queue
from conectar.chat.models import Base, tables
from conectar.chat.realtime import Hub
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure

NAME = "chat"


async def _startup(ctx: ServiceContext) -> None:
    realtime = Hub(ctx)
    ctx.extras["hub"] = realtime
    await realtime.start()
    gauge = money_queue.awaiting_staff_gauge(ctx)
    ctx.extras["money_gauge"] = gauge
    gauge.start()
    overdue = metrics.escrow_overdue_gauge(ctx.db, chat_settings(ctx))
    ctx.extras["escrow_overdue_gauge"] = overdue
    overdue.start()


async def _shutdown(ctx: ServiceContext) -> None:
    await ctx.extras["escrow_overdue_gauge"].stop()
    await ctx.extras["money_gauge"].stop()
    await ctx.extras["hub"].stop()


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — chat y ofertas",
    routers=[
        api_conversations.router,
        api_conversations.admin_router,
        api_jobs.professional,
        api_jobs.client,
        api_jobs.reviews_router,
        api_jobs.admin,
        api_jobs.sandbox_admin,
        api_disputes.router,
        api_disputes.admin_router,
        api_attachments.router,
        api_visitas.client,
        api_visitas.professional,
        api_visitas.router,
        api_pedidos.router,
        api_pedidos.professional,
    ],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=scheduled.jobs,
    files=stored_files.FILES,
    queues=scheduled.queues,
    personal_data=personal_data.HOOKS,
    outbox_settle_ms=lambda ctx: chat_settings(ctx).chat_outbox_settle_ms,
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure) -> FastAPI:
    # The admin's "simulate payment" hook exists only while the sandbox provider is active (SPEC §5).
    sandbox = infra.settings.payment_provider == "sandbox"
    routers = [r for r in DEFINITION.routers if sandbox or r is not api_jobs.sandbox_admin]
    return create_service_app(dataclasses.replace(DEFINITION, routers=routers), infra)
