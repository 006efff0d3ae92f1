"""The upstreams the gateway forwards to: an ASGI app hosted in this process, or a base URL over HTTP
with its own aiohttp session and circuit breaker."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp
from starlette.types import ASGIApp

from conectar.platform.settings import Settings

from .circuit import CircuitBreaker
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
    def __init__(self, settings: Settings, hosted: Mapping[str, ASGIApp]) -> None:
        self.settings = settings
        self.hosted = dict(hosted)
        self._upstreams: dict[str, Upstream] = {}

    def get(self, name: str) -> Upstream:
        upstream = self._upstreams.get(name)
        if upstream is None:
            upstream = self._build(name)
            self._upstreams[name] = upstream
        return upstream

    def _build(self, name: str) -> Upstream:
        app = self.hosted.get(name)
        if app is not None:
            return Upstream(name, app=app)
        if name == LEGACY:
            if not self.settings.legacy_upstream:
                raise LookupError("no legacy upstream configured")
            base_url = self.settings.legacy_upstream.rstrip("/")
        else:
            base_url = self.settings.service_url(name)
        circuit = CircuitBreaker(
            name,
            threshold=self.settings.circuit_failure_threshold,
            open_seconds=self.settings.circuit_open_seconds,
        )
        return Upstream(name, base_url=base_url, circuit=circuit)

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
        for upstream in self._upstreams.values():
            if upstream.client_session is not None:
                await upstream.client_session.close()
                upstream.client_session = None
