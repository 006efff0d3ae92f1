"""The chat service's part of a person's data (SPEC §14): what stands in the way of a deletion, the export
(their conversations and only the messages they wrote, offers, trabajos, reviews, disputes, evidence
files), and the erasure (no copy of their name, e-mail or payout account left anywhere in the chat's
database; the other party keeps the conversation and the review with "Usuario eliminado")."""

from __future__ import annotations

import io
import json
import random
import string
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from conectar.chat.models import ChatUserCopy, Trabajo
from conectar.contracts.events import AccountDeletionRequested, MessageSent
from conectar.contracts.personal_data import DELETED_DISPLAY_NAME, pseudonymous_email
from conectar.platform.db import utcnow
from conectar.platform.outbox import STATUS_DEAD
from tests.data_scan import traces
from tests.factories import (
    PDF,
    Account,
    approved_professional,
    cbu,
    create_admin,
    deletion_requested,
    eventually,
    offer,
    open_chat,
    post_offer,
    register,
    trabajo_state,
)
from tests.services.conftest import Standalone

CLIENT_TEXT = "Hola, ¿podés venir el martes a la mañana?"
PRO_TEXT = "Sí, el martes a las nueve estoy por ahí"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


def letters(size: int = 9) -> str:
    return "".join(random.choices(string.ascii_lowercase, k=size)).capitalize()


@dataclass
class Person:
    account: Account
    nombre: str
    apellido: str

    @property
    def strings(self) -> list[str]:
        """What must not be left of the person once erased."""
        return [self.nombre, self.apellido, self.account.email]


async def person(api: httpx.AsyncClient, rol: str, admin: Account) -> Person:
    """Someone with a name of their own (a verified professional, for PROFESIONAL)."""
    nombre, apellido = letters(), letters()
    account = await register(api, rol, nombre=nombre, apellido=apellido)
    if rol == "PROFESIONAL":
        me = await api.get("/api/v1/professional/me", headers=account.headers)
        assert me.status_code == 200, me.text
        uploaded = await api.post(
            "/api/v1/professional/kyc/upload",
            headers=account.headers,
            files=[("files", ("dni.pdf", PDF, "application/pdf"))],
        )
        assert uploaded.status_code == 200, uploaded.text
        approved = await api.post(f"/api/v1/admin/kyc/approve/{me.json()['id']}", headers=admin.headers)
        assert approved.status_code == 200, approved.text
    return Person(account, nombre, apellido)


async def accepted_trabajo(api: httpx.AsyncClient, cliente: Account, pro: Account) -> str:
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    return str(accepted.json()["trabajo_id"])


async def simulate_payment(api: httpx.AsyncClient, admin: Account, trabajo_id: str) -> None:
    paid = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/simular-pago", headers=admin.headers)
    assert paid.status_code == 200, paid.text
    assert paid.json()["estado_escrow"] == "PAGADO_EN_ESCROW"


async def open_dispute(api: httpx.AsyncClient, by: Account, trabajo_id: str) -> dict[str, Any]:
    opened = await api.post(
        "/api/v1/disputas",
        headers=by.headers,
        json={
            "trabajo_id": trabajo_id,
            "tipo": "CALIDAD_TRABAJO",
            "descripcion": "La canilla sigue perdiendo agua después del arreglo",
        },
    )
    assert opened.status_code == 201, opened.text
    body: dict[str, Any] = opened.json()
    return body


async def blockers(standalone: Standalone, user_id: uuid.UUID) -> list[str]:
    data = await standalone.ctx("users").clients.call(
        "chat", "GET", f"/internal/v1/personal-data/{user_id}/blockers"
    )
    found: list[str] = data["bloqueos"]
    return found


