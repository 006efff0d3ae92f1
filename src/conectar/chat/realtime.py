"""Live connections of this replica and the fan-out that reaches them.

One subscription per replica to the shared feed channel (Redis distributed, memory standalone); each
announced item is handed to that person's connections here. A connection sends items strictly in feed
order: an item that arrives ahead of a missing one makes it read the gap from the database first, so a
device never misses or repeats an item, whichever replica wrote it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from conectar.chat import repository as repo
from conectar.chat.feed import CHANNEL
from conectar.chat.metrics import FANOUT_SECONDS, SOCKETS_OPEN
from conectar.platform.app import ServiceContext
from conectar.platform.observability import observe
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

PRESENCE_TTL_SECONDS = 60.0
PRESENCE_REFRESH_SECONDS = 20.0

Sender = Callable[[dict[str, Any]], Awaitable[None]]


def presence_key(user_id: uuid.UUID) -> str:
    return f"chat:presence:{user_id}"


class Connection:
    def __init__(self, ctx: ServiceContext, user_id: uuid.UUID, send: Sender, cursor: int) -> None:
        self.ctx = ctx
        self.user_id = user_id
        self.send = send
        self.last_sent = cursor
        self._lock = asyncio.Lock()

    async def deliver(self, seq: int, kind: str, payload: dict[str, Any]) -> bool:
        """Send the item (after any missing before it); True when this call sent it (itself, or read from
        the feed while catching up), False when the socket already had it."""
        async with self._lock:
            if seq <= self.last_sent:
                return False
            if seq > self.last_sent + 1:
                await self._catch_up_locked()
                if seq <= self.last_sent:
                    return True
            await self.send({"type": "feed", "seq": seq, "kind": kind, "data": payload})
            self.last_sent = seq
            return True

    async def catch_up(self) -> None:
        async with self._lock:
            await self._catch_up_locked()

    async def _catch_up_locked(self) -> None:
        while True:
            async with self.ctx.db.session(write=False) as session:
                items = await repo.feed_after(session, self.user_id, self.last_sent)
            for item in items:
                await self.send({"type": "feed", "seq": item.seq, "kind": item.kind, "data": item.payload})
                self.last_sent = item.seq
            if len(items) < 500:
                return


class Hub:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.connections: dict[uuid.UUID, set[Connection]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._listen(), name="chat-hub-listen"))
        self._tasks.append(asyncio.create_task(self._refresh_presence(), name="chat-hub-presence"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._subscribed.wait(), 5)

    async def stop(self) -> None:
        await cancel_and_wait(self._tasks)

    async def _listen(self) -> None:
        while True:
            try:
                async with self.ctx.kv.subscribe(CHANNEL) as messages:
                    self._subscribed.set()
                    async for raw in messages:
                        await self._dispatch(raw)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("chat_hub_subscription_lost", error=type(exc).__name__)
                await asyncio.sleep(1)
                # Whatever was announced meanwhile is in the feed: every connection catches up.
                await asyncio.gather(
                    *(c.catch_up() for cs in list(self.connections.values()) for c in list(cs)),
                    return_exceptions=True,
                )

    async def _dispatch(self, raw: str) -> None:
        try:
            notice = json.loads(raw)
            user_id = uuid.UUID(notice["u"])
        except (ValueError, KeyError):
            return
        kind = str(notice.get("k"))
        committed = notice.get("t")
        measured = kind == "message" and isinstance(committed, int | float) and _is_recipient(notice, user_id)
        for connection in list(self.connections.get(user_id, ())):
            try:
                sent = await connection.deliver(int(notice["s"]), kind, notice["p"])
            except Exception as exc:  # a broken socket is cleaned up by its own handler
                log.info("chat_push_failed", error=type(exc).__name__)
                continue
            if sent and measured:
                observe(FANOUT_SECONDS, max(0.0, time.time() - float(committed)))

    async def register(self, connection: Connection) -> None:
        mine = self.connections.setdefault(connection.user_id, set())
        if connection not in mine:
            mine.add(connection)
            SOCKETS_OPEN.inc()
        with contextlib.suppress(Exception):  # presence is a hint: a socket works while Redis is away
            await self.ctx.kv.set(presence_key(connection.user_id), "1", PRESENCE_TTL_SECONDS)

    async def unregister(self, connection: Connection) -> None:
        remaining = self.connections.get(connection.user_id)
        if remaining is not None and connection in remaining:
            remaining.discard(connection)
            SOCKETS_OPEN.dec()
            if not remaining:
                self.connections.pop(connection.user_id, None)
                with contextlib.suppress(Exception):
                    await self.ctx.kv.delete(presence_key(connection.user_id))

    async def _refresh_presence(self) -> None:
        while True:
            await asyncio.sleep(PRESENCE_REFRESH_SECONDS)
            for user_id in list(self.connections):
                with contextlib.suppress(Exception):
                    await self.ctx.kv.set(presence_key(user_id), "1", PRESENCE_TTL_SECONDS)

    async def is_connected(self, user_id: uuid.UUID) -> bool:
        if self.connections.get(user_id):
            return True
        try:
            return await self.ctx.kv.exists(presence_key(user_id))
        except Exception:
            return False


def _is_recipient(notice: dict[str, Any], user_id: uuid.UUID) -> bool:
    """Whether the message's item reached someone other than its sender (the platform's messages have no
    sender: both participants receive them)."""
    payload = notice.get("p")
    sender = payload.get("sender_id") if isinstance(payload, dict) else None
    return sender != str(user_id)


def hub(ctx: ServiceContext) -> Hub:
    found: Hub = ctx.extras["hub"]
    return found
