"""What surviving dropped PostgreSQL connections costs a unit of work: short read units (``SELECT 1`` and a
primary-key read, each a whole unit: session, BEGIN, the statement, COMMIT) timed one after another on
three engines that differ only in how they treat a pooled connection the server may have dropped:

- ``none``: the pool hands connections out as they are (what the kernel did before; a dropped connection
  fails the unit that meets it);
- ``pre_ping``: SQLAlchemy's ``pool_pre_ping=True`` (with asyncpg: BEGIN, an empty query and ROLLBACK on
  every checkout);
- ``kernel``: ``conectar.platform.db.Database`` (a closed-socket check on checkout, BEGIN sent as the
  transaction begins and a dead one replaced; see ``_recover_dropped_connections``).

The variants run interleaved in rounds so that load from elsewhere on the machine spreads over all three;
``client_cpu_us`` is this process's CPU time per unit (the round trips aside, what the variant costs).
Then, for each variant, it kills every backend of the database (``pg_terminate_backend``) ``--resets``
times and times the next unit, or counts it as failed.

    python bench/db_reconnect.py [--units 4000] [--rounds 5] [--resets 20] [--keep]

Uses the database ``conectar_bench_db_reconnect`` on the local PostgreSQL (created and dropped; ``--keep``
keeps it), or ``--url``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from conectar import devstack
from conectar.platform.db import Database

DEFAULT_URL = f"{devstack.LOCAL_POSTGRES}/conectar_bench_db_reconnect"
VARIANTS = ("none", "pre_ping", "kernel")
Unit = Callable[[], AbstractAsyncContextManager[AsyncSession]]
QUERIES = {
    "select_1": ("SELECT 1", {}),
    "pk_read": ("SELECT v FROM item WHERE id = :id", {"id": 42}),
}


def engine_for(variant: str, url: str) -> AsyncEngine:
    if variant == "kernel":
        return Database(url).engine
    # The kernel's engine settings, without its recovery.
    return create_async_engine(
        url, pool_size=5, max_overflow=5, pool_recycle=1800, pool_pre_ping=variant == "pre_ping"
    )


def unit_of_work(engine: AsyncEngine) -> Unit:
    """The same code as ``Database.session(write=False)``, over any engine."""
    factory = async_sessionmaker(engine, expire_on_commit=False, autoflush=True)

    @asynccontextmanager
    async def session() -> AsyncIterator[AsyncSession]:
        async with factory() as s:
            try:
                yield s
                await s.commit()
            except BaseException:
                await s.rollback()
                raise

    return session


async def time_units(session: Unit, query: str, units: int) -> list[float]:
    sql, params = QUERIES[query]
    statement = text(sql)
    times: list[float] = []
    for _ in range(units):
        start = time.perf_counter()
        async with session() as s:
            (await s.execute(statement, params)).scalar_one()
        times.append((time.perf_counter() - start) * 1e6)
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def kill_every_backend(url: str) -> int:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        killed = await conn.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    return int(killed)


async def hold(session: Unit) -> None:
    async with session() as s:
        await s.execute(text("SELECT pg_sleep(0.02)"))


async def after_resets(variant: str, url: str, resets: int) -> tuple[list[float], int]:
    """Time the unit that follows a reset of every connection (a fresh pool each time, warmed with 5)."""
    times: list[float] = []
    failed = 0
    for _ in range(resets):
        engine = engine_for(variant, url)
        session = unit_of_work(engine)

        await asyncio.gather(*(hold(session) for _ in range(5)))
        await kill_every_backend(url)
        await asyncio.sleep(0.05)
        start = time.perf_counter()
        try:
            async with session() as s:
                (await s.execute(text("SELECT 1"))).scalar_one()
            times.append((time.perf_counter() - start) * 1e6)
        except Exception:
            failed += 1
        await engine.dispose()
    return times, failed


async def main(args: argparse.Namespace) -> None:
    url: str = args.url
    async with asyncpg_session(url) as conn:
        await conn.execute("DROP TABLE IF EXISTS item")
        await conn.execute("CREATE TABLE item (id integer PRIMARY KEY, v integer NOT NULL)")
        await conn.execute("INSERT INTO item SELECT g, g FROM generate_series(1, 1000) AS g")
        await conn.execute("ANALYZE item")

    engines = {variant: engine_for(variant, url) for variant in VARIANTS}
    sessions = {variant: unit_of_work(engine) for variant, engine in engines.items()}
    results: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], float] = {}
    for query in QUERIES:
        for variant in VARIANTS:  # warm-up: connections, prepared statements
            await time_units(sessions[variant], query, 200)
        for round_ in range(args.rounds):
            order = VARIANTS[round_ % 3 :] + VARIANTS[: round_ % 3]
            for variant in order:
                started = time.process_time()
                times = await time_units(sessions[variant], query, args.units)
                cpu[(query, variant)] = cpu.get((query, variant), 0.0) + time.process_time() - started
                results.setdefault((query, variant), []).extend(times)
    for engine in engines.values():
        await engine.dispose()

    for query in QUERIES:
        base = statistics.fmean(results[(query, "none")])
        for variant in VARIANTS:
            times = results[(query, variant)]
            mean = statistics.fmean(times)
            cpu_us = cpu[(query, variant)] / len(times) * 1e6
            print(
                f"db_reconnect query={query} variant={variant} units={len(times)} "
                f"mean_us={mean:.1f} p50_us={statistics.median(times):.1f} p99_us={p99(times):.1f} "
                f"client_cpu_us={cpu_us:.1f} mean_vs_none={100 * (mean - base) / base:+.1f}%"
            )

    for variant in VARIANTS:
        times, failed = await after_resets(variant, url, args.resets)
        shown = f"{statistics.fmean(times):.0f}" if times else "-"
        print(
            f"db_reconnect after_reset variant={variant} resets={args.resets} failed={failed} mean_us={shown}"
        )


@asynccontextmanager
async def asyncpg_session(url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        yield conn
    finally:
        await conn.close()


def run(args: argparse.Namespace, body: Callable[[argparse.Namespace], Coroutine[None, None, None]]) -> None:
    env = {"CONECTAR_BENCH_DATABASE_URL": args.url}
    devstack.ensure_databases(env, ["bench"])
    try:
        asyncio.run(body(args))
    finally:
        if not args.keep:
            devstack.drop_databases(env, ["bench"])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--units", type=int, default=4000, help="units of work per variant and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--resets", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    run(parser.parse_args(), main)
