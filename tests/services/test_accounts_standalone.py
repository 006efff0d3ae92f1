"""Auth and users in standalone mode: the whole platform in one process behind its gateway."""

from __future__ import annotations

import asyncio
import contextvars
import json
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import func, select, update

from conectar.admin import create_admin_account, rotate_signing_key
from conectar.auth.models import PasswordResetToken
from conectar.auth.models import tables as auth_tables
from conectar.contracts.events import (
    ChatBanLifted,
    ChatInfractionRecorded,
    EventEnvelope,
    KycApproved,
    KycSubmitted,
    UserBanned,
    UserRegistered,
)
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError
from conectar.platform.security import JWKS_MIN_REFRESH_SECONDS
from conectar.users.models import UserProfile
from conectar.users.models import tables as users_tables
from tests.conftest import image_bytes, unique_email
from tests.factories import PASSWORD, eventually, login, register
from tests.services.conftest import Standalone, running_standalone


async def test_profile_exists_at_once_and_events_fill_the_copy(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    email = unique_email("cliente")
    created = await api.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "nombre": "Ana", "apellido": "Pérez", "rol": "CLIENTE"},
    )
    assert created.status_code == 201, created.text
    tokens = await login(api, email)
    me = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {**created.json(), "avatar_url": None, "telefono": None}
    users = standalone.ctx("users")

    async def inbox_has_it() -> bool:
        async with users.db.session(write=False) as session:
            count = await session.execute(
                select(func.count())
                .select_from(users_tables.inbox)
                .where(users_tables.inbox.c.type == "UserRegistered")
            )
            return bool(count.scalar_one())

    await eventually(inbox_has_it)


async def test_an_event_delivered_twice_takes_effect_once(standalone: Standalone) -> None:
    user_id = uuid.uuid4()
    event = UserRegistered(
        user_id=user_id,
        email=unique_email(),
        nombre="Dos",
        apellido="Veces",
        rol="CLIENTE",
        fecha_creacion=utcnow(),
    )
    envelope = await standalone.publish(event, producer="auth")
    await standalone.host.infra.bus.publish([envelope])
    users = standalone.ctx("users")

    async def handled() -> bool:
        async with users.db.session(write=False) as session:
            rows = await session.execute(select(UserProfile).where(UserProfile.id == user_id))
            return rows.scalar_one_or_none() is not None

    await eventually(handled)
    await asyncio.sleep(0.3)
    async with users.db.session(write=False) as session:
        inbox = await session.execute(
            select(func.count())
            .select_from(users_tables.inbox)
            .where(users_tables.inbox.c.event_id == envelope.id)
        )
        assert inbox.scalar_one() == 1


async def test_status_copies_follow_events_and_ignore_late_ones(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    user = await register(api, "PROFESIONAL")
    user_id = user.id
    await api.get("/api/v1/users/me", headers=user.headers)
    await standalone.publish(
        ChatInfractionRecorded(user_id=user_id, infracciones_chat=3, is_chat_banned=True)
    )
    await standalone.publish(KycSubmitted(profesional_id=uuid.uuid4(), user_id=user_id, documentos=2))

    async def banned_in_chat() -> bool:
        body = (await api.get("/api/v1/users/me", headers=user.headers)).json()
        return bool(body["is_chat_banned"] and body["infracciones_chat"] == 3)

    await eventually(banned_in_chat)
    await standalone.publish(ChatBanLifted(user_id=user_id))

    async def lifted() -> bool:
        body = (await api.get("/api/v1/users/me", headers=user.headers)).json()
        return body["is_chat_banned"] is False and body["infracciones_chat"] == 0

    await eventually(lifted)
    # A ban that happened before the latest status change, delivered late, must not undo it.
    users = standalone.ctx("users")
    async with users.db.session() as session:
        profile = await session.get(UserProfile, user_id)
        assert profile is not None
        profile.account_status_at = utcnow()
    late = UserBanned(user_id=user_id, banned_at=utcnow() - timedelta(hours=1))
    stale = EventEnvelope(
        id=uuid.uuid4(),
        type="UserBanned",
        occurred_at=utcnow() - timedelta(hours=1),
        producer="auth",
        payload=json.loads(late.model_dump_json()),
    )
    await standalone.host.infra.bus.publish([stale])

    async def seen() -> bool:
        async with users.db.session(write=False) as session:
            inbox = users_tables.inbox
            found = await session.execute(
                select(func.count()).select_from(inbox).where(inbox.c.event_id == stale.id)
            )
            return bool(found.scalar_one())

    await eventually(seen)
    assert (await api.get("/api/v1/users/me", headers=user.headers)).json()["is_active"] is True


async def test_admin_metrics_count_kyc_copies(
    standalone: Standalone, api: httpx.AsyncClient, tmp_path: Any
) -> None:
    admin_email = unique_email("admin")
    await create_admin_account(
        standalone.settings, email=admin_email, password=PASSWORD, nombre="A", apellido="D"
    )
    tokens = (
        await api.post("/api/v1/auth/login", data={"username": admin_email, "password": PASSWORD})
    ).json()
    admin = {"Authorization": f"Bearer {tokens['access_token']}"}
    me = (await api.get("/api/v1/users/me", headers=admin)).json()
    assert me["rol"] == "ADMIN"
    assert me["es_admin"] is True
    before = (await api.get("/api/v1/admin/metrics/users", headers=admin)).json()
    pro = await register(api, "PROFESIONAL")
    await api.get("/api/v1/users/me", headers=pro.headers)
    await standalone.publish(KycSubmitted(profesional_id=uuid.uuid4(), user_id=pro.id, documentos=1))

    async def pending() -> bool:
        now = (await api.get("/api/v1/admin/metrics/users", headers=admin)).json()
        return bool(now["total_pro_pendientes_kyc"] == before["total_pro_pendientes_kyc"] + 1)

    await eventually(pending)
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))

    async def approved() -> bool:
        now = (await api.get("/api/v1/admin/metrics/users", headers=admin)).json()
        return bool(
            now["total_pro_aprobados"] == before["total_pro_aprobados"] + 1
            and now["total_pro_pendientes_kyc"] == before["total_pro_pendientes_kyc"]
            and now["total_profesionales"] == before["total_profesionales"] + 1
        )

    await eventually(approved)


