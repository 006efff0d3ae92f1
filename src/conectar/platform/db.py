"""Async SQLAlchemy for every service: one SQLite file per service standalone, one PostgreSQL database per
service distributed.

A unit of work owns one session and commits once at its end (rolling back on error). On SQLite, writing
units of work open with ``BEGIN IMMEDIATE`` so that writers are serialised: SQLite has no row locks, and
this gives the same guarantee as ``SELECT … FOR UPDATE`` does on PostgreSQL.

On PostgreSQL a pooled connection that the server dropped (a restart, PgBouncer going away, a network reset,
``pg_terminate_backend``) is replaced before a unit of work uses it, without a ping: see
``_recover_dropped_connections``.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import structlog
from sqlalchemy import DateTime, MetaData, Select, Table, bindparam, event, func, select, text
from sqlalchemy import cast as sql_cast
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util import await_only

from conectar.platform.metrics import DB_CONNECTIONS_REPLACED
from conectar.platform.sqlite_driver import aiosqlite_module
from conectar.platform.tracing import active_tracing

_Row = TypeVar("_Row")

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
        self.database_name = make_url(url).database or ""
        if self.sqlite:
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                url,
                echo=echo,
                connect_args={"timeout": 30},
                pool_size=pool_size,
                max_overflow=max_overflow,
                module=aiosqlite_module(),
            )
            _configure_sqlite(self.engine)
        else:
            # No pool_pre_ping: with asyncpg it is BEGIN, a query and ROLLBACK on every checkout (+50–67 %
            # on a short read, bench/db_reconnect.py). Dropped connections are found without a round trip
            # instead (_recover_dropped_connections); readiness probes catch a database that is down, and
            # recycling retires connections before firewalls forget them.
            self.engine = create_async_engine(
                url, echo=echo, pool_size=pool_size, max_overflow=max_overflow, pool_recycle=1800
            )
            _recover_dropped_connections(self.engine, self.database_name)
        active_tracing().instrument_engine(self.engine)  # a span per statement, when tracing is on
        self._reader = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        writer_engine = self.engine.execution_options(sqlite_immediate=True) if self.sqlite else self.engine
        self._writer = async_sessionmaker(writer_engine, expire_on_commit=False, autoflush=True)
        self._autocommit_reader = (
            None
            if self.sqlite
            else async_sessionmaker(
                self.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
            )
        )
        # SQLite's read transaction already sees one snapshot (WAL) from its first statement to its end.
        self._snapshot_reader = (
            self._reader
            if self.sqlite
            else async_sessionmaker(
                self.engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True),
                expire_on_commit=False,
            )
        )

    @property
    def dialect(self) -> str:
        return "sqlite" if self.sqlite else "postgresql"

    @asynccontextmanager
    async def session(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """One unit of work: commits at the end, rolls back on any error."""
        async with _unit_of_work(self._writer if write else self._reader) as session:
            yield session

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work whose statements all see the database as it was when the first one ran
        (on PostgreSQL a REPEATABLE READ, READ ONLY transaction; on SQLite any read transaction). For a read
        model computed in several statements whose figures must agree with each other, such as a balance
        split into pending and available money: under READ COMMITTED each statement has its own snapshot, and
        a transfer committed between two of them would show its money twice, or nowhere. It takes no locks
        and never waits for writers."""
        async with _unit_of_work(self._snapshot_reader) as session:
            yield session

    async def read(self, work: Callable[[AsyncSession], Awaitable[_Row]]) -> _Row:
        """Run ``work``, a read-only unit of work, and return what it returns. On PostgreSQL its statements
        run outside a transaction (no BEGIN, no COMMIT: a one-statement read is one round trip instead of
        three); each sees what was committed when it started, as each statement of a READ COMMITTED
        transaction does. A read that needs one snapshot for several statements uses ``snapshot()``; one
        that takes a row lock or uses ``SET LOCAL``, ``session(write=False)``. Reads are idempotent, so one
        that meets a connection the server dropped runs again once (SQLAlchemy then replaces every
        connection opened before). On SQLite, a read session."""
        if self._autocommit_reader is None:
            async with self.session(write=False) as session:
                return await work(session)
        for attempt in (1, 2):
            try:
                async with self._autocommit_reader() as session:
                    return await work(session)
            except DBAPIError as error:
                if attempt == 2 or not error.connection_invalidated:
                    raise
                DB_CONNECTIONS_REPLACED.labels(database=self.database_name, where="read").inc()
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def autocommit_driver(self) -> AsyncIterator[Any]:
        """A pooled PostgreSQL connection's driver connection (asyncpg) outside any transaction: each
        statement sent on it commits by itself. For a unit of work that is a single statement on a hot path
        (no session, no BEGIN and COMMIT round trips). A connection the server dropped is replaced at
        checkout as for a session; one that dies under the statement fails it (the driver marks it closed,
        and the next checkout replaces it)."""
        if self.sqlite:
            raise RuntimeError("autocommit_driver is for PostgreSQL")
        async with self.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            yield raw.driver_connection

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


