"""Periodic jobs and work queues of the users service (jobs run in one replica at a time, through the
kernel's leases)."""

from __future__ import annotations

from functools import partial

from conectar.platform.app import ServiceContext
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import QueueSpec
from conectar.users.flows import exports

EXPORT_EXPIRY_SECONDS = 3600


async def expire_data_exports(ctx: ServiceContext) -> None:
    """Erase the data exports whose 7 days are over (their rows stay, VENCIDA)."""
    await exports.expire(ctx)


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    return [
        PeriodicJob("users-expire-data-exports", EXPORT_EXPIRY_SECONDS, partial(expire_data_exports, ctx))
    ]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """The data exports being built (``exportar-datos``)."""
    return [exports.queue(ctx)]
