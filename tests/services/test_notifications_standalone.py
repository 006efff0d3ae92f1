"""Notifications in standalone mode, through the gateway: every trigger of SPEC §8, the inbox API,
preferences, devices, the delivery log and the development mailbox (e-mail goes to ``.eml`` files)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select

from conectar.admin import create_admin_account
from conectar.contracts.events import (
    DisputeOpened,
    DisputeResolved,
    JobCancelled,
    JobCreated,
    KycApproved,
    KycRejected,
    MessageSent,
    OfferAccepted,
    OfferCreated,
    OfferRejected,
    PaymentConfirmed,
    ProfessionalLevelChanged,
    RefundIssued,
    ReviewCreated,
    UserUpdated,
    WorkCompleted,
    WorkMarkedDone,
)
from conectar.notifications.models import Delivery, Notification, UserCopy
from conectar.platform.db import utcnow
from tests.factories import PASSWORD, Account, eventually, register
from tests.harness.notifications import (
    LINK,
    STAFF,
    inbox,
    mail_part,
    mailbox_to,
    notifications_standalone,
    wait_mail,
    wait_notification,
)
from tests.servers import serve
from tests.services.conftest import Standalone


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    # A chat burst's e-mail window (FAST_ENV: 1.5 s) must outlast what the burst tests do inside it (26
    # events handled, a notification read) on a loaded machine: with 1.5 s a CI run mailed after 12 of 25,
    # and 5 s was once too short with a CI run sharing the two cores.
    env = {"CONECTAR_EMAIL_PROVIDER": "mailbox", "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_DELAY_SECONDS": "10"}
    async with notifications_standalone(tmp_path_factory.mktemp("notifications"), env) as platform:
        yield platform


async def _one_sent(standalone: Standalone, user_id: uuid.UUID, tipo: str) -> Delivery | None:
    """The person's sent delivery of ``tipo`` (its outcome is recorded just after the mailbox took it)."""
    rows = await _deliveries(standalone, user_id=user_id, tipo=tipo, status="sent")
    return rows[0] if rows else None


async def _deliveries(standalone: Standalone, **where: Any) -> list[Delivery]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        query = select(Delivery)
        for name, value in where.items():
            query = query.where(getattr(Delivery, name) == value)
        return list((await session.execute(query)).scalars())


# --- accounts ----------------------------------------------------------------------------------------


async def test_welcome_in_the_inbox_and_by_email(standalone: Standalone, api: httpx.AsyncClient) -> None:
    cliente = await register(api, "CLIENTE", nombre="Lucía")
    pro = await register(api, "PROFESIONAL", nombre="Mario", apellido="Pérez")
    welcome = await wait_notification(api, cliente, "bienvenida")
    assert welcome["titulo"] == "¡Bienvenido/a a ConectarProfesionales!"
    assert welcome["leida"] is False
    assert welcome["usuario_id"] == str(cliente.id)
    assert welcome["url"] == f"{standalone.settings.base_url}/"
    mail = await wait_mail(api, cliente.email, "Bienvenido/a")
    assert "Lucía" in mail["subject"]
    text = await mail_part(api, mail["id"], "text")
    assert text.startswith("Hola Lucía:")
    assert "profesionales verificados" in text
    html = await mail_part(api, mail["id"], "html")
    assert '<html lang="es-AR">' in html
    pro_mail = await wait_mail(api, pro.email, "Bienvenido/a")
    assert "subí tu documentación" in await mail_part(api, pro_mail["id"], "text")


