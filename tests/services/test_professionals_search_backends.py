"""The two search backends agree: one data set, loaded into SQLite (R*Tree) and into a real PostgreSQL with
PostGIS (both migrated by the service's migrations), gives the same professionals in the same order — and
the same as the plain-Python statement of SPEC §3 — for every sort, filter, page and both PostgreSQL paths
(sparse: GiST on the coverage boxes; dense: ordered index walks)."""

from __future__ import annotations

import dataclasses
import itertools
import random
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from conectar.platform.db import Database
from conectar.platform.migrations import upgrade_async
from conectar.professionals import domain, search_index
from conectar.professionals.domain import LEVELS, SearchCandidate, SearchFilters, SortBy
from conectar.professionals.models import professional_search
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
    strategies = {"rtree": 0, "gist": 0, "ordered": 0}
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
    assert strategies["gist"]
    assert strategies["ordered"] > len(queries()) // 2
    assert non_empty > len(queries()) // 3


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
    """Forty professionals in the same building: the KNN page cannot tell them apart by distance, so the
    profile id decides, on every backend, whatever the page size."""
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
    fetches: list[int] = []
    knn = search_index._knn

    def spy(q: search_index.SearchQuery, fetch: int) -> Any:
        fetches.append(fetch)
        return knn(q, fetch)

    monkeypatch.setattr(search_index, "_knn", spy)
    rows = rows_of(pros)
    sqlite = await load(f"sqlite+aiosqlite:///{tmp_path / 'ties.db'}", rows)
    postgis = await load(pg_url, rows)
    try:
        for offset, limit in ((0, 5), (3, 10), (30, 20), (35, 10)):
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
                async with db.session(write=False) as session:
                    page = await search_index.search(session, q, dense_threshold=3)
                assert [summary(h) for h in page.hits] == expected
                assert page.total == total == 60
        assert max(fetches) > 60  # the exact fallback ran (ties at the cut), not only the short KNN page
    finally:
        await sqlite.dispose()
        await postgis.dispose()
