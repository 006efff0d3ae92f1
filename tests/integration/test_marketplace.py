"""The whole marketplace through the gateway, every service as its own process on PostgreSQL (PostGIS),
RabbitMQ and Redis (issue 5): search, chat, offer, sandbox payment, escrow, release, ledger, review, XP — and
the cancel, refund, expiry, dispute and refusal paths."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from conectar.platform.db import utcnow
from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    eventually,
    money,
    offer,
    open_chat,
    paid_trabajo,
    pay_on_sandbox,
    register,
    trabajo_state,
    wait_state,
)
from tests.integration.conftest import Platform


@pytest.fixture(scope="module")
async def admin(platform: Platform) -> Account:
    async with platform.client() as api:
        return await create_admin(platform, api)


async def chat_db(platform: Platform) -> asyncpg.Connection:
    dsn = (
        make_url(platform.database_url("chat"))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    return await asyncpg.connect(dsn)


async def test_from_search_to_review(platform: Platform, api: httpx.AsyncClient, admin: Account) -> None:
    pro = await approved_professional(api, admin)
    headers = pro.account.headers
    oficio = (await api.get("/api/v1/public/oficios")).json()
    if not oficio:
        created = await api.post(
            "/api/v1/admin/oficios",
            headers=admin.headers,
            json={"nombre": f"Plomería {uuid.uuid4().hex[:4]}", "descripcion": "Caños"},
        )
        oficio = [created.json()]
    oficio_id = oficio[0]["id"]
    assert (
        await api.put(
            "/api/v1/professional/profile/location",
            headers=headers,
            json={"latitude": -34.6037, "longitude": -58.3816},
        )
    ).status_code == 200
    assert (
        await api.put(
            "/api/v1/professional/profile/oficios", headers=headers, json={"oficio_ids": [oficio_id]}
        )
    ).status_code == 200
    found = await api.get(
        "/api/v1/search/professionals",
        params={"oficio_id": oficio_id, "lat": -34.61, "lng": -58.39, "limit": 50},
    )
    assert pro.profile_id in [p["id"] for p in found.json()]
    profile = (await api.get(f"/api/v1/public/professional/{pro.profile_id}")).json()
    assert "email" not in profile

    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro.account)
    masked = await api.post(
        "/api/v1/chat/send-message",
        headers=cliente.headers,
        json={"chat_id": chat_id, "text": "pasame tu whatsapp 11 4444 5555"},
    )
    assert "4444" not in masked.json()["text"]
    # What the professional's app polls (read outside a transaction on PostgreSQL) counts the message.
    unread = (await api.get("/api/v1/chat/unread-count", headers=headers)).json()
    assert unread["unread_count"] == 1
    mine = (await api.get("/api/v1/chat/my-chats", headers=headers)).json()
    assert [(c["id"], c["unread_count"]) for c in mine["chats"]] == [(chat_id, 1)]
    oferta = await offer(api, pro.account, cliente, chat_id, "20000.00")
    accepted = (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    ).json()
    trabajo_id = accepted["trabajo_id"]
    assert accepted["payment_url"].startswith(platform.base_url)
    paid = await pay_on_sandbox(api, accepted["payment_url"])
    assert paid.status_code in (302, 303)
    await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")
    assert (
        await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=headers)
    ).status_code == 200
    released = (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    ).json()
    assert released["estado_escrow"] == "LIBERADO"
    assert money(released["comision_plataforma"]) == Decimal("4000.00")
    assert money(released["monto_liberado"]) == Decimal("16000.00")

    async def ledger_shows_it() -> bool:
        balance = (await api.get("/api/v1/pagos/balance", headers=headers)).json()
        return money(balance["total_ganado"]) == Decimal("16000.00") and balance["trabajos_completados"] == 1

    await eventually(ledger_shows_it, timeout=20)
    financials = (await api.get("/api/v1/admin/metrics/financials", headers=admin.headers)).json()
    assert money(financials["comision_total"]) >= Decimal("4000.00")

    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.headers,
        json={"rating": 5, "texto_resena": "Excelente"},
    )
    assert review.status_code == 201

    async def xp_and_rating() -> bool:
        nivel = (await api.get("/api/v1/professional/me/nivel", headers=headers)).json()
        public = (await api.get(f"/api/v1/public/professional/{pro.profile_id}")).json()
        return bool(
            nivel["puntos_experiencia"] == 150
            and public["total_resenas"] == 1
            and public["trabajos_completados"] == 1
        )

    await eventually(xp_and_rating, timeout=20)


async def test_cancel_refund_and_refusals(api: httpx.AsyncClient, admin: Account) -> None:
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    other = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=other.headers)
    ).status_code == 403
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=pro.headers)
    ).status_code == 403
    assert (
        await api.post(
            f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=cliente.headers, json={"rating": 5}
        )
    ).status_code == 400
    refunded = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    assert refunded.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    ).status_code == 400


async def test_concurrent_accepts_and_finalize_racing_cancel(api: httpx.AsyncClient, admin: Account) -> None:
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    results = await asyncio.gather(
        *(
            api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
            for _ in range(5)
        )
    )
    assert [r.status_code for r in results].count(200) == 1
    mine = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()
    assert [t["oferta_id"] for t in mine] == [oferta["id"]]  # one trabajo, whatever the races

    trabajo_id = await paid_trabajo(api, cliente, pro)
    finalize, cancel = await asyncio.gather(
        api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers),
        api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers),
    )
    assert sorted([finalize.status_code, cancel.status_code]) == [200, 400]

    # What the money did is what the winner said, once: released to the professional, or refunded.
    released = finalize.status_code == 200
    await wait_state(api, cliente, trabajo_id, "LIBERADO" if released else "CANCELADO_REEMBOLSADO")
    expected = "LIBERADO" if released else "REEMBOLSADO"

    async def payments_settled() -> bool:
        status = await api.get(f"/api/v1/admin/pagos/trabajos/{trabajo_id}", headers=admin.headers)
        return bool(status.status_code == 200 and status.json()["estado"] == expected)

    await eventually(payments_settled, timeout=30)
    status = (await api.get(f"/api/v1/admin/pagos/trabajos/{trabajo_id}", headers=admin.headers)).json()
    assert (status["released_at"] is not None) is released
    assert (status["refunded_at"] is not None) is not released
    balance = (await api.get("/api/v1/pagos/balance", headers=pro.headers)).json()
    assert money(balance["total_ganado"]) == (Decimal("12000.00") if released else Decimal("0"))
    assert money(balance["pendiente"]) == Decimal("0")


async def test_timers_expire_offers_and_release_after_the_wait(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    stale = await offer(api, pro, cliente, chat_id)
    done_id = await paid_trabajo(api, cliente, pro)
    await api.post(f"/api/v1/professional/trabajos/{done_id}/completar", headers=pro.headers)
    conn = await chat_db(platform)
    try:
        await conn.execute(
            "UPDATE ofertas SET fecha_creacion = $1 WHERE id = $2",
            utcnow() - timedelta(days=8),
            uuid.UUID(stale["id"]),
        )
        await conn.execute(
            "UPDATE trabajos SET fecha_completado = $1 WHERE id = $2",
            utcnow() - timedelta(hours=73),
            uuid.UUID(done_id),
        )
    finally:
        await conn.close()

    async def expired() -> bool:
        state = (await api.get(f"/api/v1/cliente/ofertas/{stale['id']}", headers=cliente.headers)).json()[
            "estado"
        ]
        return bool(state == "EXPIRADO")

    await eventually(expired, timeout=20)
    await wait_state(api, cliente, done_id, "LIBERADO")


async def test_dispute_resolved_for_the_client_refunds(api: httpx.AsyncClient, admin: Account) -> None:
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    opened = await api.post(
        "/api/v1/disputas",
        headers=cliente.headers,
        json={
            "trabajo_id": trabajo_id,
            "tipo": "NO_REALIZADO",
            "descripcion": "El profesional nunca vino a la casa.",
        },
    )
    assert opened.status_code == 201
    resolved = await api.post(
        f"/api/v1/admin/disputas/{opened.json()['id']}/resolver",
        headers=admin.headers,
        json={"resolucion": "No se realizó el trabajo", "favorece_a": "CLIENTE"},
    )
    assert resolved.json()["estado"] == "RESUELTA_A_FAVOR_CLIENTE"
    final = await trabajo_state(api, cliente, trabajo_id)
    assert final["estado_escrow"] == "CANCELADO_REEMBOLSADO"
