"""The auth service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.auth import api, internal_api, personal_data, scheduled
from conectar.auth.keys import KeyRing
from conectar.auth.models import Base, tables
from conectar.auth.settings import auth_settings
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure

NAME = "auth"


async def _startup(ctx: ServiceContext) -> None:
    auth_settings(ctx)  # a malformed per-client setting stops the start, not the first login
    ring = KeyRing(ctx.db, ctx.settings.secret("secret_key"))
    ctx.extras["keyring"] = ring
    await ring.ensure_key()


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — auth",
    routers=[api.router, api.jwks_router, internal_api.router],
    metadata=Base.metadata,
    tables=tables,
    jobs=scheduled.jobs,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
)


def create_app(infra: Infrastructure) -> FastAPI:
    return create_service_app(DEFINITION, infra)
