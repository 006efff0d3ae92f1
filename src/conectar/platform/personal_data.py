"""A person's data across the services (SPEC §14): each service answers for its own part.

A service declares :class:`PersonalDataHooks` in its definition; the kernel turns them into:

- ``GET /internal/v1/personal-data/{user_id}/export``: a zip with ``<service>.json`` and the person's files
  under ``archivos/<service>/`` (the users service merges every service's zip into the person's export);
- ``GET /internal/v1/personal-data/{user_id}/blockers``: why the person cannot be deleted now (an open
  trabajo, money not yet paid out…), asked before a deletion starts;
- the service's handler of ``AccountDeletionRequested``: in one unit of work it erases or pseudonymises
  the person's data, deletes their files from storage and publishes ``PersonalDataErased``, so a service
  that was down when the deletion started finishes its part when it comes back (the event waits in its
  queue), and a redelivered event does nothing twice (the inbox). The service's already published events
  that name the person are deleted from its outbox with it (they are copies of the person's data).
"""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import APIRouter, Request, Response
from pydantic_core import to_jsonable_python
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import (
    AccountDeletionRequested,
    EventEnvelope,
    PersonalDataErased,
    parse_event,
)
from conectar.contracts.personal_data import DeletionBlockers
from conectar.platform.consumer import EventHandlerFn
from conectar.platform.db import utcnow
from conectar.platform.outbox import MessagingTables, Outbox, forget_sent_events_about
from conectar.platform.security import ServiceCaller
from conectar.platform.storage import Storage


class KernelContext(Protocol):
    """What these pieces use of a service's context (the app factory's ServiceContext, which imports this
    module: importing it here would make a cycle)."""

    @property
    def name(self) -> str: ...

    @property
    def storage(self) -> Storage: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def tables(self) -> MessagingTables: ...


ZIP_MEDIA_TYPE = "application/zip"
FILES_FOLDER = "archivos"


@dataclass(frozen=True)
class StoredFile:
    key: str
    public: bool


@dataclass(frozen=True)
class ExportFile:
    """A stored file that goes into the export as ``archivos/<service>/<path>``."""

    path: str
    stored: StoredFile


@dataclass
class PersonalDataExport:
    data: dict[str, Any]
    files: list[ExportFile] = field(default_factory=list)


# The hooks take the service's whole context (``conectar.platform.app.ServiceContext``).
ExportFn = Callable[[Any, uuid.UUID], Awaitable[PersonalDataExport]]
# Erases in the given unit of work and answers the stored files to delete with it.
EraseFn = Callable[[Any, AsyncSession, AccountDeletionRequested], Awaitable[Sequence[StoredFile]]]
BlockersFn = Callable[[Any, uuid.UUID], Awaitable[list[str]]]


@dataclass(frozen=True)
class PersonalDataHooks:
    export: ExportFn
    erase: EraseFn
    blockers: BlockersFn | None = None


def export_json(data: Any) -> bytes:
    return json.dumps(to_jsonable_python(data), ensure_ascii=False, indent=2, sort_keys=True).encode()


def safe_member(path: str) -> str:
    """A zip member name that cannot climb out of its folder when unpacked."""
    parts = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".", "..")]
    return "/".join(parts) or "archivo"


async def _read(ctx: KernelContext, stored: StoredFile) -> bytes | None:
    if not await ctx.storage.exists(stored.key, public=stored.public):
        return None  # erased by retention, or never written: the JSON still lists it
    chunks = [chunk async for chunk in ctx.storage.stream(stored.key, public=stored.public)]
    return b"".join(chunks)


async def build_export_zip(ctx: KernelContext, export: PersonalDataExport) -> bytes:
    contents: list[tuple[str, bytes]] = []
    for item in export.files:
        data = await _read(ctx, item.stored)
        if data is not None:
            contents.append((f"{FILES_FOLDER}/{ctx.name}/{safe_member(item.path)}", data))
    document = export_json(export.data)

    def pack() -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{ctx.name}.json", document)
            for name, data in contents:
                archive.writestr(name, data)
        return buffer.getvalue()

    return await asyncio.to_thread(pack)


def personal_data_router(hooks: PersonalDataHooks) -> APIRouter:
    router = APIRouter(prefix="/internal/v1/personal-data", include_in_schema=False)

    @router.get("/{user_id}/export")
    async def export(user_id: uuid.UUID, request: Request, _caller: ServiceCaller) -> Response:
        ctx = request.app.state.ctx
        data = await build_export_zip(ctx, await hooks.export(ctx, user_id))
        return Response(content=data, media_type=ZIP_MEDIA_TYPE)

    @router.get("/{user_id}/blockers", response_model=DeletionBlockers)
    async def blockers(user_id: uuid.UUID, request: Request, _caller: ServiceCaller) -> DeletionBlockers:
        ctx = request.app.state.ctx
        reasons = await hooks.blockers(ctx, user_id) if hooks.blockers is not None else []
        return DeletionBlockers(bloqueos=reasons)

    return router


def deletion_handler(ctx: KernelContext, hooks: PersonalDataHooks) -> EventHandlerFn:
    async def on_account_deletion_requested(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, AccountDeletionRequested)
        files = await hooks.erase(ctx, session, event)
        # Before the commit: if deleting a file fails, the erasure rolls back and the event comes again.
        for stored in files:
            await ctx.storage.delete(stored.key, public=stored.public)
        await forget_sent_events_about(session, ctx.tables, event.user_id)
        await ctx.outbox.add(
            session,
            PersonalDataErased(
                deletion_id=event.deletion_id, user_id=event.user_id, service=ctx.name, erased_at=utcnow()
            ),
        )

    return on_account_deletion_requested
