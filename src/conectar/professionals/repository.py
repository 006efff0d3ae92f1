"""All SQL of the professionals service, except search (``search_index``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, String, Subquery, and_, delete, func, literal_column, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.db import get_row, insert_ignore, utcnow
from conectar.professionals.models import (
    BloqueoAgenda,
    CancelacionProfesional,
    Favorito,
    FranjaHoraria,
    KycDocumento,
    Oficio,
    PendingAccountCopy,
    PortfolioImagen,
    PortfolioItem,
    ProfesionalOficio,
    ProfesionalServicio,
    ProfessionalProfile,
    Resena,
    RespuestaConversacion,
    ServicioInstant,
    ServicioPublicado,
    UsuarioEliminado,
    XpAward,
)

# --- profiles ---------------------------------------------------------------------------------------


async def profile_by_user(
    session: AsyncSession, usuario_id: uuid.UUID, *, lock: bool = False
) -> ProfessionalProfile | None:
    query = select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == usuario_id)
    if lock:
        # As locked, not as an earlier read of this session (a shared batch of events) left it.
        query = query.with_for_update().execution_options(populate_existing=True)
    return (await session.execute(query)).scalar_one_or_none()


async def users_with_profile(session: AsyncSession, usuario_ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people have a professional profile (one query, no profile loaded)."""
    P = ProfessionalProfile
    rows = await session.execute(select(P.usuario_id).where(P.usuario_id.in_(list(usuario_ids))))
    return set(rows.scalars())


async def profile_by_id(
    session: AsyncSession, profile_id: uuid.UUID, *, lock: bool = False
) -> ProfessionalProfile | None:
    return await get_row(session, ProfessionalProfile, profile_id, lock=lock)


async def profile_by_id_or_user(
    session: AsyncSession, some_id: uuid.UUID, *, lock: bool = False
) -> ProfessionalProfile | None:
    """Public links may carry the profile id or the professional's user id."""
    return await profile_by_id(session, some_id, lock=lock) or await profile_by_user(
        session, some_id, lock=lock
    )


async def insert_profile_if_missing(
    session: AsyncSession,
    *,
    usuario_id: uuid.UUID,
    email: str,
    nombre: str,
    apellido: str,
    is_active: bool,
    fecha_creacion: datetime,
) -> bool:
    return await insert_ignore(
        session,
        ProfessionalProfile.__table__,  # type: ignore[arg-type]
        {
            "id": uuid.uuid4(),
            "usuario_id": usuario_id,
            "email": email,
            "nombre": nombre,
            "apellido": apellido,
            "account_copy_at": fecha_creacion,
            "is_active_copy": is_active,
            "account_status_at": None,
            "estado_verificacion": "PENDIENTE",
            "nivel": "BRONCE",
            "puntos_experiencia": 0,
            "radio_cobertura_km": 10,
            "acepta_instant": False,
            "rating_suma": 0,
            "total_resenas": 0,
            "trabajos_completados": 0,
            "fecha_creacion": fecha_creacion,
            "fecha_actualizacion": fecha_creacion,
        },
    )


async def pending_copy(
    session: AsyncSession, usuario_id: uuid.UUID, *, lock: bool = False
) -> PendingAccountCopy | None:
    return await get_row(session, PendingAccountCopy, usuario_id, lock=lock)


async def claim_pending_copy(session: AsyncSession, usuario_id: uuid.UUID) -> PendingAccountCopy:
    """The pending copy of this person, inserted empty when there is none, and locked. A unit of work that
    creates the profile and one that keeps an account change aside both claim it: on PostgreSQL the
    second waits until the first has committed (even for a row the first inserted, not yet visible)."""
    await insert_ignore(
        session,
        PendingAccountCopy.__table__,  # type: ignore[arg-type]
        {"usuario_id": usuario_id, "recibido_at": utcnow()},
    )
    claimed = await get_row(session, PendingAccountCopy, usuario_id, lock=True, refresh=True)
    assert claimed is not None  # inserted above, or there already
    return claimed


