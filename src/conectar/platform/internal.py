"""HTTP clients for services' internal APIs, authenticated with short-lived service tokens.

A service hosted in this process (standalone mode) is called through its ASGI app; any other service over
HTTP at its URL. With tracing on, every call is a client span that sends its context (``traceparent``):
the HTTP transport through the process-wide httpx instrumentation, the ASGI one wrapped here.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import Any

import httpx

from conectar.platform.context import REQUEST_ID_HEADER, current_request_id
from conectar.platform.errors import UpstreamError, error_for_status
from conectar.platform.security import ServiceTokens
from conectar.platform.settings import Settings
from conectar.platform.tracing import active_tracing

INTERNAL_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


class _ServiceAuth(httpx.Auth):
    def __init__(self, tokens: ServiceTokens) -> None:
        self.tokens = tokens

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.tokens.token()}"
        request_id = current_request_id()
        if request_id:
            request.headers[REQUEST_ID_HEADER] = request_id
        yield request


class InternalClients:
    def __init__(
        self, settings: Settings, tokens: ServiceTokens, asgi_apps: Mapping[str, Any] | None
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.asgi_apps = asgi_apps
        self._clients: dict[str, httpx.AsyncClient] = {}

    def client(self, service: str) -> httpx.AsyncClient:
        existing = self._clients.get(service)
        if existing is not None:
            return existing
        transport: httpx.AsyncBaseTransport
        if self.asgi_apps is not None and service in self.asgi_apps:
            transport = active_tracing().wrap_transport(httpx.ASGITransport(app=self.asgi_apps[service]))
            base_url = f"http://{service}.internal"
        else:
            transport = httpx.AsyncHTTPTransport(retries=2)
            base_url = self.settings.service_url(service)
        client = httpx.AsyncClient(
            base_url=base_url, transport=transport, auth=_ServiceAuth(self.tokens), timeout=INTERNAL_TIMEOUT
        )
        self._clients[service] = client
        return client

    async def request(self, service: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Call another service; connection failures become a 502 for our caller."""
        try:
            return await self.client(service).request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise UpstreamError(f"El servicio {service} no respondió") from exc

    async def call(self, service: str, method: str, path: str, **kwargs: Any) -> Any:
        """Call another service and return its JSON (None for 204); its refusals (4xx) pass through to our
        caller with their status and detail, anything else becomes a 502."""
        response = await self.request(service, method, path, **kwargs)
        if response.status_code == 204:
            return None
        if response.is_success:
            return response.json()
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = None
        raise error_for_status(response.status_code, detail, response.headers)

    async def close(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()
