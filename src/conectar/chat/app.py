"""The chat & offers service app."""

from __future__ import annotations

import dataclasses

from fastapi import FastAPI

from conectar.chat import (
    api_conversations,
    api_disputes,
    api_jobs,
    events,
    metrics,
    money_queue,
    personal_data,
    timers,
)
from conectar.chat import repository as repo
from conectar.chat.conversations import chat_settings
from conectar.chat.models import Base, tables
from conectar.chat.realtime import Hub
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.db import utcnow
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import QueueSpec

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


def _queues(ctx: ServiceContext) -> list[QueueSpec]:
    # The money movements transitions decide (open the checkout, release, refund): see chat/money.py.
    return [money_queue.queue_spec(ctx)]


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    settings = chat_settings(ctx)

    async def run_timers() -> None:
        await timers.run_timers(ctx)

    async def prune_feed() -> None:
        from datetime import timedelta

        async with ctx.db.session() as session:
            await repo.delete_feed_before(
                session, utcnow() - timedelta(days=settings.chat_feed_retention_days)
            )

    return [
        PeriodicJob("chat-timers", settings.chat_timer_interval_seconds, run_timers),
        PeriodicJob("chat-prune-feed", 6 * 3600, prune_feed),
    ]


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
    ],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=_jobs,
    queues=_queues,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure) -> FastAPI:
    # The admin's "simulate payment" hook exists only while the sandbox provider is active (SPEC §5).
    sandbox = infra.settings.payment_provider == "sandbox"
    routers = [r for r in DEFINITION.routers if sandbox or r is not api_jobs.sandbox_admin]
    return create_service_app(dataclasses.replace(DEFINITION, routers=routers), infra)
