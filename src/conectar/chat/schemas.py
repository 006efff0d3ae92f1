"""Request and response models of the chat & offers service (SPEC §4, §5)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from conectar.chat.ventanas import MAX_WINDOW as MAX_FRANJA
from conectar.chat.ventanas import window_problem
from conectar.platform.dates import BoundedDateTime
from conectar.platform.db import utcnow

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


class AdjuntoRead(BaseModel):
    """A file sent in a conversation (SPEC §12): only its participants and staff can download it."""

    id: uuid.UUID
    nombre: str = Field(description="El nombre con que se descarga (la extensión es la del archivo guardado)")
    content_type: str = Field(
        description="Lo que se guardó: image/webp para las imágenes (re-codificadas sin metadatos) o "
        "application/pdf"
    )
    tamano: int = Field(description="Bytes del archivo guardado")
    url: str = Field(description="Descarga privada: `GET /api/v1/chat/adjuntos/{id}` con el token")
    thumbnail_url: str | None = Field(description="Miniatura (solo imágenes), privada como el archivo")


class MessageRead(BaseModel):
    id: uuid.UUID
    chat_id: uuid.UUID
    sender_id: uuid.UUID | None
    sender_nombre: str
    text: str
    tipo: Literal["texto", "oferta", "sistema", "adjunto"]
    oferta_id: uuid.UUID | None
    timestamp: datetime
    read: bool
    adjunto: AdjuntoRead | None = Field(
        default=None, description="El archivo, en los mensajes de tipo `adjunto` (su `text` es la leyenda)"
    )


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
    visita_desde: BoundedDateTime | None = Field(
        default=None, description="Comienzo de la visita propuesta (futuro; con `visita_hasta`, o ninguno)"
    )
    visita_hasta: BoundedDateTime | None = Field(
        default=None, description="Fin de la visita propuesta (posterior a `visita_desde`, hasta 12 horas)"
    )

    @model_validator(mode="after")
    def _window(self) -> OfertaCreate:
        problem = window_problem(self.visita_desde, self.visita_hasta, utcnow())
        if problem is not None:
            raise ValueError(problem)
        return self


class ReprogramarRequest(BaseModel):
    """A new visit window one party proposes; the other accepts or rejects it."""

    visita_desde: BoundedDateTime
    visita_hasta: BoundedDateTime
    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]

    @model_validator(mode="after")
    def _window(self) -> ReprogramarRequest:
        problem = window_problem(self.visita_desde, self.visita_hasta, utcnow())
        if problem is not None:
            raise ValueError(problem)
        return self


class ReprogramacionRead(BaseModel):
    """A new window for the visit, proposed and not answered yet."""

    visita_desde: datetime
    visita_hasta: datetime
    motivo: str
    propuesta_por: uuid.UUID = Field(
        description="Quién la propuso (id de usuario); la responde la otra parte"
    )
    fecha_propuesta: datetime


class OfertaRead(BaseModel):
    id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    chat_id: uuid.UUID
    descripcion: str
    precio_final: Decimal
    estado: str
    fecha_expiracion: datetime
    visita_desde: datetime | None = None
    visita_hasta: datetime | None = None
    fuera_de_horario: bool = Field(
        default=False,
        description="La visita propuesta cae fuera del horario semanal del profesional o en un día bloqueado "
        "(se permite, y se avisa)",
    )
    pedido_id: uuid.UUID | None = Field(default=None, description="El pedido de presupuesto que responde")
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
    visita_desde: datetime | None = Field(default=None, description="Comienzo de la visita acordada")
    visita_hasta: datetime | None = Field(default=None, description="Fin de la visita acordada")
    reprogramacion: ReprogramacionRead | None = Field(
        default=None, description="Un nuevo horario propuesto para la visita, sin responder todavía"
    )
    direccion: str | None = Field(
        default=None,
        description="La dirección del pedido de presupuesto adjudicado (SPEC §10): solo la ven el cliente y el "
        "profesional elegido",
    )
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
    adjuntos: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Archivos de la conversación de este trabajo (ids de `adjunto`) citados como prueba",
    )


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
    adjuntos: list[AdjuntoRead] = Field(
        default_factory=list, description="Archivos de la conversación citados como prueba al abrirla"
    )


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


# --- pedidos de presupuesto (SPEC §10) -----------------------------------------------------------------

FRANJA_PAST = "Cada franja horaria tiene que ser en el futuro"
FRANJA_ORDER = "El fin de cada franja (hasta) tiene que ser posterior a su comienzo (desde)"
FRANJA_TOO_LONG = "Cada franja horaria puede durar como máximo 12 horas"
Precio = Annotated[Decimal, Field(ge=Decimal("100"), le=Decimal("10000000"), decimal_places=2)]


class Franja(BaseModel):
    """A time window that suits the client: in the future, ``hasta`` after ``desde``, at most 12 hours."""

    desde: BoundedDateTime
    hasta: BoundedDateTime

    @model_validator(mode="after")
    def _window(self) -> Franja:
        if self.desde <= utcnow():
            raise ValueError(FRANJA_PAST)
        if self.hasta <= self.desde:
            raise ValueError(FRANJA_ORDER)
        if self.hasta - self.desde > MAX_FRANJA:
            raise ValueError(FRANJA_TOO_LONG)
        return self


class FranjaRead(BaseModel):
    desde: datetime
    hasta: datetime


class PedidoCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    oficio_id: uuid.UUID
    titulo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=5, max_length=120)]
    descripcion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=2000)]
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
    direccion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] = Field(
        description="Solo la ven vos y, una vez adjudicado, el profesional elegido"
    )
    franjas: Annotated[list[Franja], Field(max_length=5)] = Field(
        default_factory=list, description="De 0 a 5 franjas horarias que te quedan bien"
    )
    presupuesto_max: Precio | None = None


class PedidoRead(BaseModel):
    id: uuid.UUID
    cliente_id: uuid.UUID
    oficio_id: uuid.UUID
    oficio_nombre: str
    titulo: str
    descripcion: str
    zona: str = Field(description="El barrio o la ciudad; nunca la dirección")
    direccion: str | None = Field(
        default=None,
        description="Solo para quien lo pidió y, una vez adjudicado, para el profesional elegido",
    )
    franjas: list[FranjaRead]
    presupuesto_max: Decimal | None
    estado: Literal["ABIERTO", "ADJUDICADO", "CANCELADO", "VENCIDO"]
    fotos: list[str]
    total_ofertas: int
    fecha_expiracion: datetime
    fecha_creacion: datetime


class PedidoParaProfesional(PedidoRead):
    distancia_km: float = Field(description="Desde tu ubicación hasta el punto del pedido (0,1 km)")
    ya_ofertado: bool = Field(description="Ya le enviaste una oferta")


class PedidoPage(BaseModel):
    pedidos: list[PedidoParaProfesional]
    total: int
    page: int
    limit: int
    totalPages: int  # the public API field name


class PedidoOfertaCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    descripcion: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000)]
    precio_final: Precio
    visita_desde: BoundedDateTime | None = Field(
        default=None, description="Comienzo de la visita propuesta (futuro; con `visita_hasta`, o ninguno)"
    )
    visita_hasta: BoundedDateTime | None = Field(
        default=None, description="Fin de la visita propuesta (posterior a `visita_desde`, hasta 12 horas)"
    )

    @model_validator(mode="after")
    def _window(self) -> PedidoOfertaCreate:
        problem = window_problem(self.visita_desde, self.visita_hasta, utcnow())
        if problem is not None:
            raise ValueError(problem)
        return self


class ProfesionalDeOferta(BaseModel):
    id: uuid.UUID = Field(description="El id público del perfil profesional")
    usuario_id: uuid.UUID = Field(description="El id de usuario del profesional")
    nombre: str
    apellido: str
    avatar_url: str | None
    nivel: str
    rating_promedio: float
    total_resenas: int
    distancia_km: float | None = Field(
        description="Hasta el punto del pedido; null si el profesional ya no lo cubre"
    )
    tiempo_respuesta_mediano_min: int | None


class PedidoOfertaItem(BaseModel):
    oferta: OfertaRead
    profesional: ProfesionalDeOferta
