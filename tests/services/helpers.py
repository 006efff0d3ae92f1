"""Helpers for service tests on the standalone platform."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from conectar.admin import create_admin_account
from conectar.platform.settings import Settings
from tests.conftest import unique_email
from tests.integration.helpers import PASSWORD, Account, eventually, login, register

__all__ = ["PASSWORD", "Account", "create_admin", "eventually", "login", "register", "wait_for"]


async def create_admin(settings: Settings, api: httpx.AsyncClient) -> Account:
    email = unique_email("admin")
    user_id = await create_admin_account(
        settings, email=email, password=PASSWORD, nombre="Ana", apellido="Admin"
    )
    tokens = await login(api, email, PASSWORD)
    return Account(
        id=user_id,
        email=email,
        password=PASSWORD,
        rol="ADMIN",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


async def wait_for(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    await eventually(check, timeout=timeout, interval=0.05)
