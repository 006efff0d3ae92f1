"""Live connections of this replica and the fan-out that reaches them.

One subscription per replica to the shared feed channel (Redis distributed, memory standalone); each
announced item is handed to that person's connections here. A connection sends items strictly in feed
order: an item that arrives ahead of a missing one makes it read the gap from the database first, so a
device never misses or repeats an item, whichever replica wrote it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable

import structlog

from conectar.chat import repository as repo
from conectar.chat.feed import CHANNEL, encode_payload, feed_frame, parse_notice
from conectar.chat.metrics import FANOUT_SECONDS, SOCKETS_OPEN
from conectar.platform.app import ServiceContext
from conectar.platform.observability import observe
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

PRESENCE_TTL_SECONDS = 60.0
PRESENCE_REFRESH_SECONDS = 20.0

# Sends one frame, already encoded as JSON text, to a socket.
TextSender = Callable[[str], Awaitable[None]]
# A recipient's positive presence answer is trusted this long on a replica (presence itself lives a minute).
PRESENCE_CACHE_SECONDS = 5.0
PRESENCE_CACHE_SIZE = 50_000


def presence_key(user_id: uuid.UUID) -> str:
    return f"chat:presence:{user_id}"


class Connection:
    def __init__(self, ctx: ServiceContext, user_id: uuid.UUID, send_text: TextSender, cursor: int) -> None:
        self.ctx = ctx
        self.user_id = user_id
        self.send_text = send_text
        self.last_sent = cursor
        self._lock = asyncio.Lock()

    async def deliver(self, seq: int, kind: str, payload_json: str) -> bool:
        """Send the item, its payload already encoded (after any missing before it); True when this call
        sent it (itself, or read from the feed while catching up), False when the socket already had it."""
        async with self._lock:
            if seq <= self.last_sent:
                return False
            if seq > self.last_sent + 1:
                await self._catch_up_locked()
                if seq <= self.last_sent:
                    return True
            await self.send_text(feed_frame(seq, kind, payload_json))
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
                await self.send_text(feed_frame(item.seq, item.kind, encode_payload(item.payload)))
                self.last_sent = item.seq
            if len(items) < 500:
                return


class Hub:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.connections: dict[uuid.UUID, set[Connection]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._subscribed = asyncio.Event()
        self._present: dict[uuid.UUID, float] = {}

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
        parsed = parse_notice(raw)
        if parsed is None:
            return
        notice, payload_json = parsed
        kind = str(notice.get("k"))
        committed = notice.get("t")
        sender = notice.get("x")
        timed = kind == "message" and isinstance(committed, int | float)
        for entry in notice.get("r") or ():
            try:
                user_id = uuid.UUID(entry[0])
                seq = int(entry[1])
            except (ValueError, TypeError, IndexError, AttributeError):
                continue
            connections = self.connections.get(user_id)
            if not connections:
                continue
            measured = timed and sender != entry[0]
            for connection in list(connections):
                try:
                    sent = await connection.deliver(seq, kind, payload_json)
                except Exception as exc:  # a broken socket is cleaned up by its own handler
                    log.info("chat_push_failed", error=type(exc).__name__)
                    continue
                if sent and measured:
                    observe(FANOUT_SECONDS, max(0.0, time.time() - float(committed)))  # type: ignore[arg-type]

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
        """Whether the person has a socket open on any replica (a hint: presence lives a minute after a
        replica dies, and a positive answer from Redis is remembered here a few seconds)."""
        if self.connections.get(user_id):
            return True
        now = time.monotonic()
        if self._present.get(user_id, 0.0) > now:
            return True
        try:
            present = await self.ctx.kv.exists(presence_key(user_id))
        except Exception:
            return False
        if present:
            if len(self._present) > PRESENCE_CACHE_SIZE:
                self._present = {k: v for k, v in self._present.items() if v > now}
            self._present[user_id] = now + PRESENCE_CACHE_SECONDS
        return present


def hub(ctx: ServiceContext) -> Hub:
    found: Hub = ctx.extras["hub"]
    return found
