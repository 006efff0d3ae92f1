"""Tables owned by the professionals service.

Columns ending in ``_copy`` (and the names, e-mail and avatar of a profile) are copies of other services'
state fed by their events, stamped with the event time so that late events cannot undo newer ones.

``professional_search`` is the search read model: one row per (searchable professional, oficio), kept in
sync in the same transaction as every profile change. In PostgreSQL it has two generated columns in a
per-oficio plane (longitude shifted by ``OFICIO_PLANE_DEG`` × oficio key, so one single-column index serves
every oficio): ``cobertura``, the coverage circle's bounding box as a native ``box``, and ``lugar``, the
location as a native ``point``; a GiST on the boxes, an SP-GiST on the points and small b-trees per
sort (see the migrations and ``search_index``); in
SQLite an R*Tree virtual table (``professional_search_rtree``) kept by triggers indexes the same boxes.
Both are created by the migrations (the PostGIS-only parts guarded by dialect).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Computed,
    Double,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import UserDefinedType

from conectar.platform.db import TimestampMixin, UTCDateTime, make_metadata, new_id, utcnow
from conectar.platform.outbox import messaging_tables


class PgBox(UserDefinedType[str]):
    """PostgreSQL's native ``box`` (its GiST opclass supports index-only scans, PostGIS's does not)."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "box"


class PgPoint(UserDefinedType[str]):
    """PostgreSQL's native ``point`` (indexed by SP-GiST's quad tree)."""

    cache_ok = True

    def get_col_spec(self, **_: object) -> str:
        return "point"


OFICIO_PLANE_DEG = 400
"""Each oficio's boxes and points live in their own band of the plane: longitude + 400° × oficio key (bands
40° apart, so no box of one oficio reaches another's); one single-column index then serves every oficio."""


class Base(DeclarativeBase):
    metadata = make_metadata()


tables = messaging_tables(Base.metadata)


