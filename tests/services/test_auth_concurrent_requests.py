"""The auth service on PostgreSQL under concurrent requests: two registrations of one e-mail, two reset
links used at once, a refresh racing a password reset or a ban, and a login racing a reset or a ban. Each
ends in the SPEC's answer (never a 500 from a deadlock or a unique violation) and no session outlives the
reset or the ban that should have ended it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, text

from conectar.auth import app as auth_app
from conectar.auth import flows
from conectar.auth import repository as auth_repo
from conectar.auth.models import Account
from conectar.auth.passwords import verify_password
from conectar.auth.service import start_session
from conectar.platform.app import ServiceContext, create_service_app
from conectar.platform.audit import Actor
from conectar.platform.db import Database
from conectar.platform.errors import BusinessRuleError
from conectar.platform.infra import build_infrastructure
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES
from tests.conftest import standalone_settings, unique_email

pytestmark = pytest.mark.postgres

API = "/api/v1/auth"
PASSWORD = "clave-segura-123"
NEW_PASSWORD = "otra-clave-456"


@dataclass
class Auth:
    ctx: ServiceContext
    api: httpx.AsyncClient
    pg_url: str

    async def register(self, email: str | None = None) -> tuple[str, uuid.UUID]:
        email = email or unique_email("auth")
        body = {"email": email, "password": PASSWORD, "nombre": "Ana", "apellido": "Pérez", "rol": "CLIENTE"}
        response = await self.api.post(f"{API}/register", json=body)
        assert response.status_code == 201, response.text
        return email, uuid.UUID(response.json()["id"])

    async def login(self, email: str, password: str = PASSWORD) -> httpx.Response:
        return await self.api.post(f"{API}/login", data={"username": email, "password": password})

    async def tokens(self, email: str) -> dict[str, Any]:
        response = await self.login(email)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def refresh(self, refresh_token: str) -> httpx.Response:
        return await self.api.post(f"{API}/refresh", json={"refresh_token": refresh_token})

    async def reset_token(self, email: str) -> str:
        pending = await flows.request_password_reset(self.ctx, email)
        assert pending is not None
        await flows.send_reset_link(self.ctx, pending)
        return pending.token

    async def reset(self, token: str, new_password: str = NEW_PASSWORD) -> httpx.Response:
        return await self.api.post(
            f"{API}/reset-password", json={"token": token, "new_password": new_password}
        )

    async def waiting_for_a_lock(self) -> None:
        """Until some other connection of this database waits for a row lock."""
        watcher = Database(self.pg_url)
        try:
            for _ in range(200):
                async with watcher.session(write=False) as session:
                    waiting = await session.scalar(
                        select(func.count())
                        .select_from(text("pg_stat_activity"))
                        .where(
                            text("datname = current_database()"),
                            text("wait_event_type = 'Lock'"),
                        )
                    )
                if waiting:
                    return
                await asyncio.sleep(0.02)
        finally:
            await watcher.dispose()
        raise AssertionError("nobody waited for a lock")


@pytest.fixture
async def auth(pg_url: str, tmp_path: Path) -> AsyncIterator[Auth]:
    await asyncio.to_thread(upgrade, SERVICES["auth"].migrations, pg_url)
    settings = standalone_settings(tmp_path, auth_database_url=pg_url)
    infra = build_infrastructure(settings, in_process=True)
    app = create_service_app(auth_app.DEFINITION, infra)
    ctx: ServiceContext = app.state.ctx
    await auth_app._startup(ctx)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://auth.test", timeout=30) as client:
        try:
            yield Auth(ctx=ctx, api=client, pg_url=pg_url)
        finally:
            await ctx.db.dispose()


def held_until(
    release: asyncio.Event, original: Callable[..., Awaitable[Any]], reached: asyncio.Event | None = None
) -> Callable[..., Awaitable[Any]]:
    """``original``, made to wait for ``release`` (after setting ``reached``) before it runs."""

    async def held(*args: Any, **kwargs: Any) -> Any:
        if reached is not None:
            reached.set()
        await release.wait()
        return await original(*args, **kwargs)

    return held


async def test_the_same_email_registered_twice_at_once(auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both requests pass the "not registered yet" check; the second is told so (400), not a 500."""
    checked = asyncio.Barrier(2)
    account_by_email = auth_repo.account_by_email

    async def both_checked(*args: Any, **kwargs: Any) -> Any:
        found = await account_by_email(*args, **kwargs)
        await asyncio.wait_for(checked.wait(), 5)
        return found

    monkeypatch.setattr(auth_repo, "account_by_email", both_checked)
    email = unique_email("doble")
    body = {"email": email, "password": PASSWORD, "nombre": "Ana", "apellido": "Pérez", "rol": "CLIENTE"}
    answers = await asyncio.gather(*(auth.api.post(f"{API}/register", json=body) for _ in range(2)))
    assert sorted(a.status_code for a in answers) == [201, 400], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 400)
    assert refused.json() == {"detail": "El email ya está registrado"}
    async with auth.ctx.db.session(write=False) as session:
        assert await session.scalar(select(func.count()).where(Account.email == email)) == 1


