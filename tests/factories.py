"""Test data for every suite, built the way a person builds it: through the public API of a running
platform (standalone in service tests, every service as a process in integration tests).

One place for the people (``register``, ``create_admin``, ``ROLES``), the marketplace's aggregates
(an approved professional, a conversation, an offer, a trabajo paid into escrow or released) and the
waits (``eventually``). A test asks for what it needs in one line and asserts on what it is about.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import httpx

from conectar.contracts.events import AccountDeletionRequested
from conectar.platform.db import utcnow
from conectar.platform.settings import Settings
from tests.conftest import unique_email

PASSWORD = "clave-segura-123"
T = TypeVar("T")
ROLES = ("CLIENTE", "PROFESIONAL", "ADMIN")
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Account:
    id: uuid.UUID
    email: str
    password: str
    rol: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


class HasEnvironment(Protocol):
    """A platform of processes (integration tests): admins are made with its ``conectar`` command."""

    env: Mapping[str, str]


# -- people -----------------------------------------------------------------------------------------


async def login(api: httpx.AsyncClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    response = await api.post("/api/v1/auth/login", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def register(
    api: httpx.AsyncClient,
    rol: str = "CLIENTE",
    *,
    nombre: str = "Nombre",
    apellido: str = "Apellido",
    **extra: Any,
) -> Account:
    email = unique_email(rol.lower())
    body = {"email": email, "password": PASSWORD, "nombre": nombre, "apellido": apellido, "rol": rol}
    response = await api.post("/api/v1/auth/register", json={**body, **extra})
    assert response.status_code == 201, response.text
    tokens = await login(api, email)
    return Account(
        id=uuid.UUID(response.json()["id"]),
        email=email,
        password=PASSWORD,
        rol=rol,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


async def create_admin(platform: Settings | HasEnvironment, api: httpx.AsyncClient) -> Account:
    """An ADMIN, made as operators make one: in process on a standalone platform's settings, or with
    ``conectar create-admin`` in the environment of a platform of processes."""
    email = unique_email("admin")
    if isinstance(platform, Settings):
        from conectar.admin import create_admin_account

        await create_admin_account(platform, email=email, password=PASSWORD, nombre="Ana", apellido="Admin")
    else:
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "conectar", "create-admin", "--email", email, "--password", PASSWORD],
            env=dict(platform.env),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    tokens = await login(api, email)
    me = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    return Account(
        id=uuid.UUID(me.json()["id"]),
        email=email,
        password=PASSWORD,
        rol="ADMIN",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


async def person(platform: Settings | HasEnvironment, api: httpx.AsyncClient, rol: str) -> Account:
    """A signed-in person of ``rol`` (one of ``ROLES``): the caller of a role-parametrised test."""
    return await create_admin(platform, api) if rol == "ADMIN" else await register(api, rol)


# -- waits ------------------------------------------------------------------------------------------


async def eventually(check: Callable[[], Awaitable[T]], timeout: float = 15.0, interval: float = 0.05) -> T:
    """Wait until ``check()`` returns something truthy (events and jobs are asynchronous), and return
    it; fail after ``timeout``."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await check()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


async def wait_until(predicate: Callable[[], bool], timeout: float = 15.0, interval: float = 0.05) -> None:
    """``eventually`` for a condition that needs no I/O to check."""

    async def check() -> bool:
        return predicate()

    await eventually(check, timeout=timeout, interval=interval)


# -- the marketplace's aggregates -------------------------------------------------------------------


def cbu(bank: str = "0170099", account: str = "0000012345678") -> str:
    """A CBU with valid check digits (bank block 7+1, account block 13+1)."""

    def digit(body: str, weights: tuple[int, ...]) -> str:
        total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
        return str((10 - total % 10) % 10)

    first = bank + digit(bank, (7, 1, 3, 9, 7, 1, 3))
    second = account + digit(account, (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3))
    return first + second


@dataclass
class Pro:
    account: Account
    profile_id: str


async def approved_professional(api: httpx.AsyncClient, admin: Account, *, payout: bool = True) -> Pro:
    """A professional whose KYC an admin approved (and, by default, with a payout account)."""
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
    """The conversation between a client and a professional (opened, or found, by the client); its id."""
    response = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


async def post_offer(
    api: httpx.AsyncClient,
    pro: Account,
    cliente: Account,
    chat_id: str,
    precio: str = "15000.00",
    *,
    visita: tuple[datetime, datetime] | None = None,
) -> httpx.Response:
    """The professional sends an offer in the conversation (with a visit window, SPEC §11, when ``visita``
    is given); the answer as it came."""
    fields = {
        "cliente_id": str(cliente.id),
        "chat_id": chat_id,
        "descripcion": "Cambio de flexible y canilla de la cocina",
        "precio_final": precio,
    }
    if visita is not None:
        fields["visita_desde"] = visita[0].isoformat()
        fields["visita_hasta"] = visita[1].isoformat()
    return await api.post("/api/v1/professional/ofertas", headers=pro.headers, json=fields)


async def offer(
    api: httpx.AsyncClient,
    pro: Account,
    cliente: Account,
    chat_id: str,
    precio: str = "15000.00",
    *,
    visita: tuple[datetime, datetime] | None = None,
) -> dict[str, Any]:
    """An offer in the conversation, made (201)."""
    response = await post_offer(api, pro, cliente, chat_id, precio, visita=visita)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def accepted_offer(
    api: httpx.AsyncClient, cliente: Account, pro: Account, precio: str = "15000.00"
) -> dict[str, Any]:
    """A conversation, an offer in it and the client's accept: the accept's answer (``trabajo_id``,
    ``payment_url``…); the trabajo waits for payment."""
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, precio)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    body: dict[str, Any] = accepted.json()
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
    """A trabajo whose price is held in escrow (paid on the sandbox); its id."""
    body = await accepted_offer(api, cliente, pro, precio)
    assert body["payment_url"], body
    paid = await pay_on_sandbox(api, body["payment_url"])
    assert paid.status_code in (302, 303), paid.text
    await wait_state(api, cliente, str(body["trabajo_id"]), "PAGADO_EN_ESCROW")
    return str(body["trabajo_id"])


async def released_trabajo(
    api: httpx.AsyncClient, cliente: Account, pro: Account, precio: str = "15000.00"
) -> str:
    """A trabajo paid, done and confirmed by the client: the money released to the professional."""
    trabajo_id = await paid_trabajo(api, cliente, pro, precio)
    done = await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
    assert done.status_code == 200, done.text
    final = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert final.status_code == 200, final.text
    await wait_state(api, cliente, trabajo_id, "LIBERADO")
    return trabajo_id


def money(value: Any) -> Decimal:
    return Decimal(str(value))


async def gather(*aws: Awaitable[Any]) -> list[Any]:
    return list(await asyncio.gather(*aws))


def new_id() -> str:
    return str(uuid.uuid4())


def deletion_requested(
    user_id: uuid.UUID, rol: str, *, deletion_id: uuid.UUID | None = None
) -> AccountDeletionRequested:
    """The event the users service publishes when a person asks for their own account's deletion now."""
    return AccountDeletionRequested(
        deletion_id=deletion_id or uuid.uuid4(),
        user_id=user_id,
        rol=rol,
        requested_at=utcnow(),
        requested_by=user_id,
    )
