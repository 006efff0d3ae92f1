"""Outbound deliveries as jobs of the kernel's work queue: one queue per channel
(``notifications.email``, ``notifications.push``), so a slow or failing channel never delays another.

Creating a :class:`~conectar.notifications.models.Delivery` enqueues its job in the same unit of work
(keyed by the delivery id, due when the delivery is). The queue leases the job (replicas never run it
twice at once; a worker that dies leaves it to another once the lease runs out) and calls
:class:`DeliveryHandler`, which loads the delivery, sends it through its channel with a timeout that ends
before the lease does, records the attempt and the delivery's outcome (sent, skipped, dead, or still
pending), and answers the queue: done, retry (after the provider's ``Retry-After`` if it gave one, else
the queue's backoff) or dead. The delivery's status is the domain's word, the job's the machinery's: a
delivery whose job dies is marked dead with the reason, by the handler or, when the queue gave the job up
without it (its lease ran out on the last attempt), by :func:`gave_up` (the queue's ``on_dead`` hook).

At least once: a worker that dies after the provider took a message but before recording it sends it
again. A run that finds its delivery finished (its outcome was recorded before the job was) does nothing.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog
from prometheus_client import Counter, Histogram
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal, kind
from conectar.notifications.channels.base import Channel, DeliveryJob, Outcome, Status
from conectar.notifications.models import DEAD, PENDING, SENT, SKIPPED, Delivery
from conectar.platform.db import Database, utcnow
from conectar.platform.observability import observe
from conectar.platform.workqueue import QUEUED, Dead, Done, Job, Later, RetryAfter, WorkQueues
from conectar.platform.workqueue import Outcome as JobOutcome

log = structlog.get_logger(__name__)

QUEUES: dict[Canal, str] = {Canal.EMAIL: "notifications.email", Canal.PUSH: "notifications.push"}
# Time kept, inside the handler's share of the lease, to record the outcome after a send.
RECORD_MARGIN_SECONDS = 5.0

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


def queue_of(canal: Canal | str) -> str:
    return QUEUES[Canal(canal)]


async def enqueue(
    queues: WorkQueues,
    session: AsyncSession,
    canal: Canal,
    delivery_id: uuid.UUID,
    *,
    due: datetime | None = None,
) -> None:
    """The delivery's job, in the caller's unit of work (once per delivery: keyed by its id)."""
    await queues.enqueue(
        session, queue_of(canal), {"delivery_id": str(delivery_id)}, key=str(delivery_id), run_after=due
    )


def send_timeout(wanted: float, lease_seconds: float) -> float:
    """The send's timeout: what the channel wants, cut to end before the queue cuts the handler off
    (``QueueSpec.timeout_seconds``, 90 % of the lease) with time left to record the outcome."""
    handler_budget = lease_seconds * 0.9
    return min(wanted, max(handler_budget - RECORD_MARGIN_SECONDS, handler_budget * 0.8))


def job_of(row: Delivery, attempt: int) -> DeliveryJob:
    return DeliveryJob(
        id=row.id,
        notification_id=row.notification_id,
        user_id=row.user_id,
        tipo=row.tipo,
        address=row.address,
        context=dict(row.context or {}),
        attempt=attempt,
    )


def scrubbed(tipo: str, context: dict[str, Any]) -> dict[str, Any]:
    """The context without the values that must not outlive the message (single-use links)."""
    sensitive = kind(tipo).sensitive
    return {key: value for key, value in context.items() if key not in sensitive}


def _finished(row: Delivery | None) -> JobOutcome | None:
    """The job's answer when its delivery is already finished (None: it is pending)."""
    if row is None or row.status in (SENT, SKIPPED):
        return Done()  # gone (purged) or recorded by an earlier run whose job was not settled
    if row.status == DEAD:
        return Dead(row.last_error or "entrega fallida")
    return None


