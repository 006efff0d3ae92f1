"""The chat & offers service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.chat import api_conversations, api_disputes, api_jobs, events, timers
from conectar.chat import repository as repo
from conectar.chat.models import Base, tables
from conectar.chat.money import MoneyWorker
from conectar.chat.realtime import Hub
from conectar.chat.settings import ChatSettings
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.db import utcnow
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob

NAME = "chat"


def _settings(ctx: ServiceContext) -> ChatSettings:
    settings = ctx.extras.get("chat_settings")
    if settings is None:
        settings = ChatSettings()
        ctx.extras["chat_settings"] = settings
    return settings


async def _startup(ctx: ServiceContext) -> None:
    settings = _settings(ctx)
    realtime = Hub(ctx)
    ctx.extras["hub"] = realtime
    await realtime.start()
    worker = MoneyWorker(ctx, settings.chat_money_retry_seconds)
    ctx.extras["money_worker"] = worker
    worker.start()


async def _shutdown(ctx: ServiceContext) -> None:
    await ctx.extras["money_worker"].stop()
    await ctx.extras["hub"].stop()


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    settings = _settings(ctx)

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


def _routers(infra: Infrastructure) -> list:  # type: ignore[type-arg]
    routers = [
        api_conversations.router,
        api_conversations.admin_router,
        api_jobs.professional,
        api_jobs.client,
        api_jobs.reviews_router,
        api_jobs.admin,
        api_disputes.router,
        api_disputes.admin_router,
    ]
    if infra.settings.payment_provider == "sandbox":
        routers.append(api_jobs.sandbox_admin)
    return routers


def create_app(infra: Infrastructure) -> FastAPI:
    definition = ServiceDefinition(
        name=NAME,
        title="ConectarProfesionales — chat y ofertas",
        routers=_routers(infra),
        metadata=Base.metadata,
        tables=tables,
        handlers=events.handlers,
        jobs=_jobs,
        on_startup=_startup,
        on_shutdown=_shutdown,
    )
    return create_service_app(definition, infra)


DEFINITION = ServiceDefinition(
    name=NAME,
    title="chat",
    routers=[],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
)