@asynccontextmanager
async def _unit_of_work(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


# SQLSTATE classes that mean the connection is gone: connection exceptions (08…) and operator intervention
# (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
_DEAD_CONNECTION_SQLSTATES = ("08", "57P")
_GENERATION = "conectar_generation"


def _recover_dropped_connections(engine: AsyncEngine, database: str) -> None:
    """Replace pooled PostgreSQL connections that the server dropped, before a unit of work uses them.

    Neither check adds a round trip to a unit of work:

    1. On checkout, a connection whose socket the client has already seen closed (the usual case: a
       restart, PgBouncer or ``pg_terminate_backend`` close the socket, and the event loop notices while
       the connection sits in the pool) is handed back with ``DisconnectionError`` and the pool opens a new
       one in its place (SQLAlchemy's documented checkout mechanism). This costs an attribute read.
    2. The unit's BEGIN is sent when its transaction begins instead of just before its first statement,
       the same round trip moved by microseconds, and it doubles as the liveness check. When it fails
       because the connection is gone (closed before the client noticed), nothing of the unit has reached
       the server: the connection is invalidated and SQLAlchemy checks out another one for the same
       transaction. Every connection opened before that moment is then replaced at its next checkout, as
       SQLAlchemy's own disconnect handling does (what killed one usually killed all), so the replacement
       is a new connection. One replacement per unit: a database that refuses connections raises as before.

    Nothing is retried once the unit's BEGIN has succeeded: a statement or a commit that meets a dead
    connection fails its unit (the server rolls it back), so no unit of work runs twice.

    BEGIN is sent through the asyncpg adapter's own ``_start_transaction`` (which honours the isolation
    level, read-only and deferrable settings it holds). Should a future SQLAlchemy rename it, step 2 turns
    itself off and BEGIN goes back to being sent with the first statement (the reconnect tests then fail).
    """
    sync_engine = engine.sync_engine
    dialect = sync_engine.dialect
    characteristics = frozenset(getattr(dialect, "connection_characteristics", ()))
    log = structlog.get_logger(__name__)
    generation = [0]  # bumped when a BEGIN finds a dead connection; older connections are replaced

    @event.listens_for(sync_engine, "connect")
    def _on_connect(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info[_GENERATION] = generation[0]

    @event.listens_for(sync_engine, "checkout")
    def _on_checkout(
        _dbapi_connection: Any, record: ConnectionPoolEntry, proxied: PoolProxiedConnection
    ) -> None:
        driver = proxied.driver_connection
        if (driver is not None and driver.is_closed()) or record.info.get(_GENERATION) != generation[0]:
            DB_CONNECTIONS_REPLACED.labels(database=database, where="checkout").inc()
            raise DisconnectionError("connection dropped by the server while in the pool")

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if characteristics.intersection(conn.get_execution_options()):
            # A replacement connection would not carry the isolation level (or read-only, deferrable)
            # set on this one: leave BEGIN to the first statement, as SQLAlchemy does.
            return
        adapter: Any = conn.connection.dbapi_connection
        if not _can_begin_now(adapter):
            return
        try:
            await_only(_begin_now(adapter))
        except Exception as error:
            if not _is_dead(dialect, error, adapter):
                # Not a dropped connection: the first statement sends BEGIN again and meets the error in
                # SQLAlchemy's ordinary way.
                return
            if conn.info.get(_GENERATION) == generation[0]:
                generation[0] += 1  # (a connection of an older generation is already condemned)
            DB_CONNECTIONS_REPLACED.labels(database=database, where="begin").inc()
            cause = type(error.__cause__ or error).__name__
            log.warning("db_connection_dead_on_begin", database=database, error=cause)
            # Connection.begin() goes on to `dialect.do_begin(conn.connection)`, which checks a connection
            # of the new generation out of the pool since this one is invalidated (and raises, wrapped as
            # usual, if the database cannot be reached).
            conn.invalidate(error)


def _can_begin_now(adapter: Any) -> bool:
    return (
        adapter is not None
        and not getattr(adapter, "autocommit", True)
        and getattr(adapter, "_transaction", False) is None
        and hasattr(adapter, "_start_transaction")
        and hasattr(adapter, "_execute_mutex")
    )


async def _begin_now(adapter: Any) -> None:
    async with adapter._execute_mutex:
        if adapter._transaction is None:
            await adapter._start_transaction()


def _is_dead(dialect: Any, error: Exception, adapter: Any) -> bool:
    if dialect.is_disconnect(error, adapter, None):
        return True
    sqlstate = getattr(error, "sqlstate", None) or getattr(error.__cause__, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_DEAD_CONNECTION_SQLSTATES)


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


_ADVISORY_LOCKS = {
    False: text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
    True: text("SELECT pg_advisory_xact_lock_shared(hashtextextended(:key, 0))"),
}


async def lock_key(session: AsyncSession, key: str, *, shared: bool = False) -> None:
    """Serialise the units of work that take the same ``key`` until this one ends (a transaction-scoped
    advisory lock on PostgreSQL), for a rule that no row exists yet to lock: "fold into the open one or
    create it". ``shared``: units that take it shared do not wait for each other, only for one that takes
    it exclusive (and it for them). On SQLite a writing unit of work already runs alone."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_ADVISORY_LOCKS[shared], {"key": key})


async def get_row(
    session: AsyncSession, model: type[_Row], row_id: Any, *, lock: bool = False, refresh: bool = False
) -> _Row | None:
    """The row of ``model`` whose primary key is ``row_id``, or None; read with a query every time (an object
    the session already holds is returned as it is held, unless ``refresh``).

    ``lock`` reads it ``FOR UPDATE`` on PostgreSQL, held until the unit of work ends. SQLite has no row
    locks and ignores it: there a writing unit of work (``BEGIN IMMEDIATE``) already runs alone.
    ``refresh`` overwrites the attributes of an object the session already holds with the row as read
    (SQLAlchemy's ``populate_existing``)."""
    query = _by_key(cast("Hashable", model), lock, refresh)
    found: _Row | None = (await session.execute(query, {_ROW_ID: row_id})).scalar_one_or_none()
    return found


_ROW_ID = "conectar_row_id"


@functools.cache
def _by_key(model: Hashable, lock: bool, refresh: bool) -> Select[Any]:
    """``get_row``'s statement, built once per model and variant: building it anew cost a read ~30 µs."""
    mapped = cast("type[Any]", model)
    key = sa_inspect(mapped).primary_key
    if len(key) != 1:
        raise TypeError(f"get_row reads tables with a one-column primary key, not {mapped.__name__}")
    query: Select[Any] = select(mapped).where(key[0] == bindparam(_ROW_ID))
    if lock:
        query = query.with_for_update()
    if refresh:
        query = query.execution_options(populate_existing=True)
    return query


async def insert_ignore(session: AsyncSession, table: Table, values: dict[str, Any]) -> bool:
    """Insert a row unless its key exists; True when this call inserted it."""
    dialect = session.get_bind().dialect.name
    if any(isinstance(value, ClauseElement) for value in values.values()):
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        result = await session.execute(insert(table).values(**values).on_conflict_do_nothing())
    else:
        result = await session.execute(_insert_ignoring(table, dialect), values)
    return bool(getattr(result, "rowcount", 0) == 1)


@functools.cache
def _insert_ignoring(table: Table, dialect: str) -> Any:
    """``insert_ignore``'s statement, built once per table (building it per call cost 40–110 µs)."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing()


async def insert_ignore_many(
    session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]], *, key: Sequence[str]
) -> set[tuple[Any, ...]]:
    """Insert the rows whose key does not exist yet, in one statement; the keys (values of the ``key``
    columns, in order) of the rows this call inserted."""
    if not rows:
        return set()
    dialect = session.get_bind().dialect
    columns = tuple(rows[0])
    if dialect.name == "postgresql" and all(
        row.keys() == rows[0].keys() and not any(isinstance(v, ClauseElement) for v in row.values())
        for row in rows
    ):
        # One statement for any number of rows: each column's values as one array parameter.
        statement = _insert_ignoring_unnest(table, columns, tuple(key))
        arrays = {f"c{index}": [row[name] for row in rows] for index, name in enumerate(columns)}
        result = await session.execute(statement, arrays)
    else:
        key_columns = [table.c[name] for name in key]
        insert = pg_insert if dialect.name == "postgresql" else sqlite_insert
        stmt = insert(table).values(list(rows)).on_conflict_do_nothing().returning(*key_columns)
        result = await session.execute(stmt)
    return {tuple(row) for row in result.all()}


@functools.cache
def _insert_ignoring_unnest(table: Table, columns: tuple[str, ...], key: tuple[str, ...]) -> Any:
    """``INSERT … SELECT * FROM unnest(:c0, :c1, …) ON CONFLICT DO NOTHING RETURNING key``, built once per
    table and columns: the multi-row VALUES it replaces was built, compiled and bound anew for every number
    of rows."""
    arrays = [
        sql_cast(bindparam(f"c{index}", type_=ARRAY(table.c[name].type)), ARRAY(table.c[name].type))
        for index, name in enumerate(columns)
    ]
    rows = func.unnest(*arrays).table_valued(*columns).render_derived()
    return (
        pg_insert(table)
        .from_select(list(columns), select(*rows.c))
        .on_conflict_do_nothing()
        .returning(*(table.c[name] for name in key))
    )


_AFTER_COMMIT = "conectar_after_commit"


def on_commit(session: AsyncSession, callback: Callable[[], None]) -> None:
    """Run ``callback`` once the session's transaction commits (never if it rolls back). Callbacks run
    synchronously inside the event loop's thread: schedule async work with ``create_task``."""
    session.sync_session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _run_after_commit(sync: Any) -> None:
    for callback in sync.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception as exc:  # one failing callback must not stop the others
            structlog.get_logger(__name__).warning("after_commit_callback_failed", error=type(exc).__name__)


def _drop_after_commit(sync: Any) -> None:
    sync.info.pop(_AFTER_COMMIT, None)


# Once for every session of the process: listening per session cost ~90 µs per transaction (bench/events.py).
event.listen(OrmSession, "after_commit", _run_after_commit)
event.listen(OrmSession, "after_rollback", _drop_after_commit)
