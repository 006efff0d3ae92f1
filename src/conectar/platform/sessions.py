"""Long-lived streams end with their session.

A REST request checks its token every time; a WebSocket or a server-sent event stream checks it once, when
it opens. Every stream therefore opens a :class:`StreamSession` here, which ends with its session.

The listener runs in every process from start-up (it also keeps the process's copy of the revocations it
hears, and while subscribed that copy is the whole list: see
:class:`~conectar.platform.security.RevocationList`). A stream ends:

- within a second of its access token being revoked — logout, ban, password change or reset, refresh-token
  reuse — because whoever revokes a token announces it on the key-value store's ``sessions:ended`` channel
  (Redis in distributed mode, so every replica hears it; memory standalone), and, as a fallback for an
  announcement lost while the store was away, a periodic check of the revocation list (run at once when
  the subscription comes back);
- when the token expires, unless the client re-authenticated on the stream with a newer token of the same
  person (:meth:`StreamSession.renew`).

A stream must deliver nothing once its session has ended: senders check :attr:`StreamSession.active`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

import structlog

from conectar.platform.errors import NotAuthenticated
from conectar.platform.kv import KeyValueStore
from conectar.platform.security import (
    SESSIONS_ENDED_CHANNEL,
    Principal,
    RevocationList,
    parse_announcement,
)
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

EndReason = Literal["sesion_cerrada", "expirada", "servidor"]
SESSION_CLOSED: EndReason = "sesion_cerrada"
SESSION_EXPIRED: EndReason = "expirada"
SERVER_STOPPING: EndReason = "servidor"

# WebSocket close codes the web app and other clients act on.
CLOSE_SESSION_ENDED = 4401  # sign in again
CLOSE_SESSION_EXPIRED = 4001  # renew the token and reconnect with the cursor
CLOSE_GOING_AWAY = 1001

POLL_SECONDS = 5.0
RESUBSCRIBE_SECONDS = 1.0


def close_code(reason: EndReason) -> int:
    if reason == SESSION_CLOSED:
        return CLOSE_SESSION_ENDED
    if reason == SESSION_EXPIRED:
        return CLOSE_SESSION_EXPIRED
    return CLOSE_GOING_AWAY


class StreamSession:
    """The session behind one open stream."""

    def __init__(self, watch: SessionWatch, principal: Principal) -> None:
        self._watch = watch
        self.principal = principal
        self.reason: EndReason | None = None
        self._ended = asyncio.Event()
        self._timer: asyncio.TimerHandle | None = None
        self._arm_expiry()

    @property
    def active(self) -> bool:
        return self.reason is None

    async def wait(self) -> EndReason:
        """Until the session ends; returns why."""
        await self._ended.wait()
        assert self.reason is not None
        return self.reason

    async def ended(self) -> None:
        await self._ended.wait()

    def end(self, reason: EndReason) -> None:
        if self.reason is not None:
            return
        self.reason = reason
        if self._timer is not None:
            self._timer.cancel()
        self._ended.set()

    def renew(self, principal: Principal) -> None:
        """The client re-authenticated on the stream: the newer token's expiry and revocation apply."""
        if not self.active:
            raise NotAuthenticated("Sesión cerrada")
        if principal.user_id != self.principal.user_id:
            raise NotAuthenticated("El token es de otra persona")
        self._watch._move(self, self.principal.jti, principal.jti)
        self.principal = principal
        self._arm_expiry()

    def _arm_expiry(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        loop = asyncio.get_running_loop()
        delay = max(0.0, self.principal.exp - time.time())
        self._timer = loop.call_later(delay, self.end, SESSION_EXPIRED)


class SessionWatch:
    """The streams open in this process, by access-token id, and the listener that ends them."""

    def __init__(
        self, kv: KeyValueStore, revocations: RevocationList, *, poll_seconds: float = POLL_SECONDS
    ) -> None:
        self.kv = kv
        self.revocations = revocations
        self.poll_seconds = poll_seconds
        self._by_jti: dict[str, set[StreamSession]] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._subscribed = asyncio.Event()

    @property
    def open_streams(self) -> int:
        return sum(len(streams) for streams in self._by_jti.values())

    async def start(self, *, wait_seconds: float = 5.0) -> None:
        """Start listening; wait up to ``wait_seconds`` for the subscription (a stream opened before it
        is caught up anyway: the listener checks every open stream once it has subscribed)."""
        if not self._tasks:
            self._tasks = [
                asyncio.create_task(self._listen(), name="sessions-listen"),
                asyncio.create_task(self._poll(), name="sessions-poll"),
            ]
        if wait_seconds > 0 and not self._subscribed.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._subscribed.wait(), wait_seconds)

    async def stop(self) -> None:
        for streams in list(self._by_jti.values()):
            for stream in list(streams):
                stream.end(SERVER_STOPPING)
        tasks, self._tasks = self._tasks, []
        await cancel_and_wait(tasks)

    @asynccontextmanager
    async def open(self, principal: Principal) -> AsyncIterator[StreamSession]:
        """A stream's session for as long as the stream is open. Refuses a token revoked meanwhile."""
        await self.start(wait_seconds=1.0)
        stream = StreamSession(self, principal)
        self._by_jti.setdefault(principal.jti, set()).add(stream)
        try:
            # Revoked between the caller's check and the registration above: the announcement is gone.
            if await self._revoked(principal.jti):
                stream.end(SESSION_CLOSED)
            yield stream
        finally:
            stream.end(SERVER_STOPPING)
            self._discard(stream, stream.principal.jti)

    def end_jti(self, jti: str) -> int:
        """End every stream of an access token; how many there were."""
        streams = self._by_jti.pop(jti, set())
        for stream in streams:
            stream.end(SESSION_CLOSED)
        return len(streams)

    def _move(self, stream: StreamSession, old: str, new: str) -> None:
        self._discard(stream, old)
        self._by_jti.setdefault(new, set()).add(stream)

    def _discard(self, stream: StreamSession, jti: str) -> None:
        streams = self._by_jti.get(jti)
        if streams is not None:
            streams.discard(stream)
            if not streams:
                self._by_jti.pop(jti, None)

    async def _revoked(self, jti: str) -> bool:
        try:
            return await self.revocations.is_revoked(jti)
        except Exception as exc:  # the store is away: the announcement or the next poll will tell
            log.info("session_check_failed", error=type(exc).__name__)
            return False

    async def _listen(self) -> None:
        while True:
            try:
                async with self.kv.subscribe(SESSIONS_ENDED_CHANNEL) as messages:
                    try:
                        # Subscribed first, loaded second: a revocation is in the load or announced after.
                        await self.revocations.mirror()
                        self._subscribed.set()
                        await self._check_all()  # announcements made while we were not listening
                        async for message in messages:
                            jti, exp = parse_announcement(message)
                            self.revocations.remember(jti, exp)
                            self.end_jti(jti)
                    finally:
                        self.revocations.mirror_lost()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._subscribed.clear()
                log.warning("sessions_subscription_lost", error=type(exc).__name__)
                await asyncio.sleep(RESUBSCRIBE_SECONDS)

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(self.poll_seconds)
            await self._check_all()

    async def _check_all(self) -> None:
        """Every open stream's token against the store, in one round trip whatever the mirror holds: the net
        under an announcement that was lost."""
        jtis = list(self._by_jti)
        if not jtis:
            return
        try:
            revoked = await self.revocations.revoked_among(jtis)
        except Exception as exc:  # the store is away: the announcement or the next poll will tell
            log.info("session_check_failed", error=type(exc).__name__)
            return
        for jti in revoked:
            self.end_jti(jti)
