"""Each person's real-time feed: numbered items written in the same transaction as the change they report,
then announced on the shared pub/sub channel so every replica can push them to that person's devices.

One notice per change, whoever it reaches: a small JSON header, a newline, then the item's payload as JSON::

    {"r": [[user id, feed number], ...], "k": kind, "x": sender id or null, "t": commit time}\n{payload}

The payload is encoded once, when the change is written, and travels as text to every socket that shows it
(a replica never parses it again). The commit time (Unix seconds, taken when the transaction has committed)
lets the replica that holds a socket measure the fan-out (``conectar_chat_fanout_seconds``); ``x`` tells it
which sockets are the message's recipients."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import FeedItem
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow

log = structlog.get_logger(__name__)

# The notice format above; replicas of the older per-person format used "chat:feed".
CHANNEL = "chat:feed:2"
_pending_tasks: set[asyncio.Task[None]] = set()


async def push(
    ctx: ServiceContext,
    session: AsyncSession,
    user_ids: Sequence[uuid.UUID],
    kind: str,
    payload: dict[str, Any],
    *,
    sender_id: uuid.UUID | None = None,
) -> None:
    """Add ``payload`` to the feed of each person; announced once the transaction commits (``sender_id``:
    the person whose message it is, when it is one)."""
    seqs = await repo.next_feed_seqs(session, user_ids)
    await push_reserved(ctx, session, seqs, kind, payload, sender_id=sender_id)


async def push_reserved(
    ctx: ServiceContext,
    session: AsyncSession,
    seqs: dict[uuid.UUID, int],
    kind: str,
    payload: dict[str, Any],
    *,
    sender_id: uuid.UUID | None = None,
) -> None:
    """Like :func:`push`, with feed numbers the transaction already reserved (and so locked)."""
    now = utcnow()
    rows = [
        {"user_id": user_id, "seq": seq, "kind": kind, "payload": payload, "created_at": now}
        for user_id, seq in seqs.items()
    ]
    if rows:
        await session.execute(FeedItem.__table__.insert(), rows)  # type: ignore[attr-defined]
    # Encoded now: a payload that cannot be fails the transaction, not the announcement.
    announce_after_commit(ctx, session, seqs, kind, encode_payload(payload), sender_id=sender_id)


def encode_payload(payload: dict[str, Any]) -> str:
    return json.dumps(payload, default=str, separators=(",", ":"), ensure_ascii=False)


def announce_after_commit(
    ctx: ServiceContext,
    session: AsyncSession,
    seqs: dict[uuid.UUID, int],
    kind: str,
    payload_json: str,
    *,
    sender_id: uuid.UUID | None = None,
) -> None:
    """Announce feed items written in this transaction (``payload_json`` is their encoded payload) once it
    commits: one notice for every person it reaches."""
    if seqs:
        on_commit(session, announcer(ctx, seqs, kind, payload_json, sender_id=sender_id))


def announcer(
    ctx: ServiceContext,
    seqs: dict[uuid.UUID, int],
    kind: str,
    payload_json: str,
    *,
    sender_id: uuid.UUID | None = None,
) -> Callable[[], None]:
    """What announces feed items once they are committed: call it then (it starts the announcement)."""
    recipients = [[str(user_id), seq] for user_id, seq in seqs.items()]
    sender = None if sender_id is None else str(sender_id)
    header = json.dumps({"r": recipients, "k": kind, "x": sender}, separators=(",", ":"))[:-1]
    kv = ctx.kv

    def announce() -> None:
        notice = f'{header},"t":{time.time()!r}}}\n{payload_json}'
        task = asyncio.get_running_loop().create_task(_announce(kv, notice))
        _pending_tasks.add(task)
        task.add_done_callback(_pending_tasks.discard)

    return announce


def parse_notice(raw: str) -> tuple[dict[str, Any], str] | None:
    """(header, payload as JSON text) of a notice, or None when it is not one."""
    header_text, separator, payload_json = raw.partition("\n")
    if not separator:
        return None
    try:
        header = json.loads(header_text)
    except ValueError:
        return None
    return (header, payload_json) if isinstance(header, dict) else None


def feed_frame(seq: int, kind: str, payload_json: str) -> str:
    """The socket frame of one feed item (what ``json.dumps`` of a FeedFrame would give, without parsing
    the payload again)."""
    return f'{{"type":"feed","seq":{int(seq)},"kind":{json.dumps(kind)},"data":{payload_json}}}'


async def _announce(kv: Any, notice: str) -> None:
    try:
        await kv.publish(CHANNEL, notice)
    except Exception as exc:  # devices catch up from the feed on their next nudge or reconnect
        log.warning("feed_announce_failed", error=type(exc).__name__)
