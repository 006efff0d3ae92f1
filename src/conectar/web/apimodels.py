"""What the web app reads from the public API, as typed models.

Only the fields the pages use, named exactly as the API sends them (SPEC.md; the services' schemas are the
source, but the web app never imports a service). Fields the API may leave out or send as ``null`` are
optional here; everything else is required, so an answer that breaks the contract is refused once, at the
edge (:func:`conectar.web.api.parse_as` turns that into a 502 page), instead of failing deep inside a
template. Unknown fields are ignored: the API may grow without breaking the site. States (``estado``,
``estado_escrow``…) stay plain strings: the pages label the ones they know and show any other as it comes.

Ids are UUIDs, money is ``Decimal`` (the API writes it as a decimal string or a JSON number), times are
``datetime``. Templates read these models with attribute access (``t.precio_final``), as they did dicts.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    """A read model of an API answer: unknown fields ignored, the known ones typed."""

    model_config = ConfigDict(extra="ignore")


# --- accounts (auth, users) -----------------------------------------------------------------------------


class TokenPair(ApiModel):
    """``POST /auth/login`` and ``POST /auth/refresh``."""

    access_token: str
    refresh_token: str
    expires_in: int | None = None


class User(ApiModel):
    """UserRead: ``GET /users/me``, the staff's user lists."""

    id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    rol: str
    is_active: bool
    fecha_creacion: datetime
    avatar_url: str | None = None
    telefono: str | None = None
    infracciones_chat: int = 0
    is_chat_banned: bool = False


class UserPage(ApiModel):
    """``GET /admin/users``."""

    users: list[User]
    total: int
    totalPages: int  # the API's name


class UserMetrics(ApiModel):
    """``GET /admin/metrics/users``."""

    total_clientes: int
    total_profesionales: int
    total_pro_pendientes_kyc: int
    total_pro_aprobados: int


class Export(ApiModel):
    """One of the person's data exports (``GET /users/me/exportar``)."""

    id: uuid.UUID
    estado: str
    servicios_listos: int = 0
    servicios_total: int = 0
    fecha_creacion: datetime
    fecha_expiracion: datetime | None = None


class Deletion(ApiModel):
    """An account deletion and the services still erasing their part (``GET /admin/eliminaciones``)."""

    id: uuid.UUID
    usuario_id: uuid.UUID
    estado: str
    solicitada_por: uuid.UUID | None = None
    motivo: str | None = None
    fecha_solicitud: datetime
    fecha_completada: datetime | None = None
    servicios_completados: list[str] = Field(default_factory=list)
    servicios_pendientes: list[str] = Field(default_factory=list)


class DeletionPage(ApiModel):
    eliminaciones: list[Deletion]
    total: int
    totalPages: int  # the API's name


class AuditEntry(ApiModel):
    """One staff action (``GET /admin/auditoria``)."""

    id: uuid.UUID
    actor_id: uuid.UUID | None = None
    actor_email: str | None = None
    accion: str
    accion_descripcion: str = ""
    recurso: str
    recurso_id: str | None = None
    detalle: dict[str, Any] = Field(default_factory=dict)
    ip: str | None = None
    fecha: datetime
    servicio: str | None = None


class AuditPage(ApiModel):
    entradas: list[AuditEntry]
    total: int
    totalPages: int  # the API's name


# --- notifications ----------------------------------------------------------------------------------------


class Counter(ApiModel):
    """``GET /notificaciones/no-leidas/contador`` and ``GET /chat/unread-count``."""

    count: int = 0


class Notification(ApiModel):
    id: uuid.UUID
    titulo: str
    mensaje: str
    url: str | None = None
    leida: bool
    contador: int = 1
    fecha_creacion: datetime


class NotificationPage(ApiModel):
    """``GET /notificaciones``."""

    notificaciones: list[Notification]
    total: int
    no_leidas: int


class Channels(ApiModel):
    email: bool = False
    push: bool = False
    in_app: bool = False


class NotificationKind(ApiModel):
    tipo: str
    descripcion: str


