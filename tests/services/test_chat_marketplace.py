"""Offers, trabajos, escrow, reviews and disputes end to end in standalone mode (SPEC §5), with the real
professionals and payments services in the same process and the sandbox checkout over HTTP."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from conectar.chat import app as chat_app
from conectar.chat.flows import contratacion
from conectar.chat.flows.timers import run_timers
from conectar.chat.models import Oferta, Trabajo
from conectar.chat.personal_data import erase as erase_chat_part
from conectar.platform.db import utcnow
from conectar.platform.infra import build_infrastructure
from tests.conftest import image_bytes, standalone_settings
from tests.factories import (
    PDF,
    Account,
    Pro,
    approved_professional,
    create_admin,
    deletion_requested,
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
from tests.services.conftest import LiveStandalone


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def test_the_whole_marketplace_flow(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    masked = await api.post(
        "/api/v1/chat/send-message",
        headers=pro.headers,
        json={"chat_id": chat_id, "text": "mi cel es 11 5555-4444"},
    )
    assert "5555" not in masked.json()["text"]

    oferta = await offer(api, pro, cliente, chat_id, "15000.00")
    assert oferta["estado"] == "OFERTADO"
    assert oferta["profesional_id"] == str(pro.id)
    card = (await api.get(f"/api/v1/chat/messages/{chat_id}", headers=cliente.headers)).json()[-1]
    assert card["tipo"] == "oferta"
    assert card["oferta_id"] == oferta["id"]
    assert (await api.get(f"/api/v1/cliente/ofertas/{oferta['id']}", headers=cliente.headers)).json()[
        "estado"
    ] == "OFERTADO"

    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert set(body) == {"oferta", "trabajo_id", "payment_preference_id", "payment_url", "mensaje"}
    assert body["oferta"]["estado"] == "ACEPTADO"
    trabajo_id = body["trabajo_id"]
    trabajo = await trabajo_state(api, cliente, trabajo_id)
    assert trabajo["estado_escrow"] == "PENDIENTE_PAGO"
    assert money(trabajo["precio_final"]) == Decimal("15000.00")

    paid = await pay_on_sandbox(api, body["payment_url"])
    assert paid.status_code in (302, 303)
    assert trabajo_id in paid.headers["location"]
    trabajo = await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")
    assert trabajo["mercadopago_payment_id"]
    assert (await api.get(f"/api/v1/cliente/ofertas/{oferta['id']}", headers=cliente.headers)).json()[
        "estado"
    ] == "PAGADO"

    # The client cannot confirm before... it can, in fact: confirming is the client's call. First the pro marks it done.
    done = await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
    assert done.status_code == 200
    assert done.json()["fecha_completado"] is not None
    assert (
        await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
    ).status_code == 400
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    ).status_code == 400

    final = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert final.status_code == 200, final.text
    released = final.json()
    assert released["estado_escrow"] == "LIBERADO"
    assert money(released["comision_plataforma"]) == Decimal("3000.00")  # BRONCE: 20 %
    assert money(released["monto_liberado"]) == Decimal("12000.00")

    async def balance_shows_release() -> bool:
        balance = (await api.get("/api/v1/pagos/balance", headers=pro.headers)).json()
        return money(balance["total_ganado"]) == Decimal("12000.00") and money(
            balance["total_comisiones"]
        ) == Decimal("3000.00")

    await eventually(balance_shows_release)

    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.headers,
        json={"rating": 5, "texto_resena": "Impecable, llegó puntual"},
    )
    assert review.status_code == 201, review.text
    assert review.json()["profesional_total_resenas"] == 1
    assert money(review.json()["profesional_rating_promedio"]) == Decimal("5")
    twice = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=cliente.headers, json={"rating": 4}
    )
    assert twice.status_code == 400
    assert "ya tiene una reseña" in twice.json()["detail"]
    reply = await api.post(
        f"/api/v1/resenas/{review.json()['resena']['id']}/responder",
        headers=pro.headers,
        json={"respuesta": "¡Gracias!"},
    )
    assert reply.status_code == 200
    assert (
        await api.post(
            f"/api/v1/resenas/{review.json()['resena']['id']}/responder",
            headers=pro.headers,
            json={"respuesta": "otra"},
        )
    ).status_code == 400

    async def xp_and_rating() -> bool:
        nivel = (await api.get("/api/v1/professional/me/nivel", headers=pro.headers)).json()
        me = (await api.get("/api/v1/professional/me", headers=pro.headers)).json()
        return bool(nivel["puntos_experiencia"] == 150 and me["total_resenas"] == 1)

    await eventually(xp_and_rating)


async def test_refusals(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    pending_pro = await register(api, "PROFESIONAL")
    cliente = await register(api, "CLIENTE")
    other = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    body = {
        "cliente_id": str(cliente.id),
        "chat_id": chat_id,
        "descripcion": "Arreglo de enchufes del living",
        "precio_final": "5000",
    }
    # Not approved yet; wrong role; not a participant; bad input.
    pending_chat = await open_chat(api, cliente, pending_pro)
    assert (
        await api.post(
            "/api/v1/professional/ofertas",
            headers=pending_pro.headers,
            json={**body, "chat_id": pending_chat},
        )
    ).status_code == 403
    assert (
        await api.post("/api/v1/professional/ofertas", headers=cliente.headers, json=body)
    ).status_code == 403
    assert (
        await api.post(
            "/api/v1/professional/ofertas", headers=pro.headers, json={**body, "cliente_id": str(other.id)}
        )
    ).status_code == 403
    for bad in ({"precio_final": "99.99"}, {"precio_final": "10000000.01"}, {"descripcion": "corto"}):
        assert (
            await api.post("/api/v1/professional/ofertas", headers=pro.headers, json={**body, **bad})
        ).status_code == 422
    oferta = await offer(api, pro, cliente, chat_id)
    assert (
        await api.get(f"/api/v1/cliente/ofertas/{oferta['id']}", headers=other.headers)
    ).status_code == 403
    assert (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=other.headers)
    ).status_code == 403
    assert (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=pro.headers)
    ).status_code == 403
    rejected = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/reject", headers=cliente.headers)
    assert rejected.json()["estado"] == "RECHAZADO"
    again = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert again.status_code == 400
    # Trabajos that are not yours.
    trabajo_id = await paid_trabajo(api, cliente, pro)
    assert (await api.get(f"/api/v1/cliente/trabajo/{trabajo_id}", headers=other.headers)).status_code == 403
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=other.headers)
    ).status_code == 403
    assert (
        await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pending_pro.headers)
    ).status_code == 403
    assert (
        await api.post(
            f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=cliente.headers, json={"rating": 5}
        )
    ).json()["detail"].count("LIBERADO") == 1
    assert (
        await api.post(
            f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=other.headers, json={"rating": 5}
        )
    ).status_code == 403
    assert (await api.get("/api/v1/admin/trabajos", headers=cliente.headers)).status_code == 403
    listing = await api.get(
        "/api/v1/admin/trabajos", headers=admin.headers, params={"estado": "PAGADO_EN_ESCROW"}
    )
    assert listing.status_code == 200
    assert all(t["estado_escrow"] == "PAGADO_EN_ESCROW" for t in listing.json())


async def test_release_needs_the_professionals_payout_account(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin, payout=False)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    refused = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert refused.status_code == 400
    assert "cuenta de cobro" in refused.json()["detail"]
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "PAGADO_EN_ESCROW"


async def test_two_concurrent_accepts_make_one_trabajo(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    results = await asyncio.gather(
        *(
            api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
            for _ in range(4)
        )
    )
    statuses = sorted(r.status_code for r in results)
    assert statuses.count(200) == 1, [r.text for r in results]
    assert all(s in (400, 409) for s in statuses if s != 200)
    trabajos = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()
    assert len([t for t in trabajos if t["oferta_id"] == oferta["id"]]) == 1


async def test_cancellations_and_refunds(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    # Before paying: closed, no money moves.
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    ).json()
    cancelled = await api.post(
        f"/api/v1/cliente/trabajo/{accepted['trabajo_id']}/cancelar", headers=cliente.headers
    )
    assert cancelled.json()["estado_escrow"] == "CANCELADO"
    # Paid, not yet done: full refund.
    trabajo_id = await paid_trabajo(api, cliente, pro)
    refunded = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    assert refunded.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    payments = live.ctx("chat")
    status = await payments.clients.call("payments", "GET", f"/internal/v1/payments/{trabajo_id}")
    # CANCELADO_REEMBOLSADO only once payments confirmed the refund (REEMBOLSANDO until then).
    assert status["estado"] == "REEMBOLSADO"
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    ).status_code == 400
    # An admin cancels a paid trabajo.
    trabajo_id = await paid_trabajo(api, cliente, pro)
    assert (
        await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    ).status_code == 403
    by_admin = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/cancelar", headers=admin.headers)
    assert by_admin.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"


async def test_finalize_racing_cancel_has_one_outcome_that_payments_agrees_with(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    for _ in range(3):
        trabajo_id = await paid_trabajo(api, cliente, pro)
        finalize, cancel = await asyncio.gather(
            api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers),
            api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers),
        )
        assert sorted([finalize.status_code, cancel.status_code]) == [200, 400]
        final = (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"]
        status = await live.ctx("chat").clients.call("payments", "GET", f"/internal/v1/payments/{trabajo_id}")
        # The trabajo reaches its final state only once payments accepted the movement: they agree.
        expected = {"LIBERADO": "LIBERADO", "CANCELADO_REEMBOLSADO": "REEMBOLSADO"}
        assert status["estado"] == expected[final]


async def test_timers_expire_offers_cancel_unpaid_and_release_after_72_hours(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    chat_ctx = live.ctx("chat")
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    stale_offer = await offer(api, pro, cliente, chat_id)
    accepted_offer = await offer(api, pro, cliente, chat_id)
    unpaid = (
        await api.post(f"/api/v1/cliente/ofertas/{accepted_offer['id']}/accept", headers=cliente.headers)
    ).json()
    done_id = await paid_trabajo(api, cliente, pro)
    await api.post(f"/api/v1/professional/trabajos/{done_id}/completar", headers=pro.headers)
    long_ago = utcnow() - timedelta(days=8)
    async with chat_ctx.db.session() as session:
        await session.execute(
            update(Oferta).where(Oferta.id == uuid.UUID(stale_offer["id"])).values(fecha_creacion=long_ago)
        )
        await session.execute(
            update(Trabajo)
            .where(Trabajo.id == uuid.UUID(unpaid["trabajo_id"]))
            .values(fecha_creacion=long_ago)
        )
        await session.execute(
            update(Trabajo)
            .where(Trabajo.id == uuid.UUID(done_id))
            .values(fecha_completado=utcnow() - timedelta(hours=73))
        )
    assert await run_timers(chat_ctx) >= 3
    assert (await api.get(f"/api/v1/cliente/ofertas/{stale_offer['id']}", headers=cliente.headers)).json()[
        "estado"
    ] == "EXPIRADO"
    assert (await trabajo_state(api, cliente, unpaid["trabajo_id"]))["estado_escrow"] == "CANCELADO"
    assert (await trabajo_state(api, cliente, done_id))["estado_escrow"] == "LIBERADO"
    assert await run_timers(chat_ctx) == 0


async def test_a_dispute_nobody_resolves_in_time_closes_in_the_clients_favour(
    live: LiveStandalone, admin: Account
) -> None:
    """The dispute's time runs out (``dispute_ttl_hours``): the money goes back to the client, and the
    dispute says so — resolved for the client with the timer's words, both parties told — instead of
    staying ABIERTA on a refunded trabajo, where no one could resolve or close it any more."""
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    body = {"trabajo_id": trabajo_id, "tipo": "NO_REALIZADO", "descripcion": "Nunca vino a hacer el trabajo."}
    opened = await api.post("/api/v1/disputas", headers=cliente.headers, json=body)
    assert opened.status_code == 201, opened.text
    disputa_id = opened.json()["id"]
    async with live.ctx("chat").db.session() as session:
        await session.execute(
            update(Trabajo)
            .where(Trabajo.id == uuid.UUID(trabajo_id))
            .values(fecha_actualizacion=utcnow() - timedelta(days=31))
        )
    assert await run_timers(live.ctx("chat")) == 1
    await wait_state(api, cliente, trabajo_id, "CANCELADO_REEMBOLSADO")

    for who in (cliente, pro):
        mine = (await api.get("/api/v1/disputas/mis-disputas", headers=who.headers)).json()
        [closed] = [d for d in mine if d["id"] == disputa_id]
        assert closed["estado"] == "RESUELTA_A_FAVOR_CLIENTE"
        assert closed["favorece_a"] == "CLIENTE"
        assert closed["resolucion"] == "el plazo para revisarla venció y el pago vuelve al cliente."
        assert closed["fecha_resolucion"] is not None
    still_open = (
        await api.get("/api/v1/admin/disputas", headers=admin.headers, params={"estado": "ABIERTA"})
    ).json()
    assert disputa_id not in [d["id"] for d in still_open]
    late = await api.post(
        f"/api/v1/admin/disputas/{disputa_id}/resolver",
        headers=admin.headers,
        json={"resolucion": "Llegó tarde", "favorece_a": "PROFESIONAL"},
    )
    assert late.status_code == 400
    assert "cerrada" in late.json()["detail"]

    async def told(who: Account) -> bool:
        inbox = (await api.get("/api/v1/notificaciones", headers=who.headers)).json()["notificaciones"]
        return any(n["tipo"] == "disputa_resuelta" for n in inbox)

    assert await eventually(lambda: told(pro))
    assert await eventually(lambda: told(cliente))


async def test_disputes(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    outsider = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    body = {
        "trabajo_id": trabajo_id,
        "tipo": "CALIDAD_TRABAJO",
        "descripcion": "La pérdida sigue igual que antes.",
    }
    assert (await api.post("/api/v1/disputas", headers=outsider.headers, json=body)).status_code == 403
    assert (
        await api.post("/api/v1/disputas", headers=cliente.headers, json={**body, "tipo": "OTRA"})
    ).status_code == 422
    assert (
        await api.post("/api/v1/disputas", headers=cliente.headers, json={**body, "descripcion": "corta"})
    ).status_code == 422
    opened = await api.post("/api/v1/disputas", headers=cliente.headers, json=body)
    assert opened.status_code == 201, opened.text
    disputa = opened.json()
    assert disputa["estado"] == "ABIERTA"
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "EN_DISPUTA"
    assert (await api.post("/api/v1/disputas", headers=pro.headers, json=body)).status_code == 400
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    ).status_code == 400

    evidence = await api.post(
        f"/api/v1/disputas/{disputa['id']}/evidencias",
        headers=cliente.headers,
        files={"file": ("foto.png", image_bytes("PNG"), "image/png")},
    )
    assert evidence.status_code == 201, evidence.text
    fake = await api.post(
        f"/api/v1/disputas/{disputa['id']}/evidencias",
        headers=cliente.headers,
        files={"file": ("x.pdf", b"MZ executable", "application/pdf")},
    )
    assert fake.status_code == 400
    await api.post(
        f"/api/v1/disputas/{disputa['id']}/evidencias",
        headers=pro.headers,
        files={"file": ("factura_año.pdf", PDF, "application/pdf")},
    )
    listed = (await api.get(f"/api/v1/disputas/{disputa['id']}/evidencias", headers=admin.headers)).json()
    assert len(listed) == 2
    download = await api.get(
        f"/api/v1/disputas/{disputa['id']}/evidencias/{listed[1]['id']}", headers=admin.headers
    )
    assert download.content == PDF
    assert "filename*=UTF-8''factura_a%C3%B1o.pdf" in download.headers["content-disposition"]
    assert download.headers["cache-control"] == "private, no-store"
    # A stored file that went missing is a clean 404, not a download broken half-way.
    stored = live.settings.data_dir / "private" / "disputas" / disputa["id"]
    for path in stored.iterdir():
        path.unlink()
    gone = await api.get(
        f"/api/v1/disputas/{disputa['id']}/evidencias/{listed[1]['id']}", headers=admin.headers
    )
    assert gone.status_code == 404
    assert (
        await api.get(
            f"/api/v1/disputas/{disputa['id']}/evidencias/{listed[1]['id']}", headers=outsider.headers
        )
    ).status_code == 403

    for who, text in (
        (cliente, "Adjunto fotos de la pérdida."),
        (pro, "Cambié el flexible, la pérdida es de otro caño."),
    ):
        assert (
            await api.post(
                f"/api/v1/disputas/{disputa['id']}/mensajes", headers=who.headers, json={"texto": text}
            )
        ).status_code == 201
    thread = (await api.get(f"/api/v1/disputas/{disputa['id']}/mensajes", headers=pro.headers)).json()
    assert [m["autor_rol"] for m in thread] == ["CLIENTE", "PROFESIONAL"]
    assert (
        await api.get(f"/api/v1/disputas/{disputa['id']}/mensajes", headers=outsider.headers)
    ).status_code == 403
    mine = (await api.get("/api/v1/disputas/mis-disputas", headers=pro.headers)).json()
    assert [d["id"] for d in mine] == [disputa["id"]]

    queue = (
        await api.get("/api/v1/admin/disputas", headers=admin.headers, params={"estado": "ABIERTA"})
    ).json()
    assert disputa["id"] in [d["id"] for d in queue]
    resolution = {"resolucion": "El trabajo no resolvió la pérdida", "favorece_a": "CLIENTE"}
    assert (
        await api.post(
            f"/api/v1/admin/disputas/{disputa['id']}/resolver", headers=cliente.headers, json=resolution
        )
    ).status_code == 403
    resolved = await api.post(
        f"/api/v1/admin/disputas/{disputa['id']}/resolver", headers=admin.headers, json=resolution
    )
    assert resolved.json()["estado"] == "RESUELTA_A_FAVOR_CLIENTE"
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert (
        await api.post(
            f"/api/v1/admin/disputas/{disputa['id']}/resolver", headers=admin.headers, json=resolution
        )
    ).status_code == 400

    # Resolved for the professional: the money is released.
    second = await paid_trabajo(api, cliente, pro)
    opened = (
        await api.post(
            "/api/v1/disputas", headers=pro.headers, json={**body, "trabajo_id": second, "tipo": "OTRO"}
        )
    ).json()
    done = await api.post(
        f"/api/v1/admin/disputas/{opened['id']}/resolver",
        headers=admin.headers,
        json={"resolucion": "Trabajo realizado según lo acordado", "favorece_a": "PROFESIONAL"},
    )
    assert done.json()["estado"] == "RESUELTA_A_FAVOR_PROFESIONAL"
    assert (await trabajo_state(api, cliente, second))["estado_escrow"] == "LIBERADO"

    # Withdrawn by whoever opened it: the trabajo goes on.
    third = await paid_trabajo(api, cliente, pro)
    opened = (
        await api.post("/api/v1/disputas", headers=cliente.headers, json={**body, "trabajo_id": third})
    ).json()
    assert (
        await api.post(f"/api/v1/disputas/{opened['id']}/cancelar", headers=pro.headers)
    ).status_code == 403
    withdrawn = await api.post(f"/api/v1/disputas/{opened['id']}/cancelar", headers=cliente.headers)
    assert withdrawn.json()["estado"] == "CANCELADA"
    assert (await trabajo_state(api, cliente, third))["estado_escrow"] == "PAGADO_EN_ESCROW"


async def test_concurrent_reviews_keep_exact_averages(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    ratings = [5, 4, 3, 5, 2]
    jobs = []
    for _ in ratings:
        cliente = await register(api, "CLIENTE")
        trabajo_id = await paid_trabajo(api, cliente, pro, "1000.00")
        assert (
            await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
        ).status_code == 200
        jobs.append((cliente, trabajo_id))
    results = await asyncio.gather(
        *(
            api.post(f"/api/v1/cliente/trabajo/{t}/resena", headers=c.headers, json={"rating": r})
            for (c, t), r in zip(jobs, ratings, strict=True)
        )
    )
    assert all(r.status_code == 201 for r in results)
    assert sorted(r.json()["profesional_total_resenas"] for r in results) == [1, 2, 3, 4, 5]
    last = max(results, key=lambda r: r.json()["profesional_total_resenas"]).json()
    assert money(last["profesional_rating_promedio"]) == Decimal("3.80")


async def instant_service(api: httpx.AsyncClient, admin: Account, pro: Pro) -> tuple[str, str]:
    """A catalog instant service the professional offers at 8,500: its id and its oficio's."""
    oficio = await api.post(
        "/api/v1/admin/oficios",
        headers=admin.headers,
        json={"nombre": f"Destapaciones {pro.profile_id[:6]}", "descripcion": "Cloacas y cañerías"},
    )
    assert oficio.status_code == 201, oficio.text
    servicio = await api.post(
        "/api/v1/admin/servicios-instant",
        headers=admin.headers,
        json={
            "nombre": "Destapación de pileta",
            "descripcion": "Hasta 2 m de cañería",
            "oficio_id": oficio.json()["id"],
        },
    )
    assert servicio.status_code == 201, servicio.text
    servicio_id: str = servicio.json()["id"]
    headers = pro.account.headers
    assert (
        await api.put("/api/v1/professional/profile", headers=headers, json={"acepta_instant": True})
    ).status_code == 200
    assert (
        await api.put(
            "/api/v1/professional/profile/servicios-instant",
            headers=headers,
            json={"servicio_ids": [servicio_id]},
        )
    ).status_code == 200
    priced = await api.put(
        f"/api/v1/professional/servicios-instant/{servicio_id}", headers=headers, json={"precio_fijo": "8500"}
    )
    assert priced.status_code == 200, priced.text
    return servicio_id, str(oficio.json()["id"])


