"""Requests that race in the chat service on PostgreSQL (READ COMMITTED): the whole platform in this
process, the chat service on its own PostgreSQL database (the others on SQLite), driven through the public
API. Where the race needs one request held at the bad point, a patched function holds it there.

Each case is a check-then-act or a lock order that two people (or a person and a timer) can hit at the same
moment; each must end in the clear 4xx of SPEC, never in a 500 (deadlock, unique or check violation)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from conectar import devstack
from conectar.chat import disputes, ofertas
from conectar.chat import repository as chat_repo
from conectar.chat.personal_data import erase as erase_chat_part
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES
from tests.databases import someone_waits_for_a_lock
from tests.factories import (
    PDF,
    Account,
    approved_professional,
    create_admin,
    deletion_requested,
    offer,
    open_chat,
    paid_trabajo,
    post_offer,
    register,
)
from tests.servers import serve
from tests.services.conftest import POSTGRES, LiveStandalone, _free_port, running_standalone
from tests.services.test_chat_pedidos import new_pedido, pro_near, quote
from tests.services.test_professionals_support import create_oficio

pytestmark = pytest.mark.postgres

API = "/api/v1"


@pytest.fixture(scope="module")
def chat_pg_url() -> Iterator[str]:
    """A PostgreSQL database for this module's chat service, migrated."""
    url = f"{POSTGRES}/conectar_t_{uuid.uuid4().hex[:12]}"
    env = {"CONECTAR_TEST_DATABASE_URL": url}
    devstack.ensure_databases(env, ["test"])
    try:
        upgrade(SERVICES["chat"].migrations, url)
        yield url
    finally:
        devstack.drop_databases(env, ["test"])


@pytest.fixture(scope="module")
async def pg_live(
    tmp_path_factory: pytest.TempPathFactory, chat_pg_url: str
) -> AsyncIterator[LiveStandalone]:
    """The platform on a real socket (the sandbox checkout's webhooks), its chat service on PostgreSQL."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    async with (
        running_standalone(
            tmp_path_factory.mktemp("pg-live"), port=port, public_url=base_url, chat_database_url=chat_pg_url
        ) as platform,
        serve(platform.host, port=port),
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
    ):
        live = LiveStandalone(
            host=platform.host, settings=platform.settings, client=client, base_url=base_url
        )
        assert not live.ctx("chat").db.sqlite
        yield live


async def offer_state(live: LiveStandalone, oferta_id: uuid.UUID) -> str:
    async with live.ctx("chat").db.session(write=False) as session:
        found = await chat_repo.oferta(session, oferta_id)
    assert found is not None
    return str(found.estado)


@pytest.fixture(scope="module")
async def admin(pg_live: LiveStandalone) -> Account:
    return await create_admin(pg_live.settings, pg_live.client)


async def test_accepting_an_offer_of_a_pedido_while_another_is_withdrawn(
    pg_live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client accepts one offer of a pedido (the others are rejected) while another professional
    withdraws theirs: the accept wins (200) and the withdrawal finds the offer already rejected (400),
    never a deadlock (500). The withdrawal is held right after it locked its offer, until the accept has
    locked the people and reaches the pedido's other offers."""
    api = pg_live.client
    oficio = await create_oficio(api, admin)
    cliente = await register(api, "CLIENTE")
    pros = [await pro_near(api, admin, oficio["id"]) for _ in range(2)]
    pedido = await new_pedido(api, cliente, oficio["id"])
    sent = []
    for pro in pros:
        response = await quote(api, pro, pedido["id"])
        assert response.status_code == 201, response.text
        sent.append(response.json())
    chosen, other = sent
    other_id = uuid.UUID(other["id"])

    oferta = chat_repo.oferta
    withdrawal_holds = asyncio.Event()
    chat_db = pg_live.ctx("chat").db

    async def held_after_locking(
        session: Any, oferta_id: uuid.UUID, *, lock: bool = False, **kwargs: Any
    ) -> Any:
        found = await oferta(session, oferta_id, lock=lock, **kwargs)
        if lock and oferta_id == other_id and not withdrawal_holds.is_set():
            # The withdrawal holds the offer (and, locked in the pedido's order, the pedido): held until the
            # accept is blocked — on the pedido, or (the offer locked before its pedido) on this offer's row,
            # after the pedido and the people, which is where the two deadlocked.
            withdrawal_holds.set()
            await someone_waits_for_a_lock(chat_db, timeout=10)
        return found

    monkeypatch.setattr(chat_repo, "oferta", held_after_locking)

    async def withdraw() -> httpx.Response:
        return await api.post(f"{API}/professional/ofertas/{other['id']}/cancelar", headers=pros[1].headers)

    async def accept() -> httpx.Response:
        await asyncio.wait_for(withdrawal_holds.wait(), 10)
        return await api.post(f"{API}/cliente/ofertas/{chosen['id']}/accept", headers=cliente.headers)

    withdrawn, accepted = await asyncio.gather(withdraw(), accept())
    assert accepted.status_code == 200, accepted.text  # not the database's deadlock (a 500)
    # Whichever took the pedido first: withdrawn before the award, or rejected by it (400 to withdraw).
    assert withdrawn.status_code in (200, 400), withdrawn.text
    final = await offer_state(pg_live, other_id)
    assert final == ("CANCELADO" if withdrawn.status_code == 200 else "RECHAZADO")


