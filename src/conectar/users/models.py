"""Tables owned by the users service."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
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
    avatar_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    avatar_url: Mapped[str | None] = mapped_column(String(512), nullable=True)

    is_active_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    account_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    chat_infractions_copy: Mapped[int] = mapped_column(Integer, default=0)
    chat_banned_copy: Mapped[bool] = mapped_column(Boolean, default=False)
    chat_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    kyc_state_copy: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    kyc_state_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
