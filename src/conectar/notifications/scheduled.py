"""Periodic jobs (one replica at a time, through the kernel's leases) and work queues of the notifications
service."""

from __future__ import annotations

from datetime import timedelta

import structlog
from prometheus_client import Gauge

from conectar.notifications import delivery
from conectar.notifications import repository as repo
from conectar.notifications.catalog import OUTBOUND_CHANNELS
from conectar.notifications.models import DEAD, PENDING
from conectar.notifications.runtime import runtime_of
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import QueueSpec

log = structlog.get_logger(__name__)

DELIVERY_BACKLOG = Gauge(
    "conectar_notifications_backlog", "Deliveries waiting (pending) or dead", ["channel", "status"]
)


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    queues = [delivery.queue_of(canal) for canal in OUTBOUND_CHANNELS]

    async def purge() -> None:
        days = runtime_of(ctx).settings.notifications_retention_days
        cutoff = utcnow() - timedelta(days=days)
        async with ctx.db.session(write=True) as session:
            notifications, deliveries = await repo.purge_before(session, cutoff)
            dead_jobs = await ctx.queues.purge_dead(session, queues, before=cutoff)
        if notifications or deliveries or dead_jobs:
            log.info(
                "notifications_purged", notifications=notifications, deliveries=deliveries, jobs=dead_jobs
            )

    async def measure() -> None:
        async with ctx.db.session(write=False) as session:
            counts = await repo.delivery_counts(session)
        for canal in OUTBOUND_CHANNELS:
            for status in (PENDING, DEAD):
                DELIVERY_BACKLOG.labels(canal.value, status).set(counts.get((canal.value, status), 0))

    return [
        PeriodicJob("notifications-purge", 3600, purge),
        PeriodicJob("notifications-measure", 30, measure, lease_seconds=25),
    ]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """The outbound deliveries: one work queue per channel (``notifications.email``, ``.push``)."""
    return runtime_of(ctx).queue_specs()
