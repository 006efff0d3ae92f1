"""The auth service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.auth import api, internal_api, personal_data, service
from conectar.auth.keys import KeyRing
from conectar.auth.models import Base, tables
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob

NAME = "auth"
REVOCATION_RESEED_SECONDS = 2.0


async def _startup(ctx: ServiceContext) -> None:
    ring = KeyRing(ctx.db, ctx.settings.secret("secret_key"))
    ctx.extras["keyring"] = ring
    await ring.ensure_key()


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    async def cleanup() -> None:
        await service.cleanup_expired(ctx)

    async def reseed() -> None:
        await service.reseed_revocations(ctx)

    jobs = [PeriodicJob("auth-cleanup-expired-tokens", 3600, cleanup)]
    if not ctx.settings.standalone:
        # Redis is a cache of our records: refill it soon after it forgets them (a restart, a flush).
        jobs.append(
            PeriodicJob("auth-reseed-revocations", REVOCATION_RESEED_SECONDS, reseed, lease_seconds=10)
        )
    return jobs


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — auth",
    routers=[api.router, api.jwks_router, internal_api.router],
    metadata=Base.metadata,
    tables=tables,
    jobs=_jobs,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
