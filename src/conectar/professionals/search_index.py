"""The search read model (``professional_search``): keeping it in sync, and querying it on both backends.

A row exists for each oficio of each *searchable* professional (APROBADO, account active and not deleted,
location set), holding everything a search filters, sorts and shows, the bounding box of the coverage
circle, and the location as a unit vector with ``cos_radio`` = cos(radius / R), so that "the
professional's own circle contains the client's point" (SPEC §3) is exact plain arithmetic in SQL:
``x·px + y·py + z·pz >= cos_radio`` — the same doubles and the same formula on both backends
(:func:`domain.rank_candidates` is the Python reference the tests hold both to).

- SQLite: an R*Tree over (oficio, lat, lng) boxes finds the boxes that contain the point; SQL checks the
  circles, sorts and pages.
- PostgreSQL: the boxes and locations live in a per-oficio band of the plane (longitude + 400° × oficio
  key), so single-column indexes serve every oficio. A GiST index on the boxes (``cobertura``) counts the
  boxes that contain the point (index-only, up to ``dense_threshold``); while few do, their rows are
  checked, sorted and paged. When many do (the middle of a big city), sorting them all would cost tens of
  milliseconds, so the query walks a small b-tree already in the requested order (rating, price, level;
  PostgreSQL sorts each run of equal keys by profile id) checking each row's circle, and stops at the
  page's end; for distance it reads the locations in a box around the point from the SP-GiST on ``lugar``
  and widens the box until it holds a page of covering rows, which is then exact. Dense means most rows
  pass, so little more than a page is read. All paths return the same rows in the same order.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import (
    Double,
    Select,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from conectar.professionals import domain
from conectar.professionals.domain import (
    LEVEL_RANK,
    EstadoVerificacion,
    SearchCandidate,
    SearchFilters,
    SearchHit,
    SortBy,
)
from conectar.professionals.models import (
    OFICIO_PLANE_DEG,
    Oficio,
    ProfesionalOficio,
    ProfessionalProfile,
    professional_search,
)
from conectar.professionals.repository import Hireable, hireable_items, hireable_rows

DENSE_THRESHOLD = 2000
NEAREST_START_KM = 1.0
"""Radius of the first box the nearest-first page reads around the point (then widened as needed)."""
HALF_CIRCUMFERENCE_KM = math.pi * domain.EARTH_RADIUS_M / 1000

S = professional_search
RTREE = table(
    "professional_search_rtree",
    column("id"),
    column("min_oficio"),
    column("max_oficio"),
    column("min_lat"),
    column("max_lat"),
    column("min_lng"),
    column("max_lng"),
)
ROW_COLUMNS = (
    "profesional_id",
    "lat",
    "lng",
    "radio_km",
    "nivel_rank",
    "rating_x100",
    "total_resenas",
    "tarifa_centavos",
    "acepta_instant",
    "nombre",
    "apellido",
    "avatar_url",
    "tiempo_respuesta_mediano_min",
    "usuario_id",
)


# --- keeping the read model in sync -----------------------------------------------------------------


def is_searchable(profile: ProfessionalProfile) -> bool:
    return (
        profile.estado_verificacion == EstadoVerificacion.APROBADO
        and profile.is_active_copy
        and profile.eliminado_at is None
        and profile.latitude is not None
        and profile.longitude is not None
    )


def search_rows(
    *,
    profesional_id: uuid.UUID,
    oficio_keys: Sequence[int],
    lat: float,
    lng: float,
    radio_km: int,
    nivel: str,
    rating_suma: int,
    total_resenas: int,
    tarifa_centavos: int | None,
    acepta_instant: bool,
    nombre: str,
    apellido: str,
    avatar_url: str | None,
    tiempo_respuesta_mediano_min: int | None = None,
    usuario_id: uuid.UUID | None = None,
) -> list[dict[str, Any]]:
    """The read-model rows of one searchable professional (also used by the benchmark's loader)."""
    box = domain.coverage_box(lat, lng, radio_km)
    x, y, z = domain.unit_vector(lat, lng)
    common = {
        "profesional_id": profesional_id,
        "lat": lat,
        "lng": lng,
        "radio_km": radio_km,
        "x": x,
        "y": y,
        "z": z,
        "cos_radio": domain.cos_radius(radio_km),
        "min_lat": box.min_lat,
        "max_lat": box.max_lat,
        "min_lng": box.min_lng,
        "max_lng": box.max_lng,
        "nivel_rank": LEVEL_RANK[nivel],
        "rating_x100": domain.rating_x100(rating_suma, total_resenas),
        "total_resenas": total_resenas,
        "tarifa_centavos": tarifa_centavos,
        "acepta_instant": acepta_instant,
        "nombre": nombre,
        "apellido": apellido,
        "avatar_url": avatar_url,
        "tiempo_respuesta_mediano_min": tiempo_respuesta_mediano_min,
        "usuario_id": usuario_id,
    }
    return [{**common, "oficio_key": key} for key in sorted(set(oficio_keys))]


async def sync(session: AsyncSession, profile: ProfessionalProfile) -> None:
    """Rewrite a professional's rows; call it in the transaction of every change to the profile."""
    await session.flush()
    await session.execute(delete(S).where(S.c.profesional_id == profile.id))
    if not is_searchable(profile):
        return
    keys = (
        await session.execute(
            select(Oficio.clave)
            .join(ProfesionalOficio, ProfesionalOficio.oficio_id == Oficio.id)
            .where(ProfesionalOficio.profesional_id == profile.id)
        )
    ).scalars()
    assert profile.latitude is not None
    assert profile.longitude is not None
    rows = search_rows(
        profesional_id=profile.id,
        oficio_keys=list(keys),
        lat=profile.latitude,
        lng=profile.longitude,
        radio_km=profile.radio_cobertura_km,
        nivel=profile.nivel,
        rating_suma=profile.rating_suma,
        total_resenas=profile.total_resenas,
        tarifa_centavos=profile.tarifa_por_hora_centavos,
        acepta_instant=profile.acepta_instant,
        nombre=profile.nombre,
        apellido=profile.apellido,
        avatar_url=profile.avatar_url,
        tiempo_respuesta_mediano_min=profile.tiempo_respuesta_mediano_min,
        usuario_id=profile.usuario_id,
    )
    if rows:
        await session.execute(insert(S), rows)


# --- querying ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    oficio_key: int
    lat: float
    lng: float
    filters: SearchFilters
    sort: SortBy
    offset: int
    limit: int
    want_total: bool = False

    @cached_property
    def vector(self) -> tuple[float, float, float]:
        return domain.unit_vector(self.lat, self.lng)


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit]
    total: int | None
    strategy: str


