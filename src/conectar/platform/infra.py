"""The infrastructure a process shares between the services it hosts, chosen by settings.

Standalone: memory key-value store, the durable local bus, a local storage folder, and in-process ASGI
calls between services. Distributed: Redis, RabbitMQ, S3 (or a local folder when configured), HTTP. Either
way, the process's tracing (``conectar.platform.tracing``, from the ``OTEL_*`` variables; off by default).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from conectar.contracts.topology import SUBSCRIPTIONS
from conectar.platform.bus import EventBus
from conectar.platform.bus_local import LocalEventBus
from conectar.platform.bus_rabbit import RabbitEventBus
from conectar.platform.kv import KeyValueStore, MemoryStore, RedisStore
from conectar.platform.security import RevocationList
from conectar.platform.sessions import SessionWatch
from conectar.platform.settings import Settings
from conectar.platform.storage import Storage, build_storage
from conectar.platform.tracing import Tracing, active_tracing, configure_tracing


@dataclass
class Infrastructure:
    settings: Settings
    kv: KeyValueStore
    bus: EventBus
    storage: Storage
    asgi_apps: dict[str, Any] | None = None
    tracing: Tracing = field(default_factory=active_tracing)
    revocations: RevocationList = field(init=False)
    sessions: SessionWatch = field(init=False)
    _users: int = 0
    _bus_users: int = 0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.revocations = RevocationList(self.kv)
        self.sessions = SessionWatch(self.kv, self.revocations)

    @property
    def standalone(self) -> bool:
        return self.asgi_apps is not None

    async def acquire(self, *, bus: bool = True) -> None:
        """Start shared connections on first use (each hosted service calls this at startup); the gateway
        passes ``bus=False``: it publishes and consumes no events."""
        async with self._lock:
            if bus and self._bus_users == 0:
                await self.bus.start()
            if self._users == 0:
                # Hear revocations from the start, not from the first stream; never hold start-up for Redis.
                await self.sessions.start(wait_seconds=0.5)
            self._bus_users += int(bus)
            self._users += 1

    async def release(self, *, bus: bool = True) -> None:
        async with self._lock:
            self._users -= 1
            self._bus_users -= int(bus)
            if bus and self._bus_users == 0:
                await self.bus.close()
            if self._users == 0:
                await self.sessions.stop()
                await self.kv.close()
                if self.tracing.enabled:  # export what is buffered before the process ends
                    await asyncio.to_thread(self.tracing.flush)


def build_infrastructure(settings: Settings, *, in_process: bool | None = None) -> Infrastructure:
    """``in_process`` hosts every service in this process (standalone); it defaults to the mode."""
    hosted_here = settings.standalone if in_process is None else in_process
    tracing = configure_tracing(single_service=not hosted_here)
    if settings.standalone:
        kv: KeyValueStore = MemoryStore()
        bus: EventBus = LocalEventBus(
            settings.data_dir,
            topology=SUBSCRIPTIONS,
            max_attempts=settings.consumer_max_attempts,
            retry_delays_ms=settings.consumer_retry_delays_ms,
        )
    else:
        kv = RedisStore(settings.redis_url, namespace=settings.namespace)
        bus = RabbitEventBus(
            settings.broker_url,
            namespace=settings.namespace,
            topology=SUBSCRIPTIONS,
            max_attempts=settings.consumer_max_attempts,
            retry_delays_ms=settings.consumer_retry_delays_ms,
            prefetch=settings.consumer_prefetch,
            bundle_max=settings.event_bundle_max,
        )
    return Infrastructure(
        settings=settings,
        kv=kv,
        bus=bus,
        storage=build_storage(settings),
        asgi_apps={} if hosted_here else None,
        tracing=tracing,
    )
