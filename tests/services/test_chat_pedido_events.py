"""The events of a pedido's life (SPEC §10): PedidoCreated when it is asked, PedidoAwarded when an offer on it
is accepted, PedidoClosed when it is cancelled or expires — each written to the chat service's outbox in the
same unit of work as the change."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from conectar.chat import scheduled
from conectar.chat.models import Pedido
from conectar.platform.db import utcnow
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_chat_pedidos import new_pedido, pro_near, quote
from tests.services.test_professionals_support import API, create_oficio


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def events_of(standalone: Standalone, pedido_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(type, payload) of the chat outbox's pedido events about ``pedido_id``, oldest first."""
    ctx = standalone.ctx("chat")
    outbox = ctx.tables.outbox
    async with ctx.db.session(write=False) as session:
        rows = (
            await session.execute(
                select(outbox.c.type, outbox.c.payload)
                .where(outbox.c.type.in_(("PedidoCreated", "PedidoAwarded", "PedidoClosed")))
                .order_by(outbox.c.occurred_at)
            )
        ).all()
    return [(row.type, row.payload) for row in rows if row.payload.get("pedido_id") == pedido_id]


async def test_created_then_awarded(standalone: Standalone, api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE")
    pedido = await new_pedido(api, cliente, oficio["id"])
    oferta = (await quote(api, pro, pedido["id"])).json()
    accepted = await api.post(f"{API}/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    found = await events_of(standalone, pedido["id"])
    assert [kind for kind, _ in found] == ["PedidoCreated", "PedidoAwarded"]
    created, awarded = found[0][1], found[1][1]
    assert str(pro.id) in created["profesionales"]  # the matching professionals, for pedido_nuevo
    assert "direccion" not in created  # the address never travels in events
    assert (
        awarded["cliente_id"],
        awarded["profesional_id"],
        awarded["oferta_id"],
        awarded["trabajo_id"],
    ) == (
        str(cliente.id),
        str(pro.id),
        oferta["id"],
        accepted.json()["trabajo_id"],
    )


async def test_closed_when_cancelled_or_expired(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    cliente = await register(api, "CLIENTE")
    cancelled = await new_pedido(api, cliente, oficio["id"])
    expired = await new_pedido(api, cliente, oficio["id"])
    answer = await api.post(f"{API}/pedidos/{cancelled['id']}/cancelar", headers=cliente.headers)
    assert answer.status_code == 200, answer.text
    ctx = standalone.ctx("chat")
    async with ctx.db.session() as session:
        await session.execute(
            update(Pedido)
            .where(Pedido.id == uuid.UUID(expired["id"]))
            .values(fecha_expiracion=utcnow() - timedelta(minutes=1))
        )
    await scheduled.expire_pedidos(ctx)
    for pedido, estado in ((cancelled, "CANCELADO"), (expired, "VENCIDO")):
        found = await events_of(standalone, pedido["id"])
        assert [kind for kind, _ in found] == ["PedidoCreated", "PedidoClosed"], pedido
        assert found[1][1]["estado"] == estado
