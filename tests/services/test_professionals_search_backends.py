"""The two search backends agree: one data set, loaded into SQLite (R*Tree) and into a real PostgreSQL with
PostGIS (both migrated by the service's migrations), gives the same professionals in the same order — and
the same as the plain-Python statement of SPEC §3 — for every sort, filter, page and both PostgreSQL paths
(sparse: SP-GiST on the coverage boxes; dense: ordered index walks and growing boxes for distance)."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from conectar.platform.db import Database
from conectar.platform.migrations import upgrade_async
from conectar.professionals import domain, search_index
from conectar.professionals.domain import LEVELS, SearchCandidate, SearchFilters, SortBy
from conectar.professionals.models import (
    Oficio,
    ProfesionalOficio,
    ProfesionalServicio,
    ProfessionalProfile,
    ServicioInstant,
    ServicioPublicado,
    professional_search,
)
from conectar.services import SERVICES

CENTERS = {"centro": (-34.6037, -58.3816), "rosario": (-32.9468, -60.6393), "pueblo": (-34.5703, -59.105)}
OFICIOS = (1, 2, 3)


def dataset(seed: int = 7) -> list[tuple[SearchCandidate, tuple[int, ...]]]:
    rng = random.Random(seed)
    pros: list[tuple[SearchCandidate, tuple[int, ...]]] = []
    for i in range(420):
        center = list(CENTERS.values())[i % 3]
        if i % 40 == 0 and pros:  # same place as another professional: distance ties
            lat, lng = pros[-1][0].lat, pros[-1][0].lng
        else:
            lat, lng = rng.gauss(center[0], 0.12), rng.gauss(center[1], 0.15)
        candidate = SearchCandidate(
            profesional_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            lat=lat,
            lng=lng,
            radio_km=rng.choice((1, 3, 5, 8, 10, 15, 25, 40, 60)),
            nivel_rank=rng.choice((0, 0, 0, 1, 1, 2, 3)),
            rating_x100=rng.choice((0, 0, 350, 400, 450, 480, 500)),  # many ties
            total_resenas=rng.choice((0, 1, 5, 5, 12)),
            tarifa_centavos=rng.choice((None, 500_000, 750_000, 750_000, 1_200_000)),
            acepta_instant=rng.random() < 0.4,
            nombre=f"Nombre{i}",
            apellido="Apellido",
            avatar_url=None if i % 2 else f"/media/a{i}.webp",
        )
        pros.append((candidate, tuple(sorted(rng.sample(OFICIOS, rng.choice((1, 1, 2, 3)))))))
    return pros


def rows_of(pros: list[tuple[SearchCandidate, tuple[int, ...]]]) -> list[dict[str, Any]]:
    rows = []
    for c, oficios in pros:
        total = c.total_resenas
        rows += search_index.search_rows(
            profesional_id=c.profesional_id,
            oficio_keys=oficios,
            lat=c.lat,
            lng=c.lng,
            radio_km=c.radio_km,
            nivel=LEVELS[c.nivel_rank].nivel.value,
            # rating_x100 is what the row stores; build a sum that rounds to it.
            rating_suma=round(c.rating_x100 * total / 100) if total else 0,
            total_resenas=total,
            tarifa_centavos=c.tarifa_centavos,
            acepta_instant=c.acepta_instant,
            nombre=c.nombre,
            apellido=c.apellido,
            avatar_url=c.avatar_url,
        )
    return rows


def as_stored(c: SearchCandidate) -> SearchCandidate:
    """The candidate as its row stores it (the rating is rebuilt from a sum and a count)."""
    total = c.total_resenas
    suma = round(c.rating_x100 * total / 100) if total else 0
    return dataclasses.replace(c, rating_x100=domain.rating_x100(suma, total))


FILTERS = [
    SearchFilters(),
    SearchFilters(nivel="BRONCE"),
    SearchFilters(nivel="ORO"),
    SearchFilters(acepta_instant=True),
    SearchFilters(acepta_instant=False),
    SearchFilters(rating_minimo=4.5),
    SearchFilters(precio_maximo=Decimal("7500")),
    SearchFilters(radio_km=6.5),
    SearchFilters(
        nivel="PLATA", acepta_instant=True, rating_minimo=3.5, precio_maximo=Decimal("12000"), radio_km=30
    ),
]
PAGES = [(0, 20), (7, 7), (40, 50)]


def queries() -> list[search_index.SearchQuery]:
    rng = random.Random(11)
    points = [
        (lat + rng.uniform(-0.02, 0.02), lng + rng.uniform(-0.02, 0.02)) for lat, lng in CENTERS.values()
    ]
    points.append((-33.5, -59.9))  # far from everyone: nothing covers it
    found = []
    for (lat, lng), oficio, sort, filters, (offset, limit) in itertools.product(
        points, OFICIOS[:2], SortBy, FILTERS, PAGES
    ):
        found.append(
            search_index.SearchQuery(
                oficio_key=oficio,
                lat=lat,
                lng=lng,
                filters=filters,
                sort=sort,
                offset=offset,
                limit=limit,
                want_total=True,
            )
        )
    return found


def reference(
    pros: list[tuple[SearchCandidate, tuple[int, ...]]], q: search_index.SearchQuery
) -> tuple[list[Any], int]:
    hits = domain.rank_candidates(
        [as_stored(c) for c, oficios in pros if q.oficio_key in oficios],
        lat=q.lat,
        lng=q.lng,
        filters=q.filters,
        sort=q.sort,
    )
    return [summary(h) for h in hits[q.offset : q.offset + q.limit]], len(hits)


def summary(hit: domain.SearchHit) -> tuple[Any, ...]:
    c = hit.candidate
    return (
        c.profesional_id,
        domain.round_km(hit.distance_m),
        c.nivel_rank,
        c.rating_x100,
        c.total_resenas,
        c.tarifa_centavos,
        c.acepta_instant,
        c.nombre,
        c.avatar_url,
    )


async def load(url: str, rows: list[dict[str, Any]]) -> Database:
    await upgrade_async(SERVICES["professionals"].migrations, url)
    db = Database(url)
    async with db.session() as session:
        await session.execute(insert(professional_search), rows)
    return db


async def run_all(db: Database, *, dense_threshold: int) -> dict[int, tuple[list[Any], int | None, str]]:
    answers = {}
    for index, q in enumerate(queries()):
        async with db.session(write=False) as session:
            page = await search_index.search(session, q, dense_threshold=dense_threshold)
        answers[index] = ([summary(h) for h in page.hits], page.total, page.strategy)
    return answers


@pytest.fixture
def pros() -> list[tuple[SearchCandidate, tuple[int, ...]]]:
    return dataset()


async def test_sqlite_and_postgis_return_the_same_professionals_in_the_same_order(
    pros: list[tuple[SearchCandidate, tuple[int, ...]]], pg_url: str, tmp_path: Path
) -> None:
    rows = rows_of(pros)
    sqlite = await load(f"sqlite+aiosqlite:///{tmp_path / 'professionals.db'}", rows)
    postgis = await load(pg_url, rows)
    try:
        lite = await run_all(sqlite, dense_threshold=search_index.DENSE_THRESHOLD)
        sparse = await run_all(postgis, dense_threshold=10_000)
        dense = await run_all(postgis, dense_threshold=3)
    finally:
        await sqlite.dispose()
        await postgis.dispose()
    strategies = {"rtree": 0, "boxes": 0, "ordered": 0}
    non_empty = 0
    for index, q in enumerate(queries()):
        expected, expected_total = reference(pros, q)
        non_empty += bool(expected)
        for name, answers in (("sqlite", lite), ("postgis sparse", sparse), ("postgis dense", dense)):
            page, total, strategy = answers[index]
            strategies[strategy] += 1
            assert page == expected, f"{name} differs for {q}"
            assert total == expected_total, f"{name} total differs for {q}"
    # The data set exercises every path and finds something for most queries.
    assert strategies["rtree"]
    assert strategies["boxes"]
    assert strategies["ordered"] > len(queries()) // 2
    assert non_empty > len(queries()) // 3


async def test_postgis_reads_the_small_indexes_the_migration_built(
    pros: list[tuple[SearchCandidate, tuple[int, ...]]], pg_url: str
) -> None:
    """Each statement of the PostgreSQL paths reads the index built for it (issue 14: the indexes together no
    larger than the table): the probe index-only from the GiST on the boxes, the few-boxes page and the total
    from it; nearest first from the SP-GiST on the locations; the other sorts from their b-trees, which hold
    only the sort keys (PostgreSQL sorts equal keys by profile id)."""
    db = await load(pg_url, rows_of(pros))
    try:
        async with db.engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("VACUUM ANALYZE professional_search"))
        point = CENTERS["centro"]

        def query(sort: SortBy) -> search_index.SearchQuery:
            return search_index.SearchQuery(
                oficio_key=1,
                lat=point[0],
                lng=point[1],
                filters=SearchFilters(),
                sort=sort,
                offset=0,
                limit=20,
            )

        expected: list[tuple[Any, str]] = [
            (
                search_index._probe(query(SortBy.RATING), 1001),
                "Index Only Scan using ix_professional_search_cobertura",
            ),
            (
                search_index._total(query(SortBy.RATING)),
                "Index Scan using ix_professional_search_cobertura",
            ),
            *[
                (
                    search_index._sparse_page(query(s)),
                    "Index Scan using ix_professional_search_cobertura",
                )
                for s in SortBy
            ],
            (
                search_index._near(query(SortBy.DISTANCIA), domain.coverage_box(*point, 2.0)),
                "using ix_professional_search_lugar",
            ),
            (search_index._ordered_page(query(SortBy.RATING)), "using ix_professional_search_oficio_rating"),
            (search_index._ordered_page(query(SortBy.NIVEL)), "using ix_professional_search_oficio_nivel"),
            (search_index._ordered_page(query(SortBy.PRECIO)), "using ix_professional_search_oficio_precio"),
        ]
        for statement, index in expected:
            async with db.session(write=False) as session:
                # The test's table is small: forbid the sequential scan that would win on a few hundred rows.
                await session.execute(text("SET LOCAL enable_seqscan = off"))
                await session.execute(text("SET LOCAL enable_bitmapscan = off"))
                compiled = statement.compile(
                    dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
                )
                plan = "\n".join((await session.execute(text(f"EXPLAIN {compiled}"))).scalars())
            assert index in plan, plan
    finally:
        await db.dispose()


def test_the_reference_rule_is_the_coverage_circle() -> None:
    """A professional 9 km away with a 10 km radius covers the point; one 9 km away with 8 km does not,
    even though the client would be "within 10 km" of them."""
    lat, lng = -34.6, -58.4
    north = lat + 9 / 111.195  # ≈ 9 km north
    near = SearchCandidate(uuid.uuid4(), north, lng, 10, 0, 0, 0, None, False)
    short = SearchCandidate(uuid.uuid4(), north, lng, 8, 0, 0, 0, None, False)
    hits = domain.rank_candidates(
        [near, short], lat=lat, lng=lng, filters=SearchFilters(), sort=SortBy.DISTANCIA
    )
    assert [h.candidate for h in hits] == [near]
    assert domain.round_km(hits[0].distance_m) == 9.0


async def test_nearest_first_settles_ties_that_straddle_the_page(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forty professionals in the same building: distance cannot tell them apart, so the profile id decides,
    on every backend, whatever the page size — and PostgreSQL's nearest-first page, which reads growing boxes
    around the point, widens its box until the page is settled (the building is beyond the first box)."""
    rng = random.Random(3)
    building = (-34.6037, -58.3816)
    pros = [
        (
            SearchCandidate(
                profesional_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                lat=building[0] + (0.01 if i >= 40 else 0.0),
                lng=building[1],
                radio_km=10,
                nivel_rank=0,
                rating_x100=0,
                total_resenas=0,
                tarifa_centavos=None,
                acepta_instant=False,
                nombre=f"Vecino{i}",
                apellido="Edificio",
            ),
            (1,),
        )
        for i in range(60)
    ]
    boxes: list[domain.Box] = []
    near = search_index._near

    def spy(q: search_index.SearchQuery, box: domain.Box) -> Any:
        boxes.append(box)
        return near(q, box)

    monkeypatch.setattr(search_index, "_near", spy)
    rows = rows_of(pros)
    sqlite = await load(f"sqlite+aiosqlite:///{tmp_path / 'ties.db'}", rows)
    postgis = await load(pg_url, rows)
    try:
        for offset, limit in ((0, 5), (3, 10), (30, 20), (35, 10), (55, 10)):
            q = search_index.SearchQuery(
                oficio_key=1,
                lat=building[0] - 0.02,
                lng=building[1],
                filters=SearchFilters(),
                sort=SortBy.DISTANCIA,
                offset=offset,
                limit=limit,
                want_total=True,
            )
            expected, total = reference(pros, q)
            for db in (sqlite, postgis):
                boxes.clear()
                async with db.session(write=False) as session:
                    page = await search_index.search(session, q, dense_threshold=3)
                assert [summary(h) for h in page.hits] == expected
                assert page.total == total == 60
                if db is postgis:
                    assert page.strategy == "ordered"
                    assert len(boxes) > 1  # the first box (1 km) holds nobody: it was widened
    finally:
        await sqlite.dispose()
        await postgis.dispose()


