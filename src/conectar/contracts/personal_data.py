"""What the services agree on about personal data (SPEC §14): who takes part in an export or a deletion,
how a deleted person is shown, and the internal shapes of the audit trail and of deletion blockers."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel

# Every service that holds something about a person: each exports its part and erases it on deletion.
PERSONAL_DATA_SERVICES: tuple[str, ...] = (
    "auth",
    "users",
    "professionals",
    "chat",
    "payments",
    "notifications",
)

# The services whose data can refuse a deletion (an open trabajo or dispute, money not yet paid out). Only
# they are asked before a deletion starts, so a deletion can start while another service is down (that
# one erases its part when it comes back).
DELETION_GATEKEEPERS: tuple[str, ...] = ("chat", "payments")

# A deleted person keeps their id (the pseudonym that payments and the ledger stay tied to); their name
# becomes this everywhere it is shown ("Nombre Apellido" reads "Usuario eliminado").
DELETED_NOMBRE = "Usuario"
DELETED_APELLIDO = "eliminado"
DELETED_DISPLAY_NAME = f"{DELETED_NOMBRE} {DELETED_APELLIDO}"
DELETED_EMAIL_DOMAIN = "eliminado.conectarprofesionales.com.ar"


def pseudonymous_email(user_id: uuid.UUID) -> str:
    """The address a deleted account keeps so that unique columns stay unique and the real address can
    be registered again."""
    return f"eliminado-{user_id.hex}@{DELETED_EMAIL_DOMAIN}"


def is_pseudonymous_email(email: str) -> bool:
    return email.endswith("@" + DELETED_EMAIL_DOMAIN)


class DeletionBlockers(BaseModel):
    """``GET /internal/v1/personal-data/{user_id}/blockers``: why the person cannot be deleted now
    (empty when nothing stands in the way). Each reason is shown to the person, in Spanish."""

    bloqueos: list[str]


class AuditRecord(BaseModel):
    """One staff action as a service recorded it (``GET /internal/v1/audit``)."""

    id: uuid.UUID
    servicio: str
    actor_id: uuid.UUID | None
    accion: str
    recurso: str
    recurso_id: str | None
    detalle: dict[str, Any]
    ip: str | None
    fecha: datetime


class AuditRecords(BaseModel):
    entradas: list[AuditRecord]
    total: int


# Every staff action a service records (``accion``), with how the staff audit page names it. A service
# records only actions listed here (a test checks every recorded action against this table).
AUDIT_ACTIONS: dict[str, str] = {
    # professionals
    "kyc.aprobar": "Aprobó la verificación de identidad",
    "kyc.rechazar": "Rechazó la verificación de identidad",
    "kyc.documento.ver": "Abrió un documento de identidad",
    "kyc.documentos.borrar": "Borró documentos de identidad vencidos",
    "oficio.crear": "Creó un oficio",
    "oficio.editar": "Editó un oficio",
    "oficio.activar": "Activó un oficio",
    "oficio.desactivar": "Desactivó un oficio",
    "servicio_instant.crear": "Creó un servicio instantáneo",
    "servicio_instant.editar": "Editó un servicio instantáneo",
    "servicio_instant.activar": "Activó un servicio instantáneo",
    "servicio_instant.desactivar": "Desactivó un servicio instantáneo",
    # users
    "usuario.suspender": "Suspendió una cuenta",
    "usuario.reactivar": "Reactivó una cuenta",
    "usuario.eliminar": "Eliminó una cuenta",
    # chat
    "disputa.resolver": "Resolvió una disputa",
    "disputa.evidencia.ver": "Abrió una evidencia de disputa",
    "trabajo.cancelar": "Canceló un trabajo",
    "trabajo.simular_pago": "Simuló un pago (sandbox)",
    "chat.desbloquear": "Levantó un bloqueo de chat",
    "chat.conversacion.ver": "Leyó una conversación",
    "chat.adjunto.ver": "Abrió un archivo de una conversación",
    "trabajo.dinero.reintentar": "Volvió a pedir un movimiento de dinero",
    "trabajo.dinero.resolver": "Resolvió un movimiento de dinero rechazado",
    # payments
    "retiro.aprobar": "Aprobó un retiro",
    "retiro.rechazar": "Rechazó un retiro",
    "retiro.fallido": "Marcó un retiro como no acreditado (transferencia rebotada)",
    "retiros.lote.crear": "Armó un lote de transferencias de retiros",
    "retiros.lote.pagar": "Marcó pagado un lote de retiros con su referencia bancaria",
    "pagos.conciliar": "Pidió una conciliación con el proveedor de pagos",
    # notifications
    "mailbox.leer": "Leyó el buzón de desarrollo",
    "mailbox.vaciar": "Vació el buzón de desarrollo",
}

# Every service with a database keeps its own staff audit trail; the merged view asks them all.
AUDITED_SERVICES: tuple[str, ...] = PERSONAL_DATA_SERVICES
