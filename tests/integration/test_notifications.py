"""Notifications on the real infrastructure, through the gateway: every service its own process on
PostgreSQL, RabbitMQ and Redis, e-mail to a local SMTP server (aiosmtpd) started by the tests."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from conectar.contracts.events import KycApproved, OfferAccepted
from conectar.standins.smtp import CaughtMail, MailCatcher
from tests.factories import PASSWORD, Account, create_admin, eventually, login, register
from tests.integration.conftest import Platform, wait_ready
from tests.integration.helpers import publish

LINK_PREFIX = "http"


def links(mail: CaughtMail) -> list[str]:
    return [word for word in mail.text.split() if word.startswith(LINK_PREFIX)]


async def inbox(api: httpx.AsyncClient, account: Account) -> list[dict[str, Any]]:
    response = await api.get("/api/v1/notificaciones", headers=account.headers, params={"limit": 100})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["notificaciones"]
    return items


async def delivery_attempts(platform: Platform, user_id: uuid.UUID, tipo: str) -> list[str]:
    engine = create_async_engine(platform.database_url("notifications"))
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT a.outcome FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
                    "WHERE d.user_id = :user AND d.tipo = :tipo AND d.channel = 'email' ORDER BY a.number"
                ),
                {"user": user_id, "tipo": tipo},
            )
            return [str(row[0]) for row in rows]
    finally:
        await engine.dispose()


async def test_forgot_password_from_request_to_new_password_using_only_the_email(
    platform: Platform, api: httpx.AsyncClient, mail_catcher: MailCatcher
) -> None:
    account = await register(api)
    response = await api.post("/api/v1/auth/forgot-password", json={"email": account.email})
    assert response.status_code == 200
    assert response.json()["success"] is True
    mail = await mail_catcher.wait_for(
        lambda m: account.email in m.recipients and "Restablecé tu contraseña" in m.subject, timeout=30
    )
    assert mail.message["To"].addresses[0].addr_spec == account.email
    [link] = [url for url in links(mail) if "/reset-password?token=" in url]
    parsed = httpx.URL(link)
    assert link.startswith(f"{platform.base_url}/reset-password?token=")
    assert link in mail.html.replace("&amp;", "&")
    token = parsed.params["token"]
    reset = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "nueva-clave-321"}
    )
    assert reset.status_code == 200, reset.text
    tokens = await login(api, account.email, "nueva-clave-321")
    assert tokens["access_token"]
    old = await api.post("/api/v1/auth/login", data={"username": account.email, "password": PASSWORD})
    assert old.status_code == 401
    reused = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "otra-clave-654"}
    )
    assert reused.status_code == 400


async def test_a_professional_sees_the_accepted_offer_and_gets_the_email(
    platform: Platform, api: httpx.AsyncClient, mail_catcher: MailCatcher
) -> None:
    pro = await register(api, "PROFESIONAL")
    trabajo_id = uuid.uuid4()
    await publish(
        platform,
        OfferAccepted(
            oferta_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            precio_final=Decimal("15000"),
        ),
    )

    async def accepted() -> bool:
        return any(n["tipo"] == "oferta_aceptada" for n in await inbox(api, pro))

    await eventually(accepted, timeout=30)
    [notification] = [n for n in await inbox(api, pro) if n["tipo"] == "oferta_aceptada"]
    assert notification["titulo"] == "¡Oferta aceptada!"
    assert notification["url"] == f"{platform.base_url}/trabajos/{trabajo_id}"
    assert notification["leida"] is False
    count = await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)
    assert count.json()["count"] >= 1
    mail = await mail_catcher.wait_for(
        lambda m: pro.email in m.recipients and "Aceptaron tu oferta" in m.subject, timeout=30
    )
    assert "$ 15.000" in mail.subject
    assert f"{platform.base_url}/trabajos/{trabajo_id}" in links(mail)
    read = await api.put(f"/api/v1/notificaciones/{notification['id']}/leer", headers=pro.headers)
    assert read.status_code == 200
    assert read.json()["leida"] is True
    other = await register(api)
    assert (
        await api.put(f"/api/v1/notificaciones/{notification['id']}/leer", headers=other.headers)
    ).status_code == 404


async def test_a_disabled_preference_is_honoured(
    platform: Platform, api: httpx.AsyncClient, mail_catcher: MailCatcher
) -> None:
    pro = await register(api, "PROFESIONAL")
    changed = await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=pro.headers,
        json={"preferencias": {"oferta_aceptada": {"email": False}}},
    )
    assert changed.status_code == 200
    assert changed.json()["preferencias"]["oferta_aceptada"] == {"email": False, "push": True, "in_app": True}
    await publish(
        platform,
        OfferAccepted(
            oferta_id=uuid.uuid4(),
            trabajo_id=uuid.uuid4(),
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            precio_final=Decimal("9000"),
        ),
    )
    # A later notice that does send e-mail: once it arrived, the earlier one would have too.
    await publish(platform, KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
    await mail_catcher.wait_for(lambda m: pro.email in m.recipients and "verificada" in m.subject, timeout=30)

    async def in_inbox() -> bool:
        return any(n["tipo"] == "oferta_aceptada" for n in await inbox(api, pro))

    await eventually(in_inbox, timeout=30)
    await asyncio.sleep(1.0)
    assert not [m for m in mail_catcher.to(pro.email) if "Aceptaron tu oferta" in m.subject]


async def test_an_smtp_outage_delays_but_loses_nothing(
    platform: Platform, api: httpx.AsyncClient, mail_catcher: MailCatcher
) -> None:
    account = await register(api)
    await mail_catcher.wait_for(lambda m: account.email in m.recipients, timeout=30)  # the welcome
    mail_catcher.stop()
    try:
        await api.post("/api/v1/auth/forgot-password", json={"email": account.email})

        async def failing() -> bool:
            return len(await delivery_attempts(platform, account.id, "restablecer_password")) >= 2

        await eventually(failing, timeout=30)
        assert set(await delivery_attempts(platform, account.id, "restablecer_password")) == {"retry"}
        assert not [m for m in mail_catcher.to(account.email) if "Restablecé" in m.subject]
    finally:
        mail_catcher.start()
    mail = await mail_catcher.wait_for(
        lambda m: account.email in m.recipients and "Restablecé" in m.subject, timeout=30
    )

    async def recorded() -> bool:
        return (await delivery_attempts(platform, account.id, "restablecer_password"))[-1] == "sent"

    await eventually(recorded, timeout=15)
    outcomes = await delivery_attempts(platform, account.id, "restablecer_password")
    assert outcomes.count("sent") == 1
    # The link delayed by the outage still works.
    [link] = [url for url in links(mail) if "/reset-password?token=" in url]
    reset = await api.post(
        "/api/v1/auth/reset-password",
        json={"token": httpx.URL(link).params["token"], "new_password": "despues-del-corte"},
    )
    assert reset.status_code == 200


async def test_the_live_stream_crosses_processes(platform: Platform, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")

    async def lines() -> AsyncIterator[str]:
        async with api.stream("GET", "/api/v1/notificaciones/stream", headers=pro.headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            async for line in response.aiter_lines():
                yield line

    stream = lines()

    async def next_event(name: str) -> dict[str, Any]:
        current = None
        async for line in stream:
            if line.startswith("event: "):
                current = line.removeprefix("event: ")
            elif line.startswith("data: ") and current == name:
                data: dict[str, Any] = json.loads(line.removeprefix("data: "))
                return data
        raise AssertionError("stream ended")

    await asyncio.wait_for(next_event("contador"), 15)
    await publish(platform, KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
    live = await asyncio.wait_for(next_event("notificacion"), 30)
    assert live["tipo"] == "kyc_aprobado"
    assert live["usuario_id"] == str(pro.id)
    await stream.aclose()


async def test_the_dev_mailbox_exists_only_standalone(
    platform: Platform, api: httpx.AsyncClient, mail_catcher: MailCatcher
) -> None:
    person = await register(api)
    await mail_catcher.wait_for(lambda m: person.email in m.recipients)  # the welcome went out over SMTP
    # Never public: the gateway wants a token, and even the staff's finds nothing here.
    anonymous = await api.get("/api/v1/dev/mailbox/mensajes")
    assert anonymous.status_code == 401
    assert person.email not in anonymous.text
    admin = await create_admin(platform, api)
    for method, path in (("GET", "/mensajes"), ("DELETE", "/mensajes"), ("GET", "/mensajes/x/text")):
        response = await api.request(method, f"/api/v1/dev/mailbox{path}", headers=admin.headers)
        assert response.status_code == 404, (method, path)
        assert person.email not in response.text, (method, path)  # no copy of the mail kept here


async def test_open_streams_do_not_hold_up_a_restart(platform: Platform, api: httpx.AsyncClient) -> None:
    import signal
    import time

    account = await register(api)
    async with api.stream("GET", "/api/v1/notificaciones/stream", headers=account.headers) as response:
        assert response.status_code == 200
        lines = response.aiter_lines()
        async for line in lines:
            if line.startswith("event: contador"):
                break
        started = time.monotonic()
        code = await asyncio.to_thread(platform.stack.stop, "notifications")
        stopped_in = time.monotonic() - started
        remaining = [line async for line in lines]  # the stream ends instead of hanging
    try:
        # uvicorn re-raises the SIGTERM it handled once it has shut down cleanly: -15, not -9 (killed).
        assert code in (0, -signal.SIGTERM), platform.logs("notifications")[-2000:]
        assert stopped_in < 10
        assert not any(line.startswith("event: notificacion") for line in remaining)
    finally:
        platform.stack.start("notifications")
        await asyncio.to_thread(wait_ready, platform.service_urls["notifications"] + "/health/ready")
    assert (await api.get("/api/v1/notificaciones", headers=account.headers)).status_code == 200