async def delete_pending_copy(session: AsyncSession, usuario_id: uuid.UUID) -> None:
    await session.execute(delete(PendingAccountCopy).where(PendingAccountCopy.usuario_id == usuario_id))


async def delete_pending_copies_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(PendingAccountCopy).where(PendingAccountCopy.recibido_at < before))


async def kyc_queue(session: AsyncSession) -> Sequence[ProfessionalProfile]:
    rows = await session.execute(
        select(ProfessionalProfile)
        .where(
            ProfessionalProfile.estado_verificacion == "EN_REVISION",
            ProfessionalProfile.eliminado_at.is_(None),
        )
        .order_by(ProfessionalProfile.kyc_enviado_at, ProfessionalProfile.id)
    )
    return list(rows.scalars())


async def leaderboard(session: AsyncSession, *, limit: int) -> Sequence[ProfessionalProfile]:
    rows = await session.execute(
        select(ProfessionalProfile)
        .where(
            ProfessionalProfile.estado_verificacion == "APROBADO",
            ProfessionalProfile.is_active_copy.is_(True),
        )
        .order_by(
            ProfessionalProfile.puntos_experiencia.desc(),
            ProfessionalProfile.total_resenas.desc(),
            ProfessionalProfile.id,
        )
        .limit(limit)
    )
    return list(rows.scalars())


# --- oficios ----------------------------------------------------------------------------------------


async def oficios(session: AsyncSession, *, only_active: bool) -> Sequence[Oficio]:
    query = select(Oficio)
    if only_active:
        query = query.where(Oficio.activo.is_(True))
    return list((await session.execute(query)).scalars())


async def oficio(session: AsyncSession, oficio_id: uuid.UUID, *, lock: bool = False) -> Oficio | None:
    return await get_row(session, Oficio, oficio_id, lock=lock)


async def oficio_by_normalised_name(session: AsyncSession, normalised: str) -> Oficio | None:
    query = select(Oficio).where(Oficio.nombre_normalizado == normalised)
    return (await session.execute(query)).scalar_one_or_none()


async def oficios_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[Oficio]:
    if not ids:
        return []
    return list((await session.execute(select(Oficio).where(Oficio.id.in_(ids)))).scalars())


async def next_oficio_clave(session: AsyncSession) -> int:
    current = (await session.execute(select(func.max(Oficio.clave)))).scalar_one()
    return int(current or 0) + 1