@dataclasses.dataclass(frozen=True)
class HirePro:
    id: uuid.UUID
    lat: float
    lng: float
    radio_km: int
    searchable: bool
    """Approved and active (else it has no search rows)."""
    acepta_instant: bool
    oficios: frozenset[int]
    offers: tuple[tuple[int, int | None], ...]
    """(servicio number, precio_fijo_centavos)."""
    publicados: tuple[tuple[uuid.UUID, int, int, bool], ...] = ()
    """Services the professional published: (id, oficio clave, precio_fijo_centavos, active)."""


HIRE_OFICIOS = (1, 2, 3)
HIRE_LONELY = (-33.0, -61.0)
HIRE_CORNER = (-33.0 + 8 / 111.195, -61.0 + 8 / (111.195 * math.cos(math.radians(33.0))))  # ≈ 11.3 km NE
HIRE_SERVICIOS = {i: (i % 3 + 1, i != 3) for i in range(7)}  # number: (oficio clave, active)


def hire_id(kind: int, number: int) -> uuid.UUID:
    return uuid.UUID(int=kind * 1000 + number, version=4)


def hire_dataset() -> list[HirePro]:
    rng = random.Random(5)
    center = CENTERS["centro"]
    pros = [
        # Two offers whose prices and ids sort differently.
        HirePro(
            uuid.UUID(int=1, version=4), *center, 25, True, True, frozenset({1}), ((6, 500_000), (0, 900_000))
        ),
        # Alone, with HIRE_CORNER in its coverage box but outside its circle.
        HirePro(uuid.UUID(int=2, version=4), *HIRE_LONELY, 10, True, True, frozenset({1}), ((0, 500_000),)),
    ]
    for i in range(80):
        if i % 10 == 9:  # same place as the professional before: distance ties
            lat, lng = pros[-1].lat, pros[-1].lng
        else:
            lat, lng = rng.gauss(center[0], 0.08), rng.gauss(center[1], 0.1)
        offered = rng.sample(sorted(HIRE_SERVICIOS), rng.choice((1, 2, 3)))
        pros.append(
            HirePro(
                id=uuid.UUID(int=rng.getrandbits(128), version=4),
                lat=lat,
                lng=lng,
                radio_km=rng.choice((2, 5, 10, 25)),
                searchable=rng.random() < 0.8,
                acepta_instant=rng.random() < 0.7,
                oficios=frozenset(rng.sample(sorted(HIRE_OFICIOS), rng.choice((1, 1, 2)))),
                offers=tuple((n, rng.choice((None, 500_000, 800_000, 800_000, 1_500_000))) for n in offered),
            )
        )
    # Services some of them published (in one of their oficios or, no longer listed, in another), priced
    # like the catalog's so that prices tie across both kinds.
    published = random.Random(7)
    return [
        dataclasses.replace(
            pro,
            publicados=tuple(
                (
                    uuid.UUID(int=published.getrandbits(128), version=4),
                    published.choice(sorted(HIRE_OFICIOS)),
                    published.choice((500_000, 800_000, 1_200_000)),
                    published.random() < 0.8,
                )
                for _ in range(published.choice((0, 0, 1, 2)))
            ),
        )
        for pro in pros
    ]


