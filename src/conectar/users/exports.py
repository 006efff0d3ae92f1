"""A person's data export (SPEC §14): every service's part, gathered in the background into one zip.

``POST /users/me/exportar`` records the export and enqueues its job in the same unit of work (one per
person per 24 hours). The job asks each service for its part (``GET /internal/v1/personal-data/{id}/export``,
a zip of ``<service>.json`` and the person's files), counting progress as it goes, merges them with a
README in Spanish, stores the result privately and keeps it for 7 days; only its owner can download it.
A service that does not answer makes the job retry with backoff; once the attempts are spent the export
is FALLIDA (and does not count against the daily allowance).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import datetime, timedelta

from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES
from conectar.users.models import DataExport
from conectar.users.schemas import ExportRead

QUEUE = "exportar-datos"
PENDIENTE, LISTA, FALLIDA, VENCIDA = "PENDIENTE", "LISTA", "FALLIDA", "VENCIDA"
ONE_PER = timedelta(hours=24)
KEEP_FOR = timedelta(days=7)
MAX_ATTEMPTS = 8


def file_key(user_id: uuid.UUID, export_id: uuid.UUID) -> str:
    """Where an export's zip is stored: known from the export alone, so that a zip stored by a run that
    could not record it (it failed right after) is still found and erased."""
    return f"exports/{user_id}/{export_id}.zip"


SERVICE_FILES = {
    "auth": "tu cuenta: e-mail, nombre, rol, fechas y las sesiones iniciadas",
    "users": "tu perfil: nombre, apellido, teléfono, foto y estado de la cuenta",
    "professionals": "tu perfil profesional, oficios, servicios, portfolio, verificación de identidad "
    "(datos y documentos), favoritos y nivel",
    "chat": "tus conversaciones y los mensajes que escribiste, ofertas, trabajos, reseñas y disputas",
    "payments": "pagos, movimientos de tu saldo y retiros",
    "notifications": "tus notificaciones, preferencias y dispositivos registrados",
}


def export_read(row: DataExport) -> ExportRead:
    return ExportRead(
        id=row.id,
        estado=row.estado,
        servicios_listos=row.services_done,
        servicios_total=len(PERSONAL_DATA_SERVICES),
        fecha_creacion=row.fecha_creacion,
        fecha_expiracion=row.expires_at,
    )


def readme(user_id: uuid.UUID, fecha_creacion: datetime) -> str:
    lines = [
        "COPIA DE TUS DATOS — ConectarProfesionales",
        "",
        f"Generada el {fecha_creacion:%d/%m/%Y %H:%M} (UTC) para la cuenta {user_id}.",
        "Ley 25.326 de Protección de los Datos Personales: este archivo reúne lo que la plataforma guarda",
        "sobre vos. Cada parte de la plataforma responde por lo suyo:",
        "",
    ]
    lines += [f"- {name}.json: {SERVICE_FILES[name]}." for name in PERSONAL_DATA_SERVICES]
    lines += [
        "",
        "La carpeta archivos/ tiene los archivos que subiste (documentos, fotos, adjuntos), ordenados por",
        "la parte de la plataforma que los guarda.",
        "",
        "Las fechas están en UTC (ISO 8601) y los importes en pesos argentinos.",
        "Este archivo se borra de nuestros servidores a los 7 días. Guardalo en un lugar seguro: tiene",
        "datos personales. Para corregir o eliminar tus datos, entrá a Mi cuenta.",
    ]
    return "\n".join(lines) + "\n"


def merge(parts: list[bytes], readme_text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEEME.txt", readme_text)
        for part in parts:
            with zipfile.ZipFile(io.BytesIO(part)) as source:
                for info in source.infolist():
                    archive.writestr(info.filename, source.read(info))
    return buffer.getvalue()