async def test_partial_update_and_phone_validation(api: httpx.AsyncClient) -> None:
    account = await register(api, apellido="Pérez")
    first = await api.put("/api/v1/users/me", headers=account.headers, json={"nombre": "  Juana  "})
    assert first.json()["nombre"] == "Juana"
    assert first.json()["apellido"] == "Pérez"
    assert (
        await api.put("/api/v1/users/me", headers=account.headers, json={"telefono": "12"})
    ).status_code == 400
    assert (
        await api.put("/api/v1/users/me", headers=account.headers, json={"telefono": "+54 9 351 555-1234"})
    ).json()["telefono"] == "+5493515551234"
    cleared = await api.put("/api/v1/users/me", headers=account.headers, json={"telefono": None})
    assert cleared.json()["telefono"] is None
    assert (
        await api.put("/api/v1/users/me", headers=account.headers, json={"apellido": "x" * 101})
    ).status_code == 422


async def test_avatar_rules(standalone: Standalone, api: httpx.AsyncClient) -> None:
    user = await register(api)
    for fmt, mime in (("PNG", "image/png"), ("GIF", "image/gif"), ("WEBP", "image/webp")):
        response = await api.post(
            "/api/v1/users/me/avatar",
            headers=user.headers,
            files={"file": (f"a.{fmt.lower()}", image_bytes(fmt), mime)},
        )
        assert response.status_code == 200, response.text
    url = response.json()["avatar_url"]
    assert url.startswith("/media/avatars/")
    assert str(user.id) in url
    # The previous avatar's file is gone, the new one is served.
    media = standalone.settings.data_dir / "media" / "avatars" / str(user.id)
    assert len(list(media.iterdir())) == 1
    assert (await api.get(url)).status_code == 200
    # A lying content type does not help; nor does a big file.
    lie = await api.post(
        "/api/v1/users/me/avatar",
        headers=user.headers,
        files={"file": ("a.jpg", b"GIF89a" + b"0" * 50, "image/jpeg")},
    )
    assert lie.status_code == 400
    huge = await api.post(
        "/api/v1/users/me/avatar",
        headers=user.headers,
        files={"file": ("big.jpg", b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024 + 10), "image/jpeg")},
    )
    assert huge.status_code == 400
    assert "5 MB" in huge.json()["detail"]
    missing = await api.post("/api/v1/users/me/avatar", headers=user.headers)
    assert missing.status_code == 422


async def test_expired_reset_tokens_are_refused(standalone: Standalone, api: httpx.AsyncClient) -> None:
    user = await register(api)
    assert (await api.post("/api/v1/auth/forgot-password", json={"email": user.email})).status_code == 200
    auth = standalone.ctx("auth")
    async with auth.db.session(write=False) as session:
        rows = (
            (
                await session.execute(
                    select(auth_tables.outbox.c.payload).where(
                        auth_tables.outbox.c.type == "PasswordResetRequested"
                    )
                )
            )
            .scalars()
            .all()
        )
    payload = next(p for p in rows if p["user_id"] == str(user.id))
    token = httpx.URL(payload["reset_url"]).params["token"]
    async with auth.db.session() as session:
        await session.execute(update(PasswordResetToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "nueva-clave-99"}
    )
    assert expired.status_code == 400
    assert expired.json()["detail"] == "Token inválido o expirado"
    assert (
        await api.post(
            "/api/v1/auth/reset-password", json={"token": "inventado", "new_password": "nueva-clave-99"}
        )
    ).status_code == 400