class Preferences(ApiModel):
    """``GET /notificaciones/preferencias``: channels by kind, and the kinds a person may configure."""

    preferencias: dict[str, Channels]
    tipos: list[NotificationKind]


class MailboxCleared(ApiModel):
    """``DELETE /dev/mailbox/mensajes``."""

    eliminados: int = 0


class MailEntry(ApiModel):
    """An e-mail in the development mailbox (``GET /dev/mailbox/mensajes``)."""

    id: str
    to: str
    subject: str = ""
    date: datetime
    size: int = 0


class MailMessage(MailEntry):
    """``GET /dev/mailbox/mensajes/{id}``."""

    sender: str
    text: str | None = None
    has_html: bool = False


# --- chat, offers, trabajos, reviews, disputes -----------------------------------------------------------


class Chat(ApiModel):
    """ChatRead: a conversation as ``/chat/my-chats`` and ``POST /chat/create`` answer it."""

    id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_nombre: str
    profesional_nombre: str
    last_message: str | None = None
    last_message_time: datetime | None = None
    unread_count: int = 0


class MyChats(ApiModel):
    """``GET /chat/my-chats``."""

    chats: list[Chat]
    total_unread: int

    def find(self, chat_id: uuid.UUID | str) -> Chat | None:
        return next((chat for chat in self.chats if str(chat.id) == str(chat_id)), None)

    def by_id(self) -> dict[str, Chat]:
        return {str(chat.id): chat for chat in self.chats}


class Attachment(ApiModel):
    """A photo or PDF sent in a conversation (``MessageRead.adjunto``, SPEC §12)."""

    id: uuid.UUID
    nombre: str
    content_type: str
    tamano: int
    thumbnail_url: str | None = None

    @property
    def es_imagen(self) -> bool:
        return self.content_type.startswith("image/")


class Message(ApiModel):
    """MessageRead: ``GET /chat/messages/{chat_id}``."""

    id: uuid.UUID
    sender_id: uuid.UUID | None = None
    sender_nombre: str = ""
    text: str
    tipo: str
    oferta_id: uuid.UUID | None = None
    timestamp: datetime
    read: bool = False
    adjunto: Attachment | None = None


class Oferta(ApiModel):
    """OfertaRead: a priced offer."""

    id: uuid.UUID
    chat_id: uuid.UUID
    descripcion: str
    precio_final: Decimal
    estado: str
    fecha_expiracion: datetime
    fecha_creacion: datetime
    # SPEC §11: the visit the offer proposes; outside the professional's weekly hours or on a blocked day.
    visita_desde: datetime | None = None
    visita_hasta: datetime | None = None
    fuera_de_horario: bool = False
    direccion: str | None = None
    # SPEC §10: the request for quotes this offer answers, when it answers one.
    pedido_id: uuid.UUID | None = None


class Hired(ApiModel):
    """An accepted offer or an instant hire: the trabajo and where to pay it."""

    trabajo_id: uuid.UUID
    payment_url: str | None = None


class PaymentLink(ApiModel):
    """``POST /cliente/trabajo/{id}/pagar``."""

    payment_url: str | None = None


class Reprogramacion(ApiModel):
    """A new visit window proposed by one party of a trabajo (``TrabajoRead.reprogramacion``)."""

    visita_desde: datetime
    visita_hasta: datetime
    motivo: str = ""
    propuesta_por: uuid.UUID
    fecha_propuesta: datetime | None = None


class Trabajo(ApiModel):
    """TrabajoRead (and the staff's TrabajoAdminRead, which adds ``motivo_cierre``)."""

    id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    chat_id: uuid.UUID
    descripcion: str
    precio_final: Decimal
    comision_plataforma: Decimal | None = None
    monto_liberado: Decimal | None = None
    estado_escrow: str
    mercadopago_payment_id: str | None = None
    fecha_completado: datetime | None = None
    fecha_creacion: datetime
    motivo_cierre: str | None = None
    # SPEC §11: the agreed visit and a new window one party proposed (the other answers it).
    visita_desde: datetime | None = None
    visita_hasta: datetime | None = None
    reprogramacion: Reprogramacion | None = None
    # SPEC §10: the pedido's address, once the job is awarded (not served on trabajos yet).
    direccion: str | None = None


