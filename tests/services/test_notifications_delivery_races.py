"""Delivery semantics and concurrency of the notifications and users services on PostgreSQL, each race
held at its bad point: a notice recorded while the person's account is being erased (SPEC §14), the live
unread counter under concurrent marks, a profile changed while its account is deleted, and a push whose
send ran out of time after some devices had it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import func, select

from conectar.contracts.events import EventEnvelope
from conectar.notifications import delivery, service
from conectar.notifications import personal_data as notifications_personal_data
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal, Tipo
from conectar.notifications.channels.base import DeliveryJob, OutgoingEmail, Status
from conectar.notifications.channels.fcm import Device, PushChannel, PushOutcome, PushResult
from conectar.notifications.channels.mail import EmailChannel, Recipient
from conectar.notifications.dispatch import Notice, notify
from conectar.notifications.models import Delivery, Notification
from conectar.platform.app import ServiceContext
from conectar.platform.db import Database, on_commit, utcnow
from conectar.platform.errors import Conflict
from conectar.platform.migrations import upgrade
from conectar.platform.workqueue import WorkQueues
from conectar.services import SERVICES
from conectar.users import personal_data as users_personal_data
from conectar.users import repository as users_repo
from conectar.users.flows import profiles
from conectar.users.models import UserProfile
from conectar.users.schemas import UserUpdate
from tests.conftest import image_bytes, unique_email
from tests.databases import migrated_database
from tests.factories import deletion_requested
from tests.harness.notification_queues import delivery_queues, load, seed

pytestmark = pytest.mark.postgres

EMAIL = delivery.queue_of(Canal.EMAIL)
PUSH = delivery.queue_of(Canal.PUSH)


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    async with migrated_database(pg_url, "notifications") as database:
        yield database


@pytest.fixture
async def users_db(pg_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, SERVICES["users"].migrations, pg_url)
    database = Database(pg_url)
    yield database
    await database.dispose()


class Held:
    """Wraps an async function so that its first call stops after it returns, until released."""

    def __init__(self, fn: Callable[..., Awaitable[Any]]) -> None:
        self.fn = fn
        self.reached = asyncio.Event()
        self.release = asyncio.Event()
        self.calls = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        result = await self.fn(*args, **kwargs)
        self.calls += 1
        if self.calls == 1:
            self.reached.set()
            await self.release.wait()
        return result


class FakeRuntime:
    """What dispatch and the inbox's use cases need of the runtime; live messages are recorded once their
    unit of work commits, as the real one publishes them."""

    push_enabled = False
    base_url = "https://conectar.example"

    def __init__(self, work: WorkQueues | None = None) -> None:
        self.work = work
        self.published: list[tuple[uuid.UUID, str, dict[str, Any]]] = []

    def burst(self, canal: Canal) -> tuple[float, float]:
        return 60.0, 600.0

    async def enqueue_delivery(
        self, session: Any, canal: Canal, delivery_id: uuid.UUID, due: Any = None
    ) -> None:
        if self.work is not None:
            await delivery.enqueue(self.work, session, canal, delivery_id, due=due)

    def publish_after_commit(
        self, session: Any, user_id: uuid.UUID, event: str, data: dict[str, Any]
    ) -> None:
        on_commit(session, lambda: self.published.append((user_id, event, data)))


def envelope(event_type: str = "PasswordResetRequested") -> EventEnvelope:
    return EventEnvelope(id=uuid.uuid4(), type=event_type, occurred_at=utcnow(), producer="test", payload={})


class MailTransport:
    name = "recording"

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, email: OutgoingEmail) -> str | None:
        self.sent.append(email.to_address)
        return email.message_id

    async def close(self) -> None:
        return None


# --- SPEC §14: nothing is sent to a person whose account was deleted meanwhile ------------------------


async def test_a_notice_recorded_while_the_account_is_erased_is_erased_too(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A password-reset e-mail (its address comes with the event) is being recorded when the person's
    deletion reaches the service: the erasure must not miss it, or the e-mail goes to the deleted
    person's address and the notice stays in their inbox."""
    person = uuid.uuid4()
    address = unique_email("borrada")
    async with db.session() as session:
        await repo.apply_user(session, person, at=utcnow(), email=address, nombre="Zulema", apellido="Paz")
    transport = MailTransport()

    async def resolve(user_id: uuid.UUID) -> Recipient:
        raise AssertionError("the reset e-mail names its address")

    async def all_read(ids: list[str]) -> bool:
        return False

    channel = EmailChannel(
        transport, resolve=resolve, all_read=all_read, base_url="https://x", from_address="no@x"
    )
    work = delivery_queues(db, {Canal.EMAIL: channel})
    runtime: Any = FakeRuntime(work)
    held = Held(repo.erased)
    monkeypatch.setattr(repo, "erased", held)

    async def reset_requested() -> None:
        notice = Notice(
            person,
            Tipo.RESTABLECER_PASSWORD,
            {"nombre": "Zulema", "reset_url": "https://x/reset?t=1", "minutos": 60},
            url="https://x/reset?t=1",
            address=address,
        )
        async with db.session() as session:
            await notify(runtime, session, envelope(), notice)

    async def deleted() -> None:
        ctx = cast(
            ServiceContext, SimpleNamespace(extras={"notifications": SimpleNamespace(email=transport)})
        )
        event = deletion_requested(person, "CLIENTE")
        async with db.session() as session:
            await notifications_personal_data.erase(ctx, session, event)

    recording = asyncio.create_task(reset_requested())
    await asyncio.wait_for(held.reached.wait(), 5)  # it found the person not deleted
    erasing = asyncio.create_task(deleted())
    await asyncio.sleep(0.3)  # the erasure runs (or waits for the notice)
    held.release.set()
    await asyncio.gather(recording, erasing)

    await work.drain(EMAIL)
    assert transport.sent == []
    async with db.session(write=False) as session:
        notices = await session.scalar(select(func.count()).where(Notification.user_id == person))
        deliveries = await session.scalar(select(func.count()).where(Delivery.user_id == person))
        assert await repo.erased(session, person)
    assert (notices, deliveries) == (0, 0)


