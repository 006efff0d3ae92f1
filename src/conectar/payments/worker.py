"""A durable work queue on a table: rows are claimed with a lease (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), processed outside any transaction, and retried with backoff until done or dead.

Used for provider notifications (handled after the webhook has been answered) and for the sandbox's
webhook deliveries. Safe with several replicas: a claimed row is leased (``next_attempt_at`` moves into
the future) so no other replica takes it until the lease runs out; a crashed worker's rows come back when
their lease expires. The processing function marks its row done in the same unit of work as its effect;
a failure is recorded here with the next attempt's time.

The queue table needs ``id``, ``status`` (pending|done|dead), ``attempts``, ``next_attempt_at`` and
``last_error`` columns.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from typing import Any

import structlog
from sqlalchemy import Table, select, update

from conectar.platform.db import Database, utcnow
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

Row = Mapping[str, Any]


def backoff_seconds(attempts: int, *, base: float = 0.5, cap: float = 300.0) -> float:
    """0.5 s, 1 s, 2 s … capped, with ±20 % jitter."""
    return float(min(cap, base * 2.0 ** max(0, attempts - 1))) * (0.8 + 0.4 * random.random())


class QueueWorker:
    def __init__(
        self,
        *,
        name: str,
        db: Database,
        table: Table,
        process: Callable[[Row], Awaitable[None]],
        poll_seconds: float = 1.0,
        batch_size: int = 50,
        concurrency: int = 16,
        lease_seconds: float = 60.0,
        max_attempts: int = 25,
        backoff_cap_seconds: float = 300.0,
        settle_seconds: float = 0.0,
        busy: Callable[[], bool] | None = None,
    ) -> None:
        self.name = name
        self.db = db
        self.table = table
        self.process = process
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.concurrency = max(1, concurrency)
        self.lease_seconds = lease_seconds
        self.max_attempts = max_attempts
        self.backoff_cap_seconds = backoff_cap_seconds
        # After a wake-up, wait this long before claiming, so that a burst is claimed as one batch.
        self.settle_seconds = settle_seconds
        # While ``busy()`` says the process has more urgent work (answering webhooks), items are processed
        # one at a time instead of ``concurrency`` at a time.
        self.busy = busy
        self._single = asyncio.Lock()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name=f"queue-{self.name}")

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await cancel_and_wait([self._task])
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                while await self.run_once():
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep the worker alive whatever one round does
                log.warning("queue_worker_error", queue=self.name, error=type(exc).__name__)
                await asyncio.sleep(self.poll_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
                if self.settle_seconds:
                    await asyncio.sleep(self.settle_seconds)
            self._wake.clear()

    async def claim(self) -> list[dict[str, Any]]:
        table = self.table
        now = utcnow()
        async with self.db.session(write=True) as session:
            query = (
                select(table)
                .where(table.c.status == "pending", table.c.next_attempt_at <= now)
                .order_by(table.c.next_attempt_at)
                .limit(self.batch_size)
            )
            if not self.db.sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = [dict(row) for row in (await session.execute(query)).mappings().all()]
            if rows:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_([row["id"] for row in rows]))
                    .values(
                        attempts=table.c.attempts + 1,
                        next_attempt_at=now + timedelta(seconds=self.lease_seconds),
                    )
                )
        for row in rows:
            row["attempts"] = int(row["attempts"]) + 1
        return rows

    async def run_once(self) -> int:
        """Claim and process one batch; the number of rows claimed."""
        rows = await self.claim()
        if not rows:
            return 0
        semaphore = asyncio.Semaphore(self.concurrency)

        async def one(row: Row) -> None:
            async with semaphore:
                if self.busy is not None and self.busy():
                    async with self._single:
                        await self._process_one(row)
                else:
                    await self._process_one(row)

        await asyncio.gather(*(one(row) for row in rows))
        return len(rows)

    async def _process_one(self, row: Row) -> None:
        try:
            await self.process(row)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            await self._failed(row, exc)

    async def _failed(self, row: Row, exc: Exception) -> None:
        attempts = int(row["attempts"])
        dead = attempts >= self.max_attempts
        delay = backoff_seconds(attempts, cap=self.backoff_cap_seconds)
        log.warning(
            "queue_item_failed",
            queue=self.name,
            item=str(row["id"]),
            attempts=attempts,
            dead=dead,
            error=f"{type(exc).__name__}: {str(exc)[:200]}",
        )
        table = self.table
        async with self.db.session(write=True) as session:
            await session.execute(
                update(table)
                .where(table.c.id == row["id"], table.c.status == "pending")
                .values(
                    status="dead" if dead else "pending",
                    next_attempt_at=utcnow() + timedelta(seconds=delay),
                    last_error=f"{type(exc).__name__}: {str(exc)[:500]}",
                )
            )

    async def drain(self, *, rounds: int = 100) -> None:
        """Process until nothing is due (tests, the CLI), at most ``rounds`` batches."""
        for _ in range(rounds):
            if not await self.run_once():
                return
