"""Pedido matching (issue 15, SPEC §10), the professionals service's side: who may quote a pedido and which
pedidos a professional matches, answered to the chat service (which owns pedidos) over the internal API —
search's coverage rule on search's read model: APROBADO, not banned, holds the oficio, and the
professional's own coverage circle holds the pedido's point. On SQLite through the platform, and on both
backends (PostGIS too) against search and the plain-Python rule."""

from __future__ import annotations

import asyncio
import itertools
import random
import types
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import Connection

from conectar.contracts.professionals import (
    COVERAGE_MAX_POINTS,
    MATCHING_MAX_LIMIT,
    CoverageAnswer,
    CoverageRequest,
    MatchingProfessionals,
    MatchingRequest,
    PedidoPoint,
)
from conectar.platform.db import Database
from conectar.platform.migrations import downgrade, upgrade, upgrade_async
from conectar.professionals import domain, search_index
from conectar.professionals.domain import SearchFilters, SortBy
from conectar.professionals.flows import matching
from conectar.professionals.models import Base, Oficio, ProfesionalOficio, ProfessionalProfile
from conectar.services import SERVICES
from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio

LAT, LNG = -34.6, -58.4
KM = 1 / 111.195  # degrees of latitude per kilometre on the search sphere
MATCHING = "/internal/v1/pedidos/profesionales"
COVERAGE = "/internal/v1/pedidos/cobertura"
FIELDS = {
    "id",
    "usuario_id",
    "nombre",
    "apellido",
    "avatar_url",
    "nivel",
    "rating_promedio",
    "total_resenas",
    "distancia_km",
    "tiempo_respuesta_mediano_min",
}


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def pro_at(
    api: httpx.AsyncClient, admin: Account, oficio_ids: list[str], km_north: float, radio: int, nombre: str
) -> tuple[Account, dict[str, Any]]:
    return await approved_professional(
        api,
        admin,
        lat=LAT + km_north * KM,
        lng=LNG,
        oficio_ids=oficio_ids,
        radio_cobertura_km=radio,
        nombre=nombre,
    )


async def matches(
    standalone: Standalone, oficio_id: str, lat: float = LAT, lng: float = LNG, **extra: Any
) -> MatchingProfessionals:
    chat = standalone.ctx("chat").clients
    body = {"oficio_id": oficio_id, "latitude": lat, "longitude": lng, **extra}
    return MatchingProfessionals.model_validate(await chat.call("professionals", "POST", MATCHING, json=body))


async def covered(
    standalone: Standalone, usuario_id: uuid.UUID, points: list[dict[str, Any]]
) -> CoverageAnswer:
    chat = standalone.ctx("chat").clients
    body = {"usuario_id": str(usuario_id), "points": points}
    return CoverageAnswer.model_validate(await chat.call("professionals", "POST", COVERAGE, json=body))


def point(oficio_id: str, km_north: float = 0.0, pedido_id: uuid.UUID | None = None) -> dict[str, Any]:
    return {
        "pedido_id": str(pedido_id or uuid.uuid4()),
        "oficio_id": oficio_id,
        "latitude": LAT + km_north * KM,
        "longitude": LNG,
    }


