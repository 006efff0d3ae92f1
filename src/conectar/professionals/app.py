"""The professionals service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.platform.app import ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure
from conectar.professionals import events, internal_api, personal_data, scheduled, stored_files
from conectar.professionals.api import admin, favoritos, professional, public
from conectar.professionals.models import Base, tables

NAME = "professionals"


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — professionals",
    routers=[professional.router, admin.router, public.router, favoritos.router, internal_api.router],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=scheduled.jobs,
    files=stored_files.FILES,
    personal_data=personal_data.HOOKS,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