class StepRecorder:
    """What the auth service does for one forgot-password request, in order, with ``answer`` where the
    response's last byte was sent. Only the request's own task (and what it starts) is recorded, never the
    service's workers running meanwhile."""

    def __init__(self) -> None:
        self.current: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("steps", default=None)

    def step(self, name: str) -> None:
        steps = self.current.get()
        if steps is not None:
            steps.append(name)

    def wrap(self, name: str, fn: Any) -> Any:
        def label(args: tuple[Any, ...]) -> str:
            return f"{name} {type(args[1]).__name__}" if name == "outbox.add" else name

        if asyncio.iscoroutinefunction(fn):

            async def recorded_async(*args: Any, **kwargs: Any) -> Any:
                self.step(label(args))
                return await fn(*args, **kwargs)

            return recorded_async

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self.step(label(args))
            return fn(*args, **kwargs)

        return recorded

    async def post(self, app: Any, path: str, body: dict[str, Any]) -> tuple[int, list[str]]:
        """One request straight to the service's ASGI app (a test client would hide when it answered)."""
        raw = json.dumps(body).encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [
                (b"host", b"testserver"),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(raw)).encode()),
            ],
            "client": ("203.0.113.10", 40000),
            "server": ("testserver", 80),
        }
        answered = asyncio.Event()
        status = 0
        steps: list[str] = []
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": raw, "more_body": False}
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body" and not message.get("more_body", False):
                steps.append("answer")
                answered.set()

        token = self.current.set(steps)
        try:
            await app(scope, receive, send)
        finally:
            self.current.reset(token)
        return status, steps