def hire_reference(
    pros: list[HirePro], lat: float, lng: float, oficio: int | None, offset: int, limit: int
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """SPEC §2's hireable offers at a point, in plain Python."""
    point = domain.unit_vector(lat, lng)
    found = []
    for pro in pros:
        v = domain.unit_vector(pro.lat, pro.lng)
        closeness = v[0] * point[0] + v[1] * point[1] + v[2] * point[2]
        if not (pro.searchable and pro.acepta_instant and closeness >= domain.cos_radius(pro.radio_km)):
            continue
        for number, precio in pro.offers:
            clave, activo = HIRE_SERVICIOS[number]
            if precio is not None and activo and (oficio is None or clave == oficio):
                found.append((-closeness, precio, pro.id, hire_id(2, number)))
        for publicado_id, clave, centavos, activo in pro.publicados:
            if activo and clave in pro.oficios and (oficio is None or clave == oficio):
                found.append((-closeness, centavos, pro.id, publicado_id))
    return [(pro_id, servicio_id) for *_, pro_id, servicio_id in sorted(found)[offset : offset + limit]]


async def load_hire(url: str, pros: list[HirePro]) -> Database:
    await upgrade_async(SERVICES["professionals"].migrations, url)
    db = Database(url)
    async with db.session() as session:
        for clave in HIRE_OFICIOS:
            session.add(
                Oficio(id=hire_id(1, clave), clave=clave, nombre=f"O{clave}", nombre_normalizado=f"o{clave}")
            )
        await session.flush()
        for number, (clave, activo) in HIRE_SERVICIOS.items():
            session.add(
                ServicioInstant(
                    id=hire_id(2, number), oficio_id=hire_id(1, clave), nombre=f"S{number}", activo=activo
                )
            )
        for i, pro in enumerate(pros):
            profile = ProfessionalProfile(
                id=pro.id,
                usuario_id=uuid.uuid4(),
                email=f"p{i}@example.com",
                nombre=f"N{i}",
                apellido="A",
                estado_verificacion="APROBADO" if pro.searchable else "EN_REVISION",
                radio_cobertura_km=pro.radio_km,
                acepta_instant=pro.acepta_instant,
                latitude=pro.lat,
                longitude=pro.lng,
            )
            session.add(profile)
            await session.flush()
            session.add_all(
                [ProfesionalOficio(profesional_id=pro.id, oficio_id=hire_id(1, k)) for k in pro.oficios]
            )
            session.add_all(
                [
                    ProfesionalServicio(
                        profesional_id=pro.id, servicio_id=hire_id(2, n), precio_fijo_centavos=precio
                    )
                    for n, precio in pro.offers
                ]
            )
            session.add_all(
                [
                    ServicioPublicado(
                        id=publicado_id,
                        profesional_id=pro.id,
                        oficio_id=hire_id(1, clave),
                        nombre=f"P{index}",
                        precio_fijo_centavos=centavos,
                        activo=activo,
                    )
                    for index, (publicado_id, clave, centavos, activo) in enumerate(pro.publicados)
                ]
            )
            await search_index.sync(session, profile)
    return db


async def test_hireable_instant_services_are_the_same_on_both_backends(pg_url: str, tmp_path: Path) -> None:
    """GET /servicios with a point: the offers (catalog and published) whose professional's own circle
    covers it, nearest first then cheapest (the offers of a professional who holds several oficios once) —
    the same pages from SQLite and PostGIS as from the rule in plain Python."""
    pros = hire_dataset()
    sqlite = await load_hire(f"sqlite+aiosqlite:///{tmp_path / 'hire.db'}", pros)
    postgis = await load_hire(pg_url, pros)
    center = CENTERS["centro"]
    try:
        non_empty = published = 0
        for (lat, lng), oficio, (offset, limit) in itertools.product(
            [center, (center[0] + 0.05, center[1] - 0.05), HIRE_LONELY, HIRE_CORNER, (-33.5, -59.9)],
            [None, *HIRE_OFICIOS],
            [(0, 50), (3, 4)],
        ):
            expected = hire_reference(pros, lat, lng, oficio, offset, limit)
            non_empty += bool(expected)
            for db in (sqlite, postgis):
                async with db.session(write=False) as session:
                    page = await search_index.hireable_at(
                        session,
                        lat=lat,
                        lng=lng,
                        oficio_id=None if oficio is None else hire_id(1, oficio),
                        offset=offset,
                        limit=limit,
                    )
                assert [(h.profile.id, h.id) for h in page] == expected, (
                    db.dialect,
                    lat,
                    lng,
                    oficio,
                    offset,
                )
                published += sum(h.tipo == "publicado" for h in page)
        assert non_empty >= 8
        assert published >= 8  # both kinds on the pages, on both backends
    finally:
        await sqlite.dispose()
        await postgis.dispose()
