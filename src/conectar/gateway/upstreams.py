"""The upstreams the gateway forwards to: an ASGI app hosted in this process, or a base URL over HTTP
with its own aiohttp session and circuit breaker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp
from starlette.types import ASGIApp

from conectar.platform.settings import Settings

from .circuit import CircuitBreaker, CircuitState
from .routing import LEGACY

# Below uvicorn's default keep-alive (5 s): a pooled connection is never reused after the upstream
# closed it, so a non-retryable POST does not land on a dead socket.
KEEPALIVE_SECONDS = 4.0
MAX_CONNECTIONS = 1024
# aiohttp must not add headers the client did not send (we pass compressed bodies through untouched).
SKIP_AUTO_HEADERS = ("User-Agent", "Accept-Encoding", "Content-Type")


@dataclass
class Upstream:
    name: str
    app: ASGIApp | None = None
    base_url: str = ""
    circuit: CircuitBreaker | None = None
    client_session: aiohttp.ClientSession | None = field(default=None, repr=False)

    @property
    def hosted(self) -> bool:
        return self.app is not None


class UpstreamPool:
    """A service's upstreams: its hosted app, or each of its replicas' URLs, taken in turn (skipping
    replicas whose circuit is open while another one is available)."""

    def __init__(self, settings: Settings, hosted: Mapping[str, ASGIApp]) -> None:
        self.settings = settings
        self.hosted = dict(hosted)
        self._replicas: dict[str, list[Upstream]] = {}
        self._turn: dict[str, int] = {}

    def get(self, name: str) -> Upstream:
        replicas = self._replicas.get(name)
        if replicas is None:
            replicas = self._build(name)
            self._replicas[name] = replicas
        if len(replicas) == 1:
            return replicas[0]
        start = self._turn.get(name, 0)
        self._turn[name] = (start + 1) % len(replicas)
        for offset in range(len(replicas)):
            candidate = replicas[(start + offset) % len(replicas)]
            circuit = candidate.circuit
            # An open circuit whose open period has passed is due its trial request: without it a replica
            # that came back would never be tried again while another one answers.
            if circuit is None or circuit.state is not CircuitState.OPEN or circuit.retry_after() == 0:
                return candidate
        return replicas[start]

    def _build(self, name: str) -> list[Upstream]:
        app = self.hosted.get(name)
        if app is not None:
            return [Upstream(name, app=app)]
        if name == LEGACY:
            if not self.settings.legacy_upstream:
                raise LookupError("no legacy upstream configured")
            urls = [self.settings.legacy_upstream.rstrip("/")]
        else:
            urls = self.settings.service_urls(name)
        return [
            Upstream(
                name,
                base_url=url,
                circuit=CircuitBreaker(
                    name if len(urls) == 1 else f"{name}#{index}",
                    threshold=self.settings.circuit_failure_threshold,
                    open_seconds=self.settings.circuit_open_seconds,
                ),
            )
            for index, url in enumerate(urls)
        ]

    def session(self, upstream: Upstream) -> aiohttp.ClientSession:
        """The upstream's own session (made on first use, inside the running event loop)."""
        if upstream.client_session is None or upstream.client_session.closed:
            upstream.client_session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=MAX_CONNECTIONS, limit_per_host=0, keepalive_timeout=KEEPALIVE_SECONDS
                ),
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    sock_connect=self.settings.upstream_connect_timeout_seconds,
                    sock_read=self.settings.upstream_timeout_seconds,
                ),
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,
                skip_auto_headers=SKIP_AUTO_HEADERS,
                trust_env=False,
            )
        return upstream.client_session

    async def close(self) -> None:
        for replicas in self._replicas.values():
            for upstream in replicas:
                if upstream.client_session is not None:
                    await upstream.client_session.close()
                    upstream.client_session = None