async def test_the_coverage_rule_from_both_sides(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio, other = await create_oficio(api, admin), await create_oficio(api, admin)
    near_acc, near = await pro_at(api, admin, [oficio["id"]], 3, 10, "Cerca")
    mid_acc, mid = await pro_at(api, admin, [oficio["id"], other["id"]], 6, 20, "Medio")
    edge_acc, edge = await pro_at(api, admin, [oficio["id"]], 9, 10, "Borde")
    short_acc, _ = await pro_at(api, admin, [oficio["id"]], 9, 8, "Corto")  # 9 km away, 8 km radius
    wrong_acc, _ = await pro_at(api, admin, [other["id"]], 1, 10, "OtroOficio")
    banned_acc, _ = await pro_at(api, admin, [oficio["id"]], 2, 10, "Baneado")
    # Registered, located, with the oficio, but never approved.
    pending = await register(api, "PROFESIONAL", nombre="Pendiente")
    response = await api.put(
        f"{API}/professional/me", json={"latitude": LAT, "longitude": LNG}, headers=pending.headers
    )
    assert response.status_code == 200
    response = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pending.headers
    )
    assert response.status_code == 200
    assert (
        await api.post(f"{API}/admin/users/{banned_acc.id}/ban", headers=admin.headers)
    ).status_code == 200

    async def banned_gone() -> bool:
        found = await matches(standalone, oficio["id"])
        return banned_acc.id not in {p.usuario_id for p in found.profesionales}

    await eventually(banned_gone)

    answer = await matches(standalone, oficio["id"])
    # Nearest first; only those whose own circle holds the point.
    assert [p.id for p in answer.profesionales] == [
        uuid.UUID(near["id"]),
        uuid.UUID(mid["id"]),
        uuid.UUID(edge["id"]),
    ]
    assert [p.usuario_id for p in answer.profesionales] == [near_acc.id, mid_acc.id, edge_acc.id]
    assert [p.distancia_km for p in answer.profesionales] == [3.0, 6.0, 9.0]
    assert answer.hay_mas is False
    first = answer.profesionales[0]
    assert set(first.model_dump()) == FIELDS
    assert (first.nombre, first.apellido, first.nivel, first.rating_promedio, first.total_resenas) == (
        "Cerca",
        "Pérez",
        "BRONCE",
        0.0,
        0,
    )
    # The same professionals in the same order as a search from the pedido's point.
    search = await api.get(
        f"{API}/search/professionals", params={"oficio_id": oficio["id"], "lat": LAT, "lng": LNG, "limit": 50}
    )
    assert [r["id"] for r in search.json()] == [str(p.id) for p in answer.profesionales]
    # The other oficio: only those who hold it.
    assert [p.usuario_id for p in (await matches(standalone, other["id"])).profesionales] == [
        wrong_acc.id,
        mid_acc.id,
    ]
    # Bounded: the nearest `limit`, and whether there are more.
    two = await matches(standalone, oficio["id"], limit=2)
    assert [p.usuario_id for p in two.profesionales] == [near_acc.id, mid_acc.id]
    assert two.hay_mas is True
    assert (await matches(standalone, oficio["id"], limit=3)).hay_mas is False
    # An unknown oficio matches nobody; so does a far point.
    assert (await matches(standalone, str(uuid.uuid4()))).profesionales == []
    assert (await matches(standalone, oficio["id"], lat=LAT + 80 * KM)).profesionales == []

    # From a professional's side: which of these pedidos they match.
    p_center = point(oficio["id"])
    p_north = point(oficio["id"], 8)  # 5 km from Cerca, 1 km from Borde
    p_far = point(oficio["id"], -25)
    p_other = point(other["id"])
    p_unknown = point(str(uuid.uuid4()))
    points = [p_center, p_north, p_far, p_other, p_unknown]
    cerca = await covered(standalone, near_acc.id, points)
    assert cerca.profesional_id == uuid.UUID(near["id"])
    assert cerca.usuario_id == near_acc.id
    assert [(str(m.pedido_id), m.distancia_km) for m in cerca.matches] == [
        (p_center["pedido_id"], 3.0),
        (p_north["pedido_id"], 5.0),
    ]
    borde = await covered(standalone, edge_acc.id, points)
    assert [(str(m.pedido_id), m.distancia_km) for m in borde.matches] == [  # nearest first
        (p_north["pedido_id"], 1.0),
        (p_center["pedido_id"], 9.0),
    ]
    medio = await covered(standalone, mid_acc.id, points)
    assert {str(m.pedido_id) for m in medio.matches} == {
        p_center["pedido_id"],
        p_north["pedido_id"],
        p_other["pedido_id"],
    }
    for nobody in (banned_acc, pending):
        answer_for = await covered(standalone, nobody.id, points)
        assert answer_for.matches == [], nobody.email
        assert answer_for.profesional_id is not None
    # 9 km from the center with an 8 km radius: not the center, but the point 1 km away.
    corto = await covered(standalone, short_acc.id, points)
    assert [(str(m.pedido_id), m.distancia_km) for m in corto.matches] == [(p_north["pedido_id"], 1.0)]
    assert [m.pedido_id for m in (await covered(standalone, wrong_acc.id, points)).matches] == [
        uuid.UUID(p_other["pedido_id"])
    ]
    # A user with no professional profile matches nothing; a client too.
    stranger = await covered(standalone, uuid.uuid4(), points)
    assert (stranger.profesional_id, stranger.matches) == (None, [])
    cliente = await register(api, "CLIENTE")
    assert (await covered(standalone, cliente.id, points)).matches == []
    # A pedido sent twice is answered once; no points, no matches.
    twice = await covered(standalone, near_acc.id, [p_center, p_center])
    assert len(twice.matches) == 1
    assert (await covered(standalone, near_acc.id, [])).matches == []

    # Both sides agree for every professional at every point.
    for acc in (near_acc, mid_acc, edge_acc, short_acc, wrong_acc, banned_acc, pending):
        mine = {m.pedido_id for m in (await covered(standalone, acc.id, points)).matches}
        for p in points:
            listed = {
                m.usuario_id
                for m in (
                    await matches(standalone, p["oficio_id"], p["latitude"], p["longitude"])
                ).profesionales
            }
            assert (uuid.UUID(p["pedido_id"]) in mine) == (acc.id in listed), (acc.email, p)

    # Unbanned, the professional matches again; a deactivated oficio matches nobody.
    assert (
        await api.post(f"{API}/admin/users/{banned_acc.id}/unban", headers=admin.headers)
    ).status_code == 200

    async def back() -> bool:
        return bool((await covered(standalone, banned_acc.id, [p_center])).matches)

    await eventually(back)
    toggled = await api.patch(f"{API}/admin/oficios/{other['id']}/toggle", headers=admin.headers)
    assert toggled.status_code == 200
    assert toggled.json()["activo"] is False
    assert (await matches(standalone, other["id"])).profesionales == []
    assert (await covered(standalone, wrong_acc.id, [p_other])).matches == []


