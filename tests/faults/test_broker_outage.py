"""RabbitMQ cut for 30 s while people sign up, chat, pay and release money: every request succeeds, every
instance stays ready (degraded, naming the broker), and once the broker returns every event is delivered
exactly once — welcome notices, the chat's notice, the payment that puts a trabajo in escrow, the XP of a
released trabajo."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from conectar.professionals.domain import XP_WORK_COMPLETED
from tests.factories import (
    PASSWORD,
    approved_professional,
    create_admin,
    eventually,
    login,
    offer,
    open_chat,
    paid_trabajo,
    pay_on_sandbox,
    register,
    trabajo_state,
)
from tests.factories import open_chat as reopen_chat
from tests.faults.conftest import readiness
from tests.integration.conftest import Platform

SIGNUPS = 8
MESSAGES = 5
OUTAGE_SECONDS = 30.0


async def notices(api: httpx.AsyncClient, token: str) -> list[dict[str, Any]]:
    response = await api.get(
        "/api/v1/notificaciones", headers={"Authorization": f"Bearer {token}"}, params={"limit": 100}
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["notificaciones"]
    return items


async def test_a_broker_outage_loses_and_duplicates_nothing(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(platform, api)
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    tag = uuid.uuid4().hex[:8]
    emails = [f"brk_{tag}_{i}@example.com" for i in range(SIGNUPS)]
    # Money before the cut: one trabajo in escrow and marked done, one accepted and waiting to be paid.
    seller = (await approved_professional(api, admin)).account
    buyer = await register(api, "CLIENTE")
    done_id = await paid_trabajo(api, buyer, seller, "10000.00")
    completed = await api.post(f"/api/v1/professional/trabajos/{done_id}/completar", headers=seller.headers)
    assert completed.status_code == 200, completed.text
    second_chat = await reopen_chat(api, buyer, seller)  # the conversation of the first trabajo
    oferta = await offer(api, seller, buyer, second_chat, "8000.00")
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=buyer.headers)
    assert accepted.status_code == 200, accepted.text
    unpaid_id = str(accepted.json()["trabajo_id"])

    platform.broker_proxy.cut()
    cut_at = asyncio.get_running_loop().time()
    try:
        for i, email in enumerate(emails):
            signed = await api.post(
                "/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "nombre": "N", "apellido": "A", "rol": "CLIENTE"},
            )
            assert signed.status_code == 201, signed.text
            if i < MESSAGES:
                sent = await api.post(
                    "/api/v1/chat/send-message",
                    headers=cliente.headers,
                    json={"chat_id": chat_id, "text": f"mensaje {i}"},
                )
                assert sent.status_code == 200, sent.text

        async def every_instance_degraded() -> bool:
            answers = await readiness(platform)
            for service, (status, body) in answers.items():
                assert status == 200, (service, body)
            return all(
                "broker" in list(body.get("degraded", []))
                for service, (_, body) in answers.items()
                if service not in ("gateway", "web")
            )

        # Readiness never drops to 503 while the broker is away; every service names it.
        await eventually(every_instance_degraded, timeout=15, interval=0.5)

        # Money moves over HTTP and is recorded; what others learn of it waits in the outboxes.
        paid = await pay_on_sandbox(api, accepted.json()["payment_url"])
        assert paid.status_code in (302, 303), paid.text
        released = await api.post(f"/api/v1/cliente/trabajo/{done_id}/finalizar", headers=buyer.headers)
        assert released.status_code == 200, released.text
        assert released.json()["estado_escrow"] == "LIBERADO"

        while asyncio.get_running_loop().time() - cut_at < OUTAGE_SECONDS:
            assert all(status == 200 for status, _ in (await readiness(platform)).values())
            await asyncio.sleep(1)
        # The payment's confirmation could not reach chat: the trabajo is not in escrow yet.
        assert (await trabajo_state(api, buyer, unpaid_id))["estado_escrow"] == "PENDIENTE_PAGO"
    finally:
        platform.broker_proxy.restore()

    async def all_accounts_copied() -> bool:
        found = await api.get(
            "/api/v1/admin/users/search", headers=admin.headers, params={"email": f"brk_{tag}"}
        )
        return found.status_code == 200 and len(found.json()) >= SIGNUPS

    await eventually(all_accounts_copied, timeout=60, interval=0.5)
    tokens = [(await login(api, email, PASSWORD))["access_token"] for email in emails]

    async def all_welcomed() -> bool:
        for token in tokens:
            if not any(n["tipo"] == "bienvenida" for n in await notices(api, token)):
                return False
        return True

    async def messages_told() -> int:
        # A chat's messages fold into one "new messages" notice counting them (delivered as a backlog,
        # their handlers run concurrently: the fold serialises them).
        chat_notices = [n for n in await notices(api, pro.access_token) if n["tipo"] == "nuevo_mensaje"]
        assert all(n["datos"]["chat_id"] == chat_id for n in chat_notices), chat_notices
        return sum(int(n["contador"]) for n in chat_notices)

    async def pro_told_of_every_message() -> bool:
        return await messages_told() >= MESSAGES

    async def in_escrow() -> bool:
        return bool((await trabajo_state(api, buyer, unpaid_id))["estado_escrow"] == "PAGADO_EN_ESCROW")

    async def experience() -> int:
        nivel = await api.get("/api/v1/professional/me/nivel", headers=seller.headers)
        assert nivel.status_code == 200, nivel.text
        return int(nivel.json()["puntos_experiencia"])

    async def xp_granted() -> bool:
        return await experience() >= XP_WORK_COMPLETED

    await eventually(all_welcomed, timeout=60, interval=0.5)
    await eventually(pro_told_of_every_message, timeout=60, interval=0.5)
    await eventually(in_escrow, timeout=60, interval=0.5)
    await eventually(xp_granted, timeout=60, interval=0.5)
    await asyncio.sleep(2)  # let any redelivery land before counting

    assert await experience() == XP_WORK_COMPLETED  # the released trabajo counted once
    balance = await api.get("/api/v1/pagos/balance", headers=seller.headers)
    assert balance.status_code == 200, balance.text
    assert balance.json()["trabajos_completados"] == 1

    found = await api.get("/api/v1/admin/users/search", headers=admin.headers, params={"email": f"brk_{tag}"})
    assert sorted(user["email"] for user in found.json()) == sorted(emails)
    for email, token in zip(emails, tokens, strict=True):
        welcomes = [n for n in await notices(api, token) if n["tipo"] == "bienvenida"]
        assert len(welcomes) == 1, (email, welcomes)
    assert await messages_told() == MESSAGES
    told = [n for n in await notices(api, pro.access_token) if n["tipo"] == "nuevo_mensaje"]
    assert len(told) == 1, told

    # Every instance is back to "ok" once the broker answers again.

    async def all_ok() -> bool:
        answers = await readiness(platform)
        return all(status == 200 and body["status"] == "ok" for status, body in answers.values())

    await eventually(all_ok, timeout=20, interval=0.5)
