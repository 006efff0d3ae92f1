"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence

import structlog
from fastapi import UploadFile

from conectar.contracts.events import KycApproved, KycRejected, KycSubmitted
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow
from conectar.platform.downloads import open_stream
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.uploads import sha256_hex
from conectar.professionals import repository as repo
from conectar.professionals import search_index
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.models import KycDocumento, ProfessionalProfile
from conectar.professionals.schemas import KycDecision, KycPendiente, KycStatus, KycUploadResult
from conectar.professionals.service.kyc import (
    CheckedFile,
    check_files,
    document_read,
    pendiente_read,
    upload_refusal,
)
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL

log = structlog.get_logger(__name__)


async def upload(ctx: ServiceContext, usuario_id: uuid.UUID, files: Sequence[UploadFile]) -> KycUploadResult:
    async with own_profile(ctx, usuario_id) as (_, profile):
        refusal = upload_refusal(profile.estado_verificacion)
    if refusal:
        raise BusinessRuleError(refusal)
    checked = await check_files(files)
    stored: list[tuple[uuid.UUID, str, CheckedFile]] = []
    try:
        for item in checked:
            doc_id = uuid.uuid4()
            key = f"kyc/{profile.id}/{doc_id}.{item.extension}"
            await ctx.storage.put(key, item.data, item.content_type, public=False)
            stored.append((doc_id, key, item))
        async with ctx.db.session() as session:
            locked = await repo.profile_by_user(session, usuario_id, lock=True)
            assert locked is not None
            refusal = upload_refusal(locked.estado_verificacion)
            if refusal:
                raise BusinessRuleError(refusal)
            envio = await repo.last_kyc_envio(session, locked.id) + 1
            now = utcnow()
            for doc_id, key, item in stored:
                session.add(
                    KycDocumento(
                        id=doc_id,
                        profesional_id=locked.id,
                        envio=envio,
                        nombre_archivo=item.name,
                        content_type=item.content_type,
                        tamano_bytes=len(item.data),
                        sha256=sha256_hex(item.data),
                        storage_key=key,
                        fecha_creacion=now,
                    )
                )
            locked.estado_verificacion = EstadoVerificacion.EN_REVISION
            locked.kyc_enviado_at = now
            locked.kyc_revisado_at = None
            locked.kyc_motivo_rechazo = None
            locked.fecha_actualizacion = now
            await ctx.outbox.add(
                session, KycSubmitted(profesional_id=locked.id, user_id=usuario_id, documentos=len(stored))
            )
            await search_index.sync(session, locked)
    except BaseException:
        for _, key, _ in stored:
            try:
                await ctx.storage.delete(key, public=False)
            except Exception as exc:  # the refusal matters more than a leftover private file
                log.warning("kyc_cleanup_failed", error=type(exc).__name__)
        raise
    return KycUploadResult(
        message="Documentación recibida: la revisaremos a la brevedad",
        estado_verificacion=EstadoVerificacion.EN_REVISION,
        documentos=len(stored),
    )


async def status(ctx: ServiceContext, usuario_id: uuid.UUID) -> KycStatus:
    async with own_profile(ctx, usuario_id) as (session, profile):
        docs = await repo.kyc_documents(session, profile.id)
    return KycStatus(
        estado_verificacion=profile.estado_verificacion,
        motivo_rechazo=profile.kyc_motivo_rechazo,
        fecha_envio=profile.kyc_enviado_at,
        fecha_revision=profile.kyc_revisado_at,
        documentos=[document_read(d) for d in docs],
    )


async def pending(ctx: ServiceContext) -> list[KycPendiente]:
    """Professionals waiting for review, the longest waiting first."""
    async with ctx.db.session(write=False) as session:
        queue = await repo.kyc_queue(session)
        docs = await repo.kyc_documents_of_many(session, [p.id for p in queue])
    return [pendiente_read(p, docs[p.id]) for p in queue]


async def review_detail(ctx: ServiceContext, profile_id: uuid.UUID) -> KycPendiente:
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_id(session, profile_id)
        if profile is None:
            raise NotFound(NOT_A_PROFESSIONAL)
        return pendiente_read(profile, await repo.kyc_documents(session, profile.id))


async def _decide(
    ctx: ServiceContext, profile_id: uuid.UUID, motivo: str | None, actor: Actor
) -> ProfessionalProfile:
    """Approve (no motivo) or reject (with one) a documentation in review, publish and record the
    decision."""
    async with ctx.db.session() as session:
        profile = await repo.profile_by_id(session, profile_id, lock=True)
        if profile is None or profile.eliminado_at is not None:
            raise NotFound(NOT_A_PROFESSIONAL)
        if profile.estado_verificacion != EstadoVerificacion.EN_REVISION:
            verb = "aprobar" if motivo is None else "rechazar"
            raise BusinessRuleError(f"Sólo se puede {verb} una documentación en revisión")
        now = utcnow()
        profile.estado_verificacion = (
            EstadoVerificacion.APROBADO if motivo is None else EstadoVerificacion.RECHAZADO
        )
        profile.kyc_revisado_at = now
        profile.kyc_motivo_rechazo = motivo
        profile.fecha_actualizacion = now
        decision = (
            KycApproved(profesional_id=profile.id, user_id=profile.usuario_id)
            if motivo is None
            else KycRejected(profesional_id=profile.id, user_id=profile.usuario_id, motivo=motivo)
        )
        await ctx.outbox.add(session, decision)
        await search_index.sync(session, profile)
        detalle: dict[str, str] = {"estado": profile.estado_verificacion}
        if motivo is not None:
            detalle["motivo"] = motivo
        await ctx.audit.record(
            session,
            actor,
            accion="kyc.aprobar" if motivo is None else "kyc.rechazar",
            recurso="profesional",
            recurso_id=profile.id,
            detalle=detalle,
        )
    return profile


async def approve(ctx: ServiceContext, profile_id: uuid.UUID, actor: Actor) -> KycDecision:
    profile = await _decide(ctx, profile_id, None, actor)
    return KycDecision(
        message="Profesional aprobado", id=profile.id, estado_verificacion=profile.estado_verificacion
    )


async def reject(ctx: ServiceContext, profile_id: uuid.UUID, motivo: str, actor: Actor) -> KycDecision:
    profile = await _decide(ctx, profile_id, motivo, actor)
    return KycDecision(
        message="Documentación rechazada", id=profile.id, estado_verificacion=profile.estado_verificacion
    )


async def open_document(
    ctx: ServiceContext, profile_id: uuid.UUID, doc_id: uuid.UUID, actor: Actor
) -> tuple[KycDocumento, AsyncIterator[bytes]]:
    """The document's metadata and its bytes; NotFound (before any byte is sent, and nothing recorded) when
    either is missing. The view is recorded and committed before the caller streams the first byte."""
    async with ctx.db.session(write=False) as session:
        doc = await repo.kyc_document(session, profile_id, doc_id)
    if doc is None:
        raise NotFound("Documento no encontrado")
    body = await open_stream(ctx.storage, doc.storage_key, public=False)
    async with ctx.db.session() as session:
        await ctx.audit.record(
            session,
            actor,
            accion="kyc.documento.ver",
            recurso="profesional",
            recurso_id=profile_id,
            detalle={"documento_id": str(doc.id), "envio": doc.envio},
        )
    return doc, body
