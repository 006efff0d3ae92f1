"""Who is calling: the client address, trusting X-Forwarded-For only from configured proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import HTTPConnection


def _in(address: str, networks: Iterable[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for net in networks:
        try:
            if ip in ipaddress.ip_network(net, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: Sequence[str]) -> str:
    """The address to attribute a request to.

    Walks X-Forwarded-For from the right while the hop is a trusted proxy, so a client cannot choose its
    own address by sending the header itself.
    """
    address = peer or "unknown"
    if not forwarded_for or not _in(address, trusted_proxies):
        return address
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    while hops:
        hop = hops.pop()
        if not _in(hop, trusted_proxies):
            return hop
        address = hop
    return address


def address_of(connection: HTTPConnection, trusted_proxies: Sequence[str]) -> str:
    """:func:`client_address` of a request (or WebSocket) as the service received it."""
    return client_address(
        connection.client.host if connection.client else None,
        connection.headers.get("x-forwarded-for"),
        trusted_proxies,
    )
