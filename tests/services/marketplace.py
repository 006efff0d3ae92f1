"""Building blocks of marketplace flows, shared by service and integration tests: an approved
professional with a payout account, a conversation, an offer, a paid trabajo."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from tests.integration.helpers import Account, eventually, register

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def cbu(bank: str = "0170099", account: str = "0000012345678") -> str:
    """A CBU with valid check digits (bank block 7+1, account block 13+1)."""

    def digit(body: str, weights: tuple[int, ...]) -> str:
        total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
        return str((10 - total % 10) % 10)

    first = bank + digit(bank, (7, 1, 3, 9, 7, 1, 3))
    second = account + digit(account, (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3))
    return first + second


AdminFactory = Callable[[], Awaitable[Account]]


@dataclass
class Pro:
    account: Account
    profile_id: str


async def approved_professional(api: httpx.AsyncClient, admin: Account, *, payout: bool = True) -> Pro:
    pro = await register(api, "PROFESIONAL")
    me = await api.get("/api/v1/professional/me", headers=pro.headers)
    assert me.status_code == 200, me.text
    profile_id = me.json()["id"]
    uploaded = await api.post(
        "/api/v1/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    approved = await api.post(f"/api/v1/admin/kyc/approve/{profile_id}", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    if payout:
        set_payout = await api.put(
            "/api/v1/professional/payout-info", headers=pro.headers, json={"payout_account": cbu()}
        )
        assert set_payout.status_code == 200, set_payout.text
    return Pro(pro, profile_id)


async def open_chat(api: httpx.AsyncClient, cliente: Account, pro: Account) -> str:
    response = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


async def offer(
    api: httpx.AsyncClient, pro: Account, cliente: Account, chat_id: str, precio: str = "15000.00"
) -> dict[str, Any]:
    response = await api.post(
        "/api/v1/professional/ofertas",
        headers=pro.headers,
        json={
            "cliente_id": str(cliente.id),
            "chat_id": chat_id,
            "descripcion": "Cambio de flexible y canilla de la cocina",
            "precio_final": precio,
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def pay_on_sandbox(
    api: httpx.AsyncClient, payment_url: str, status: str = "approved"
) -> httpx.Response:
    """What a person does on the sandbox checkout page: open it, press the button."""
    page = await api.get(payment_url)
    assert page.status_code == 200, page.text
    assert "text/html" in page.headers["content-type"]
    return await api.post(payment_url, data={"status": status}, follow_redirects=False)


async def trabajo_state(api: httpx.AsyncClient, cliente: Account, trabajo_id: str) -> dict[str, Any]:
    response = await api.get(f"/api/v1/cliente/trabajo/{trabajo_id}", headers=cliente.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def wait_state(
    api: httpx.AsyncClient, cliente: Account, trabajo_id: str, estado: str, timeout: float = 20
) -> dict[str, Any]:
    found: dict[str, Any] = {}

    async def reached() -> bool:
        found.update(await trabajo_state(api, cliente, trabajo_id))
        return bool(found["estado_escrow"] == estado)

    await eventually(reached, timeout=timeout, interval=0.1)
    return found


async def paid_trabajo(
    api: httpx.AsyncClient, cliente: Account, pro: Account, precio: str = "15000.00"
) -> str:
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, precio)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["payment_url"], body
    paid = await pay_on_sandbox(api, body["payment_url"])
    assert paid.status_code in (302, 303), paid.text
    await wait_state(api, cliente, str(body["trabajo_id"]), "PAGADO_EN_ESCROW")
    return str(body["trabajo_id"])


def money(value: Any) -> Decimal:
    return Decimal(str(value))


async def gather(*aws: Awaitable[Any]) -> list[Any]:
    return list(await asyncio.gather(*aws))


def new_id() -> str:
    return str(uuid.uuid4())
