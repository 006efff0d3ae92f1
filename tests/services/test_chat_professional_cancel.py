"""The professional cancels a trabajo (SPEC §13): unpaid it closes, paid and not yet marked done the whole
payment goes back to the client (once); every other case is refused; the cancel racing the client's
finalize has one outcome that payments agrees with; and the public profile's ``cancelaciones_90d`` counts
only the professional's own cancellations of the last 90 days, once per trabajo."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from conectar.chat import repository as chat_repo
from conectar.chat.statemachine import TRANSITIONS, Actor, EstadoEscrow
from conectar.contracts.events import EventEnvelope, JobCancelled
from conectar.platform.db import utcnow
from conectar.professionals.models import CancelacionProfesional
from tests.factories import (
    Account,
    Pro,
    approved_professional,
    create_admin,
    eventually,
    offer,
    open_chat,
    paid_trabajo,
    register,
    trabajo_state,
)
from tests.services.conftest import LiveStandalone

MOTIVO = "Me surgió una urgencia familiar y no voy a poder ir"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


def cancel(api: httpx.AsyncClient, who: Account, trabajo_id: str, motivo: Any = MOTIVO) -> Any:
    body = {} if motivo is None else {"motivo": motivo}
    return api.post(f"/api/v1/professional/trabajos/{trabajo_id}/cancelar", headers=who.headers, json=body)


async def unpaid_trabajo(api: httpx.AsyncClient, cliente: Account, pro: Account) -> str:
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    return str(accepted.json()["trabajo_id"])


async def cancelaciones(api: httpx.AsyncClient, pro: Pro) -> int:
    response = await api.get(f"/api/v1/public/professional/{pro.profile_id}")
    assert response.status_code == 200, response.text
    return int(response.json()["cancelaciones_90d"])


async def counted(api: httpx.AsyncClient, pro: Pro, n: int) -> bool:
    return await cancelaciones(api, pro) == n


async def pendiente(api: httpx.AsyncClient, pro: Pro) -> Decimal:
    balance = (await api.get("/api/v1/pagos/balance", headers=pro.account.headers)).json()
    return Decimal(str(balance["pendiente"]))


async def refund_rounds(live: LiveStandalone, trabajo_id: str) -> list[tuple[str, int]]:
    async with live.ctx("chat").db.session(write=False) as session:
        actions = await chat_repo.money_actions_of(session, [uuid.UUID(trabajo_id)])
    return [(a.status, a.ask_round) for a in actions if a.kind == "refund"]


async def payments_estado(live: LiveStandalone, trabajo_id: str) -> str:
    status = await live.ctx("chat").clients.call("payments", "GET", f"/internal/v1/payments/{trabajo_id}")
    return str(status["estado"])


def test_the_cancellation_is_a_professional_row_of_the_table() -> None:
    rows = {t.name: t for t in TRANSITIONS}
    unpaid, paid = rows["cancelar_impago_por_profesional"], rows["cancelar_por_profesional"]
    assert (unpaid.source, unpaid.target, unpaid.actors) == (
        EstadoEscrow.PENDIENTE_PAGO,
        EstadoEscrow.CANCELADO,
        frozenset({Actor.PROFESIONAL}),
    )
    assert (paid.source, paid.target, paid.actors) == (
        EstadoEscrow.PAGADO_EN_ESCROW,
        EstadoEscrow.REEMBOLSANDO,
        frozenset({Actor.PROFESIONAL}),
    )


def test_old_job_cancelled_events_still_parse() -> None:
    old = {
        "trabajo_id": str(uuid.uuid4()),
        "profesional_id": str(uuid.uuid4()),
        "cliente_id": str(uuid.uuid4()),
        "estado_escrow": "CANCELADO",
        "motivo": "x",
        "reembolso": False,
    }
    assert JobCancelled.model_validate(old).cancelado_por is None


async def test_unpaid_closes_and_paid_refunds_once(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    # Unpaid: closed, nothing to refund.
    trabajo_id = await unpaid_trabajo(api, cliente, pro.account)
    closed = await cancel(api, pro.account, trabajo_id)
    assert closed.status_code == 200, closed.text
    assert closed.json()["estado_escrow"] == "CANCELADO"
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "CANCELADO"
    assert await refund_rounds(live, trabajo_id) == []
    await eventually(lambda: counted(api, pro, 1))

    # Paid, not yet marked done: the whole payment goes back to the client, asked of payments once.
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    before = await pendiente(api, pro)
    refunded = await cancel(api, pro.account, trabajo_id)
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert refunded.json()["monto_liberado"] is None
    assert await payments_estado(live, trabajo_id) == "REEMBOLSADO"
    assert await refund_rounds(live, trabajo_id) == [("done", 1)]
    assert await pendiente(api, pro) == before - Decimal("15000.00")
    # The client sees it too, and the trabajo can no longer be confirmed.
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    finalize = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert finalize.status_code == 400
    await eventually(lambda: counted(api, pro, 2))

    # A client's own cancellation does not count against the professional.
    other = await paid_trabajo(api, cliente, pro.account)
    by_client = await api.post(f"/api/v1/cliente/trabajo/{other}/cancelar", headers=cliente.headers)
    assert by_client.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    await asyncio.sleep(0.5)
    assert await cancelaciones(api, pro) == 2


async def test_refusals(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    stranger = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)

    # Bad motivo: missing, too short, too long, only blanks.
    for motivo in (None, "corto", "x" * 501, " " * 20):
        assert (await cancel(api, pro.account, trabajo_id, motivo)).status_code == 422, motivo
    # Wrong role; not yours.
    assert (await cancel(api, cliente, trabajo_id)).status_code == 403
    assert (await cancel(api, admin, trabajo_id)).status_code == 403
    not_yours = await cancel(api, stranger.account, trabajo_id)
    assert not_yours.status_code == 403
    assert "no es tuyo" in not_yours.json()["detail"]
    assert (await cancel(api, pro.account, str(uuid.uuid4()))).status_code == 404

    # After marking it done: refused, and nothing moved.
    done = await api.post(
        f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.account.headers
    )
    assert done.status_code == 200, done.text
    after_done = await cancel(api, pro.account, trabajo_id)
    assert after_done.status_code == 400
    assert "terminado" in after_done.json()["detail"]
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "PAGADO_EN_ESCROW"
    assert await refund_rounds(live, trabajo_id) == []

    # Released: refused (the state is not PAGADO_EN_ESCROW).
    finalize = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert finalize.json()["estado_escrow"] == "LIBERADO"
    released = await cancel(api, pro.account, trabajo_id)
    assert released.status_code == 400
    assert "LIBERADO" in released.json()["detail"]

    # Already cancelled: refused too.
    unpaid = await unpaid_trabajo(api, cliente, pro.account)
    assert (await cancel(api, pro.account, unpaid)).status_code == 200
    again = await cancel(api, pro.account, unpaid)
    assert again.status_code == 400
    assert "CANCELADO" in again.json()["detail"]
    # Only the one cancellation counts.
    await eventually(lambda: counted(api, pro, 1))


async def test_cancel_racing_finalize_has_one_outcome_and_money_moves_once(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    outcomes = set()
    for _ in range(4):
        trabajo_id = await paid_trabajo(api, cliente, pro.account)
        before = await pendiente(api, pro)
        finalize, cancelled = await asyncio.gather(
            api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers),
            cancel(api, pro.account, trabajo_id),
        )
        assert sorted([finalize.status_code, cancelled.status_code]) == [200, 400], (
            finalize.text,
            cancelled.text,
        )
        final = (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"]
        outcomes.add(final)
        expected = {"LIBERADO": "LIBERADO", "CANCELADO_REEMBOLSADO": "REEMBOLSADO"}
        assert await payments_estado(live, trabajo_id) == expected[final]
        # The escrow left once: to the professional or back to the client, never both.
        assert await pendiente(api, pro) == before - Decimal("15000.00")
        async with live.ctx("chat").db.session(write=False) as session:
            actions = await chat_repo.money_actions_of(session, [uuid.UUID(trabajo_id)])
        moved = [(a.kind, a.status, a.ask_round) for a in actions if a.kind in ("release", "refund")]
        kind = "release" if final == "LIBERADO" else "refund"
        assert moved == [(kind, "done", 1)]
    assert outcomes <= {"LIBERADO", "CANCELADO_REEMBOLSADO"}


async def _deliver(live: LiveStandalone, event: JobCancelled, at: datetime) -> None:
    envelope = EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=at,
        producer="chat",
        payload=json.loads(event.model_dump_json()),
    )
    await live.host.infra.bus.publish([envelope])


async def test_cancelaciones_90d_counts_the_professionals_own_recent_ones_once(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    now = utcnow()

    def event(cancelado_por: str | None, trabajo_id: uuid.UUID | None = None) -> JobCancelled:
        return JobCancelled(
            trabajo_id=trabajo_id or uuid.uuid4(),
            profesional_id=pro.account.id,
            cliente_id=uuid.uuid4(),
            estado_escrow="CANCELADO",
            motivo="motivo",
            reembolso=False,
            cancelado_por=cancelado_por,
        )

    recent = event("PROFESIONAL")
    await _deliver(live, recent, now - timedelta(days=3))
    await _deliver(live, recent, now - timedelta(days=3))  # redelivered (a new envelope): counted once
    await _deliver(live, event("PROFESIONAL"), now - timedelta(days=89))
    await _deliver(live, event("PROFESIONAL"), now - timedelta(days=91))  # outside the window
    for other in ("CLIENTE", "ADMIN", "TEMPORIZADOR", None):
        await _deliver(live, event(other), now - timedelta(days=1))
    marker = event("PROFESIONAL")
    await _deliver(live, marker, now - timedelta(days=100))  # delivered last: everything before is in

    async def stored() -> bool:
        async with live.ctx("professionals").db.session(write=False) as session:
            return await session.get(CancelacionProfesional, marker.trabajo_id) is not None

    await eventually(stored)
    await eventually(lambda: counted(api, pro, 2))
    await asyncio.sleep(0.5)  # the other deliveries had time to land: still only the two
    assert await cancelaciones(api, pro) == 2
    # Shown on the public profile only, not on search cards.
    search = await api.get("/api/v1/search/professionals")
    for card in search.json().get("results", []) if search.status_code == 200 else []:
        assert "cancelaciones_90d" not in card