def _closeness(t: Any, q: SearchQuery) -> ColumnElement[float]:
    px, py, pz = q.vector
    expression: ColumnElement[float] = t.c.x * px + t.c.y * py + t.c.z * pz
    return expression


def _filters(t: Any, q: SearchQuery) -> list[ColumnElement[bool]]:
    f = q.filters
    clauses: list[ColumnElement[bool]] = []
    if f.nivel is not None:
        clauses.append(t.c.nivel_rank == LEVEL_RANK[f.nivel])
    if f.acepta_instant is not None:
        clauses.append(t.c.acepta_instant.is_(f.acepta_instant))
    if f.rating_minimo_x100 is not None:
        clauses.append(t.c.rating_x100 >= f.rating_minimo_x100)
    if f.precio_maximo_centavos is not None:
        clauses.append(t.c.tarifa_centavos <= f.precio_maximo_centavos)
    return clauses


def _covering(t: Any, q: SearchQuery) -> list[ColumnElement[bool]]:
    """The professional's own circle contains the point (and, for POST /search, the point's radius)."""
    closeness = _closeness(t, q)
    clauses = [closeness >= t.c.cos_radio]
    if q.filters.radio_km is not None:
        clauses.append(closeness >= domain.cos_radius(q.filters.radio_km))
    return clauses