# --- the live unread counter ----------------------------------------------------------------------------


async def _unread_notices(db: Database, person: uuid.UUID, count: int) -> list[uuid.UUID]:
    ids = []
    async with db.session() as session:
        for n in range(count):
            row = await repo.insert_notification(
                session,
                {
                    "user_id": person,
                    "event_id": uuid.uuid4(),
                    "dedupe_key": f"aviso-{n}",
                    "tipo": Tipo.KYC_APROBADO.value,
                    "titulo": "t",
                    "mensaje": "m",
                    "datos": {},
                    "in_app": True,
                },
            )
            assert row is not None
            ids.append(row.id)
    return ids


async def test_two_notices_marked_read_at_once_leave_the_live_counter_right(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two devices mark two notices read at the same moment: the last count the live stream gets (the web
    app shows it as is) is the real one, not each request's count before the other's commit."""
    person = uuid.uuid4()
    first, second, _third = await _unread_notices(db, person, 3)
    runtime: Any = FakeRuntime()
    held = Held(repo.unread_count)
    monkeypatch.setattr(repo, "unread_count", held)

    async def mark(notification_id: uuid.UUID) -> None:
        async with db.session() as session:
            await service.mark_read(runtime, session, person, notification_id)

    marking_first = asyncio.create_task(mark(first))
    await asyncio.wait_for(held.reached.wait(), 5)  # marked and counted, not committed yet
    marking_second = asyncio.create_task(mark(second))
    await asyncio.sleep(0.3)
    held.release.set()
    await asyncio.gather(marking_first, marking_second)

    async with db.session(write=False) as session:
        actual = await repo.unread_count(session, person)
    assert actual == 1
    counts = [data["count"] for user_id, event, data in runtime.published if event == "contador"]
    assert counts[-1] == actual, counts


async def test_mark_all_read_while_a_notice_arrives_leaves_the_live_counter_right(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Marking all read ("leer todas") while a new notice is being recorded: the notice is either marked
    too or still counted; the live counter never says 0 with an unread notice in the inbox."""
    person = uuid.uuid4()
    await _unread_notices(db, person, 2)
    runtime: Any = FakeRuntime()
    held = Held(repo.insert_notification)
    monkeypatch.setattr(repo, "insert_notification", held)

    async def new_notice() -> None:
        async with db.session() as session:
            await notify(runtime, session, envelope("KycApproved"), Notice(person, Tipo.KYC_APROBADO))

    async def mark_all() -> None:
        async with db.session() as session:
            await service.mark_all_read(runtime, session, person)

    arriving = asyncio.create_task(new_notice())
    await asyncio.wait_for(held.reached.wait(), 5)  # inserted, not committed yet
    marking = asyncio.create_task(mark_all())
    await asyncio.sleep(0.3)
    held.release.set()
    await asyncio.gather(arriving, marking)

    async with db.session(write=False) as session:
        actual = await repo.unread_count(session, person)
    counts = [data["count"] for user_id, event, data in runtime.published if event == "contador"]
    # The web app asks for the count when a notice arrives, and takes each "contador" as it is.
    assert counts, "no live count was published"
    assert counts[-1] == actual, (counts, actual)


# --- users: a profile changed while the account is deleted ----------------------------------------------


class Storage:
    def __init__(self) -> None:
        self.files: set[str] = set()

    async def put(self, key: str, data: bytes, content_type: str, *, public: bool) -> None:
        self.files.add(key)

    async def delete(self, key: str, *, public: bool) -> None:
        self.files.discard(key)

    def public_url(self, key: str) -> str:
        return f"https://cdn.example/{key}"


class Outbox:
    def __init__(self) -> None:
        self.events: list[Any] = []

    async def add(self, session: Any, event: Any) -> None:
        on_commit(session, lambda: self.events.append(event))


@pytest.mark.parametrize("change", ["avatar", "nombre"])
async def test_a_profile_change_racing_the_deletion_does_not_bring_the_person_back(
    users_db: Database, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """A photo being processed (or a name being changed) when the person's deletion is carried out: the
    change is refused (409) and nothing of it stays — no photo file, no name — nor is it announced."""
    person = uuid.uuid4()
    async with users_db.session() as session:
        await users_repo.insert_profile_if_missing(
            session,
            user_id=person,
            email=unique_email("perfil"),
            rol="CLIENTE",
            nombre="Zulema",
            apellido="Paz",
            fecha_creacion=utcnow(),
        )
    storage, outbox = Storage(), Outbox()
    ctx = cast(ServiceContext, SimpleNamespace(db=users_db, outbox=outbox, infra=None, storage=storage))
    held = Held(profiles.process_image if change == "avatar" else profiles.get_profile)
    monkeypatch.setattr(profiles, "process_image" if change == "avatar" else "get_profile", held)

    async def changing() -> UserProfile:
        if change == "avatar":
            return await profiles.set_avatar(ctx, person, image_bytes("PNG"))
        return await profiles.update_me(ctx, person, UserUpdate(nombre="Zulema Inés"))

    async def deleted() -> None:
        event = deletion_requested(person, "CLIENTE")
        async with users_db.session() as session:
            await users_personal_data.erase(ctx, session, event)

    task = asyncio.create_task(changing())
    await asyncio.wait_for(held.reached.wait(), 5)  # the request passed its checks; its work is under way
    await deleted()
    held.release.set()
    with pytest.raises(Conflict):
        await task

    async with users_db.session(write=False) as session:
        profile = await users_repo.profile(session, person)
    assert profile is not None
    assert (profile.nombre, profile.avatar_url, profile.avatar_key) == ("Usuario", None, None)
    assert storage.files == set()
    assert outbox.events == []


# --- push: a send that runs out of time keeps what reached the devices ---------------------------------


class Fcm:
    """An FCM client whose sends to one device hang (the provider accepted the others at once)."""

    def __init__(self, hanging: str) -> None:
        self.hanging = hanging
        self.received: list[str] = []

    async def send(self, token: str, *, title: str, body: str, data: Any) -> PushOutcome:
        if token == self.hanging:
            await asyncio.sleep(3600)
        self.received.append(token)
        return PushOutcome(PushResult.OK, name=f"projects/p/messages/{len(self.received)}")


async def test_a_push_that_runs_out_of_time_is_not_sent_again_to_the_devices_that_had_it(
    db: Database,
) -> None:
    """One of three devices does not answer: the attempt runs out of time and is retried. The devices
    that already had the push must not get it again on the retry."""
    client = Fcm(hanging="token-colgado")
    devices = [Device(token=f"token-{n}", token_hash=f"hash-{n}") for n in range(2)]
    devices.append(Device(token="token-colgado", token_hash="hash-colgado"))

    async def devices_of(user_id: uuid.UUID) -> list[Device]:
        return devices

    async def prune(hashes: Any) -> int:
        return 0

    async def all_read(ids: list[str]) -> bool:
        return False

    channel = PushChannel(cast(Any, client), devices=devices_of, prune=prune, all_read=all_read)
    work = delivery_queues(db, {Canal.PUSH: channel}, send_timeout=0.5, lease_seconds=30.0)
    [delivery_id] = await seed(db, work, canal=Canal.PUSH)
    assert await work.run_once(PUSH) == 1
    row, attempts = await load(db, delivery_id)
    assert (row.status, [a.outcome for a in attempts]) == ("pending", ["retry"])
    assert sorted(client.received) == ["token-0", "token-1"]

    client.hanging = ""  # the device answers now
    job: DeliveryJob = delivery.job_of(row, 2)
    outcome = await channel.deliver(job)
    assert outcome.status is Status.SENT
    assert sorted(client.received) == ["token-0", "token-1", "token-colgado"]
