"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.attachments import cite_in_disputa
from conectar.chat.disputes import (
    ABIERTA,
    EVIDENCE_MAX_FILES,
    EVIDENCE_VIEW_ACTION,
    RESOLVE_ACTION,
    NuevaDisputa,
    disputa_read,
    settle,
    visible,
)
from conectar.chat.flows.money import run_pending
from conectar.chat.models import DisputaEvidencia, DisputaMensaje
from conectar.chat.schemas import (
    DisputaCreate,
    DisputaMensajeRead,
    DisputaRead,
    DisputaResolve,
    EvidenciaRead,
)
from conectar.chat.trabajos import apply, locked_trabajo
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.downloads import open_stream
from conectar.platform.errors import BusinessRuleError, Forbidden, NotFound
from conectar.platform.security import Principal
from conectar.platform.uploads import check_document, sha256_hex


def _actor(principal: Principal, *, cliente_id: uuid.UUID, profesional_id: uuid.UUID) -> sm.Actor:
    if principal.user_id == cliente_id:
        return sm.Actor.CLIENTE
    if principal.user_id == profesional_id:
        return sm.Actor.PROFESIONAL
    raise Forbidden("Esta disputa no es tuya")


async def open_dispute(ctx: ServiceContext, principal: Principal, body: DisputaCreate) -> DisputaRead:
    """A party opens a dispute: the trabajo's ``abrir_disputa`` transition, whose action makes it."""
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, body.trabajo_id)
        actor = _actor(principal, cliente_id=t.cliente_id, profesional_id=t.profesional_id)
        nueva = NuevaDisputa(abierta_por=principal.user_id, tipo=body.tipo, descripcion=body.descripcion)
        await apply(ctx, session, t, "abrir_disputa", actor, motivo=body.descripcion, disputa=nueva)
        disputa = await repo.disputa(session, nueva.id)
        assert disputa is not None
        cited = await cite_in_disputa(session, disputa.id, t.chat_id, body.adjuntos)
        return disputa_read(disputa).model_copy(update={"adjuntos": cited})


async def withdraw(ctx: ServiceContext, principal: Principal, disputa_id: uuid.UUID) -> DisputaRead:
    async with ctx.db.session() as session:
        disputa = await visible(session, principal, disputa_id)
        if disputa.abierta_por != principal.user_id:
            raise Forbidden("Solo quien abrió la disputa puede retirarla")
        t = await locked_trabajo(session, disputa.trabajo_id)
        locked = await repo.disputa(session, disputa_id, lock=True)
        assert locked is not None
        if locked.estado != ABIERTA:
            raise BusinessRuleError("La disputa ya está cerrada")
        actor = _actor(principal, cliente_id=t.cliente_id, profesional_id=t.profesional_id)
        await apply(ctx, session, t, "retirar_disputa", actor)
        locked.estado = "CANCELADA"
        locked.fecha_resolucion = utcnow()
        return disputa_read(locked)


async def resolve(
    ctx: ServiceContext, admin: audit.Actor, disputa_id: uuid.UUID, body: DisputaResolve
) -> DisputaRead:
    async with ctx.db.session(write=False) as session:
        found = await repo.disputa(session, disputa_id)
    if found is None:
        raise NotFound("Disputa no encontrada")
    payout = None
    if body.favorece_a == "PROFESIONAL":
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, found.trabajo_id)
        disputa = await repo.disputa(session, disputa_id, lock=True)
        assert disputa is not None
        if disputa.estado != ABIERTA:
            raise BusinessRuleError("La disputa ya está cerrada")
        name = (
            "resolver_a_favor_profesional" if body.favorece_a == "PROFESIONAL" else "resolver_a_favor_cliente"
        )
        await apply(
            ctx,
            session,
            t,
            name,
            sm.Actor.ADMIN,
            facts=sm.Facts(now=utcnow(), payout_account=payout),
            motivo=body.resolucion,
            inline=True,
        )
        await settle(
            ctx,
            session,
            t,
            disputa,
            favorece_a=body.favorece_a,
            resolucion=body.resolucion,
            resuelta_por=admin.user_id,
        )
        await ctx.audit.record(
            session,
            admin,
            accion=RESOLVE_ACTION,
            recurso="disputa",
            recurso_id=disputa.id,
            detalle={"favorece_a": body.favorece_a, "trabajo_id": str(t.id)},
        )
        read = disputa_read(disputa)
    await run_pending(ctx, found.trabajo_id)
    return read


