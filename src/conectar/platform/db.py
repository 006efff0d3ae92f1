"""Async SQLAlchemy for every service: one SQLite file per service standalone, one PostgreSQL database per
service distributed.

A unit of work owns one session and commits once at its end (rolling back on error). On SQLite, writing
units of work open with ``BEGIN IMMEDIATE`` so that writers are serialised: SQLite has no row locks, and
this gives the same guarantee as ``SELECT … FOR UPDATE`` does on PostgreSQL.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, Table, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both PostgreSQL (timestamptz) and SQLite (naive text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def make_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    fecha_creacion: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    fecha_actualizacion: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


class Database:
    """The engine and session factory of one service."""

    def __init__(self, url: str, *, pool_size: int = 5, max_overflow: int = 5, echo: bool = False) -> None:
        self.url = url
        self.sqlite = is_sqlite(url)
        if self.sqlite:
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                url, echo=echo, connect_args={"timeout": 30}, pool_size=pool_size, max_overflow=max_overflow
            )
            _configure_sqlite(self.engine)
        else:
            # No pre-ping: it costs a round trip on every checkout (~40 % of a short read, measured). A
            # connection the server dropped fails its request once and is discarded; readiness probes catch
            # a database that is down, and recycling retires connections before firewalls forget them.
            self.engine = create_async_engine(
                url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, pool_recycle=1800
            )
        self._reader = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        writer_engine = self.engine.execution_options(sqlite_immediate=True) if self.sqlite else self.engine
        self._writer = async_sessionmaker(writer_engine, expire_on_commit=False, autoflush=True)

    @property
    def dialect(self) -> str:
        return "sqlite" if self.sqlite else "postgresql"

    @asynccontextmanager
    async def session(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits at the end, rolls back on any error."""
        factory = self._writer if write else self._reader
        async with factory() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("sqlite_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


async def insert_ignore(session: AsyncSession, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless its key exists; True when this call inserted it."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg_stmt = pg_insert(table).values(**values).on_conflict_do_nothing()
        result = await session.execute(pg_stmt)
    else:
        lite_stmt = sqlite_insert(table).values(**values).on_conflict_do_nothing()
        result = await session.execute(lite_stmt)
    return bool(getattr(result, "rowcount", 0) == 1)


_AFTER_COMMIT = "conectar_after_commit"


def on_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the session's transaction commits (never if it rolls back). Callbacks run
    synchronously inside the event loop's thread: schedule async work with ``create_task``."""
    sync = session.sync_session
    if not sync.info.get("conectar_hooked"):
        sync.info["conectar_hooked"] = True
        event.listen(sync, "after_commit", _run_after_commit)
        event.listen(sync, "after_rollback", _drop_after_commit)
    sync.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _run_after_commit(sync: Any) -> None:
    import structlog

    for callback in sync.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception as exc:  # one failing callback must not stop the others
            structlog.get_logger(__name__).warning("after_commit_callback_failed", error=type(exc).__name__)


def _drop_after_commit(sync: Any) -> None:
    sync.info.pop(_AFTER_COMMIT, None)
