"""SPEC §1 through the gateway, with every service as its own process on PostgreSQL, RabbitMQ and Redis."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx

from tests.conftest import image_bytes, unique_email
from tests.factories import PASSWORD, create_admin, eventually, login, register
from tests.integration.conftest import Platform
from tests.integration.helpers import EventTap


async def test_both_roles_register_log_in_and_manage_themselves(api: httpx.AsyncClient) -> None:
    for rol in ("CLIENTE", "PROFESIONAL"):
        email = unique_email(rol.lower())
        response = await api.post(
            "/api/v1/auth/register",
            json={
                "email": email.upper(),
                "password": PASSWORD,
                "nombre": "Lucía",
                "apellido": "Gómez",
                "rol": rol,
                "ignored": "extra fields are ignored",
            },
        )
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["email"] == email
        assert created["rol"] == rol
        assert created["is_active"] is True
        assert created["es_profesional"] is (rol == "PROFESIONAL")
        assert created["es_cliente"] is (rol == "CLIENTE")
        assert created["es_admin"] is False
        assert created["infracciones_chat"] == 0
        assert created["is_chat_banned"] is False
        assert created["avatar_url"] is None

        tokens = await login(api, email, PASSWORD)
        assert tokens["token_type"] == "bearer"
        assert tokens["expires_in"] == 900
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = await api.get("/api/v1/users/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["id"] == created["id"]

        updated = await api.put("/api/v1/users/me", headers=headers, json={"telefono": "11 2345-6789"})
        assert updated.status_code == 200
        assert updated.json()["telefono"] == "+541123456789"
        assert updated.json()["nombre"] == "Lucía"

        avatar = await api.post(
            "/api/v1/users/me/avatar",
            headers=headers,
            files={"file": ("foto.jpg", image_bytes("JPEG", (900, 700), exif=True), "image/jpeg")},
        )
        assert avatar.status_code == 200, avatar.text
        url = avatar.json()["avatar_url"]
        assert "avatar" in url
        assert created["id"] in url
        served = await api.get(url)
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/webp"
        assert b"SecretCamera" not in served.content

        bad = await api.post(
            "/api/v1/users/me/avatar",
            headers=headers,
            files={"file": ("x.png", b"<?php echo 1; ?>", "image/png")},
        )
        assert bad.status_code == 400


async def test_admin_role_cannot_be_registered_and_input_is_validated(api: httpx.AsyncClient) -> None:
    base = {"email": unique_email(), "password": PASSWORD, "nombre": "A", "apellido": "B"}
    admin_attempt = await api.post("/api/v1/auth/register", json={**base, "rol": "ADMIN"})
    assert admin_attempt.status_code == 422
    assert any("rol" in error["loc"] for error in admin_attempt.json()["detail"])
    assert (
        await api.post("/api/v1/auth/register", json={**base, "rol": "CLIENTE", "password": "short"})
    ).status_code == 422
    assert (
        await api.post("/api/v1/auth/register", json={**base, "rol": "CLIENTE", "email": "nope"})
    ).status_code == 422
    assert (
        await api.post("/api/v1/auth/register", json={**base, "rol": "CLIENTE", "nombre": "x" * 101})
    ).status_code == 422
    # none of the refused registrations made an account
    nobody = await api.post("/api/v1/auth/login", data={"username": base["email"], "password": PASSWORD})
    assert nobody.status_code == 401
    first = await api.post("/api/v1/auth/register", json={**base, "rol": "CLIENTE"})
    assert first.status_code == 201
    assert (first.json()["email"], first.json()["rol"], first.json()["es_admin"]) == (
        base["email"],
        "CLIENTE",
        False,
    )
    again = await api.post(
        "/api/v1/auth/register",
        json={**base, "email": base["email"].upper(), "password": "otra-clave-999", "rol": "CLIENTE"},
    )
    assert again.status_code == 400
    assert "id" not in again.json()
    json_login = await api.post("/api/v1/auth/login", json={"username": base["email"], "password": PASSWORD})
    assert json_login.status_code == 422
    assert "access_token" not in json_login.json()
    wrong = await api.post("/api/v1/auth/login", data={"username": base["email"], "password": "incorrecta"})
    assert wrong.status_code == 401
    assert "access_token" not in wrong.json()
    # the first account is the one that stands: its password, its id; the duplicate's password opens nothing
    tokens = await login(api, base["email"], PASSWORD)
    me = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json()["id"] == first.json()["id"]
    duplicate = {"username": base["email"], "password": "otra-clave-999"}
    assert (await api.post("/api/v1/auth/login", data=duplicate)).status_code == 401


async def test_tokens_are_required_and_roles_checked_before_the_body(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    assert (await api.get("/api/v1/users/me")).status_code == 401
    assert (
        await api.get("/api/v1/users/me", headers={"Authorization": "Bearer nonsense"})
    ).status_code == 401
    client = await register(api)
    for path in ("/api/v1/admin/users", "/api/v1/admin/metrics/users"):
        refused = await api.get(path, headers=client.headers)
        assert refused.status_code == 403, path
        assert client.email not in refused.text, path  # no list of accounts comes back
    # A wrong role is refused before the (invalid) body or parameters are looked at.
    search = await api.get("/api/v1/admin/users/search", headers=client.headers, params={"email": "x"})
    assert search.status_code == 403
    assert isinstance(search.json()["detail"], str)  # the role's answer, not the parameter's error
    assert (await api.put("/api/v1/users/me", headers=client.headers, json={"nombre": ""})).status_code == 422
    assert (await api.get("/api/v1/users/me", headers=client.headers)).json()["nombre"] == "Nombre"


async def test_refresh_rotates_and_reuse_ends_the_session(api: httpx.AsyncClient) -> None:
    account = await register(api)
    first = await api.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != account.refresh_token
    assert (
        await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {rotated['access_token']}"})
    ).status_code == 200
    reuse = await api.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert reuse.status_code == 401
    # The whole family is gone: the newest refresh token and its access token too.
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]})
    ).status_code == 401
    assert (
        await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {rotated['access_token']}"})
    ).status_code == 401


async def test_logout_revokes_access_and_refresh(api: httpx.AsyncClient) -> None:
    account = await register(api)
    out = await api.post(
        "/api/v1/auth/logout", headers=account.headers, json={"refresh_token": account.refresh_token}
    )
    assert out.status_code == 200
    assert (await api.get("/api/v1/users/me", headers=account.headers)).status_code == 401
    refreshed = await api.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    assert refreshed.status_code == 401
    assert "access_token" not in refreshed.json()
    # only that session ended: the account signs in again
    tokens = await login(api, account.email, PASSWORD)
    again = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert again.json()["id"] == str(account.id)


async def test_forgot_and_reset_password_with_the_emailed_link(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    account = await register(api)
    async with EventTap(platform, "PasswordResetRequested") as tap:
        unknown = await api.post("/api/v1/auth/forgot-password", json={"email": unique_email()})
        assert unknown.status_code == 200
        assert unknown.json()["success"] is True
        response = await api.post("/api/v1/auth/forgot-password", json={"email": account.email})
        assert response.json() == unknown.json()
        event = await tap.next(lambda e: e["payload"]["user_id"] == str(account.id))
    link = httpx.URL(event["payload"]["reset_url"])
    assert link.path == "/reset-password"
    token = link.params["token"]
    for service in ("auth", "users", "gateway"):
        assert token not in platform.logs(service)

    weak = await api.post("/api/v1/auth/reset-password", json={"token": token, "new_password": "short"})
    assert weak.status_code == 422
    done = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "otra-clave-456"}
    )
    assert done.status_code == 200
    again = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "tercera-clave-789"}
    )
    assert again.status_code == 400
    assert again.json()["detail"] == "Token inválido o expirado"
    # Every earlier session of the account is over.
    assert (await api.get("/api/v1/users/me", headers=account.headers)).status_code == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})
    ).status_code == 401
    assert (
        await api.post("/api/v1/auth/login", data={"username": account.email, "password": PASSWORD})
    ).status_code == 401
    await login(api, account.email, "otra-clave-456")


async def test_change_password(api: httpx.AsyncClient) -> None:
    account = await register(api)
    other_device = await login(api, account.email, PASSWORD)
    wrong = await api.post(
        "/api/v1/users/me/change-password",
        headers=account.headers,
        json={"current_password": "no-es-esta", "new_password": "nueva-clave-1"},
    )
    assert wrong.status_code == 400
    # refused: the password is unchanged and the other sessions go on
    other = {"Authorization": f"Bearer {other_device['access_token']}"}
    assert (await api.get("/api/v1/users/me", headers=other)).status_code == 200
    not_yet = {"username": account.email, "password": "nueva-clave-1"}
    assert (await api.post("/api/v1/auth/login", data=not_yet)).status_code == 401
    same = await api.patch(
        "/api/v1/users/me/password",
        headers=account.headers,
        json={"current_password": PASSWORD, "new_password": PASSWORD},
    )
    assert same.status_code == 400
    ok = await api.patch(
        "/api/v1/users/me/password",
        headers=account.headers,
        json={"current_password": PASSWORD, "new_password": "nueva-clave-1"},
    )
    assert ok.status_code == 200
    assert (await api.get("/api/v1/users/me", headers=account.headers)).status_code == 200
    assert (await api.get("/api/v1/users/me", headers=other)).status_code == 401
    await login(api, account.email, "nueva-clave-1")
    old_password = {"username": account.email, "password": PASSWORD}
    assert (await api.post("/api/v1/auth/login", data=old_password)).status_code == 401


async def test_a_ban_kills_every_token_within_a_second(platform: Platform, api: httpx.AsyncClient) -> None:
    admin = await create_admin(platform, api)
    victim = await register(api, "PROFESIONAL")
    second_session = await login(api, victim.email, PASSWORD)
    assert (await api.get("/api/v1/users/me", headers=victim.headers)).status_code == 200

    banned = await api.post(f"/api/v1/admin/users/{victim.id}/ban", headers=admin.headers)
    assert banned.status_code == 200, banned.text
    assert banned.json()["user"]["is_active"] is False
    started = time.monotonic()

    async def refused() -> bool:
        return (await api.get("/api/v1/users/me", headers=victim.headers)).status_code == 401

    await eventually(refused, timeout=1.0, interval=0.05)
    assert time.monotonic() - started < 1.0
    headers2 = {"Authorization": f"Bearer {second_session['access_token']}"}
    assert (await api.get("/api/v1/users/me", headers=headers2)).status_code == 401
    assert (
        await api.post("/api/v1/auth/refresh", json={"refresh_token": victim.refresh_token})
    ).status_code == 401
    assert (
        await api.post("/api/v1/auth/login", data={"username": victim.email, "password": PASSWORD})
    ).status_code == 401

    assert (await api.post(f"/api/v1/admin/users/{victim.id}/ban", headers=admin.headers)).status_code == 400
    assert (await api.post(f"/api/v1/admin/users/{admin.id}/ban", headers=admin.headers)).status_code == 400
    assert (
        await api.post(f"/api/v1/admin/users/{uuid.uuid4()}/ban", headers=admin.headers)
    ).status_code == 404
    assert (await api.post(f"/api/v1/admin/users/{admin.id}/ban", headers=victim.headers)).status_code == 401

    unbanned = await api.post(f"/api/v1/admin/users/{victim.id}/unban", headers=admin.headers)
    assert unbanned.json()["user"]["is_active"] is True
    await login(api, victim.email, PASSWORD)


async def test_admin_lists_searches_and_counts(platform: Platform, api: httpx.AsyncClient) -> None:
    admin = await create_admin(platform, api)
    tag = uuid.uuid4().hex[:8]
    emails = [f"buscar_{tag}_{i}@example.com" for i in range(3)]
    for email in emails:
        response = await api.post(
            "/api/v1/auth/register",
            json={"email": email, "password": PASSWORD, "nombre": "N", "apellido": "A", "rol": "PROFESIONAL"},
        )
        assert response.status_code == 201

    async def listed() -> bool:
        found = await api.get(
            "/api/v1/admin/users/search", headers=admin.headers, params={"email": f"_{tag}_"}
        )
        return found.status_code == 200 and len(found.json()) == 3

    await eventually(listed)
    # "_" is a LIKE wildcard: it must be matched literally.
    wild = await api.get("/api/v1/admin/users/search", headers=admin.headers, params={"email": "_%_"})
    assert wild.status_code == 200
    assert wild.json() == []
    assert (
        await api.get("/api/v1/admin/users/search", headers=admin.headers, params={"email": "a"})
    ).status_code == 422

    page = (
        await api.get("/api/v1/admin/users", headers=admin.headers, params={"page": 1, "limit": 2})
    ).json()
    assert set(page) == {"users", "total", "page", "limit", "totalPages"}
    assert page["limit"] == 2
    assert len(page["users"]) == 2
    assert page["users"][0]["fecha_creacion"] >= page["users"][1]["fecha_creacion"]
    clamped = (await api.get("/api/v1/admin/users", headers=admin.headers, params={"limit": 1000})).json()
    assert clamped["limit"] == 100
    assert (await api.get("/api/v1/admin/users", headers=admin.headers, params={"limit": 0})).json()[
        "limit"
    ] == 1

    metrics = (await api.get("/api/v1/admin/metrics/users", headers=admin.headers)).json()
    assert set(metrics) == {
        "total_clientes",
        "total_profesionales",
        "total_pro_pendientes_kyc",
        "total_pro_aprobados",
    }
    assert metrics["total_profesionales"] >= 3


async def test_failed_logins_are_throttled_per_account(api: httpx.AsyncClient) -> None:
    account = await register(api)
    statuses = []
    for _ in range(12):
        response = await api.post(
            "/api/v1/auth/login", data={"username": account.email, "password": "adivinando"}
        )
        statuses.append(response.status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429, 429]
    assert int(response.headers["Retry-After"]) > 0
    # Throttled even with the right password: the guesser cannot tell.
    right = await api.post("/api/v1/auth/login", data={"username": account.email, "password": PASSWORD})
    assert right.status_code == 429
    # Other accounts are not affected.
    await login(api, (await register(api)).email, PASSWORD)


async def test_events_survive_a_broker_outage(platform: Platform, api: httpx.AsyncClient) -> None:
    admin = await create_admin(platform, api)
    tag = uuid.uuid4().hex[:8]
    platform.broker_proxy.cut()
    try:
        emails = [f"outage_{tag}_{i}@example.com" for i in range(25)]
        for email in emails:
            response = await api.post(
                "/api/v1/auth/register",
                json={"email": email, "password": PASSWORD, "nombre": "N", "apellido": "A", "rol": "CLIENTE"},
            )
            assert response.status_code == 201
        await asyncio.sleep(3)
        # The outbox buffers the events: every instance stays ready and says what is degraded.
        async with httpx.AsyncClient(timeout=10) as direct:
            for service, url in platform.service_urls.items():
                ready = await direct.get(url + "/health/ready")
                assert ready.status_code == 200, (service, ready.text)
                if service not in ("gateway", "web"):
                    assert ready.json()["status"] == "degraded", (service, ready.text)
                    assert ready.json()["degraded"] == ["broker"]
            metrics = (await direct.get(platform.service_urls["auth"] + "/metrics")).text
            assert 'conectar_dependency_up{dependency="broker",service="auth"} 0.0' in metrics
    finally:
        platform.broker_proxy.restore()

    async def all_delivered() -> bool:
        found = await api.get(
            "/api/v1/admin/users/search", headers=admin.headers, params={"email": f"outage_{tag}"}
        )
        return found.status_code == 200 and len(found.json()) == 25

    await eventually(all_delivered, timeout=60, interval=0.5)


async def test_a_consumer_killed_mid_stream_redelivers_without_duplicates(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    admin = await create_admin(platform, api)
    tag = uuid.uuid4().hex[:8]

    async def burst() -> None:
        for i in range(40):
            response = await api.post(
                "/api/v1/auth/register",
                json={
                    "email": f"kill_{tag}_{i}@example.com",
                    "password": PASSWORD,
                    "nombre": "N",
                    "apellido": "A",
                    "rol": "CLIENTE",
                },
            )
            assert response.status_code == 201

    task = asyncio.create_task(burst())
    await asyncio.sleep(0.5)
    await asyncio.to_thread(platform.restart, "users", kill=True)
    await task

    async def all_delivered() -> bool:
        found = await api.get(
            "/api/v1/admin/users/search", headers=admin.headers, params={"email": f"kill_{tag}"}
        )
        return found.status_code == 200 and len(found.json()) == 40

    await eventually(all_delivered, timeout=60, interval=0.5)
    dsn = (
        make_url(platform.database_url("users"))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    conn = await asyncpg.connect(dsn)
    try:
        profiles = await conn.fetchval(
            "SELECT count(*) FROM user_profiles WHERE email LIKE $1", f"kill_{tag}_%"
        )
        duplicates = await conn.fetchval(
            "SELECT count(*) FROM (SELECT event_id FROM inbox_events"
            " GROUP BY event_id, handler HAVING count(*) > 1) AS d"
        )
    finally:
        await conn.close()
    assert profiles == 40
    assert duplicates == 0
