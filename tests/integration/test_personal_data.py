"""SPEC §14 across the services as processes on PostgreSQL, RabbitMQ and Redis: a person's export, the
deletion saga (with a service down while it runs), nothing personal left behind, and the merged staff
audit trail."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData, text
from sqlalchemy.exc import DBAPIError

from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES
from conectar.platform.audit import SYSTEM, StaffAudit, audit_table
from conectar.platform.db import Database
from tests.data_scan import traces
from tests.factories import (
    PASSWORD,
    Account,
    approved_professional,
    create_admin,
    eventually,
    paid_trabajo,
    register,
    wait_state,
)
from tests.integration.conftest import Platform, wait_ready

API = "/api/v1"


@pytest.fixture(scope="module")
async def admin(platform: Platform) -> Account:
    async with platform.client() as api:
        return await create_admin(platform, api)


async def traces_of(platform: Platform, needles: list[str]) -> list[str]:
    """Every place of every service's database (``service: table.column holds 'needle'``) still holding one
    of ``needles``."""
    found: list[str] = []
    for service in PERSONAL_DATA_SERVICES:
        db = Database(platform.database_url(service), pool_size=1, max_overflow=0)
        try:
            found += [f"{service}: {trace}" for trace in await traces(db, *needles)]
        finally:
            await db.dispose()
    return found


async def _person(api: httpx.AsyncClient) -> tuple[Account, dict[str, str]]:
    nombre, apellido = f"Xiomara{uuid.uuid4().hex[:6]}", f"Valdeverde{uuid.uuid4().hex[:6]}"
    person = await register(api, "CLIENTE", nombre=nombre, apellido=apellido)
    changed = await api.put(f"{API}/users/me", json={"telefono": "011 4555-0199"}, headers=person.headers)
    assert changed.status_code == 200, changed.text
    return person, {"email": person.email, "nombre": nombre, "apellido": apellido, "telefono": "45550199"}


async def _deletion(api: httpx.AsyncClient, admin: Account, deletion_id: str) -> dict[str, Any]:
    response = await api.get(f"{API}/admin/eliminaciones/{deletion_id}", headers=admin.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_deletion_waits_for_a_stopped_service_and_leaves_nothing_personal(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await approved_professional(api, admin)
    person, personal = await _person(api)
    trabajo_id = await paid_trabajo(api, person, pro.account)
    await wait_state(api, person, trabajo_id, "PAGADO_EN_ESCROW")

    # Money in escrow: refused, and the account still works.
    blocked = await api.post(f"{API}/users/me/eliminar", json={"password": PASSWORD}, headers=person.headers)
    assert blocked.status_code == 409, blocked.text
    assert "trabajo" in blocked.json()["detail"]
    assert (await api.get(f"{API}/users/me", headers=person.headers)).status_code == 200

    done = await api.post(f"{API}/professional/trabajos/{trabajo_id}/completar", headers=pro.account.headers)
    assert done.status_code == 200, done.text
    released = await api.post(f"{API}/cliente/trabajo/{trabajo_id}/finalizar", headers=person.headers)
    assert released.json()["estado_escrow"] == "LIBERADO"
    review = await api.post(
        f"{API}/cliente/trabajo/{trabajo_id}/resena",
        json={"rating": 5, "texto_resena": "Muy prolijo y puntual"},
        headers=person.headers,
    )
    assert review.status_code == 201, review.text

    async def review_public() -> bool:
        public = (await api.get(f"{API}/public/professional/{pro.profile_id}")).json()
        return any(personal["nombre"] in r["nombre_cliente"] for r in public.get("resenas", []))

    await eventually(review_public, timeout=20)

    # The scan finds the person before the deletion (or its empty answer afterwards would prove nothing).
    before = await traces_of(platform, list(personal.values()))
    assert {trace.split(":")[0] for trace in before} >= {
        "auth",
        "users",
        "chat",
        "professionals",
        "notifications",
    }

    platform.stack.stop("notifications")
    try:
        started = await api.post(
            f"{API}/users/me/eliminar", json={"password": PASSWORD}, headers=person.headers
        )
        assert started.status_code == 202, started.text
        deletion_id = started.json()["id"]
        assert (await api.get(f"{API}/users/me", headers=person.headers)).status_code == 401
        login = await api.post(f"{API}/auth/login", data={"username": person.email, "password": PASSWORD})
        assert login.status_code == 401

        async def only_notifications_left() -> bool:
            pending: list[str] = (await _deletion(api, admin, deletion_id))["servicios_pendientes"]
            return pending == ["notifications"]

        await eventually(only_notifications_left, timeout=30)
        assert (await _deletion(api, admin, deletion_id))["estado"] == "EN_CURSO"
    finally:
        platform.stack.start("notifications")
        wait_ready(platform.service_urls["notifications"] + "/health/ready")

    async def complete() -> bool:
        return bool((await _deletion(api, admin, deletion_id))["estado"] == "COMPLETADA")

    await eventually(complete, timeout=60)

    leftovers = await traces_of(platform, list(personal.values()))
    assert leftovers == []

    # The other side keeps the conversation and the review, with the person shown as deleted.
    chats = (await api.get(f"{API}/chat/my-chats", headers=pro.account.headers)).json()["chats"]
    assert any(chat["cliente_nombre"] == "Usuario eliminado" for chat in chats)
    public = (await api.get(f"{API}/public/professional/{pro.profile_id}")).json()
    assert [r["nombre_cliente"] for r in public["resenas"]] == ["Usuario eliminado"]
    # The money stays: the professional's earnings are untouched.
    balance = (await api.get(f"{API}/pagos/balance", headers=pro.account.headers)).json()
    assert balance["trabajos_completados"] == 1


async def test_an_export_gathers_every_service_process(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await approved_professional(api, admin)
    person, personal = await _person(api)
    chat = await api.post(
        f"{API}/chat/create",
        json={"cliente_id": str(person.id), "profesional_id": str(pro.account.id)},
        headers=person.headers,
    )
    assert chat.status_code in (200, 201), chat.text
    sent = await api.post(
        f"{API}/chat/send-message",
        json={"chat_id": chat.json()["id"], "text": "Hola, tengo una pérdida en la cocina"},
        headers=person.headers,
    )
    assert sent.status_code in (200, 201), sent.text

    asked = await api.post(f"{API}/users/me/exportar", headers=person.headers)
    assert asked.status_code == 202, asked.text
    again = await api.post(f"{API}/users/me/exportar", headers=person.headers)
    assert again.status_code == 429  # one a day
    url = f"{API}/users/me/exportar/{asked.json()['id']}"
    found: dict[str, httpx.Response] = {}

    async def ready() -> bool:
        found["r"] = await api.get(url, headers=person.headers)
        return found["r"].status_code != 202

    await eventually(ready, timeout=60)
    download = found["r"]
    assert download.status_code == 200, download.text
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    assert {f"{name}.json" for name in PERSONAL_DATA_SERVICES} <= set(archive.namelist())
    assert json.loads(archive.read("users.json"))["perfil"]["nombre"] == personal["nombre"]
    assert "tengo una pérdida en la cocina" in archive.read("chat.json").decode()
    assert (await api.get(url, headers=pro.account.headers)).status_code == 404


async def test_the_staff_audit_trail_merges_every_service(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await approved_professional(api, admin)  # KYC approved by the admin: recorded by professionals
    person = await register(api, "CLIENTE")
    assert (await api.post(f"{API}/admin/users/{person.id}/ban", headers=admin.headers)).status_code == 200

    trail = await api.get(
        f"{API}/admin/auditoria", params={"actor_id": str(admin.id), "limit": 100}, headers=admin.headers
    )
    assert trail.status_code == 200, trail.text
    entries = trail.json()["entradas"]
    by_action: dict[str, dict[str, Any]] = {}
    for entry in entries:  # newest first: keep each action's latest entry
        by_action.setdefault(entry["accion"], entry)
    assert by_action["usuario.suspender"]["servicio"] == "auth"
    assert by_action["usuario.suspender"]["recurso_id"] == str(person.id)
    assert by_action["kyc.aprobar"]["servicio"] == "professionals"
    assert by_action["kyc.aprobar"]["recurso_id"] == pro.profile_id
    assert all(entry["actor_email"] == admin.email for entry in entries)
    dates = [entry["fecha"] for entry in entries]
    assert dates == sorted(dates, reverse=True)

    # Staff deletes the account: recorded by users, in the same unit of work as the deletion.
    deleted = await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Pedido del titular por nota"},
        headers=admin.headers,
    )
    assert deleted.status_code == 202, deleted.text
    about = await api.get(
        f"{API}/admin/auditoria", params={"recurso_id": str(person.id)}, headers=admin.headers
    )
    assert [(e["accion"], e["servicio"]) for e in about.json()["entradas"]] == [
        ("usuario.eliminar", "users"),
        ("usuario.suspender", "auth"),
    ]

    async def complete() -> bool:
        found = await _deletion(api, admin, deleted.json()["id"])
        return bool(found["estado"] == "COMPLETADA")

    await eventually(complete, timeout=60)
    assert (await api.get(f"{API}/admin/auditoria", headers=person.headers)).status_code in (401, 403)

    # Append-only on PostgreSQL too: the trigger refuses changes even to the database's own user. Each
    # service gets one entry first (a change that touches no row fires no row trigger).
    for service in PERSONAL_DATA_SERVICES:
        db = Database(platform.database_url(service), pool_size=1, max_overflow=0)
        try:
            async with db.session() as session:
                await StaffAudit(service, audit_table(MetaData())).record(
                    session, SYSTEM, accion="kyc.documentos.borrar", recurso="prueba", recurso_id=None
                )
            for statement in ("UPDATE staff_audit SET accion = 'nada'", "DELETE FROM staff_audit"):
                with pytest.raises(DBAPIError, match="append-only"):
                    async with db.session() as session:
                        await session.execute(text(statement))
        finally:
            await db.dispose()