async def export(standalone: Standalone, user_id: uuid.UUID) -> zipfile.ZipFile:
    response = await standalone.ctx("users").clients.request(
        "chat", "GET", f"/internal/v1/personal-data/{user_id}/export"
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


async def set_estado(standalone: Standalone, trabajo_id: str, estado: str) -> None:
    async with standalone.ctx("chat").db.session() as session:
        await session.execute(
            update(Trabajo).where(Trabajo.id == uuid.UUID(trabajo_id)).values(estado_escrow=estado)
        )


async def delete_account(
    standalone: Standalone, who: Account, event: AccountDeletionRequested | None = None
) -> AccountDeletionRequested:
    """Publish the person's deletion (as the users service does) and wait until the chat has erased them:
    the event is in its inbox, written in the erasure's own unit of work."""
    event = event or deletion_requested(who.id, who.rol)
    envelope = await standalone.publish(event, producer="users")
    await eventually(lambda: inbox_has(standalone, envelope.id))
    return event


async def test_each_unsettled_trabajo_and_open_dispute_blocks_both_parties_and_none_after_it_is_released(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    assert await blockers(standalone, cliente.id) == []
    trabajo_id = await accepted_trabajo(api, cliente, pro)
    for party in (cliente, pro):
        assert await blockers(standalone, party.id) == [
            "Tenés 1 trabajo pendiente de pago; cancelalo antes de eliminar tu cuenta"
        ]

    second = await accepted_trabajo(api, cliente, pro)
    assert await blockers(standalone, cliente.id) == [
        "Tenés 2 trabajos pendientes de pago; cancelalos antes de eliminar tu cuenta"
    ]
    cancelled = await api.post(f"/api/v1/cliente/trabajo/{second}/cancelar", headers=cliente.headers)
    assert cancelled.status_code == 200, cancelled.text

    await simulate_payment(api, admin, trabajo_id)
    for party in (cliente, pro):
        assert await blockers(standalone, party.id) == [
            "Tenés 1 trabajo con el pago en garantía; terminalo o cancelalo antes de eliminar tu cuenta"
        ]

    disputa = await open_dispute(api, cliente, trabajo_id)
    for party in (cliente, pro):
        assert await blockers(standalone, party.id) == [
            "Tenés 1 trabajo en disputa; esperá a que se resuelva antes de eliminar tu cuenta"
        ]

    # An open dispute blocks on its own (should its trabajo have left EN_DISPUTA some other way).
    await set_estado(standalone, trabajo_id, "CANCELADO")
    assert await blockers(standalone, pro.id) == [
        "Tenés 1 disputa abierta; retirala o esperá a que se resuelva antes de eliminar tu cuenta"
    ]
    # Money on its way (a release or refund asked, or refused and waiting for staff) blocks too.
    for estado in ("LIBERANDO", "REEMBOLSANDO", "LIBERACION_RECHAZADA", "REEMBOLSO_RECHAZADO"):
        await set_estado(standalone, trabajo_id, estado)
        assert (
            "Tenés 1 trabajo con un movimiento de dinero en curso; esperá a que termine antes de eliminar tu cuenta"
            in await blockers(standalone, cliente.id)
        ), estado
    await set_estado(standalone, trabajo_id, "EN_DISPUTA")

    resolved = await api.post(
        f"/api/v1/admin/disputas/{disputa['id']}/resolver",
        headers=admin.headers,
        json={"resolucion": "El trabajo se hizo bien", "favorece_a": "PROFESIONAL"},
    )
    assert resolved.status_code == 200, resolved.text
    state = await api.get(f"/api/v1/cliente/trabajo/{trabajo_id}", headers=cliente.headers)
    assert state.json()["estado_escrow"] == "LIBERADO"
    for party in (cliente, pro):
        assert await blockers(standalone, party.id) == []


@dataclass
class Story:
    cliente: Person
    pro: Person
    chat_id: str
    trabajo_id: str
    disputa_id: str
    evidencia_id: str
    resena_id: str
    payout_account: str


async def a_whole_story(standalone: Standalone, admin: Account) -> Story:
    """A client and a professional who talked, agreed, paid, disputed (with evidence the client named after
    themselves), settled, and reviewed: every kind of row the chat keeps about a person."""
    api = standalone.client
    cliente = await person(api, "CLIENTE", admin)
    pro = await person(api, "PROFESIONAL", admin)
    payout_account = cbu(account="".join(random.choices(string.digits, k=13)))
    payout = await api.put(
        "/api/v1/professional/payout-info",
        headers=pro.account.headers,
        json={"payout_account": payout_account},
    )
    assert payout.status_code == 200, payout.text
    chat_id = await open_chat(api, cliente.account, pro.account)
    for who, text in (
        (cliente, CLIENT_TEXT),
        (pro, PRO_TEXT),
        (cliente, "escribime a mi correo privado arroba gmail punto com o al 11 4444-5555"),
    ):
        sent = await api.post(
            "/api/v1/chat/send-message", headers=who.account.headers, json={"chat_id": chat_id, "text": text}
        )
        assert sent.status_code == 200, sent.text
    oferta = await offer(api, pro.account, cliente.account, chat_id)
    accepted = await api.post(
        f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.account.headers
    )
    assert accepted.status_code == 200, accepted.text
    trabajo_id = str(accepted.json()["trabajo_id"])
    await simulate_payment(api, admin, trabajo_id)
    disputa = await open_dispute(api, cliente.account, trabajo_id)
    evidence = await api.post(
        f"/api/v1/disputas/{disputa['id']}/evidencias",
        headers=cliente.account.headers,
        files={"file": (f"{cliente.nombre}_{cliente.apellido}.pdf", PDF, "application/pdf")},
    )
    assert evidence.status_code == 201, evidence.text
    for who, text in ((cliente, "Adjunto la foto de la pérdida"), (pro, "La pérdida es de otra canilla")):
        said = await api.post(
            f"/api/v1/disputas/{disputa['id']}/mensajes", headers=who.account.headers, json={"texto": text}
        )
        assert said.status_code == 201, said.text
    resolved = await api.post(
        f"/api/v1/admin/disputas/{disputa['id']}/resolver",
        headers=admin.headers,
        json={"resolucion": "La pérdida es de otra canilla", "favorece_a": "PROFESIONAL"},
    )
    assert resolved.status_code == 200, resolved.text
    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.account.headers,
        json={"rating": 4, "texto_resena": "Cumplió, aunque discutimos"},
    )
    assert review.status_code == 201, review.text
    resena_id = review.json()["resena"]["id"]
    replied = await api.post(
        f"/api/v1/resenas/{resena_id}/responder", headers=pro.account.headers, json={"respuesta": "¡Gracias!"}
    )
    assert replied.status_code == 200, replied.text
    return Story(
        cliente, pro, chat_id, trabajo_id, disputa["id"], evidence.json()["id"], resena_id, payout_account
    )


async def test_the_export_holds_what_the_person_wrote_and_did_and_their_evidence_files(
    standalone: Standalone, admin: Account
) -> None:
    story = await a_whole_story(standalone, admin)
    archive = await export(standalone, story.cliente.account.id)
    data = json.loads(archive.read("chat.json"))

    assert data["cuenta"]["nombre"] == story.cliente.nombre
    assert data["cuenta"]["email"] == story.cliente.account.email
    assert data["cuenta"]["infracciones_chat"] == 1
    [conversacion] = data["conversaciones"]
    assert conversacion["id"] == story.chat_id
    assert conversacion["rol"] == "CLIENTE"
    assert conversacion["con"] == {
        "id": str(story.pro.account.id),
        "nombre": f"{story.pro.nombre} {story.pro.apellido}",
    }
    texts = [m["text"] for m in conversacion["mensajes_escritos"]]
    assert texts[0] == CLIENT_TEXT
    assert len(texts) == 2
    assert "4444-5555" not in texts[1]  # what was stored: masked
    assert PRO_TEXT not in json.dumps(data, ensure_ascii=False)  # never the other party's messages

    assert [o["estado"] for o in data["ofertas"]] == ["PAGADO"]
    assert [(t["id"], t["estado_escrow"]) for t in data["trabajos"]] == [(story.trabajo_id, "LIBERADO")]
    assert [(r["id"], r["texto_resena"]) for r in data["resenas_escritas"]] == [
        (story.resena_id, "Cumplió, aunque discutimos")
    ]
    assert data["resenas_recibidas"] == []
    [disputa] = data["disputas"]
    assert disputa["id"] == story.disputa_id
    assert disputa["abierta_por_vos"] is True
    assert disputa["favorece_a"] == "PROFESIONAL"
    assert [m["texto"] for m in data["mensajes_en_disputas"]] == ["Adjunto la foto de la pérdida"]
    [evidencia] = data["evidencias"]
    assert evidencia["id"] == story.evidencia_id
    assert archive.read(evidencia["archivo"]) == PDF
    assert evidencia["archivo"].startswith("archivos/chat/evidencias/")

    # The professional's export: the review they received, the dispute opened against them (without the
    # client's description), their own dispute message, no evidence of theirs.
    pro_data = json.loads((await export(standalone, story.pro.account.id)).read("chat.json"))
    assert [r["id"] for r in pro_data["resenas_recibidas"]] == [story.resena_id]
    assert (
        pro_data["resenas_recibidas"][0]["cliente_nombre"]
        == f"{story.cliente.nombre} {story.cliente.apellido}"
    )
    assert pro_data["disputas"][0]["abierta_por_vos"] is False
    assert pro_data["disputas"][0]["descripcion"] is None
    assert [m["texto"] for m in pro_data["mensajes_en_disputas"]] == ["La pérdida es de otra canilla"]
    assert pro_data["evidencias"] == []
    assert CLIENT_TEXT not in json.dumps(pro_data, ensure_ascii=False)


async def test_erasure_leaves_no_personal_string_and_the_other_party_keeps_the_conversation(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    story = await a_whole_story(standalone, admin)
    cliente, pro = story.cliente, story.pro
    ctx = standalone.ctx("chat")
    assert await traces(ctx.db, *cliente.strings)  # the scan does find them before
    # An event naming the client that never went out (dead in the outbox, waiting for an operator): it
    # must not go out with the name after the erasure.
    async with ctx.db.session() as session:
        stuck = await ctx.outbox.add(
            session,
            MessageSent(
                message_id=uuid.uuid4(),
                chat_id=uuid.UUID(story.chat_id),
                sender_id=cliente.account.id,
                recipient_id=pro.account.id,
                sender_nombre=f"{cliente.nombre} {cliente.apellido}",
                preview=CLIENT_TEXT,
            ),
        )
        outbox = ctx.tables.outbox
        await session.execute(update(outbox).where(outbox.c.id == stuck).values(status=STATUS_DEAD))

    event = await delete_account(standalone, cliente.account)
    async with ctx.db.session(write=False) as session:
        kept = (await session.execute(select(outbox.c.payload).where(outbox.c.id == stuck))).scalar_one()
    assert kept["sender_nombre"] == DELETED_DISPLAY_NAME
    assert kept["preview"] == CLIENT_TEXT
    assert await traces(ctx.db, *cliente.strings) == []
    async with standalone.ctx("chat").db.session(write=False) as session:
        row = await session.get(ChatUserCopy, cliente.account.id)
    assert row is not None
    assert (row.nombre, row.apellido, row.email) == (
        "Usuario",
        "eliminado",
        pseudonymous_email(cliente.account.id),
    )
    assert (row.infracciones_chat, row.is_chat_banned) == (0, False)

    # The professional still has the conversation, the client's messages and the review, by "Usuario eliminado".
    chats = (await api.get("/api/v1/chat/my-chats", headers=pro.account.headers)).json()["chats"]
    [chat] = [c for c in chats if c["id"] == story.chat_id]
    assert chat["cliente_nombre"] == DELETED_DISPLAY_NAME
    assert chat["profesional_nombre"] == f"{pro.nombre} {pro.apellido}"
    messages = (await api.get(f"/api/v1/chat/messages/{story.chat_id}", headers=pro.account.headers)).json()
    mine = [m for m in messages if m["sender_id"] == str(cliente.account.id)]
    assert next(m["text"] for m in mine) == CLIENT_TEXT
    assert {m["sender_nombre"] for m in mine} == {DELETED_DISPLAY_NAME}
    reviews = (await api.get("/api/v1/professional/resenas", headers=pro.account.headers)).json()
    assert [(r["id"], r["cliente_nombre"]) for r in reviews] == [(story.resena_id, DELETED_DISPLAY_NAME)]
    # The dispute stays as decided, with its evidence file, under a name that names no one.
    evidence = (
        await api.get(f"/api/v1/disputas/{story.disputa_id}/evidencias", headers=admin.headers)
    ).json()
    assert [(e["id"], e["nombre_archivo"]) for e in evidence] == [(story.evidencia_id, "evidencia.pdf")]
    kept = await api.get(
        f"/api/v1/disputas/{story.disputa_id}/evidencias/{story.evidencia_id}", headers=admin.headers
    )
    assert kept.content == PDF

    # A late profile event from before the deletion does not bring the name back.
    from conectar.contracts.events import UserUpdated

    late = UserUpdated(user_id=cliente.account.id, nombre=cliente.nombre, apellido=cliente.apellido)
    envelope = await standalone.publish(late, producer="users")
    await eventually(lambda: inbox_has(standalone, envelope.id))
    assert await traces(ctx.db, *cliente.strings) == []

    # The same deletion again (a crash before its acknowledgement): the same result, nothing fails.
    await delete_account(standalone, cliente.account, event)
    assert await traces(ctx.db, *cliente.strings) == []
    chats = (await api.get("/api/v1/chat/my-chats", headers=pro.account.headers)).json()["chats"]
    assert [c["cliente_nombre"] for c in chats if c["id"] == story.chat_id] == [DELETED_DISPLAY_NAME]

    # Now the professional goes too: their name, e-mail and payout account (a copy in the release asked of
    # the payments service) are gone; the client's side of the story stays tied to the ids.
    payout = story.payout_account
    assert await traces(ctx.db, payout)
    await delete_account(standalone, pro.account)
    assert await traces(ctx.db, *pro.strings, payout, *cliente.strings) == []
    async with standalone.ctx("chat").db.session(write=False) as session:
        trabajo = await session.get(Trabajo, uuid.UUID(story.trabajo_id))
    assert trabajo is not None
    assert (trabajo.cliente_id, trabajo.profesional_id, trabajo.estado_escrow) == (
        cliente.account.id,
        pro.account.id,
        "LIBERADO",
    )


async def inbox_has(standalone: Standalone, event_id: uuid.UUID) -> bool:
    table = standalone.ctx("chat").tables.inbox
    async with standalone.ctx("chat").db.session(write=False) as session:
        found = (await session.execute(select(table.c.event_id).where(table.c.event_id == event_id))).first()
    return found is not None


async def test_erasing_someone_the_chat_never_knew_leaves_a_tombstone_a_late_registration_cannot_undo(
    standalone: Standalone,
) -> None:
    from conectar.contracts.events import UserRegistered

    user_id = uuid.uuid4()
    nombre, apellido = letters(), letters()
    email = f"{nombre.lower()}@example.com"
    stranger = Account(id=user_id, email=email, password="", rol="CLIENTE", access_token="", refresh_token="")
    await delete_account(standalone, stranger)
    late = UserRegistered(
        user_id=user_id, email=email, nombre=nombre, apellido=apellido, rol="CLIENTE", fecha_creacion=utcnow()
    )
    envelope = await standalone.publish(late, producer="auth")
    await eventually(lambda: inbox_has(standalone, envelope.id))
    assert await traces(standalone.ctx("chat").db, nombre, apellido, email) == []


async def offer_estado(standalone: Standalone, oferta_id: str) -> str:
    from conectar.chat.models import Oferta

    async with standalone.ctx("chat").db.session(write=False) as session:
        found = await session.get(Oferta, uuid.UUID(oferta_id))
    assert found is not None
    return str(found.estado)


async def test_erasure_closes_the_open_offers_and_unpaid_trabajos_the_deletion_found_none_of(
    standalone: Standalone, admin: Account
) -> None:
    """A deletion is refused while a trabajo waits for payment; what began after that check (an offer
    accepted, a new offer) is closed by the erasure: the professional's open offers withdrawn, the offers
    made to a deleted client declined, their unpaid trabajos cancelled — the other party is told, as when
    the person does it. A paid trabajo is not touched (the deletion waits for it)."""
    api = standalone.client
    pro = (await approved_professional(api, admin)).account
    other_pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    unpaid = await accepted_trabajo(api, cliente, pro)
    chat_id = await open_chat(api, cliente, pro)
    still_open = await offer(api, pro, cliente, chat_id)
    other_chat = await open_chat(api, cliente, other_pro)
    to_the_client = await offer(api, other_pro, cliente, other_chat)
    paid = await accepted_trabajo(api, cliente, other_pro)
    await simulate_payment(api, admin, paid)

    await delete_account(standalone, pro)
    cancelled = await trabajo_state(api, cliente, unpaid)
    assert cancelled["estado_escrow"] == "CANCELADO"
    assert await offer_estado(standalone, still_open["id"]) == "CANCELADO"  # withdrawn
    assert await offer_estado(standalone, to_the_client["id"]) == "OFERTADO"  # not the deleted one's

    await delete_account(standalone, cliente)
    assert await offer_estado(standalone, to_the_client["id"]) == "RECHAZADO"
    async with standalone.ctx("chat").db.session(write=False) as session:
        kept = await session.get(Trabajo, uuid.UUID(paid))
    assert kept is not None
    assert kept.estado_escrow == "PAGADO_EN_ESCROW"


async def test_no_offer_is_made_to_a_client_the_chat_has_erased(
    standalone: Standalone, admin: Account
) -> None:
    api = standalone.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    await delete_account(standalone, cliente)
    refused = await post_offer(api, pro, cliente, chat_id)
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"] == "La cuenta del cliente no está activa"
    mine = await api.get("/api/v1/professional/ofertas", headers=pro.headers)
    assert mine.status_code == 200, mine.text
    assert mine.json() == []
