"""Live in-app notifications: fan-out to the SSE streams of every replica.

Each process keeps one subscription to ``notificaciones:live`` on the shared key-value store (Redis
distributed, memory standalone) and hands each message to the streams of that person open here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog

from conectar.platform.kv import KeyValueStore
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

CHANNEL = "notificaciones:live"
QUEUE_SIZE = 100
STOP: dict[str, Any] = {"e": "__stop__"}


class LiveHub:
    def __init__(self, kv: KeyValueStore) -> None:
        self.kv = kv
        self._streams: dict[uuid.UUID, set[asyncio.Queue[dict[str, Any]]]] = {}
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._pending: set[asyncio.Task[None]] = set()
        self.closing = False

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="notifications-live-hub")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), 5)

    def close_streams(self) -> None:
        """End every stream open here (the process is stopping): clients reconnect elsewhere."""
        self.closing = True
        for queues in self._streams.values():
            for queue in queues:
                _offer(queue, STOP)

    async def stop(self) -> None:
        self.close_streams()
        tasks = [t for t in (self._task,) if t is not None]
        await cancel_and_wait([*tasks, *self._pending])

    async def _run(self) -> None:
        while True:
            try:
                async with self.kv.subscribe(CHANNEL) as messages:
                    self._ready.set()
                    async for raw in messages:
                        self._dispatch(raw)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("live_hub_subscription_lost", error=type(exc).__name__)
                await asyncio.sleep(1.0)

    def _dispatch(self, raw: str) -> None:
        try:
            message = json.loads(raw)
            user_id = uuid.UUID(message["u"])
        except (ValueError, KeyError, TypeError):
            return
        for queue in list(self._streams.get(user_id, ())):
            _offer(queue, {"e": message.get("e"), "d": message.get("d")})

    async def publish(self, user_id: uuid.UUID, event: str, data: dict[str, Any]) -> None:
        await self.kv.publish(CHANNEL, json.dumps({"u": str(user_id), "e": event, "d": data}, default=str))

    def publish_soon(self, user_id: uuid.UUID, event: str, data: dict[str, Any]) -> None:
        """Publish from synchronous code (after a commit); failures only cost the live update."""

        async def run() -> None:
            try:
                await self.publish(user_id, event, data)
            except Exception as exc:
                log.warning("live_publish_failed", error=type(exc).__name__)

        task = asyncio.get_running_loop().create_task(run())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    @asynccontextmanager
    async def listen(self, user_id: uuid.UUID) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        if self.closing:
            _offer(queue, STOP)
        self._streams.setdefault(user_id, set()).add(queue)
        try:
            yield queue
        finally:
            queues = self._streams.get(user_id)
            if queues is not None:
                queues.discard(queue)
                if not queues:
                    self._streams.pop(user_id, None)

    def open_streams(self, user_id: uuid.UUID) -> int:
        return len(self._streams.get(user_id, ()))


def _offer(queue: asyncio.Queue[dict[str, Any]], item: dict[str, Any]) -> None:
    """Queue without blocking; a stream that does not keep up loses its oldest updates."""
    while True:
        try:
            queue.put_nowait(item)
            return
        except asyncio.QueueFull:
            with contextlib.suppress(asyncio.QueueEmpty):
                queue.get_nowait()


class StopSignals:
    """Close the live streams as soon as the process is asked to stop.

    The server (uvicorn) waits for open responses before it runs the shutdown of the app, and a live
    stream never ends by itself; so the handlers of SIGTERM / SIGINT installed by the server are wrapped
    to end the streams first, then do what they did. Only in the main thread; restored on stop.
    """

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, hub: LiveHub) -> None:
        self.hub = hub
        self._previous: dict[int, Any] = {}
        self._installed: dict[int, Any] = {}

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for sig in self.SIGNALS:
            previous = signal.getsignal(sig)
            if not callable(previous):
                continue

            def handler(number: int, frame: Any, previous: Any = previous) -> None:
                loop.call_soon_threadsafe(self.hub.close_streams)
                previous(number, frame)

            signal.signal(sig, handler)
            self._previous[sig] = previous
            self._installed[sig] = handler

    def restore(self) -> None:
        for sig, previous in self._previous.items():
            if signal.getsignal(sig) is self._installed.get(sig):
                signal.signal(sig, previous)
        self._previous.clear()
        self._installed.clear()