def _order(t: Any, q: SearchQuery) -> list[ColumnElement[Any]]:
    if q.sort is SortBy.DISTANCIA:
        return [_closeness(t, q).desc(), t.c.profesional_id]
    if q.sort is SortBy.RATING:
        return [t.c.rating_x100.desc(), t.c.total_resenas.desc(), t.c.profesional_id]
    if q.sort is SortBy.PRECIO:
        return [t.c.tarifa_centavos.asc().nulls_last(), t.c.profesional_id]
    return [t.c.nivel_rank.desc(), t.c.rating_x100.desc(), t.c.profesional_id]


def _hit(row: Any, q: SearchQuery) -> SearchHit:
    candidate = SearchCandidate(
        profesional_id=row[0],
        lat=row[1],
        lng=row[2],
        radio_km=row[3],
        nivel_rank=row[4],
        rating_x100=row[5],
        total_resenas=row[6],
        tarifa_centavos=row[7],
        acepta_instant=bool(row[8]),
        nombre=row[9],
        apellido=row[10],
        avatar_url=row[11],
        tiempo_respuesta_mediano_min=row[12],
        usuario_id=row[13],
    )
    v = domain.unit_vector(candidate.lat, candidate.lng)
    p = q.vector
    return SearchHit(
        candidate,
        domain.sphere_distance_m(candidate.lat, candidate.lng, q.lat, q.lng),
        v[0] * p[0] + v[1] * p[1] + v[2] * p[2],
    )


def _row_columns(t: Any) -> list[ColumnElement[Any]]:
    return [getattr(t.c, name) for name in ROW_COLUMNS]


# SQLite: the R*Tree finds the coverage boxes that contain the point; SQL checks, sorts and pages.


def _rtree_where(q: SearchQuery) -> list[ColumnElement[bool]]:
    return [
        RTREE.c.min_oficio <= q.oficio_key,
        RTREE.c.max_oficio >= q.oficio_key,
        RTREE.c.min_lat <= q.lat,
        RTREE.c.max_lat >= q.lat,
        RTREE.c.min_lng <= q.lng,
        RTREE.c.max_lng >= q.lng,
        *_filters(S, q),
        *_covering(S, q),
    ]


def _sqlite_page(q: SearchQuery) -> Select[Any]:
    return (
        select(*_row_columns(S))
        .select_from(RTREE.join(S, S.c.id == RTREE.c.id))
        .where(*_rtree_where(q))
        .order_by(*_order(S, q))
        .offset(q.offset)
        .limit(q.limit)
    )


def _sqlite_total(q: SearchQuery) -> Select[Any]:
    return select(func.count()).select_from(RTREE.join(S, S.c.id == RTREE.c.id)).where(*_rtree_where(q))


# PostgreSQL: the same through the GiST on the boxes while few cover the point; an ordered walk when many.
# The probe is index-only; pages and totals read the rows they check (the indexes carry no columns).


def _band(lng: float, oficio_key: int) -> float:
    """A longitude in the oficio's band of the plane (the same double PostgreSQL computes for the rows)."""
    return lng + OFICIO_PLANE_DEG * oficio_key


def _pg_box(min_lng: Any, min_lat: Any, max_lng: Any, max_lat: Any) -> ColumnElement[Any]:
    return func.box(func.point(min_lng, min_lat), func.point(max_lng, max_lat))


def _point_box(q: SearchQuery) -> ColumnElement[Any]:
    lng = _band(q.lng, q.oficio_key)
    return _pg_box(lng, q.lat, lng, q.lat)


def _boxes(q: SearchQuery) -> list[ColumnElement[bool]]:
    """The rows of the query's oficio whose coverage box contains the point (the band implies the oficio)."""
    return [S.c.cobertura.op("&&")(_point_box(q)), *_filters(S, q)]


def _probe(q: SearchQuery, cap: int) -> Select[Any]:
    """How many boxes of the oficio contain the point (whatever the filters), counting no further than
    ``cap``: from the box index alone."""
    capped = (
        select(literal_column("1").label("one"))
        .select_from(S)
        .where(S.c.cobertura.op("&&")(_point_box(q)))
        .limit(cap)
        .subquery()
    )
    return select(func.count()).select_from(capped)


