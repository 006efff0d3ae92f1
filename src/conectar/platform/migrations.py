"""Alembic, per service: each service keeps its revisions in ``conectar/<service>/migrations``.

Revisions are named by date and slug. On PostgreSQL the upgrade holds an advisory lock so that several
replicas starting together migrate once.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import zlib
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from conectar.platform.db import UTCDateTime

FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(slug)s"
POSTGIS_TABLES = frozenset({"spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns"})


def alembic_config(script_location: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("timezone", "UTC")
    return config


def upgrade(script_location: Path, url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(script_location, url), revision)


def downgrade(script_location: Path, url: str, revision: str) -> None:
    """Take a database back to ``revision`` (an operator's rollback past a release that renamed)."""
    command.downgrade(alembic_config(script_location, url), revision)


async def upgrade_async(script_location: Path, url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, script_location, url, revision)


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render the kernel's column types as the plain SQL types they store."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ == "table" and name in POSTGIS_TABLES)


def run_env(metadata: MetaData) -> None:
    """Body of every service's ``migrations/env.py``."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    sqlite = url.startswith("sqlite")
    options: dict[str, Any] = {
        "target_metadata": metadata,
        "render_as_batch": sqlite,
        "compare_type": True,
        "include_object": _include_object,
        "render_item": _render_item,
    }
    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return

    def run(connection: Connection) -> None:
        context.configure(connection=connection, **options)
        if not sqlite:
            lock = zlib.crc32(str(context.config.get_main_option("script_location")).encode())
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(url, poolclass=NullPool)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(run)
                await connection.commit()
        finally:
            await engine.dispose()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(main())
        return
    # Called from async code (tests, startup hooks): migrate on a thread with its own loop.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()
