"""The users service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import QueueSpec
from conectar.users import api, api_personal_data, events, exports, personal_data
from conectar.users.models import Base, tables

NAME = "users"

EXPORT_EXPIRY_SECONDS = 3600


def _jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    async def expire_exports() -> None:
        await exports.expire(ctx)

    return [PeriodicJob("users-expire-data-exports", EXPORT_EXPIRY_SECONDS, expire_exports)]


def _queues(ctx: ServiceContext) -> list[QueueSpec]:
    return [exports.queue(ctx)]


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — users",
    routers=[api.router, api.admin_router, api_personal_data.router, api_personal_data.admin_router],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=_jobs,
    queues=_queues,
    personal_data=personal_data.HOOKS,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