class ProfessionalProfile(TimestampMixin, Base):
    __tablename__ = "professional_profiles"
    __table_args__ = (
        Index("ix_professional_profiles_estado_kyc_enviado_at", "estado_verificacion", "kyc_enviado_at"),
        Index("ix_professional_profiles_puntos_experiencia", "puntos_experiencia"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    usuario_id: Mapped[uuid.UUID] = mapped_column(unique=True)

    # Copies of the account (auth, users), newest first by event time.
    email: Mapped[str] = mapped_column(String(254))
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    avatar_url: Mapped[str | None] = mapped_column(String(512), nullable=True)
    account_copy_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    is_active_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    account_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    estado_verificacion: Mapped[str] = mapped_column(String(20), default="PENDIENTE")
    kyc_enviado_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    kyc_revisado_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    kyc_motivo_rechazo: Mapped[str | None] = mapped_column(Text, nullable=True)

    nivel: Mapped[str] = mapped_column(String(20), default="BRONCE")
    puntos_experiencia: Mapped[int] = mapped_column(Integer, default=0)
    radio_cobertura_km: Mapped[int] = mapped_column(Integer, default=10)
    acepta_instant: Mapped[bool] = mapped_column(Boolean, default=False)
    tarifa_por_hora_centavos: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    descripcion: Mapped[str | None] = mapped_column(Text, nullable=True)
    latitude: Mapped[float | None] = mapped_column(Double, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Double, nullable=True)
    payout_account: Mapped[str | None] = mapped_column(String(32), nullable=True)

    # Read model fed by ReviewCreated and WorkCompleted.
    rating_suma: Mapped[int] = mapped_column(Integer, default=0)
    total_resenas: Mapped[int] = mapped_column(Integer, default=0)
    trabajos_completados: Mapped[int] = mapped_column(Integer, default=0)
    # Read model fed by MessageSent (see ``service.response_time``): None under three conversations.
    tiempo_respuesta_mediano_min: Mapped[int | None] = mapped_column(Integer, nullable=True)

    # When the account was deleted (SPEC §14): the profile is pseudonymised, hidden everywhere, and its KYC
    # documents are erased by the retention job once the period has passed (``retention``).
    eliminado_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, index=True)


class PendingAccountCopy(Base):
    """Account changes (UserUpdated, UserBanned, UserUnbanned) for a user with no profile here yet, applied
    when the profile is created; rows of users who never become professionals expire."""

    __tablename__ = "pending_account_copies"

    usuario_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nombre: Mapped[str | None] = mapped_column(String(100), nullable=True)
    apellido: Mapped[str | None] = mapped_column(String(100), nullable=True)
    avatar_url: Mapped[str | None] = mapped_column(String(512), nullable=True)
    account_copy_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    is_active: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    account_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recibido_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Oficio(TimestampMixin, Base):
    __tablename__ = "oficios"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # A small integer for the search indexes (R*Tree dimension, GiST and b-tree prefix).
    clave: Mapped[int] = mapped_column(Integer, unique=True)
    nombre: Mapped[str] = mapped_column(String(100))
    nombre_normalizado: Mapped[str] = mapped_column(String(100), unique=True)
    descripcion: Mapped[str] = mapped_column(String(1000), default="")
    activo: Mapped[bool] = mapped_column(Boolean, default=True)


class ProfesionalOficio(Base):
    __tablename__ = "profesional_oficios"

    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    oficio_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("oficios.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ServicioInstant(TimestampMixin, Base):
    __tablename__ = "servicios_instant"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    oficio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("oficios.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str] = mapped_column(String(200))
    descripcion: Mapped[str] = mapped_column(String(2000), default="")
    activo: Mapped[bool] = mapped_column(Boolean, default=True)


class ProfesionalServicio(TimestampMixin, Base):
    """A professional's offer of an instant service, with their fixed price (None until they set one)."""

    __tablename__ = "profesional_servicios"

    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    servicio_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("servicios_instant.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    precio_fijo_centavos: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class ServicioPublicado(TimestampMixin, Base):
    """A service a professional publishes themselves, in one of their oficios: their own name, description
    and fixed price. Listed with the instant services (``GET /servicios``) and hired the same way."""

    __tablename__ = "servicios_publicados"
    __table_args__ = (
        Index("ix_servicios_publicados_profesional_id_fecha_creacion", "profesional_id", "fecha_creacion"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE")
    )
    oficio_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("oficios.id", ondelete="CASCADE"), index=True)
    nombre: Mapped[str] = mapped_column(String(200))
    descripcion: Mapped[str] = mapped_column(String(2000), default="")
    precio_fijo_centavos: Mapped[int] = mapped_column(BigInteger)
    activo: Mapped[bool] = mapped_column(Boolean, default=True)


class KycDocumento(Base):
    __tablename__ = "kyc_documentos"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), index=True
    )
    envio: Mapped[int] = mapped_column(Integer)
    nombre_archivo: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    tamano_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255), index=True)
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PortfolioItem(TimestampMixin, Base):
    __tablename__ = "portfolio_items"
    __table_args__ = (Index("ix_portfolio_items_profesional_id_fecha", "profesional_id", "fecha_creacion"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE")
    )
    titulo: Mapped[str] = mapped_column(String(200))
    descripcion: Mapped[str] = mapped_column(String(1000), default="")


class PortfolioImagen(Base):
    __tablename__ = "portfolio_imagenes"
    __table_args__ = (Index("ix_portfolio_imagenes_item_id_orden", "item_id", "orden"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("portfolio_items.id", ondelete="CASCADE"))
    orden: Mapped[int] = mapped_column(Integer)
    imagen_key: Mapped[str] = mapped_column(String(255), index=True)
    thumbnail_key: Mapped[str] = mapped_column(String(255), index=True)
    imagen_url: Mapped[str] = mapped_column(String(512))
    thumbnail_url: Mapped[str] = mapped_column(String(512))
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Resena(Base):
    """Copy of a review (the chat service owns reviews), from ReviewCreated and ReviewReplied."""

    __tablename__ = "resenas"
    __table_args__ = (Index("ix_resenas_profesional_id_fecha_creacion", "profesional_id", "fecha_creacion"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE")
    )
    trabajo_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    # The author (None for copies made before it was kept): their name copy is erased with their account.
    cliente_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, index=True)
    nombre_cliente: Mapped[str] = mapped_column(String(201))
    rating: Mapped[int] = mapped_column(SmallInteger)
    texto_resena: Mapped[str] = mapped_column(Text, default="")
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime())
    # The professional's answer, from ReviewReplied (at most one).
    respuesta: Mapped[str | None] = mapped_column(Text, nullable=True)
    fecha_respuesta: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class XpAward(Base):
    """Experience awarded, at most once per source (a released trabajo or a review)."""

    __tablename__ = "xp_awards"

    fuente: Mapped[str] = mapped_column(String(20), primary_key=True)
    fuente_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), index=True
    )
    puntos: Mapped[int] = mapped_column(Integer)
    otorgado_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Favorito(Base):
    """A client's favourite professional (at most one row per pair; newest first per client)."""

    __tablename__ = "favoritos"
    __table_args__ = (Index("ix_favoritos_cliente_id_fecha_creacion", "cliente_id", "fecha_creacion"),)

    cliente_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UsuarioEliminado(Base):
    """A person whose account was deleted (SPEC §14): events about them that arrive after the erasure
    (already on their way when it ran) must not bring copies of their data back."""

    __tablename__ = "usuarios_eliminados"

    usuario_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    eliminado_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RespuestaConversacion(Base):
    """Response-time read model (from the chat service's MessageSent), one row per conversation: the
    client's first message and the professional's first message after it (None until there is one)."""

    __tablename__ = "respuesta_conversaciones"
    __table_args__ = (
        Index(
            "ix_respuesta_conversaciones_profesional_cliente_at",
            "profesional_usuario_id",
            "primer_mensaje_cliente_at",
        ),
    )

    chat_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    profesional_usuario_id: Mapped[uuid.UUID] = mapped_column()
    primer_mensaje_cliente_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    primera_respuesta_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RespuestaMensajeProfesional(Base):
    """The professional's messages in a conversation that may still turn out to be the first reply (those
    not later than the current first reply: an earlier client message may yet arrive out of order)."""

    __tablename__ = "respuesta_mensajes_profesional"

    chat_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("respuesta_conversaciones.chat_id", ondelete="CASCADE"), primary_key=True
    )
    message_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    enviado_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CancelacionProfesional(Base):
    """A trabajo its professional cancelled (from the chat service's JobCancelled with ``cancelado_por``
    PROFESIONAL): ``cancelaciones_90d`` on the public profile counts them. One row per trabajo, so a
    redelivered event counts once."""

    __tablename__ = "cancelaciones_profesional"
    __table_args__ = (Index("ix_cancelaciones_profesional_profesional_at", "profesional_usuario_id", "at"),)

    trabajo_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    profesional_usuario_id: Mapped[uuid.UUID] = mapped_column()
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class FranjaHoraria(TimestampMixin, Base):
    """A range of a professional's weekly hours (SPEC §11): weekday ``dia`` (0 = lunes … 6 = domingo),
    minutes since midnight in Argentina time, ``desde_min < hasta_min ≤ 1440``; ranges of a day do not
    overlap (``disponibilidad``). Replaced as a whole by ``PUT /professional/disponibilidad``."""

    __tablename__ = "franjas_horarias"

    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    dia: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    desde_min: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hasta_min: Mapped[int] = mapped_column(SmallInteger)