class MoneyMovement(ApiModel):
    """A release or refund asked of the payments service for a trabajo, and what came of it."""

    tipo: str
    motivo: str | None = None
    codigo_http: int | None = None
    veces_pedido: int = 0
    fecha_actualizacion: datetime
    resolucion: str | None = None


class WatchedTrabajo(Trabajo):
    """A trabajo whose money the staff must look at (``GET /admin/trabajos/dinero-observado``)."""

    situacion: str
    movimientos: list[MoneyMovement] = Field(default_factory=list)


class WatchedPage(ApiModel):
    trabajos: list[WatchedTrabajo]
    total: int
    totalPages: int  # the API's name


class OwnReview(ApiModel):
    """A review in the professional's own list (``GET /professional/resenas``)."""

    id: uuid.UUID
    trabajo_id: uuid.UUID
    rating: int
    texto_resena: str = ""
    cliente_nombre: str | None = None
    respuesta: str | None = None
    fecha_respuesta: datetime | None = None
    fecha_creacion: datetime


class Disputa(ApiModel):
    """DisputaRead."""

    id: uuid.UUID
    trabajo_id: uuid.UUID
    abierta_por: uuid.UUID | None = None
    cliente_id: uuid.UUID
    tipo: str
    descripcion: str
    estado: str
    resolucion: str | None = None
    fecha_creacion: datetime
    adjuntos: list[Attachment] = Field(default_factory=list)  # chat files cited as evidence (SPEC §12)


class DisputaMessage(ApiModel):
    """``GET /disputas/{id}/mensajes``."""

    autor_id: uuid.UUID | None = None
    autor_rol: str
    texto: str
    fecha_creacion: datetime


# --- requests for quotes (pedidos de presupuesto, SPEC §10) -----------------------------------------------


class Franja(ApiModel):
    """A time window that suits the client (UTC instants; shown in Buenos Aires time)."""

    desde: datetime
    hasta: datetime


class Pedido(ApiModel):
    """PedidoRead: ``POST /pedidos``, ``GET /pedidos/mios``, ``GET /pedidos/{id}``. ``direccion`` comes only
    to the client and, once awarded, to the chosen professional; ``zona`` is the barrio or the city."""

    id: uuid.UUID
    cliente_id: uuid.UUID
    oficio_id: uuid.UUID
    oficio_nombre: str
    titulo: str
    descripcion: str
    zona: str
    direccion: str | None = None
    franjas: list[Franja] = Field(default_factory=list)
    presupuesto_max: Decimal | None = None
    estado: str
    fotos: list[str] = Field(default_factory=list)
    total_ofertas: int = 0
    fecha_expiracion: datetime
    fecha_creacion: datetime


class NearbyPedido(Pedido):
    """A pedido in the professional's list: how far it is and whether they already quoted it."""

    distancia_km: float | None = None
    ya_ofertado: bool = False


class NearbyPedidoPage(ApiModel):
    """``GET /professional/pedidos``."""

    pedidos: list[NearbyPedido]
    total: int
    page: int = 1
    totalPages: int = 1  # the API's name


class QuotingProfessional(ApiModel):
    """Who sent an offer on a pedido (``GET /pedidos/{id}/ofertas``'s ``profesional``); ``id`` is the
    public profile's."""

    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None = None
    nivel: str
    rating_promedio: float = 0
    total_resenas: int = 0
    distancia_km: float | None = None
    tiempo_respuesta_mediano_min: int | None = None


class PedidoOffer(ApiModel):
    """One offer on a pedido with its professional, cheapest first (``GET /pedidos/{id}/ofertas``)."""

    oferta: Oferta
    profesional: QuotingProfessional


# --- professionals: catalog, profile, KYC, portfolio, public pages, search --------------------------------


class Oficio(ApiModel):
    id: uuid.UUID
    nombre: str
    descripcion: str = ""
    activo: bool = True


