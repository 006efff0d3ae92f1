"""Search through the API (SPEC §3): the coverage-circle rule, filters, sorts, pagination, rounding, the
POST shape, and the read model following every profile change."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio

LAT, LNG = -34.6, -58.4
KM = 1 / 111.195  # degrees of latitude per kilometre on the search sphere
RESULT_FIELDS = {
    "id",
    "usuario_id",
    "nombre",
    "apellido",
    "avatar_url",
    "nivel",
    "radio_cobertura_km",
    "acepta_instant",
    "tarifa_por_hora",
    "rating_promedio",
    "total_resenas",
    "distancia_km",
    "tiempo_respuesta_mediano_min",
}


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def search(
    api: httpx.AsyncClient, oficio_id: str, lat: float = LAT, lng: float = LNG, **params: Any
) -> list[dict[str, Any]]:
    response = await api.get(
        f"{API}/search/professionals", params={"oficio_id": oficio_id, "lat": lat, "lng": lng, **params}
    )
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def pro_at(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any], km_north: float, **profile: Any
) -> dict[str, Any]:
    _, body = await approved_professional(
        api, admin, lat=LAT + km_north * KM, lng=LNG, oficio_ids=[oficio["id"]], **profile
    )
    return body


async def test_the_professionals_own_circle_must_contain_the_point(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    covers = await pro_at(api, admin, oficio, 9, radio_cobertura_km=10, nombre="Llega")
    short = await pro_at(api, admin, oficio, 9, radio_cobertura_km=8, nombre="NoLlega")
    far_big = await pro_at(api, admin, oficio, 40, radio_cobertura_km=50, nombre="Lejos")
    results = await search(api, oficio["id"])
    assert [r["id"] for r in results] == [covers["id"], far_big["id"]]
    assert short["id"] not in [r["id"] for r in results]
    first = results[0]
    assert set(first) == RESULT_FIELDS
    # The profile's id and the user's, each as its own field (the user id opens a chat or a hire).
    assert (first["id"], first["usuario_id"]) == (covers["id"], covers["usuario_id"])
    assert first["distancia_km"] == 9.0
    assert results[1]["distancia_km"] == 40.0
    assert "latitude" not in first
    assert "longitude" not in first


async def test_only_approved_professionals_of_that_oficio(api: httpx.AsyncClient, admin: Account) -> None:
    oficio, other = await create_oficio(api, admin), await create_oficio(api, admin)
    listed = await pro_at(api, admin, oficio, 1)
    await pro_at(api, admin, other, 1)
    pending = await register(api, "PROFESIONAL")
    await api.put(f"{API}/professional/me", json={"latitude": LAT, "longitude": LNG}, headers=pending.headers)
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pending.headers
    )
    assert [r["id"] for r in await search(api, oficio["id"])] == [listed["id"]]
    assert await search(api, str(uuid.uuid4())) == []
    await api.patch(f"{API}/admin/oficios/{oficio['id']}/toggle", headers=admin.headers)
    assert await search(api, oficio["id"]) == []


async def test_filters_sorts_and_pages(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    near = await pro_at(api, admin, oficio, 1, tarifa_por_hora=9000, acepta_instant=True)
    mid = await pro_at(api, admin, oficio, 3, tarifa_por_hora=4000)
    far = await pro_at(api, admin, oficio, 6)  # no rate: last by price
    ids = {near["id"]: "near", mid["id"]: "mid", far["id"]: "far"}

    def names(results: list[dict[str, Any]]) -> list[str]:
        return [ids[r["id"]] for r in results]

    assert names(await search(api, oficio["id"])) == ["near", "mid", "far"]
    assert names(await search(api, oficio["id"], sort_by="distancia")) == ["near", "mid", "far"]
    assert names(await search(api, oficio["id"], sort_by="precio")) == ["mid", "near", "far"]
    assert names(await search(api, oficio["id"], acepta_instant=True)) == ["near"]
    assert names(await search(api, oficio["id"], acepta_instant=False)) == ["mid", "far"]
    assert names(await search(api, oficio["id"], precio_maximo=5000)) == ["mid"]
    assert names(await search(api, oficio["id"], nivel="BRONCE")) == ["near", "mid", "far"]
    assert await search(api, oficio["id"], nivel="ORO") == []
    assert await search(api, oficio["id"], rating_minimo=1) == []
    assert names(await search(api, oficio["id"], page=2, limit=2)) == ["far"]
    assert names(await search(api, oficio["id"], page=1, limit=2)) == ["near", "mid"]
    for bad in (
        {"limit": 51},
        {"limit": 0},
        {"page": 0},
        {"sort_by": "altura"},
        {"nivel": "PLATINO"},
        {"lat": 91},
    ):
        response = await api.get(
            f"{API}/search/professionals", params={"oficio_id": oficio["id"], "lat": LAT, "lng": LNG, **bad}
        )
        assert response.status_code == 422, bad
    assert (await api.get(f"{API}/search/professionals", params={"lat": LAT, "lng": LNG})).status_code == 422


async def test_sort_by_rating_and_level(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    from sqlalchemy import update

    from conectar.professionals import search_index
    from conectar.professionals.models import ProfessionalProfile

    oficio = await create_oficio(api, admin)
    a = await pro_at(api, admin, oficio, 1)
    b = await pro_at(api, admin, oficio, 2)
    c = await pro_at(api, admin, oficio, 3)
    ctx = standalone.ctx("professionals")
    # Give them reputations directly (events are tested elsewhere) and re-sync their search rows.
    values = {
        a["id"]: (3, 12, 1000, "PLATA"),
        b["id"]: (2, 10, 20000, "DIAMANTE"),
        c["id"]: (2, 10, 0, "BRONCE"),
    }
    async with ctx.db.session() as session:
        for profile_id, (total, suma, puntos, nivel) in values.items():
            await session.execute(
                update(ProfessionalProfile)
                .where(ProfessionalProfile.id == uuid.UUID(profile_id))
                .values(total_resenas=total, rating_suma=suma, puntos_experiencia=puntos, nivel=nivel)
            )
            profile = await session.get(ProfessionalProfile, uuid.UUID(profile_id), populate_existing=True)
            assert profile is not None
            await search_index.sync(session, profile)
    ids = {a["id"]: "a", b["id"]: "b", c["id"]: "c"}
    by_rating = await search(api, oficio["id"], sort_by="rating")
    # b and c tie on 5.0 with 2 reviews: the profile id breaks the tie.
    tied = sorted([b["id"], c["id"]])
    assert [r["id"] for r in by_rating] == [*tied, a["id"]]
    assert [r["rating_promedio"] for r in by_rating] == [5.0, 5.0, 4.0]
    assert [ids[r["id"]] for r in await search(api, oficio["id"], sort_by="nivel")] == ["b", "a", "c"]
    assert [ids[r["id"]] for r in await search(api, oficio["id"], rating_minimo=4.5)] == ["b", "c"]
    assert [ids[r["id"]] for r in await search(api, oficio["id"], nivel="PLATA")] == ["a"]


async def test_distance_is_rounded_to_a_tenth_of_a_km(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    await pro_at(api, admin, oficio, 2.34)
    await pro_at(api, admin, oficio, 2.36)
    assert [r["distancia_km"] for r in await search(api, oficio["id"])] == [2.3, 2.4]


async def test_post_search_shape_oficio_by_name_and_radius(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pros = [await pro_at(api, admin, oficio, km, radio_cobertura_km=30) for km in (1, 2, 5, 12, 20)]
    body = {"latitude": LAT, "longitude": LNG, "oficio": oficio["nombre"].upper(), "skip": 2, "limit": 2}
    response = await api.post(f"{API}/search", json=body)
    assert response.status_code == 200, response.text
    page = response.json()
    assert (page["total"], page["pagina"], page["total_paginas"]) == (5, 2, 3)
    assert [r["id"] for r in page["resultados"]] == [pros[2]["id"], pros[3]["id"]]
    assert set(page["resultados"][0]) == RESULT_FIELDS
    by_id = (
        await api.post(f"{API}/search", json={**body, "oficio": oficio["id"], "skip": 0, "limit": 50})
    ).json()
    assert by_id["total"] == 5
    near = (await api.post(f"{API}/search", json={**body, "skip": 0, "radio_km": 6})).json()
    assert (near["total"], [r["id"] for r in near["resultados"]]) == (3, [pros[0]["id"], pros[1]["id"]])
    cheap = (
        await api.post(f"{API}/search", json={**body, "skip": 0, "ordenar_por": "precio", "precio_maximo": 1})
    ).json()
    assert (cheap["total"], cheap["resultados"], cheap["total_paginas"]) == (0, [], 0)
    unknown = (await api.post(f"{API}/search", json={**body, "oficio": "No existe"})).json()
    assert (unknown["total"], unknown["resultados"]) == (0, [])
    for bad in ({"limit": 51}, {"latitude": -100}, {"ordenar_por": "altura"}, {"skip": -1}):
        assert (await api.post(f"{API}/search", json={**body, **bad})).status_code == 422
    missing = {"latitude": LAT, "longitude": LNG}
    assert (await api.post(f"{API}/search", json=missing)).status_code == 422


async def test_the_search_follows_every_profile_change(api: httpx.AsyncClient, admin: Account) -> None:
    oficio, other = await create_oficio(api, admin), await create_oficio(api, admin)
    pro, profile = await approved_professional(
        api, admin, lat=LAT + 5 * KM, lng=LNG, oficio_ids=[oficio["id"]], radio_cobertura_km=10
    )

    async def found() -> dict[str, Any] | None:
        results = await search(api, oficio["id"])
        return next((r for r in results if r["id"] == profile["id"]), None)

    assert (await found()) is not None
    await api.put(f"{API}/professional/profile", json={"radio_cobertura_km": 4}, headers=pro.headers)
    assert (await found()) is None
    await api.put(
        f"{API}/professional/profile",
        json={"radio_cobertura_km": 6, "tarifa_por_hora": 7000},
        headers=pro.headers,
    )
    hit = await found()
    assert hit is not None
    assert (hit["radio_cobertura_km"], hit["tarifa_por_hora"]) == (6, 7000)
    await api.put(
        f"{API}/professional/profile/location",
        json={"latitude": LAT + 20 * KM, "longitude": LNG},
        headers=pro.headers,
    )
    assert (await found()) is None
    await api.put(
        f"{API}/professional/profile/location", json={"latitude": LAT, "longitude": LNG}, headers=pro.headers
    )
    assert (await found()) is not None
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [other["id"]]}, headers=pro.headers
    )
    assert (await found()) is None
    assert [r["id"] for r in await search(api, other["id"])] == [profile["id"]]
