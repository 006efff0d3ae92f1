"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from typing import Any

import structlog

from conectar.contracts.identity import AccountInfo
from conectar.contracts.personal_data import is_pseudonymous_email
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal, kind
from conectar.notifications.channels.base import Channel, DeliveryJob, Outcome, Status
from conectar.notifications.channels.fcm import Device
from conectar.notifications.channels.mail import Recipient, RecipientUnknown
from conectar.notifications.delivery import DELIVERIES, DELIVERY_SECONDS, finished_outcome, job_of, scrubbed
from conectar.notifications.models import DEAD, PENDING, SENT, SKIPPED, Delivery
from conectar.platform.app import ServiceContext
from conectar.platform.db import Database, utcnow
from conectar.platform.errors import NotFound
from conectar.platform.observability import observe
from conectar.platform.workqueue import Dead, Done, Job, Later, RetryAfter
from conectar.platform.workqueue import Outcome as JobOutcome

log = structlog.get_logger(__name__)


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
        finished = finished_outcome(row)
        if finished is not None or row is None:
            return finished or Done()
        if row.next_attempt_at > utcnow():
            return Later(row.next_attempt_at, "the burst is still gathering")
        if row.coalesce_key is not None:
            async with self.db.session(write=True) as session:
                row = await repo.close_burst(session, delivery_id)
            finished = finished_outcome(row)
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
                return finished_outcome(current) or RetryAfter(
                    "la entrega volvió a quedar pendiente", seconds=0
                )
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


# --- what the channels ask (the runtime hands these to them), each in its own short unit of work ---------


async def resolve(ctx: ServiceContext, user_id: uuid.UUID) -> Recipient:
    """The person's address and name: our copy, or (read-through) the auth service's account."""
    async with ctx.db.session(write=False) as session:
        copy = await repo.user(session, user_id)
        if copy is not None and copy.email:
            if is_pseudonymous_email(copy.email):
                raise RecipientUnknown(str(user_id))  # deleted: nothing more goes to them
            return Recipient(copy.email, copy.nombre)
    try:
        body = await ctx.clients.call("auth", "GET", f"/internal/v1/accounts/{user_id}")
    except NotFound as exc:
        raise RecipientUnknown(str(user_id)) from exc
    account = AccountInfo.model_validate(body)
    async with ctx.db.session(write=True) as session:
        await repo.fill_user_from_account(session, account)
        copy = await repo.user(session, user_id)
    nombre = copy.nombre if copy is not None and copy.nombre else account.nombre
    return Recipient(account.email, nombre)


async def all_read(ctx: ServiceContext, notification_ids: list[str]) -> bool:
    ids = [uuid.UUID(value) for value in notification_ids]
    if not ids:
        return False
    async with ctx.db.session(write=False) as session:
        return await repo.count_unread_among(session, ids) == 0


async def devices(ctx: ServiceContext, user_id: uuid.UUID) -> Sequence[Device]:
    async with ctx.db.session(write=False) as session:
        rows = await repo.devices_of(session, user_id)
    return [Device(token=row.token, token_hash=row.token_hash) for row in rows]


async def prune(ctx: ServiceContext, hashes: Sequence[str]) -> int:
    async with ctx.db.session(write=True) as session:
        removed = await repo.delete_devices(session, hashes)
    log.info("push_tokens_pruned", count=removed)
    return removed