class InstantService(ApiModel):
    """A catalog entry (``GET /admin/oficios/{id}/servicios-instant``)."""

    id: uuid.UUID
    nombre: str
    descripcion: str = ""
    activo: bool = True


class OwnInstantService(ApiModel):
    """One of the professional's instant services and their price (``/professional/profile/servicios-instant``)."""

    id: uuid.UUID
    precio_fijo: Decimal | None = None


class Profile(ApiModel):
    """ProfileRead: ``GET /professional/me``."""

    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    estado_verificacion: str
    nivel: str
    tasa_comision_actual: Decimal
    radio_cobertura_km: int
    acepta_instant: bool
    tarifa_por_hora: Decimal | None = None
    rating_promedio: float = 0
    total_resenas: int = 0
    latitude: float | None = None
    longitude: float | None = None
    payout_account: str | None = None
    descripcion: str | None = None
    oficios: list[Oficio] = Field(default_factory=list)


class Level(ApiModel):
    """NivelRead: ``GET /professional/me/nivel``."""

    nivel: str
    puntos_experiencia: int
    siguiente_nivel: str | None = None
    puntos_faltantes: int = 0
    progreso_porcentaje: float = 0
    tasa_comision_actual: Decimal


class KycDocument(ApiModel):
    id: uuid.UUID
    nombre_archivo: str
    content_type: str
    tamano_bytes: int
    sha256: str
    envio: int = 1
    fecha_creacion: datetime


class KycStatus(ApiModel):
    """``GET /professional/kyc/status``."""

    estado_verificacion: str
    motivo_rechazo: str | None = None
    fecha_envio: datetime | None = None
    fecha_revision: datetime | None = None
    documentos: list[KycDocument] = Field(default_factory=list)


class KycReview(ApiModel):
    """A professional's documents as the staff review them (``/admin/kyc/pendientes``, ``/admin/kyc/{id}``)."""

    id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    fecha_creacion: datetime
    estado_verificacion: str
    fecha_envio: datetime | None = None
    documentos: list[KycDocument] = Field(default_factory=list)


class PortfolioImage(ApiModel):
    id: uuid.UUID
    imagen_url: str
    thumbnail_url: str


class PortfolioItem(ApiModel):
    id: uuid.UUID
    titulo: str
    descripcion: str = ""
    imagenes: list[PortfolioImage] = Field(default_factory=list)


class PublicReview(ApiModel):
    """A review on the public profile."""

    id: uuid.UUID
    rating: int
    texto_resena: str = ""
    nombre_cliente: str
    fecha_creacion: datetime
    respuesta: str | None = None
    fecha_respuesta: datetime | None = None


class PublicReviewPage(ApiModel):
    """``GET /public/professional/{id}/resenas``."""

    resenas: list[PublicReview]
    totalPages: int  # the API's name


class PublicInstantService(ApiModel):
    id: uuid.UUID
    nombre: str
    descripcion: str = ""
    precio_fijo: Decimal


class WeeklyRange(ApiModel):
    """A range of a professional's weekly hours, Buenos Aires time (``dia`` 0 = Monday)."""

    dia: int
    desde: str
    hasta: str


class BlockedPeriod(ApiModel):
    id: uuid.UUID
    desde: datetime
    hasta: datetime


class Availability(ApiModel):
    """``GET/PUT /professional/disponibilidad`` (SPEC §11)."""

    semanal: list[WeeklyRange] = Field(default_factory=list)
    bloqueos: list[BlockedPeriod] = Field(default_factory=list)


class PublicProfile(ApiModel):
    """``GET /public/professional/{id}``."""

    id: uuid.UUID
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None = None
    descripcion: str | None = None
    nivel: str
    radio_cobertura_km: int
    acepta_instant: bool
    tarifa_por_hora: Decimal | None = None
    rating_promedio: float = 0
    total_resenas: int = 0
    trabajos_completados: int = 0
    oficios: list[Oficio] = Field(default_factory=list)
    portfolio: list[PortfolioItem] = Field(default_factory=list)
    servicios_instant: list[PublicInstantService] = Field(default_factory=list)
    servicios_publicados: list[PublicInstantService] = Field(default_factory=list)
    resenas: list[PublicReview] = Field(default_factory=list)
    fecha_creacion: datetime
    tiempo_respuesta_mediano_min: int | None = None
    cancelaciones_90d: int = 0
    disponibilidad_semanal: list[WeeklyRange] = Field(default_factory=list)

    @property
    def servicios(self) -> list[PublicInstantService]:
        """Everything hired at a fixed price: the catalog's instant services at this professional's price,
        then the ones the professional published."""
        return [*self.servicios_instant, *self.servicios_publicados]


