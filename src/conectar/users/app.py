"""The users service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.platform.app import ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.users import api, api_personal_data, events, personal_data, scheduled, stored_files
from conectar.users.models import Base, tables

NAME = "users"


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — users",
    routers=[api.router, api.admin_router, api_personal_data.router, api_personal_data.admin_router],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=scheduled.jobs,
    files=stored_files.FILES,
    queues=scheduled.queues,
    personal_data=personal_data.HOOKS,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