class DeliveryHandler:
    """The work-queue handler of one channel's deliveries (the job's payload names the delivery)."""

    def __init__(
        self, canal: Canal, channel: Channel, db: Database, *, max_attempts: int, send_timeout: float
    ) -> None:
        self.canal = canal
        self.channel = channel
        self.db = db
        self.max_attempts = max_attempts
        self.send_timeout = send_timeout

    async def on_dead(self, job: Job, reason: str) -> None:
        await gave_up(self.db, job, reason)

    async def __call__(self, job: Job) -> JobOutcome:
        delivery_id = uuid.UUID(str(job.payload["delivery_id"]))
        async with self.db.session(write=False) as session:
            row = await repo.delivery(session, delivery_id)
        if row is not None and row.status == DEAD and job.attempts <= row.attempts:
            # The job started a new round (an operator's ``conectar queues retry``): so does the delivery.
            row = await self._revive(row)
        finished = _finished(row)
        if finished is not None or row is None:
            return finished or Done()
        if row.next_attempt_at > utcnow():
            return Later(row.next_attempt_at, "the burst is still gathering")
        if row.coalesce_key is not None:
            async with self.db.session(write=True) as session:
                row = await repo.close_burst(session, delivery_id)
            finished = _finished(row)
            if finished is not None or row is None:
                return finished or Done()
        return await self._send(row, job)

    async def _revive(self, row: Delivery) -> Delivery | None:
        if kind(row.tipo).sensitive:
            return row  # its single-use link was scrubbed: it stays dead, a new one must be asked for
        async with self.db.session(write=True) as session:
            await repo.revive_delivery(session, row.id)
            return await repo.delivery(session, row.id)

    async def _send(self, row: Delivery, job: Job) -> JobOutcome:
        delivery = job_of(row, job.attempts)
        started = utcnow()
        clock = time.perf_counter()
        try:
            outcome = await asyncio.wait_for(self.channel.deliver(delivery), self.send_timeout)
        except TimeoutError:
            outcome = Outcome.retry("tiempo de envío agotado")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug or an unexpected provider answer: retried like an outage
            log.warning("delivery_failed_unexpectedly", channel=self.canal.value, error=type(exc).__name__)
            outcome = Outcome.retry(f"error inesperado ({type(exc).__name__})")
        elapsed = time.perf_counter() - clock
        observe(DELIVERY_SECONDS.labels(self.canal.value), elapsed)
        return await self._record(delivery, outcome, started=started, elapsed=elapsed)

    async def _record(
        self, delivery: DeliveryJob, outcome: Outcome, *, started: Any, elapsed: float
    ) -> JobOutcome:
        now = utcnow()
        context = outcome.context if outcome.context is not None else delivery.context
        values: dict[str, Any] = {"last_error": outcome.detail, "attempts": delivery.attempt}
        if outcome.provider_id:
            values["provider_id"] = outcome.provider_id[:200]
        answer: JobOutcome
        if outcome.status is Status.SENT:
            values.update(status=SENT, sent_at=now, context=scrubbed(delivery.tipo, context))
            label, answer = "sent", Done()
        elif outcome.status is Status.SKIPPED:
            values.update(status=SKIPPED, context=scrubbed(delivery.tipo, context))
            label, answer = "skipped", Done()
        elif outcome.status is Status.RETRY and delivery.attempt < self.max_attempts:
            values.update(context=context)
            label = "retry"
            answer = RetryAfter(outcome.detail or "reintento", seconds=outcome.retry_after)
        else:
            values.update(status=DEAD, context=scrubbed(delivery.tipo, context))
            label, answer = "dead", Dead(outcome.detail or "entrega fallida")
        async with self.db.session(write=True) as session:
            recorded = await repo.record_attempt(
                session,
                delivery.id,
                values=values,
                attempt={
                    "number": delivery.attempt,
                    "started_at": started,
                    "finished_at": now,
                    "duration_ms": int(elapsed * 1000),
                    "outcome": label,
                    "error": outcome.detail,
                    "provider_id": outcome.provider_id[:200] if outcome.provider_id else None,
                },
            )
            if not recorded:
                # Another run of the job finished the delivery first (its lease had run out): that stands.
                # Pending again meanwhile (an admin's retry while this ran): it still needs this job.
                log.warning(
                    "delivery_already_finished", channel=self.canal.value, delivery_id=str(delivery.id)
                )
                current = await repo.delivery(session, delivery.id)
                return _finished(current) or RetryAfter("la entrega volvió a quedar pendiente", seconds=0)
        DELIVERIES.labels(self.canal.value, label).inc()
        if label in ("retry", "dead"):
            log.info(
                "delivery_not_sent",
                channel=self.canal.value,
                delivery_id=str(delivery.id),
                tipo=delivery.tipo,
                attempt=delivery.attempt,
                outcome=label,
                error=outcome.detail,
            )
        return answer


async def gave_up(db: Database, job: Job, reason: str) -> bool:
    """The queue gave up the delivery's job without its handler saying so (its lease ran out on the last
    attempt: the worker died or hung every time): the delivery is marked dead with the queue's reason.
    True when it was still pending."""
    if not job.key:
        return False
    now = utcnow()
    async with db.session(write=True) as session:
        row = await repo.delivery(session, uuid.UUID(job.key), lock=True)
        if row is None or row.status != PENDING:
            return False
        why = f"la cola la dio por fallida: {reason or 'sin detalle'}"[:1000]
        await repo.record_attempt(
            session,
            row.id,
            values={
                "status": DEAD,
                "last_error": why,
                "attempts": job.attempts,
                "context": scrubbed(row.tipo, dict(row.context or {})),
            },
            attempt={
                "number": job.attempts,
                "started_at": now,
                "finished_at": now,
                "duration_ms": 0,
                "outcome": "dead",
                "error": why,
                "provider_id": None,
            },
        )
    log.warning("delivery_dead_with_its_job", delivery_id=str(row.id))
    return True


def next_attempts(
    rows: Sequence[Delivery], jobs: dict[uuid.UUID, dict[str, Any]]
) -> dict[uuid.UUID, datetime | None]:
    """When each pending delivery is tried next: its job's due time while the job waits (None while it
    runs or once it died)."""
    found: dict[uuid.UUID, datetime | None] = {}
    for row in rows:
        if row.status != PENDING:
            continue
        job = jobs.get(row.id)
        found[row.id] = job["run_after"] if job is not None and job["status"] == QUEUED else None
    return found