class LeaderboardEntry(ApiModel):
    """``GET /gamification/leaderboard``."""

    id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None = None
    nivel: str
    rating_promedio: float = 0
    total_resenas: int = 0
    trabajos_completados: int = 0


class SearchCard(ApiModel):
    """One professional in the search results."""

    id: uuid.UUID
    nombre: str
    apellido: str
    avatar_url: str | None = None
    nivel: str
    acepta_instant: bool = False
    tarifa_por_hora: Decimal | None = None
    rating_promedio: float = 0
    total_resenas: int = 0
    distancia_km: float | None = None
    tiempo_respuesta_mediano_min: int | None = None
    # Not served by the search (SPEC §3 keeps locations private); an approximate position is used when it is.
    latitude: float | None = None
    longitude: float | None = None


class SearchResults(ApiModel):
    """``POST /search``."""

    total: int
    resultados: list[SearchCard]
    pagina: int = 1
    total_paginas: int = 1


class HireableService(ApiModel):
    """An instant service a client can hire now (``GET /servicios``)."""

    servicio_id: uuid.UUID | None = None
    oficio_id: uuid.UUID | None = None
    nombre: str
    descripcion: str = ""
    precio_fijo: Decimal
    profesional_id: uuid.UUID
    profesional_nombre: str
    profesional_apellido: str
    nivel: str
    distancia_km: float | None = None


# --- payments -------------------------------------------------------------------------------------------


class Balance(ApiModel):
    """``GET /pagos/balance``."""

    disponible: Decimal
    pendiente: Decimal
    total_ganado: Decimal
    total_comisiones: Decimal
    trabajos_completados: int


class Movement(ApiModel):
    """A ledger movement in the professional's history."""

    tipo: str
    monto: Decimal
    comision: Decimal
    neto: Decimal
    trabajo_id: uuid.UUID | None = None
    fecha: datetime


class History(ApiModel):
    """``GET /pagos/historial``."""

    movimientos: list[Movement]
    total: int


class Payout(ApiModel):
    """RetiroRead."""

    id: uuid.UUID
    monto: Decimal
    cuenta: str
    estado: str
    lote_id: uuid.UUID | None = None
    motivo: str | None = None
    fecha_creacion: datetime


class PayoutPage(ApiModel):
    retiros: list[Payout]
    total: int
    totalPages: int  # the API's name


class PayoutBatch(ApiModel):
    """A manual bank-transfer batch (LoteRead)."""

    id: uuid.UUID
    estado: str
    total: Decimal
    cantidad: int
    referencia_bancaria: str | None = None
    pagado_at: datetime | None = None
    fecha_creacion: datetime
    retiros: list[Payout] = Field(default_factory=list)


class PayoutBatchPage(ApiModel):
    lotes: list[PayoutBatch]


class Financials(ApiModel):
    """``GET /admin/metrics/financials``."""

    total_facturado: Decimal
    comision_total: Decimal
    trabajos_completados: int
    dinero_en_escrow: Decimal


class CountAndAmount(ApiModel):
    cantidad: int
    monto: Decimal


class PaymentsDashboard(ApiModel):
    """``GET /admin/pagos/dashboard``."""

    pagos_por_estado: dict[str, int] = Field(default_factory=dict)
    total_reembolsado: Decimal
    saldo_profesionales: Decimal
    retiros_por_estado: dict[str, CountAndAmount] = Field(default_factory=dict)
    en_transito: Decimal
    total_retirado: Decimal
    proveedor_pagos: str
    proveedor_retiros: str
    ultima_conciliacion: datetime | None = None
