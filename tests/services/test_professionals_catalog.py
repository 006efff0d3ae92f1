"""Oficios and instant services: the admin catalog, the professionals' choices and prices, GET /servicios and
the internal offer lookup the chat service uses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from conectar.contracts.professionals import InstantOffer
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def test_admin_creates_oficios_unique_regardless_of_case(
    api: httpx.AsyncClient, admin: Account
) -> None:
    name = f"Herrería {uuid.uuid4().hex[:6]}"
    response = await api.post(f"{API}/admin/oficios", json={"nombre": name}, headers=admin.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert {"id", "nombre", "descripcion"} <= set(body)
    assert (body["nombre"], body["descripcion"]) == (name, "")
    again = await api.post(
        f"{API}/admin/oficios", json={"nombre": f"  {name.upper()} "}, headers=admin.headers
    )
    assert again.status_code == 400
    for bad in ({"nombre": "ab"}, {"nombre": "x" * 101}, {}):
        assert (await api.post(f"{API}/admin/oficios", json=bad, headers=admin.headers)).status_code == 422


async def test_only_admins_manage_the_catalog(api: httpx.AsyncClient, admin: Account) -> None:
    pro = await register(api, "PROFESIONAL")
    client = await register(api, "CLIENTE")
    oficio = await create_oficio(api, admin)
    tag = uuid.uuid4().hex[:6]
    for user in (pro, client):
        post = await api.post(f"{API}/admin/oficios", json={"nombre": "x"}, headers=user.headers)
        assert post.status_code == 403  # the role check comes before the body's validation
        intruder = {"nombre": f"Intruso {tag}"}
        assert (
            await api.post(f"{API}/admin/oficios", json=intruder, headers=user.headers)
        ).status_code == 403
        assert (
            await api.put(
                f"{API}/admin/oficios/{oficio['id']}", json={"nombre": f"Otro {tag}"}, headers=user.headers
            )
        ).status_code == 403
        assert (
            await api.patch(f"{API}/admin/oficios/{oficio['id']}/toggle", headers=user.headers)
        ).status_code == 403
        servicio = {"nombre": "Algo", "oficio_id": oficio["id"]}
        assert (
            await api.post(f"{API}/admin/servicios-instant", json=servicio, headers=user.headers)
        ).status_code == 403
    assert (await api.post(f"{API}/admin/oficios", json={"nombre": f"Sin token {tag}"})).status_code == 401
    # the catalog is as the admin left it: same name, still active, nothing added
    listed = (await api.get(f"{API}/admin/oficios", headers=admin.headers)).json()
    assert [o for o in listed if o["id"] == oficio["id"]] == [{**oficio, "activo": True}]
    assert [o["nombre"] for o in listed if tag in o["nombre"]] == []
    servicios = await api.get(f"{API}/admin/oficios/{oficio['id']}/servicios-instant", headers=admin.headers)
    assert servicios.json() == []


async def test_listings_by_name_for_signed_in_users_and_anyone(
    api: httpx.AsyncClient, admin: Account
) -> None:
    tag = uuid.uuid4().hex[:6]
    names = [f"Zócalos {tag}", f"Árboles {tag}", f"Baños {tag}"]
    created = [await create_oficio(api, admin, name) for name in names]
    client = await register(api, "CLIENTE")
    signed_in = await api.get(f"{API}/admin/oficios", headers=client.headers)
    assert signed_in.status_code == 200
    mine = [o["nombre"] for o in signed_in.json() if tag in o["nombre"]]
    assert mine == [f"Árboles {tag}", f"Baños {tag}", f"Zócalos {tag}"]
    assert all(isinstance(o["descripcion"], str) for o in signed_in.json())
    assert (await api.get(f"{API}/admin/oficios")).status_code == 401
    public = await api.get(f"{API}/public/oficios")
    assert public.status_code == 200
    assert [o["nombre"] for o in public.json() if tag in o["nombre"]] == mine
    # Deactivated: gone from the public list, still in the admin's.
    toggled = await api.patch(f"{API}/admin/oficios/{created[0]['id']}/toggle", headers=admin.headers)
    assert toggled.json()["activo"] is False
    assert names[0] not in [o["nombre"] for o in (await api.get(f"{API}/public/oficios")).json()]
    assert names[0] in [
        o["nombre"] for o in (await api.get(f"{API}/admin/oficios", headers=admin.headers)).json()
    ]
    toggled = await api.patch(f"{API}/admin/oficios/{created[0]['id']}/toggle", headers=admin.headers)
    assert toggled.json()["activo"] is True


async def test_rename_describe_and_unknown(api: httpx.AsyncClient, admin: Account) -> None:
    first, second = await create_oficio(api, admin), await create_oficio(api, admin)
    url = f"{API}/admin/oficios/{first['id']}"
    renamed = await api.put(
        url, json={"nombre": "Vidriería " + first["id"][:6], "descripcion": "Vidrios"}, headers=admin.headers
    )
    assert renamed.status_code == 200
    assert renamed.json()["descripcion"] == "Vidrios"
    clash = await api.put(url, json={"nombre": second["nombre"].lower()}, headers=admin.headers)
    assert clash.status_code == 400
    missing = await api.put(
        f"{API}/admin/oficios/{uuid.uuid4()}", json={"nombre": "Nada"}, headers=admin.headers
    )
    assert missing.status_code == 404
    assert (
        await api.patch(f"{API}/admin/oficios/{uuid.uuid4()}/toggle", headers=admin.headers)
    ).status_code == 404


async def test_oficios_carry_their_dates(api: httpx.AsyncClient, admin: Account) -> None:
    """SPEC's convention: ``fecha_creacion`` and ``fecha_actualizacion`` on every resource, oficios too."""
    before = datetime.now(UTC)
    oficio = await create_oficio(api, admin)
    created = datetime.fromisoformat(oficio["fecha_creacion"])
    assert created.utcoffset() is not None
    assert before - timedelta(seconds=5) <= created <= datetime.now(UTC)
    assert created <= datetime.fromisoformat(oficio["fecha_actualizacion"]) <= created + timedelta(seconds=1)
    renamed = await api.put(
        f"{API}/admin/oficios/{oficio['id']}",
        json={"descripcion": "Con fecha"},
        headers=admin.headers,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["fecha_creacion"] == oficio["fecha_creacion"]
    assert datetime.fromisoformat(renamed.json()["fecha_actualizacion"]) > created
    pro = await register(api, "PROFESIONAL")
    chosen = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    public = (await api.get(f"{API}/public/oficios")).json()
    staff = (await api.get(f"{API}/admin/oficios", headers=admin.headers)).json()
    me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()["oficios"]
    for listing in (chosen.json(), public, staff, me):
        [listed] = [o for o in listing if o["id"] == oficio["id"]]
        assert listed["fecha_creacion"] == oficio["fecha_creacion"]
        assert listed["fecha_actualizacion"] == renamed.json()["fecha_actualizacion"]


async def test_professional_replaces_their_oficios(api: httpx.AsyncClient, admin: Account) -> None:
    pro = await register(api, "PROFESIONAL")
    first, second, third = [await create_oficio(api, admin) for _ in range(3)]
    url = f"{API}/professional/profile/oficios"
    response = await api.put(
        url, json={"oficio_ids": [first["id"], second["id"], first["id"]]}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    assert sorted(o["id"] for o in response.json()) == sorted([first["id"], second["id"]])
    assert all(set(o) >= {"id", "nombre", "descripcion"} for o in response.json())
    response = await api.put(url, json={"oficio_ids": [third["id"]]}, headers=pro.headers)
    assert [o["id"] for o in response.json()] == [third["id"]]
    me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    assert [o["id"] for o in me["oficios"]] == [third["id"]]
    unknown = await api.put(url, json={"oficio_ids": [third["id"], str(uuid.uuid4())]}, headers=pro.headers)
    assert unknown.status_code == 404
    assert [
        o["id"] for o in (await api.get(f"{API}/professional/me", headers=pro.headers)).json()["oficios"]
    ] == [third["id"]]
    await api.patch(f"{API}/admin/oficios/{first['id']}/toggle", headers=admin.headers)
    assert (await api.put(url, json={"oficio_ids": [first["id"]]}, headers=pro.headers)).status_code == 400
    assert (await api.put(url, json={"oficio_ids": ["no-es-un-id"]}, headers=pro.headers)).status_code == 422
    assert (await api.put(url, json={"oficio_ids": []}, headers=pro.headers)).json() == []


async def test_instant_service_catalog(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    url = f"{API}/admin/servicios-instant"
    created = await api.post(
        url, json={"nombre": "Destapar una cañería", "oficio_id": oficio["id"]}, headers=admin.headers
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["nombre"], body["descripcion"], body["oficio_id"]) == (
        "Destapar una cañería",
        "",
        oficio["id"],
    )
    unknown = await api.post(
        url, json={"nombre": "Algo", "oficio_id": str(uuid.uuid4())}, headers=admin.headers
    )
    assert unknown.status_code == 404
    client = await register(api, "CLIENTE")
    listed = await api.get(f"{API}/admin/oficios/{oficio['id']}/servicios-instant", headers=client.headers)
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()] == [body["id"]]
    missing = await api.get(f"{API}/admin/oficios/{uuid.uuid4()}/servicios-instant", headers=client.headers)
    assert missing.status_code == 404
    assert (await api.get(f"{API}/admin/oficios/{oficio['id']}/servicios-instant")).status_code == 401


async def test_offers_prices_and_what_clients_can_hire(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    make = f"{API}/admin/servicios-instant"
    s1 = (
        await api.post(
            make, json={"nombre": "Cambiar un cuerito", "oficio_id": oficio["id"]}, headers=admin.headers
        )
    ).json()
    s2 = (
        await api.post(
            make, json={"nombre": "Instalar una canilla", "oficio_id": oficio["id"]}, headers=admin.headers
        )
    ).json()
    pro, profile = await approved_professional(
        api,
        admin,
        lat=-34.6,
        lng=-58.4,
        oficio_ids=[oficio["id"]],
        radio_cobertura_km=10,
        acepta_instant=True,
    )
    offers = f"{API}/professional/profile/servicios-instant"
    response = await api.put(
        offers, json={"servicio_ids": [s1["id"], s2["id"], s1["id"]]}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    assert {o["id"]: o["precio_fijo"] for o in response.json()} == {s1["id"]: None, s2["id"]: None}
    priced = await api.put(
        f"{API}/professional/servicios-instant/{s1['id']}",
        json={"precio_fijo": "15000.50"},
        headers=pro.headers,
    )
    assert priced.status_code == 200, priced.text
    assert priced.json()["precio_fijo"] == 15000.5
    for bad in ({"precio_fijo": 0}, {"precio_fijo": -5}, {"precio_fijo": "1.001"}, {}):
        assert (
            await api.put(f"{API}/professional/servicios-instant/{s1['id']}", json=bad, headers=pro.headers)
        ).status_code == 422
    assert (
        await api.put(
            f"{API}/professional/servicios-instant/{uuid.uuid4()}",
            json={"precio_fijo": 10},
            headers=pro.headers,
        )
    ).status_code == 404
    # Replacing the set keeps the prices of the services that stay.
    kept = await api.put(offers, json={"servicio_ids": [s1["id"]]}, headers=pro.headers)
    assert [(o["id"], o["precio_fijo"]) for o in kept.json()] == [(s1["id"], 15000.5)]
    assert (
        await api.put(offers, json={"servicio_ids": [str(uuid.uuid4())]}, headers=pro.headers)
    ).status_code == 404

    inside = await api.get(
        f"{API}/servicios", params={"oficio_id": oficio["id"], "lat": -34.62, "lng": -58.41}
    )
    assert inside.status_code == 200
    assert [(s["servicio_id"], s["profesional_id"], s["precio_fijo"]) for s in inside.json()] == [
        (s1["id"], profile["id"], 15000.5)
    ]
    assert inside.json()[0]["usuario_id"] == str(pro.id)
    assert inside.json()[0]["distancia_km"] == pytest.approx(2.4, abs=0.2)
    outside = await api.get(
        f"{API}/servicios", params={"oficio_id": oficio["id"], "lat": -34.9, "lng": -58.4}
    )
    assert outside.json() == []

    internal = standalone.ctx("users").clients
    offer = InstantOffer.model_validate(
        await internal.call(
            "professionals", "GET", f"/internal/v1/servicios-instant/{s1['id']}/profesionales/{pro.id}"
        )
    )
    assert (offer.profesional_id, offer.usuario_id, offer.precio_fijo) == (
        uuid.UUID(profile["id"]),
        pro.id,
        Decimal("15000.50"),
    )
    assert offer.oficio_id == uuid.UUID(oficio["id"])
    not_offered = await internal.request(
        "professionals", "GET", f"/internal/v1/servicios-instant/{s2['id']}/profesionales/{pro.id}"
    )
    assert not_offered.status_code == 404
    # Not accepting instant hires: neither listed nor hireable.
    await api.put(f"{API}/professional/profile", json={"acepta_instant": False}, headers=pro.headers)
    assert (
        await api.get(f"{API}/servicios", params={"oficio_id": oficio["id"], "lat": -34.62, "lng": -58.41})
    ).json() == []
    refused = await internal.request(
        "professionals", "GET", f"/internal/v1/servicios-instant/{s1['id']}/profesionales/{pro.id}"
    )
    assert refused.status_code == 404


async def test_unapproved_professionals_offer_nothing(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    servicio = (
        await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": "Medir la presión", "oficio_id": oficio["id"]},
            headers=admin.headers,
        )
    ).json()
    pro = await register(api, "PROFESIONAL")
    await api.put(
        f"{API}/professional/me",
        json={"latitude": -31.4, "longitude": -64.2, "acepta_instant": True},
        headers=pro.headers,
    )
    await api.put(
        f"{API}/professional/servicios-instant/{servicio['id']}",
        json={"precio_fijo": 9000},
        headers=pro.headers,
    )
    assert (
        await api.get(f"{API}/servicios", params={"oficio_id": oficio["id"], "lat": -31.4, "lng": -64.2})
    ).json() == []
    response = await standalone.ctx("users").clients.request(
        "professionals", "GET", f"/internal/v1/servicios-instant/{servicio['id']}/profesionales/{pro.id}"
    )
    assert response.status_code == 404
    assert (await api.get(f"{API}/servicios", params={"lat": -31.4})).status_code == 400
    for bad in (
        {"page": 0},
        {"page": 10**19},
        {"limit": 101},
    ):  # a page past the databases' integers was a 500
        assert (await api.get(f"{API}/servicios", params=bad)).status_code == 422, bad


async def test_admin_edits_and_toggles_instant_services(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    servicio = (
        await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": "Purgar radiadores", "oficio_id": oficio["id"]},
            headers=admin.headers,
        )
    ).json()
    url = f"{API}/admin/servicios-instant/{servicio['id']}"
    edited = await api.put(
        url,
        json={"nombre": "Purgar radiadores (hasta 5)", "descripcion": "Con revisión"},
        headers=admin.headers,
    )
    assert edited.status_code == 200
    assert (edited.json()["nombre"], edited.json()["descripcion"]) == (
        "Purgar radiadores (hasta 5)",
        "Con revisión",
    )
    pro = await register(api, "PROFESIONAL")
    assert (await api.put(url, json={"nombre": "Otro"}, headers=pro.headers)).status_code == 403
    assert (
        await api.put(
            f"{API}/admin/servicios-instant/{uuid.uuid4()}", json={"nombre": "Nada"}, headers=admin.headers
        )
    ).status_code == 404
    offers = f"{API}/professional/profile/servicios-instant"
    await api.put(offers, json={"servicio_ids": [servicio["id"]]}, headers=pro.headers)
    listed = await api.get(offers, headers=pro.headers)
    assert [(o["id"], o["nombre"], o["activo"]) for o in listed.json()] == [
        (servicio["id"], "Purgar radiadores (hasta 5)", True)
    ]
    toggled = await api.patch(f"{url}/toggle", headers=admin.headers)
    assert toggled.json()["activo"] is False
    # Deactivated: hidden from signed-in users' listing (not from the admin's), and not offerable anew.
    listing = f"{API}/admin/oficios/{oficio['id']}/servicios-instant"
    assert (await api.get(listing, headers=pro.headers)).json() == []
    assert [s["id"] for s in (await api.get(listing, headers=admin.headers)).json()] == [servicio["id"]]
    kept = await api.put(offers, json={"servicio_ids": [servicio["id"]]}, headers=pro.headers)
    assert kept.status_code == 200  # already offered: may stay
    assert kept.json()[0]["activo"] is False
    other = await register(api, "PROFESIONAL")
    assert (
        await api.put(offers, json={"servicio_ids": [servicio["id"]]}, headers=other.headers)
    ).status_code == 400


async def test_what_clients_can_hire_nearest_then_cheapest_in_pages(
    api: httpx.AsyncClient, admin: Account
) -> None:
    lat, lng, km = -41.13, -71.31, 1 / 111.195  # Bariloche: nobody else's offers in this module
    oficio, other = await create_oficio(api, admin), await create_oficio(api, admin)

    async def servicio(of: dict[str, Any], nombre: str) -> str:
        response = await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": nombre, "oficio_id": of["id"]},
            headers=admin.headers,
        )
        return str(response.json()["id"])

    s1, s2, s3 = await servicio(oficio, "Uno"), await servicio(oficio, "Dos"), await servicio(other, "Tres")

    async def pro(km_north: float, prices: dict[str, int]) -> str:
        user, profile = await approved_professional(
            api,
            admin,
            lat=lat + km_north * km,
            lng=lng,
            oficio_ids=[oficio["id"], other["id"]],
            acepta_instant=True,
        )
        for servicio_id, precio in prices.items():
            priced = await api.put(
                f"{API}/professional/servicios-instant/{servicio_id}",
                json={"precio_fijo": precio},
                headers=user.headers,
            )
            assert priced.status_code == 200, priced.text
        return str(profile["id"])

    near = await pro(1, {s1: 20000, s2: 10000})
    far = await pro(3, {s1: 5000, s3: 7000})
    beyond = await pro(12, {s1: 100})  # its 10 km do not reach the point
    ours = {near, far, beyond}

    async def hireable(**params: Any) -> list[tuple[str, str, float]]:
        response = await api.get(f"{API}/servicios", params=params)
        assert response.status_code == 200, response.text
        return [
            (s["profesional_id"], s["servicio_id"], s["precio_fijo"])
            for s in response.json()
            if s["profesional_id"] in ours
        ]

    here = {"lat": lat, "lng": lng}
    assert await hireable(oficio_id=oficio["id"], **here) == [
        (near, s2, 10000),
        (near, s1, 20000),
        (far, s1, 5000),
    ]
    assert await hireable(oficio_id=oficio["id"], page=2, limit=2, **here) == [(far, s1, 5000)]
    assert await hireable(**here) == [(near, s2, 10000), (near, s1, 20000), (far, s1, 5000), (far, s3, 7000)]
    # Without a point: anywhere, cheapest first.
    assert await hireable(oficio_id=oficio["id"], limit=100) == [
        (beyond, s1, 100),
        (far, s1, 5000),
        (near, s2, 10000),
        (near, s1, 20000),
    ]
