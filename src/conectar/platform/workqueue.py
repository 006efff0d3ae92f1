"""The durable work queue: background work of a service as rows of its own ``work_jobs`` table.

A use case enqueues a job with the session that makes the change needing it, so the change and the job
commit together (and the queue's worker is woken after that commit). Workers lease due jobs — ``FOR UPDATE
SKIP LOCKED`` on PostgreSQL, the immediate write transaction on SQLite — so any number of replicas share a
queue without running a job twice at once; a lease that runs out (its worker died) makes the job due
again. The handler runs outside any transaction and answers:

- :class:`Done` (or ``None``): the job is finished and deleted;
- :class:`RetryAfter`: try again later — after the given seconds, or the queue's backoff (exponential,
  capped, with jitter); once the queue's attempts are spent the job is dead;
- :class:`Later`: not due yet (a burst still gathering), run it at the given time, no attempt spent;
- :class:`Dead`: it can never succeed; kept for an operator (``conectar queues list|retry|purge``).

An exception in the handler counts as a retry. Delivery is at least once: a handler whose worker dies
after its effect but before the job is finished runs again, so handlers are idempotent (each queue's
handler says how).

Tracing: a job keeps the trace context of the unit of work that enqueued it (``trace_context``, W3C
headers; NULL when tracing is off), and each run of its handler is a consumer span ``process <queue>``
child of that context, with the job id and the enqueuing request id in the log context.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    and_,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.context import current_request_id
from conectar.platform.db import Database, UTCDateTime, insert_ignore, on_commit, utcnow
from conectar.platform.observability import observe
from conectar.platform.tasks import Repeating, cancel_and_wait
from conectar.platform.tracing import current_carrier, mark_outcome, work_job_span

__all__ = [
    "Backoff",
    "Dead",
    "Done",
    "Job",
    "Later",
    "NewJob",
    "Outcome",
    "QueueSpec",
    "QueueStats",
    "RetryAfter",
    "WorkQueues",
    "work_jobs_table",
]

log = structlog.get_logger(__name__)

QUEUED, RUNNING, DEAD = "queued", "running", "dead"
STATES = (QUEUED, RUNNING, DEAD)
MEASURE_INTERVAL_SECONDS = 5.0
STOP_GRACE_SECONDS = 5.0  # within the pod's termination budget (deploy/k8s: 30 s in all)
INSTANCE_ID = f"{socket.gethostname()}-{os.getpid()}"

QUEUE_JOBS = Gauge("conectar_queue_jobs", "Jobs in a work queue by state", ["service", "queue", "state"])
QUEUE_OLDEST = Gauge(
    "conectar_queue_oldest_job_age_seconds",
    "How long the oldest due job of a work queue has been waiting to run",
    ["service", "queue"],
)
QUEUE_OUTCOMES = Counter(
    "conectar_queue_job_outcomes_total",
    "Job runs by outcome (done, retried, later, dead, lease_lost)",
    ["service", "queue", "outcome"],
)
QUEUE_SECONDS = Histogram(
    "conectar_queue_job_duration_seconds",
    "Time a handler took for one job",
    ["service", "queue"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)


def work_jobs_table(metadata: MetaData) -> Table:
    return Table(
        "work_jobs",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("queue", String(64), nullable=False),
        # Enqueueing twice with the same key is one job (while the first is queued, running or dead).
        Column("key", String(200), nullable=True),
        Column("payload", JSON, nullable=False),
        Column("status", String(10), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        # When queued: when it is due. When running: when its lease runs out.
        Column("run_after", UTCDateTime(), nullable=False),
        Column("lease_token", String(32), nullable=True),
        Column("last_error", Text, nullable=True),
        Column("correlation_id", String(128), nullable=True),
        Column("created_at", UTCDateTime(), nullable=False),
        Column("updated_at", UTCDateTime(), nullable=False),
        # W3C trace context (traceparent, tracestate) of the unit of work that enqueued the job.
        Column("trace_context", JSON, nullable=True),
        UniqueConstraint("queue", "key"),
        Index("ix_work_jobs_queue_status_run_after", "queue", "status", "run_after"),
    )


@dataclass(frozen=True)
class Backoff:
    """Seconds to wait after the n-th failed attempt: ``base × 2^(n-1)`` capped, with "equal jitter"
    (between half and all of it) so that jobs failing together do not retry together."""

    base_seconds: float = 1.0
    cap_seconds: float = 300.0

    def delay(self, attempts: int, *, rng: random.Random | None = None) -> float:
        ceiling = min(self.cap_seconds, self.base_seconds * (2.0 ** min(max(0, attempts - 1), 62)))
        return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


@dataclass(frozen=True)
class Job:
    id: uuid.UUID
    queue: str
    payload: dict[str, Any]
    attempts: int  # including this one
    key: str | None
    correlation_id: str | None
    created_at: datetime
    trace_context: Mapping[str, str] | None = None


@dataclass(frozen=True)
class NewJob:
    """A job to enqueue with :meth:`WorkQueues.enqueue_many`."""

    payload: Mapping[str, Any]
    key: str | None = None
    run_after: datetime | None = None
    correlation_id: str | None = None  # None: the current request's


@dataclass(frozen=True)
class Done:
    pass


@dataclass(frozen=True)
class RetryAfter:
    reason: str
    seconds: float | None = None  # None: the queue's backoff; else at least this (a provider's Retry-After)


@dataclass(frozen=True)
class Later:
    at: datetime
    reason: str = "not due yet"


@dataclass(frozen=True)
class Dead:
    reason: str


Outcome = Done | RetryAfter | Later | Dead
Handler = Callable[[Job], Awaitable[Outcome | None]]


@dataclass(frozen=True)
class QueueSpec:
    name: str
    handler: Handler
    concurrency: int = 8
    batch_size: int = 20
    lease_seconds: float = 60.0
    max_attempts: int = 12
    backoff: Backoff = field(default_factory=Backoff)
    poll_seconds: float = 1.0
    # After a wake-up, wait this long before leasing, so that a burst is leased as one batch.
    settle_seconds: float = 0.0
    # While ``yield_to()`` is true (the process has more urgent work) jobs run one at a time.
    yield_to: Callable[[], bool] | None = None
    # Told when the queue gives a job up without its handler having answered Dead (attempts spent on
    # retries, failures or leases that ran out), so that a domain row mirroring the job can say so.
    on_dead: Callable[[Job, str], Awaitable[None]] | None = None

    @property
    def timeout_seconds(self) -> float:
        """A handler is cut off before its lease runs out, so that no other replica takes it meanwhile."""
        return self.lease_seconds * 0.9


@dataclass(frozen=True)
class QueueStats:
    queue: str
    counts: Mapping[str, int]
    oldest_due_seconds: float


class WorkQueues:
    """A service's work queues: enqueue in a unit of work; lease, run and settle jobs in the background."""

    def __init__(self, service: str, db: Database, table: Table) -> None:
        self.service = service
        self.db = db
        self.table = table
        self.specs: dict[str, QueueSpec] = {}
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._stop = asyncio.Event()
        self._single = asyncio.Lock()
        self._measuring = Repeating(f"queues-{service}", MEASURE_INTERVAL_SECONDS, self.measure)

    def register(self, spec: QueueSpec) -> None:
        if spec.name in self.specs:
            raise ValueError(f"queue {spec.name!r} is registered twice")
        self.specs[spec.name] = spec
        self._wake.setdefault(spec.name, asyncio.Event())

    # -- producing -------------------------------------------------------------------------------------

    async def enqueue(
        self,
        session: AsyncSession,
        queue: str,
        payload: Mapping[str, Any],
        *,
        key: str | None = None,
        run_after: datetime | None = None,
        correlation_id: str | None = None,
    ) -> bool:
        """Add a job in the caller's unit of work; False when a job with ``key`` already exists."""
        values = self._values(queue, NewJob(payload, key, run_after, correlation_id), utcnow())
        if key is None:
            await session.execute(self.table.insert().values(**values))
            added = True
        else:
            added = await insert_ignore(session, self.table, values)
        if added:
            on_commit(session, lambda: self.wake(queue))
        return added

    async def enqueue_many(self, session: AsyncSession, queue: str, jobs: Sequence[NewJob]) -> None:
        """Add several jobs in one statement (a burst written in one transaction); a job whose key exists
        already is left out."""
        if not jobs:
            return
        now = utcnow()
        rows = [self._values(queue, job, now) for job in jobs]
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        await session.execute(insert(self.table).on_conflict_do_nothing(), rows)
        on_commit(session, lambda: self.wake(queue))

    @staticmethod
    def _values(queue: str, job: NewJob, now: datetime) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "queue": queue,
            "key": job.key,
            "payload": dict(job.payload),
            "status": QUEUED,
            "attempts": 0,
            "run_after": job.run_after or now,
            "correlation_id": job.correlation_id or current_request_id(),
            "created_at": now,
            "updated_at": now,
            "trace_context": current_carrier(),
        }

    async def reschedule(self, session: AsyncSession, queue: str, key: str, run_after: datetime) -> bool:
        """Move a queued job's due time (a gathering burst that grew); False when it is not queued."""
        result = await session.execute(
            update(self.table)
            .where(self.table.c.queue == queue, self.table.c.key == key, self.table.c.status == QUEUED)
            .values(run_after=run_after, updated_at=utcnow())
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    async def requeue(
        self, session: AsyncSession, queue: str, key: str, *, run_after: datetime | None = None
    ) -> bool:
        """Give the dead job with ``key`` a new round of attempts in the caller's unit of work (a staff
        action that retries what had been given up); False when there is no such dead job."""
        result = await session.execute(
            update(self.table)
            .where(self.table.c.queue == queue, self.table.c.key == key, self.table.c.status == DEAD)
            .values(status=QUEUED, attempts=0, run_after=run_after or utcnow(), updated_at=utcnow())
        )
        if getattr(result, "rowcount", 0) != 1:
            return False
        on_commit(session, lambda: self.wake(queue))
        return True

    async def find(
        self, session: AsyncSession, queues: Sequence[str], keys: Iterable[str]
    ) -> dict[str, dict[str, Any]]:
        """The jobs of ``queues`` with these keys (state, attempts, due time, last error), by key — what a
        service shows of the work behind its own rows."""
        wanted = list(keys)
        if not wanted:
            return {}
        table = self.table
        rows = await session.execute(
            select(table).where(table.c.queue.in_(list(queues)), table.c.key.in_(wanted))
        )
        return {str(row["key"]): dict(row) for row in rows.mappings()}

    async def purge_dead(self, session: AsyncSession, queues: Sequence[str], *, before: datetime) -> int:
        """Delete the jobs of ``queues`` that died before ``before`` (their domain rows' retention)."""
        table = self.table
        result = await session.execute(
            delete(table).where(
                table.c.queue.in_(list(queues)), table.c.status == DEAD, table.c.updated_at < before
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def wake(self, queue: str) -> None:
        event = self._wake.get(queue)
        if event is not None:
            event.set()

    # -- running ---------------------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        for spec in self.specs.values():
            self._tasks.append(asyncio.create_task(self._loop(spec), name=f"queue-{spec.name}"))
        if self.specs:
            self._measuring.start()

    async def stop(self, *, grace_seconds: float = STOP_GRACE_SECONDS) -> None:
        """Lease nothing more; give the jobs that are running ``grace_seconds`` to finish and settle, then
        cancel them (their leases run out and the next worker runs them again). Nothing of the queues runs
        once this returns: the service's database closes next."""
        await self._measuring.stop()
        self._stop.set()
        for wake in self._wake.values():
            wake.set()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=grace_seconds)
        await cancel_and_wait(self._tasks)
        self._tasks.clear()

    async def _loop(self, spec: QueueSpec) -> None:
        wake = self._wake[spec.name]
        while not self._stop.is_set():
            try:
                while not self._stop.is_set() and await self.run_once(spec.name):
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep the queue running whatever one round does
                log.warning("queue_round_failed", queue=spec.name, error=type(exc).__name__)
                await self._pause(spec.poll_seconds)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), spec.poll_seconds)
                if spec.settle_seconds and not self._stop.is_set():
                    await asyncio.sleep(spec.settle_seconds)
            wake.clear()

    async def _pause(self, seconds: float) -> None:
        """Sleep ``seconds``, or less when the queues stop meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), seconds)

    async def run_once(self, queue: str) -> int:
        """Lease one batch of due jobs of ``queue`` and run them; the number leased."""
        spec = self.specs[queue]
        leased = await self._lease(spec, due=self._due(spec.name), limit=spec.batch_size)
        if not leased:
            return 0
        semaphore = asyncio.Semaphore(max(1, spec.concurrency))

        async def one(job: Job, token: str) -> None:
            async with semaphore:
                if spec.yield_to is not None and spec.yield_to():
                    async with self._single:
                        await self._run(spec, job, token)
                else:
                    await self._run(spec, job, token)

        # Every job is waited for, also when this round is cancelled or one of them fails: a job left
        # running would hold a database connection past the service's shutdown.
        outcomes = await asyncio.gather(*(one(job, token) for job, token in leased), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return len(leased)

    async def run_now(self, queue: str, key: str) -> Outcome | None:
        """Run the job with ``key`` here and now if it is due or waiting (a caller that needs its result
        within the request); None when there is none or another worker holds it."""
        spec = self.specs[queue]
        table = self.table
        leased = await self._lease(
            spec,
            due=and_(table.c.queue == queue, table.c.key == key, table.c.status == QUEUED),
            limit=1,
        )
        if not leased:
            return None
        job, token = leased[0]
        return await self._run(spec, job, token)

    async def drain(self, queue: str | None = None, *, rounds: int = 100) -> int:
        """Run due jobs until none is left (tests, the CLI); the number run."""
        total = 0
        for _ in range(rounds):
            ran = 0
            for name in [queue] if queue else list(self.specs):
                ran += await self.run_once(name)
            if not ran:
                break
            total += ran
        return total

    def _due(self, queue: str) -> Any:
        table = self.table
        now = utcnow()
        return and_(
            table.c.queue == queue,
            or_(
                and_(table.c.status == QUEUED, table.c.run_after <= now),
                and_(table.c.status == RUNNING, table.c.run_after < now),  # its worker died
            ),
        )

    async def _lease(self, spec: QueueSpec, *, due: Any, limit: int) -> list[tuple[Job, str]]:
        table = self.table
        now = utcnow()
        token = uuid.uuid4().hex
        async with self.db.session(write=True) as session:
            query = select(table).where(due).order_by(table.c.run_after).limit(limit)
            if not self.db.sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).mappings().all()
            if not rows:
                return []
            # A job whose lease ran out with its attempts spent killed its worker every time: dead.
            spent = [r["id"] for r in rows if r["status"] == RUNNING and r["attempts"] >= spec.max_attempts]
            live = [r for r in rows if r["id"] not in spent]
            if spent:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_(spent))
                    .values(
                        status=DEAD,
                        lease_token=None,
                        last_error="lease ran out on every attempt (the worker died or hung)",
                        updated_at=now,
                    )
                )
                QUEUE_OUTCOMES.labels(self.service, spec.name, "dead").inc(len(spent))
            if live:
                await session.execute(
                    update(table)
                    .where(table.c.id.in_([r["id"] for r in live]))
                    .values(
                        status=RUNNING,
                        attempts=table.c.attempts + 1,
                        run_after=now + timedelta(seconds=spec.lease_seconds),
                        lease_token=token,
                        updated_at=now,
                    )
                )
        expired = sum(1 for r in live if r["status"] == RUNNING)
        if expired:
            QUEUE_OUTCOMES.labels(self.service, spec.name, "lease_lost").inc(expired)
        for r in rows:
            if r["id"] in spent:
                await self._tell_dead(spec, _job(r, int(r["attempts"])), "lease ran out on every attempt")
        return [(_job(r, int(r["attempts"]) + 1), token) for r in live]

    async def _tell_dead(self, spec: QueueSpec, job: Job, reason: str) -> None:
        if spec.on_dead is None:
            return
        try:
            await spec.on_dead(job, reason)
        except Exception as exc:  # the job stays dead (and listed) whatever the hook does
            log.warning("queue_on_dead_failed", queue=spec.name, job_id=str(job.id), error=type(exc).__name__)

    async def _run(self, spec: QueueSpec, job: Job, token: str) -> Outcome:
        started = time.perf_counter()
        outcome: Outcome
        deadline = asyncio.timeout(spec.timeout_seconds)
        with work_job_span(
            self.service,
            spec.name,
            job_id=str(job.id),
            attempt=job.attempts,
            correlation_id=job.correlation_id,
            parent=job.trace_context,
        ) as span:
            try:
                async with deadline:
                    result = await spec.handler(job)
                outcome = result if result is not None else Done()
            except TimeoutError as exc:
                if deadline.expired():
                    outcome = RetryAfter(f"timed out after {spec.timeout_seconds:.1f} s")
                else:  # the handler's own timeout (a provider that did not answer)
                    outcome = RetryAfter(f"TimeoutError: {str(exc)[:300]}")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a bug or an unexpected answer: retried like an outage
                span.record_exception(exc)
                outcome = RetryAfter(f"{type(exc).__name__}: {str(exc)[:300]}")
            mark_outcome(span, type(outcome).__name__.lower(), getattr(outcome, "reason", None))
        observe(QUEUE_SECONDS.labels(self.service, spec.name), time.perf_counter() - started, span)
        await self._settle(spec, job, token, outcome)
        return outcome

    async def _settle(self, spec: QueueSpec, job: Job, token: str, outcome: Outcome) -> None:
        table = self.table
        now = utcnow()
        mine = and_(table.c.id == job.id, table.c.status == RUNNING, table.c.lease_token == token)
        label: str
        reason = ""
        if isinstance(outcome, Done):
            statement: Any = delete(table).where(mine)
            label = "done"
        elif isinstance(outcome, Later):
            statement = (
                update(table)
                .where(mine)
                .values(
                    status=QUEUED,
                    attempts=table.c.attempts - 1,
                    run_after=outcome.at,
                    lease_token=None,
                    updated_at=now,
                )
            )
            label = "later"
        elif isinstance(outcome, RetryAfter) and job.attempts < spec.max_attempts:
            delay = spec.backoff.delay(job.attempts)
            if outcome.seconds is not None:
                delay = max(delay, min(outcome.seconds, spec.backoff.cap_seconds))
            statement = (
                update(table)
                .where(mine)
                .values(
                    status=QUEUED,
                    run_after=now + timedelta(seconds=delay),
                    lease_token=None,
                    last_error=outcome.reason[:1000],
                    updated_at=now,
                )
            )
            label = "retried"
        else:
            reason = outcome.reason if isinstance(outcome, RetryAfter | Dead) else "?"
            if isinstance(outcome, RetryAfter):
                reason = f"attempts spent ({job.attempts}); last: {reason}"
            statement = (
                update(table)
                .where(mine)
                .values(status=DEAD, lease_token=None, last_error=reason[:1000], updated_at=now)
            )
            label = "dead"
        async with self.db.session(write=True) as session:
            result = await session.execute(statement)
        if getattr(result, "rowcount", 0) != 1:
            # Another worker took the job when this one's lease ran out; its outcome is the one that counts.
            QUEUE_OUTCOMES.labels(self.service, spec.name, "lease_lost").inc()
            log.warning("queue_lease_lost", queue=spec.name, job_id=str(job.id))
            return
        QUEUE_OUTCOMES.labels(self.service, spec.name, label).inc()
        if label == "dead" and not isinstance(outcome, Dead):
            await self._tell_dead(spec, job, reason)
        if label in ("retried", "dead"):
            log.info(
                "queue_job_not_done",
                queue=spec.name,
                job_id=str(job.id),
                attempt=job.attempts,
                outcome=label,
                reason=getattr(outcome, "reason", None),
            )

    # -- operating -------------------------------------------------------------------------------------

    async def measure(self) -> list[QueueStats]:
        """Count jobs per queue and state into the metrics; the same figures returned."""
        stats = await queue_stats(self.db, self.table)
        seen = {s.queue for s in stats}
        for name in self.specs:
            if name not in seen:
                stats.append(QueueStats(name, {}, 0.0))
        for s in stats:
            for state in STATES:
                QUEUE_JOBS.labels(self.service, s.queue, state).set(s.counts.get(state, 0))
            QUEUE_OLDEST.labels(self.service, s.queue).set(s.oldest_due_seconds)
        return stats


def _job(row: Any, attempts: int) -> Job:
    return Job(
        id=row["id"],
        queue=row["queue"],
        payload=dict(row["payload"] or {}),
        attempts=attempts,
        key=row["key"],
        correlation_id=row["correlation_id"],
        created_at=row["created_at"],
        trace_context=row.get("trace_context"),
    )


async def queue_stats(db: Database, table: Table) -> list[QueueStats]:
    """Jobs per queue and state, and how long the oldest due job has waited."""
    now = utcnow()
    async with db.session(write=False) as session:
        counted = (
            await session.execute(
                select(table.c.queue, table.c.status, func.count()).group_by(table.c.queue, table.c.status)
            )
        ).all()
        oldest = (
            await session.execute(
                select(table.c.queue, func.min(table.c.run_after))
                .where(table.c.status == QUEUED, table.c.run_after <= now)
                .group_by(table.c.queue)
            )
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for queue, status, count in counted:
        counts.setdefault(str(queue), {})[str(status)] = int(count)
    waited = {str(queue): max(0.0, (now - since).total_seconds()) for queue, since in oldest if since}
    return [QueueStats(queue, counts[queue], waited.get(queue, 0.0)) for queue in sorted(counts)]


async def dead_jobs(
    db: Database, table: Table, *, queue: str | None = None, limit: int = 100
) -> list[dict[str, Any]]:
    async with db.session(write=False) as session:
        query = select(table).where(table.c.status == DEAD).order_by(table.c.updated_at.desc()).limit(limit)
        if queue:
            query = query.where(table.c.queue == queue)
        return [dict(row) for row in (await session.execute(query)).mappings().all()]


async def retry_dead_jobs(
    db: Database, table: Table, *, queue: str | None = None, job_id: uuid.UUID | None = None
) -> int:
    """Dead jobs get a new round of attempts, due now (operator action)."""
    async with db.session(write=True) as session:
        result = await session.execute(
            update(table)
            .where(*_dead(table, queue, job_id))
            .values(status=QUEUED, attempts=0, run_after=utcnow(), updated_at=utcnow())
        )
    return int(getattr(result, "rowcount", 0))


async def purge_dead_jobs(
    db: Database, table: Table, *, queue: str | None = None, job_id: uuid.UUID | None = None
) -> int:
    """Dead jobs deleted for good (operator action)."""
    async with db.session(write=True) as session:
        result = await session.execute(delete(table).where(*_dead(table, queue, job_id)))
    return int(getattr(result, "rowcount", 0))


def _dead(table: Table, queue: str | None, job_id: uuid.UUID | None) -> list[Any]:
    """The dead jobs an operator names: all, one queue's, or one."""
    conditions: list[Any] = [table.c.status == DEAD]
    if queue:
        conditions.append(table.c.queue == queue)
    if job_id:
        conditions.append(table.c.id == job_id)
    return conditions
