"""What the chat & offers service holds about a person, for their export and their deletion (SPEC §14).

Export: the chat's copy of the account and its moderation state, the person's conversations (the other
party by the name the chat shows) with the messages the person wrote (never the other party's), offers,
trabajos, the reviews they wrote or received, their disputes with their own messages, and the evidence
files and chat attachments they uploaded (as files).

Deletion (in the kernel's unit of work): every copy of the person's name becomes "Usuario eliminado" and
their e-mail the pseudonymous address, both in the people copy and wherever the chat copied them (feed
items of the other party, money movements asked of payments, events still waiting in the outbox), so the
events the chat publishes afterwards carry no old name; their moderation state is reset and their own feed
emptied. What stays, tied to the user id only: the conversations and the messages they wrote (the other
party keeps the conversation, SPEC §14), offers, trabajos, reviews (shown as written by "Usuario
eliminado"), the files they sent in conversations, and disputes with their messages and evidence files — a
dispute is the record of a decision about money, kept as it was decided (the files' original names, which
may name someone, are replaced).

Refused (blockers) while the person has a trabajo whose money is not settled (waiting for the payment, in
escrow, in dispute, or being released or refunded) or an open dispute. What began in the moment between
that check and the erasure is closed by it: the person's open offers are withdrawn or declined and a
trabajo still waiting for payment is cancelled; after the erasure no offer or trabajo can be made with
them (their copy here is inactive).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import attachments, money, ofertas, pedidos, trabajos
from conectar.chat import repository as repo
from conectar.chat.conversations import PLATFORM_NAME
from conectar.chat.models import ChatUserCopy
from conectar.chat.statemachine import Actor, EstadoEscrow, EstadoOferta
from conectar.contracts.events import AccountDeletionRequested, MessageSent, ReviewCreated
from conectar.contracts.personal_data import (
    DELETED_APELLIDO,
    DELETED_DISPLAY_NAME,
    DELETED_NOMBRE,
    pseudonymous_email,
)
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.personal_data import (
    FILES_FOLDER,
    ExportFile,
    PersonalDataExport,
    PersonalDataHooks,
    StoredFile,
    safe_member,
)

E = EstadoEscrow

# Why a deletion must wait, per trabajo state: (one, several) — each reason reads "Tenés N …".
_TRABAJO_BLOCKERS: dict[str, tuple[str, str]] = {
    E.PENDIENTE_PAGO: (
        "trabajo pendiente de pago; cancelalo",
        "trabajos pendientes de pago; cancelalos",
    ),
    E.PAGADO_EN_ESCROW: (
        "trabajo con el pago en garantía; terminalo o cancelalo",
        "trabajos con el pago en garantía; terminalos o cancelalos",
    ),
    E.EN_DISPUTA: (
        "trabajo en disputa; esperá a que se resuelva",
        "trabajos en disputa; esperá a que se resuelvan",
    ),
}
# The money is on its way (or refused and waiting for staff): it settles without the person.
_MONEY_MOVING = (E.LIBERANDO, E.REEMBOLSANDO, E.LIBERACION_RECHAZADA, E.REEMBOLSO_RECHAZADO)
_MONEY_MOVING_BLOCKER = (
    "trabajo con un movimiento de dinero en curso; esperá a que termine",
    "trabajos con movimientos de dinero en curso; esperá a que terminen",
)
_DISPUTE_BLOCKER = (
    "disputa abierta; retirala o esperá a que se resuelva",
    "disputas abiertas; retiralas o esperá a que se resuelvan",
)
_AFTER = " antes de eliminar tu cuenta"

# Names the chat copied into the payloads of its events: (event type, id field, name field).
_EVENT_NAMES: tuple[tuple[str, str, str], ...] = (
    (MessageSent.event_type(), "sender_id", "sender_nombre"),
    (ReviewCreated.event_type(), "cliente_id", "cliente_nombre"),
)
_FEED_MESSAGE = "message"
_CLOSED = "La cuenta fue eliminada"


def _reason(count: int, texts: tuple[str, str]) -> str:
    return f"Tenés {count} {texts[0] if count == 1 else texts[1]}{_AFTER}"


async def blockers(ctx: ServiceContext, user_id: uuid.UUID) -> list[str]:
    async with ctx.db.session(write=False) as session:
        estados = [*_TRABAJO_BLOCKERS, *_MONEY_MOVING]
        counts = await repo.trabajos_by_estado(session, user_id, estados)
        # An open dispute is normally its trabajo's EN_DISPUTA, already told above.
        disputas = await repo.count_open_disputas(session, user_id, trabajo_not_in=[E.EN_DISPUTA])
    reasons = [
        _reason(counts[estado], texts) for estado, texts in _TRABAJO_BLOCKERS.items() if counts.get(estado)
    ]
    moving = sum(counts.get(estado, 0) for estado in _MONEY_MOVING)
    if moving:
        reasons.append(_reason(moving, _MONEY_MOVING_BLOCKER))
    if disputas:
        reasons.append(_reason(disputas, _DISPUTE_BLOCKER))
    return reasons


# --- export ---------------------------------------------------------------------------------------------------


def _name(people: dict[uuid.UUID, ChatUserCopy], user_id: uuid.UUID | None) -> str:
    if user_id is None:
        return PLATFORM_NAME
    found = people.get(user_id)
    return found.nombre_completo if found is not None else ""


def _evidence_path(disputa_id: uuid.UUID, evidencia_id: uuid.UUID, nombre_archivo: str) -> str:
    return safe_member(f"evidencias/{disputa_id}/{evidencia_id}-{nombre_archivo}")


def _adjunto_path(chat_id: uuid.UUID, adjunto_id: uuid.UUID, nombre: str) -> str:
    return safe_member(f"adjuntos/{chat_id}/{adjunto_id}-{nombre}")


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.session(write=False) as session:
        me = await repo.person(session, user_id)
        conversations = await repo.conversations_of(session, user_id)
        written = await repo.messages_written_by(session, user_id)
        ofertas = await repo.ofertas_involving(session, user_id)
        trabajos = await repo.trabajos_involving(session, user_id)
        resenas = await repo.resenas_involving(session, user_id)
        disputas = await repo.disputas_involving(session, user_id)
        dispute_messages = await repo.disputa_mensajes_by(session, user_id)
        evidencias = await repo.evidencias_by(session, user_id)
        adjuntos = await repo.adjuntos_by(session, user_id)
        pedidos_propios = await repo.pedidos_of(session, user_id)
        others = {uid for conv in conversations for uid in (conv.cliente_id, conv.profesional_id)}
        people = await repo.people(session, [*others, *(r.cliente_id for r in resenas)])

    by_chat: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for message in written:
        by_chat.setdefault(message.chat_id, []).append(
            {
                "id": message.id,
                "text": message.text,
                "tipo": message.tipo,
                "oferta_id": message.oferta_id,
                "timestamp": message.fecha_creacion,
                "read": message.read_at is not None,
            }
        )
    conversaciones = []
    for conv in conversations:
        soy_cliente = conv.cliente_id == user_id
        other = conv.profesional_id if soy_cliente else conv.cliente_id
        conversaciones.append(
            {
                "id": conv.id,
                "rol": "CLIENTE" if soy_cliente else "PROFESIONAL",
                "con": {"id": other, "nombre": _name(people, other)},
                "fecha_creacion": conv.fecha_creacion,
                "mensajes_escritos": by_chat.get(conv.id, []),
            }
        )

    def resena(r: Any) -> dict[str, Any]:
        return {
            "id": r.id,
            "trabajo_id": r.trabajo_id,
            "profesional_id": r.profesional_id,
            "cliente_id": r.cliente_id,
            "cliente_nombre": _name(people, r.cliente_id),
            "rating": r.rating,
            "texto_resena": r.texto_resena,
            "respuesta": r.respuesta,
            "fecha_respuesta": r.fecha_respuesta,
            "fecha_creacion": r.fecha_creacion,
        }

    files = [
        ExportFile(
            path=_evidence_path(e.disputa_id, e.id, e.nombre_archivo),
            stored=StoredFile(key=e.storage_key, public=False),
        )
        for e in evidencias
    ]
    adjunto_files = [
        ExportFile(
            path=_adjunto_path(a.chat_id, a.id, a.nombre),
            stored=StoredFile(key=a.storage_key, public=False),
        )
        for a in adjuntos
    ]
    files.extend(adjunto_files)
    data: dict[str, Any] = {
        "cuenta": None
        if me is None
        else {
            "id": me.id,
            "email": me.email,
            "nombre": me.nombre,
            "apellido": me.apellido,
            "rol": me.rol,
            "infracciones_chat": me.infracciones_chat,
            "is_chat_banned": me.is_chat_banned,
        },
        "conversaciones": conversaciones,
        "pedidos": [
            {
                "id": p.id,
                "oficio_nombre": p.oficio_nombre,
                "titulo": p.titulo,
                "descripcion": p.descripcion,
                "direccion": p.direccion,
                "latitude": p.latitude,
                "longitude": p.longitude,
                "zona": p.zona,
                "franjas": p.franjas,
                "presupuesto_max": p.presupuesto_max,
                "estado": p.estado,
                "fecha_creacion": p.fecha_creacion,
            }
            for p in pedidos_propios
        ],
        "ofertas": [
            {
                "id": o.id,
                "profesional_id": o.profesional_id,
                "cliente_id": o.cliente_id,
                "chat_id": o.chat_id,
                "descripcion": o.descripcion,
                "precio_final": o.precio_final,
                "estado": o.estado,
                "fecha_expiracion": o.fecha_expiracion,
                "fecha_creacion": o.fecha_creacion,
            }
            for o in ofertas
        ],
        "trabajos": [
            {
                "id": t.id,
                "cliente_id": t.cliente_id,
                "profesional_id": t.profesional_id,
                "chat_id": t.chat_id,
                "oferta_id": t.oferta_id,
                "servicio_instant_id": t.servicio_instant_id,
                "servicio_publicado_id": t.servicio_publicado_id,
                "descripcion": t.descripcion,
                "precio_final": t.precio_final,
                "comision_plataforma": t.comision_plataforma,
                "monto_liberado": t.monto_liberado,
                "estado_escrow": t.estado_escrow,
                "mercadopago_payment_id": t.mercadopago_payment_id,
                "fecha_creacion": t.fecha_creacion,
                "fecha_pago": t.fecha_pago,
                "fecha_completado": t.fecha_completado,
                "fecha_cierre": t.fecha_cierre,
                "motivo_cierre": t.motivo_cierre,
            }
            for t in trabajos
        ],
        "resenas_escritas": [resena(r) for r in resenas if r.cliente_id == user_id],
        "resenas_recibidas": [resena(r) for r in resenas if r.profesional_id == user_id],
        "disputas": [
            {
                "id": d.id,
                "trabajo_id": d.trabajo_id,
                "abierta_por_vos": d.abierta_por == user_id,
                "tipo": d.tipo,
                # What the other party wrote when they opened it is theirs, not the person's.
                "descripcion": d.descripcion if d.abierta_por == user_id else None,
                "estado": d.estado,
                "resolucion": d.resolucion,
                "favorece_a": d.favorece_a,
                "fecha_resolucion": d.fecha_resolucion,
                "fecha_creacion": d.fecha_creacion,
            }
            for d in disputas
        ],
        "mensajes_en_disputas": [
            {
                "id": m.id,
                "disputa_id": m.disputa_id,
                "autor_rol": m.autor_rol,
                "texto": m.texto,
                "fecha_creacion": m.fecha_creacion,
            }
            for m in dispute_messages
        ],
        "evidencias": [
            {
                "id": e.id,
                "disputa_id": e.disputa_id,
                "nombre_archivo": e.nombre_archivo,
                "content_type": e.content_type,
                "tamano_bytes": e.tamano_bytes,
                "sha256": e.sha256,
                "fecha_creacion": e.fecha_creacion,
                "archivo": f"{FILES_FOLDER}/{ctx.name}/{item.path}",
            }
            for e, item in zip(evidencias, files[: len(evidencias)], strict=True)
        ],
        "adjuntos_enviados": [
            {
                "id": a.id,
                "chat_id": a.chat_id,
                "message_id": a.message_id,
                "nombre": a.nombre,
                "content_type": a.content_type,
                "tamano": a.tamano,
                "sha256": a.sha256,
                "fecha_creacion": a.fecha_creacion,
                "archivo": f"{FILES_FOLDER}/{ctx.name}/{item.path}",
            }
            for a, item in zip(adjuntos, adjunto_files, strict=True)
        ],
    }
    return PersonalDataExport(data=data, files=files)


# --- erasure --------------------------------------------------------------------------------------------------


async def _close_open_business(ctx: ServiceContext, session: AsyncSession, user_id: uuid.UUID) -> None:
    """The person's open offers are withdrawn (theirs) or declined (made to them) and their trabajos still
    waiting for payment are cancelled: a deletion is refused while such a trabajo exists, so one found here
    was made while the deletion began, and nobody can pay, do or accept any of them any more. (A payment
    that still arrives for a cancelled trabajo is refunded: ``trabajos.confirm_payment``.) Everyone is told
    as when the person does it. Locked in chat/pedidos.py's order: pedidos, offers, trabajos, then the
    people (the transitions lock them)."""
    abiertas, impagos = await repo.open_business_of(session, user_id)
    if not abiertas and not impagos:
        return
    for pedido_id in sorted({o.pedido_id for o in abiertas if o.pedido_id is not None}):
        await repo.pedido(session, pedido_id, lock=True)
    locked_offers = [await repo.oferta(session, o.id, lock=True, refresh=True) for o in abiertas]
    locked_trabajos = [await repo.trabajo(session, t.id, lock=True, refresh=True) for t in impagos]
    for oferta in locked_offers:
        if oferta is None or oferta.estado != EstadoOferta.OFERTADO:
            continue
        if oferta.profesional_id == user_id:
            await ofertas.apply_to_offer(ctx, session, oferta, "retirar_oferta", Actor.PROFESIONAL)
        else:
            await ofertas.apply_to_offer(ctx, session, oferta, "rechazar_oferta", Actor.CLIENTE)
    for trabajo in locked_trabajos:
        if trabajo is None or trabajo.estado_escrow != E.PENDIENTE_PAGO:
            continue
        if trabajo.cliente_id == user_id:
            await trabajos.apply(ctx, session, trabajo, "cancelar_impago", Actor.CLIENTE, motivo=_CLOSED)
        else:
            await trabajos.apply(
                ctx, session, trabajo, "cancelar_impago_por_profesional", Actor.PROFESIONAL, motivo=_CLOSED
            )


def _adjunto_name(storage_key: str) -> str:
    extension = storage_key.rsplit(".", 1)[-1]
    return f"documento.{extension}" if extension == "pdf" else f"imagen.{extension}"


def _evidence_name(storage_key: str) -> str:
    extension = storage_key.rsplit(".", 1)[-1] if "." in storage_key.rsplit("/", 1)[-1] else ""
    return f"evidencia.{extension}" if extension else "evidencia"


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    user_id = event.user_id
    # Pedidos (SPEC §10): cancelled if open; no address, exact point or text of theirs stays. First: a
    # pedido is locked before its offers and its people (chat/pedidos.py), and the person is written below.
    fotos = await pedidos.erase_client_pedidos(ctx, session, user_id)
    await _close_open_business(ctx, session, user_id)

    now = utcnow()
    # Stamped now, so that an older profile or status event arriving late changes nothing.
    pseudonym: dict[str, Any] = {
        "email": pseudonymous_email(user_id),
        "nombre": DELETED_NOMBRE,
        "apellido": DELETED_APELLIDO,
        "is_active_copy": False,
        "profile_at": now,
        "status_at": now,
        "infracciones_chat": 0,
        "is_chat_banned": False,
    }
    if not await repo.pseudonymise_person(session, user_id, pseudonym):
        # Never known here: a tombstone, so that a late UserRegistered cannot bring the name back.
        await repo.insert_person(session, {"id": user_id, "rol": event.rol, "feed_seq": 0, **pseudonym})
    # Business begun with the person between the deletion's check and this moment (a client accepting
    # the professional's offer meanwhile) committed before this unit of work wrote the person, or waits for
    # it and is refused (``conversations.ensure_active``): seen now, closed like the rest.
    await _close_open_business(ctx, session, user_id)

    # Files sent in a conversation stay with it (the other party keeps the conversation, and a dispute may
    # cite them); the name they were sent with may name someone.
    renamed: dict[str, str] = {}
    for adjunto in await repo.adjuntos_by(session, user_id):
        renamed[str(adjunto.id)] = nombre = _adjunto_name(adjunto.storage_key)
        if adjunto.nombre != nombre:
            await repo.rename_adjunto(session, adjunto.id, nombre)
            await repo.replace_last_message(
                session,
                adjunto.chat_id,
                attachments.preview("", adjunto.nombre),
                attachments.preview("", nombre),
            )

    # The person's own real-time feed goes; the other party's keeps its items, without the name (nor the
    # names of the files the person sent).
    await repo.delete_feed_of(session, user_id)
    for item in await repo.feed_items_mentioning(session, user_id, _FEED_MESSAGE):
        if item.payload.get("sender_id") != str(user_id):
            continue
        payload = {**item.payload, "sender_nombre": DELETED_DISPLAY_NAME}
        adjunto_item = payload.get("adjunto")
        if isinstance(adjunto_item, dict) and str(adjunto_item.get("id")) in renamed:
            payload["adjunto"] = {**adjunto_item, "nombre": renamed[str(adjunto_item.get("id"))]}
        if payload != item.payload:
            await repo.set_feed_payload(session, item.user_id, item.seq, payload)

    # Copies handed to the payments service: the payer's e-mail, the professional's payout account (once
    # the movement is no longer pending: a pending release still needs it).
    for action, t in await repo.money_actions_involving(session, user_id):
        payload = dict(action.payload or {})
        if t.cliente_id == user_id and payload.get("payer_email"):
            payload["payer_email"] = pseudonymous_email(user_id)
        if t.profesional_id == user_id and payload.get("payout_account") and action.status != money.PENDING:
            payload["payout_account"] = None
        if payload != action.payload:
            await repo.set_money_action_payload(session, action.id, payload)

    # The chat's events still waiting in the outbox go out without the old name (the kernel deletes the
    # sent ones after this erasure).
    types = [event_type for event_type, _, _ in _EVENT_NAMES]
    for event_id, event_type, payload in await repo.outbox_events_mentioning(
        session, ctx.tables.outbox, user_id, types
    ):
        changed = dict(payload)
        for name_type, id_field, name_field in _EVENT_NAMES:
            if event_type == name_type and changed.get(id_field) == str(user_id):
                changed[name_field] = DELETED_DISPLAY_NAME
        if changed != payload:
            await repo.set_outbox_payload(session, ctx.tables.outbox, event_id, changed)

    # Evidence files stay with their dispute; the name they were uploaded with may name someone.
    for evidencia in await repo.evidencias_by(session, user_id):
        nombre = _evidence_name(evidencia.storage_key)
        if evidencia.nombre_archivo != nombre:
            await repo.rename_evidencia(session, evidencia.id, nombre)
    return [StoredFile(key=key, public=True) for key in fotos]


HOOKS = PersonalDataHooks(export=export, erase=erase, blockers=blockers)
