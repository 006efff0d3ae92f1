"""The notifications service's part of SPEC §14: reads of the development mailbox are staff actions
recorded in the audit trail, and a person's data — notifications, preferences, devices, deliveries, their
copy of the account, the e-mails in the development mailbox — is exported and, on deletion, erased (what
other people were told about them names "Usuario eliminado"), so that nothing queued reaches them after."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conectar.contracts.events import (
    AccountDeletionRequested,
    EventEnvelope,
    MessageSent,
    ReviewCreated,
    UserUpdated,
)
from conectar.contracts.personal_data import (
    AUDIT_ACTIONS,
    DELETED_APELLIDO,
    DELETED_DISPLAY_NAME,
    DELETED_NOMBRE,
    AuditRecord,
    pseudonymous_email,
)
from conectar.notifications import personal_data
from conectar.notifications import repository as repo
from conectar.notifications.delivery import queue_of
from conectar.notifications.dispatch import ChatMessage, notify_message
from conectar.notifications.models import Delivery, DeviceToken, Notification, Preference, UserCopy
from conectar.notifications.runtime import RUNTIME_KEY
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.platform.workqueue import Done
from conectar.services import SERVICES
from tests.data_scan import dump, holding
from tests.factories import Account, create_admin, deletion_requested, eventually, register
from tests.harness.notifications import mailbox_to, notifications_standalone, wait_mail, wait_notification
from tests.services.conftest import Standalone

MAILBOX = "/api/v1/dev/mailbox"
CLIENT_IP = "203.0.113.10"  # the test client's address (see tests/services/conftest.py)
MOVING = {"outbox_events", "inbox_events", "job_leases", "work_jobs"}


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    # Chat e-mails gather for a long while here: one stays pending until the deletion.
    env = {"CONECTAR_EMAIL_PROVIDER": "mailbox", "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_DELAY_SECONDS": "300"}
    async with notifications_standalone(tmp_path_factory.mktemp("notifications-personal"), env) as platform:
        yield platform


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def entries(standalone: Standalone, **where: Any) -> list[AuditRecord]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        return (await ctx.audit.list(session, limit=1000, **where)).entradas


async def handled(standalone: Standalone, event_id: uuid.UUID) -> bool:
    ctx = standalone.ctx("notifications")
    inbox = ctx.tables.inbox
    async with ctx.db.session(write=False) as session:
        return (
            await session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id))
        ).first() is not None


async def deliver(standalone: Standalone, event: Any) -> None:
    """Publish an event and wait until the notifications service has handled it."""
    envelope = await standalone.publish(event, producer="test")
    await eventually(lambda: handled(standalone, envelope.id), timeout=20)


def deletion(person: Account, deletion_id: uuid.UUID) -> AccountDeletionRequested:
    return deletion_requested(person.id, person.rol, deletion_id=deletion_id)


def chat_message(sender: Account, recipient: Account, sender_nombre: str, text: str) -> MessageSent:
    return MessageSent(
        message_id=uuid.uuid4(),
        chat_id=uuid.uuid4(),
        sender_id=sender.id,
        recipient_id=recipient.id,
        sender_nombre=sender_nombre,
        preview=text,
    )


async def exported(standalone: Standalone, user_id: uuid.UUID) -> dict[str, Any]:
    users = standalone.ctx("users")
    response = await users.clients.request(
        "notifications", "GET", f"/internal/v1/personal-data/{user_id}/export"
    )
    assert response.status_code == 200, response.text
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["notifications.json"]
        data: dict[str, Any] = json.loads(archive.read("notifications.json"))
    return data


# --- the development mailbox: staff reads are recorded ------------------------------------------------


async def test_reading_the_mailbox_is_recorded_and_refusals_record_nothing(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    person = await register(api, nombre="Inés")
    mail = await wait_mail(api, person.email, "Bienvenido/a")
    before = await entries(standalone, actor_id=admin.id)
    for path in ("/mensajes", f"/mensajes/{mail['id']}", f"/mensajes/{mail['id']}/raw"):
        assert (
            await api.get(MAILBOX + path, headers={"Authorization": f"Bearer {person.access_token}"})
        ).status_code == 403
        assert (await api.get(MAILBOX + path)).status_code == 401
    assert (await api.delete(f"{MAILBOX}/mensajes", headers=person.headers)).status_code == 403
    assert await entries(standalone, recurso_id=mail["id"]) == []
    # Missing messages: 404, nothing recorded.
    assert (await api.get(f"{MAILBOX}/mensajes/no-existe", headers=admin.headers)).status_code == 404
    assert (await api.get(f"{MAILBOX}/mensajes/no-existe/raw", headers=admin.headers)).status_code == 404
    assert await entries(standalone, recurso_id="no-existe") == []
    assert await entries(standalone, actor_id=admin.id) == before

    listed = await api.get(f"{MAILBOX}/mensajes", headers=admin.headers)
    assert listed.status_code == 200
    (record,) = [r for r in await entries(standalone, actor_id=admin.id) if r not in before]
    assert (record.accion, record.recurso, record.recurso_id) == ("mailbox.leer", "buzon", None)
    assert record.detalle == {"vista": "lista", "mensajes": len(listed.json())}
    assert (record.actor_id, record.ip) == (admin.id, CLIENT_IP)

    for suffix, parte in (("", "mensaje"), ("/html", "html"), ("/text", "texto"), ("/raw", "original")):
        response = await api.get(f"{MAILBOX}/mensajes/{mail['id']}{suffix}", headers=admin.headers)
        assert response.status_code == 200, (suffix, response.text)
        newest = (await entries(standalone, recurso_id=mail["id"]))[0]
        assert (newest.accion, newest.recurso, newest.detalle) == ("mailbox.leer", "correo", {"parte": parte})
        assert (newest.actor_id, newest.ip) == (admin.id, CLIENT_IP)
    assert len(await entries(standalone, recurso_id=mail["id"])) == 4
    # The trail names the message, never the addresses or the contents.
    for entry in await entries(standalone, actor_id=admin.id):
        assert person.email not in json.dumps(entry.detalle)
        assert entry.accion in AUDIT_ACTIONS


# --- a person's data -----------------------------------------------------------------------------------


async def test_export_then_erase_everything_addressed_to_the_person(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    cliente = await register(api, nombre="Lucía", apellido="Pérez")
    pro = await register(api, "PROFESIONAL", nombre="Mario", apellido="Pérez")
    full_name = "Lucía Pérez"
    token = "fcm-token-" + uuid.uuid4().hex
    await wait_notification(api, cliente, "bienvenida")
    await wait_mail(api, cliente.email, "Bienvenido/a")
    registered = await api.post(
        "/api/v1/notificaciones/push/registrar",
        headers=cliente.headers,
        json={"token": token, "device_type": "ios"},
    )
    assert registered.status_code == 200, registered.text
    prefs = await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=cliente.headers,
        json={"preferencias": {"oferta_aceptada": {"email": False}}},
    )
    assert prefs.status_code == 200, prefs.text
    forgot = await api.post("/api/v1/auth/forgot-password", json={"email": cliente.email})
    assert forgot.status_code == 200
    await wait_mail(api, cliente.email, "Restablecé tu contraseña")
    # What others were told about her: her message to the professional, her review.
    await deliver(standalone, chat_message(cliente, pro, full_name, "¿Podés venir el martes?"))
    await deliver(
        standalone,
        ReviewCreated(
            resena_id=uuid.uuid4(),
            trabajo_id=uuid.uuid4(),
            profesional_id=pro.id,
            cliente_id=cliente.id,
            cliente_nombre=full_name,
            rating=5,
            texto_resena="Excelente trabajo",
            fecha_creacion=utcnow(),
        ),
    )
    # A message to her whose e-mail is still gathering when the deletion comes.
    await deliver(standalone, chat_message(pro, cliente, "Mario Pérez", "Sí, el martes a las 9"))
    pending = [d for d in await deliveries(standalone, cliente.id) if d.status == "pending"]
    assert [d.tipo for d in pending] == ["nuevo_mensaje"]

    data = await exported(standalone, cliente.id)
    assert data["contacto"] == {
        "email": cliente.email,
        "nombre": "Lucía",
        "apellido": "Pérez",
        "rol": "CLIENTE",
    }
    assert {"bienvenida", "nuevo_mensaje"} <= {n["tipo"] for n in data["notificaciones"]}
    assert data["preferencias"]["oferta_aceptada"] == {"email": False, "push": True, "in_app": True}
    assert [(d["token"], d["tipo_dispositivo"]) for d in data["dispositivos"]] == [(token, "ios")]
    reset = [d for d in data["entregas"] if d["tipo"] == "restablecer_password"]
    assert [(d["canal"], d["direccion"]) for d in reset] == [("email", cliente.email)]
    assert "reset_url" not in reset[0]["contenido"]  # a single-use link is never kept, nor exported
    assert {"bienvenida", "nuevo_mensaje"} <= {d["tipo"] for d in data["entregas"]}
    subjects = [m["asunto"] for m in data["buzon_de_desarrollo"]]
    assert any("Bienvenido/a" in s for s in subjects)
    assert any("contraseña" in s for s in subjects)
    assert all(cliente.email in m["para"] for m in data["buzon_de_desarrollo"])
    # The professional's export holds their notices, not her contact.
    theirs = await exported(standalone, pro.id)
    assert theirs["contacto"]["email"] == pro.email
    assert cliente.email not in json.dumps(theirs)

    ctx = standalone.ctx("notifications")
    before = await dump(ctx.db)
    assert {t for t, _, _ in holding(before, cliente.email, full_name, token)} >= {
        "user_copies",
        "notifications",
        "deliveries",
        "device_tokens",
    }
    deletion_id = uuid.uuid4()
    await deliver(standalone, deletion(cliente, deletion_id))

    after = await dump(ctx.db)
    assert holding(after, cliente.email, full_name, token) == []
    async with ctx.db.session(write=False) as session:
        for model in (Notification, Delivery, Preference, DeviceToken):
            rows = (await session.execute(select(model).where(model.user_id == cliente.id))).scalars().all()
            assert rows == [], model
        copy = await session.get(UserCopy, cliente.id)
        assert copy is not None
        assert (copy.email, copy.nombre, copy.apellido) == (
            pseudonymous_email(cliente.id),
            DELETED_NOMBRE,
            DELETED_APELLIDO,
        )
        told = {
            row.tipo: row
            for row in (
                await session.execute(select(Notification).where(Notification.user_id == pro.id))
            ).scalars()
        }
    assert told["nuevo_mensaje"].titulo == f"Mensaje nuevo de {DELETED_DISPLAY_NAME}"
    assert (
        told["nuevo_mensaje"].mensaje == "¿Podés venir el martes?"
    )  # her words stay with him, as in the chat
    assert told["resena_recibida"].mensaje.startswith(f"{DELETED_DISPLAY_NAME} te calificó con 5 de 5")
    assert await mailbox_to(api, cliente.email) == []
    assert await mailbox_to(api, pro.email)  # nobody else's mail goes

    # The e-mail that was gathering is never sent: its job finds nothing to send.
    for row in pending:
        assert isinstance(await ctx.queues.run_now(queue_of(row.channel), str(row.id)), Done)
    assert await mailbox_to(api, cliente.email) == []
    assert await mailbox_to(api, pseudonymous_email(cliente.id)) == []

    # Late events cannot bring her back, nor tell her anything; what she sent still reads "Usuario eliminado".
    await deliver(standalone, UserUpdated(user_id=cliente.id, nombre="Lucía", apellido="Pérez"))
    await deliver(standalone, chat_message(pro, cliente, "Mario Pérez", "¿Estás?"))
    await deliver(standalone, chat_message(cliente, pro, full_name, "Mensaje atrasado"))
    async with ctx.db.session(write=False) as session:
        copy = await session.get(UserCopy, cliente.id)
        assert copy is not None
        assert copy.nombre == DELETED_NOMBRE
        assert (
            await session.execute(select(Notification).where(Notification.user_id == cliente.id))
        ).scalars().all() == []
    assert holding(await dump(ctx.db), cliente.email, full_name, token) == []

    # Idempotent: the same deletion again changes nothing.
    settled = {name: rows for name, rows in (await dump(ctx.db)).items() if name not in MOVING}
    await deliver(standalone, deletion(cliente, deletion_id))
    again = {name: rows for name, rows in (await dump(ctx.db)).items() if name not in MOVING}
    assert again == settled


async def deliveries(standalone: Standalone, user_id: uuid.UUID) -> list[Delivery]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        return list((await session.execute(select(Delivery).where(Delivery.user_id == user_id))).scalars())


async def test_a_person_never_seen_is_erased_for_good(standalone: Standalone) -> None:
    """No copy yet: the deletion leaves one with pseudonyms only, so a late UserRegistered cannot store
    their data."""
    ghost = Account(uuid.uuid4(), "fantasma@example.com", "", "CLIENTE", "", "")
    await deliver(standalone, deletion(ghost, uuid.uuid4()))
    assert (await exported(standalone, ghost.id))["contacto"] == {
        "email": pseudonymous_email(ghost.id),
        "nombre": DELETED_NOMBRE,
        "apellido": DELETED_APELLIDO,
        "rol": "CLIENTE",
    }
    await deliver(standalone, UserUpdated(user_id=ghost.id, nombre="Gaspar", apellido="Fantasma"))
    assert holding(await dump(standalone.ctx("notifications").db), "Gaspar") == []


# --- last: it empties the mailbox ------------------------------------------------------------------------


async def test_emptying_the_mailbox_is_recorded(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    person = await register(api, nombre="Clara")
    await wait_mail(api, person.email, "Bienvenido/a")
    cleared = await api.delete(f"{MAILBOX}/mensajes", headers=admin.headers)
    assert cleared.status_code == 200
    record = (await entries(standalone, accion="mailbox.vaciar"))[0]
    assert (record.actor_id, record.ip, record.recurso) == (admin.id, CLIENT_IP, "buzon")
    assert record.detalle == {"eliminados": cleared.json()["eliminados"]}
    assert record.detalle["eliminados"] >= 1


# --- the same erasure on PostgreSQL (its JSON columns are searched as stored text) ------------------------


class QuietRuntime:
    """What dispatch needs of the runtime, without queues or live fan-out."""

    push_enabled = False
    base_url = "https://conectar.example"
    email = None  # no development mailbox

    def burst(self, canal: Any) -> tuple[float, float]:
        return 60.0, 600.0

    async def enqueue_delivery(self, *_: Any, **__: Any) -> None:
        return None

    def publish_after_commit(self, *_: Any) -> None:
        return None


@pytest.mark.postgres
async def test_the_erasure_on_postgresql(pg_url: str) -> None:
    await asyncio.to_thread(upgrade, SERVICES["notifications"].migrations, pg_url)
    db = Database(pg_url)
    runtime: Any = QuietRuntime()
    ctx: Any = SimpleNamespace(extras={RUNTIME_KEY: runtime})
    person, other = uuid.uuid4(), uuid.uuid4()
    email, name = "lucia.perez@example.com", "Lucía Pérez"
    try:
        async with db.session() as session:
            await repo.apply_user(session, person, at=utcnow(), email=email, nombre="Lucía", apellido="Pérez")
            await repo.apply_user(session, other, at=utcnow(), email="otro@example.com", nombre="Otro")
            await repo.register_device(session, person, "fcm-token-" + uuid.uuid4().hex, "web")
            for sender, recipient, sender_name in ((person, other, name), (other, person, "Otro")):
                envelope = EventEnvelope(
                    id=uuid.uuid4(), type="MessageSent", occurred_at=utcnow(), producer="test", payload={}
                )
                message = ChatMessage(recipient, uuid.uuid4(), uuid.uuid4(), sender_name, "hola", sender)
                await notify_message(runtime, session, envelope, message)
        event = deletion_requested(person, "CLIENTE")
        for _ in range(2):  # the second run finds nothing left to do
            async with db.session() as session:
                await personal_data.erase(ctx, session, event)
        tables = await dump(db)
        async with db.session(write=False) as session:
            told = (
                await session.execute(select(Notification).where(Notification.user_id == other))
            ).scalar_one()
            burst = (await session.execute(select(Delivery).where(Delivery.user_id == other))).scalar_one()
        assert holding(tables, email, name) == []
        assert told.titulo == f"Mensaje nuevo de {DELETED_DISPLAY_NAME}"
        assert burst.context["remitentes"] == [DELETED_DISPLAY_NAME]
        assert [row for row in tables["notifications"] if row["user_id"] == person] == []
        assert [row for row in tables["device_tokens"] if row["user_id"] == person] == []
    finally:
        await db.dispose()
