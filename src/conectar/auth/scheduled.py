"""Periodic jobs of the auth service (one replica at a time, through the kernel's leases)."""

from __future__ import annotations

from functools import partial

from conectar.auth import flows
from conectar.platform.app import ServiceContext
from conectar.platform.jobs import PeriodicJob

CLEANUP_INTERVAL_SECONDS = 3600
REVOCATION_RESEED_SECONDS = 2.0


async def delete_expired_tokens(ctx: ServiceContext) -> None:
    """Delete the refresh tokens (and their access tokens) and the reset tokens that expired, or were used,
    more than a day ago."""
    await flows.cleanup_expired(ctx)


async def reseed_revocations(ctx: ServiceContext) -> None:
    """Refill the shared revocation cache (Redis) from our records when it has forgotten them."""
    await flows.reseed_revocations(ctx)


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    scheduled = [
        PeriodicJob(
            "auth-cleanup-expired-tokens", CLEANUP_INTERVAL_SECONDS, partial(delete_expired_tokens, ctx)
        )
    ]
    if not ctx.settings.standalone:
        # Redis is a cache of our records: refill it soon after it forgets them (a restart, a flush).
        scheduled.append(
            PeriodicJob(
                "auth-reseed-revocations",
                REVOCATION_RESEED_SECONDS,
                partial(reseed_revocations, ctx),
                lease_seconds=10,
            )
        )
    return scheduled
