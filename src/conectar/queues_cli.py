"""``conectar queues``: what every service has waiting, running and dead, in one place — its work queues,
its outbox (events not yet published) and its dead-lettered events — and the operator's two actions on
what is dead: retry it or purge it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from conectar.platform.bus import DeadLetter
from conectar.platform.db import Database, make_metadata
from conectar.platform.infra import build_infrastructure
from conectar.platform.outbox import count_by_status, dead_events, messaging_tables, retry_dead_events
from conectar.platform.settings import Settings, load_settings
from conectar.platform.workqueue import (
    DEAD,
    QUEUED,
    RUNNING,
    dead_jobs,
    purge_dead_jobs,
    queue_stats,
    retry_dead_jobs,
)
from conectar.services import SERVICES

app = typer.Typer(
    help="Work queues, outboxes and dead letters of every service: list, retry or purge.",
    no_args_is_help=True,
)
console = Console()
TABLES = messaging_tables(make_metadata())  # the same tables in every service's database
T = TypeVar("T")

ServiceOption = Annotated[str | None, typer.Option("--service", help="Only this service")]
QueueOption = Annotated[str | None, typer.Option("--queue", help="Only this queue (e.g. chat.money)")]
IdOption = Annotated[str | None, typer.Option("--id", help="Only this job")]


def _services(service: str | None) -> list[str]:
    names = [name for name, entry in SERVICES.items() if entry.database]
    if service is None:
        return names
    if service not in names:
        raise typer.BadParameter(f"{service!r} has no database; services: {', '.join(names)}")
    return [service]


def _job_id(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a job id") from None


async def _with_db(settings: Settings, service: str, work: Callable[[Database], Awaitable[T]]) -> T:
    db = Database(settings.database_url(service), pool_size=1, max_overflow=0)
    try:
        return await work(db)
    finally:
        await db.dispose()


async def _dead_letters(settings: Settings, services: list[str]) -> dict[str, list[DeadLetter]] | str:
    """Each service's dead-lettered events; a sentence instead when the broker cannot be reached."""
    from conectar.contracts.topology import SUBSCRIPTIONS

    infra = build_infrastructure(settings, in_process=False)
    try:
        await infra.bus.start()
        return {name: await infra.bus.dead_letters(name) for name in services if name in SUBSCRIPTIONS}
    except Exception as exc:
        return f"dead letters not read: the broker did not answer ({type(exc).__name__})"
    finally:
        await infra.bus.close()


def _when(value: datetime | None) -> str:
    return value.isoformat(timespec="seconds") if value else ""


@app.command("list")
def list_(service: ServiceOption = None, queue: QueueOption = None) -> None:
    """Jobs queued, running and dead per queue, with the oldest due job's wait; outbox events pending and
    dead; dead letters; then every dead item, one per line, with its last error."""
    settings = load_settings()
    names = _services(service)

    async def main() -> None:
        summary = Table("service", "queue", "queued", "running", "dead", "oldest due (s)")
        dead: list[str] = []
        for name in names:

            async def read(db: Database) -> tuple[Any, ...]:
                return (
                    await queue_stats(db, TABLES.work_jobs),
                    await dead_jobs(db, TABLES.work_jobs, queue=queue, limit=50),
                    await count_by_status(db, TABLES.outbox),
                    await dead_events(db, TABLES.outbox) if queue is None else [],
                )

            stats, jobs, outbox, unpublished = await _with_db(settings, name, read)
            for s in stats:
                if queue is None or s.queue == queue:
                    counts = s.counts
                    summary.add_row(
                        name,
                        s.queue,
                        *(str(counts.get(state, 0)) for state in (QUEUED, RUNNING, DEAD)),
                        f"{s.oldest_due_seconds:.0f}",
                    )
            for job in jobs:
                dead.append(
                    f"{name} {job['queue']} {job['id']} attempts={job['attempts']} "
                    f"at={_when(job['updated_at'])} error={job['last_error'] or ''}"
                )
            for event in unpublished:
                dead.append(
                    f"{name} outbox:{event['type']} {event['id']} attempts={event['attempts']} "
                    f"at={_when(event['next_attempt_at'])} error={event['last_error'] or ''}"
                )
            if queue is None:
                summary.add_row(
                    name, "(outbox)", str(outbox.get("pending", 0)), "", str(outbox.get("dead", 0)), ""
                )
        letters = await _dead_letters(settings, names) if queue is None else {}
        if isinstance(letters, str):
            console.print(letters)
        else:
            for name, items in letters.items():
                summary.add_row(name, "(dead letters)", "", "", str(len(items)), "")
                for letter in items:
                    dead.append(
                        f"{name} event:{letter.type} {letter.event_id} attempts={letter.attempts} "
                        f"at={_when(letter.failed_at)} error={letter.error or ''}"
                    )
        console.print(summary)
        if dead:
            console.print("Dead (service, where, id, attempts, when, last error):")
            for line in dead:
                console.print(line, markup=False, highlight=False, soft_wrap=True)

    asyncio.run(main())


@app.command()
def retry(service: ServiceOption = None, queue: QueueOption = None, job: IdOption = None) -> None:
    """Give dead jobs a new round of attempts, due now. Without --queue or --id, dead outbox events and
    dead letters get another round too."""
    settings = load_settings()
    names = _services(service)
    job_id = _job_id(job)
    everything = queue is None and job_id is None

    async def main() -> None:
        for name in names:

            async def run(db: Database) -> tuple[int, int]:
                jobs = await retry_dead_jobs(db, TABLES.work_jobs, queue=queue, job_id=job_id)
                events = await retry_dead_events(db, TABLES.outbox) if everything else 0
                return jobs, events

            jobs, events = await _with_db(settings, name, run)
            line = f"{name}: {jobs} jobs"
            if everything:
                line += f", {events} outbox events"
            console.print(line)
        if everything:
            infra = build_infrastructure(settings, in_process=False)
            await infra.bus.start()
            try:
                from conectar.contracts.topology import SUBSCRIPTIONS

                for name in names:
                    if name in SUBSCRIPTIONS:
                        console.print(
                            f"{name}: {await infra.bus.replay_dead_letters(name)} dead letters replayed"
                        )
            finally:
                await infra.bus.close()

    asyncio.run(main())


@app.command()
def purge(
    service: Annotated[str, typer.Option("--service", help="The service whose dead jobs are deleted")],
    queue: QueueOption = None,
    job: IdOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask")] = False,
) -> None:
    """Delete dead jobs for good (what they were for is lost: retry or settle it first)."""
    (name,) = _services(service)
    job_id = _job_id(job)
    if not yes:
        what = f"job {job_id}" if job_id else f"every dead job of {queue or name}"
        typer.confirm(f"Delete {what}?", abort=True)

    async def main() -> None:
        async def run(db: Database) -> int:
            return await purge_dead_jobs(db, TABLES.work_jobs, queue=queue, job_id=job_id)

        console.print(f"{name}: {await _with_db(load_settings(), name, run)} dead jobs purged")

    asyncio.run(main())