async def add_message(
    ctx: ServiceContext, principal: Principal, disputa_id: uuid.UUID, texto: str
) -> DisputaMensajeRead:
    async with ctx.db.session() as session:
        disputa = await visible(session, principal, disputa_id)
        if disputa.estado != ABIERTA:
            raise BusinessRuleError("La disputa ya está cerrada")
        mensaje = DisputaMensaje(
            disputa_id=disputa.id,
            autor_id=principal.user_id,
            autor_rol=principal.rol.value,
            texto=texto,
            fecha_creacion=utcnow(),
        )
        session.add(mensaje)
        await session.flush()
        return DisputaMensajeRead.model_validate(mensaje, from_attributes=True)


async def add_evidence(
    ctx: ServiceContext, principal: Principal, disputa_id: uuid.UUID, *, filename: str, data: bytes
) -> EvidenciaRead:
    sniffed = await check_document(data, label="La evidencia")
    if sniffed is None:
        raise BusinessRuleError("La evidencia debe ser un PDF, JPEG o PNG")
    content_type, extension = sniffed
    async with ctx.db.session(write=False) as session:
        await _ensure_room_for_evidence(session, principal, disputa_id)
    evidence_id = uuid.uuid4()
    key = f"disputas/{disputa_id}/{evidence_id}.{extension}"
    await ctx.storage.put(key, data, content_type, public=False)
    try:
        async with ctx.db.session() as session:
            # Checked again under the dispute's row lock: two files sent at once both passed the check
            # above before either was recorded (a dispute with 9 ended with 11), or the dispute was closed
            # meanwhile. A refused file is deleted.
            await _ensure_room_for_evidence(session, principal, disputa_id, lock=True)
            evidencia = DisputaEvidencia(
                id=evidence_id,
                disputa_id=disputa_id,
                autor_id=principal.user_id,
                nombre_archivo=(filename or f"evidencia.{extension}")[:255],
                content_type=content_type,
                tamano_bytes=len(data),
                sha256=sha256_hex(data),
                storage_key=key,
                fecha_creacion=utcnow(),
            )
            session.add(evidencia)
            await session.flush()
            return EvidenciaRead.model_validate(evidencia, from_attributes=True)
    except BaseException:
        with contextlib.suppress(Exception):  # the refusal is the answer, not a failed clean-up
            await ctx.storage.delete(key, public=False)
        raise


async def _ensure_room_for_evidence(
    session: AsyncSession, principal: Principal, disputa_id: uuid.UUID, *, lock: bool = False
) -> None:
    """The caller may add evidence to the dispute now: it is theirs (or staff's), open, and has fewer than
    ``EVIDENCE_MAX_FILES`` (``lock``: the dispute's row stays locked until the unit of work ends)."""
    disputa = await visible(session, principal, disputa_id, lock=lock)
    if disputa.estado != ABIERTA:
        raise BusinessRuleError("La disputa ya está cerrada")
    if await repo.count_evidencias(session, disputa_id) >= EVIDENCE_MAX_FILES:
        raise BusinessRuleError(f"Se permiten hasta {EVIDENCE_MAX_FILES} archivos por disputa")


async def evidence_file(
    ctx: ServiceContext,
    principal: Principal,
    disputa_id: uuid.UUID,
    evidencia_id: uuid.UUID,
    *,
    staff: audit.Actor | None = None,
) -> tuple[DisputaEvidencia, AsyncIterator[bytes]]:
    """An evidence file for a party of the dispute or an ADMIN (``staff``: the admin's view is recorded in
    the staff audit trail, committed before any byte is streamed)."""
    async with ctx.db.session(write=False) as session:
        disputa = await visible(session, principal, disputa_id)
        evidencia = await session.get(DisputaEvidencia, evidencia_id)
    if evidencia is None or evidencia.disputa_id != disputa_id:
        raise NotFound("Evidencia no encontrada")
    body = await open_stream(ctx.storage, evidencia.storage_key, public=False)
    is_party = principal.user_id in (disputa.cliente_id, disputa.profesional_id)
    if staff is not None and not is_party:
        try:
            async with ctx.db.session() as session:
                await ctx.audit.record(
                    session,
                    staff,
                    accion=EVIDENCE_VIEW_ACTION,
                    recurso="disputa",
                    recurso_id=disputa_id,
                    detalle={"evidencia_id": str(evidencia.id), "trabajo_id": str(disputa.trabajo_id)},
                )
        except BaseException:
            close = getattr(body, "aclose", None)
            if close is not None:
                await close()
            raise
    return evidencia, body
