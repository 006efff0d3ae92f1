"""The notifications service app."""

from __future__ import annotations

from fastapi import FastAPI

from conectar.notifications import api, events, mailbox_api, personal_data, scheduled
from conectar.notifications.models import Base, tables
from conectar.notifications.runtime import RUNTIME_KEY, Runtime, runtime_of
from conectar.notifications.settings import NotificationSettings
from conectar.platform.app import ServiceContext, ServiceDefinition, create_service_app
from conectar.platform.infra import Infrastructure

NAME = "notifications"


async def _startup(ctx: ServiceContext) -> None:
    await runtime_of(ctx).start()


async def _shutdown(ctx: ServiceContext) -> None:
    await runtime_of(ctx).stop()


DEFINITION = ServiceDefinition(
    name=NAME,
    title="ConectarProfesionales — notifications",
    routers=[api.router, mailbox_api.router],
    metadata=Base.metadata,
    tables=tables,
    handlers=events.handlers,
    jobs=scheduled.jobs,
    queues=scheduled.queues,
    personal_data=personal_data.HOOKS,
    on_startup=_startup,
    on_shutdown=_shutdown,
)


def create_app(infra: Infrastructure, settings: NotificationSettings | None = None) -> FastAPI:
    """The app; ``settings`` default to the environment's (``CONECTAR_*``)."""
    app = create_service_app(DEFINITION, infra)
    ctx: ServiceContext = app.state.ctx
    # Built before the app starts: event handlers may run as soon as the bus subscription is made.
    ctx.extras[RUNTIME_KEY] = Runtime.build(ctx, settings or NotificationSettings())
    return app
