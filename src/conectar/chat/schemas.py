"""Request and response models of the chat & offers service (SPEC §4, §5)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text2000 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class ChatCreate(BaseModel):
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID


class ChatRead(BaseModel):
    id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_nombre: str
    profesional_nombre: str
    last_message: str | None
    last_message_time: datetime | None
    unread_count: int
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class MyChats(BaseModel):
    chats: list[ChatRead]
    total_unread: int


class MessageSend(BaseModel):
    chat_id: uuid.UUID
    text: Text2000


class MessageRead(BaseModel):
    id: uuid.UUID
    chat_id: uuid.UUID
    sender_id: uuid.UUID | None
    sender_nombre: str
    text: str
    tipo: Literal["texto", "oferta", "sistema"]
    oferta_id: uuid.UUID | None
    timestamp: datetime
    read: bool


class UnreadCount(BaseModel):
    unread_count: int = Field(description="Mensajes sin leer (el nombre original de este campo)")
    count: int
    total_unread: int


class MarkRead(BaseModel):
    chat_id: uuid.UUID
    marked: int


class OfertaCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    cliente_id: uuid.UUID
    chat_id: uuid.UUID
    descripcion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]
    precio_final: Annotated[Decimal, Field(ge=Decimal("100"), le=Decimal("10000000"), decimal_places=2)]


class OfertaRead(BaseModel):
    id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    chat_id: uuid.UUID
    descripcion: str
    precio_final: Decimal
    estado: str
    fecha_expiracion: datetime
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class AcceptResponse(BaseModel):
    oferta: OfertaRead | None
    trabajo_id: uuid.UUID
    payment_preference_id: str | None
    payment_url: str | None
    mensaje: str


class InstantHire(BaseModel):
    """Whom to hire a catalog service from (a service a professional published needs no body)."""

    profesional_id: uuid.UUID = Field(
        description="El profesional: su id de usuario (`usuario_id` en `GET /servicios`) o el de su perfil "
        "(`profesional_id` en `GET /servicios`, `id` en la búsqueda y el perfil público)"
    )


class PaymentLink(BaseModel):
    trabajo_id: uuid.UUID
    payment_preference_id: str | None
    payment_url: str | None


class TrabajoRead(BaseModel):
    id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    chat_id: uuid.UUID
    oferta_id: uuid.UUID | None
    servicio_instant_id: uuid.UUID | None
    servicio_publicado_id: uuid.UUID | None = Field(
        default=None, description="El servicio que el profesional publicó, si se contrató uno de esos"
    )
    descripcion: str
    precio_final: Decimal
    comision_plataforma: Decimal | None
    monto_liberado: Decimal | None
    estado_escrow: str
    mercadopago_payment_id: str | None
    fecha_completado: datetime | None
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class MovimientoDineroRead(BaseModel):
    """A money movement asked of the payments service for a trabajo, and what came of it."""

    id: uuid.UUID
    tipo: Literal["pago", "liberacion", "reembolso"]
    estado: Literal["pendiente", "hecho", "rechazado", "reemplazado"]
    motivo: str | None = Field(
        description="El rechazo del servicio de pagos, o el último error mientras se reintenta"
    )
    codigo_http: int | None = Field(
        description="La respuesta del servicio de pagos al rechazarlo; null si no respondió tras todos "
        "los intentos"
    )
    veces_pedido: int
    fecha_creacion: datetime
    fecha_actualizacion: datetime
    fecha_rechazo: datetime | None
    fecha_realizado: datetime | None
    resolucion: str | None
    resuelto_por: uuid.UUID | None
    fecha_resolucion: datetime | None


class TrabajoAdminRead(TrabajoRead):
    """A trabajo as staff see it: with its money movements."""

    motivo_cierre: str | None
    movimientos: list[MovimientoDineroRead]


class DineroObservadoItem(TrabajoAdminRead):
    situacion: Literal["RECHAZADO", "DEMORADO"] = Field(
        description="RECHAZADO: pagos rechazó el movimiento y espera una decisión del equipo; DEMORADO: "
        "sigue en curso desde hace más de lo normal (se reintenta solo)"
    )


class DineroObservadoPage(BaseModel):
    trabajos: list[DineroObservadoItem]
    total: int
    page: int
    limit: int
    totalPages: int  # the API's pagination field name (as in /admin/users)


class DineroResolver(BaseModel):
    accion: Literal["LIBERAR", "REEMBOLSAR", "CERRAR"] = Field(
        description="LIBERAR: pedir la liberación al profesional (de nuevo, o en lugar del reintegro); "
        "REEMBOLSAR: pedir el reintegro al cliente (de nuevo, o en lugar de la liberación); CERRAR: dejar "
        "constancia de que se resolvió fuera de la plataforma (solo si el servicio de pagos ya no retiene "
        "el dinero)"
    )
    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=500)]


class DineroReintentar(BaseModel):
    motivo: Annotated[str | None, Field(max_length=500)] = None


class TrabajoPage(BaseModel):
    trabajos: list[TrabajoRead]
    total: int
    page: int
    limit: int


class CancelRequest(BaseModel):
    motivo: Annotated[str | None, Field(max_length=500)] = None


class ProfessionalCancelRequest(BaseModel):
    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=500)]


class ResenaCreate(BaseModel):
    rating: Annotated[int, Field(ge=1, le=5)]
    texto_resena: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""


class ResenaRead(BaseModel):
    id: uuid.UUID
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    rating: int
    texto_resena: str
    respuesta: str | None
    fecha_respuesta: datetime | None
    fecha_creacion: datetime


class ResenaItem(ResenaRead):
    """A review in the professional's own list: who wrote it, by name."""

    cliente_nombre: str


class ResenaCreated(BaseModel):
    resena: ResenaRead
    profesional_rating_promedio: Decimal
    profesional_total_resenas: int
    mensaje: str


class ResenaReply(BaseModel):
    respuesta: Text2000


TipoDisputa = Literal["CALIDAD_TRABAJO", "NO_REALIZADO", "INCUMPLIMIENTO_TIEMPO", "OTRO"]


class DisputaCreate(BaseModel):
    trabajo_id: uuid.UUID
    tipo: TipoDisputa
    descripcion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=2000)]


class DisputaRead(BaseModel):
    id: uuid.UUID
    trabajo_id: uuid.UUID
    abierta_por: uuid.UUID | None
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    tipo: str
    descripcion: str
    estado: str
    resolucion: str | None
    favorece_a: str | None
    fecha_resolucion: datetime | None
    fecha_creacion: datetime
    fecha_actualizacion: datetime


class DisputaResolve(BaseModel):
    resolucion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=2000)]
    favorece_a: Literal["CLIENTE", "PROFESIONAL"]


class DisputaMensajeCreate(BaseModel):
    texto: Text2000


class DisputaMensajeRead(BaseModel):
    id: uuid.UUID
    disputa_id: uuid.UUID
    autor_id: uuid.UUID
    autor_rol: str
    texto: str
    fecha_creacion: datetime


class EvidenciaRead(BaseModel):
    id: uuid.UUID
    disputa_id: uuid.UUID
    autor_id: uuid.UUID
    nombre_archivo: str
    content_type: str
    tamano_bytes: int
    sha256: str
    fecha_creacion: datetime


class ChatBanLiftedResponse(BaseModel):
    user_id: uuid.UUID
    infracciones_chat: int
    is_chat_banned: bool
