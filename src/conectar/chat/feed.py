"""Each person's real-time feed: numbered items written in the same transaction as the change they report,
then announced on the shared pub/sub channel so every replica can push them to that person's devices.

A notice is ``{"u": user id, "s": feed number, "k": kind, "p": payload, "t": commit time}``; the commit time
(Unix seconds, taken when the transaction has committed) lets the replica that holds a socket measure the
fan-out (``conectar_chat_fanout_seconds``)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import FeedItem
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow

log = structlog.get_logger(__name__)

CHANNEL = "chat:feed"
_pending_tasks: set[asyncio.Task[None]] = set()


async def push(
    ctx: ServiceContext,
    session: AsyncSession,
    user_ids: Sequence[uuid.UUID],
    kind: str,
    payload: dict[str, Any],
) -> None:
    """Add ``payload`` to the feed of each person; announced once the transaction commits."""
    await push_reserved(ctx, session, await repo.next_feed_seqs(session, user_ids), kind, payload)


async def push_reserved(
    ctx: ServiceContext, session: AsyncSession, seqs: dict[uuid.UUID, int], kind: str, payload: dict[str, Any]
) -> None:
    """Like :func:`push`, with feed numbers the transaction already reserved (and so locked)."""
    now = utcnow()
    notices = []
    rows = []
    for user_id, seq in seqs.items():
        rows.append({"user_id": user_id, "seq": seq, "kind": kind, "payload": payload, "created_at": now})
        # Serialised now (a payload that cannot be fails the transaction, not the announcement); the
        # closing brace is left for the commit time.
        notices.append(json.dumps({"u": str(user_id), "s": seq, "k": kind, "p": payload}, default=str)[:-1])
    if rows:
        await session.execute(FeedItem.__table__.insert(), rows)  # type: ignore[attr-defined]
    kv = ctx.kv

    def announce() -> None:
        committed = f', "t": {time.time()!r}}}'
        stamped = [notice + committed for notice in notices]
        task = asyncio.get_running_loop().create_task(_announce(kv, stamped))
        _pending_tasks.add(task)
        task.add_done_callback(_pending_tasks.discard)

    on_commit(session, announce)


async def _announce(kv: Any, notices: list[str]) -> None:
    for notice in notices:
        try:
            await kv.publish(CHANNEL, notice)
        except Exception as exc:  # devices catch up from the feed on their next nudge or reconnect
            log.warning("feed_announce_failed", error=type(exc).__name__)
