"""The gateway's token checks and rate limits, with the upstreams hosted in process and over HTTP."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.services.test_gateway_support import SigningKey, platform

pytestmark = pytest.mark.parametrize("in_process", [False, True], ids=["http", "hosted"])


async def test_public_route_needs_no_token(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.post("/api/v1/auth/login", data={"username": "a@b.c", "password": "x"})
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"
    assert len(p.auth.calls) == 1


async def test_protected_route_without_token_is_401_before_forwarding(
    tmp_path: Path, in_process: bool
) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        missing = await client.get("/api/v1/users/me")
        wrong_scheme = await client.get("/api/v1/users/me", headers={"Authorization": "Basic abc"})
        logout = await client.post("/api/v1/auth/logout")
    for response in (missing, wrong_scheme, logout):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert isinstance(response.json()["detail"], str)
    assert p.users.calls == []
    assert p.auth.calls == []


async def test_valid_token_is_forwarded_with_the_original_header(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        headers = p.bearer()
        response = await client.get("/api/v1/users/echo", headers=headers)
        head = await client.head("/api/v1/users/echo", headers=headers)
    assert response.status_code == 200
    assert head.status_code == 200
    seen = dict(response.json()["headers"])
    assert seen["authorization"] == headers["Authorization"]


@pytest.mark.parametrize(
    ("claims", "detail"),
    [
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, "Token expirado"),
        ({"aud": "otra-audiencia"}, "Token inválido"),
        ({"iss": "otro-emisor"}, "Token inválido"),
        ({"typ": "refresh"}, "Token inválido"),
        ({"rol": "REY"}, "Token inválido"),
    ],
    ids=["expired", "audience", "issuer", "type", "role"],
)
async def test_bad_tokens_are_401(
    tmp_path: Path, in_process: bool, claims: dict[str, object], detail: str
) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.get("/api/v1/users/me", headers=p.bearer(**claims))
    assert response.status_code == 401
    assert response.json() == {"detail": detail}
    assert response.headers["www-authenticate"] == "Bearer"
    assert p.users.calls == []


async def test_garbage_and_foreign_keys_are_401(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        garbage = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer not.a.jwt"})
        foreign, _ = SigningKey(kid="test-key").token(p.gateway.settings)
        forged = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {foreign}"})
        unknown_kid, _ = SigningKey(kid="otra").token(p.gateway.settings)
        unknown = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {unknown_kid}"})
    assert [r.status_code for r in (garbage, forged, unknown)] == [401, 401, 401]
    assert p.users.calls == []


async def test_revoked_token_is_401(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        token, claims = p.token()
        headers = {"Authorization": f"Bearer {token}"}
        before = await client.get("/api/v1/users/me", headers=headers)
        await p.gateway.infra.revocations.revoke(claims["jti"], claims["exp"])
        after = await client.get("/api/v1/users/me", headers=headers)
    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json() == {"detail": "Sesión cerrada"}


async def test_public_route_ignores_a_bad_token(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.post(
            "/api/v1/auth/login",
            data={"username": "a", "password": "b"},
            headers={"Authorization": "Bearer nope"},
        )
    assert response.status_code == 200
    assert response.json()["token_type"] == "bearer"  # the auth service's own answer
    assert [(c["method"], c["path"]) for c in p.auth.calls] == [("POST", "/api/v1/auth/login")]
    assert p.auth.calls[0]["body_length"] > 0  # the form reached it


async def test_auth_routes_are_limited_per_address_with_retry_after(tmp_path: Path, in_process: bool) -> None:
    overrides = {"rate_limit_enabled": True, "rate_limit_auth_per_minute": 3}
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:
        statuses = []
        for _ in range(5):
            response = await client.post("/api/v1/auth/login", data={"username": "a", "password": "b"})
            statuses.append(response.status_code)
        # Other routes have their own budget.
        other = await client.get("/api/v1/users/me", headers=p.bearer())
    assert statuses == [200, 200, 200, 429, 429]
    assert int(response.headers["retry-after"]) >= 1
    assert isinstance(response.json()["detail"], str)
    assert len(p.auth.calls) == 3
    assert other.status_code == 200


async def test_users_are_limited_per_token_subject(tmp_path: Path, in_process: bool) -> None:
    overrides = {"rate_limit_enabled": True, "rate_limit_user_per_minute": 2}
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:
        alice = p.bearer(sub="11111111-1111-1111-1111-111111111111")
        bob = p.bearer(sub="22222222-2222-2222-2222-222222222222")
        alice_statuses = [(await client.get("/api/v1/users/me", headers=alice)).status_code for _ in range(3)]
        bob_status = (await client.get("/api/v1/users/me", headers=bob)).status_code
    assert alice_statuses == [200, 200, 429]
    assert bob_status == 200


async def test_anonymous_public_calls_are_limited_per_address(tmp_path: Path, in_process: bool) -> None:
    overrides = {"rate_limit_enabled": True, "rate_limit_anonymous_per_minute": 2}
    routes_public = "/.well-known/jwks.json"
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:
        statuses = [(await client.get(routes_public)).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


async def test_trusted_proxy_addresses_get_their_own_budget(tmp_path: Path, in_process: bool) -> None:
    overrides = {
        "rate_limit_enabled": True,
        "rate_limit_auth_per_minute": 2,
        "trusted_proxies": ["127.0.0.0/8"],
    }
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:

        async def login(forwarded_for: str) -> int:
            response = await client.post(
                "/api/v1/auth/login",
                data={"username": "a", "password": "b"},
                headers={"X-Forwarded-For": forwarded_for},
            )
            return response.status_code

        first = [await login("203.0.113.7"), await login("203.0.113.7")]
        same = await login("198.51.100.1, 203.0.113.7")  # the left hop is the client's own claim
        other = await login("203.0.113.8")
    assert (first, same, other) == ([200, 200], 429, 200)


async def test_rate_limits_can_be_disabled(tmp_path: Path, in_process: bool) -> None:
    overrides = {"rate_limit_enabled": False, "rate_limit_auth_per_minute": 2}
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:
        statuses = [
            (await client.post("/api/v1/auth/login", data={"username": "a", "password": "b"})).status_code
            for _ in range(3)
        ]
    assert statuses == [200, 200, 200]