async def test_requests_are_validated_and_internal(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    chat = standalone.ctx("chat").clients
    good = {"oficio_id": oficio["id"], "latitude": LAT, "longitude": LNG}
    for bad in (
        {**good, "limit": 0},
        {**good, "limit": MATCHING_MAX_LIMIT + 1},
        {**good, "latitude": 91},
        {**good, "longitude": -181},
        {**good, "oficio_id": "plomería"},
        {"latitude": LAT, "longitude": LNG},
    ):
        assert (await chat.request("professionals", "POST", MATCHING, json=bad)).status_code == 422, bad
    assert (
        await chat.request("professionals", "POST", MATCHING, json={**good, "limit": MATCHING_MAX_LIMIT})
    ).status_code == 200
    pro = await register(api, "PROFESIONAL")
    many = [point(oficio["id"]) for _ in range(COVERAGE_MAX_POINTS + 1)]
    for bad_coverage in (
        {"usuario_id": str(pro.id), "points": many},
        {"usuario_id": str(pro.id), "points": [{**point(oficio["id"]), "latitude": -95}]},
        {"usuario_id": str(pro.id), "points": [{"pedido_id": str(uuid.uuid4()), "oficio_id": oficio["id"]}]},
        {"usuario_id": "nadie", "points": []},
    ):
        response = await chat.request("professionals", "POST", COVERAGE, json=bad_coverage)
        assert response.status_code == 422
    full = {"usuario_id": str(pro.id), "points": many[:COVERAGE_MAX_POINTS]}
    assert (await chat.request("professionals", "POST", COVERAGE, json=full)).status_code == 200
    # Only other services (a service token) may ask; a person's token is not one, nor is no token.
    app = standalone.host.services["professionals"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as raw:
        for path, body in ((MATCHING, good), (COVERAGE, {"usuario_id": str(pro.id), "points": []})):
            assert (await raw.post(path, json=body)).status_code == 401
            assert (await raw.post(path, json=body, headers=pro.headers)).status_code == 401
            assert (await raw.post(path, json=body, headers=admin.headers)).status_code == 401
    # Never routed by the gateway.
    assert (
        await api.post(f"{API}/internal/v1/pedidos/profesionales", json=good, headers=admin.headers)
    ).status_code == 404


# --- both backends: matching is search, from both sides ---------------------------------------------

CENTER = (-34.6037, -58.3816)
OFICIOS = (1, 2, 3)


def oficio_uuid(clave: int) -> uuid.UUID:
    return uuid.UUID(int=clave, version=4)


def dataset(seed: int = 13) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pros: list[dict[str, Any]] = []
    for i in range(240):
        if i % 30 == 29:  # the same place as the one before: distance ties, settled by profile id
            lat, lng = pros[-1]["lat"], pros[-1]["lng"]
        else:
            lat, lng = rng.gauss(CENTER[0], 0.1), rng.gauss(CENTER[1], 0.12)
        pros.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "usuario_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "lat": lat,
                "lng": lng,
                "radio": rng.choice((2, 5, 8, 10, 15, 25)),
                "estado": rng.choice(("APROBADO",) * 6 + ("EN_REVISION", "PENDIENTE")),
                "activo": rng.random() > 0.1,  # about one in ten banned
                "oficios": sorted(rng.sample(OFICIOS, rng.choice((1, 1, 2)))),
            }
        )
    return pros


