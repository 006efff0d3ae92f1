"""Helpers for the professionals service tests (imported by the test_professionals_* modules)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.factories import Account, register

API = "/api/v1"
# A valid CBU (both check digits right) and one with a wrong account check digit.
VALID_CBU = "2850590940090418135201"
INVALID_CBU = "2850590940090418135202"


def pdf_bytes(extra: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * extra + b"\n%%EOF\n"
    return body


async def create_oficio(api: httpx.AsyncClient, admin: Account, nombre: str | None = None) -> dict[str, Any]:
    response = await api.post(
        f"{API}/admin/oficios",
        json={"nombre": nombre or f"Oficio {uuid.uuid4().hex[:10]}", "descripcion": "Un oficio"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def submit_kyc(api: httpx.AsyncClient, pro: Account) -> None:
    response = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", ("dni.pdf", pdf_bytes(), "application/pdf"))],
        headers=pro.headers,
    )
    assert response.status_code == 200, response.text


async def approve(api: httpx.AsyncClient, admin: Account, pro: Account) -> dict[str, Any]:
    profile = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    await submit_kyc(api, pro)
    response = await api.post(f"{API}/admin/kyc/approve/{profile['id']}", headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    return body


async def approved_professional(
    api: httpx.AsyncClient,
    admin: Account,
    *,
    lat: float,
    lng: float,
    oficio_ids: list[str],
    nombre: str = "Ana",
    apellido: str = "Pérez",
    **profile: Any,
) -> tuple[Account, dict[str, Any]]:
    """A professional with a location, oficios and the given profile fields, KYC approved."""
    pro = await register(api, "PROFESIONAL", nombre=nombre, apellido=apellido)
    response = await api.put(
        f"{API}/professional/me", json={"latitude": lat, "longitude": lng, **profile}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    response = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": oficio_ids}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    return pro, await approve(api, admin, pro)
