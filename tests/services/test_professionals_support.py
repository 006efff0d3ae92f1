"""Helpers for the professionals service tests (imported by the test_professionals_* modules)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from conectar.admin import create_admin_account
from tests.conftest import unique_email
from tests.services.conftest import Standalone

PASSWORD = "clave-segura-123"
API = "/api/v1"
# A valid CBU (both check digits right) and one with a wrong account check digit.
VALID_CBU = "2850590940090418135201"
INVALID_CBU = "2850590940090418135202"


@dataclass
class User:
    id: uuid.UUID
    email: str
    headers: dict[str, str]


async def login(api: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await api.post(f"{API}/auth/login", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def register(
    api: httpx.AsyncClient, rol: str = "PROFESIONAL", nombre: str = "Ana", apellido: str = "Pérez"
) -> User:
    email = unique_email(rol.lower())
    response = await api.post(
        f"{API}/auth/register",
        json={"email": email, "password": PASSWORD, "nombre": nombre, "apellido": apellido, "rol": rol},
    )
    assert response.status_code == 201, response.text
    return User(uuid.UUID(response.json()["id"]), email, await login(api, email))


async def make_admin(standalone: Standalone, api: httpx.AsyncClient) -> User:
    email = unique_email("admin")
    user_id = await create_admin_account(
        standalone.settings, email=email, password=PASSWORD, nombre="Ada", apellido="Admin"
    )
    return User(user_id, email, await login(api, email))


async def wait_for(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def pdf_bytes(extra: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * extra + b"\n%%EOF\n"
    return body


async def create_oficio(api: httpx.AsyncClient, admin: User, nombre: str | None = None) -> dict[str, Any]:
    response = await api.post(
        f"{API}/admin/oficios",
        json={"nombre": nombre or f"Oficio {uuid.uuid4().hex[:10]}", "descripcion": "Un oficio"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def submit_kyc(api: httpx.AsyncClient, pro: User) -> None:
    response = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", ("dni.pdf", pdf_bytes(), "application/pdf"))],
        headers=pro.headers,
    )
    assert response.status_code == 200, response.text


async def approve(api: httpx.AsyncClient, admin: User, pro: User) -> dict[str, Any]:
    profile = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    await submit_kyc(api, pro)
    response = await api.post(f"{API}/admin/kyc/approve/{profile['id']}", headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    return body


async def approved_professional(
    api: httpx.AsyncClient,
    admin: User,
    *,
    lat: float,
    lng: float,
    oficio_ids: list[str],
    nombre: str = "Ana",
    apellido: str = "Pérez",
    **profile: Any,
) -> tuple[User, dict[str, Any]]:
    """A professional with a location, oficios and the given profile fields, KYC approved."""
    pro = await register(api, nombre=nombre, apellido=apellido)
    response = await api.put(
        f"{API}/professional/me", json={"latitude": lat, "longitude": lng, **profile}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    response = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": oficio_ids}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    return pro, await approve(api, admin, pro)