async def test_forgot_password_end_to_end_with_only_the_emailed_link(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    person = await register(api, nombre="Rosa")
    response = await api.post("/api/v1/auth/forgot-password", json={"email": person.email})
    assert response.status_code == 200
    mail = await wait_mail(api, person.email, "Restablecé tu contraseña")
    text = await mail_part(api, mail["id"], "text")
    links = [link for link in LINK.findall(text) if "reset-password" in link]
    assert len(links) == 1
    link = httpx.URL(links[0])
    assert str(link).startswith(f"{standalone.settings.base_url}/reset-password?token=")
    assert "60 minutos" in text
    html = await mail_part(api, mail["id"], "html")
    assert str(link).replace("&", "&amp;") in html
    reset = await api.post(
        "/api/v1/auth/reset-password", json={"token": link.params["token"], "new_password": "otra-clave-456"}
    )
    assert reset.status_code == 200, reset.text
    login = await api.post(
        "/api/v1/auth/login", data={"username": person.email, "password": "otra-clave-456"}
    )
    assert login.status_code == 200
    old = await api.post("/api/v1/auth/login", data={"username": person.email, "password": PASSWORD})
    assert old.status_code == 401
    person.access_token = login.json()["access_token"]  # the reset ended every earlier session
    # Transactional: not in the inbox, and the single-use link does not outlive the sent message.
    assert all(n["tipo"] != "restablecer_password" for n in (await inbox(api, person))["notificaciones"])
    delivery = await eventually(lambda: _one_sent(standalone, person.id, "restablecer_password"))
    assert "reset_url" not in delivery.context
    assert "url" not in delivery.context
    assert delivery.address == person.email
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        stored = await session.get(Notification, delivery.notification_id)
    assert stored is not None
    assert stored.url is None
    assert link.params["token"] not in str(stored.datos)


async def test_password_reset_ignores_preferences(standalone: Standalone, api: httpx.AsyncClient) -> None:
    person = await register(api)
    # Switch every configurable e-mail off: the reset e-mail still goes out.
    prefs = (await api.get("/api/v1/notificaciones/preferencias", headers=person.headers)).json()
    off = {tipo: {"email": False} for tipo in prefs["preferencias"]}
    assert (
        await api.put(
            "/api/v1/notificaciones/preferencias", headers=person.headers, json={"preferencias": off}
        )
    ).status_code == 200
    saved = (await api.get("/api/v1/notificaciones/preferencias", headers=person.headers)).json()
    assert saved["preferencias"]
    assert all(channels["email"] is False for channels in saved["preferencias"].values())
    await api.post("/api/v1/auth/forgot-password", json={"email": person.email})
    mail = await wait_mail(api, person.email, "Restablecé tu contraseña")
    assert "reset-password?token=" in await mail_part(api, mail["id"], "text")
    delivery = await eventually(lambda: _one_sent(standalone, person.id, "restablecer_password"))
    assert (delivery.channel, delivery.address) == ("email", person.email)


async def test_the_copy_of_people_follows_user_updated(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    person = await register(api, nombre="Ana")
    await wait_notification(api, person, "bienvenida")
    await standalone.publish(UserUpdated(user_id=person.id, nombre="Anita", apellido="Gómez"))
    ctx = standalone.ctx("notifications")

    async def renamed() -> bool:
        async with ctx.db.session(write=False) as session:
            copy = await session.get(UserCopy, person.id)
            return copy is not None and copy.nombre == "Anita"

    await eventually(renamed)
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    mail = await wait_mail(api, person.email, "verificada")
    assert (await mail_part(api, mail["id"], "text")).startswith("Hola Anita:")


async def test_a_recipient_not_seen_yet_is_read_through_from_auth(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL", nombre="Bruno")
    await wait_notification(api, pro, "bienvenida")
    ctx = standalone.ctx("notifications")
    async with ctx.db.session() as session:
        await session.execute(delete(UserCopy).where(UserCopy.id == pro.id))
    trabajo_id = uuid.uuid4()
    await standalone.publish(
        OfferAccepted(
            oferta_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            precio_final=Decimal("15000.50"),
        )
    )
    mail = await wait_mail(api, pro.email, "Aceptaron tu oferta")
    assert "$ 15.000,50" in mail["subject"]
    text = await mail_part(api, mail["id"], "text")
    assert text.startswith("Hola Bruno:")
    assert f"{standalone.settings.base_url}/trabajos/{trabajo_id}" in text
    async with ctx.db.session(write=False) as session:
        copy = await session.get(UserCopy, pro.id)
    assert copy is not None
    assert copy.email == pro.email


# --- every trigger -----------------------------------------------------------------------------------


async def expect(
    standalone: Standalone,
    api: httpx.AsyncClient,
    person: Account,
    tipo: str,
    subject: str,
    url_path: str,
    *,
    text: str | None = None,
) -> dict[str, Any]:
    """The person got a ``tipo`` notification linking to ``url_path`` in the inbox and by e-mail."""
    url = f"{standalone.settings.base_url}{url_path}"
    notification = await wait_notification(api, person, tipo, url=url)
    mail = await eventually(lambda: _mail_linking(api, person.email, subject, url))
    body = await mail_part(api, mail["id"], "text")
    assert url in await mail_part(api, mail["id"], "html")
    if text is not None:
        assert text in body, body
    return notification


async def _mail_linking(
    api: httpx.AsyncClient, address: str, subject: str, url: str
) -> dict[str, Any] | None:
    for mail in await mailbox_to(api, address):
        if subject in mail["subject"] and url in await mail_part(api, mail["id"], "text"):
            return mail
    return None


async def pair(api: httpx.AsyncClient) -> tuple[Account, Account]:
    return await register(api, "CLIENTE", nombre="Clara"), await register(api, "PROFESIONAL", nombre="Pablo")


async def test_kyc_approved_and_rejected(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    await standalone.publish(
        KycRejected(profesional_id=uuid.uuid4(), user_id=pro.id, motivo="La foto del DNI es ilegible")
    )
    rejected = await expect(
        standalone,
        api,
        pro,
        "kyc_rechazado",
        "revises tu documentación",
        "/profesional",
        text="Motivo: La foto del DNI es ilegible",
    )
    assert "La foto del DNI es ilegible" in rejected["mensaje"]
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
    await expect(standalone, api, pro, "kyc_aprobado", "verificada", "/profesional")


async def test_offers_received_accepted_and_rejected(standalone: Standalone, api: httpx.AsyncClient) -> None:
    cliente, pro = await pair(api)
    chat_id, oferta_id, trabajo_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await standalone.publish(
        OfferCreated(
            oferta_id=oferta_id,
            chat_id=chat_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("20000"),
            descripcion="Cambio de cañería del baño <b>completo</b>",
        )
    )
    received = await expect(
        standalone,
        api,
        cliente,
        "oferta_recibida",
        "$ 20.000",
        f"/chat/{chat_id}",
        text="«Cambio de cañería del baño <b>completo</b>»",
    )
    assert received["datos"] == {"oferta_id": str(oferta_id), "chat_id": str(chat_id)}
    mail = await wait_mail(api, cliente.email, "Recibiste una oferta")
    assert "&lt;b&gt;completo&lt;/b&gt;" in await mail_part(api, mail["id"], "html")  # escaped in HTML
    await standalone.publish(
        OfferAccepted(
            oferta_id=oferta_id,
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("20000"),
        )
    )
    accepted = await expect(
        standalone, api, pro, "oferta_aceptada", "Aceptaron tu oferta", f"/trabajos/{trabajo_id}"
    )
    assert accepted["titulo"] == "¡Oferta aceptada!"
    other_chat = uuid.uuid4()
    await standalone.publish(
        OfferRejected(
            oferta_id=uuid.uuid4(), profesional_id=pro.id, cliente_id=cliente.id, chat_id=other_chat
        )
    )
    await expect(standalone, api, pro, "oferta_rechazada", "rechazó tu oferta", f"/chat/{other_chat}")


async def test_a_trabajo_from_payment_to_release(standalone: Standalone, api: httpx.AsyncClient) -> None:
    cliente, pro = await pair(api)
    trabajo_id = uuid.uuid4()
    # The payment arrives before the trabajo is known here: it waits (retried) until JobCreated.
    await standalone.publish(
        PaymentConfirmed(
            trabajo_id=trabajo_id,
            payment_id="123",
            amount=Decimal("10000"),
            currency="ARS",
            approved_at=utcnow(),
        )
    )
    await asyncio.sleep(0.3)
    await standalone.publish(
        JobCreated(
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("10000"),
            tasa_comision=Decimal("0.15"),
        )
    )
    url = f"/trabajos/{trabajo_id}"
    await expect(standalone, api, cliente, "pago_aprobado", "Pago aprobado", url, text="Tu pago de $ 10.000")
    await expect(standalone, api, pro, "pago_aprobado", "Pago aprobado", url, text="¡Ya podés coordinar")
    await standalone.publish(
        WorkMarkedDone(
            trabajo_id=trabajo_id, profesional_id=pro.id, cliente_id=cliente.id, fecha_completado=utcnow()
        )
    )
    await expect(standalone, api, cliente, "trabajo_completado", "confirmalo", url)
    await standalone.publish(
        WorkCompleted(
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("10000"),
            comision_plataforma=Decimal("1500"),
            monto_liberado=Decimal("8500"),
            liberado_at=utcnow(),
        )
    )
    released = await expect(standalone, api, pro, "fondos_liberados", "$ 8.500", url, text="-$ 1.500")
    assert released["mensaje"] == "Liberamos $ 8.500 por tu trabajo (comisión $ 1.500)."
    await standalone.publish(
        ReviewCreated(
            resena_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            cliente_nombre="Clara P.",
            rating=5,
            texto_resena="Excelente, muy prolijo",
            fecha_creacion=utcnow(),
        )
    )
    review = await expect(
        standalone, api, pro, "resena_recibida", "5 estrellas", url, text="«Excelente, muy prolijo»"
    )
    assert review["titulo"] == "Nueva reseña: 5 ★"


async def test_a_refund_is_told_once_whichever_event_comes_first(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    cliente, pro = await pair(api)
    trabajo_id = uuid.uuid4()
    await standalone.publish(
        JobCreated(
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("30000"),
            tasa_comision=Decimal("0.2"),
        )
    )
    await standalone.publish(
        JobCancelled(
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            estado_escrow="CANCELADO_REEMBOLSADO",
            motivo="El cliente canceló antes de empezar",
            reembolso=True,
        )
    )
    url = f"/trabajos/{trabajo_id}"
    await expect(standalone, api, cliente, "reembolso", "Te devolvemos", url, text="Te devolvemos $ 30.000")
    await expect(
        standalone, api, pro, "trabajo_cancelado", "Se canceló", url, text="El cliente canceló antes"
    )
    await standalone.publish(RefundIssued(trabajo_id=trabajo_id, refund_id="r-1", amount=Decimal("30000")))
    other = uuid.uuid4()
    await standalone.publish(
        RefundIssued(trabajo_id=other, refund_id="r-2", amount=Decimal("999"), cliente_id=cliente.id)
    )
    await expect(standalone, api, cliente, "reembolso", "Te devolvemos", f"/trabajos/{other}", text="$ 999")
    refunds = [
        n for n in (await inbox(api, cliente, limit=100))["notificaciones"] if n["tipo"] == "reembolso"
    ]
    assert sorted(n["datos"]["trabajo_id"] for n in refunds) == sorted([str(trabajo_id), str(other)])


async def test_level_up_only(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    await standalone.publish(
        ProfessionalLevelChanged(
            profesional_id=uuid.uuid4(),
            user_id=pro.id,
            nivel_anterior="PLATA",
            nivel="BRONCE",
            puntos_experiencia=900,
            tasa_comision_actual=Decimal("0.20"),
        )
    )
    await standalone.publish(
        ProfessionalLevelChanged(
            profesional_id=uuid.uuid4(),
            user_id=pro.id,
            nivel_anterior="BRONCE",
            nivel="PLATA",
            puntos_experiencia=1000,
            tasa_comision_actual=Decimal("0.18"),
        )
    )
    level = await expect(standalone, api, pro, "subida_nivel", "PLATA", "/profesional", text="18 %")
    assert level["titulo"] == "¡Subiste a PLATA!"
    levels = [n for n in (await inbox(api, pro))["notificaciones"] if n["tipo"] == "subida_nivel"]
    assert len(levels) == 1


async def test_disputes_opened_and_resolved(standalone: Standalone, api: httpx.AsyncClient) -> None:
    cliente, pro = await pair(api)
    trabajo_id, disputa_id = uuid.uuid4(), uuid.uuid4()
    await standalone.publish(
        DisputeOpened(
            disputa_id=disputa_id,
            trabajo_id=trabajo_id,
            abierta_por=cliente.id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            tipo="CALIDAD_TRABAJO",
        )
    )
    url = f"/trabajos/{trabajo_id}"
    await expect(standalone, api, pro, "disputa_abierta", "disputa", url, text="calidad del trabajo")
    await standalone.publish(
        DisputeResolved(
            disputa_id=disputa_id,
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            estado="RESUELTA_A_FAVOR_CLIENTE",
            favorece_a="CLIENTE",
            resolucion="Se reintegra el total",
        )
    )
    for person in (cliente, pro):
        await expect(
            standalone, api, person, "disputa_resuelta", "Resolvimos", url, text="Se reintegra el total"
        )
    # The one who opened the dispute was not told they opened it.
    assert all(n["tipo"] != "disputa_abierta" for n in (await inbox(api, cliente))["notificaciones"])


async def test_an_event_delivered_twice_notifies_once(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    envelope = await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
    await wait_notification(api, pro, "kyc_aprobado")
    await standalone.host.infra.bus.publish([envelope])
    await standalone.host.infra.bus.publish([envelope])
    await asyncio.sleep(0.5)
    assert len([n for n in (await inbox(api, pro))["notificaciones"] if n["tipo"] == "kyc_aprobado"]) == 1
    assert len(await _deliveries(standalone, user_id=pro.id, tipo="kyc_aprobado")) == 1
    await wait_mail(api, pro.email, "verificada")
    assert len([m for m in await mailbox_to(api, pro.email) if "verificada" in m["subject"]]) == 1


# --- chat bursts -------------------------------------------------------------------------------------


def message(
    sender: Account, recipient: Account, chat_id: uuid.UUID, text: str, *, connected: bool = False
) -> MessageSent:
    return MessageSent(
        message_id=uuid.uuid4(),
        chat_id=chat_id,
        sender_id=sender.id,
        recipient_id=recipient.id,
        sender_nombre="Pablo",
        preview=text,
        recipient_connected=connected,
    )


async def test_a_burst_of_chat_messages_becomes_one_email(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    cliente, pro = await pair(api)
    chat_id = uuid.uuid4()
    await standalone.publish(message(pro, cliente, chat_id, "¿Sigue en pie?", connected=True))
    for n in range(25):
        await standalone.publish(message(pro, cliente, chat_id, f"mensaje {n}"))

    async def folded() -> dict[str, Any] | None:
        items = [n for n in (await inbox(api, cliente))["notificaciones"] if n["tipo"] == "nuevo_mensaje"]
        return items[0] if items and items[0]["contador"] == 25 else None

    notification = await eventually(folded)
    assert notification["titulo"] == "25 mensajes nuevos de Pablo"
    assert notification["mensaje"] == "mensaje 24"
    assert notification["url"] == f"{standalone.settings.base_url}/chat/{chat_id}"
    mail = await wait_mail(api, cliente.email, "Tenés mensajes nuevos")
    text = await mail_part(api, mail["id"], "text")
    assert "25 mensajes nuevos de Pablo" in text
    assert f"/chat/{chat_id}" in text

    async def sent() -> Delivery | None:
        rows = await _deliveries(standalone, user_id=cliente.id, tipo="nuevo_mensaje", status="sent")
        return rows[0] if rows else None

    delivery = await eventually(sent)
    assert delivery.coalesced == 25
    # The next message waits for the minimum interval instead of mailing again at once.
    await standalone.publish(message(pro, cliente, chat_id, "¿me leíste?"))
    pending = await eventually(lambda: _pending(standalone, cliente.id))
    assert delivery.sent_at is not None
    assert (pending.next_attempt_at - delivery.sent_at).total_seconds() >= 59
    assert len([m for m in await mailbox_to(api, cliente.email) if "mensajes nuevos" in m["subject"]]) == 1


async def _pending(standalone: Standalone, user_id: uuid.UUID) -> Delivery | None:
    rows = await _deliveries(standalone, user_id=user_id, tipo="nuevo_mensaje", status="pending")
    return rows[0] if rows else None


async def test_messages_read_in_the_app_are_not_emailed(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    cliente, pro = await pair(api)
    await standalone.publish(message(pro, cliente, uuid.uuid4(), "hola"))
    notification = await wait_notification(api, cliente, "nuevo_mensaje")
    read = await api.put(f"/api/v1/notificaciones/{notification['id']}/leer", headers=cliente.headers)
    assert read.status_code == 200

    async def skipped() -> bool:
        rows = await _deliveries(standalone, user_id=cliente.id, tipo="nuevo_mensaje")
        return bool(rows) and rows[0].status == "skipped"

    await eventually(skipped)
    assert not [m for m in await mailbox_to(api, cliente.email) if "mensajes nuevos" in m["subject"]]


# --- preferences -------------------------------------------------------------------------------------


async def test_preferences_matrix_and_validation(standalone: Standalone, api: httpx.AsyncClient) -> None:
    person = await register(api)
    assert (await api.get("/api/v1/notificaciones/preferencias")).status_code == 401
    got = await api.get("/api/v1/notificaciones/preferencias", headers=person.headers)
    assert got.status_code == 200
    body = got.json()
    assert body["canales"] == ["email", "push", "in_app"]
    assert "restablecer_password" not in body["preferencias"]
    assert body["preferencias"]["oferta_aceptada"] == {"email": True, "push": True, "in_app": True}
    assert {t["tipo"] for t in body["tipos"]} == set(body["preferencias"])
    # 16 + visita_recordatorio, visita_cambio_propuesto, visita_cambio_respondido (SPEC §11) + pedido_nuevo (§10)
    assert len(body["preferencias"]) == 20
    changed = await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=person.headers,
        json={
            "preferencias": {
                "oferta_aceptada": {"email": False},
                "nuevo_mensaje": {"in-app": False, "push": False},
            }
        },
    )
    assert changed.status_code == 200, changed.text
    prefs = changed.json()["preferencias"]
    assert prefs["oferta_aceptada"] == {"email": False, "push": True, "in_app": True}
    assert prefs["nuevo_mensaje"] == {"email": True, "push": False, "in_app": False}
    again = await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=person.headers,
        json={"preferencias": {"oferta_aceptada": {"email": True}}},
    )
    assert again.json()["preferencias"]["oferta_aceptada"]["email"] is True
    assert again.json()["preferencias"]["nuevo_mensaje"]["in_app"] is False
    for bad in (
        {"preferencias": {"no_existe": {"email": False}}},
        {"preferencias": {"restablecer_password": {"email": False}}},
        {"preferencias": {"bienvenida": {"sms": False}}},
        {"preferencias": {"bienvenida": {"email": "quizás"}}},
        {"preferencias": []},
        {},
    ):
        response = await api.put("/api/v1/notificaciones/preferencias", headers=person.headers, json=bad)
        assert response.status_code == 422, bad


async def test_a_disabled_channel_is_honoured(standalone: Standalone, api: httpx.AsyncClient) -> None:
    cliente, pro = await pair(api)
    await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=pro.headers,
        json={"preferencias": {"oferta_aceptada": {"email": False}, "oferta_rechazada": {"in_app": False}}},
    )
    trabajo_id = uuid.uuid4()
    await standalone.publish(
        OfferAccepted(
            oferta_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=cliente.id,
            precio_final=Decimal("5000"),
        )
    )
    await standalone.publish(
        OfferRejected(oferta_id=uuid.uuid4(), profesional_id=pro.id, cliente_id=cliente.id)
    )
    await wait_notification(api, pro, "oferta_aceptada")
    mail = await wait_mail(api, pro.email, "rechazó tu oferta")  # e-mail on, in-app off
    assert f"{standalone.settings.base_url}/profesional/ofertas" in await mail_part(api, mail["id"], "text")
    await asyncio.sleep(0.5)
    assert not [m for m in await mailbox_to(api, pro.email) if "Aceptaron" in m["subject"]]
    assert not await _deliveries(standalone, user_id=pro.id, tipo="oferta_aceptada", channel="email")
    assert all(n["tipo"] != "oferta_rechazada" for n in (await inbox(api, pro))["notificaciones"])


async def test_everything_switched_off_stores_nothing(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=pro.headers,
        json={"preferencias": {"kyc_aprobado": {"email": False, "push": False, "in_app": False}}},
    )
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
    await standalone.publish(KycRejected(profesional_id=uuid.uuid4(), user_id=pro.id, motivo="x"))
    await wait_notification(api, pro, "kyc_rechazado")
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        count = await session.execute(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == pro.id, Notification.tipo == "kyc_aprobado")
        )
    assert count.scalar_one() == 0


# --- the inbox API -----------------------------------------------------------------------------------


async def test_inbox_pages_reads_and_counts(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    other = await register(api, "PROFESIONAL")
    await wait_notification(api, pro, "bienvenida")
    for n in range(4):
        await standalone.publish(
            KycRejected(profesional_id=uuid.uuid4(), user_id=pro.id, motivo=f"motivo {n}")
        )

    async def five() -> bool:
        return (await inbox(api, pro))["total"] == 5

    await eventually(five)
    assert (await api.get("/api/v1/notificaciones")).status_code == 401
    page = await inbox(api, pro, page=2, limit=2)
    assert page["total"] == 5
    assert page["totalPages"] == 3
    assert page["page"] == 2
    assert page["limit"] == 2
    assert len(page["notificaciones"]) == 2
    first = (await inbox(api, pro, limit=1))["notificaciones"][0]
    assert first["mensaje"] == "No pudimos aprobar tu documentación: motivo 3"  # newest first
    clamped = await inbox(api, pro, page=0, limit=1000)
    assert clamped["page"] == 1
    assert clamped["limit"] == 100
    counter = await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)
    assert counter.json() == {"count": 5}

    read = await api.put(f"/api/v1/notificaciones/{first['id']}/leer", headers=pro.headers)
    assert read.status_code == 200
    assert read.json()["leida"] is True
    assert read.json()["fecha_leida"] is not None
    again = await api.put(f"/api/v1/notificaciones/{first['id']}/leer", headers=pro.headers)
    assert again.status_code == 200
    assert again.json()["fecha_leida"] == read.json()["fecha_leida"]
    assert (await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)).json() == {
        "count": 4
    }
    unread = await inbox(api, pro, solo_no_leidas="true")
    assert unread["total"] == 4
    assert unread["no_leidas"] == 4
    assert all(not n["leida"] for n in unread["notificaciones"])

    # Someone else's notification, an unknown id: 404; not an id: 422.
    assert (
        await api.put(f"/api/v1/notificaciones/{first['id']}/leer", headers=other.headers)
    ).status_code == 404
    assert (
        await api.put(f"/api/v1/notificaciones/{uuid.uuid4()}/leer", headers=pro.headers)
    ).status_code == 404
    assert (await api.put("/api/v1/notificaciones/nope/leer", headers=pro.headers)).status_code == 422

    everything = await api.put("/api/v1/notificaciones/leer-todas", headers=pro.headers)
    assert everything.status_code == 200
    assert everything.json()["actualizadas"] == 4
    assert (await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)).json() == {
        "count": 0
    }
    assert (await api.get("/api/v1/notificaciones/no-leidas/contador", headers=other.headers)).json()[
        "count"
    ] >= 1


# --- devices -----------------------------------------------------------------------------------------


async def test_device_registration(standalone: Standalone, api: httpx.AsyncClient) -> None:
    from conectar.notifications.models import DeviceToken

    one, two = await register(api), await register(api)
    token = "fcm-token-" + uuid.uuid4().hex
    assert (
        await api.post("/api/v1/notificaciones/push/registrar", json={"token": token, "device_type": "web"})
    ).status_code == 401
    for bad in (
        {"token": token},
        {"token": token, "device_type": "fax"},
        {"token": "corto", "device_type": "ios"},
        {"device_type": "ios"},
    ):
        response = await api.post("/api/v1/notificaciones/push/registrar", headers=one.headers, json=bad)
        assert response.status_code == 422, bad
    ok = await api.post(
        "/api/v1/notificaciones/push/registrar",
        headers=one.headers,
        json={"token": token, "device_type": "Android"},
    )
    assert ok.status_code == 200
    assert ok.json() == {"message": "Dispositivo registrado", "success": True}
    again = await api.post(
        "/api/v1/notificaciones/push/registrar",
        headers=one.headers,
        json={"token": token, "device_type": "android"},
    )
    assert again.status_code == 200
    ctx = standalone.ctx("notifications")

    async def owners() -> list[uuid.UUID]:
        async with ctx.db.session(write=False) as session:
            rows = await session.execute(select(DeviceToken.user_id).where(DeviceToken.token == token))
            return list(rows.scalars())

    assert await owners() == [one.id]
    # The phone changes hands: the token is the new person's now.
    await api.post(
        "/api/v1/notificaciones/push/registrar",
        headers=two.headers,
        json={"token": token, "device_type": "ios"},
    )
    assert await owners() == [two.id]
    # Unregistering someone else's token does nothing (and says nothing).
    gone = await api.post(
        "/api/v1/notificaciones/push/desregistrar", headers=one.headers, json={"token": token}
    )
    assert gone.status_code == 200
    assert await owners() == [two.id]
    await api.post("/api/v1/notificaciones/push/desregistrar", headers=two.headers, json={"token": token})
    assert await owners() == []


# --- operators ---------------------------------------------------------------------------------------


async def test_the_delivery_log_is_for_admins(standalone: Standalone, api: httpx.AsyncClient) -> None:
    from tests.conftest import unique_email

    person = await register(api)
    await wait_mail(api, person.email, "Bienvenido/a")
    await eventually(lambda: _one_sent(standalone, person.id, "bienvenida"))
    assert (await api.get("/api/v1/notificaciones/admin/entregas", headers=person.headers)).status_code == 403
    email = unique_email("admin")
    await create_admin_account(
        standalone.settings, email=email, password=PASSWORD, nombre="Ad", apellido="Min"
    )
    tokens = (await api.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})).json()
    admin = {"Authorization": f"Bearer {tokens['access_token']}"}
    log = await api.get(
        "/api/v1/notificaciones/admin/entregas", headers=admin, params={"estado": "sent", "limit": 100}
    )
    assert log.status_code == 200
    mine = [e for e in log.json()["entregas"] if e["usuario_id"] == str(person.id)]
    assert mine
    entry = mine[0]
    assert entry["canal"] == "email"
    assert entry["estado"] == "sent"
    assert entry["historial"][0]["resultado"] == "sent"
    assert person.email not in log.text  # no addresses in the log
    assert (
        await api.post(f"/api/v1/notificaciones/admin/entregas/{entry['id']}/reintentar", headers=admin)
    ).status_code == 400
    assert (
        await api.post(f"/api/v1/notificaciones/admin/entregas/{uuid.uuid4()}/reintentar", headers=admin)
    ).status_code == 404
    assert (
        await api.post(
            f"/api/v1/notificaciones/admin/entregas/{uuid.uuid4()}/reintentar", headers=person.headers
        )
    ).status_code == 403


# --- the development mailbox -------------------------------------------------------------------------


async def test_the_dev_mailbox_is_for_the_staff_only(standalone: Standalone, api: httpx.AsyncClient) -> None:
    person = await register(api, nombre="Inés")
    mail = await wait_mail(api, person.email, "Bienvenido/a")
    # The password-reset links of everyone are in there: no token, no mailbox; no ADMIN, no mailbox.
    mailbox = "/api/v1/dev/mailbox"
    routes = [
        ("GET", "/mensajes"),
        ("DELETE", "/mensajes"),
        ("GET", f"/mensajes/{mail['id']}"),
        ("GET", f"/mensajes/{mail['id']}/html"),
        ("GET", f"/mensajes/{mail['id']}/text"),
        ("GET", f"/mensajes/{mail['id']}/raw"),
    ]
    for method, path in routes:
        anonymous = await api.request(method, mailbox + path)
        assert anonymous.status_code == 401, (method, path)
        mine = await api.request(method, mailbox + path, headers=person.headers)
        assert mine.status_code == 403, (method, path)
        # Straight to the service too (the gateway is not the only guard).
        notifications = standalone.host.services["notifications"]
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=notifications), base_url="http://notifications"
        ) as direct:
            assert (await direct.request(method, mailbox + path)).status_code == 401, (method, path)
    assert [m for m in await mailbox_to(api, person.email) if m["id"] == mail["id"]]  # nothing was deleted

    staff = STAFF[api]
    view = await api.get(f"{mailbox}/mensajes/{mail['id']}", headers=staff)
    assert view.status_code == 200, view.text
    body = view.json()
    assert body["id"] == mail["id"]
    assert person.email in body["to"]
    assert "Inés" in body["subject"]
    assert body["text"].startswith("Hola Inés:")
    assert body["has_html"] is True
    html = await api.get(f"{mailbox}/mensajes/{mail['id']}/html", headers=staff)
    assert html.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in html.headers["content-security-policy"]
    assert html.headers["content-security-policy"].endswith("; sandbox")
    assert "no-store" in html.headers["cache-control"]
    raw = await api.get(f"{mailbox}/mensajes/{mail['id']}/raw", headers=staff)
    assert raw.headers["content-type"].startswith("message/rfc822")
    assert b"multipart/alternative" in raw.content
    for bad in ("nope", "..%2F..%2Fsecrets", "a" * 100):
        assert (await api.get(f"{mailbox}/mensajes/{bad}", headers=staff)).status_code == 404
    # The old browser page is gone: browsers go through the web app's staff page (/admin/correo).
    assert (await api.get(mailbox, headers=staff)).status_code == 404
    cleared = await api.delete(f"{mailbox}/mensajes", headers=staff)
    assert cleared.status_code == 200
    assert cleared.json()["eliminados"] >= 1
    assert not await mailbox_to(api, person.email)


