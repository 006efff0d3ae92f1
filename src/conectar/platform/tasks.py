"""Background task helpers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable

import structlog


async def cancel_and_wait(tasks: Iterable[asyncio.Task[None]]) -> None:
    """Cancel background tasks and wait until each has finished (their errors no longer matter)."""
    pending = [task for task in tasks if not task.done()]
    for task in pending:
        task.cancel()
    for task in pending:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


class Repeating:
    """Runs ``work`` every ``seconds`` in this process until stopped — for what every replica does on its
    own, such as keeping a database-wide gauge current (one replica at a time: ``platform.jobs``). A round
    that fails is logged and the next one runs; what it measured last stays meanwhile."""

    def __init__(self, name: str, seconds: float, work: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self.interval = seconds
        self.work = work
        self._task: asyncio.Task[None] | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])
            self._task = None

    async def _run(self) -> None:
        while True:
            try:
                await self.work()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                structlog.get_logger(__name__).warning(
                    "repeating_task_failed", task=self.name, error=type(exc).__name__
                )
            await asyncio.sleep(self.interval)
