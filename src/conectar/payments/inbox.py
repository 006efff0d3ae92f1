"""Group commit for incoming provider notifications.

Every webhook must be stored before it is answered. Under a burst, committing each one in its own
transaction costs a few database round trips per request; here concurrent requests hand their row to a
flusher that writes whatever has accumulated in one transaction (a multi-row insert-or-ignore that
returns the rows it inserted, then one multi-row insert of a ``payments.notifications`` job for each of
those rows) and then answers every waiting request. A lone request still costs one transaction; a burst of
N costs about one. Durability is unchanged: nobody is answered before the commit that holds their row and
its job; a duplicate adds neither.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.context import current_request_id
from conectar.platform.db import Database, utcnow
from conectar.platform.workqueue import NewJob, WorkQueues

log = structlog.get_logger(__name__)

MAX_BATCH = 500
NOTIFICATIONS_QUEUE = "payments.notifications"

Key = tuple[str, str]  # (source, external_id)


def notification_job_key(notification_id: uuid.UUID) -> str:
    """The key of a notification's job: one job per stored notification."""
    return str(notification_id)


class NotificationInbox:
    def __init__(self, db: Database, table: Table, queues: WorkQueues) -> None:
        self.db = db
        self.table = table
        self.queues = queues
        self._pending: list[tuple[dict[str, Any], str | None, asyncio.Future[bool]]] = []
        self._flusher: asyncio.Task[None] | None = None
        self._last_store = float("-inf")

    def busy(self, window: float = 0.05) -> bool:
        """Whether notifications arrived within the last ``window`` seconds (the queue yields then)."""
        return asyncio.get_running_loop().time() - self._last_store < window

    async def store(self, values: Mapping[str, Any]) -> bool:
        """Store one notification (once per source and external id) with its job; True when it was new."""
        loop = asyncio.get_running_loop()
        self._last_store = loop.time()
        future: asyncio.Future[bool] = loop.create_future()
        self._pending.append((dict(values), current_request_id(), future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_all(), name="payments-inbox-flush")
        return await future

    async def _flush_all(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                inserted = await self._write([(values, request) for values, request, _ in batch])
            except Exception as exc:
                log.warning("notification_store_failed", error=type(exc).__name__, batch=len(batch))
                for _, _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            first_claim: set[Key] = set()
            for values, _, future in batch:
                key = (values["source"], values["external_id"])
                new = key in inserted and key not in first_claim
                first_claim.add(key)
                if not future.done():
                    future.set_result(new)
            if inserted:
                self.queues.wake(NOTIFICATIONS_QUEUE)

    async def _write(self, rows: Sequence[tuple[dict[str, Any], str | None]]) -> set[Key]:
        now = utcnow()
        # In key order: two replicas writing overlapping bursts then take the unique index's entries in one
        # order, and cannot wait for each other's (a deadlock, a 500 to the provider).
        values = sorted(
            ({"id": uuid.uuid4(), "received_at": now, **row} for row, _ in rows),
            key=lambda value: (str(value["source"]), str(value["external_id"])),
        )
        correlation: dict[Key, str | None] = {}
        for row, request in rows:
            correlation.setdefault((row["source"], row["external_id"]), request)
        insert = pg_insert if not self.db.sqlite else sqlite_insert
        # One cached single-row statement, sent for all rows at once (SQLAlchemy's "insertmanyvalues":
        # multi-row VALUES batches, RETURNING only the rows that were inserted).
        statement = (
            insert(self.table)
            .on_conflict_do_nothing()
            .returning(self.table.c.id, self.table.c.source, self.table.c.external_id)
        )
        async with self.db.session(write=True) as session:
            result = await session.execute(statement, values)
            stored = [
                (row_id, (str(source), str(external_id))) for row_id, source, external_id in result.all()
            ]
            if stored:
                await self._enqueue(session, [(row_id, correlation.get(key)) for row_id, key in stored], now)
        return {key for _, key in stored}

    async def _enqueue(
        self, session: AsyncSession, notifications: Sequence[tuple[uuid.UUID, str | None]], now: datetime
    ) -> None:
        """One ``payments.notifications`` job per new notification, in the same transaction and one
        statement (a burst stays one round trip), each with its own webhook's request id."""
        await self.queues.enqueue_many(
            session,
            NOTIFICATIONS_QUEUE,
            [
                NewJob(
                    {"notification_id": str(notification_id)},
                    key=notification_job_key(notification_id),
                    run_after=now,
                    correlation_id=request,
                )
                for notification_id, request in notifications
            ],
        )
