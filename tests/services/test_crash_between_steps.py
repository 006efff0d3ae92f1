"""Flows that span steps (a file stored, another service called, then a unit of work), broken between
them: a step that fails, a call that times out and is retried later. What the first step did must be
undone, finished or harmless — no orphan file, no older copy of a person's data written over a newer one.

The failure is injected at the bad point with a patched function (a storage write, a write unit, a call to
another service) on the standalone platform."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from conectar.chat import remote as chat_remote
from conectar.chat.flows import money as chat_money_flows
from conectar.contracts.payments import PaymentStatus, ReleaseRequest
from conectar.payments import repository as payments_repo
from conectar.platform.app import ServiceContext
from conectar.platform.errors import ConcurrentChange, UpstreamError
from conectar.users.flows import profiles as users_profiles
from tests.conftest import image_bytes
from tests.factories import (
    Account,
    approved_professional,
    cbu,
    create_admin,
    open_chat,
    paid_trabajo,
    register,
    trabajo_state,
    wait_state,
)
from tests.services.conftest import Standalone

API = "/api/v1"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


class StoredFiles:
    """Every key a service's storage was asked to write during a test, with a failure on demand."""

    def __init__(self, ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch) -> None:
        self.storage = ctx.storage
        self.written: list[tuple[str, bool]] = []
        self.fail_when: Callable[[str], bool] = lambda _key: False
        real_put = ctx.storage.put

        async def put(key: str, data: bytes, content_type: str, *, public: bool) -> None:
            if self.fail_when(key):
                raise OSError("disco lleno")
            await real_put(key, data, content_type, public=public)
            self.written.append((key, public))

        monkeypatch.setattr(ctx.storage, "put", put)

    def under(self, prefix: str) -> list[tuple[str, bool]]:
        return [(key, public) for key, public in self.written if key.startswith(prefix)]

    async def left(self, prefix: str) -> list[str]:
        """The keys written under ``prefix`` that are still stored."""
        return [key for key, public in self.under(prefix) if await self.storage.exists(key, public=public)]


@pytest.fixture
def files_of(monkeypatch: pytest.MonkeyPatch) -> Callable[[ServiceContext], StoredFiles]:
    return lambda ctx: StoredFiles(ctx, monkeypatch)


async def attempt(request: Awaitable[httpx.Response]) -> httpx.Response | None:
    """The answer to a request that may fail with a 500; None when the in-process transport re-raised the
    failure itself."""
    try:
        return await request
    except (OSError, RuntimeError):
        return None


# --- a late release and the professional's payout account ------------------------------------------


