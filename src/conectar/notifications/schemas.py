"""Request and response models of the notifications service (SPEC §8)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, StringConstraints, field_validator

from conectar.notifications.catalog import CONFIGURABLE, KINDS, Tipo
from conectar.notifications.models import Notification


class NotificacionRead(BaseModel):
    id: uuid.UUID
    usuario_id: uuid.UUID
    tipo: str
    titulo: str
    mensaje: str
    url: str | None = Field(description="Dónde verlo (el trabajo, el chat…), si corresponde.")
    datos: dict[str, Any] = Field(description="Ids relacionados: trabajo_id, chat_id, oferta_id…")
    leida: bool
    fecha_leida: datetime | None
    contador: int = Field(description="Cuántos avisos agrupa (mensajes de un mismo chat).")
    fecha_creacion: datetime
    fecha_actualizacion: datetime


def notification_read(row: Notification) -> NotificacionRead:
    return NotificacionRead(
        id=row.id,
        usuario_id=row.user_id,
        tipo=row.tipo,
        titulo=row.titulo,
        mensaje=row.mensaje,
        url=row.url,
        datos=dict(row.datos or {}),
        leida=row.leida,
        fecha_leida=row.fecha_leida,
        contador=row.contador,
        fecha_creacion=row.fecha_creacion,
        fecha_actualizacion=row.fecha_actualizacion,
    )


class NotificacionPage(BaseModel):
    notificaciones: list[NotificacionRead]
    total: int
    no_leidas: int
    page: int
    limit: int
    totalPages: int


class Contador(BaseModel):
    count: int


class LeerTodasResponse(BaseModel):
    message: str
    success: bool = True
    actualizadas: int


class MessageResponse(BaseModel):
    message: str
    success: bool = True


class Canales(BaseModel):
    email: bool
    push: bool
    in_app: bool


class CanalesUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: bool | None = None
    push: bool | None = None
    in_app: bool | None = Field(default=None, validation_alias=AliasChoices("in_app", "in-app"))


class TipoInfo(BaseModel):
    tipo: str
    descripcion: str


class PreferenciasRead(BaseModel):
    preferencias: dict[str, Canales]
    tipos: list[TipoInfo]
    canales: list[str] = ["email", "push", "in_app"]


class PreferenciasUpdate(BaseModel):
    """Cambios parciales: solo los tipos y canales que vienen se cambian."""

    preferencias: dict[Tipo, CanalesUpdate]

    @field_validator("preferencias")
    @classmethod
    def _configurable(cls, value: dict[Tipo, CanalesUpdate]) -> dict[Tipo, CanalesUpdate]:
        fixed = [tipo.value for tipo in value if tipo not in CONFIGURABLE]
        if fixed:
            raise ValueError(f"no se pueden desactivar: {', '.join(fixed)}")
        return value


def tipos_configurables() -> list[TipoInfo]:
    return [TipoInfo(tipo=tipo.value, descripcion=KINDS[tipo].descripcion) for tipo in CONFIGURABLE]


Token = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=4096)]


class DispositivoRegistro(BaseModel):
    token: Token
    device_type: Literal["android", "ios", "web"]

    @field_validator("device_type", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value


class DispositivoBaja(BaseModel):
    token: Token


class IntentoRead(BaseModel):
    numero: int
    inicio: datetime
    fin: datetime
    duracion_ms: int
    resultado: str
    error: str | None


class EntregaRead(BaseModel):
    """An outbound delivery as an operator sees it (no address, no content)."""

    id: uuid.UUID
    notificacion_id: uuid.UUID
    usuario_id: uuid.UUID
    tipo: str
    canal: str
    estado: str
    intentos: int
    agrupados: int
    proximo_intento: datetime | None
    ultimo_error: str | None
    enviado: datetime | None
    fecha_creacion: datetime
    historial: list[IntentoRead]


class EntregaPage(BaseModel):
    entregas: list[EntregaRead]
    total: int
    page: int
    limit: int
    totalPages: int
