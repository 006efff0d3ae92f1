"""Header handling for the proxy hop: hop-by-hop filtering, the client's address, X-Forwarded-*.

The client's address is the socket peer, unless the peer is a trusted proxy: then the X-Forwarded-For
chain is walked from the right, skipping trusted proxies, and the first address that is not one of ours
is the client (with a single trusted proxy in front that is the first hop of the header). Addresses to
the left of it were written by the client itself and are never believed.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from starlette.types import Scope

from conectar.platform import client_hint as client_hint_header

Header = tuple[bytes, bytes]
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

HOP_BY_HOP: frozenset[bytes] = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"trailers",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Request headers the gateway replaces (or that make no sense on the second hop).
REPLACED_REQUEST_HEADERS: frozenset[bytes] = frozenset(
    {
        b"host",
        b"x-forwarded-for",
        b"x-forwarded-proto",
        b"x-forwarded-host",
        b"forwarded",
        b"x-request-id",
        b"expect",
        # Trace context: the gateway sends its own span's (a client's is never passed on).
        b"traceparent",
        b"tracestate",
        b"baggage",
        # Which client the request comes from: only the gateway says (``client_hint``), never the caller.
        client_hint_header.CLIENT_HEADER.encode("ascii"),
    }
)
# Response headers the gateway's own server writes itself.
REPLACED_RESPONSE_HEADERS: frozenset[bytes] = frozenset({b"date", b"server"})
# Handshake headers of a WebSocket: the upstream connection makes its own.
WEBSOCKET_HANDSHAKE_HEADERS: frozenset[bytes] = frozenset(
    {
        b"sec-websocket-key",
        b"sec-websocket-version",
        b"sec-websocket-extensions",
        b"sec-websocket-protocol",
        b"sec-websocket-accept",
    }
)


# The client a request comes from, told to the services as a hint for per-client settings (the payment
# return pages, the access-token lifetime), never as proof of identity (conectar.platform.client_hint). A
# gateway layer that recognises a client (the legacy layer, under /legacy) puts its name in the scope under
# ``CLIENT_SCOPE_KEY``; the header reaches a service only from there: a caller's own is always dropped.
CLIENT_HEADER = client_hint_header.CLIENT_HEADER.encode("ascii")
CLIENT_SCOPE_KEY = client_hint_header.SCOPE_KEY


def client_hint(scope: Scope) -> list[Header]:
    """The ``X-Conectar-Client`` header for the services, from the scope key a gateway layer set."""
    name = scope.get(CLIENT_SCOPE_KEY)
    if not isinstance(name, str) or not client_hint_header.is_client_name(name):
        return []
    return [(CLIENT_HEADER, name.encode("ascii"))]


def connection_tokens(headers: Iterable[Header]) -> frozenset[bytes]:
    """Header names listed in ``Connection`` (they are hop-by-hop too)."""
    tokens: set[bytes] = set()
    for name, value in headers:
        if name.lower() == b"connection":
            tokens.update(part.strip().lower() for part in value.split(b",") if part.strip())
    return frozenset(tokens)


def end_to_end(headers: Iterable[Header], drop: frozenset[bytes] = frozenset()) -> list[Header]:
    """The headers that may cross the proxy: no hop-by-hop ones, none named in Connection, none in ``drop``.

    Names come back lower-cased, repeated headers (Set-Cookie…) stay repeated and in order."""
    items = [(name.lower(), value) for name, value in headers]
    excluded = HOP_BY_HOP | drop | connection_tokens(items)
    return [(name, value) for name, value in items if name not in excluded]


def header_value(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def header_values(scope: Scope, name: bytes) -> list[bytes]:
    return [bytes(value) for key, value in scope.get("headers", ()) if key == name]


class TrustedProxies:
    """Addresses (or networks in CIDR form) of the proxies allowed to tell us who the client is."""

    def __init__(self, entries: Sequence[str]) -> None:
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip(), strict=False))
            except ValueError:
                continue
        self.networks: tuple[IPNetwork, ...] = tuple(networks)
        # Every request asks about its peer (nearly always the same few proxies): parsing the address cost
        # 2.6 µs a time, a remembered answer 0.15. Bounded: forwarded hops are the caller's strings.
        self._within = functools.lru_cache(maxsize=4096)(self._check)

    def __bool__(self) -> bool:
        return bool(self.networks)

    def __contains__(self, address: object) -> bool:
        if not self.networks or not isinstance(address, str):
            return False
        return self._within(address)

    def _check(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


@dataclass(frozen=True)
class ClientInfo:
    """Who is calling, as far as the gateway can tell."""

    address: str
    # The X-Forwarded-For chain to send upstream: the client first, then every proxy up to our peer.
    chain: tuple[str, ...]
    proto: str
    host: str

    @property
    def https(self) -> bool:
        return self.proto == "https"


def _scheme(scope: Scope) -> str:
    scheme = str(scope.get("scheme", "http"))
    return {"ws": "http", "wss": "https"}.get(scheme, scheme)


def _first(value: bytes | None) -> str | None:
    if not value:
        return None
    first = value.split(b",", 1)[0].strip().decode("latin-1")
    return first or None


def peer_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


def resolve_client(scope: Scope, trusted: TrustedProxies) -> ClientInfo:
    peer = peer_address(scope)
    host = (header_value(scope, b"host") or b"").decode("latin-1")
    proto = _scheme(scope)
    if peer not in trusted:
        return ClientInfo(address=peer or "unknown", chain=(peer,) if peer else (), proto=proto, host=host)
    hops = [
        hop.strip()
        for value in header_values(scope, b"x-forwarded-for")
        for hop in value.decode("latin-1").split(",")
        if hop.strip()
    ]
    chain = [*hops, peer]
    index = 0
    for position in range(len(chain) - 1, -1, -1):
        if chain[position] not in trusted:
            index = position
            break
    forwarded_proto = (_first(header_value(scope, b"x-forwarded-proto")) or "").lower()
    forwarded_host = _first(header_value(scope, b"x-forwarded-host"))
    return ClientInfo(
        address=chain[index],
        chain=tuple(chain[index:]),
        proto=forwarded_proto if forwarded_proto in ("http", "https") else proto,
        host=forwarded_host or host,
    )


def forwarded_headers(client: ClientInfo, request_id: str | None) -> list[Header]:
    headers: list[Header] = []
    if client.chain:
        headers.append((b"x-forwarded-for", ", ".join(client.chain).encode("latin-1")))
    headers.append((b"x-forwarded-proto", client.proto.encode("latin-1")))
    if client.host:
        headers.append((b"x-forwarded-host", client.host.encode("latin-1")))
    if request_id:
        headers.append((b"x-request-id", request_id.encode("latin-1")))
    return headers


def hosted_request_headers(
    scope: Scope, client: ClientInfo, request_id: str | None, trace: Iterable[Header] = ()
) -> list[Header]:
    """Headers for an app hosted in this process: the client's own, with X-Forwarded-*, X-Request-ID,
    X-Conectar-Client and the trace context replaced (the hosted app sits right behind our server, so Host
    and the handshake stay as they are)."""
    replaced = REPLACED_REQUEST_HEADERS - {b"host", b"expect"}
    kept = [(name, value) for name, value in scope.get("headers", ()) if name not in replaced]
    return [*kept, *forwarded_headers(client, request_id), *client_hint(scope), *trace]


def upstream_request_headers(
    scope: Scope, client: ClientInfo, request_id: str | None, *, drop: frozenset[bytes] = frozenset()
) -> list[Header]:
    """The client's end-to-end headers plus X-Forwarded-*, X-Request-ID and X-Conectar-Client, for the
    upstream."""
    kept = end_to_end(scope.get("headers", ()), REPLACED_REQUEST_HEADERS | drop)
    return [*kept, *forwarded_headers(client, request_id), *client_hint(scope)]
