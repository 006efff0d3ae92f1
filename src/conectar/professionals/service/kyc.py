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
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import UploadFile

from conectar.platform.errors import BusinessRuleError
from conectar.platform.uploads import check_document, read_limited
from conectar.professionals.domain import (
    KYC_MAX_BYTES,
    KYC_MAX_FILES,
    KYC_UPLOAD_ALLOWED_FROM,
    EstadoVerificacion,
)
from conectar.professionals.models import KycDocumento, ProfessionalProfile
from conectar.professionals.schemas import KycDocumentRead, KycPendiente

_UNSAFE = re.compile(r"[^\w.\- ()]+")


def upload_refusal(estado: str) -> str | None:
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
class CheckedFile:
    name: str
    content_type: str
    extension: str
    data: bytes


async def check_files(files: Sequence[UploadFile]) -> list[CheckedFile]:
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
            CheckedFile(clean_filename(upload.filename, index, extension), content_type, extension, data)
        )
    return checked


def pendiente_read(profile: ProfessionalProfile, docs: Sequence[KycDocumento]) -> KycPendiente:
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
