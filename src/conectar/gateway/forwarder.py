"""The gateway's catch-all: every request its own routes do not answer comes here, is routed, checked
(token, rate limit, body size) and forwarded to a hosted app or an upstream over HTTP."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from conectar.contracts.routing import GATEWAY_PATHS
from conectar.platform.errors import AppError, MethodNotAllowed, NotFound
from conectar.platform.settings import Settings

from .headers import TrustedProxies, resolve_client
from .policies import AccessPolicy, BodyLimiter, body_limit, body_refusal, may_have_body
from .proxy import ClientGone, forward_hosted, forward_http, hosted_scope
from .routing import RoutingTable, prefix_set
from .upstreams import UpstreamPool
from .websocket import deny_websocket, proxy_websocket

REFUSED_METHODS = frozenset({"TRACE", "CONNECT"})


@dataclass(frozen=True)
class RouteLabel:
    """What the request-context middleware logs and measures as the route (never the concrete path)."""

    path: str


def route_path(scope: Scope) -> str:
    path = str(scope.get("path", ""))
    root = str(scope.get("root_path", ""))
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


class Forwarder:
    def __init__(
        self,
        *,
        settings: Settings,
        routing: RoutingTable,
        pool: UpstreamPool,
        policy: AccessPolicy,
        trusted_proxies: TrustedProxies,
    ) -> None:
        self.settings = settings
        self.routing = routing
        self.pool = pool
        self.policy = policy
        self.trusted = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return
        path = route_path(scope)
        target = self.routing.target(path)
        try:
            if not target.forwarded:
                raise NotFound("No encontrado")
            if scope.get("method") in REFUSED_METHODS:
                raise MethodNotAllowed("Método no permitido")
            scope["route"] = RouteLabel(target.label)
            client = resolve_client(scope, self.trusted)
            await self.policy.check(scope, path, target, client.address)
            upstream = self.pool.get(target.upstream)
            if scope["type"] == "websocket":
                if upstream.app is not None:
                    await upstream.app(hosted_scope(scope, client), receive, send)
                else:
                    await proxy_websocket(self.pool, upstream, scope, receive, send, client)
                return
            body: BodyLimiter | None = None
            if may_have_body(scope):
                body = BodyLimiter(receive, body_limit(scope, self.settings), body_refusal(scope))
                body.check_declared(scope)
            if upstream.app is not None:
                await forward_hosted(upstream, scope, receive, send, client, body)
            else:
                await forward_http(self.pool, upstream, scope, receive, send, client, body)
        except ClientGone:
            return
        except AppError as error:
            if scope["type"] == "websocket":
                await deny_websocket(scope, receive, send, error)
                return
            response = JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
            await response(scope, receive, send)


_OWN_PATHS = prefix_set(GATEWAY_PATHS)


class ForwardFirstMiddleware:
    """Hands every path the gateway does not answer itself straight to the forwarder, so a proxied
    request never walks the gateway's own routes."""

    def __init__(self, app: ASGIApp, *, forwarder: Forwarder) -> None:
        self.app = app
        self.forwarder = forwarder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and route_path(scope) not in _OWN_PATHS:
            await self.forwarder(scope, receive, send)
            return
        await self.app(scope, receive, send)