async def test_a_late_release_does_not_put_back_an_older_payout_account(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The release of trabajo 1 times out (payments is away) and stays in flight with the account read
    when the client confirmed; meanwhile the professional changes their account and trabajo 2 is released
    with the new one. When trabajo 1's release finally gets through, the payments service must keep the new
    account: its copy is what a "pay every balance" lote sends the money to."""
    pro = await approved_professional(api, admin)  # account A
    cliente = await register(api, "CLIENTE")
    old_account, new_account = cbu(), cbu(account="0000098765432")
    first = await paid_trabajo(api, cliente, pro.account, "12000.00")
    second = await paid_trabajo(api, cliente, pro.account, "8000.00")
    for trabajo_id in (first, second):
        done = await api.post(
            f"{API}/professional/trabajos/{trabajo_id}/completar", headers=pro.account.headers
        )
        assert done.status_code == 200, done.text

    real_release = chat_remote.release
    away = {uuid.UUID(first)}

    async def release(ctx: ServiceContext, trabajo_id: uuid.UUID, request: ReleaseRequest) -> PaymentStatus:
        if trabajo_id in away:
            raise UpstreamError("El servicio payments no respondió")  # a timeout
        return await real_release(ctx, trabajo_id, request)

    monkeypatch.setattr(chat_remote, "release", release)
    finalized = await api.post(f"{API}/cliente/trabajo/{first}/finalizar", headers=cliente.headers)
    assert finalized.status_code == 200, finalized.text
    assert finalized.json()["estado_escrow"] == "LIBERANDO"  # in flight, asked with account A

    changed = await api.put(
        f"{API}/professional/payout-info", headers=pro.account.headers, json={"payout_account": new_account}
    )
    assert changed.status_code == 200, changed.text
    finalized = await api.post(f"{API}/cliente/trabajo/{second}/finalizar", headers=cliente.headers)
    assert finalized.status_code == 200, finalized.text
    await wait_state(api, cliente, second, "LIBERADO")

    payments = standalone.ctx("payments")
    async with payments.db.session(write=False) as session:
        assert await payments_repo.payout_account(session, pro.account.id) == new_account

    away.clear()  # payments answers again: the queued release of trabajo 1 goes through
    await chat_money_flows.run_pending(standalone.ctx("chat"), uuid.UUID(first))
    assert (await trabajo_state(api, cliente, first))["estado_escrow"] == "LIBERADO"

    async with payments.db.session(write=False) as session:
        copy = await payments_repo.payout_account(session, pro.account.id)
    assert copy != old_account, "the late release wrote the older account over the newer one"
    assert copy == new_account


async def test_a_release_payments_gave_up_for_a_concurrent_change_is_asked_again(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Payments answers a release its database gave up for a concurrent change (the kernel's 409 with
    Retry-After): the money queue asks again, where a 409 that refuses the release would park the trabajo as
    LIBERACION_RECHAZADA for staff."""
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account, "9000.00")
    done = await api.post(f"{API}/professional/trabajos/{trabajo_id}/completar", headers=pro.account.headers)
    assert done.status_code == 200, done.text
    real_release = chat_remote.release
    answers: list[str] = []

    async def release(ctx: ServiceContext, trabajo: uuid.UUID, request: ReleaseRequest) -> PaymentStatus:
        if not answers:
            answers.append("gave up")
            raise ConcurrentChange()
        answers.append("released")
        return await real_release(ctx, trabajo, request)

    monkeypatch.setattr(chat_remote, "release", release)
    finalized = await api.post(f"{API}/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert finalized.status_code == 200, finalized.text
    assert answers == ["gave up"]
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "LIBERANDO"  # still in flight
    await chat_money_flows.run_pending(standalone.ctx("chat"), uuid.UUID(trabajo_id))
    await wait_state(api, cliente, trabajo_id, "LIBERADO")
    assert answers == ["gave up", "released"]


async def test_a_lote_of_every_balance_pays_to_the_account_the_professional_has_now(
    api: httpx.AsyncClient, admin: Account
) -> None:
    """Payments keeps a copy of each professional's payout account, refreshed only when their money moves;
    a lote of every balance pays each one to that copy. A professional who changed their account after
    their last release would have been paid to the old one: the lote refreshes the copies first."""
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account, "10000.00")
    done = await api.post(f"{API}/professional/trabajos/{trabajo_id}/completar", headers=pro.account.headers)
    assert done.status_code == 200, done.text
    finalized = await api.post(f"{API}/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert finalized.status_code == 200, finalized.text
    await wait_state(api, cliente, trabajo_id, "LIBERADO")  # payments' copy: the account of the release

    new_account = cbu(account="0000011223344")
    changed = await api.put(
        f"{API}/professional/payout-info", headers=pro.account.headers, json={"payout_account": new_account}
    )
    assert changed.status_code == 200, changed.text
    lote = await api.post(f"{API}/admin/pagos/retiros/lotes", headers=admin.headers, json={})
    assert lote.status_code == 201, lote.text
    [retiro] = [r for r in lote.json()["retiros"] if r["profesional_id"] == str(pro.account.id)]
    assert retiro["cuenta"] == new_account


# --- files stored before the unit of work that refers to them ------------------------------------------


async def test_an_avatar_whose_profile_write_fails_leaves_no_file(
    standalone: Standalone,
    api: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
    files_of: Callable[[ServiceContext], StoredFiles],
) -> None:
    person = await register(api, "CLIENTE")
    files = files_of(standalone.ctx("users"))

    async def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("la base de datos se cayó")

    monkeypatch.setattr(users_profiles, "publish_updated", broken)
    answer = await attempt(
        api.post(
            f"{API}/users/me/avatar",
            headers=person.headers,
            files={"file": ("yo.png", image_bytes("PNG"), "image/png")},
        )
    )
    assert answer is None or answer.status_code == 500
    assert files.under(f"avatars/{person.id}/"), "the avatar was stored before the write"
    assert await files.left(f"avatars/{person.id}/") == []
    me = await api.get(f"{API}/users/me", headers=person.headers)
    assert me.json()["avatar_url"] is None


async def test_a_portfolio_image_whose_thumbnail_cannot_be_stored_leaves_no_file(
    standalone: Standalone,
    api: httpx.AsyncClient,
    files_of: Callable[[ServiceContext], StoredFiles],
) -> None:
    pro = await register(api, "PROFESIONAL")
    item = await api.post(
        f"{API}/professional/portfolio", headers=pro.headers, json={"titulo": "Baño", "descripcion": ""}
    )
    assert item.status_code == 201, item.text
    item_id = item.json()["id"]
    files = files_of(standalone.ctx("professionals"))
    files.fail_when = lambda key: key.startswith("portfolio/") and "-thumb." in key

    answer = await attempt(
        api.post(
            f"{API}/professional/portfolio/{item_id}/image",
            headers=pro.headers,
            files={"file": ("obra.png", image_bytes("PNG"), "image/png")},
        )
    )
    assert answer is None or answer.status_code == 500
    assert files.under("portfolio/"), "the full image was stored before the thumbnail failed"
    assert await files.left("portfolio/") == []
    mine = await api.get(f"{API}/professional/portfolio", headers=pro.headers)
    assert [i["imagenes"] for i in mine.json() if i["id"] == item_id] == [[]]


async def test_a_chat_attachment_whose_thumbnail_cannot_be_stored_leaves_no_file(
    standalone: Standalone,
    api: httpx.AsyncClient,
    files_of: Callable[[ServiceContext], StoredFiles],
) -> None:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    files = files_of(standalone.ctx("chat"))
    files.fail_when = lambda key: key.startswith(f"chat/{chat_id}/") and "thumb" in key

    answer = await attempt(
        api.post(
            f"{API}/chat/{chat_id}/adjuntos",
            headers=cliente.headers,
            files={"file": ("foto.png", image_bytes("PNG"), "image/png")},
        )
    )
    assert answer is None or answer.status_code == 500
    assert files.under(f"chat/{chat_id}/"), "the attachment was stored before its thumbnail failed"
    assert await files.left(f"chat/{chat_id}/") == []
    messages = await api.get(f"{API}/chat/messages/{chat_id}", headers=cliente.headers)
    assert all(m["tipo"] != "adjunto" for m in messages.json())
