"""The chat service's part of the staff audit trail (SPEC §14): every ADMIN action it performs — dispute
resolutions, views of dispute evidence, trabajo cancellations, the sandbox's simulated payment, money
decisions, chat-ban lifts, reads of a conversation — is recorded in the same unit of work as the action,
with the actor and their address; a refused or failed action records nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from conectar.chat.models import Trabajo
from conectar.contracts.personal_data import AUDIT_ACTIONS, AuditRecord
from tests.factories import PDF, Account, approved_professional, create_admin, offer, open_chat, register
from tests.services.conftest import Standalone

TEST_CLIENT_IP = "203.0.113.10"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def entries(standalone: Standalone, recurso_id: object) -> list[AuditRecord]:
    """The chat's audit entries about one resource, newest first (through its internal API)."""
    data = await standalone.ctx("users").clients.call(
        "chat", "GET", "/internal/v1/audit", params={"recurso_id": str(recurso_id), "limit": 100}
    )
    found = [AuditRecord.model_validate(item) for item in data["entradas"]]
    assert all(entry.servicio == "chat" and entry.accion in AUDIT_ACTIONS for entry in found)
    return found


def only(found: list[AuditRecord], accion: str, admin: Account) -> AuditRecord:
    matching = [entry for entry in found if entry.accion == accion]
    assert len(matching) == 1, found
    entry = matching[0]
    assert entry.actor_id == admin.id
    assert entry.ip == TEST_CLIENT_IP
    return entry


async def unpaid_trabajo(api: httpx.AsyncClient, admin: Account) -> tuple[Account, Account, str, str]:
    """(client, professional, chat id, trabajo id) of an accepted offer waiting for its payment."""
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    return cliente, pro, chat_id, str(accepted.json()["trabajo_id"])


async def simulate_payment(api: httpx.AsyncClient, admin: Account, trabajo_id: str) -> dict[str, Any]:
    paid = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/simular-pago", headers=admin.headers)
    assert paid.status_code == 200, paid.text
    assert paid.json()["estado_escrow"] == "PAGADO_EN_ESCROW"
    body: dict[str, Any] = paid.json()
    return body


async def open_dispute(api: httpx.AsyncClient, cliente: Account, trabajo_id: str) -> dict[str, Any]:
    opened = await api.post(
        "/api/v1/disputas",
        headers=cliente.headers,
        json={
            "trabajo_id": trabajo_id,
            "tipo": "CALIDAD_TRABAJO",
            "descripcion": "La canilla sigue perdiendo agua después del arreglo",
        },
    )
    assert opened.status_code == 201, opened.text
    body: dict[str, Any] = opened.json()
    return body


