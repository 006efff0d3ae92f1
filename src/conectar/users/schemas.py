"""Request and response models of the users service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conectar.contracts.identity import UserRead

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Name | None = None
    apellido: Name | None = None
    telefono: Annotated[str | None, Field(max_length=40)] = None


class PasswordChange(BaseModel):
    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Annotated[str, Field(min_length=8, max_length=128)]


class MessageResponse(BaseModel):
    message: str
    success: bool = True


class UserPage(BaseModel):
    users: list[UserRead]
    total: int
    page: int
    limit: int
    totalPages: int


class UserMetrics(BaseModel):
    total_clientes: int
    total_profesionales: int
    total_pro_pendientes_kyc: int
    total_pro_aprobados: int


class BanResponse(BaseModel):
    message: str
    user: UserRead


class DeletionRequest(BaseModel):
    password: Annotated[str, Field(min_length=1, max_length=128)]


class StaffDeletionRequest(BaseModel):
    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=500)]


class DeletionRead(BaseModel):
    """A deletion saga and where it stands: which services have erased their part."""

    id: uuid.UUID
    usuario_id: uuid.UUID
    estado: Literal["EN_CURSO", "COMPLETADA"]
    solicitada_por: uuid.UUID
    motivo: str | None
    fecha_solicitud: datetime
    fecha_completada: datetime | None
    servicios_completados: list[str]
    servicios_pendientes: list[str]
    mensaje: str


class DeletionPage(BaseModel):
    eliminaciones: list[DeletionRead]
    total: int
    page: int
    limit: int
    totalPages: int


class ExportRead(BaseModel):
    id: uuid.UUID
    estado: Literal["PENDIENTE", "LISTA", "FALLIDA", "VENCIDA"]
    servicios_listos: int
    servicios_total: int
    fecha_creacion: datetime
    fecha_expiracion: datetime | None


class AuditEntry(BaseModel):
    id: uuid.UUID
    actor_id: uuid.UUID | None
    actor_email: str | None
    accion: str
    accion_descripcion: str
    recurso: str
    recurso_id: str | None
    detalle: dict[str, Any]
    ip: str | None
    fecha: datetime
    servicio: str


class AuditPage(BaseModel):
    entradas: list[AuditEntry]
    total: int
    page: int
    limit: int
    totalPages: int
