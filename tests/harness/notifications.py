"""Helpers shared by the notifications service and integration tests."""

from __future__ import annotations

import re
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.factories import Account, create_admin, eventually

LINK = re.compile(r"https?://\S+")

# Fast delivery for tests: short polls, short backoff, a short gathering window for chat bursts.
FAST_ENV: dict[str, str] = {
    "CONECTAR_NOTIFICATIONS_POLL_SECONDS": "0.1",
    "CONECTAR_NOTIFICATIONS_RETRY_BASE_SECONDS": "0.2",
    "CONECTAR_NOTIFICATIONS_RETRY_MAX_SECONDS": "1",
    "CONECTAR_NOTIFICATIONS_MAX_ATTEMPTS": "6",
    "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_DELAY_SECONDS": "1.5",
    "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_MIN_INTERVAL_SECONDS": "60",
    "CONECTAR_NOTIFICATIONS_CHAT_PUSH_DELAY_SECONDS": "0",
    "CONECTAR_NOTIFICATIONS_CHAT_PUSH_MIN_INTERVAL_SECONDS": "60",
    "CONECTAR_NOTIFICATIONS_SSE_HEARTBEAT_SECONDS": "1",
}


async def inbox(api: httpx.AsyncClient, person: Account, **params: Any) -> dict[str, Any]:
    response = await api.get("/api/v1/notificaciones", headers=person.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def wait_notification(
    api: httpx.AsyncClient, person: Account, tipo: str, timeout: float = 15.0, *, url: str | None = None
) -> dict[str, Any]:
    async def find() -> dict[str, Any] | None:
        items = (await inbox(api, person, limit=100))["notificaciones"]
        return next(
            (item for item in items if item["tipo"] == tipo and (url is None or item["url"] == url)), None
        )

    found: dict[str, Any] = await eventually(find, timeout)
    return found


# The development mailbox is for the staff: the platforms of these tests each have an admin to read it.
STAFF: weakref.WeakKeyDictionary[httpx.AsyncClient, dict[str, str]] = weakref.WeakKeyDictionary()


def staff(api: httpx.AsyncClient) -> dict[str, str]:
    """The ``Authorization`` header of the platform's admin (made by :func:`notifications_standalone`)."""
    return STAFF[api]


async def add_staff(settings: Any, api: httpx.AsyncClient) -> dict[str, str]:
    STAFF[api] = (await create_admin(settings, api)).headers
    return STAFF[api]


async def mailbox_to(api: httpx.AsyncClient, address: str) -> list[dict[str, Any]]:
    response = await api.get("/api/v1/dev/mailbox/mensajes", headers=staff(api))
    assert response.status_code == 200, response.text
    return [m for m in response.json() if address in m["to"]]


async def wait_mail(
    api: httpx.AsyncClient, address: str, subject_contains: str, timeout: float = 15.0
) -> dict[str, Any]:
    async def find() -> dict[str, Any] | None:
        return next((m for m in await mailbox_to(api, address) if subject_contains in m["subject"]), None)

    found: dict[str, Any] = await eventually(find, timeout)
    return found


async def mail_part(api: httpx.AsyncClient, message_id: str, part: str) -> str:
    response = await api.get(f"/api/v1/dev/mailbox/mensajes/{message_id}/{part}", headers=staff(api))
    assert response.status_code == 200, response.text
    return response.text


@asynccontextmanager
async def environment(values: dict[str, str]) -> AsyncIterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        yield


@asynccontextmanager
async def notifications_standalone(
    data_dir: Path, env: dict[str, str], **overrides: Any
) -> AsyncIterator[Any]:
    """The standalone platform with the notifications service configured by ``env``."""
    from tests.services.conftest import running_standalone

    async with environment({**FAST_ENV, **env}), running_standalone(data_dir, **overrides) as platform:
        await add_staff(platform.settings, platform.client)
        yield platform
