"""The search read model (``professional_search``): keeping it in sync, and querying it on both backends.

A row exists for each oficio of each *searchable* professional (APROBADO, account active, location set),
holding everything a search filters, sorts and shows, the bounding box of the coverage circle, and the
location as a unit vector with ``cos_radio`` = cos(radius / R), so that "the professional's own circle
contains the client's point" (SPEC §3) is exact plain arithmetic in SQL: ``x·px + y·py + z·pz >=
cos_radio`` — the same doubles and the same formula on both backends (:func:`domain.rank_candidates` is
the Python reference the tests hold both to).

- SQLite: an R*Tree over (oficio, lat, lng) boxes finds the boxes that contain the point; SQL checks the
  circles, sorts and pages.
- PostgreSQL: a GiST index on ``(oficio_key, cobertura)`` does the same while few boxes contain the point
  (counted up to ``dense_threshold``). When many do (the middle of a big city), sorting them all would
  cost tens of milliseconds, so the query walks an index already in the requested order — KNN
  (``location <-> point``) on a GiST ``(oficio_key, location)`` for distance, per-oficio b-trees for
  rating, price and level — checking each row's circle, and stops at the page's end. Dense means most rows
  pass, so little more than a page is read. Both paths return the same rows in the same order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import Double, Select, cast, column, delete, func, insert, select, table, text
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
    Oficio,
    ProfesionalOficio,
    ProfesionalServicio,
    ProfessionalProfile,
    ServicioInstant,
    professional_search,
)

DENSE_THRESHOLD = 1000
KNN_SLACK = 20
KNN_TIE_METRES = 1.0

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
)


# --- keeping the read model in sync -----------------------------------------------------------------


def is_searchable(profile: ProfessionalProfile) -> bool:
    return (
        profile.estado_verificacion == EstadoVerificacion.APROBADO
        and profile.is_active_copy
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

    @property
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
# Both read the circle check, the filters and the sort keys from covering indexes (index-only scans) and
# only then the page's rows.


def _point(q: SearchQuery) -> ColumnElement[Any]:
    return func.ST_SetSRID(func.ST_MakePoint(q.lng, q.lat), 4326)


def _point_box(q: SearchQuery) -> ColumnElement[Any]:
    return func.box(func.point(q.lng, q.lat), func.point(q.lng, q.lat))


def _boxes(q: SearchQuery) -> list[ColumnElement[bool]]:
    return [S.c.oficio_key == q.oficio_key, S.c.cobertura.op("&&")(_point_box(q)), *_filters(S, q)]


def _sort_columns(q: SearchQuery) -> list[ColumnElement[Any]]:
    """What a page's order reads (besides the row id)."""
    if q.sort is SortBy.DISTANCIA:
        return [S.c.x, S.c.y, S.c.z, S.c.profesional_id]
    if q.sort is SortBy.RATING:
        return [S.c.rating_x100, S.c.total_resenas, S.c.profesional_id]
    if q.sort is SortBy.PRECIO:
        return [S.c.tarifa_centavos, S.c.profesional_id]
    return [S.c.nivel_rank, S.c.rating_x100, S.c.profesional_id]


def _rows_of(page: Any, q: SearchQuery, *extra: ColumnElement[Any]) -> Select[Any]:
    """The page's full rows, in the page's order."""
    return (
        select(*_row_columns(S), *extra)
        .select_from(page.join(S, S.c.id == page.c.id))
        .order_by(*_order(page, q))
    )


def _probe(q: SearchQuery, cap: int) -> Select[Any]:
    """How many boxes contain the point, counting no further than ``cap``."""
    capped = select(S.c.id).where(*_boxes(q)).limit(cap).subquery()
    return select(func.count()).select_from(capped)


