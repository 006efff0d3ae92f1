"""The professionals service app."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.db import utcnow
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob
from conectar.professionals import events, internal_api, personal_data, retention
from conectar.professionals import repository as repo
from conectar.professionals.api import admin, favoritos, professional, public
from conectar.professionals.models import Base, tables
from conectar.professionals.service import response_time
from conectar.professionals.settings import professionals_settings

NAME = "professionals"
PENDING_COPY_RETENTION = timedelta(days=7)


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    async def forget_stale_account_copies() -> None:
        async with ctx.db.session() as session:
            await repo.delete_pending_copies_before(session, utcnow() - PENDING_COPY_RETENTION)

    async def refresh_response_times() -> None:
        await response_time.refresh_all(ctx)

    async def erase_expired_kyc() -> None:
        await retention.erase_expired_kyc(ctx)

    return [
        PeriodicJob("professionals-pending-account-copies", 3600, forget_stale_account_copies),
        PeriodicJob("professionals-response-times", 86400, refresh_response_times),
        PeriodicJob(
            "professionals-kyc-retention",
            professionals_settings(ctx).kyc_retention_interval_seconds,
            erase_expired_kyc,
            lease_seconds=300,
        ),
    ]


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — professionals",
    routers=[professional.router, admin.router, public.router, favoritos.router, internal_api.router],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=_jobs,
    personal_data=personal_data.HOOKS,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
