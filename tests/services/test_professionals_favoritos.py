"""A client's favourite professionals (SPEC §13): PUT/DELETE/GET /favoritos, CLIENTE only, idempotent,
search-card shapes, at most 200, invisible professionals left out; and the migration that adds the table."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from conectar.platform.app import ServiceContext
from conectar.platform.db import Database, utcnow
from conectar.platform.errors import Conflict
from conectar.platform.migrations import upgrade
from conectar.professionals import repository as repo
from conectar.professionals.flows import favoritos as favoritos_flows
from conectar.professionals.models import Base, Favorito, ProfessionalProfile
from conectar.professionals.service import favoritos
from conectar.services import SERVICES
from tests.conftest import unique_email
from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio

FAV = f"{API}/favoritos"
MIGRATIONS = SERVICES["professionals"].migrations


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture(scope="module")
async def oficio(standalone: Standalone, admin: Account) -> dict[str, Any]:
    return await create_oficio(standalone.client, admin)


async def pro_at(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any], **extra: Any
) -> tuple[Account, str]:
    pro, profile = await approved_professional(
        api, admin, lat=-34.6, lng=-58.4, oficio_ids=[oficio["id"]], tarifa_por_hora=5000, **extra
    )
    return pro, str(profile["id"])


async def ids(api: httpx.AsyncClient, client: Account, **params: Any) -> list[str]:
    response = await api.get(FAV, headers=client.headers, params=params)
    assert response.status_code == 200, response.text
    return [card["id"] for card in response.json()]


async def test_add_list_remove_as_search_cards(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    _, first = await pro_at(api, admin, oficio)
    _, second = await pro_at(api, admin, oficio, nombre="Beto")

    added = await api.put(f"{FAV}/{first}", headers=cliente.headers)
    assert added.status_code == 201, added.text
    assert (await api.put(f"{FAV}/{second}", headers=cliente.headers)).status_code == 201

    # The same objects search returns, newest favourite first.
    search = await api.get(
        f"{API}/search/professionals",
        params={"oficio_id": oficio["id"], "lat": -34.6, "lng": -58.4, "limit": 50},
    )
    cards = {card["id"]: card for card in search.json()}
    listed = (await api.get(FAV, headers=cliente.headers, params={"lat": -34.6, "lng": -58.4})).json()
    assert [c["id"] for c in listed] == [second, first]
    assert listed == [cards[second], cards[first]]
    assert added.json() == {**cards[first], "distancia_km": None}
    without_point = (await api.get(FAV, headers=cliente.headers)).json()
    assert [c["distancia_km"] for c in without_point] == [None, None]

    # Paginated like the service's other lists.
    assert await ids(api, cliente, page=1, limit=1) == [second]
    assert await ids(api, cliente, page=2, limit=1) == [first]
    assert await ids(api, cliente, page=3, limit=1) == []
    assert (await api.get(FAV, headers=cliente.headers, params={"lat": 1})).status_code == 400

    assert (await api.delete(f"{FAV}/{first}", headers=cliente.headers)).status_code == 204
    assert await ids(api, cliente) == [second]


async def test_put_and_delete_are_idempotent(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    pro, profile_id = await pro_at(api, admin, oficio)
    assert (await api.put(f"{FAV}/{profile_id}", headers=cliente.headers)).status_code == 201
    again = await api.put(f"{FAV}/{profile_id}", headers=cliente.headers)
    assert again.status_code == 200
    assert again.json()["id"] == profile_id
    # The user id resolves to the same profile (as on the public profile): still one favourite.
    assert (await api.put(f"{FAV}/{pro.id}", headers=cliente.headers)).status_code == 200
    assert await ids(api, cliente) == [profile_id]
    assert (await api.delete(f"{FAV}/{profile_id}", headers=cliente.headers)).status_code == 204
    assert (await api.delete(f"{FAV}/{profile_id}", headers=cliente.headers)).status_code == 204
    assert (await api.delete(f"{FAV}/{uuid.uuid4()}", headers=cliente.headers)).status_code == 204
    assert await ids(api, cliente) == []


async def test_only_clients(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await pro_at(api, admin, oficio)
    cliente = await register(api, "CLIENTE")
    assert (await api.put(f"{FAV}/{profile_id}", headers=cliente.headers)).status_code == 201
    for who in (pro.headers, admin.headers):
        assert (await api.put(f"{FAV}/{profile_id}", headers=who)).status_code == 403
        assert (await api.delete(f"{FAV}/{profile_id}", headers=who)).status_code == 403
        listed = await api.get(FAV, headers=who)
        assert listed.status_code == 403
        assert profile_id not in listed.text
    assert (await api.put(f"{FAV}/{profile_id}")).status_code == 401
    assert (await api.delete(f"{FAV}/{profile_id}")).status_code == 401
    assert (await api.get(FAV)).status_code == 401
    # only the client's own favourite is stored, untouched by the refused calls
    async with standalone.ctx("professionals").db.session(write=False) as session:
        rows = await session.execute(
            select(Favorito.cliente_id).where(Favorito.profesional_id == uuid.UUID(profile_id))
        )
        assert list(rows.scalars()) == [cliente.id]
    assert await ids(api, cliente) == [profile_id]


async def test_unknown_or_invisible_professional_is_404(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    response = await api.put(f"{FAV}/{uuid.uuid4()}", headers=cliente.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Profesional no encontrado"
    unapproved = await register(api, "PROFESIONAL")
    profile = (await api.get(f"{API}/professional/me", headers=unapproved.headers)).json()
    assert (await api.put(f"{FAV}/{profile['id']}", headers=cliente.headers)).status_code == 404
    assert (await api.put(f"{FAV}/not-a-uuid", headers=cliente.headers)).status_code == 422
    assert await ids(api, cliente) == []


async def test_banned_or_unapproved_professionals_leave_the_list(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    banned, banned_id = await pro_at(api, admin, oficio)
    _, revoked_id = await pro_at(api, admin, oficio)
    _, kept_id = await pro_at(api, admin, oficio)
    for profile_id in (banned_id, revoked_id, kept_id):
        assert (await api.put(f"{FAV}/{profile_id}", headers=cliente.headers)).status_code == 201
    assert await ids(api, cliente) == [kept_id, revoked_id, banned_id]

    assert (await api.post(f"{API}/admin/users/{banned.id}/ban", headers=admin.headers)).status_code == 200

    async def gone() -> bool:
        return banned_id not in await ids(api, cliente)

    await eventually(gone)
    async with standalone.ctx("professionals").db.session() as session:
        await session.execute(
            update(ProfessionalProfile)
            .where(ProfessionalProfile.id == uuid.UUID(revoked_id))
            .values(estado_verificacion="RECHAZADO")
        )
    assert await ids(api, cliente) == [kept_id]
    # Invisible professionals cannot be added again either, but removing them still works.
    assert (await api.put(f"{FAV}/{banned_id}", headers=cliente.headers)).status_code == 404
    assert (await api.delete(f"{FAV}/{revoked_id}", headers=cliente.headers)).status_code == 204

    assert (await api.post(f"{API}/admin/users/{banned.id}/unban", headers=admin.headers)).status_code == 200

    async def back() -> bool:
        return banned_id in await ids(api, cliente)

    await eventually(back)
    assert await ids(api, cliente) == [kept_id, banned_id]


async def test_clients_see_only_their_own(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    ana = await register(api, "CLIENTE")
    beto = await register(api, "CLIENTE")
    _, profile_id = await pro_at(api, admin, oficio)
    assert (await api.put(f"{FAV}/{profile_id}", headers=ana.headers)).status_code == 201
    assert await ids(api, beto) == []
    # Beto's DELETE does not touch Ana's favourite.
    assert (await api.delete(f"{FAV}/{profile_id}", headers=beto.headers)).status_code == 204
    assert await ids(api, ana) == [profile_id]


async def _visible_profiles(standalone: Standalone, count: int) -> list[uuid.UUID]:
    """Approved professionals written straight into the service's tables (the cap needs many)."""
    made = []
    async with standalone.ctx("professionals").db.session() as session:
        for _ in range(count):
            usuario_id = uuid.uuid4()
            await repo.insert_profile_if_missing(
                session,
                usuario_id=usuario_id,
                email=unique_email("tope"),
                nombre="Tope",
                apellido="Prueba",
                is_active=True,
                fecha_creacion=utcnow(),
            )
            profile = await repo.profile_by_user(session, usuario_id)
            assert profile is not None
            profile.estado_verificacion = "APROBADO"
            made.append(profile.id)
    return made