def _sparse_page(q: SearchQuery) -> Select[Any]:
    """The page from the (few) boxes that contain the point, sorted after the circle check; each row also
    carries the total."""
    return (
        select(*_row_columns(S), func.count().over().label("total"))
        .where(*_boxes(q), *_covering(S, q))
        .order_by(*_order(S, q))
        .offset(q.offset)
        .limit(q.limit)
    )


def _ordered_page(q: SearchQuery) -> Select[Any]:
    """The page walking a b-tree in the sort's order (rating, price, level), checking each row's circle."""
    return (
        select(*_row_columns(S))
        .where(S.c.oficio_key == q.oficio_key, *_filters(S, q), *_covering(S, q))
        .order_by(*_order(S, q))
        .offset(q.offset)
        .limit(q.limit)
    )


def _near(q: SearchQuery, box: domain.Box) -> Select[Any]:
    """The covering rows whose location is in ``box`` (SP-GiST on ``lugar``), with their unit vectors."""
    area = _pg_box(
        _band(box.min_lng, q.oficio_key), box.min_lat, _band(box.max_lng, q.oficio_key), box.max_lat
    )
    return select(*_row_columns(S), S.c.x, S.c.y, S.c.z).where(
        S.c.lugar.op("<@")(area), *_filters(S, q), *_covering(S, q)
    )


def _total(q: SearchQuery) -> Select[Any]:
    return select(func.count()).select_from(S).where(*_boxes(q), *_covering(S, q))


async def _count(session: AsyncSession, q: SearchQuery) -> int:
    """Every match (POST /search's total): the boxes from the index, their rows read in table order."""
    await session.execute(text("SET LOCAL enable_bitmapscan = on"))
    return int((await session.execute(_total(q))).scalar_one())


async def _nearest(session: AsyncSession, q: SearchQuery) -> list[SearchHit]:
    """The distance sort's page: the covering rows within a radius of the point are exactly those in the
    radius's bounding box that are that close, and every other row is farther; so read the box, keep the rows
    within the radius, and widen it until they fill the page (or it spans the globe). The page is then the
    canonical order (closeness, then profile id) of a set that holds every row before its end: exact, ties
    included."""
    needed = q.offset + q.limit
    p = q.vector
    x = len(ROW_COLUMNS)  # x, y, z follow the row's columns
    radius_km = NEAREST_START_KM
    while True:
        everything = radius_km >= HALF_CIRCUMFERENCE_KM
        box = domain.coverage_box(q.lat, q.lng, HALF_CIRCUMFERENCE_KM if everything else radius_km)
        rows = (await session.execute(_near(q, box))).all()
        closeness = [(r[x] * p[0] + r[x + 1] * p[1] + r[x + 2] * p[2], r) for r in rows]
        if not everything:
            within = domain.cos_radius(radius_km)
            closeness = [(c, r) for c, r in closeness if c >= within]
        if everything or len(closeness) >= needed:
            break
        # Rows within a radius grow about as its square: aim at a page and a half, at least doubling.
        growth = math.sqrt(1.5 * needed / len(closeness)) if closeness else 4.0
        radius_km *= min(8.0, max(2.0, growth))
    closeness.sort(key=lambda cr: (-cr[0], cr[1][0]))
    return [_hit(r, q) for _, r in closeness[q.offset : needed]]


