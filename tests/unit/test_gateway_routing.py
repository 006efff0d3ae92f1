"""Where the gateway sends a path, and which method the public-route table is asked with."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conectar.contracts.routing import ROUTES, route_for
from conectar.gateway.forwarder import route_path
from conectar.gateway.policies import effective_method
from conectar.gateway.routing import PrefixTable, RoutingTable, TargetKind, has_dot_segments, under

TABLE = RoutingTable(ROUTES)


@pytest.mark.parametrize(
    ("path", "service", "label"),
    [
        ("/api/v1/users/me", "users", "/api/v1/users/*"),
        ("/api/v1/users", "users", "/api/v1/users/*"),
        ("/api/v1/professional/me", "professionals", "/api/v1/professional/*"),
        ("/api/v1/professional/ofertas/1", "chat", "/api/v1/professional/ofertas/*"),
        ("/api/v1/admin/metrics/users", "users", "/api/v1/admin/metrics/users/*"),
        ("/api/v1/admin/metrics/financials", "payments", "/api/v1/admin/metrics/financials/*"),
        ("/.well-known/jwks.json", "auth", "/.well-known/jwks.json/*"),
        ("/api/v1/chat/ws", "chat", "/api/v1/chat/*"),
    ],
)
def test_services_by_longest_prefix(path: str, service: str, label: str) -> None:
    target = TABLE.target(path)
    assert target.kind is TargetKind.SERVICE
    assert target.upstream == service
    assert target.label == label


@pytest.mark.parametrize(
    "path",
    [
        "/internal/v1/accounts/1",
        "/internal",
        "/api/v1/usersx",
        "/api/v1/users/../../internal/v1/accounts",
        "/api/v1/users/./me",
        "/api/v1/users//me",
        "//internal/v1/accounts",
        "/api/v1/users\\..\\..\\internal",
        "/api/v1/users/a\x00b",
        "/health/cosa",
        "/docs/otra",
        "/media/x.png",
        "/metrics/x",
        "/openapi.json",
        "/",
        "",
        "relative",
    ],
)
def test_not_forwarded_without_web_or_legacy(path: str) -> None:
    assert TABLE.target(path).kind is TargetKind.NOT_FOUND


def test_web_gets_everything_outside_the_reserved_prefixes() -> None:
    table = RoutingTable(ROUTES, web_enabled=True)
    for path in ("/", "/profesionales/plomeros", "/login", "/apiary", "/mediation"):
        target = table.target(path)
        assert (target.kind, target.upstream, target.label) == (TargetKind.WEB, "web", "web"), path
    for path in (
        "/api/v1/nada",
        "/api",
        "/docs/x",
        "/health/x",
        "/.well-known/x",
        "/internal/x",
        "//internal/x",
    ):
        assert table.target(path).kind is TargetKind.NOT_FOUND, path
    assert table.target("/api/v1/users/me").upstream == "users"


def test_legacy_gets_what_no_service_owns_but_never_internal_paths() -> None:
    table = RoutingTable(ROUTES, legacy_enabled=True)
    assert table.target("/api/v1/viejo/1").kind is TargetKind.LEGACY
    assert table.target("/algo").kind is TargetKind.LEGACY
    assert table.target("/internal/v1/x").kind is TargetKind.NOT_FOUND
    assert table.target("/health/x").kind is TargetKind.NOT_FOUND
    assert table.target("/api/v1/users/me").kind is TargetKind.SERVICE
    with_web = RoutingTable(ROUTES, web_enabled=True, legacy_enabled=True)
    assert with_web.target("/pagina").kind is TargetKind.WEB
    assert with_web.target("/api/v1/viejo").kind is TargetKind.LEGACY


def test_services_in_order_of_appearance() -> None:
    assert TABLE.services[:3] == ("auth", "users", "professionals")
    assert len(TABLE.services) == len(set(TABLE.services))


def test_segment_helpers() -> None:
    assert under("/api/v1/users/me", "/api/v1/users")
    assert under("/api/v1/users/me", "/api/v1/users/")
    assert not under("/api/v1/usersx", "/api/v1/users")
    assert has_dot_segments("/a/../b")
    assert has_dot_segments("/a/.")
    assert not has_dot_segments("/a/..b/.c")


def test_head_is_checked_as_get() -> None:
    assert effective_method({"type": "http", "method": "HEAD"}) == "GET"
    assert effective_method({"type": "http", "method": "post"}) == "POST"
    assert effective_method({"type": "websocket"}) == "GET"


def test_route_path_strips_the_root_path() -> None:
    assert route_path({"path": "/gw/api/v1/users", "root_path": "/gw"}) == "/api/v1/users"
    assert route_path({"path": "/api/v1/users", "root_path": ""}) == "/api/v1/users"


SEGMENTS = st.sampled_from(
    ["api", "v1", "users", "me", "admin", "metrics", "professional", "ofertas", "x", ""]
)


@given(
    base=st.sampled_from([prefix for prefix, _ in ROUTES] + ["", "/api/v1", "/internal"]),
    tail=st.lists(SEGMENTS, max_size=4),
    slash=st.booleans(),
)
def test_lookup_agrees_with_route_for(base: str, tail: list[str], slash: bool) -> None:
    path = base + "".join("/" + segment for segment in tail) + ("/" if slash else "")
    assert TABLE.service_for(path) == route_for(path)


def test_lookup_agrees_with_route_for_on_near_misses() -> None:
    for prefix, _ in ROUTES:
        for path in (prefix, prefix + "/", prefix + "x", prefix[:-1], prefix + "/a/b", prefix + "//a"):
            assert TABLE.service_for(path) == route_for(path), path


def test_prefix_table_with_a_root_entry() -> None:
    table = PrefixTable([("/", "root"), ("/a/b", "ab")])
    assert table.longest("/a/b/c") == ("/a/b", "ab")
    assert table.longest("/a") == ("/", "root")
    assert table.longest("/") == ("/", "root")
    assert "/zzz" in table
    assert "/a/bc" in table
    assert PrefixTable([("/a", "a")]).longest("/b") is None