async def test_at_most_200_favourites(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    many = await _visible_profiles(standalone, favoritos.MAX_FAVORITOS)
    async with standalone.ctx("professionals").db.session() as session:
        await session.execute(
            insert(Favorito),
            [{"cliente_id": cliente.id, "profesional_id": p, "fecha_creacion": utcnow()} for p in many],
        )
    _, one_more = await pro_at(api, admin, oficio)
    refused = await api.put(f"{FAV}/{one_more}", headers=cliente.headers)
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Llegaste al máximo de 200 favoritos: quitá alguno para agregar otro"
    # Re-adding an existing favourite at the cap is still fine (idempotent).
    assert (await api.put(f"{FAV}/{many[0]}", headers=cliente.headers)).status_code == 200
    assert len(await ids(api, cliente, limit=100)) == 100
    # Removing one makes room.
    assert (await api.delete(f"{FAV}/{many[0]}", headers=cliente.headers)).status_code == 204
    assert (await api.put(f"{FAV}/{one_more}", headers=cliente.headers)).status_code == 201
    assert (await api.put(f"{FAV}/{many[0]}", headers=cliente.headers)).status_code == 409


async def test_two_puts_at_once_make_one_row(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    cliente = await register(api, "CLIENTE")
    _, profile_id = await pro_at(api, admin, oficio)
    responses = await asyncio.gather(
        *(api.put(f"{FAV}/{profile_id}", headers=cliente.headers) for _ in range(4))
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    async with standalone.ctx("professionals").db.session(write=False) as session:
        count = await session.scalar(
            select(func.count()).select_from(Favorito).where(Favorito.cliente_id == cliente.id)
        )
    assert count == 1


# --- PostgreSQL: the migration matches the models; concurrent adds keep one row and the cap ------------


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [
        d for d in compare_metadata(context, Base.metadata) if "favorit" in repr(d) or "respuesta" in repr(d)
    ]


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
async def test_on_postgres_migration_and_concurrent_adds(pg_url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, pg_url)
    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'professionals.db'}"
    await asyncio.to_thread(upgrade, MIGRATIONS, sqlite_url)
    for url in (pg_url, sqlite_url):
        db = Database(url)
        try:
            async with db.engine.connect() as connection:
                assert await connection.run_sync(_differences) == []
        finally:
            await db.dispose()

    db = Database(pg_url)
    ctx = cast(ServiceContext, SimpleNamespace(db=db))
    try:
        profiles = []
        async with db.session() as session:
            for _ in range(3):
                usuario_id = uuid.uuid4()
                await repo.insert_profile_if_missing(
                    session,
                    usuario_id=usuario_id,
                    email=unique_email("pg"),
                    nombre="Ana",
                    apellido="Pérez",
                    is_active=True,
                    fecha_creacion=utcnow(),
                )
                profile = await repo.profile_by_user(session, usuario_id)
                assert profile is not None
                profile.estado_verificacion = "APROBADO"
                profiles.append(profile.id)
        cliente = uuid.uuid4()
        results = await asyncio.gather(*(favoritos_flows.add(ctx, cliente, profiles[0]) for _ in range(6)))
        assert sorted(created for _, created in results) == [False] * 5 + [True]

        # The cap holds under concurrent adds of different professionals.
        original = favoritos.MAX_FAVORITOS
        favoritos.MAX_FAVORITOS = 2
        try:
            outcomes = await asyncio.gather(
                *(favoritos_flows.add(ctx, cliente, p) for p in profiles[1:]), return_exceptions=True
            )
        finally:
            favoritos.MAX_FAVORITOS = original
        assert sum(isinstance(o, Conflict) for o in outcomes) == 1
        async with db.session(write=False) as session:
            count = await session.scalar(select(func.count()).select_from(Favorito))
        assert count == 2
    finally:
        await db.dispose()
