"""Standalone mode: every service in one process behind the gateway, on SQLite and in-process adapters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from conectar.gateway.app import create_gateway_app
from conectar.platform.infra import Infrastructure, build_infrastructure
from conectar.platform.migrations import upgrade
from conectar.platform.settings import Settings
from conectar.services import SERVICES


class StandaloneHost:
    """An ASGI app that runs every hosted service's lifespan around the gateway's."""

    def __init__(self, gateway: FastAPI, services: dict[str, FastAPI], infra: Infrastructure) -> None:
        self.gateway = gateway
        self.services = services
        self.infra = infra

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start every hosted service, then the gateway; stop them in reverse order."""
        async with AsyncExitStack() as stack:
            for app in self.services.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            await stack.enter_async_context(self.gateway.router.lifespan_context(self.gateway))
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.gateway(scope, receive, send)
            return
        message = await receive()
        assert message["type"] == "lifespan.startup"
        try:
            async with self.running():
                await send({"type": "lifespan.startup.complete"})
                message = await receive()
                assert message["type"] == "lifespan.shutdown"
        except BaseException as exc:
            await send({"type": "lifespan.startup.failed", "message": repr(exc)})
            raise
        await send({"type": "lifespan.shutdown.complete"})


def migrate_all(settings: Settings) -> None:
    for entry in SERVICES.values():
        if entry.database:
            upgrade(entry.migrations, settings.database_url(entry.name))


def create_standalone_app(settings: Settings) -> StandaloneHost:
    infra = build_infrastructure(settings, in_process=True)
    services = {name: entry.create_app(infra) for name, entry in SERVICES.items()}
    gateway = create_gateway_app(infra, hosted=services, web_enabled="web" in services)
    if infra.asgi_apps is not None:
        infra.asgi_apps["gateway"] = gateway  # the web app calls the public API through it, in process
    return StandaloneHost(gateway, services, infra)
