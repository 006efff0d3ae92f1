"""The professionals service on PostgreSQL under concurrent work: an account change (UserUpdated,
UserBanned) handled while the profile is being created (UserRegistered, or the read-through of a request)
ends on the profile, never in a pending copy nobody reads; concurrent and redelivered reviews and completed
trabajos add up exactly, each award once, the level and its event once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import func, select

from conectar.contracts.events import ReviewCreated, WorkCompleted
from conectar.platform.app import ServiceContext
from conectar.platform.db import Database, utcnow
from conectar.professionals import repository as repo
from conectar.professionals.models import PendingAccountCopy, ProfessionalProfile, XpAward
from conectar.professionals.service import profiles, reputation
from tests.conftest import unique_email
from tests.databases import migrated_database, someone_waits_for_a_lock

pytestmark = pytest.mark.postgres


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    async with migrated_database(pg_url, "professionals") as database:
        yield database


async def create(
    db: Database,
    usuario_id: uuid.UUID,
    hold: asyncio.Event | None = None,
    written: asyncio.Event | None = None,
) -> bool:
    """The profile created as the UserRegistered handler (or the read-through) does, its commit held until
    ``hold`` is set (other events of its batch still running); ``written`` is set once it is written."""
    async with db.session() as session:
        created = await profiles.create_profile(
            session,
            usuario_id=usuario_id,
            email=unique_email("pro"),
            nombre="Ana",
            apellido="Pérez",
            is_active=True,
            fecha_creacion=utcnow() - timedelta(minutes=1),
        )
        if written is not None:
            written.set()
        if hold is not None:
            await hold.wait()
        return created


async def profile_of(db: Database, usuario_id: uuid.UUID) -> ProfessionalProfile:
    async with db.session(write=False) as session:
        profile = await repo.profile_by_user(session, usuario_id)
        assert profile is not None
        return profile


async def pending_copies(db: Database, usuario_id: uuid.UUID) -> int:
    async with db.session(write=False) as session:
        found = await session.scalar(select(func.count()).where(PendingAccountCopy.usuario_id == usuario_id))
        return int(found or 0)


@pytest.mark.parametrize("change", ["names", "ban"])
async def test_an_account_change_handled_while_the_profile_is_created(db: Database, change: str) -> None:
    usuario_id = uuid.uuid4()
    commit, written = asyncio.Event(), asyncio.Event()
    creating = asyncio.create_task(create(db, usuario_id, hold=commit, written=written))
    await asyncio.wait_for(written.wait(), 10)  # the profile is inserted and its pending copies merged (none)
    assert not creating.done()

    async def account_changed() -> None:
        async with db.session() as session:
            if change == "names":
                names = ("Ana María", "Pérez", "https://cdn.example/avatar.webp")
                await profiles.record_account_copy(session, usuario_id, at=utcnow(), names=names)
            else:
                await profiles.record_account_copy(session, usuario_id, at=utcnow(), is_active=False)

    changing = asyncio.create_task(account_changed())
    # The change waits for the creation (its claim of the pending copy) — or, without that, it finishes
    # at once having kept the change aside where the held creation will never look.
    waits = await someone_waits_for_a_lock(db, timeout=30, unless=changing)
    assert waits or changing.done()
    commit.set()
    assert await creating
    await changing
    profile = await profile_of(db, usuario_id)
    if change == "names":
        assert (profile.nombre, profile.avatar_url) == ("Ana María", "https://cdn.example/avatar.webp")
    else:
        assert profile.is_active_copy is False
    assert await pending_copies(db, usuario_id) == 0


async def test_the_profile_created_while_an_account_change_is_kept_aside(db: Database) -> None:
    """The other order: the change is kept aside first (not committed yet) while the profile is created."""
    usuario_id = uuid.uuid4()
    commit = asyncio.Event()

    kept_aside = asyncio.Event()

    async def account_changed_and_held() -> None:
        async with db.session() as session:
            names = ("Ana María", "Pérez", "https://cdn.example/avatar.webp")
            await profiles.record_account_copy(session, usuario_id, at=utcnow(), names=names)
            kept_aside.set()
            await commit.wait()

    changing = asyncio.create_task(account_changed_and_held())
    await asyncio.wait_for(kept_aside.wait(), 10)
    creating = asyncio.create_task(create(db, usuario_id))
    # The creation waits for the change's pending copy — or, without that, it commits at once without it.
    waits = await someone_waits_for_a_lock(db, timeout=30, unless=creating)
    assert waits or creating.done()
    commit.set()
    await changing
    assert await creating
    profile = await profile_of(db, usuario_id)
    assert (profile.nombre, profile.avatar_url) == ("Ana María", "https://cdn.example/avatar.webp")
    assert await pending_copies(db, usuario_id) == 0


async def test_concurrent_and_redelivered_reviews_and_trabajos_add_up(db: Database) -> None:
    """Reputation events of one professional handled at once (several consumers) and each delivered twice
    (a redelivery under a new event id): the sums, the awards and the level change happen once each."""
    usuario_id = uuid.uuid4()
    assert await create(db, usuario_id)
    published: list[Any] = []

    class Outbox:
        async def add(self, session: Any, event: Any) -> None:
            published.append(event)

    ctx = cast(ServiceContext, SimpleNamespace(db=db, outbox=Outbox()))
    trabajos = [uuid.uuid4() for _ in range(10)]
    reviews = [
        ReviewCreated(
            resena_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=usuario_id,
            cliente_id=uuid.uuid4(),
            cliente_nombre="Beto Gómez",
            rating=5 if n % 2 else 4,
            texto_resena="Muy bien",
            fecha_creacion=utcnow(),
        )
        for n, trabajo_id in enumerate(trabajos)
    ]
    completions = [
        WorkCompleted(
            trabajo_id=trabajo_id,
            profesional_id=usuario_id,
            cliente_id=uuid.uuid4(),
            precio_final=Decimal("10000.00"),
            comision_plataforma=Decimal("2000.00"),
            monto_liberado=Decimal("8000.00"),
            liberado_at=utcnow(),
        )
        for trabajo_id in trabajos
    ]

    async def handle(event: Any) -> None:
        async with db.session() as session:
            if isinstance(event, ReviewCreated):
                await reputation.review_created(ctx, session, event)
            else:
                await reputation.work_completed(ctx, session, event)

    await asyncio.gather(*(handle(event) for event in [*reviews, *completions] * 2))
    profile = await profile_of(db, usuario_id)
    assert profile.trabajos_completados == 10
    assert profile.total_resenas == 10
    assert profile.rating_suma == 5 * 5 + 5 * 4
    assert profile.puntos_experiencia == 10 * 100 + 5 * 50 + 5 * 10
    assert profile.nivel == "PLATA"
    assert [(e.nivel_anterior, e.nivel) for e in published] == [("BRONCE", "PLATA")]
    async with db.session(write=False) as session:
        awards = await session.scalar(select(func.count()).select_from(XpAward))
    assert awards == 20