def _sparse_page(q: SearchQuery) -> Select[Any]:
    """The page from the (few) boxes that contain the point, sorted after the circle check; each row also
    carries the total."""
    page = (
        select(S.c.id, *_sort_columns(q), func.count().over().label("total"))
        .where(*_boxes(q), *_covering(S, q))
        .order_by(*_order(S, q))
        .offset(q.offset)
        .limit(q.limit)
        .cte("page")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return _rows_of(page, q, page.c.total)


def _ordered_page(q: SearchQuery) -> Select[Any]:
    """The page walking an index in the sort's order (rating, price, level), checking each row's circle."""
    page = (
        select(S.c.id, *_sort_columns(q))
        .where(S.c.oficio_key == q.oficio_key, *_filters(S, q), *_covering(S, q))
        .order_by(*_order(S, q))
        .offset(q.offset)
        .limit(q.limit)
        .cte("page")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return _rows_of(page, q)


def _knn(q: SearchQuery, fetch: int) -> Select[Any]:
    """The nearest covering rows by KNN on the GiST ``(oficio_key, location)``; a tie-breaking second
    sort key would defeat the index, so ties are settled in Python (see :func:`_nearest`)."""
    distance: ColumnElement[float] = S.c.location.op("<->", return_type=Double())(
        cast(_point(q), Geography(srid=4326))
    )
    return (
        select(*_row_columns(S), S.c.x, S.c.y, S.c.z, distance)
        .where(S.c.oficio_key == q.oficio_key, *_filters(S, q), *_covering(S, q))
        .order_by(distance)
        .limit(fetch)
    )


def _total(q: SearchQuery) -> Select[Any]:
    return select(func.count()).select_from(S).where(*_boxes(q), *_covering(S, q))


async def _nearest(session: AsyncSession, q: SearchQuery) -> list[SearchHit]:
    """The distance sort's page through KNN: fetch a few more than the page, then order by the canonical
    key (closeness, then profile id). Exact unless rows at the cut are as far as the page's last one
    (within a metre: same building), in which case every covering row is sorted instead."""
    needed = q.offset + q.limit
    fetch = needed + KNN_SLACK
    rows = (await session.execute(_knn(q, fetch))).all()
    if len(rows) == fetch and rows[-1][-1] <= rows[needed - 1][-1] + KNN_TIE_METRES:
        rows = (await session.execute(_knn(q, 1_000_000))).all()
    p = q.vector
    x = len(ROW_COLUMNS)  # x, y, z follow the row's columns
    ranked = sorted(rows, key=lambda r: (-(r[x] * p[0] + r[x + 1] * p[1] + r[x + 2] * p[2]), r[0]))
    return [_hit(r, q) for r in ranked[q.offset : needed]]


async def search(
    session: AsyncSession, q: SearchQuery, *, dense_threshold: int = DENSE_THRESHOLD
) -> SearchPage:
    """One page of professionals for the query (the same answer on SQLite and PostgreSQL)."""
    if session.get_bind().dialect.name == "sqlite":
        hits = [_hit(r, q) for r in (await session.execute(_sqlite_page(q))).all()]
        counted = int((await session.execute(_sqlite_total(q))).scalar_one()) if q.want_total else None
        return SearchPage(hits, counted, "rtree")
    # A plain GiST scan stops at the cap; a bitmap scan would first collect every box containing the point.
    await session.execute(text("SET LOCAL enable_bitmapscan = off"))
    boxes = int((await session.execute(_probe(q, dense_threshold + 1))).scalar_one())
    if boxes <= dense_threshold:
        rows = (await session.execute(_sparse_page(q))).all()
        total = int(rows[0][-1]) if rows else 0
        if not rows and q.offset > 0 and q.want_total:
            total = int((await session.execute(_total(q))).scalar_one())
        return SearchPage([_hit(r, q) for r in rows], total, "gist")
    if q.sort is SortBy.DISTANCIA:
        hits = await _nearest(session, q)
    else:
        hits = [_hit(r, q) for r in (await session.execute(_ordered_page(q))).all()]
    counted = int((await session.execute(_total(q))).scalar_one()) if q.want_total else None
    return SearchPage(hits, counted, "ordered")


# --- instant services a client can hire at a point (GET /servicios) ---------------------------------


async def hireable_at(
    session: AsyncSession, *, lat: float, lng: float, oficio_id: uuid.UUID | None, offset: int, limit: int
) -> list[tuple[ProfesionalServicio, ServicioInstant, ProfessionalProfile]]:
    """Priced offers of active instant services by professionals who accept instant hires and whose own
    coverage circle contains the point, nearest first, then cheapest. The professionals come from the read
    model (approved, active, located: the same boxes and circle check as search, any of their oficios'
    rows), so only they and the page's offers are read."""
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
        source = S
        boxes = [S.c.cobertura.op("&&")(_point_box(q))]
    # One row per oficio, all with the same location: distinct professionals.
    covering = (
        select(S.c.profesional_id, _closeness(S, q).label("closeness"))
        .select_from(source)
        .where(*boxes, *_filters(S, q), *_covering(S, q))
        .distinct()
        .subquery()
    )
    query = (
        select(ProfesionalServicio, ServicioInstant, ProfessionalProfile)
        .select_from(covering)
        .join(ProfesionalServicio, ProfesionalServicio.profesional_id == covering.c.profesional_id)
        .join(ServicioInstant, ServicioInstant.id == ProfesionalServicio.servicio_id)
        .join(ProfessionalProfile, ProfessionalProfile.id == covering.c.profesional_id)
        .where(ProfesionalServicio.precio_fijo_centavos.is_not(None), ServicioInstant.activo.is_(True))
        .order_by(
            covering.c.closeness.desc(),
            ProfesionalServicio.precio_fijo_centavos,
            covering.c.profesional_id,
            ProfesionalServicio.servicio_id,
        )
        .offset(offset)
        .limit(limit)
    )
    if oficio_id is not None:
        query = query.where(ServicioInstant.oficio_id == oficio_id)
    return [(o, s, p) for o, s, p in (await session.execute(query)).all()]
