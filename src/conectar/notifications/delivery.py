"""Delivery workers: one loop per outbound channel, so a slow or failing channel never delays another.

A worker claims due rows of its channel (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so replicas share
the work without taking the same row), marks them ``sending`` under a lease, commits, then sends them
concurrently (each with a timeout) outside any transaction, and records each outcome and attempt. A
worker that dies mid-send leaves its rows to be claimed again when the lease expires.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from datetime import timedelta
from typing import Any

import structlog
from prometheus_client import Counter, Histogram

from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal, kind
from conectar.notifications.channels.base import Channel, DeliveryJob, Outcome, Status
from conectar.notifications.models import DEAD, PENDING, SENT, SKIPPED, Delivery
from conectar.notifications.retry import RetryPolicy
from conectar.platform.db import Database, utcnow
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

DELIVERIES = Counter(
    "conectar_notifications_deliveries_total",
    "Delivery attempts by channel and outcome",
    ["channel", "outcome"],
)
DELIVERY_SECONDS = Histogram(
    "conectar_notifications_delivery_seconds",
    "Time to hand one message to its provider",
    ["channel"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def job_of(row: Delivery) -> DeliveryJob:
    return DeliveryJob(
        id=row.id,
        notification_id=row.notification_id,
        user_id=row.user_id,
        tipo=row.tipo,
        address=row.address,
        context=dict(row.context or {}),
        attempt=row.attempts,
    )


def scrubbed(tipo: str, context: dict[str, Any]) -> dict[str, Any]:
    """The context without the values that must not outlive the message (single-use links)."""
    sensitive = kind(tipo).sensitive
    return {key: value for key, value in context.items() if key not in sensitive}


class ChannelWorker:
    def __init__(
        self,
        canal: Canal,
        channel: Channel,
        db: Database,
        policy: RetryPolicy,
        *,
        poll_seconds: float = 1.0,
        batch_size: int = 20,
        concurrency: int = 8,
        lease_seconds: float = 120.0,
        send_timeout: float = 60.0,
    ) -> None:
        self.canal = canal
        self.channel = channel
        self.db = db
        self.policy = policy
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.send_timeout = send_timeout
        self._semaphore = asyncio.Semaphore(max(1, concurrency))
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=f"notifications-{self.canal.value}-worker")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def _loop(self) -> None:
        while True:
            try:
                handled = await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("delivery_worker_error", channel=self.canal.value, error=type(exc).__name__)
                handled = 0
            if handled:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            self._wake.clear()

    async def run_once(self) -> int:
        """Claim one batch of due deliveries and send them; returns how many were claimed."""
        now = utcnow()
        async with self.db.session(write=False) as session:
            if not await repo.any_due(session, self.canal, now):
                return 0
        token = uuid.uuid4().hex
        async with self.db.session(write=True) as session:
            rows = await repo.claim_due(
                session,
                self.canal,
                now=now,
                limit=self.batch_size,
                token=token,
                locked_until=now + timedelta(seconds=self.lease_seconds),
                skip_locked=not self.db.sqlite,
            )
            jobs = [job_of(row) for row in rows]
        if jobs:
            await asyncio.gather(*(self._process(job, token) for job in jobs))
        return len(jobs)

    async def _process(self, job: DeliveryJob, token: str) -> None:
        async with self._semaphore:
            started = utcnow()
            clock = time.perf_counter()
            try:
                outcome = await asyncio.wait_for(self.channel.deliver(job), self.send_timeout)
            except TimeoutError:
                outcome = Outcome.retry("tiempo de envío agotado")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug or an unexpected provider answer: retried like an outage
                log.warning(
                    "delivery_failed_unexpectedly", channel=self.canal.value, error=type(exc).__name__
                )
                outcome = Outcome.retry(f"error inesperado ({type(exc).__name__})")
            elapsed = time.perf_counter() - clock
        DELIVERY_SECONDS.labels(self.canal.value).observe(elapsed)
        await self._record(job, token, outcome, started=started, elapsed=elapsed)

    async def _record(
        self, job: DeliveryJob, token: str, outcome: Outcome, *, started: Any, elapsed: float
    ) -> None:
        now = utcnow()
        context = outcome.context if outcome.context is not None else job.context
        values: dict[str, Any] = {"last_error": outcome.detail}
        if outcome.provider_id:
            values["provider_id"] = outcome.provider_id[:200]
        if outcome.status is Status.SENT:
            values.update(status=SENT, sent_at=now, context=scrubbed(job.tipo, context))
            label = "sent"
        elif outcome.status is Status.SKIPPED:
            values.update(status=SKIPPED, context=scrubbed(job.tipo, context))
            label = "skipped"
        elif outcome.status is Status.RETRY and not self.policy.exhausted(job.attempt):
            delay = self.policy.delay(job.attempt, at_least=outcome.retry_after)
            values.update(status=PENDING, next_attempt_at=now + timedelta(seconds=delay), context=context)
            label = "retry"
        else:
            values.update(status=DEAD, context=scrubbed(job.tipo, context))
            label = "dead"
        async with self.db.session(write=True) as session:
            recorded = await repo.finish_attempt(
                session,
                job.id,
                token,
                values=values,
                attempt={
                    "number": job.attempt,
                    "started_at": started,
                    "finished_at": now,
                    "duration_ms": int(elapsed * 1000),
                    "outcome": label,
                    "error": outcome.detail,
                    "provider_id": outcome.provider_id[:200] if outcome.provider_id else None,
                },
            )
        DELIVERIES.labels(self.canal.value, label).inc()
        if not recorded:
            log.warning("delivery_lease_lost", channel=self.canal.value, delivery_id=str(job.id))
        elif label in ("retry", "dead"):
            log.info(
                "delivery_not_sent",
                channel=self.canal.value,
                delivery_id=str(job.id),
                tipo=job.tipo,
                attempt=job.attempt,
                outcome=label,
                error=outcome.detail,
            )
