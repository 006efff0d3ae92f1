"""Periodic jobs and work queues of the chat service (jobs run in one replica at a time, through the
kernel's leases)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from conectar.chat import repository as repo
from conectar.chat.conversations import chat_settings
from conectar.chat.flows import money_queue, pedidos, timers, visitas
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import QueueSpec

PRUNE_FEED_INTERVAL_SECONDS = 6 * 3600


async def run_timers(ctx: ServiceContext) -> None:
    """Apply the timed transitions whose time has come (offer expiry, unpaid trabajos, auto-release,
    escalations)."""
    await timers.run_timers(ctx)


async def prune_feed(ctx: ServiceContext) -> None:
    """Delete the real-time feed items older than ``chat_feed_retention_days``."""
    days = chat_settings(ctx).chat_feed_retention_days
    async with ctx.db.session() as session:
        await repo.delete_feed_before(session, utcnow() - timedelta(days=days))


async def send_visit_reminders(ctx: ServiceContext) -> None:
    """The visits' reminders due now, 24 h and 2 h before (SPEC §11: ``visita_recordatorio``)."""
    await visitas.send_visit_reminders(ctx)


async def expire_pedidos(ctx: ServiceContext) -> None:
    """Open pedidos older than 14 days become VENCIDO (SPEC §10), their open offers rejected."""
    await pedidos.expire_pedidos(ctx)


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    settings = chat_settings(ctx)
    return [
        PeriodicJob("chat-timers", settings.chat_timer_interval_seconds, partial(run_timers, ctx)),
        PeriodicJob("chat-prune-feed", PRUNE_FEED_INTERVAL_SECONDS, partial(prune_feed, ctx)),
        PeriodicJob(
            "chat-visit-reminders",
            settings.chat_visit_reminder_interval_seconds,
            partial(send_visit_reminders, ctx),
        ),
        PeriodicJob(
            "chat-pedidos-expiry", settings.chat_timer_interval_seconds, partial(expire_pedidos, ctx)
        ),
    ]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """The money movements transitions decide (open the checkout, release, refund): see chat/money.py."""
    return [money_queue.queue_spec(ctx)]