async def load(url: str, pros: list[dict[str, Any]]) -> Database:
    await upgrade_async(SERVICES["professionals"].migrations, url)
    db = Database(url)
    async with db.session() as session:
        for clave in OFICIOS:
            session.add(
                Oficio(id=oficio_uuid(clave), clave=clave, nombre=f"O{clave}", nombre_normalizado=f"o{clave}")
            )
        await session.flush()
        for i, pro in enumerate(pros):
            profile = ProfessionalProfile(
                id=pro["id"],
                usuario_id=pro["usuario_id"],
                email=f"m{i}@example.com",
                nombre=f"N{i}",
                apellido="A",
                estado_verificacion=pro["estado"],
                is_active_copy=pro["activo"],
                radio_cobertura_km=pro["radio"],
                latitude=pro["lat"],
                longitude=pro["lng"],
            )
            session.add(profile)
            await session.flush()
            session.add_all(
                [
                    ProfesionalOficio(profesional_id=pro["id"], oficio_id=oficio_uuid(k))
                    for k in pro["oficios"]
                ]
            )
            await search_index.sync(session, profile)
    return db


def reference(pros: list[dict[str, Any]], clave: int, lat: float, lng: float) -> list[uuid.UUID]:
    """SPEC §10's rule in plain Python, nearest first (ties by profile id)."""
    point = domain.unit_vector(lat, lng)
    found = []
    for pro in pros:
        if pro["estado"] != "APROBADO" or not pro["activo"] or clave not in pro["oficios"]:
            continue
        v = domain.unit_vector(pro["lat"], pro["lng"])
        closeness = v[0] * point[0] + v[1] * point[1] + v[2] * point[2]
        if closeness >= domain.cos_radius(pro["radio"]):
            found.append((-closeness, pro["id"]))
    return [pro_id for _, pro_id in sorted(found)]


async def test_matching_agrees_with_search_on_sqlite_and_postgis(pg_url: str, tmp_path: Path) -> None:
    pros = dataset()
    rng = random.Random(17)
    points = [(CENTER[0] + rng.uniform(-0.15, 0.15), CENTER[1] + rng.uniform(-0.15, 0.15)) for _ in range(12)]
    points += [CENTER, (-33.0, -61.0)]  # the middle of the crowd, and nowhere
    sqlite = await load(f"sqlite+aiosqlite:///{tmp_path / 'matching.db'}", pros)
    postgis = await load(pg_url, pros)
    try:
        non_empty = 0
        for db in (sqlite, postgis):
            ctx: Any = types.SimpleNamespace(db=db)
            pedidos = {
                uuid.UUID(int=index, version=4): (clave, lat, lng)
                for index, ((lat, lng), clave) in enumerate(itertools.product(points, OFICIOS))
            }
            listed: dict[uuid.UUID, set[uuid.UUID]] = {}
            for pedido_id, (clave, lat, lng) in pedidos.items():
                expected = reference(pros, clave, lat, lng)
                non_empty += bool(expected)
                answer = await matching.matching_professionals(
                    ctx,
                    MatchingRequest(
                        oficio_id=oficio_uuid(clave), latitude=lat, longitude=lng, limit=MATCHING_MAX_LIMIT
                    ),
                )
                assert [p.id for p in answer.profesionales] == expected, (db.dialect, clave, lat, lng)
                assert answer.hay_mas is False
                # The same as search's nearest-first pages, on both PostgreSQL paths.
                for threshold in (search_index.DENSE_THRESHOLD, 3):
                    async with db.session(write=False) as session:
                        page = await search_index.search(
                            session,
                            search_index.SearchQuery(
                                clave, lat, lng, SearchFilters(), SortBy.DISTANCIA, 0, 500
                            ),
                            dense_threshold=threshold,
                        )
                    assert [h.candidate.profesional_id for h in page.hits] == expected
                # Bounded pages are the list's head.
                head = await matching.matching_professionals(
                    ctx, MatchingRequest(oficio_id=oficio_uuid(clave), latitude=lat, longitude=lng, limit=3)
                )
                assert [p.id for p in head.profesionales] == expected[:3]
                assert head.hay_mas is (len(expected) > 3)
                by_user = {p["id"]: p["usuario_id"] for p in pros}
                assert [p.usuario_id for p in answer.profesionales] == [by_user[i] for i in expected]
                listed[pedido_id] = {by_user[i] for i in expected}
            # From each professional's side, the same pairs.
            request_points = [
                PedidoPoint(pedido_id=pedido_id, oficio_id=oficio_uuid(clave), latitude=lat, longitude=lng)
                for pedido_id, (clave, lat, lng) in pedidos.items()
            ]
            for pro in pros:
                answer_for = await matching.coverage(
                    ctx, CoverageRequest(usuario_id=pro["usuario_id"], points=request_points)
                )
                assert {m.pedido_id for m in answer_for.matches} == {
                    pedido_id for pedido_id, users in listed.items() if pro["usuario_id"] in users
                }, (db.dialect, pro)
                distances = [m.distancia_km for m in answer_for.matches]
                assert distances == sorted(distances)
        assert non_empty > len(points)  # the data set matches something for most points
    finally:
        await sqlite.dispose()
        await postgis.dispose()


