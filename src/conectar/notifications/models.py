"""Tables owned by the notifications service."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform.db import TimestampMixin, UTCDateTime, make_metadata, new_id, utcnow
from conectar.platform.outbox import messaging_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


tables = messaging_tables(Base.metadata)

# Delivery states (what the operators' delivery log shows): waiting for its job, or finished.
PENDING = "pending"
SENT = "sent"
DEAD = "dead"
SKIPPED = "skipped"


class UserCopy(Base):
    """A copy of the accounts people are notified at, fed by UserRegistered / UserUpdated and, for
    someone not seen yet, read through from the auth service's internal API."""

    __tablename__ = "user_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    nombre: Mapped[str] = mapped_column(String(100), default="")
    apellido: Mapped[str] = mapped_column(String(100), default="")
    rol: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The time of the newest event applied, so a late event cannot undo a newer one.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TrabajoCopy(Base):
    """Who takes part in a trabajo (from JobCreated and the other trabajo events), so that events that
    carry only the trabajo id (PaymentConfirmed, RefundIssued) reach the right people."""

    __tablename__ = "trabajo_copies"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    cliente_id: Mapped[uuid.UUID] = mapped_column()
    profesional_id: Mapped[uuid.UUID] = mapped_column()
    precio_final: Mapped[str | None] = mapped_column(String(20), nullable=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(TimestampMixin, Base):
    """One notification to one person, caused by one event (``dedupe_key`` defaults to the event id;
    refunds use the trabajo so that JobCancelled and RefundIssued tell the client once). ``in_app``
    says whether it shows in the inbox; e-mail and push go through :class:`Delivery` rows."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        UniqueConstraint("event_id", "user_id"),
        Index("ix_notifications_user_id_in_app_ultima_actividad", "user_id", "in_app", "ultima_actividad"),
        Index("ix_notifications_user_id_grupo_leida", "user_id", "grupo", "leida"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column()
    event_id: Mapped[uuid.UUID] = mapped_column()
    dedupe_key: Mapped[str] = mapped_column(String(120))
    tipo: Mapped[str] = mapped_column(String(40))
    titulo: Mapped[str] = mapped_column(String(200))
    mensaje: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    datos: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    in_app: Mapped[bool] = mapped_column(Boolean, default=True)
    leida: Mapped[bool] = mapped_column(Boolean, default=False)
    fecha_leida: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Folding: a burst of chat messages of one conversation becomes one notification with a counter.
    grupo: Mapped[str | None] = mapped_column(String(120), nullable=True)
    contador: Mapped[int] = mapped_column(Integer, default=1)
    ultima_actividad: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Delivery(TimestampMixin, Base):
    """One outbound message (e-mail or push) of one notification, retried until sent or dead.

    Each row is carried by a job of its channel's kernel work queue (``notifications.email`` or
    ``notifications.push``, keyed by the delivery id, enqueued in the same unit of work): the job's
    handler (``flows.DeliveryHandler``) sends it and records the outcome here and in a
    :class:`DeliveryAttempt`. ``next_attempt_at`` is when it is first due (a burst's gathering window);
    the retries' times are the job's. While ``coalesce_key`` is set the row is still gathering a burst
    (see ``dispatch._coalesce``)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", "channel"),
        UniqueConstraint("coalesce_key"),
        Index("ix_deliveries_status_channel_fecha_creacion", "status", "channel", "fecha_creacion"),
        Index("ix_deliveries_user_id_channel_tipo_sent_at", "user_id", "channel", "tipo", "sent_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    notification_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("notifications.id", ondelete="CASCADE"))
    event_id: Mapped[uuid.UUID] = mapped_column()
    user_id: Mapped[uuid.UUID] = mapped_column()
    channel: Mapped[str] = mapped_column(String(10))
    tipo: Mapped[str] = mapped_column(String(40))
    # An explicit address (the reset e-mail goes where the auth service says); else the user copy's.
    address: Mapped[str | None] = mapped_column(String(254), nullable=True)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    coalesce_key: Mapped[str | None] = mapped_column(String(120), nullable=True)
    coalesced: Mapped[int] = mapped_column(Integer, default=1)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DeliveryAttempt(Base):
    """Every attempt to send a delivery, with its outcome (errors never carry addresses or bodies)."""

    __tablename__ = "delivery_attempts"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("deliveries.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(12))
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_id: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Preference(Base):
    """A switched channel of one notification type for one person (absent means on)."""

    __tablename__ = "preferences"

    user_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    tipo: Mapped[str] = mapped_column(String(40), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean)
    fecha_actualizacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class DeviceToken(TimestampMixin, Base):
    """A device's FCM registration token. A token belongs to one person at a time (registering it
    again moves it); FCM's UNREGISTERED / invalid-token answers delete it."""

    __tablename__ = "device_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token: Mapped[str] = mapped_column(String(4096))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_type: Mapped[str] = mapped_column(String(10))
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
