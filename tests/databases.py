"""Migrated databases for tests, built once and copied: a test that needs a fresh, migrated database
gets a copy of one that was migrated earlier instead of running every Alembic revision again.

- SQLite (standalone platforms): each process (pytest-xdist worker) migrates the six services' files
  once into a template folder; a platform's data folder starts as a copy of them.
- PostgreSQL: one template database per service and migration history
  (``conectar_tpl_<service>_<hash of its revisions>``), migrated once on the machine and kept between
  runs (a new revision changes the hash, so a stale template is never used; another checkout may still
  use an older one, so they are left for `DROP DATABASE` by hand). A test database is ``CREATE DATABASE … TEMPLATE`` of it: a file copy inside
  PostgreSQL, about 50 ms.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from conectar.devstack import POSTGIS_SERVICES
from conectar.platform.db import Database
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES
from tests.conftest import standalone_settings

_SQLITE_TEMPLATE: Path | None = None
# Alembic keeps its migration context in module state: one upgrade at a time in a process.
_UPGRADE = threading.Lock()


def _upgrade(script_location: Path, url: str) -> None:
    with _UPGRADE:
        upgrade(script_location, url)


def migrated_sqlite(data_dir: Path) -> None:
    """Fill ``data_dir`` with freshly migrated SQLite databases of every service (a folder that already
    holds databases, such as one a test seeded, is migrated in place instead)."""
    global _SQLITE_TEMPLATE
    if any(data_dir.glob("*.db")):
        settings = standalone_settings(data_dir)
        for entry in SERVICES.values():
            if entry.database:
                _upgrade(entry.migrations, settings.database_url(entry.name))
        return
    if _SQLITE_TEMPLATE is None:
        template = Path(tempfile.mkdtemp(prefix="conectar-sqlite-template-"))
        settings = standalone_settings(template)
        for entry in SERVICES.values():
            if entry.database:
                _upgrade(entry.migrations, settings.database_url(entry.name))
        _SQLITE_TEMPLATE = template
    data_dir.mkdir(parents=True, exist_ok=True)
    for path in _SQLITE_TEMPLATE.iterdir():
        if path.is_file() and ".db" in path.name:
            shutil.copy2(path, data_dir / path.name)


def migrations_fingerprint(service: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((SERVICES[service].migrations / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _admin_dsn(server: str) -> str:
    return make_url(f"{server}/postgres").set(drivername="postgresql").render_as_string(hide_password=False)


async def _template(server: str, service: str) -> str:
    """The name of ``service``'s migrated template database on ``server``, built when missing."""
    prefix = f"conectar_tpl_{service}_"
    name = prefix + migrations_fingerprint(service)
    conn = await asyncpg.connect(_admin_dsn(server))
    try:
        # One builder per machine at a time (several xdist workers or CI jobs may ask together).
        await conn.execute("SELECT pg_advisory_lock(hashtext($1))", prefix)
        try:
            ready = await conn.fetchval("SELECT datistemplate FROM pg_database WHERE datname = $1", name)
            if not ready:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # a half-built one
                await conn.execute(f'CREATE DATABASE "{name}"')
                if service in POSTGIS_SERVICES:
                    db = await asyncpg.connect(_admin_dsn(server).rsplit("/", 1)[0] + f"/{name}")
                    try:
                        await db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                    finally:
                        await db.close()
                url = f"{server}/{name}"
                await asyncio.to_thread(_upgrade, SERVICES[service].migrations, url)
                await conn.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
        finally:
            await conn.execute("SELECT pg_advisory_unlock(hashtext($1))", prefix)
    finally:
        await conn.close()
    return name


async def clone_migrated(server: str, service: str, name: str | None = None) -> str:
    """A new database on ``server`` holding ``service``'s schema at head; its URL."""
    template = await _template(server, service)
    name = name or f"conectar_t_{service}_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(_admin_dsn(server))
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    finally:
        await conn.close()
    return f"{server}/{name}"


async def drop(url: str) -> None:
    parsed = make_url(url)
    conn = await asyncpg.connect(_admin_dsn(url.rsplit("/", 1)[0]))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    finally:
        await conn.close()


async def someone_waits_for_a_lock(
    db: Database, timeout: float = 5.0, unless: asyncio.Future[Any] | None = None
) -> bool:
    """Wait until a session of ``db``'s PostgreSQL database is blocked on a lock another holds (a test's
    concurrent call reached the point where it waits for the one it holds back); False after ``timeout``,
    or as soon as ``unless`` (that concurrent call) is done without having waited."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while loop.time() < deadline:
        async with db.session(write=False) as session:
            if (await session.execute(query)).scalar_one():
                return True
        if unless is not None and unless.done():
            return False
        await asyncio.sleep(0.02)
    return False


@contextlib.asynccontextmanager
async def migrated_database(url: str, service: str) -> AsyncIterator[Database]:
    """``url``'s database migrated with ``service``'s revisions, as that service's ``Database``."""
    await asyncio.to_thread(_upgrade, SERVICES[service].migrations, url)
    database = Database(url)
    try:
        yield database
    finally:
        await database.dispose()