# --- live stream (server-sent events) ----------------------------------------------------------------


async def next_event(lines: AsyncIterator[str], name: str, timeout: float = 10.0) -> dict[str, Any]:
    """The data of the next ``name`` event, skipping any other."""

    async def read() -> dict[str, Any]:
        while True:
            event, data = await next_any(lines, timeout)
            if event == name:
                return data

    return await asyncio.wait_for(read(), timeout)


async def next_any(lines: AsyncIterator[str], timeout: float = 10.0) -> tuple[str, dict[str, Any]]:
    """The next event on the stream, whatever it is (heartbeat comments are not events)."""

    async def read() -> tuple[str, dict[str, Any]]:
        current = None
        async for line in lines:
            if line.startswith("event: "):
                current = line.removeprefix("event: ")
            elif line.startswith("data: ") and current is not None:
                data: dict[str, Any] = json.loads(line.removeprefix("data: "))
                return current, data
        raise AssertionError("stream ended")

    return await asyncio.wait_for(read(), timeout)


async def test_the_live_stream_through_the_gateway(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    await wait_notification(api, pro, "bienvenida")
    async with (
        serve(standalone.host) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
    ):
        assert (await client.get("/api/v1/notificaciones/stream")).status_code == 401
        async with client.stream("GET", "/api/v1/notificaciones/stream", headers=pro.headers) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-cache"
            lines = response.aiter_lines()
            assert await next_event(lines, "contador") == {"count": 1}
            await standalone.publish(
                KycRejected(profesional_id=uuid.uuid4(), user_id=pro.id, motivo="Falta el dorso")
            )
            live = await next_event(lines, "notificacion")
            assert live["tipo"] == "kyc_rechazado"
            assert live["mensaje"] == "No pudimos aprobar tu documentación: Falta el dorso"
            assert live["leida"] is False
            # Someone else's news never reaches this stream; reading updates the counter.
            other = await register(api)
            await wait_notification(api, other, "bienvenida")
            await api.put("/api/v1/notificaciones/leer-todas", headers=pro.headers)
            assert await next_any(lines) == ("contador", {"count": 0})


async def test_the_live_stream_ends_when_the_session_is_closed(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    await wait_notification(api, pro, "bienvenida")
    async with (
        serve(standalone.host) as base_url,
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
        client.stream("GET", "/api/v1/notificaciones/stream", headers=pro.headers) as response,
    ):
        assert response.status_code == 200
        lines = response.aiter_lines()
        await next_event(lines, "contador")
        assert (await api.post("/api/v1/auth/logout", headers=pro.headers)).status_code == 200
        await standalone.publish(
            KycRejected(profesional_id=uuid.uuid4(), user_id=pro.id, motivo="Falta el dorso")
        )

        async def rest() -> list[str]:
            return [line async for line in lines]

        remaining = await asyncio.wait_for(rest(), 10)  # the stream ends by itself
    assert "event: fin" in remaining
    assert 'data: {"motivo": "sesion_cerrada"}' in remaining
    assert "event: notificacion" not in remaining  # nothing more reaches a closed session


async def test_the_live_stream_takes_the_token_in_the_query(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    person = await register(api)
    service = standalone.host.services["notifications"]
    async with serve(service) as base_url, httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        bad = await client.get("/api/v1/notificaciones/stream", params={"token": "not-a-token"})
        assert bad.status_code == 401
        assert not bad.headers["content-type"].startswith("text/event-stream")
        params = {"token": person.access_token}
        async with client.stream("GET", "/api/v1/notificaciones/stream", params=params) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            assert isinstance((await next_event(lines, "contador"))["count"], int)
            # the stream is the token's owner's: their news arrives on it
            await standalone.publish(
                KycRejected(profesional_id=uuid.uuid4(), user_id=person.id, motivo="Falta el dorso")
            )
            live = await next_event(lines, "notificacion")
            if live["tipo"] == "bienvenida":  # the welcome may still be on its way when the stream opens
                live = await next_event(lines, "notificacion")
            assert (live["tipo"], live["usuario_id"]) == ("kyc_rechazado", str(person.id))

            # A heartbeat comment keeps proxies from closing an idle stream.
            async def ping() -> None:
                async for line in lines:
                    if line == ": ping":
                        return

            await asyncio.wait_for(ping(), 5)


# --- housekeeping ------------------------------------------------------------------------------------


async def test_old_read_notifications_and_finished_deliveries_are_purged(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from conectar.notifications.scheduled import jobs

    person = await register(api)
    await wait_mail(api, person.email, "Bienvenido/a")
    await api.post("/api/v1/auth/forgot-password", json={"email": person.email})
    reset = await eventually(lambda: _one_sent(standalone, person.id, "restablecer_password"))
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await wait_notification(api, person, "kyc_aprobado")
    await api.put("/api/v1/notificaciones/leer-todas", headers=person.headers)
    ctx = standalone.ctx("notifications")
    long_ago = utcnow() - timedelta(days=400)
    async with ctx.db.session() as session:
        welcome = (
            await session.execute(
                select(Notification).where(
                    Notification.user_id == person.id, Notification.tipo == "bienvenida"
                )
            )
        ).scalar_one()
        # The welcome was read in the inbox; the reset e-mail never shows there, so it is never read.
        old = [welcome.id, reset.notification_id]
        await session.execute(
            update(Notification).where(Notification.id.in_(old)).values(ultima_actividad=long_ago)
        )
        await session.execute(
            update(Delivery).where(Delivery.notification_id.in_(old)).values(fecha_actualizacion=long_ago)
        )
    purge = next(job for job in jobs(ctx) if job.name == "notifications-purge")
    await purge.run()
    remaining = [n["tipo"] for n in (await inbox(api, person))["notificaciones"]]
    assert "bienvenida" not in remaining
    assert "kyc_aprobado" in remaining
    for notification_id in old:
        assert not await _deliveries(standalone, notification_id=notification_id)
    async with ctx.db.session(write=False) as session:
        left = await session.execute(select(Notification.tipo).where(Notification.id.in_(old)))
        assert list(left.scalars()) == []
    measure = next(job for job in jobs(ctx) if job.name == "notifications-measure")
    await measure.run()
