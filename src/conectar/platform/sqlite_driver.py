"""SQLAlchemy's aiosqlite driver, with one stop per connection.

When a unit of work is cancelled while it holds a connection, SQLAlchemy ends the connection with a
graceful close (shielded) and, if the task is cancelled again meanwhile, with a forced one. With aiosqlite
0.22 each of them queues a stop for the connection's thread: the thread ends at the first, and the graceful
close then waits for the answer to the second forever — and so does ``asyncio.run`` when it ends (the
standalone start-up hung after the demo seed this way; sqlalchemy#13039, aiosqlite#369). Here both ends
share one stop: the connection's thread rolls back what was open, closes the SQLite connection and answers
once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util import await_only

_STOP = "_conectar_stop"


def _stop_once(connection: Any) -> asyncio.Future[Any] | None:
    """The stop of this aiosqlite connection, queued at its first call; None when it had already ended."""
    stop: asyncio.Future[Any] | None = getattr(connection, _STOP, None)
    if stop is not None:
        return stop
    if not getattr(connection, "_running", True):  # closed normally: its thread is gone
        return None
    queue = getattr(connection, "_tx", None)  # the thread's work queue (aiosqlite 0.22)
    if queue is not None:
        queue.put_nowait((None, functools.partial(_roll_back, connection)))
    stop = connection.stop()
    setattr(connection, _STOP, stop)
    return stop


def _roll_back(connection: Any) -> None:
    """End the open transaction first (on the connection's thread): a cursor that the cancelled unit of work
    still references keeps SQLite's connection, and its write lock, alive past ``close()`` until the cursor
    is collected, and every other writer would wait for it."""
    sqlite = connection._connection
    if sqlite is not None:
        with contextlib.suppress(Exception):
            sqlite.rollback()


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    async def _terminate_graceful_close(self) -> None:
        stop = _stop_once(self._connection)
        if stop is not None:
            await stop

    def _terminate_force_close(self) -> None:
        _stop_once(self._connection)


class _Dbapi(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        creator = kw.pop("async_creator_fn", None)
        pending = creator(*arg, **kw) if creator else self.aiosqlite.connect(*arg, **kw)
        thread = getattr(pending, "_thread", None)
        if thread is not None:
            thread.daemon = True  # as SQLAlchemy does: a forgotten connection never holds the process
        return _Connection(self, await_only(pending))


def aiosqlite_module() -> AsyncAdapt_aiosqlite_dbapi:
    """The DBAPI module to give ``create_async_engine(..., module=...)`` for ``sqlite+aiosqlite`` URLs."""
    import sqlite3

    import aiosqlite

    return _Dbapi(aiosqlite, sqlite3)
