"""KYC: identity documents, reviewed by an admin.

``PENDIENTE → EN_REVISION`` (upload) ``→ APROBADO | RECHAZADO`` (admin); a rejected professional may upload
again. Documents are stored privately and only ever streamed to admins.

Staff audit (SPEC §14): every ``kyc.*`` entry names the professional's profile (``recurso`` "profesional",
``recurso_id`` the profile id), so the KYC screen's "último acceso por staff" is one lookup by profile id;
a document opened adds ``documento_id``. A decision is recorded in its own unit of work; a document view is
committed after the document was found and before its first byte is sent. Nothing is recorded for a refusal.
Documents of rejected or deleted professionals are erased after a period by ``retention``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import structlog
from fastapi import UploadFile

from conectar.contracts.events import KycApproved, KycRejected, KycSubmitted
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow
from conectar.platform.downloads import open_stream
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.uploads import check_document, read_limited, sha256_hex
from conectar.professionals import repository as repo
from conectar.professionals import search_index
from conectar.professionals.domain import (
    KYC_MAX_BYTES,
    KYC_MAX_FILES,
    KYC_UPLOAD_ALLOWED_FROM,
    EstadoVerificacion,
)
from conectar.professionals.models import KycDocumento, ProfessionalProfile
from conectar.professionals.schemas import (
    KycDecision,
    KycDocumentRead,
    KycPendiente,
    KycStatus,
    KycUploadResult,
)
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL, own_profile

log = structlog.get_logger(__name__)

_UNSAFE = re.compile(r"[^\w.\- ()]+")


def _refusal(estado: str) -> str | None:
    if estado == EstadoVerificacion.EN_REVISION:
        return "Tu documentación ya está en revisión"
    if estado == EstadoVerificacion.APROBADO:
        return "Tu identidad ya fue verificada"
    if estado not in KYC_UPLOAD_ALLOWED_FROM:
        return "No podés enviar documentación en este estado"
    return None


def clean_filename(raw: str | None, index: int, extension: str) -> str:
    """A display name for a document: the uploader's base name without path or control characters."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")[:200]
    return name or f"documento-{index}.{extension}"


def document_read(doc: KycDocumento) -> KycDocumentRead:
    return KycDocumentRead(
        id=doc.id,
        nombre_archivo=doc.nombre_archivo,
        content_type=doc.content_type,
        tamano_bytes=doc.tamano_bytes,
        sha256=doc.sha256,
        envio=doc.envio,
        fecha_creacion=doc.fecha_creacion,
    )


@dataclass(frozen=True)
class _Checked:
    name: str
    content_type: str
    extension: str
    data: bytes


async def _check_files(files: Sequence[UploadFile]) -> list[_Checked]:
    if not files:
        raise BusinessRuleError("Subí al menos un documento")
    if len(files) > KYC_MAX_FILES:
        raise BusinessRuleError(f"Podés subir hasta {KYC_MAX_FILES} documentos por envío")
    checked = []
    for index, upload in enumerate(files, start=1):
        label = f"El archivo {clean_filename(upload.filename, index, 'bin')}"
        data = await read_limited(upload, KYC_MAX_BYTES, label=label)
        sniffed = await check_document(data, label=label)  # an image's size is read from its header
        if sniffed is None:
            raise BusinessRuleError(f"{label} no es un PDF, JPEG o PNG")
        content_type, extension = sniffed
        checked.append(
            _Checked(clean_filename(upload.filename, index, extension), content_type, extension, data)
        )
    return checked


async def upload(ctx: ServiceContext, usuario_id: uuid.UUID, files: Sequence[UploadFile]) -> KycUploadResult:
    async with own_profile(ctx, usuario_id) as (_, profile):
        refusal = _refusal(profile.estado_verificacion)
    if refusal:
        raise BusinessRuleError(refusal)
    checked = await _check_files(files)
    stored: list[tuple[uuid.UUID, str, _Checked]] = []
    try:
        for item in checked:
            doc_id = uuid.uuid4()
            key = f"kyc/{profile.id}/{doc_id}.{item.extension}"
            await ctx.storage.put(key, item.data, item.content_type, public=False)
            stored.append((doc_id, key, item))
        async with ctx.db.session() as session:
            locked = await repo.profile_by_user(session, usuario_id, lock=True)
            assert locked is not None
            refusal = _refusal(locked.estado_verificacion)
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


def _pendiente(profile: ProfessionalProfile, docs: Sequence[KycDocumento]) -> KycPendiente:
    return KycPendiente(
        id=profile.id,
        usuario_id=profile.usuario_id,
        email=profile.email,
        nombre=profile.nombre,
        apellido=profile.apellido,
        fecha_creacion=profile.fecha_creacion,
        estado_verificacion=profile.estado_verificacion,
        fecha_envio=profile.kyc_enviado_at,
        documentos=[document_read(d) for d in docs],
    )


async def pending(ctx: ServiceContext) -> list[KycPendiente]:
    """Professionals waiting for review, the longest waiting first."""
    async with ctx.db.session(write=False) as session:
        queue = await repo.kyc_queue(session)
        docs = await repo.kyc_documents_of_many(session, [p.id for p in queue])
    return [_pendiente(p, docs[p.id]) for p in queue]


async def review_detail(ctx: ServiceContext, profile_id: uuid.UUID) -> KycPendiente:
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_id(session, profile_id)
        if profile is None:
            raise NotFound(NOT_A_PROFESSIONAL)
        return _pendiente(profile, await repo.kyc_documents(session, profile.id))


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
