"""Periodic jobs and work queues of the chat service (jobs run in one replica at a time, through the
kernel's leases)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from conectar.chat import repository as repo
from conectar.chat.conversations import chat_settings
from conectar.chat.flows import money_queue, timers
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


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    return [
        PeriodicJob("chat-timers", chat_settings(ctx).chat_timer_interval_seconds, partial(run_timers, ctx)),
        PeriodicJob("chat-prune-feed", PRUNE_FEED_INTERVAL_SECONDS, partial(prune_feed, ctx)),
    ]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """The money movements transitions decide (open the checkout, release, refund): see chat/money.py."""
    return [money_queue.queue_spec(ctx)]
