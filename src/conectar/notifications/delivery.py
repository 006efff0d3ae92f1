"""Outbound deliveries as jobs of the kernel's work queue: one queue per channel
(``notifications.email``, ``notifications.push``), so a slow or failing channel never delays another.

Creating a :class:`~conectar.notifications.models.Delivery` enqueues its job in the same unit of work
(keyed by the delivery id, due when the delivery is). The queue leases the job (replicas never run it
twice at once; a worker that dies leaves it to another once the lease runs out) and calls
``flows.DeliveryHandler``, which loads the delivery, sends it through its channel with a timeout that ends
before the lease does, records the attempt and the delivery's outcome (sent, skipped, dead, or still
pending), and answers the queue: done, retry (after the provider's ``Retry-After`` if it gave one, else
the queue's backoff) or dead. The delivery's status is the domain's word, the job's the machinery's: a
delivery whose job dies is marked dead with the reason, by the handler or, when the queue gave the job up
without it (its lease ran out on the last attempt), by ``flows.gave_up`` (the queue's ``on_dead`` hook).

At least once: a worker that dies after the provider took a message but before recording it sends it
again. A run that finds its delivery finished (its outcome was recorded before the job was) does nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from prometheus_client import Counter, Histogram
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.notifications.catalog import Canal, kind
from conectar.notifications.channels.base import DeliveryJob
from conectar.notifications.models import DEAD, PENDING, SENT, SKIPPED, Delivery
from conectar.platform.workqueue import QUEUED, Dead, Done, WorkQueues
from conectar.platform.workqueue import Outcome as JobOutcome

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


def finished_outcome(row: Delivery | None) -> JobOutcome | None:
    """The job's answer when its delivery is already finished (None: it is pending)."""
    if row is None or row.status in (SENT, SKIPPED):
        return Done()  # gone (purged) or recorded by an earlier run whose job was not settled
    if row.status == DEAD:
        return Dead(row.last_error or "entrega fallida")
    return None


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
