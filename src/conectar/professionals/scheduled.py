"""Periodic jobs of the professionals service (one replica at a time, through the kernel's leases)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.jobs import PeriodicJob
from conectar.professionals import repository as repo
from conectar.professionals.flows import response_time, retention
from conectar.professionals.settings import professionals_settings

PENDING_COPY_RETENTION = timedelta(days=7)
PENDING_COPIES_INTERVAL_SECONDS = 3600
RESPONSE_TIMES_INTERVAL_SECONDS = 86400


async def forget_stale_account_copies(ctx: ServiceContext) -> None:
    """Forget the account changes kept for users who, after 7 days, still have no profile here."""
    async with ctx.db.session() as session:
        await repo.delete_pending_copies_before(session, utcnow() - PENDING_COPY_RETENTION)


async def refresh_response_times(ctx: ServiceContext) -> None:
    """Recompute every professional's median response time (conversations leave the 90-day window)."""
    await response_time.refresh_all(ctx)


async def erase_expired_kyc(ctx: ServiceContext) -> None:
    """Erase the KYC documents kept past the retention period (see ``retention`` and ``flows.retention``)."""
    await retention.erase_expired_kyc(ctx)


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    return [
        PeriodicJob(
            "professionals-pending-account-copies",
            PENDING_COPIES_INTERVAL_SECONDS,
            partial(forget_stale_account_copies, ctx),
        ),
        PeriodicJob(
            "professionals-response-times",
            RESPONSE_TIMES_INTERVAL_SECONDS,
            partial(refresh_response_times, ctx),
        ),
        PeriodicJob(
            "professionals-kyc-retention",
            professionals_settings(ctx).kyc_retention_interval_seconds,
            partial(erase_expired_kyc, ctx),
            lease_seconds=300,
        ),
    ]