async def test_forgot_password_does_the_same_before_answering_whether_or_not_the_account_exists(
    standalone: Standalone, api: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing that depends on the account runs before the answer, so its time tells nothing (the
    medians are measured by bench/forgot_password.py; timing has no place in tests)."""
    from conectar.auth import flows as auth_flows
    from conectar.auth import repository as auth_repo

    user = await register(api)
    auth = standalone.ctx("auth")
    recorder = StepRecorder()
    monkeypatch.setattr(auth.limiter, "check", recorder.wrap("limiter", auth.limiter.check))
    monkeypatch.setattr(auth.db, "session", recorder.wrap("db.session", auth.db.session))
    monkeypatch.setattr(auth.outbox, "add", recorder.wrap("outbox.add", auth.outbox.add))
    for name in ("new_opaque_token", "token_hash"):
        monkeypatch.setattr(auth_flows, name, recorder.wrap(name, getattr(auth_flows, name)))
    monkeypatch.setattr(
        auth_repo, "account_by_email", recorder.wrap("account_by_email", auth_repo.account_by_email)
    )
    app = standalone.host.services["auth"]
    path = "/api/v1/auth/forgot-password"
    known_status, known = await recorder.post(app, path, {"email": user.email.upper()})
    unknown_status, unknown = await recorder.post(app, path, {"email": unique_email("nadie")})
    assert known_status == unknown_status == 200
    known_before, known_after = known[: known.index("answer")], known[known.index("answer") + 1 :]
    unknown_before, unknown_after = unknown[: unknown.index("answer")], unknown[unknown.index("answer") + 1 :]
    assert known_before == unknown_before
    assert "account_by_email" not in known_before
    assert "db.session" not in known_before
    assert "new_opaque_token" in known_before
    assert "token_hash" in known_before
    # After the answer: the lookup for both; the reset link handed to the outbox only for the account.
    assert "account_by_email" in known_after
    assert "account_by_email" in unknown_after
    assert "outbox.add PasswordResetRequested" in known_after
    assert not [s for s in unknown_after if s.startswith("outbox.add")]
    async with auth.db.session(write=False) as session:
        stored = (
            await session.execute(
                select(func.count())
                .select_from(PasswordResetToken)
                .where(PasswordResetToken.account_id == user.id)
            )
        ).scalar_one()
    assert stored == 1


async def test_key_rotation_keeps_old_tokens_valid(standalone: Standalone, api: httpx.AsyncClient) -> None:
    account = await register(api)
    old_kid = jwt.get_unverified_header(account.access_token)["kid"]
    new_kid = await rotate_signing_key(standalone.settings)
    standalone.ctx("auth").extras["keyring"].forget()
    jwks = (await api.get("/api/v1/.well-known/jwks.json")).json()
    assert {k["kid"] for k in jwks["keys"]} >= {old_kid, new_kid}
    assert all(k["alg"] == "EdDSA" and "d" not in k for k in jwks["keys"])
    assert (await api.get("/api/v1/users/me", headers=account.headers)).status_code == 200
    fresh = (await api.post("/api/v1/auth/refresh", json={"refresh_token": account.refresh_token})).json()
    assert jwt.get_unverified_header(fresh["access_token"])["kid"] == new_kid
    for service in ("users", "auth"):
        standalone.ctx(service).verifier.verifier._fetched_at = 0.0  # type: ignore[attr-defined]
    # The gateway learns a new key id at most once a second: run first, this test could otherwise land
    # within a second of the gateway's first JWKS fetch (a 401 that depends on the test order).
    await asyncio.sleep(JWKS_MIN_REFRESH_SECONDS)
    refreshed = {"Authorization": f"Bearer {fresh['access_token']}"}
    assert (await api.get("/api/v1/users/me", headers=refreshed)).status_code == 200
    claims = jwt.decode(fresh["access_token"], options={"verify_signature": False})
    assert set(claims) >= {"sub", "rol", "jti", "iat", "exp", "iss", "aud"}


async def test_create_admin_refuses_a_taken_email(standalone: Standalone, api: httpx.AsyncClient) -> None:
    user = await register(api)
    with pytest.raises(BusinessRuleError, match="ya está registrado"):
        await create_admin_account(
            standalone.settings, email=user.email, password=PASSWORD, nombre="X", apellido="Y"
        )


async def test_health_and_request_ids(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/v1/users/me", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 401
    assert response.headers["x-request-id"] == "req-123"
    generated = await api.get("/api/v1/users/me")
    assert len(generated.headers["x-request-id"]) >= 16


async def test_a_weak_hash_is_upgraded_at_login(standalone: Standalone, api: httpx.AsyncClient) -> None:
    from argon2 import PasswordHasher

    from conectar.auth import repository as auth_repo
    from conectar.auth.flows import create_account
    from conectar.auth.passwords import needs_rehash
    from conectar.contracts.identity import Rol

    auth = standalone.ctx("auth")
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    email = unique_email("weak")
    await create_account(
        auth, email=email, password=PASSWORD, nombre="W", apellido="H", rol=Rol.CLIENTE, password_hash=weak
    )
    assert (
        await api.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})
    ).status_code == 200
    async with auth.db.session(write=False) as session:
        account = await auth_repo.account_by_email(session, email)
    assert account is not None
    assert account.password_hash != weak
    assert not needs_rehash(account.password_hash)
    assert (
        await api.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})
    ).status_code == 200


async def test_admin_search_returns_at_most_fifty(standalone: Standalone, api: httpx.AsyncClient) -> None:
    from conectar.auth.flows import create_account
    from conectar.auth.passwords import hash_password
    from conectar.contracts.identity import Rol

    auth = standalone.ctx("auth")
    shared = await hash_password(PASSWORD)
    tag = uuid.uuid4().hex[:8]
    for i in range(53):
        await create_account(
            auth,
            email=f"muchos_{tag}_{i}@example.com",
            password=PASSWORD,
            nombre="M",
            apellido="U",
            rol=Rol.CLIENTE,
            password_hash=shared,
        )
    admin_email = unique_email("admin")
    await create_admin_account(
        standalone.settings, email=admin_email, password=PASSWORD, nombre="A", apellido="D"
    )
    tokens = (
        await api.post("/api/v1/auth/login", data={"username": admin_email, "password": PASSWORD})
    ).json()
    admin = {"Authorization": f"Bearer {tokens['access_token']}"}

    async def all_copied() -> bool:
        page = (await api.get("/api/v1/admin/users", headers=admin, params={"limit": 100})).json()
        return sum(tag in u["email"] for u in page["users"]) == 53

    await eventually(all_copied)
    found = await api.get("/api/v1/admin/users/search", headers=admin, params={"email": f"MUCHOS_{tag}"})
    assert found.status_code == 200
    assert len(found.json()) == 50


async def test_failed_logins_from_one_address_are_throttled_across_accounts(tmp_path: Path) -> None:
    async with running_standalone(
        tmp_path, rate_limit_enabled=True, login_failures_per_address=5, rate_limit_auth_per_minute=1000
    ) as platform:
        api = platform.client
        statuses = []
        for _ in range(7):
            response = await api.post(
                "/api/v1/auth/login", data={"username": unique_email(), "password": "adivinando"}
            )
            statuses.append(response.status_code)
        assert statuses[:5] == [401] * 5
        assert statuses[5:] == [429, 429]
        assert int(response.headers["Retry-After"]) > 0