async def test_two_reset_links_of_one_account_used_at_once(
    auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The person asked twice and opens both links at once: one reset wins, the other link is spent
    ("Token inválido o expirado", 400), never a deadlock (500)."""
    email, _ = await auth.register()
    first, second = await auth.reset_token(email), await auth.reset_token(email)
    found = asyncio.Barrier(2)
    reset_by_hash = auth_repo.reset_by_hash

    async def both_found(*args: Any, **kwargs: Any) -> Any:
        # Where both requests have read their own link, before either touches the account.
        reset = await reset_by_hash(*args, **kwargs)
        # The fixed flow reads the second link only once the first reset has committed: no meeting then.
        with contextlib.suppress(TimeoutError, asyncio.BrokenBarrierError):
            await asyncio.wait_for(found.wait(), 2)
        return reset

    monkeypatch.setattr(auth_repo, "reset_by_hash", both_found)
    answers = await asyncio.gather(
        auth.reset(first, "primera-clave-1"), auth.reset(second, "segunda-clave-2")
    )
    assert sorted(a.status_code for a in answers) == [200, 400], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 400)
    assert refused.json() == {"detail": "Token inválido o expirado"}
    winner = "primera-clave-1" if answers[0].status_code == 200 else "segunda-clave-2"
    assert (await auth.login(email, winner)).status_code == 200


@pytest.mark.parametrize("ending", ["reset", "ban"])
async def test_a_refresh_racing_a_reset_or_a_ban(
    auth: Auth, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """A device refreshes while the person resets the password (or an admin bans the account): the refresh
    either ends before (and its new link is revoked with the rest) or after (and is refused); neither
    request fails with a deadlock, and no refresh token of the old session works afterwards."""
    email, user_id = await auth.register()
    session = await auth.tokens(email)
    token = await auth.reset_token(email) if ending == "reset" else ""
    release, reached = asyncio.Event(), asyncio.Event()
    # The refresh has locked its link and is about to write the next one.
    monkeypatch.setattr(flows, "start_session", held_until(release, start_session, reached))
    refreshing = asyncio.create_task(auth.refresh(session["refresh_token"]))
    await asyncio.wait_for(reached.wait(), 5)
    ending_task: asyncio.Task[Any]
    if ending == "reset":
        ending_task = asyncio.create_task(auth.reset(token))
    else:
        admin = Actor(user_id=uuid.uuid4())
        ending_task = asyncio.create_task(flows.ban(auth.ctx, user_id, admin))
    await auth.waiting_for_a_lock()
    release.set()
    outcomes: tuple[Any, Any] = await asyncio.gather(refreshing, ending_task, return_exceptions=True)
    refreshed, ended = outcomes
    assert isinstance(refreshed, httpx.Response), refreshed
    assert refreshed.status_code in (200, 401), refreshed.text
    if ending == "reset":
        assert isinstance(ended, httpx.Response), ended
        assert ended.status_code == 200, ended.text
    else:
        assert isinstance(ended, Account), ended
    if refreshed.status_code == 200:
        again = await auth.refresh(refreshed.json()["refresh_token"])
        assert again.status_code == 401, again.text
        assert await auth.ctx.revocations.is_revoked(_jti(refreshed.json()["access_token"]))


@pytest.mark.parametrize("ending", ["reset", "ban"])
async def test_a_login_racing_a_reset_or_a_ban(
    auth: Auth, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """The old password is checked (slowly, on purpose) while the reset or the ban commits: the login must
    not open a session afterwards with what is no longer the password, or for a suspended account."""
    email, user_id = await auth.register()
    release, reached = asyncio.Event(), asyncio.Event()
    monkeypatch.setattr(flows, "verify_password", held_until(release, verify_password, reached))
    logging_in = asyncio.create_task(auth.login(email))
    await asyncio.wait_for(reached.wait(), 5)
    monkeypatch.undo()
    if ending == "reset":
        reset = await auth.reset(await auth.reset_token(email))
        assert reset.status_code == 200, reset.text
    else:
        await flows.ban(auth.ctx, user_id, Actor(user_id=uuid.uuid4()))
    release.set()
    answer = await logging_in
    assert answer.status_code == 401, answer.text
    if ending == "reset":
        assert answer.json() == {"detail": flows.INVALID_CREDENTIALS}
    else:
        assert answer.json() == {"detail": "La cuenta está suspendida"}


def _jti(access_token: str) -> str:
    import jwt

    claims: dict[str, Any] = jwt.decode(access_token, options={"verify_signature": False})
    return str(claims["jti"])


async def test_a_logout_racing_a_refresh_of_the_same_session(
    auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One tab logs out (with its access token only) while another refreshes the same session: the
    session ends, including the link the refresh was writing."""
    email, _ = await auth.register()
    session = await auth.tokens(email)
    release, reached = asyncio.Event(), asyncio.Event()
    monkeypatch.setattr(flows, "start_session", held_until(release, start_session, reached))
    refreshing = asyncio.create_task(auth.refresh(session["refresh_token"]))
    await asyncio.wait_for(reached.wait(), 5)
    headers = {"Authorization": f"Bearer {session['access_token']}"}
    logging_out = asyncio.create_task(auth.api.post(f"{API}/logout", headers=headers))
    await auth.waiting_for_a_lock()
    release.set()
    refreshed, logged_out = await asyncio.gather(refreshing, logging_out)
    assert logged_out.status_code == 200, logged_out.text
    assert refreshed.status_code in (200, 401), refreshed.text
    if refreshed.status_code == 200:
        again = await auth.refresh(refreshed.json()["refresh_token"])
        assert again.status_code == 401, again.text
        assert await auth.ctx.revocations.is_revoked(_jti(refreshed.json()["access_token"]))


async def test_a_change_of_password_racing_a_reset(auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone who knows the old password changes it while the owner resets it: the change, checked
    against a password that is no longer the account's, is refused and the reset's password stays."""
    email, user_id = await auth.register()
    release, reached = asyncio.Event(), asyncio.Event()
    monkeypatch.setattr(flows, "verify_password", held_until(release, verify_password, reached))
    changing = asyncio.create_task(
        flows.change_password(
            auth.ctx, user_id, current=PASSWORD, new="del-intruso-789", keep_session_jti=None
        )
    )
    await asyncio.wait_for(reached.wait(), 5)
    monkeypatch.undo()
    reset = await auth.reset(await auth.reset_token(email))
    assert reset.status_code == 200, reset.text
    release.set()
    with pytest.raises(BusinessRuleError) as refused:
        await changing
    assert refused.value.detail == "La contraseña actual es incorrecta"
    assert (await auth.login(email, NEW_PASSWORD)).status_code == 200
    assert (await auth.login(email, "del-intruso-789")).status_code == 401