async def oficios_of(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[Oficio]:
    rows = await session.execute(
        select(Oficio)
        .join(ProfesionalOficio, ProfesionalOficio.oficio_id == Oficio.id)
        .where(ProfesionalOficio.profesional_id == profile_id)
    )
    return list(rows.scalars())


async def replace_oficios(
    session: AsyncSession, profile_id: uuid.UUID, oficio_ids: Sequence[uuid.UUID]
) -> None:
    await session.execute(delete(ProfesionalOficio).where(ProfesionalOficio.profesional_id == profile_id))
    for oficio_id in oficio_ids:
        session.add(ProfesionalOficio(profesional_id=profile_id, oficio_id=oficio_id))
    await session.flush()


# --- instant services -------------------------------------------------------------------------------


async def servicio(
    session: AsyncSession, servicio_id: uuid.UUID, *, lock: bool = False
) -> ServicioInstant | None:
    return await get_row(session, ServicioInstant, servicio_id, lock=lock)


async def servicios_of_oficio(
    session: AsyncSession, oficio_id: uuid.UUID, *, only_active: bool
) -> Sequence[ServicioInstant]:
    query = select(ServicioInstant).where(ServicioInstant.oficio_id == oficio_id)
    if only_active:
        query = query.where(ServicioInstant.activo.is_(True))
    return list((await session.execute(query.order_by(ServicioInstant.nombre))).scalars())


async def servicios_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> Sequence[ServicioInstant]:
    if not ids:
        return []
    rows = await session.execute(select(ServicioInstant).where(ServicioInstant.id.in_(ids)))
    return list(rows.scalars())


async def offers_of(
    session: AsyncSession, profile_id: uuid.UUID, *, only_active: bool = False
) -> Sequence[tuple[ProfesionalServicio, ServicioInstant]]:
    query = (
        select(ProfesionalServicio, ServicioInstant)
        .join(ServicioInstant, ServicioInstant.id == ProfesionalServicio.servicio_id)
        .where(ProfesionalServicio.profesional_id == profile_id)
        .order_by(ServicioInstant.nombre, ServicioInstant.id)
    )
    if only_active:
        query = query.where(ServicioInstant.activo.is_(True))
    return [(offer, serv) for offer, serv in (await session.execute(query)).all()]


async def offer(
    session: AsyncSession, profile_id: uuid.UUID, servicio_id: uuid.UUID, *, lock: bool = False
) -> ProfesionalServicio | None:
    query = select(ProfesionalServicio).where(
        ProfesionalServicio.profesional_id == profile_id, ProfesionalServicio.servicio_id == servicio_id
    )
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def delete_offers_except(
    session: AsyncSession, profile_id: uuid.UUID, keep: Sequence[uuid.UUID]
) -> None:
    query = delete(ProfesionalServicio).where(ProfesionalServicio.profesional_id == profile_id)
    if keep:
        query = query.where(ProfesionalServicio.servicio_id.not_in(keep))
    await session.execute(query)


# What ``GET /servicios`` lists, one row per hireable item: a priced offer of an active catalog service, or
# an active service a professional published in an oficio they still hold.
TIPO_CATALOGO, TIPO_PUBLICADO = "catalogo", "publicado"


@dataclass(frozen=True)
class Hireable:
    """One hireable item and its professional (``GET /servicios``)."""

    tipo: str
    id: uuid.UUID
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    precio_fijo_centavos: int
    profile: ProfessionalProfile


def hireable_items(oficio_id: uuid.UUID | None) -> Subquery:
    """Every hireable item (catalog offers and published services) of anyone, in ``oficio_id`` when given:
    the professionals' own conditions (approved, active, accepting instant hires, covering a point) are the
    caller's."""
    catalogo = (
        select(
            literal_column(f"'{TIPO_CATALOGO}'", String()).label("tipo"),
            ProfesionalServicio.servicio_id.label("id"),
            ProfesionalServicio.profesional_id.label("profesional_id"),
            ServicioInstant.nombre.label("nombre"),
            ServicioInstant.descripcion.label("descripcion"),
            ServicioInstant.oficio_id.label("oficio_id"),
            ProfesionalServicio.precio_fijo_centavos.label("precio_fijo_centavos"),
        )
        .join(ServicioInstant, ServicioInstant.id == ProfesionalServicio.servicio_id)
        .where(ProfesionalServicio.precio_fijo_centavos.is_not(None), ServicioInstant.activo.is_(True))
    )
    publicados = (
        select(
            literal_column(f"'{TIPO_PUBLICADO}'", String()),
            ServicioPublicado.id,
            ServicioPublicado.profesional_id,
            ServicioPublicado.nombre,
            ServicioPublicado.descripcion,
            ServicioPublicado.oficio_id,
            ServicioPublicado.precio_fijo_centavos,
        )
        .join(
            ProfesionalOficio,
            and_(
                ProfesionalOficio.profesional_id == ServicioPublicado.profesional_id,
                ProfesionalOficio.oficio_id == ServicioPublicado.oficio_id,
            ),
        )
        .where(ServicioPublicado.activo.is_(True))
    )
    if oficio_id is not None:
        catalogo = catalogo.where(ServicioInstant.oficio_id == oficio_id)
        publicados = publicados.where(ServicioPublicado.oficio_id == oficio_id)
    return union_all(catalogo, publicados).subquery("hireable")


def hireable_rows(rows: Sequence[Row[*tuple[Any, ...]]]) -> list[Hireable]:
    """Rows of ``select(<hireable_items columns>…, ProfessionalProfile)`` as :class:`Hireable`."""
    return [
        Hireable(
            tipo=row.tipo,
            id=row.id,
            nombre=row.nombre,
            descripcion=row.descripcion or "",
            oficio_id=row.oficio_id,
            precio_fijo_centavos=row.precio_fijo_centavos,
            profile=row.ProfessionalProfile,
        )
        for row in rows
    ]


async def hireable_offers(
    session: AsyncSession, *, oficio_id: uuid.UUID | None, offset: int, limit: int
) -> list[Hireable]:
    """Hireable items of approved, active professionals who accept instant hires, cheapest first
    (anywhere; at a point: ``search_index.hireable_at``)."""
    items = hireable_items(oficio_id)
    query = (
        select(*items.c, ProfessionalProfile)
        .join(ProfessionalProfile, ProfessionalProfile.id == items.c.profesional_id)
        .where(
            ProfessionalProfile.estado_verificacion == "APROBADO",
            ProfessionalProfile.is_active_copy.is_(True),
            ProfessionalProfile.acepta_instant.is_(True),
        )
        .order_by(items.c.precio_fijo_centavos, items.c.profesional_id, items.c.id)
        .offset(offset)
        .limit(limit)
    )
    return hireable_rows((await session.execute(query)).all())


# --- published services -----------------------------------------------------------------------------


async def publicados_of(
    session: AsyncSession, profile_id: uuid.UUID
) -> list[tuple[ServicioPublicado, Oficio]]:
    """A professional's published services with their oficio, newest first."""
    rows = await session.execute(
        select(ServicioPublicado, Oficio)
        .join(Oficio, Oficio.id == ServicioPublicado.oficio_id)
        .where(ServicioPublicado.profesional_id == profile_id)
        .order_by(ServicioPublicado.fecha_creacion.desc(), ServicioPublicado.id)
    )
    return [(servicio, oficio) for servicio, oficio in rows.all()]


async def active_publicados_of(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[ServicioPublicado]:
    """The published services clients may hire from this professional (active, in an oficio they hold),
    cheapest first."""
    rows = await session.execute(
        select(ServicioPublicado)
        .join(
            ProfesionalOficio,
            and_(
                ProfesionalOficio.profesional_id == ServicioPublicado.profesional_id,
                ProfesionalOficio.oficio_id == ServicioPublicado.oficio_id,
            ),
        )
        .where(ServicioPublicado.profesional_id == profile_id, ServicioPublicado.activo.is_(True))
        .order_by(ServicioPublicado.precio_fijo_centavos, ServicioPublicado.id)
    )
    return list(rows.scalars())


async def count_publicados(session: AsyncSession, profile_id: uuid.UUID) -> int:
    return int(
        (
            await session.execute(
                select(func.count())
                .select_from(ServicioPublicado)
                .where(ServicioPublicado.profesional_id == profile_id)
            )
        ).scalar_one()
    )


async def publicado(
    session: AsyncSession, servicio_id: uuid.UUID, *, lock: bool = False
) -> ServicioPublicado | None:
    return await get_row(session, ServicioPublicado, servicio_id, lock=lock)


async def holds_oficio(session: AsyncSession, profile_id: uuid.UUID, oficio_id: uuid.UUID) -> bool:
    found = await session.execute(
        select(ProfesionalOficio.oficio_id).where(
            ProfesionalOficio.profesional_id == profile_id, ProfesionalOficio.oficio_id == oficio_id
        )
    )
    return found.first() is not None


# --- KYC --------------------------------------------------------------------------------------------


async def kyc_documents(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[KycDocumento]:
    rows = await session.execute(
        select(KycDocumento)
        .where(KycDocumento.profesional_id == profile_id)
        .order_by(KycDocumento.envio.desc(), KycDocumento.fecha_creacion, KycDocumento.id)
    )
    return list(rows.scalars())


async def kyc_documents_of_many(
    session: AsyncSession, profile_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[KycDocumento]]:
    found: dict[uuid.UUID, list[KycDocumento]] = {pid: [] for pid in profile_ids}
    if not profile_ids:
        return found
    rows = await session.execute(
        select(KycDocumento)
        .where(KycDocumento.profesional_id.in_(profile_ids))
        .order_by(KycDocumento.envio.desc(), KycDocumento.fecha_creacion, KycDocumento.id)
    )
    for doc in rows.scalars():
        found[doc.profesional_id].append(doc)
    return found


async def kyc_document(
    session: AsyncSession, profile_id: uuid.UUID, doc_id: uuid.UUID
) -> KycDocumento | None:
    rows = await session.execute(
        select(KycDocumento).where(KycDocumento.id == doc_id, KycDocumento.profesional_id == profile_id)
    )
    return rows.scalar_one_or_none()


async def last_kyc_envio(session: AsyncSession, profile_id: uuid.UUID) -> int:
    result = await session.execute(
        select(func.max(KycDocumento.envio)).where(KycDocumento.profesional_id == profile_id)
    )
    return int(result.scalar_one() or 0)


# --- portfolio --------------------------------------------------------------------------------------


async def portfolio_items(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[PortfolioItem]:
    rows = await session.execute(
        select(PortfolioItem)
        .where(PortfolioItem.profesional_id == profile_id)
        .order_by(PortfolioItem.fecha_creacion.desc(), PortfolioItem.id)
    )
    return list(rows.scalars())


async def portfolio_item(
    session: AsyncSession, item_id: uuid.UUID, *, lock: bool = False
) -> PortfolioItem | None:
    return await get_row(session, PortfolioItem, item_id, lock=lock)


async def images_of(
    session: AsyncSession, item_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[PortfolioImagen]]:
    found: dict[uuid.UUID, list[PortfolioImagen]] = {item_id: [] for item_id in item_ids}
    if not item_ids:
        return found
    rows = await session.execute(
        select(PortfolioImagen)
        .where(PortfolioImagen.item_id.in_(item_ids))
        .order_by(PortfolioImagen.item_id, PortfolioImagen.orden)
    )
    for image in rows.scalars():
        found[image.item_id].append(image)
    return found


# --- reviews and experience -------------------------------------------------------------------------


async def insert_review(session: AsyncSession, values: dict[str, object]) -> bool:
    return await insert_ignore(session, Resena.__table__, values)  # type: ignore[arg-type]


async def review_exists(session: AsyncSession, resena_id: uuid.UUID) -> bool:
    found = await session.execute(select(Resena.id).where(Resena.id == resena_id))
    return found.scalar_one_or_none() is not None


async def set_review_reply(
    session: AsyncSession, resena_id: uuid.UUID, respuesta: str, fecha_respuesta: datetime
) -> bool:
    """Store the answer unless the review already has one; True when this call stored it."""
    result = await session.execute(
        update(Resena)
        .where(Resena.id == resena_id, Resena.respuesta.is_(None))
        .values(respuesta=respuesta, fecha_respuesta=fecha_respuesta)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def reviews_page(
    session: AsyncSession, profile_id: uuid.UUID, *, offset: int, limit: int
) -> tuple[Sequence[Resena], int]:
    total = (
        await session.execute(
            select(func.count()).select_from(Resena).where(Resena.profesional_id == profile_id)
        )
    ).scalar_one()
    rows = await session.execute(
        select(Resena)
        .where(Resena.profesional_id == profile_id)
        .order_by(Resena.fecha_creacion.desc(), Resena.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


async def award_xp(
    session: AsyncSession, *, fuente: str, fuente_id: uuid.UUID, profile_id: uuid.UUID, puntos: int
) -> bool:
    """Record an award once per source; True when this call recorded it."""
    return await insert_ignore(
        session,
        XpAward.__table__,  # type: ignore[arg-type]
        {"fuente": fuente, "fuente_id": fuente_id, "profesional_id": profile_id, "puntos": puntos},
    )


# --- personal data (SPEC §14) -----------------------------------------------------------------------


async def is_erased(session: AsyncSession, usuario_id: uuid.UUID) -> bool:
    found = await session.execute(
        select(UsuarioEliminado.usuario_id).where(UsuarioEliminado.usuario_id == usuario_id)
    )
    return found.scalar_one_or_none() is not None


async def mark_erased(session: AsyncSession, usuario_id: uuid.UUID, at: datetime) -> None:
    """Remember that the person was deleted (the first time wins)."""
    await insert_ignore(
        session,
        UsuarioEliminado.__table__,  # type: ignore[arg-type]
        {"usuario_id": usuario_id, "eliminado_at": at},
    )


async def favourites_of_client(session: AsyncSession, cliente_id: uuid.UUID) -> Sequence[Favorito]:
    rows = await session.execute(
        select(Favorito).where(Favorito.cliente_id == cliente_id).order_by(Favorito.fecha_creacion.desc())
    )
    return list(rows.scalars())


async def reviews_written_by(session: AsyncSession, cliente_id: uuid.UUID) -> Sequence[Resena]:
    rows = await session.execute(
        select(Resena).where(Resena.cliente_id == cliente_id).order_by(Resena.fecha_creacion.desc())
    )
    return list(rows.scalars())


async def all_reviews_of(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[Resena]:
    rows = await session.execute(
        select(Resena).where(Resena.profesional_id == profile_id).order_by(Resena.fecha_creacion.desc())
    )
    return list(rows.scalars())


async def xp_awards_of(session: AsyncSession, profile_id: uuid.UUID) -> Sequence[XpAward]:
    rows = await session.execute(
        select(XpAward).where(XpAward.profesional_id == profile_id).order_by(XpAward.otorgado_at)
    )
    return list(rows.scalars())


async def erase_client_data(session: AsyncSession, usuario_id: uuid.UUID, display_name: str) -> None:
    """What the person left here as a client: their favourites go, the copies of their name on the reviews
    they wrote become ``display_name``; a pending copy of their account goes."""
    await session.execute(delete(Favorito).where(Favorito.cliente_id == usuario_id))
    await session.execute(
        update(Resena)
        .where(Resena.cliente_id == usuario_id, Resena.nombre_cliente != display_name)
        .values(nombre_cliente=display_name)
    )
    await delete_pending_copy(session, usuario_id)


async def erase_professional_rows(session: AsyncSession, profile: ProfessionalProfile) -> None:
    """The rows of a deleted professional's offering and read models: oficios, instant services and prices,
    the services they published, their weekly hours and blocked periods,
    clients' favourites of them, the review copies about them (the chat service keeps the reviews), the
    response-time and cancellation read models. The portfolio goes with its files (the caller's)."""
    await session.execute(delete(ProfesionalOficio).where(ProfesionalOficio.profesional_id == profile.id))
    await session.execute(delete(ProfesionalServicio).where(ProfesionalServicio.profesional_id == profile.id))
    await session.execute(delete(ServicioPublicado).where(ServicioPublicado.profesional_id == profile.id))
    await session.execute(delete(Favorito).where(Favorito.profesional_id == profile.id))
    await session.execute(delete(Resena).where(Resena.profesional_id == profile.id))
    await session.execute(delete(FranjaHoraria).where(FranjaHoraria.profesional_id == profile.id))
    await session.execute(delete(BloqueoAgenda).where(BloqueoAgenda.profesional_id == profile.id))
    await session.execute(
        delete(RespuestaConversacion).where(
            RespuestaConversacion.profesional_usuario_id == profile.usuario_id
        )
    )
    await session.execute(
        delete(CancelacionProfesional).where(
            CancelacionProfesional.profesional_usuario_id == profile.usuario_id
        )
    )


async def delete_portfolio(session: AsyncSession, profile_id: uuid.UUID) -> list[PortfolioImagen]:
    """Delete a professional's portfolio; the images whose files are to be deleted."""
    items = [i.id for i in await portfolio_items(session, profile_id)]
    images = [image for found in (await images_of(session, items)).values() for image in found]
    if items:
        await session.execute(delete(PortfolioImagen).where(PortfolioImagen.item_id.in_(items)))
        await session.execute(delete(PortfolioItem).where(PortfolioItem.id.in_(items)))
    return images


async def profiles_with_expired_kyc(
    session: AsyncSession, *, rejected_before: datetime, deleted_before: datetime, limit: int
) -> list[uuid.UUID]:
    """Profiles that still have KYC documents and were deleted before ``deleted_before``, or rejected before
    ``rejected_before`` and still rejected."""
    has_documents = select(KycDocumento.id).where(KycDocumento.profesional_id == ProfessionalProfile.id)
    query = (
        select(ProfessionalProfile.id)
        .where(
            has_documents.exists(),
            (ProfessionalProfile.eliminado_at < deleted_before)
            | (
                (ProfessionalProfile.estado_verificacion == "RECHAZADO")
                & (ProfessionalProfile.kyc_revisado_at < rejected_before)
            ),
        )
        .order_by(ProfessionalProfile.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def delete_kyc_documents(session: AsyncSession, profile_id: uuid.UUID) -> None:
    await session.execute(delete(KycDocumento).where(KycDocumento.profesional_id == profile_id))


# --- availability (SPEC §11) ------------------------------------------------------------------------


async def franjas_of(session: AsyncSession, profile_id: uuid.UUID) -> list[FranjaHoraria]:
    query = (
        select(FranjaHoraria)
        .where(FranjaHoraria.profesional_id == profile_id)
        .order_by(FranjaHoraria.dia, FranjaHoraria.desde_min)
    )
    return list((await session.execute(query)).scalars())


async def bloqueos_of(
    session: AsyncSession, profile_id: uuid.UUID, *, ending_after: datetime
) -> list[BloqueoAgenda]:
    """The blocked periods not over yet, earliest first."""
    query = (
        select(BloqueoAgenda)
        .where(BloqueoAgenda.profesional_id == profile_id, BloqueoAgenda.hasta > ending_after)
        .order_by(BloqueoAgenda.desde, BloqueoAgenda.hasta, BloqueoAgenda.id)
    )
    return list((await session.execute(query)).scalars())


async def replace_franjas(
    session: AsyncSession, profile_id: uuid.UUID, franjas: Sequence[FranjaHoraria]
) -> None:
    await session.execute(delete(FranjaHoraria).where(FranjaHoraria.profesional_id == profile_id))
    session.add_all(franjas)
    await session.flush()


async def replace_bloqueos(
    session: AsyncSession, profile_id: uuid.UUID, bloqueos: Sequence[BloqueoAgenda]
) -> None:
    await session.execute(delete(BloqueoAgenda).where(BloqueoAgenda.profesional_id == profile_id))
    session.add_all(bloqueos)
    await session.flush()


# --- pedido matching (SPEC §10) ---------------------------------------------------------------------


async def usuario_ids_of(
    session: AsyncSession, profile_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """Profile id → user id, for the given profiles."""
    if not profile_ids:
        return {}
    query = select(ProfessionalProfile.id, ProfessionalProfile.usuario_id).where(
        ProfessionalProfile.id.in_(profile_ids)
    )
    return {row[0]: row[1] for row in (await session.execute(query)).all()}


async def active_oficio_claves(
    session: AsyncSession, oficio_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """Oficio id → its search key, for the given oficios that exist and are active."""
    if not oficio_ids:
        return {}
    query = select(Oficio.id, Oficio.clave).where(Oficio.id.in_(oficio_ids), Oficio.activo.is_(True))
    return {row[0]: row[1] for row in (await session.execute(query)).all()}
