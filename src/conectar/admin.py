"""Administrative actions run from the command line against a service's database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from conectar.auth import app as auth_app
from conectar.auth import flows as auth_flows
from conectar.auth import keys
from conectar.auth.settings import auth_settings
from conectar.platform.app import ServiceContext, build_context
from conectar.platform.infra import build_infrastructure
from conectar.platform.settings import Settings


@asynccontextmanager
async def auth_context(settings: Settings) -> AsyncIterator[ServiceContext]:
    infra = build_infrastructure(settings, in_process=False)
    ctx = build_context(auth_app.DEFINITION, infra)
    try:
        yield ctx
    finally:
        await ctx.db.dispose()
        await infra.kv.close()


async def create_admin_account(
    settings: Settings, *, email: str, password: str, nombre: str, apellido: str
) -> uuid.UUID:
    async with auth_context(settings) as ctx:
        account = await auth_flows.create_admin(
            ctx, email=email, password=password, nombre=nombre, apellido=apellido
        )
        return account.id


async def rotate_signing_key(settings: Settings) -> str:
    async with auth_context(settings) as ctx, ctx.db.session() as session:
        # Earlier keys stay published as long as the longest-lived token they signed (per-client lifetimes).
        longest = auth_settings(ctx).longest_access_token_ttl(settings.access_token_ttl_seconds)
        key = await keys.rotate(session, settings.secret("secret_key"), longest)
        return key.kid
