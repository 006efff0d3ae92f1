"""Header filtering, the client's address, X-Forwarded-*, the upstream URL, CORS and CSP choices."""

from __future__ import annotations

from typing import Any

import pytest

from conectar.gateway.headers import (
    CLIENT_SCOPE_KEY,
    ClientInfo,
    TrustedProxies,
    client_hint,
    connection_tokens,
    end_to_end,
    forwarded_headers,
    hosted_request_headers,
    resolve_client,
    upstream_request_headers,
)
from conectar.gateway.health import is_internal_address
from conectar.gateway.middleware import API_CSP, DOCS_CSP, content_security_policy, cors_options
from conectar.gateway.proxy import upstream_url
from conectar.gateway.websocket import sendable_close_code
from conectar.platform.net import client_address
from conectar.platform.settings import Settings

PROXIES = TrustedProxies(["127.0.0.1/32", "10.0.0.0/8", "not-an-address"])


def scope(
    headers: list[tuple[bytes, bytes]] | None = None, peer: str | None = "203.0.113.9", scheme: str = "http"
) -> dict[str, Any]:
    return {
        "type": "http",
        "scheme": scheme,
        "headers": headers or [(b"host", b"api.conectar.test")],
        "client": (peer, 5000) if peer else None,
    }


def test_hop_by_hop_and_connection_named_headers_are_dropped() -> None:
    headers = [
        (b"Connection", b"keep-alive, X-Private"),
        (b"Keep-Alive", b"timeout=5"),
        (b"Transfer-Encoding", b"chunked"),
        (b"Upgrade", b"h2c"),
        (b"TE", b"trailers"),
        (b"Proxy-Authorization", b"Basic x"),
        (b"X-Private", b"1"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
        (b"Content-Length", b"10"),
    ]
    assert connection_tokens(headers) == {b"keep-alive", b"x-private"}
    assert end_to_end(headers) == [
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
        (b"content-length", b"10"),
    ]
    assert end_to_end(headers, frozenset({b"content-length"})) == [
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
    ]


def test_trusted_proxies_take_addresses_and_networks() -> None:
    assert "127.0.0.1" in PROXIES
    assert "10.20.30.40" in PROXIES
    assert "203.0.113.9" not in PROXIES
    assert "garbage" not in PROXIES
    assert not TrustedProxies([])
    assert "127.0.0.1" not in TrustedProxies([])


def test_untrusted_peer_is_the_client_whatever_it_claims() -> None:
    info = resolve_client(
        scope([(b"host", b"h"), (b"x-forwarded-for", b"1.1.1.1"), (b"x-forwarded-proto", b"https")]), PROXIES
    )
    assert info == ClientInfo(address="203.0.113.9", chain=("203.0.113.9",), proto="http", host="h")


@pytest.mark.parametrize(
    ("forwarded_for", "address", "chain"),
    [
        (b"198.51.100.7", "198.51.100.7", ("198.51.100.7", "127.0.0.1")),
        (b"1.1.1.1, 198.51.100.7", "198.51.100.7", ("198.51.100.7", "127.0.0.1")),
        (b"6.6.6.6, 198.51.100.7, 10.1.2.3", "198.51.100.7", ("198.51.100.7", "10.1.2.3", "127.0.0.1")),
        (b"10.0.0.5", "10.0.0.5", ("10.0.0.5", "127.0.0.1")),
        (None, "127.0.0.1", ("127.0.0.1",)),
    ],
)
def test_trusted_peer_forwarded_for_is_walked_from_the_right(
    forwarded_for: bytes | None, address: str, chain: tuple[str, ...]
) -> None:
    headers = [(b"host", b"h")]
    if forwarded_for is not None:
        headers.append((b"x-forwarded-for", forwarded_for))
    info = resolve_client(scope(headers, peer="127.0.0.1"), PROXIES)
    assert info.address == address
    assert info.chain == chain
    # The same answer as the kernel's rule, which the services use.
    trusted = ["127.0.0.1/32", "10.0.0.0/8"]
    expected = client_address("127.0.0.1", forwarded_for.decode() if forwarded_for else None, trusted)
    assert info.address == expected


def test_repeated_forwarded_for_headers_form_one_chain() -> None:
    headers = [(b"x-forwarded-for", b"1.1.1.1"), (b"x-forwarded-for", b"198.51.100.7")]
    assert resolve_client(scope(headers, peer="127.0.0.1"), PROXIES).address == "198.51.100.7"


def test_proto_and_host_from_a_trusted_proxy_only() -> None:
    headers = [
        (b"host", b"inner"),
        (b"x-forwarded-proto", b"HTTPS"),
        (b"x-forwarded-host", b"conectar.com.ar"),
    ]
    trusted = resolve_client(scope(headers, peer="127.0.0.1"), PROXIES)
    assert (trusted.proto, trusted.host, trusted.https) == ("https", "conectar.com.ar", True)
    odd = resolve_client(scope([(b"x-forwarded-proto", b"gopher")], peer="127.0.0.1"), PROXIES)
    assert odd.proto == "http"
    assert resolve_client(scope(scheme="wss"), PROXIES).proto == "https"
    assert resolve_client(scope(peer=None), PROXIES).address == "unknown"


def test_forwarded_headers_for_the_upstream() -> None:
    info = ClientInfo(address="198.51.100.7", chain=("198.51.100.7", "127.0.0.1"), proto="https", host="c.ar")
    assert forwarded_headers(info, "rid") == [
        (b"x-forwarded-for", b"198.51.100.7, 127.0.0.1"),
        (b"x-forwarded-proto", b"https"),
        (b"x-forwarded-host", b"c.ar"),
        (b"x-request-id", b"rid"),
    ]
    incoming = scope(
        [
            (b"host", b"c.ar"),
            (b"x-forwarded-for", b"6.6.6.6"),
            (b"x-request-id", b"spoofed"),
            (b"forwarded", b"for=6.6.6.6"),
            (b"authorization", b"Bearer t"),
            (b"connection", b"close"),
            (b"expect", b"100-continue"),
        ]
    )
    over_http = dict(upstream_request_headers(incoming, info, "rid"))
    assert over_http[b"x-forwarded-for"] == b"198.51.100.7, 127.0.0.1"
    assert over_http[b"x-request-id"] == b"rid"
    assert over_http[b"authorization"] == b"Bearer t"
    assert b"host" not in over_http  # aiohttp writes the upstream's
    assert b"forwarded" not in over_http
    assert b"connection" not in over_http
    assert b"expect" not in over_http
    in_process = hosted_request_headers(incoming, info, "rid")
    assert (b"host", b"c.ar") in in_process
    assert [v for k, v in in_process if k == b"x-request-id"] == [b"rid"]
    assert [v for k, v in in_process if k == b"x-forwarded-for"] == [b"198.51.100.7, 127.0.0.1"]


def test_the_client_hint_is_the_gateways_never_the_callers() -> None:
    info = ClientInfo(address="198.51.100.7", chain=("198.51.100.7",), proto="https", host="c.ar")
    forged = scope([(b"x-conectar-client", b"legacy-frontend"), (b"authorization", b"Bearer t")])
    for headers in (hosted_request_headers(forged, info, None), upstream_request_headers(forged, info, None)):
        assert b"x-conectar-client" not in dict(headers)
        assert dict(headers)[b"authorization"] == b"Bearer t"
    told = {**forged, CLIENT_SCOPE_KEY: "legacy-frontend"}
    for headers in (hosted_request_headers(told, info, None), upstream_request_headers(told, info, None)):
        assert [v for k, v in headers if k == b"x-conectar-client"] == [b"legacy-frontend"]
    assert client_hint(scope()) == []
    assert client_hint({CLIENT_SCOPE_KEY: ""}) == []


def test_upstream_url_keeps_raw_path_and_query() -> None:
    url = upstream_url(
        "http://users:8002",
        {
            "path": "/api/v1/users/a b",
            "raw_path": b"/api/v1/users/a%20b",
            "query_string": b"x=1&x=2&q=%C3%A9+y",
        },
    )
    assert str(url) == "http://users:8002/api/v1/users/a%20b?x=1&x=2&q=%C3%A9+y"
    assert str(upstream_url("http://u", {"path": "/p", "query_string": b""})) == "http://u/p"


def test_close_codes_that_can_be_sent() -> None:
    assert sendable_close_code(1000) == 1000
    assert sendable_close_code(4001) == 4001
    assert sendable_close_code(1011) == 1011
    assert sendable_close_code(1005) == 1000
    assert sendable_close_code(1006, default=1011) == 1011
    assert sendable_close_code(None) == 1000
    assert sendable_close_code(2000) == 1000


def test_content_security_policy_by_path() -> None:
    assert content_security_policy("/api/v1/users/me") == API_CSP
    assert content_security_policy("/health") == API_CSP
    assert content_security_policy("/docs") == DOCS_CSP
    assert content_security_policy("/docs/swagger-ui.css") == DOCS_CSP
    assert content_security_policy("/") is None  # the web app decides
    assert b"'unsafe-inline'" not in DOCS_CSP.split(b"script-src", 1)[1].split(b";", 1)[0]


def test_cors_options_are_strict() -> None:
    closed = cors_options(Settings(cors_origins=[]))
    assert closed["allow_origins"] == []
    listed = cors_options(Settings(cors_origins="https://a.com.ar/, https://b.com.ar"))  # type: ignore[arg-type]
    assert listed["allow_origins"] == ["https://a.com.ar", "https://b.com.ar"]
    assert listed["allow_credentials"] is True
    wildcard = cors_options(Settings(cors_origins=["*", "https://a.com.ar"]))
    assert wildcard["allow_origins"] == ["*"]
    assert wildcard["allow_credentials"] is False


def test_only_addresses_off_the_public_internet_are_internal() -> None:
    for address in ("127.0.0.1", "::1", "10.1.2.3", "172.17.0.2", "192.168.1.5", "fd00::1", "100.64.0.1"):
        assert is_internal_address(address), address
    for address in ("8.8.8.8", "198.51.99.7", "2001:4860:4860::8888", "::ffff:8.8.8.8", "unknown", ""):
        assert not is_internal_address(address), address
