from conectar.contracts.routing import is_public, route_for


def test_longest_prefix_wins() -> None:
    assert route_for("/api/v1/professional/me") == "professionals"
    assert route_for("/api/v1/professional/ofertas") == "chat"
    assert route_for("/api/v1/professional/ofertas/123") == "chat"
    assert route_for("/api/v1/professional/trabajos/1/completar") == "chat"
    assert route_for("/api/v1/professional/resenas") == "chat"
    assert route_for("/api/v1/professional/resenasx") == "professionals"
    assert route_for("/api/v1/admin/metrics/users") == "users"
    assert route_for("/api/v1/admin/metrics/financials") == "payments"
    assert route_for("/api/v1/admin/trabajo/1/cancelar") == "chat"
    assert route_for("/api/v1/admin/trabajos") == "chat"


def test_prefixes_match_whole_segments() -> None:
    assert route_for("/api/v1/users") == "users"
    assert route_for("/api/v1/usersx") is None
    assert route_for("/api/v1/authority") is None
    assert route_for("/internal/v1/accounts/1") is None
    assert route_for("/") is None


def test_public_routes_by_method() -> None:
    assert is_public("POST", "/api/v1/auth/login")
    assert not is_public("GET", "/api/v1/auth/login")
    assert not is_public("POST", "/api/v1/auth/logout")
    assert is_public("GET", "/api/v1/public/professional/1")
    assert is_public("POST", "/api/v1/pagos/sandbox/checkout/abc")
    # The development mailbox is for the staff: the gateway wants a token before the service looks.
    assert not is_public("GET", "/api/v1/dev/mailbox/mensajes")
    assert not is_public("DELETE", "/api/v1/dev/mailbox/mensajes")
    assert not is_public("GET", "/api/v1/users/me")
