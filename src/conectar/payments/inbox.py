"""Group commit for incoming provider notifications.

Every webhook must be stored before it is answered. Under a burst, committing each one in its own
transaction costs a few database round trips per request; here concurrent requests hand their row to a
flusher that writes whatever has accumulated in one transaction (a multi-row insert-or-ignore that
returns the rows it inserted) and then answers every waiting request. A lone request still costs one
transaction; a burst of N costs about one. Durability is unchanged: nobody is answered before the commit
that holds their row.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import structlog
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from conectar.platform.db import Database, utcnow

log = structlog.get_logger(__name__)

MAX_BATCH = 500


class NotificationInbox:
    def __init__(self, db: Database, table: Table, *, on_stored: Callable[[], None] | None = None) -> None:
        self.db = db
        self.table = table
        self.on_stored = on_stored
        self._pending: list[tuple[dict[str, Any], asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._last_store = float("-inf")

    def busy(self, window: float = 0.05) -> bool:
        """Whether notifications arrived within the last ``window`` seconds (the worker yields then)."""
        return asyncio.get_running_loop().time() - self._last_store < window

    async def store(self, values: Mapping[str, Any]) -> bool:
        """Store one notification (once per source and external id); True when it was new."""
        loop = asyncio.get_running_loop()
        self._last_store = loop.time()
        future: asyncio.Future[bool] = loop.create_future()
        self._pending.append((dict(values), future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name="payments-inbox-flush")
        return await future

    async def _flush_all(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                inserted = await self._write([values for values, _ in batch])
            except Exception as exc:
                log.warning("notification_store_failed", error=type(exc).__name__, batch=len(batch))
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            first_claim: set[tuple[str, str]] = set()
            for values, future in batch:
                key = (values["source"], values["external_id"])
                new = key in inserted and key not in first_claim
                first_claim.add(key)
                if not future.done():
                    future.set_result(new)
            if inserted and self.on_stored is not None:
                self.on_stored()

    async def _write(self, rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
        now = utcnow()
        values = [
            {
                "id": uuid.uuid4(),
                "received_at": now,
                "status": "pending",
                "attempts": 0,
                "next_attempt_at": now,
                **row,
            }
            for row in rows
        ]
        insert = pg_insert if not self.db.sqlite else sqlite_insert
        # One cached single-row statement, sent for all rows at once (SQLAlchemy's "insertmanyvalues":
        # multi-row VALUES batches, RETURNING only the rows that were inserted).
        statement = (
            insert(self.table)
            .on_conflict_do_nothing()
            .returning(self.table.c.source, self.table.c.external_id)
        )
        async with self.db.session(write=True) as session:
            result = await session.execute(statement, values)
            return {(str(source), str(external_id)) for source, external_id in result.all()}