async def client_after(api: httpx.AsyncClient, pro: Account) -> Account:
    """A new client whose user id sorts after ``pro``'s (people are locked in id order)."""
    while True:
        cliente = await register(api, "CLIENTE")
        if cliente.id > pro.id:
            return cliente


@pytest.mark.parametrize("sends", ["message", "offer"])
@pytest.mark.parametrize("closing", ["accept", "cancel"])
async def test_a_pedido_closing_while_a_professional_writes_to_its_client(
    pg_live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch, closing: str, sends: str
) -> None:
    """The client accepts one offer of a pedido (or cancels the pedido): every other offer is rejected,
    each in its conversation. Meanwhile another professional who quoted it sends the client a message, or a
    direct offer, in that conversation. Both succeed, never a deadlock (500 or 409): the pedido's people are
    locked together, in id order, before the first of them (one by one, the rejection of the second offer
    waited for its professional, who waited for the client), and a message or an offer locks the people
    before the conversation, as the closing does (it holds the people, then writes the rejected offer's
    conversation). The closing is held after its first offer's change, when it holds the people, until the
    other professional's request waits for them."""
    api = pg_live.client
    oficio = await create_oficio(api, admin)
    first, second = [await pro_near(api, admin, oficio["id"]) for _ in range(2)]
    cliente = await client_after(api, second)
    pedido = await new_pedido(api, cliente, oficio["id"])
    cheaper = await quote(api, first, pedido["id"], precio="20000")
    dearer = await quote(api, second, pedido["id"], precio="25000")
    assert cheaper.status_code == dearer.status_code == 201, (cheaper.text, dearer.text)
    first_id = uuid.UUID(cheaper.json()["id"])
    chat_id = dearer.json()["chat_id"]

    holds_the_people = asyncio.Event()
    apply_to_offer = ofertas.apply_to_offer
    writing: list[asyncio.Task[httpx.Response]] = []

    async def held_after_first(ctx: Any, session: Any, oferta: Any, *args: Any, **kwargs: Any) -> Any:
        read = await apply_to_offer(ctx, session, oferta, *args, **kwargs)
        if oferta.id == first_id:
            holds_the_people.set()
            while not writing:
                await asyncio.sleep(0.01)
            await someone_waits_for_a_lock(pg_live.ctx("chat").db, timeout=30, unless=writing[0])
        return read

    monkeypatch.setattr(ofertas, "apply_to_offer", held_after_first)

    async def close() -> httpx.Response:
        if closing == "accept":
            return await api.post(f"{API}/cliente/ofertas/{first_id}/accept", headers=cliente.headers)
        return await api.post(f"{API}/pedidos/{pedido['id']}/cancelar", headers=cliente.headers)

    async def write() -> httpx.Response:
        if sends == "message":
            return await api.post(
                f"{API}/chat/send-message",
                headers=second.headers,
                json={"chat_id": chat_id, "text": "¿Pudiste ver mi presupuesto?"},
            )
        return await post_offer(api, second, cliente, chat_id, "22000.00")

    closing_task = asyncio.create_task(close())
    await asyncio.wait_for(holds_the_people.wait(), 10)
    writing.append(asyncio.create_task(write()))
    closed, written = await closing_task, await writing[0]
    assert closed.status_code == 200, closed.text  # not the database's deadlock
    assert written.status_code == (200 if sends == "message" else 201), written.text
    assert await offer_state(pg_live, uuid.UUID(dearer.json()["id"])) == "RECHAZADO"
    if sends == "offer":
        assert await offer_state(pg_live, uuid.UUID(written.json()["id"])) == "OFERTADO"


