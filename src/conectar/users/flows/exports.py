"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import asyncio
import uuid

import structlog

from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES
from conectar.platform.app import ServiceContext
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import RateLimited
from conectar.platform.workqueue import Dead, Done, Job, Outcome, QueueSpec, RetryAfter
from conectar.users import repository as repo
from conectar.users.exports import (
    FALLIDA,
    KEEP_FOR,
    LISTA,
    MAX_ATTEMPTS,
    ONE_PER,
    PENDIENTE,
    QUEUE,
    VENCIDA,
    export_read,
    file_key,
    merge,
    readme,
)
from conectar.users.flows import profiles
from conectar.users.models import DataExport
from conectar.users.schemas import ExportRead

log = structlog.get_logger(__name__)


async def request(ctx: ServiceContext, user_id: uuid.UUID) -> ExportRead:
    await profiles.get_profile(ctx, user_id)
    now = utcnow()
    async with ctx.db.session() as session:
        await repo.profile(session, user_id, lock=True)  # two requests at once: one export
        for earlier in await repo.exports_of(session, user_id, limit=5):
            if earlier.estado != FALLIDA and earlier.fecha_creacion > now - ONE_PER:
                wait = (earlier.fecha_creacion + ONE_PER - now).total_seconds()
                raise RateLimited(
                    wait,
                    "Ya pediste una copia de tus datos en las últimas 24 horas; podés descargarla desde tu cuenta",
                )
        row = DataExport(id=new_id(), user_id=user_id, estado=PENDIENTE, services_done=0, fecha_creacion=now)
        session.add(row)
        await ctx.queues.enqueue(session, QUEUE, {"export_id": str(row.id)}, key=str(row.id))
    return export_read(row)


async def _progress(ctx: ServiceContext, export_id: uuid.UUID, done: int) -> None:
    async with ctx.db.session() as session:
        row = await repo.export(session, export_id, lock=True)
        if row is not None and row.estado == PENDIENTE:
            row.services_done = done


async def _fail(ctx: ServiceContext, export_id: uuid.UUID) -> None:
    async with ctx.db.session() as session:
        row = await repo.export(session, export_id, lock=True)
        if row is None or row.estado != PENDIENTE:
            return
        row.estado = FALLIDA
        key = file_key(row.user_id, row.id)
    # A run may have stored the zip and failed before recording it: a FALLIDA export keeps no file. (Should
    # the storage fail now, the orphan-file sweep or the person's deletion erases it by the same key.)
    try:
        await ctx.storage.delete(key, public=False)
    except Exception as exc:
        log.warning("export_file_not_deleted", export_id=str(export_id), error=type(exc).__name__)


async def build(ctx: ServiceContext, job: Job) -> Outcome:
    export_id = uuid.UUID(job.payload["export_id"])
    async with ctx.db.session(write=False) as session:
        row = await repo.export(session, export_id)
    if row is None or row.estado != PENDIENTE:
        return Done()  # deleted with its owner, or already built by an earlier run
    parts: list[bytes] = []
    for done, name in enumerate(PERSONAL_DATA_SERVICES, start=1):
        response = await ctx.clients.request(name, "GET", f"/internal/v1/personal-data/{row.user_id}/export")
        if response.status_code != 200:
            if job.attempts >= MAX_ATTEMPTS:
                await _fail(ctx, export_id)
                return Dead(f"{name} answered {response.status_code}")
            return RetryAfter(f"{name} answered {response.status_code}")
        parts.append(response.content)
        await _progress(ctx, export_id, done)
    data = await asyncio.to_thread(merge, parts, readme(row.user_id, row.fecha_creacion))
    key = file_key(row.user_id, export_id)
    await ctx.storage.put(key, data, "application/zip", public=False)
    async with ctx.db.session() as session:
        locked = await repo.export(session, export_id, lock=True)
        if locked is None or locked.estado != PENDIENTE:  # the owner was deleted meanwhile
            await ctx.storage.delete(key, public=False)
            return Done()
        now = utcnow()
        locked.estado = LISTA
        locked.storage_key = key
        locked.size = len(data)
        locked.ready_at = now
        locked.expires_at = now + KEEP_FOR
    log.info("data_export_ready", export_id=str(export_id), bytes=len(data))
    return Done()


async def on_dead(ctx: ServiceContext, job: Job) -> None:
    await _fail(ctx, uuid.UUID(job.payload["export_id"]))


def queue(ctx: ServiceContext) -> QueueSpec:
    async def handler(job: Job) -> Outcome:
        return await build(ctx, job)

    async def dead(job: Job, _reason: str) -> None:
        await on_dead(ctx, job)

    return QueueSpec(
        name=QUEUE,
        handler=handler,
        concurrency=2,
        lease_seconds=300.0,
        max_attempts=MAX_ATTEMPTS,
        on_dead=dead,
    )


async def expire(ctx: ServiceContext) -> int:
    """Erase the exports whose 7 days are over (the rows stay, VENCIDA, so the person sees what happened)."""
    async with ctx.db.session() as session:
        rows = await repo.expired_exports(session, utcnow(), limit=200)
        for row in rows:
            if row.storage_key:
                await ctx.storage.delete(row.storage_key, public=False)
            row.estado = VENCIDA
            row.storage_key = None
    return len(rows)