class BloqueoAgenda(TimestampMixin, Base):
    """A period a professional is not available (holidays, a blocked day): ``[desde, hasta)`` in UTC."""

    __tablename__ = "bloqueos_agenda"
    __table_args__ = (Index("ix_bloqueos_agenda_profesional_id_hasta", "profesional_id", "hasta"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("professional_profiles.id", ondelete="CASCADE")
    )
    desde: Mapped[datetime] = mapped_column(UTCDateTime())
    hasta: Mapped[datetime] = mapped_column(UTCDateTime())


# The search read model (Core table: the PostGIS columns exist only in PostgreSQL, so statements name
# their columns explicitly and never select ``location`` or ``cobertura``).
professional_search = Table(
    "professional_search",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("profesional_id", Uuid(), nullable=False, index=True),
    Column("oficio_key", Integer, nullable=False),
    Column("lat", Double, nullable=False),
    Column("lng", Double, nullable=False),
    Column("radio_km", Integer, nullable=False),
    # Unit vector of the location and cos of the coverage angle: the exact coverage check.
    Column("x", Double, nullable=False),
    Column("y", Double, nullable=False),
    Column("z", Double, nullable=False),
    Column("cos_radio", Double, nullable=False),
    Column("min_lat", Double, nullable=False),
    Column("max_lat", Double, nullable=False),
    Column("min_lng", Double, nullable=False),
    Column("max_lng", Double, nullable=False),
    Column("nivel_rank", SmallInteger, nullable=False),
    Column("rating_x100", Integer, nullable=False),
    Column("total_resenas", Integer, nullable=False),
    Column("tarifa_centavos", BigInteger, nullable=True),
    Column("acepta_instant", Boolean, nullable=False),
    Column("nombre", String(100), nullable=False),
    Column("apellido", String(100), nullable=False),
    Column("avatar_url", String(512), nullable=True),
    Column("tiempo_respuesta_mediano_min", Integer, nullable=True),
    # The professional's user id (what pedido matching answers the chat service with); null only in rows
    # built without it (tests), which matching then looks up.
    Column("usuario_id", Uuid(), nullable=True),
    # PostgreSQL only (generated by the database from the columns above), in the oficio's band of the plane.
    Column(
        "cobertura",
        PgBox(),
        Computed(
            f"box(point(min_lng + {OFICIO_PLANE_DEG} * oficio_key, min_lat), "
            f"point(max_lng + {OFICIO_PLANE_DEG} * oficio_key, max_lat))",
            persisted=True,
        ),
    ),
    Column(
        "lugar", PgPoint(), Computed(f"point(lng + {OFICIO_PLANE_DEG} * oficio_key, lat)", persisted=True)
    ),
)

SEARCH_COLUMNS = tuple(c for c in professional_search.c if c.name not in {"cobertura", "lugar"})

# PostgreSQL's search indexes, created by the migrations; declared here so that autogenerate knows them.
_S = professional_search.c
Index(
    "ix_professional_search_cobertura",
    _S.cobertura,
    postgresql_using="gist",
    postgresql_with={"fillfactor": 100},
)
Index(
    "ix_professional_search_lugar", _S.lugar, postgresql_using="spgist", postgresql_with={"fillfactor": 100}
)
Index(
    "ix_professional_search_oficio_rating",
    _S.oficio_key,
    _S.rating_x100.desc(),
    _S.total_resenas.desc(),
    postgresql_with={"fillfactor": 100},
)
Index(
    "ix_professional_search_oficio_nivel",
    _S.oficio_key,
    _S.nivel_rank.desc(),
    _S.rating_x100.desc(),
    postgresql_with={"fillfactor": 100},
)
Index(
    "ix_professional_search_oficio_precio",
    _S.oficio_key,
    _S.tarifa_centavos.asc().nulls_last(),
    _S.profesional_id,
    postgresql_with={"fillfactor": 100},
)
