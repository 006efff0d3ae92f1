"""Files no row names any more: deleted by a periodic job of the service that stores them.

A flow stores a file before the unit of work that records its key (slow work never holds a transaction)
and deletes a replaced or refused file after it; a process killed between the two steps leaves a file no
row names (a photo, a document, a data export: personal data nobody could find to erase). Each service
declares the families of files it stores (``ServiceDefinition.files``): a key prefix in public or private
storage, and a query for which of a page of keys its rows still name. The kernel's job lists each prefix
and deletes the files that are older than the grace period and named by no row. The grace period
(``CONECTAR_ORPHAN_FILES_GRACE_HOURS``, a day) is far longer than any flow's store-then-commit, so a file
whose row is about to be written is never taken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy import select, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from conectar.platform.db import Database, utcnow
from conectar.platform.metrics import ORPHAN_FILES_DELETED
from conectar.platform.storage import Storage

log = structlog.get_logger(__name__)

Referenced = Callable[[AsyncSession, Sequence[str]], Awaitable[Collection[str]]]


@dataclass(frozen=True)
class StoredFiles:
    """A family of files a service stores: every key under ``prefix`` (a folder, e.g. ``avatars``), and
    ``referenced``, which of a page of those keys the service's rows still name."""

    prefix: str
    public: bool
    referenced: Referenced


def named_by(*columns: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]) -> Referenced:
    """``referenced`` for keys kept in columns: the keys that some row holds in one of them (one query)."""

    async def referenced(session: AsyncSession, keys: Sequence[str]) -> set[str]:
        query = union(*(select(column).where(column.in_(keys)) for column in columns))
        rows = await session.execute(query)
        return {key for key in rows.scalars() if key is not None}

    return referenced


async def sweep(
    service: str, db: Database, storage: Storage, families: Sequence[StoredFiles], *, grace: timedelta
) -> int:
    """Delete the files of ``families`` older than ``grace`` that no row names; how many were deleted."""
    deleted = 0
    failed: list[str] = []
    for family in families:
        try:
            deleted += await _sweep_family(service, db, storage, family, cutoff=utcnow() - grace)
        except Exception as exc:  # the other families are still swept; the job reports the failure
            log.warning("orphan_files_sweep_failed", prefix=family.prefix, error=type(exc).__name__)
            failed.append(family.prefix)
    if failed:
        raise RuntimeError(f"orphan files of {', '.join(failed)} not swept")
    return deleted


async def _sweep_family(
    service: str, db: Database, storage: Storage, family: StoredFiles, *, cutoff: datetime
) -> int:
    found = 0
    try:
        async for page in storage.objects(family.prefix, public=family.public):
            old = [item.key for item in page if item.modified_at < cutoff]
            if not old:
                continue
            async with db.session(write=False) as session:
                named = set(await family.referenced(session, old))
            for key in old:
                if key not in named:
                    await storage.delete(key, public=family.public)
                    found += 1
    finally:
        if found:
            ORPHAN_FILES_DELETED.labels(service, family.prefix).inc(found)
            log.info("orphan_files_deleted", prefix=family.prefix, count=found)
    return found
