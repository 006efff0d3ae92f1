"""Periodic jobs that run in every replica but do their work in only one at a time.

A job takes a lease row in its service's ``job_leases`` table (an atomic insert-or-update guarded by the
lease's expiry), runs, and records ``last_run_at``. A crashed holder's lease simply expires.

Each run that took the lease is a trace of its own (an internal span ``job <name>``) with a fresh request id
(the correlation id of the events it writes) and ``job`` in its log lines.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog
from sqlalchemy import or_, update

from conectar.platform.context import new_request_id, request_id_var
from conectar.platform.db import Database, insert_ignore, utcnow
from conectar.platform.outbox import MessagingTables
from conectar.platform.tasks import cancel_and_wait
from conectar.platform.tracing import record_failure, service_span

log = structlog.get_logger(__name__)

INSTANCE_ID = f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval_seconds: float
    run: Callable[[], Awaitable[None]]
    lease_seconds: float = 60.0


class JobRunner:
    def __init__(self, service: str, db: Database, tables: MessagingTables, jobs: list[PeriodicJob]) -> None:
        self.service = service
        self.db = db
        self.leases = tables.job_leases
        self.jobs = jobs
        self.owner = f"{INSTANCE_ID}-{uuid.uuid4().hex[:6]}"
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        for job in self.jobs:
            self._tasks.append(asyncio.create_task(self._loop(job), name=f"job-{self.service}-{job.name}"))

    async def stop(self) -> None:
        await cancel_and_wait(self._tasks)
        self._tasks.clear()

    async def acquire(self, job: PeriodicJob) -> bool:
        now = utcnow()
        until = now + timedelta(seconds=job.lease_seconds)
        async with self.db.session(write=True) as session:
            if await insert_ignore(
                session, self.leases, {"name": job.name, "owner": self.owner, "locked_until": until}
            ):
                return True
            result = await session.execute(
                update(self.leases)
                .where(
                    self.leases.c.name == job.name,
                    or_(self.leases.c.locked_until < now, self.leases.c.owner == self.owner),
                )
                .values(owner=self.owner, locked_until=until)
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    async def release(self, job: PeriodicJob) -> None:
        """Keep the lease until the next run is due, so the job runs once per interval across replicas."""
        now = utcnow()
        async with self.db.session(write=True) as session:
            await session.execute(
                update(self.leases)
                .where(self.leases.c.name == job.name, self.leases.c.owner == self.owner)
                .values(locked_until=now + timedelta(seconds=job.interval_seconds * 0.9), last_run_at=now)
            )

    async def run_once(self, job: PeriodicJob, *, log_failure: bool = False) -> bool:
        """Run ``job`` now if no other replica holds it; True when it ran here. A failure of the job is
        raised, or (``log_failure``, the loop's way) logged inside the job's span and context."""
        if not await self.acquire(job):
            return False
        try:
            await self._run(job, log_failure=log_failure)
        finally:
            await self.release(job)
        return True

    async def _run(self, job: PeriodicJob, *, log_failure: bool) -> None:
        request_id = new_request_id()
        token = request_id_var.set(request_id)
        bound = structlog.contextvars.bind_contextvars(
            request_id=request_id, service=self.service, job=job.name
        )
        try:
            attributes = {"conectar.job.name": job.name}
            with service_span(self.service, f"job {job.name}", attributes=attributes) as span:
                try:
                    await job.run()
                except Exception as exc:
                    if not log_failure:
                        raise
                    record_failure(span, exc)
                    log.warning("job_failed", service=self.service, job=job.name, error=type(exc).__name__)
        finally:
            structlog.contextvars.reset_contextvars(**bound)
            request_id_var.reset(token)

    async def _loop(self, job: PeriodicJob) -> None:
        while True:
            try:
                await self.run_once(job, log_failure=True)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # taking or keeping the lease failed (the database is away)
                log.warning("job_failed", service=self.service, job=job.name, error=type(exc).__name__)
            await asyncio.sleep(job.interval_seconds)