async def test_the_last_evidence_of_a_dispute_sent_twice_at_once(
    pg_live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dispute takes at most 10 evidence files. With 9, two sent at once (two devices) both passed the
    count before either was written, and the dispute ended with 11: the count is taken again under the
    dispute's row lock when the file is recorded, so one gets 201 and the other 400, its file deleted.
    Both are held after their first check, until the other has made it too."""
    api = pg_live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    opened = await api.post(
        f"{API}/disputas",
        headers=cliente.headers,
        json={"trabajo_id": trabajo_id, "tipo": "CALIDAD_TRABAJO", "descripcion": "La pérdida sigue igual."},
    )
    assert opened.status_code == 201, opened.text
    url = f"{API}/disputas/{opened.json()['id']}/evidencias"

    async def send(who: Account, n: int) -> httpx.Response:
        return await api.post(
            url, headers=who.headers, files={"file": (f"prueba-{n}.pdf", PDF, "application/pdf")}
        )

    for n in range(disputes.EVIDENCE_MAX_FILES - 1):
        assert (await send(cliente, n)).status_code == 201

    storage = pg_live.ctx("chat").storage
    put, delete = storage.put, storage.delete
    deleted: list[str] = []
    both_checked = asyncio.Barrier(2)

    async def put_once_both_checked(key: str, *args: Any, **kwargs: Any) -> None:
        if key.startswith("disputas/"):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(both_checked.wait(), 10)
        await put(key, *args, **kwargs)

    async def recorded_delete(key: str, *args: Any, **kwargs: Any) -> None:
        deleted.append(key)
        await delete(key, *args, **kwargs)

    monkeypatch.setattr(storage, "put", put_once_both_checked)
    monkeypatch.setattr(storage, "delete", recorded_delete)
    answers = await asyncio.gather(send(cliente, 9), send(pro, 10))
    assert sorted(a.status_code for a in answers) == [201, 400], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 400)
    assert refused.json()["detail"] == f"Se permiten hasta {disputes.EVIDENCE_MAX_FILES} archivos por disputa"
    listed = await api.get(url, headers=cliente.headers)
    assert len(listed.json()) == disputes.EVIDENCE_MAX_FILES
    assert len(deleted) == 1  # the refused file does not stay in storage


async def test_a_clients_erasure_while_a_professional_withdraws_an_offer_of_their_pedido(
    pg_live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chat's part of a client's account deletion (its pedidos cancelled, the person pseudonymised)
    while a professional withdraws their offer on the client's open pedido: both finish, never a deadlock.
    The withdrawal locks the pedido, its offer and then the people; the erasure locked the person first and
    the pedido after. The erasure is held right after it wrote the person, until the withdrawal waits."""
    api = pg_live.client
    oficio = await create_oficio(api, admin)
    cliente = await register(api, "CLIENTE")
    pro = await pro_near(api, admin, oficio["id"])
    pedido = await new_pedido(api, cliente, oficio["id"])
    quoted = await quote(api, pro, pedido["id"])
    assert quoted.status_code == 201, quoted.text
    chat = pg_live.ctx("chat")

    erasure_holds, withdrawal_started = asyncio.Event(), asyncio.Event()
    withdrawing: list[asyncio.Task[httpx.Response]] = []
    pseudonymise = chat_repo.pseudonymise_person

    async def held_after_writing_the_person(session: Any, user_id: uuid.UUID, values: Any) -> bool:
        written = await pseudonymise(session, user_id, values)
        erasure_holds.set()
        await asyncio.wait_for(withdrawal_started.wait(), 10)
        await someone_waits_for_a_lock(chat.db, timeout=30, unless=withdrawing[0])
        return written

    monkeypatch.setattr(chat_repo, "pseudonymise_person", held_after_writing_the_person)

    async def erase() -> None:
        event = deletion_requested(cliente.id, "CLIENTE")
        async with chat.db.session() as session:
            await erase_chat_part(chat, session, event)

    async def withdraw() -> httpx.Response:
        return await api.post(
            f"{API}/professional/ofertas/{quoted.json()['id']}/cancelar", headers=pro.headers
        )

    erasing = asyncio.create_task(erase())
    await asyncio.wait_for(erasure_holds.wait(), 10)
    withdrawing.append(asyncio.create_task(withdraw()))
    withdrawal_started.set()
    await erasing  # not the database's deadlock
    withdrawn = await withdrawing[0]
    # The erasure cancelled the pedido (its offers rejected) before the withdrawal, or after it.
    assert withdrawn.status_code in (200, 400), withdrawn.text
    assert erasure_holds.is_set()
    final = await offer_state(pg_live, uuid.UUID(quoted.json()["id"]))
    assert final == ("CANCELADO" if withdrawn.status_code == 200 else "RECHAZADO")


async def trabajos_of(live: LiveStandalone, oferta_id: str) -> list[tuple[str, str | None]]:
    from sqlalchemy import select

    from conectar.chat.models import Trabajo

    async with live.ctx("chat").db.session(write=False) as session:
        rows = await session.execute(
            select(Trabajo.estado_escrow, Trabajo.motivo_cierre).where(
                Trabajo.oferta_id == uuid.UUID(oferta_id)
            )
        )
    return [(str(estado), motivo) for estado, motivo in rows.all()]


async def test_an_offer_accepted_while_its_professionals_deletion_begins_is_closed_by_the_erasure(
    pg_live: LiveStandalone, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deletion checked that the professional had no trabajo waiting for payment; a client accepts one
    of their offers as the chat erases them. The accept commits after the erasure looked for the
    professional's open business and before it wrote the person: the erasure finds the new trabajo once it
    holds the person, and cancels it (a trabajo nobody could pay, do or finish otherwise)."""
    api = pg_live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    chat = pg_live.ctx("chat")
    accepted: list[httpx.Response] = []
    look = chat_repo.open_business_of

    async def an_accept_commits_meanwhile(session: Any, user_id: uuid.UUID) -> Any:
        found = await look(session, user_id)
        if not accepted:
            accepted.append(
                await api.post(f"{API}/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
            )
        return found

    monkeypatch.setattr(chat_repo, "open_business_of", an_accept_commits_meanwhile)
    async with chat.db.session() as session:
        await erase_chat_part(chat, session, deletion_requested(pro.id, "PROFESIONAL"))
    assert accepted[0].status_code == 200, accepted[0].text
    assert await trabajos_of(pg_live, oferta["id"]) == [("CANCELADO", "La cuenta fue eliminada")]
    assert await offer_state(pg_live, uuid.UUID(oferta["id"])) == "ACEPTADO"
