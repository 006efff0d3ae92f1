"""Integration events: the envelope every event travels in, and the schema of each event type.

An event type is a Pydantic model subclassing :class:`IntegrationEvent`; its class name is its type and
its routing key. Payload changes that break consumers bump ``version``; consumers accept every version
they know.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class EventEnvelope(BaseModel):
    """What travels on the bus: identity and metadata around a payload."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    type: str
    version: int = 1
    occurred_at: datetime
    correlation_id: str | None = None
    producer: str
    payload: dict[str, Any]


class IntegrationEvent(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    version: ClassVar[int] = 1
    registry: ClassVar[dict[str, type[IntegrationEvent]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        IntegrationEvent.registry[cls.__name__] = cls

    @classmethod
    def event_type(cls) -> str:
        return cls.__name__


E = TypeVar("E", bound=IntegrationEvent)


def parse_event(envelope: EventEnvelope, model: type[E]) -> E:
    return model.model_validate(envelope.payload)


# --- accounts (auth, users) -------------------------------------------------------------------------


class UserRegistered(IntegrationEvent):
    user_id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    rol: str
    fecha_creacion: datetime


class UserUpdated(IntegrationEvent):
    user_id: uuid.UUID
    nombre: str
    apellido: str
    telefono: str | None = None
    avatar_url: str | None = None


class UserBanned(IntegrationEvent):
    user_id: uuid.UUID
    banned_at: datetime


class UserUnbanned(IntegrationEvent):
    user_id: uuid.UUID
    unbanned_at: datetime


class PasswordResetRequested(IntegrationEvent):
    """Carries the single-use reset link for the notifications service. Never log its payload."""

    user_id: uuid.UUID
    email: str
    nombre: str
    reset_url: str
    expires_at: datetime


class PasswordChanged(IntegrationEvent):
    user_id: uuid.UUID
    changed_at: datetime
    via_reset: bool = False


# --- professionals ----------------------------------------------------------------------------------


class KycSubmitted(IntegrationEvent):
    profesional_id: uuid.UUID
    user_id: uuid.UUID
    documentos: int


class KycApproved(IntegrationEvent):
    profesional_id: uuid.UUID
    user_id: uuid.UUID


class KycRejected(IntegrationEvent):
    profesional_id: uuid.UUID
    user_id: uuid.UUID
    motivo: str


class ProfessionalLevelChanged(IntegrationEvent):
    profesional_id: uuid.UUID
    user_id: uuid.UUID
    nivel_anterior: str
    nivel: str
    puntos_experiencia: int
    tasa_comision_actual: Decimal


# --- chat, offers, trabajos -------------------------------------------------------------------------


class MessageSent(IntegrationEvent):
    message_id: uuid.UUID
    chat_id: uuid.UUID
    sender_id: uuid.UUID
    recipient_id: uuid.UUID
    sender_nombre: str
    preview: str = Field(max_length=140)
    tipo: str = "texto"
    # Whether the recipient had a live chat connection when it was sent (no "new message" e-mail then).
    recipient_connected: bool = False


class ChatInfractionRecorded(IntegrationEvent):
    user_id: uuid.UUID
    infracciones_chat: int
    is_chat_banned: bool


class ConversationRead(IntegrationEvent):
    """A participant read a conversation (its "new messages" notices are no longer news)."""

    chat_id: uuid.UUID
    reader_id: uuid.UUID
    read_at: datetime


class ChatBanLifted(IntegrationEvent):
    user_id: uuid.UUID


class OfferCreated(IntegrationEvent):
    oferta_id: uuid.UUID
    chat_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    precio_final: Decimal
    descripcion: str


class OfferAccepted(IntegrationEvent):
    oferta_id: uuid.UUID
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    precio_final: Decimal


class OfferRejected(IntegrationEvent):
    oferta_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    chat_id: uuid.UUID | None = None  # where the offer was made (the professional's notice links to it)


class JobCreated(IntegrationEvent):
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    precio_final: Decimal
    tasa_comision: Decimal
    oferta_id: uuid.UUID | None = None
    servicio_instant_id: uuid.UUID | None = None
    # A hire of a service the professional published (absent in older events).
    servicio_publicado_id: uuid.UUID | None = None


class PaymentConfirmed(IntegrationEvent):
    """The trabajo's payment was approved and provider-verified; the money is in escrow."""

    trabajo_id: uuid.UUID
    payment_id: str
    amount: Decimal
    currency: str
    approved_at: datetime
    cliente_id: uuid.UUID | None = None
    profesional_id: uuid.UUID | None = None


class WorkMarkedDone(IntegrationEvent):
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    fecha_completado: datetime


class WorkCompleted(IntegrationEvent):
    """The trabajo's money was released to the professional (estado_escrow LIBERADO)."""

    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    precio_final: Decimal
    comision_plataforma: Decimal
    monto_liberado: Decimal
    liberado_at: datetime


class JobCancelled(IntegrationEvent):
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    estado_escrow: str
    motivo: str
    reembolso: bool
    # Who decided it; None in events from before the field, and for refunds the provider reported.
    cancelado_por: Literal["CLIENTE", "PROFESIONAL", "ADMIN", "TEMPORIZADOR"] | None = None


class VisitReminderDue(IntegrationEvent):
    """A trabajo's visit starts soon (SPEC §11): the reminder ``visita_recordatorio`` to both parties,
    ``anticipacion_horas`` (24 or 2) before ``visita_desde``; once per window and lead time."""

    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    visita_desde: datetime
    visita_hasta: datetime
    anticipacion_horas: int


class VisitChangeProposed(IntegrationEvent):
    """One party of a trabajo proposed a new window for its visit (SPEC §11); ``para``, the other party,
    is told and answers it."""

    trabajo_id: uuid.UUID
    propuesta_por: uuid.UUID
    para: uuid.UUID
    visita_desde: datetime
    visita_hasta: datetime
    motivo: str


class VisitChangeAnswered(IntegrationEvent):
    """The proposed window was accepted (it is the visit now) or refused (the visit stays as it was);
    ``para``, who proposed it, is told."""

    trabajo_id: uuid.UUID
    respondida_por: uuid.UUID
    para: uuid.UUID
    aceptada: bool
    visita_desde: datetime
    visita_hasta: datetime


class PedidoCreated(IntegrationEvent):
    """A client asked for quotes (SPEC §10). ``profesionales`` are the user ids of the matching
    professionals when it was created, nearest first, at most ``contracts.professionals.MATCHING_MAX_LIMIT``
    (the notifications service tells them ``pedido_nuevo`` without asking anyone). ``zona`` is the barrio
    or city, never the address."""

    pedido_id: uuid.UUID
    cliente_id: uuid.UUID
    oficio_id: uuid.UUID
    oficio_nombre: str
    titulo: str
    zona: str
    presupuesto_max: Decimal | None = None
    fecha_expiracion: datetime
    profesionales: list[uuid.UUID] = Field(default_factory=list)


class PedidoAwarded(IntegrationEvent):
    """The client accepted one offer of the pedido: it is ADJUDICADO, the others were rejected (each with
    its own OfferRejected)."""

    pedido_id: uuid.UUID
    cliente_id: uuid.UUID
    oferta_id: uuid.UUID
    profesional_id: uuid.UUID
    trabajo_id: uuid.UUID


class PedidoClosed(IntegrationEvent):
    """The pedido ended without an award: ``CANCELADO`` (by its client) or ``VENCIDO`` (14 days)."""

    pedido_id: uuid.UUID
    cliente_id: uuid.UUID
    estado: Literal["CANCELADO", "VENCIDO"]


class RefundIssued(IntegrationEvent):
    """Money went back to the client: a refund we asked for, or one the provider reports on its own
    (``origen`` "proveedor": refunded from the provider's panel; "contracargo": a chargeback).
    ``despues_de_liberar`` is true when it happened after the money was released (a platform loss)."""

    trabajo_id: uuid.UUID
    refund_id: str
    amount: Decimal
    cliente_id: uuid.UUID | None = None
    profesional_id: uuid.UUID | None = None
    origen: str = "plataforma"
    motivo: str | None = None
    despues_de_liberar: bool = False


class MoneyMovementRefused(IntegrationEvent):
    """The payments service refused a release or refund that the chat service asked for (or never
    accepted it after every attempt). The trabajo shows it (``estado_escrow`` LIBERACION_RECHAZADA or
    REEMBOLSO_RECHAZADO), the money stays where the ledger says, and staff decide under
    ``/admin/trabajos/dinero-observado`` (retry, the other movement, or close it by hand).

    ``movimiento`` is ``liberacion`` or ``reembolso``; ``codigo_http`` is payments' answer (400, 404,
    409…), None when it never answered (or never confirmed) after every attempt."""

    trabajo_id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    movimiento: str
    estado_escrow: str
    monto: Decimal
    motivo: str
    codigo_http: int | None = None


class PayoutSent(IntegrationEvent):
    """A professional's payout reached their account (``profesional_id`` is the user id)."""

    payout_id: uuid.UUID
    profesional_id: uuid.UUID
    amount: Decimal
    reference: str | None = None
    provider: str | None = None


class ReviewCreated(IntegrationEvent):
    resena_id: uuid.UUID
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    cliente_nombre: str
    rating: int
    texto_resena: str
    fecha_creacion: datetime


class ReviewReplied(IntegrationEvent):
    """The reviewed professional answered a review (once); ``profesional_id`` is the user id."""

    resena_id: uuid.UUID
    profesional_id: uuid.UUID
    respuesta: str
    fecha_respuesta: datetime


class DisputeOpened(IntegrationEvent):
    disputa_id: uuid.UUID
    trabajo_id: uuid.UUID
    abierta_por: uuid.UUID | None = None  # None: opened by the platform (escrow held too long)
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    tipo: str


class DisputeResolved(IntegrationEvent):
    disputa_id: uuid.UUID
    trabajo_id: uuid.UUID
    profesional_id: uuid.UUID
    cliente_id: uuid.UUID
    estado: str
    favorece_a: str
    resolucion: str


# --- personal data (SPEC §14) ----------------------------------------------------------------------


class AccountDeletionRequested(IntegrationEvent):
    """A person's account is being deleted (by themselves or by staff): every service erases or
    pseudonymises what it holds about them and answers with :class:`PersonalDataErased`."""

    deletion_id: uuid.UUID
    user_id: uuid.UUID
    rol: str
    requested_at: datetime
    requested_by: uuid.UUID  # the person, or the ADMIN who ran it


class PersonalDataErased(IntegrationEvent):
    """One service finished its part of a deletion (published in the same unit of work as the erasure)."""

    deletion_id: uuid.UUID
    user_id: uuid.UUID
    service: str
    erased_at: datetime