async def test_instant_hire(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    servicio_id, oficio_id = await instant_service(api, admin, pro)
    cliente = await register(api, "CLIENTE")
    hired = await api.post(
        f"/api/v1/cliente/servicios/{servicio_id}/contratar",
        headers=cliente.headers,
        json={"profesional_id": str(pro.account.id)},
    )
    assert hired.status_code == 200, hired.text
    body = hired.json()
    assert body["oferta"] is None
    assert body["payment_url"]
    trabajo = await trabajo_state(api, cliente, body["trabajo_id"])
    assert trabajo["servicio_instant_id"] == servicio_id
    assert money(trabajo["precio_final"]) == Decimal("8500")
    again = await api.post(
        f"/api/v1/cliente/servicios/{servicio_id}/contratar",
        headers=cliente.headers,
        json={"profesional_id": str(pro.account.id)},
    )
    assert again.json()["trabajo_id"] == body["trabajo_id"]
    # GET /servicios names the professional by profile id as `profesional_id`: that id hires too, the same
    # trabajo (it is the same professional), and the trabajo keeps the user id.
    listed = await api.get("/api/v1/servicios", params={"oficio_id": oficio_id})
    item = next(i for i in listed.json() if i["servicio_id"] == servicio_id)
    assert item["usuario_id"] == str(pro.account.id)
    by_profile = await api.post(
        f"/api/v1/cliente/servicios/{servicio_id}/contratar",
        headers=cliente.headers,
        json={"profesional_id": item["profesional_id"]},
    )
    assert by_profile.status_code == 200, by_profile.text
    assert by_profile.json()["trabajo_id"] == body["trabajo_id"]
    assert trabajo["profesional_id"] == str(pro.account.id)
    unknown = await api.post(
        f"/api/v1/cliente/servicios/{servicio_id}/contratar",
        headers=cliente.headers,
        json={"profesional_id": str(uuid.uuid4())},
    )
    assert unknown.status_code == 404
    assert (
        await api.post(
            f"/api/v1/cliente/servicios/{servicio_id}/contratar",
            headers=pro.account.headers,
            json={"profesional_id": str(pro.account.id)},
        )
    ).status_code == 403


async def test_no_trabajo_is_made_with_a_professional_erased_while_the_hire_runs(
    live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hire found both people active and its conversation; the professional's deletion reaches the chat
    before the hire makes the trabajo. The trabajo is refused (checked on the locked people), nothing is
    made: a trabajo with someone erased could never be done nor paid out."""
    api = live.client
    pro = await approved_professional(api, admin)
    servicio_id, _ = await instant_service(api, admin, pro)
    cliente = await register(api, "CLIENTE")
    chat = live.ctx("chat")
    erasure = deletion_requested(pro.account.id, "PROFESIONAL")
    found = contratacion.open_conversation

    async def erased_right_after(ctx: Any, cliente_id: uuid.UUID, profesional_id: uuid.UUID) -> Any:
        conversation = await found(ctx, cliente_id, profesional_id)
        async with chat.db.session() as session:
            await erase_chat_part(chat, session, erasure)
        return conversation

    monkeypatch.setattr(contratacion, "open_conversation", erased_right_after)
    refused = await api.post(
        f"/api/v1/cliente/servicios/{servicio_id}/contratar",
        headers=cliente.headers,
        json={"profesional_id": str(pro.account.id)},
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"] == "La cuenta del profesional no está activa"
    async with chat.db.session(write=False) as session:
        made = (await session.execute(select(Trabajo).where(Trabajo.cliente_id == cliente.id))).all()
    assert made == []


async def test_admin_simulated_payment_exists_only_with_the_sandbox(
    live: LiveStandalone, admin: Account, tmp_path: Path
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    ).json()
    trabajo_id = accepted["trabajo_id"]
    hook = f"/api/v1/admin/trabajo/{trabajo_id}/simular-pago"
    assert (await api.post(hook, headers=cliente.headers)).status_code == 403
    simulated = await api.post(hook, headers=admin.headers)
    assert simulated.status_code == 200, simulated.text
    assert simulated.json()["estado_escrow"] == "PAGADO_EN_ESCROW"
    # With the real provider configured the route is not there at all.
    settings = standalone_settings(
        tmp_path, payment_provider="mercadopago", mercadopago_access_token="APP_USR-x"
    )
    app = chat_app.create_app(build_infrastructure(settings, in_process=True))
    paths = set(app.openapi()["paths"])
    assert "/api/v1/admin/trabajo/{trabajo_id}/simular-pago" not in paths
    assert "/api/v1/admin/trabajo/{trabajo_id}/cancelar" in paths


async def test_only_open_offers_can_be_rejected_and_roles_come_before_the_body(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    withdrawn = await api.post(f"/api/v1/professional/ofertas/{oferta['id']}/cancelar", headers=pro.headers)
    assert withdrawn.json()["estado"] == "CANCELADO"
    assert (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/reject", headers=cliente.headers)
    ).status_code == 400
    assert (
        await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    ).status_code == 400
    # A client sending an (invalid) offer is refused for the role, not for the body.
    assert (
        await api.post("/api/v1/professional/ofertas", headers=cliente.headers, json={})
    ).status_code == 403
    resolved = await api.post(
        f"/api/v1/admin/disputas/{uuid.uuid4()}/resolver", headers=cliente.headers, json={}
    )
    assert resolved.status_code == 403