async def test_the_simulated_payment_is_recorded_and_a_client_calling_it_records_nothing(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, _, _, trabajo_id = await unpaid_trabajo(api, admin)
    hook = f"/api/v1/admin/trabajo/{trabajo_id}/simular-pago"
    assert (await api.post(hook, headers=cliente.headers)).status_code == 403
    assert await entries(standalone, trabajo_id) == []

    await simulate_payment(api, admin, trabajo_id)
    entry = only(await entries(standalone, trabajo_id), "trabajo.simular_pago", admin)
    assert entry.recurso == "trabajo"
    assert entry.recurso_id == trabajo_id
    assert entry.detalle == {"estado_anterior": "PENDIENTE_PAGO", "estado_nuevo": "PAGADO_EN_ESCROW"}

    # Simulating a payment of an unknown trabajo fails, and records nothing.
    unknown = uuid.uuid4()
    missing = await api.post(f"/api/v1/admin/trabajo/{unknown}/simular-pago", headers=admin.headers)
    assert missing.status_code == 404
    assert await entries(standalone, unknown) == []


async def test_an_admin_cancellation_is_recorded_with_the_states_and_a_refused_one_is_not(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, pro, _, trabajo_id = await unpaid_trabajo(api, admin)
    await simulate_payment(api, admin, trabajo_id)
    url = f"/api/v1/admin/trabajo/{trabajo_id}/cancelar"
    for outsider in (cliente, pro):
        assert (await api.post(url, headers=outsider.headers, json={"motivo": "x"})).status_code == 403
    assert [e.accion for e in await entries(standalone, trabajo_id)] == ["trabajo.simular_pago"]

    cancelled = await api.post(url, headers=admin.headers, json={"motivo": "Pedido del cliente por teléfono"})
    assert cancelled.status_code == 200, cancelled.text
    entry = only(await entries(standalone, trabajo_id), "trabajo.cancelar", admin)
    assert entry.recurso == "trabajo"
    assert entry.detalle["estado_anterior"] == "PAGADO_EN_ESCROW"
    assert entry.detalle["estado_nuevo"] == "REEMBOLSANDO"  # the refund is asked in the same transition
    assert entry.detalle["motivo"] == "Pedido del cliente por teléfono"

    # Cancelling it again is refused by the state table: no second entry.
    again = await api.post(url, headers=admin.headers)
    assert again.status_code in (400, 409), again.text
    found = await entries(standalone, trabajo_id)
    assert [e.accion for e in found].count("trabajo.cancelar") == 1


async def test_an_unpaid_trabajo_cancelled_by_an_admin_is_recorded(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    _, _, _, trabajo_id = await unpaid_trabajo(api, admin)
    cancelled = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/cancelar", headers=admin.headers)
    assert cancelled.status_code == 200, cancelled.text
    entry = only(await entries(standalone, trabajo_id), "trabajo.cancelar", admin)
    assert entry.detalle == {
        "estado_anterior": "PENDIENTE_PAGO",
        "estado_nuevo": "CANCELADO",
        "motivo": "Cancelado por un administrador",
    }


async def test_a_dispute_resolution_is_recorded_once_with_who_it_favours(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, pro, _, trabajo_id = await unpaid_trabajo(api, admin)
    await simulate_payment(api, admin, trabajo_id)
    disputa = await open_dispute(api, cliente, trabajo_id)
    url = f"/api/v1/admin/disputas/{disputa['id']}/resolver"
    resolution = {"resolucion": "El trabajo no se hizo bien", "favorece_a": "CLIENTE"}
    for outsider in (cliente, pro):
        assert (await api.post(url, headers=outsider.headers, json=resolution)).status_code == 403
    assert await entries(standalone, disputa["id"]) == []

    resolved = await api.post(url, headers=admin.headers, json=resolution)
    assert resolved.status_code == 200, resolved.text
    entry = only(await entries(standalone, disputa["id"]), "disputa.resolver", admin)
    assert entry.recurso == "disputa"
    assert entry.detalle == {"favorece_a": "CLIENTE", "trabajo_id": trabajo_id}

    again = await api.post(url, headers=admin.headers, json={**resolution, "favorece_a": "PROFESIONAL"})
    assert again.status_code == 400, again.text
    assert len(await entries(standalone, disputa["id"])) == 1


async def test_every_admin_view_of_dispute_evidence_is_recorded_and_the_parties_views_are_not(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, pro, _, trabajo_id = await unpaid_trabajo(api, admin)
    await simulate_payment(api, admin, trabajo_id)
    disputa = await open_dispute(api, cliente, trabajo_id)
    uploaded = await api.post(
        f"/api/v1/disputas/{disputa['id']}/evidencias",
        headers=cliente.headers,
        files={"file": ("foto.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    url = f"/api/v1/disputas/{disputa['id']}/evidencias/{uploaded.json()['id']}"
    for party in (cliente, pro):
        seen = await api.get(url, headers=party.headers)
        assert seen.status_code == 200
        assert seen.content == PDF
    assert await entries(standalone, disputa["id"]) == []

    for _ in range(2):
        seen = await api.get(url, headers=admin.headers)
        assert seen.status_code == 200
        assert seen.content == PDF
    found = [e for e in await entries(standalone, disputa["id"]) if e.accion == "disputa.evidencia.ver"]
    assert len(found) == 2
    for entry in found:
        assert entry.actor_id == admin.id
        assert entry.ip == TEST_CLIENT_IP
        assert entry.recurso == "disputa"
        assert entry.detalle == {"evidencia_id": uploaded.json()["id"], "trabajo_id": trabajo_id}

    # Evidence that does not exist: nothing was viewed, nothing recorded.
    missing = await api.get(
        f"/api/v1/disputas/{disputa['id']}/evidencias/{uuid.uuid4()}", headers=admin.headers
    )
    assert missing.status_code == 404
    assert len(await entries(standalone, disputa["id"])) == 2


async def test_an_admin_reading_a_conversation_is_recorded_and_a_participant_reading_it_is_not(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, pro, chat_id, _ = await unpaid_trabajo(api, admin)
    sent = await api.post(
        "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "Hola"}
    )
    assert sent.status_code == 200, sent.text
    for party in (cliente, pro):
        assert (await api.get(f"/api/v1/chat/messages/{chat_id}", headers=party.headers)).status_code == 200
    assert await entries(standalone, chat_id) == []

    read = await api.get(f"/api/v1/chat/messages/{chat_id}", headers=admin.headers)
    assert read.status_code == 200
    assert "Hola" in [m["text"] for m in read.json()]
    entry = only(await entries(standalone, chat_id), "chat.conversacion.ver", admin)
    assert entry.recurso == "conversacion"
    assert entry.detalle == {
        "cliente_id": str(cliente.id),
        "profesional_id": str(pro.id),
        "mensajes": len(read.json()),
    }

    unknown = uuid.uuid4()
    assert (await api.get(f"/api/v1/chat/messages/{unknown}", headers=admin.headers)).status_code == 404
    assert await entries(standalone, unknown) == []


async def test_lifting_a_chat_ban_is_recorded_with_what_it_cleared(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, pro, chat_id, _ = await unpaid_trabajo(api, admin)
    masked = await api.post(
        "/api/v1/chat/send-message",
        headers=pro.headers,
        json={"chat_id": chat_id, "text": "llamame al 11 5555-4444"},
    )
    assert masked.status_code == 200, masked.text
    url = f"/api/v1/admin/chat/users/{pro.id}/unban"
    for outsider in (cliente, pro):
        assert (await api.post(url, headers=outsider.headers)).status_code == 403
    assert await entries(standalone, pro.id) == []

    lifted = await api.post(url, headers=admin.headers)
    assert lifted.status_code == 200, lifted.text
    entry = only(await entries(standalone, pro.id), "chat.desbloquear", admin)
    assert entry.recurso == "usuario"
    assert entry.detalle == {"infracciones_anteriores": 1, "estaba_bloqueado": False}

    unknown = uuid.uuid4()
    assert (
        await api.post(f"/api/v1/admin/chat/users/{unknown}/unban", headers=admin.headers)
    ).status_code == 404
    assert await entries(standalone, unknown) == []


async def test_staff_money_decisions_are_recorded_and_refused_ones_are_not(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    cliente, _, _, trabajo_id = await unpaid_trabajo(api, admin)
    base = f"/api/v1/admin/trabajo/{trabajo_id}/dinero"
    # Nothing refused to decide about: both refused, nothing recorded.
    assert (await api.post(f"{base}/reintentar", headers=admin.headers)).status_code == 400
    nothing = await api.post(
        f"{base}/resolver", headers=admin.headers, json={"accion": "CERRAR", "motivo": "x" * 10}
    )
    assert nothing.status_code == 400
    assert (await api.post(f"{base}/reintentar", headers=cliente.headers)).status_code == 403
    assert await entries(standalone, trabajo_id) == []

    # A release the payments service refused (the trabajo never paid: payments holds none of its money).
    async with standalone.ctx("chat").db.session() as session:
        await session.execute(
            update(Trabajo)
            .where(Trabajo.id == uuid.UUID(trabajo_id))
            .values(estado_escrow="LIBERACION_RECHAZADA")
        )
    closed = await api.post(
        f"{base}/resolver",
        headers=admin.headers,
        json={"accion": "CERRAR", "motivo": "Resuelto por transferencia manual"},
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["estado_escrow"] == "CERRADO_POR_ADMIN"
    entry = only(await entries(standalone, trabajo_id), "trabajo.dinero.resolver", admin)
    assert entry.recurso == "trabajo"
    assert entry.detalle == {
        "estado_anterior": "LIBERACION_RECHAZADA",
        "estado_nuevo": "CERRADO_POR_ADMIN",
        "decision": "cerrar_liberacion_a_mano",
        "movimiento": "liberacion",
        "motivo": "Resuelto por transferencia manual",
    }