async def search(
    session: AsyncSession, q: SearchQuery, *, dense_threshold: int = DENSE_THRESHOLD
) -> SearchPage:
    """One page of professionals for the query (the same answer on SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        hits = [_hit(r, q) for r in (await session.execute(_sqlite_page(q))).all()]
        counted = int((await session.execute(_sqlite_total(q))).scalar_one()) if q.want_total else None
        return SearchPage(hits, counted, "rtree")
    # A plain index scan stops at the cap; a bitmap scan would first collect every box containing the point.
    await session.execute(text("SET LOCAL enable_bitmapscan = off"))
    boxes = int((await session.execute(_probe(q, dense_threshold + 1))).scalar_one())
    if boxes <= dense_threshold:
        rows = (await session.execute(_sparse_page(q))).all()
        total = int(rows[0][-1]) if rows else 0
        if not rows and q.offset > 0 and q.want_total:
            total = await _count(session, q)
        return SearchPage([_hit(r, q) for r in rows], total, "boxes")
    if q.sort is SortBy.DISTANCIA:
        hits = await _nearest(session, q)
    else:
        hits = [_hit(r, q) for r in (await session.execute(_ordered_page(q))).all()]
    counted = await _count(session, q) if q.want_total else None
    return SearchPage(hits, counted, "ordered")


# --- pedido matching (SPEC §10): the same rule and rows, asked from the professional's side ----------


@dataclass(frozen=True)
class Coverage:
    """A searchable professional's coverage circle for one oficio, as its read-model row holds it."""

    oficio_key: int
    lat: float
    lng: float
    vector: tuple[float, float, float]
    cos_radio: float

    def covers(self, lat: float, lng: float) -> bool:
        """Search's circle check (:func:`_covering`: ``x·px + y·py + z·pz >= cos_radio``) on this row, with
        the same doubles in the same order, so it answers exactly as the search query does."""
        return domain.within(self.vector, domain.unit_vector(lat, lng), self.cos_radio)

    def distance_m(self, lat: float, lng: float) -> float:
        return domain.sphere_distance_m(self.lat, self.lng, lat, lng)


async def coverage_of(session: AsyncSession, profesional_id: uuid.UUID) -> dict[int, Coverage]:
    """The professional's read-model rows by oficio key: none unless they are searchable (approved, active,
    not deleted, located), one per oficio they hold."""
    query = select(S.c.oficio_key, S.c.lat, S.c.lng, S.c.x, S.c.y, S.c.z, S.c.cos_radio).where(
        S.c.profesional_id == profesional_id
    )
    return {
        r.oficio_key: Coverage(r.oficio_key, r.lat, r.lng, (r.x, r.y, r.z), r.cos_radio)
        for r in (await session.execute(query)).all()
    }


# --- instant services a client can hire at a point (GET /servicios) ---------------------------------


async def hireable_at(
    session: AsyncSession, *, lat: float, lng: float, oficio_id: uuid.UUID | None, offset: int, limit: int
) -> list[Hireable]:
    """Hireable items (priced offers of active instant services, active published services) of professionals
    who accept instant hires and whose own coverage circle contains the point, nearest first, then
    cheapest. The professionals come from the read model (approved, active, located: the same boxes and
    circle check as search, any of their oficios' rows), so only they and the page's items are read."""
    q = SearchQuery(
        oficio_key=0,
        lat=lat,
        lng=lng,
        filters=SearchFilters(acepta_instant=True),
        sort=SortBy.DISTANCIA,
        offset=offset,
        limit=limit,
    )
    if session.get_bind().dialect.name == "sqlite":
        source: Any = RTREE.join(S, S.c.id == RTREE.c.id)
        boxes = [
            RTREE.c.min_lat <= lat,
            RTREE.c.max_lat >= lat,
            RTREE.c.min_lng <= lng,
            RTREE.c.max_lng >= lng,
        ]
    else:
        # Each oficio's boxes are in its own band: look for the point in every oficio's band.
        band_lng: ColumnElement[float] = literal(lng, Double()) + OFICIO_PLANE_DEG * Oficio.clave
        source = S.join(Oficio, S.c.cobertura.op("&&")(_pg_box(band_lng, lat, band_lng, lat)))
        boxes = []
    # One row per oficio, all with the same location: distinct professionals.
    covering = (
        select(S.c.profesional_id, _closeness(S, q).label("closeness"))
        .select_from(source)
        .where(*boxes, *_filters(S, q), *_covering(S, q))
        .distinct()
        .subquery()
    )
    items = hireable_items(oficio_id)
    query = (
        select(*items.c, ProfessionalProfile)
        .select_from(covering)
        .join(items, items.c.profesional_id == covering.c.profesional_id)
        .join(ProfessionalProfile, ProfessionalProfile.id == covering.c.profesional_id)
        .order_by(
            covering.c.closeness.desc(),
            items.c.precio_fijo_centavos,
            covering.c.profesional_id,
            items.c.id,
        )
        .offset(offset)
        .limit(limit)
    )
    return hireable_rows((await session.execute(query)).all())
