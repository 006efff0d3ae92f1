"""Tables owned by the users service."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform.db import TimestampMixin, UTCDateTime, make_metadata
from conectar.platform.outbox import messaging_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


tables = messaging_tables(Base.metadata)


class UserProfile(TimestampMixin, Base):
    """A person's profile. Columns ending in ``_copy`` are copies of other services' state, fed by
    their events (and stamped with the event time, so that late events cannot undo newer ones)."""

    __tablename__ = "user_profiles"
    __table_args__ = (Index("ix_user_profiles_rol_fecha_creacion", "rol", "fecha_creacion"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    rol: Mapped[str] = mapped_column(String(20))
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    telefono: Mapped[str | None] = mapped_column(String(32), nullable=True)
    avatar_key: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    avatar_url: Mapped[str | None] = mapped_column(String(512), nullable=True)

    is_active_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    account_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    chat_infractions_copy: Mapped[int] = mapped_column(Integer, default=0)
    chat_banned_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    chat_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    kyc_state_copy: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    kyc_state_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Set when the person's account is deleted: the row stays (its id is the pseudonym), emptied.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AccountDeletion(Base):
    """A deletion saga (SPEC §14): requested here, each service reports when its part is erased."""

    __tablename__ = "account_deletions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    rol: Mapped[str] = mapped_column(String(20))
    requested_by: Mapped[uuid.UUID]
    motivo: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AccountDeletionStep(Base):
    """One service's reported completion of a deletion."""

    __tablename__ = "account_deletion_steps"

    deletion_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("account_deletions.id", ondelete="CASCADE"), primary_key=True
    )
    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DataExport(Base):
    """A person's export (SPEC §14): built in the background, kept for 7 days, readable by its owner only."""

    __tablename__ = "data_exports"
    __table_args__ = (
        Index("ix_data_exports_user_id_fecha_creacion", "user_id", "fecha_creacion"),
        UniqueConstraint("storage_key"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID]
    estado: Mapped[str] = mapped_column(String(12))
    services_done: Mapped[int] = mapped_column(Integer, default=0)
    storage_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime())
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)
