"""Tables owned by the chat & offers service."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform.db import TimestampMixin, UTCDateTime, make_metadata, new_id, utcnow
from conectar.platform.outbox import messaging_tables

MONEY = Numeric(12, 2)
RATE = Numeric(5, 4)


class Base(DeclarativeBase):
    metadata = make_metadata()


tables = messaging_tables(Base.metadata)


class ChatUserCopy(Base):
    """What the chat needs of a person (copy of auth/users data) and its moderation state (owned here)."""

    __tablename__ = "chat_users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    rol: Mapped[str] = mapped_column(String(20))
    is_active_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    profile_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    infracciones_chat: Mapped[int] = mapped_column(Integer, default=0)
    is_chat_banned: Mapped[bool] = mapped_column(Boolean, default=False)
    # Last sequence number of this person's real-time feed (see FeedItem).
    feed_seq: Mapped[int] = mapped_column(BigInteger, default=0)

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombre} {self.apellido}".strip()


class FeedItem(Base):
    """What a person's connected devices are told, numbered per person so a reconnecting device can
    catch up from its last sequence number without gaps or duplicates."""

    __tablename__ = "feed_items"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Conversation(TimestampMixin, Base):
    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("cliente_id", "profesional_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    last_message: Mapped[str | None] = mapped_column(String(200), nullable=True)
    last_message_time: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_chat_id_fecha_creacion", "chat_id", "fecha_creacion"),
        Index("ix_messages_recipient_id_read_at", "recipient_id", "read_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    chat_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    sender_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    recipient_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    text: Mapped[str] = mapped_column(Text)
    tipo: Mapped[str] = mapped_column(String(10), default="texto")
    oferta_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    moderated: Mapped[bool] = mapped_column(Boolean, default=False)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Oferta(TimestampMixin, Base):
    __tablename__ = "ofertas"
    __table_args__ = (CheckConstraint("precio_final > 0", name="precio_positivo"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    chat_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id"), index=True)
    descripcion: Mapped[str] = mapped_column(Text)
    precio_final: Mapped[Decimal] = mapped_column(MONEY)
    estado: Mapped[str] = mapped_column(String(12), index=True)
    fecha_expiracion: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # The visit window the offer proposes (SPEC §11), both or neither.
    visita_desde: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    visita_hasta: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The window falls outside the professional's weekly hours or on a blocked day (allowed, and said).
    fuera_de_horario: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The pedido (SPEC §10) the offer answers, if any; one offer per professional per pedido (the unique
    # index ``uq_ofertas_pedido_id_profesional_id`` below the Pedido table).
    pedido_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("pedidos.id"), nullable=True, index=True)


class Trabajo(TimestampMixin, Base):
    __tablename__ = "trabajos"
    __table_args__ = (
        UniqueConstraint("oferta_id"),
        Index("ix_trabajos_estado_escrow_fecha_actualizacion", "estado_escrow", "fecha_actualizacion"),
        # A professional's booked visits (the overlap check) and the visits due a reminder.
        Index("ix_trabajos_profesional_id_visita_desde", "profesional_id", "visita_desde"),
        Index("ix_trabajos_visita_desde", "visita_desde"),
        CheckConstraint("precio_final > 0", name="precio_positivo"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    chat_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id"))
    oferta_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ofertas.id"), nullable=True)
    servicio_instant_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    # A service the professional published (the professionals service's id): hired like an instant one.
    servicio_publicado_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    descripcion: Mapped[str] = mapped_column(Text)
    precio_final: Mapped[Decimal] = mapped_column(MONEY)
    # The professional's commission rate when the trabajo was created; the release uses it.
    tasa_comision: Mapped[Decimal] = mapped_column(RATE)
    comision_plataforma: Mapped[Decimal | None] = mapped_column(MONEY, nullable=True)
    monto_liberado: Mapped[Decimal | None] = mapped_column(MONEY, nullable=True)
    estado_escrow: Mapped[str] = mapped_column(String(24))
    mercadopago_payment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payment_preference_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    payment_url: Mapped[str | None] = mapped_column(String(512), nullable=True)
    fecha_completado: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    fecha_pago: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    fecha_cierre: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    motivo_cierre: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The visit (SPEC §11): its window (both or neither), bumped in ``visita_secuencia`` by every new one
    # (calendars replace the event); a new window one party proposed and the other has not answered yet;
    # the closest reminder already sent for the current window (hours before: 24 or 2).
    visita_desde: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    visita_hasta: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    visita_secuencia: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reprogramacion_desde: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reprogramacion_hasta: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reprogramacion_motivo: Mapped[str | None] = mapped_column(String(500), nullable=True)
    reprogramacion_por: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    fecha_reprogramacion: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reminder_sent_hours: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What the visit's calendar file names: the oficio, and the address (the professional's file only);
    # null when the trabajo was not made with them (an offer in a conversation).
    oficio: Mapped[str | None] = mapped_column(String(100), nullable=True)
    direccion: Mapped[str | None] = mapped_column(String(300), nullable=True)


class MoneyAction(Base):
    """A money movement the payments service must make for a trabajo (open the checkout, release,
    refund): the domain record of what was asked and what came of it. A transition writes it under the
    trabajo's lock together with its job on the ``chat.money`` work queue (keyed by this row's id), in the
    same transaction as the new state; the queue carries it out and retries it. At most one of each kind
    per trabajo: asking again (staff retrying) sets the same row back to ``pending``."""

    __tablename__ = "money_actions"
    __table_args__ = (UniqueConstraint("trabajo_id", "kind"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    trabajo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trabajos.id"))
    kind: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # pending (asked, no final answer yet) | done (accepted) | refused (payments refused it, or never
    # answered after every attempt) | superseded (something else settled the money: the other movement,
    # a refund the provider reported, staff closing it by hand).
    status: Mapped[str] = mapped_column(String(10), default="pending")
    # How many times it was asked; the job of the latest ask is keyed "<id>:<ask_round>" (``money.job_key``).
    ask_round: Mapped[int] = mapped_column(Integer, default=0)
    # The refusal, or the last transient failure while pending.
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The HTTP status of payments' refusal; None when it never answered after every attempt.
    refusal_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # What staff decided about a refusal, who, and when.
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Resena(Base):
    __tablename__ = "resenas"
    __table_args__ = (
        UniqueConstraint("trabajo_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_1_5"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    trabajo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trabajos.id"))
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    rating: Mapped[int] = mapped_column(Integer)
    texto_resena: Mapped[str] = mapped_column(Text, default="")
    respuesta: Mapped[str | None] = mapped_column(Text, nullable=True)
    fecha_respuesta: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RatingSummary(Base):
    """Running totals per professional, updated atomically with each review."""

    __tablename__ = "rating_summaries"

    profesional_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    total_resenas: Mapped[int] = mapped_column(Integer, default=0)
    suma_ratings: Mapped[int] = mapped_column(Integer, default=0)


class Disputa(TimestampMixin, Base):
    __tablename__ = "disputas"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    trabajo_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trabajos.id"), index=True)
    # None when the platform opened it (money held too long without the work being marked done).
    abierta_por: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    tipo: Mapped[str] = mapped_column(String(30))
    descripcion: Mapped[str] = mapped_column(Text)
    estado: Mapped[str] = mapped_column(String(40), index=True)
    resolucion: Mapped[str | None] = mapped_column(Text, nullable=True)
    favorece_a: Mapped[str | None] = mapped_column(String(12), nullable=True)
    resuelta_por: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    fecha_resolucion: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DisputaMensaje(Base):
    __tablename__ = "disputa_mensajes"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    disputa_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputas.id", ondelete="CASCADE"), index=True)
    autor_id: Mapped[uuid.UUID] = mapped_column()
    autor_rol: Mapped[str] = mapped_column(String(20))
    texto: Mapped[str] = mapped_column(Text)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DisputaEvidencia(Base):
    __tablename__ = "disputa_evidencias"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    disputa_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("disputas.id", ondelete="CASCADE"), index=True)
    autor_id: Mapped[uuid.UUID] = mapped_column()
    nombre_archivo: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    tamano_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255), index=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Adjunto(Base):
    """A file sent in a conversation (SPEC §12), shown as its message (``tipo = 'adjunto'``). Stored in
    private storage (images re-encoded without metadata, PDFs as sent) and streamed only to the two
    participants and staff."""

    __tablename__ = "adjuntos"
    __table_args__ = (
        UniqueConstraint("message_id"),
        Index("ix_adjuntos_chat_id_autor_id_fecha_creacion", "chat_id", "autor_id", "fecha_creacion"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    chat_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    message_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    autor_id: Mapped[uuid.UUID] = mapped_column()
    nombre: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    # Bytes of the stored file (an image's after re-encoding).
    tamano: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255), index=True)
    thumbnail_key: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DisputaAdjunto(Base):
    """A chat attachment of the trabajo's conversation that a party cited as evidence when opening a
    dispute."""

    __tablename__ = "disputa_adjuntos"

    disputa_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("disputas.id", ondelete="CASCADE"), primary_key=True
    )
    adjunto_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("adjuntos.id"), primary_key=True, index=True)


class Pedido(TimestampMixin, Base):
    """A request for quotes (SPEC §10): a client describes a job once and the matching professionals answer
    with offers (``ofertas.pedido_id``). ``direccion`` and the exact point are private: the professionals see
    ``zona`` (and, once awarded, the chosen one sees ``direccion``)."""

    __tablename__ = "pedidos"
    __table_args__ = (
        # A client's open pedidos (the limit of 5) and their list; the open ones by oficio (a
        # professional's list); the open ones due to expire (the scheduled job).
        Index("ix_pedidos_cliente_id_estado", "cliente_id", "estado"),
        Index("ix_pedidos_estado_oficio_id_fecha_creacion", "estado", "oficio_id", "fecha_creacion"),
        Index("ix_pedidos_estado_fecha_expiracion", "estado", "fecha_expiracion"),
        CheckConstraint("total_ofertas >= 0", name="total_ofertas_no_negativo"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    cliente_id: Mapped[uuid.UUID] = mapped_column()
    oficio_id: Mapped[uuid.UUID] = mapped_column()
    oficio_nombre: Mapped[str] = mapped_column(String(100))
    titulo: Mapped[str] = mapped_column(String(120))
    descripcion: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    direccion: Mapped[str] = mapped_column(String(200))
    zona: Mapped[str] = mapped_column(String(100))
    # [{"desde": iso, "hasta": iso}], 0 to 5 windows that suit the client.
    franjas: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    presupuesto_max: Mapped[Decimal | None] = mapped_column(MONEY, nullable=True)
    # ABIERTO | ADJUDICADO | CANCELADO | VENCIDO
    estado: Mapped[str] = mapped_column(String(12))
    # The photos' public URLs, and their storage keys (same order): re-encoded without metadata.
    fotos: Mapped[list[str]] = mapped_column(JSON, default=list)
    fotos_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Offers made on it (never decreases; at most 10), counted under the pedido's row lock.
    total_ofertas: Mapped[int] = mapped_column(Integer, default=0)
    fecha_expiracion: Mapped[datetime] = mapped_column(UTCDateTime())
    fecha_cierre: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The accepted offer and its professional (user id), once ADJUDICADO.
    oferta_adjudicada_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    profesional_adjudicado_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)


Index("uq_ofertas_pedido_id_profesional_id", Oferta.pedido_id, Oferta.profesional_id, unique=True)