# --- the read model's user id: migration, backfill, downgrade ------------------------------------------

MIGRATIONS = SERVICES["professionals"].migrations


def _search_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [
        d
        for d in compare_metadata(context, Base.metadata)
        if "usuario_id" in repr(d) and "rtree" not in repr(d)
    ]


def _columns(connection: Connection) -> set[str]:
    return {c["name"] for c in inspect(connection).get_columns("professional_search")}


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
async def test_the_migration_fills_the_user_ids_and_goes_back(pg_url: str, tmp_path: Path) -> None:
    pros = dataset()[:30]
    for url in (pg_url, f"sqlite+aiosqlite:///{tmp_path / 'migration.db'}"):
        await asyncio.to_thread(upgrade, MIGRATIONS, url, "07f4f5c503e2")
        db = Database(url)
        try:
            # Rows written before the column existed (their values as sync would write them).
            async with db.session() as session:
                for clave in OFICIOS:
                    session.add(
                        Oficio(
                            id=oficio_uuid(clave),
                            clave=clave,
                            nombre=f"O{clave}",
                            nombre_normalizado=f"o{clave}",
                        )
                    )
                for i, pro in enumerate(pros):
                    session.add(
                        ProfessionalProfile(
                            id=pro["id"],
                            usuario_id=pro["usuario_id"],
                            email=f"g{i}@example.com",
                            nombre="N",
                            apellido="A",
                            estado_verificacion="APROBADO",
                            latitude=pro["lat"],
                            longitude=pro["lng"],
                        )
                    )
                await session.flush()
                rows = [
                    {k: v for k, v in row.items() if k != "usuario_id"}
                    for pro in pros
                    for row in search_index.search_rows(
                        profesional_id=pro["id"],
                        oficio_keys=pro["oficios"],
                        lat=pro["lat"],
                        lng=pro["lng"],
                        radio_km=pro["radio"],
                        nivel="BRONCE",
                        rating_suma=0,
                        total_resenas=0,
                        tarifa_centavos=None,
                        acepta_instant=False,
                        nombre="N",
                        apellido="A",
                        avatar_url=None,
                    )
                ]
                await session.execute(insert(search_index.S), rows)
            await asyncio.to_thread(upgrade, MIGRATIONS, url)
            async with db.engine.connect() as connection:
                assert await connection.run_sync(_search_differences) == []
            async with db.session(write=False) as session:
                filled = (
                    await session.execute(
                        select(search_index.S.c.profesional_id, search_index.S.c.usuario_id)
                    )
                ).all()
            by_profile = {p["id"]: p["usuario_id"] for p in pros}
            assert len(filled) == len(rows)
            assert all(usuario_id == by_profile[profile_id] for profile_id, usuario_id in filled)
            # Matching answers from the column alone.
            ctx: Any = types.SimpleNamespace(db=db)
            clave = pros[0]["oficios"][0]
            answer = await matching.matching_professionals(
                ctx,
                MatchingRequest(
                    oficio_id=oficio_uuid(clave), latitude=pros[0]["lat"], longitude=pros[0]["lng"]
                ),
            )
            assert pros[0]["usuario_id"] in {p.usuario_id for p in answer.profesionales}

            await asyncio.to_thread(downgrade, MIGRATIONS, url, "07f4f5c503e2")
            async with db.engine.connect() as connection:
                assert "usuario_id" not in await connection.run_sync(_columns)
            # The table still takes rows after the way back (on SQLite its R*Tree triggers survived).
            async with db.session() as session:
                await session.execute(insert(search_index.S), rows[:1])
                count = await session.scalar(select(func.count()).select_from(search_index.S))
                if db.dialect == "sqlite":
                    indexed = await session.scalar(text("SELECT count(*) FROM professional_search_rtree"))
                    assert indexed == count
            assert count == len(rows) + 1
        finally:
            await db.dispose()
