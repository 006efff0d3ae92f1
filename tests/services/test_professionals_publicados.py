"""Services professionals publish themselves (issue 20, row 7): their own name, description and fixed price
in one of their oficios (``/professional/servicios``), listed with the catalog's instant services in
``GET /servicios`` (``tipo``) and hired with ``POST /cliente/servicios/{id}/contratar`` and no body."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest

from conectar.contracts.professionals import InstantOffer
from tests.factories import Account, create_admin, pay_on_sandbox, register, wait_state
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio

MINE = f"{API}/professional/servicios"
POINT = {"lat": -34.62, "lng": -58.41}


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def placed_pro(
    api: httpx.AsyncClient, admin: Account, oficio_ids: list[str], **profile: Any
) -> tuple[Account, dict[str, Any]]:
    """An approved professional around Buenos Aires who accepts instant hires."""
    return await approved_professional(
        api,
        admin,
        lat=-34.6,
        lng=-58.4,
        oficio_ids=oficio_ids,
        radio_cobertura_km=10,
        **{"acepta_instant": True, **profile},
    )


async def publish(api: httpx.AsyncClient, pro: Account, oficio_id: str, **fields: Any) -> dict[str, Any]:
    body = {"nombre": "Destapación de cañería", "precio_fijo": 18000, "oficio_id": oficio_id, **fields}
    response = await api.post(MINE, json=body, headers=pro.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def listed(api: httpx.AsyncClient, **params: Any) -> list[dict[str, Any]]:
    response = await api.get(f"{API}/servicios", params={"limit": 100, **params})
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()
    return items


# --- a professional's own services --------------------------------------------------------------------------


async def test_a_professional_publishes_edits_and_removes_their_services(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio, otro = await create_oficio(api, admin), await create_oficio(api, admin)
    pro, profile = await placed_pro(api, admin, [oficio["id"], otro["id"]])
    created = await publish(
        api,
        pro,
        oficio["id"],
        nombre="  Cambio   de canilla ",
        descripcion=" Incluye materiales ",
        precio_fijo="15000.50",
    )
    assert {k: created[k] for k in ("nombre", "descripcion", "precio_fijo", "activo")} == {
        "nombre": "Cambio de canilla",
        "descripcion": "Incluye materiales",
        "precio_fijo": 15000.5,
        "activo": True,
    }
    assert (created["oficio_id"], created["oficio_nombre"]) == (oficio["id"], oficio["nombre"])
    assert created["profesional_id"] == profile["id"]
    assert datetime.fromisoformat(created["fecha_creacion"]) <= datetime.fromisoformat(
        created["fecha_actualizacion"]
    )
    second = await publish(api, pro, otro["id"], nombre="Instalación de termotanque")
    mine = (await api.get(MINE, headers=pro.headers)).json()
    assert [s["id"] for s in mine] == [second["id"], created["id"]]  # newest first
    # A partial update: only what is sent changes; a null description is no description.
    edited = await api.put(
        f"{MINE}/{created['id']}",
        json={"precio_fijo": 16000, "descripcion": None, "oficio_id": otro["id"]},
        headers=pro.headers,
    )
    assert edited.status_code == 200, edited.text
    assert {k: edited.json()[k] for k in ("nombre", "descripcion", "precio_fijo", "oficio_id")} == {
        "nombre": "Cambio de canilla",
        "descripcion": "",
        "precio_fijo": 16000.0,
        "oficio_id": otro["id"],
    }
    assert edited.json()["fecha_actualizacion"] > created["fecha_actualizacion"]
    assert edited.json()["fecha_creacion"] == created["fecha_creacion"]
    paused = await api.put(f"{MINE}/{created['id']}", json={"activo": False}, headers=pro.headers)
    assert paused.json()["activo"] is False
    assert (await api.put(f"{MINE}/{created['id']}", json={}, headers=pro.headers)).status_code == 200
    # Removed for good.
    removed = await api.delete(f"{MINE}/{created['id']}", headers=pro.headers)
    assert removed.status_code == 204
    assert removed.content == b""
    assert [s["id"] for s in (await api.get(MINE, headers=pro.headers)).json()] == [second["id"]]
    assert (await api.delete(f"{MINE}/{created['id']}", headers=pro.headers)).status_code == 404
    assert (
        await api.put(f"{MINE}/{created['id']}", json={"nombre": "Otra"}, headers=pro.headers)
    ).status_code == 404


async def test_only_in_the_professionals_own_active_oficios(api: httpx.AsyncClient, admin: Account) -> None:
    mio, ajeno = await create_oficio(api, admin), await create_oficio(api, admin)
    pro, _ = await placed_pro(api, admin, [mio["id"]])
    for oficio_id in (ajeno["id"], str(uuid.uuid4())):
        refused = await api.post(
            MINE, json={"nombre": "Algo", "precio_fijo": 100, "oficio_id": oficio_id}, headers=pro.headers
        )
        assert refused.status_code == 400, refused.text
        assert refused.json()["detail"] == "Elegí uno de tus oficios para publicar el servicio"
    created = await publish(api, pro, mio["id"])
    moved = await api.put(f"{MINE}/{created['id']}", json={"oficio_id": ajeno["id"]}, headers=pro.headers)
    assert moved.status_code == 400
    await api.patch(f"{API}/admin/oficios/{mio['id']}/toggle", headers=admin.headers)
    inactive = await api.post(
        MINE, json={"nombre": "Algo", "precio_fijo": 100, "oficio_id": mio["id"]}, headers=pro.headers
    )
    assert (inactive.status_code, inactive.json()["detail"]) == (400, "El oficio no está disponible")
    assert [s["oficio_id"] for s in (await api.get(MINE, headers=pro.headers)).json()] == [mio["id"]]


@pytest.mark.parametrize(
    "body",
    [
        {"nombre": "ab", "precio_fijo": 100},  # 3–200 characters
        {"nombre": "   a  ", "precio_fijo": 100},
        {"nombre": "x" * 201, "precio_fijo": 100},
        {"nombre": "Algo", "precio_fijo": 100, "descripcion": "x" * 2001},
        {"nombre": "Algo", "precio_fijo": 0},
        {"nombre": "Algo", "precio_fijo": -1},
        {"nombre": "Algo", "precio_fijo": "1.001"},
        {"nombre": "Algo", "precio_fijo": "mil"},
        {"nombre": "Algo", "precio_fijo": 10_000_001},
        {"nombre": "Algo"},
        {"precio_fijo": 100},
        {"nombre": "Algo", "precio_fijo": 100, "oficio_id": "no-es-un-id"},
    ],
)
async def test_bad_input_is_refused(api: httpx.AsyncClient, admin: Account, body: dict[str, Any]) -> None:
    oficio = await create_oficio(api, admin)
    pro = await register(api, "PROFESIONAL")
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    answer = await api.post(MINE, json={"oficio_id": oficio["id"], **body}, headers=pro.headers)
    assert answer.status_code == 422, answer.text
    assert (await api.get(MINE, headers=pro.headers)).json() == []


async def test_another_professionals_services_are_not_found(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro, _ = await placed_pro(api, admin, [oficio["id"]])
    other, _ = await placed_pro(api, admin, [oficio["id"]])
    theirs = await publish(api, pro, oficio["id"])
    assert (await api.get(MINE, headers=other.headers)).json() == []
    edit = await api.put(f"{MINE}/{theirs['id']}", json={"precio_fijo": 1}, headers=other.headers)
    assert (edit.status_code, edit.json()["detail"]) == (404, "Servicio no encontrado")
    assert (await api.delete(f"{MINE}/{theirs['id']}", headers=other.headers)).status_code == 404
    # Untouched.
    [mine] = (await api.get(MINE, headers=pro.headers)).json()
    assert (mine["precio_fijo"], mine["fecha_actualizacion"]) == (18000.0, theirs["fecha_actualizacion"])


async def test_only_professionals_have_their_own_services(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro, _ = await placed_pro(api, admin, [oficio["id"]])
    theirs = await publish(api, pro, oficio["id"])
    cliente = await register(api, "CLIENTE")
    for who in (cliente, admin):
        assert (await api.get(MINE, headers=who.headers)).status_code == 403
        assert (await api.post(MINE, json={}, headers=who.headers)).status_code == 403  # before the body
        assert (await api.put(f"{MINE}/{theirs['id']}", json={}, headers=who.headers)).status_code == 403
        assert (await api.delete(f"{MINE}/{theirs['id']}", headers=who.headers)).status_code == 403
    assert (await api.get(MINE)).status_code == 401
    assert (await api.post(MINE, json={})).status_code == 401
    assert (await api.get(MINE, headers=pro.headers)).json()[0]["id"] == theirs["id"]


async def test_at_most_fifty_services(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await register(api, "PROFESIONAL")
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    for n in range(50):
        await publish(api, pro, oficio["id"], nombre=f"Servicio {n}")
    over = await api.post(
        MINE, json={"nombre": "Uno más", "precio_fijo": 1, "oficio_id": oficio["id"]}, headers=pro.headers
    )
    assert (over.status_code, over.json()["detail"]) == (400, "Podés publicar hasta 50 servicios")


# --- listed with the instant services -----------------------------------------------------------------------


async def test_published_services_are_listed_with_the_catalogs(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    catalogo = (
        await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": "Cambiar un cuerito", "oficio_id": oficio["id"]},
            headers=admin.headers,
        )
    ).json()
    pro, profile = await placed_pro(api, admin, [oficio["id"]])
    await api.put(
        f"{API}/professional/servicios-instant/{catalogo['id']}",
        json={"precio_fijo": 9000},
        headers=pro.headers,
    )
    publicado = await publish(api, pro, oficio["id"], precio_fijo=12000, descripcion="Con garantía")
    await publish(api, pro, oficio["id"], nombre="Pausado", activo=False)
    for params in ({"oficio_id": oficio["id"]}, {"oficio_id": oficio["id"], **POINT}):
        items = await listed(api, **params)
        assert [(s["tipo"], s["servicio_id"], s["precio_fijo"]) for s in items] == [
            ("catalogo", catalogo["id"], 9000.0),
            ("publicado", publicado["id"], 12000.0),
        ], params
        assert {
            k: items[1][k] for k in ("nombre", "descripcion", "oficio_id", "profesional_id", "usuario_id")
        } == {
            "nombre": "Destapación de cañería",
            "descripcion": "Con garantía",
            "oficio_id": oficio["id"],
            "profesional_id": profile["id"],
            "usuario_id": str(pro.id),
        }
    assert [s["servicio_id"] for s in await listed(api, oficio_id=oficio["id"], lat=-34.9, lng=-58.4)] == []
    # On the public profile too (active ones only).
    public = (await api.get(f"{API}/public/professional/{profile['id']}")).json()
    assert [s["id"] for s in public["servicios_publicados"]] == [publicado["id"]]
    assert [s["id"] for s in public["servicios_instant"]] == [catalogo["id"]]
    # Paused, out of the professional's oficios, or not accepting instant hires: not listed.
    await api.put(f"{MINE}/{publicado['id']}", json={"activo": False}, headers=pro.headers)
    assert [s["tipo"] for s in await listed(api, oficio_id=oficio["id"])] == ["catalogo"]
    await api.put(f"{MINE}/{publicado['id']}", json={"activo": True}, headers=pro.headers)
    otro = await create_oficio(api, admin)
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [otro["id"]]}, headers=pro.headers
    )
    assert [s["tipo"] for s in await listed(api, oficio_id=oficio["id"])] == ["catalogo"]
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    assert len(await listed(api, oficio_id=oficio["id"], **POINT)) == 2
    await api.put(f"{API}/professional/profile", json={"acepta_instant": False}, headers=pro.headers)
    assert await listed(api, oficio_id=oficio["id"]) == []
    assert (await api.get(f"{API}/public/professional/{profile['id']}")).json()["servicios_publicados"] == []


async def test_an_unapproved_professionals_services_are_not_listed(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await register(api, "PROFESIONAL")
    await api.put(
        f"{API}/professional/me",
        json={"latitude": -34.6, "longitude": -58.4, "acepta_instant": True},
        headers=pro.headers,
    )
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    publicado = await publish(api, pro, oficio["id"])  # publishing needs no approval; being hired does
    assert await listed(api, oficio_id=oficio["id"]) == []
    assert await listed(api, oficio_id=oficio["id"], **POINT) == []
    internal = standalone.ctx("chat").clients
    refused = await internal.request(
        "professionals", "GET", f"/internal/v1/servicios-publicados/{publicado['id']}"
    )
    assert refused.status_code == 404


# --- hiring one ---------------------------------------------------------------------------------------------


async def test_a_client_hires_a_published_service_with_no_body(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro, profile = await placed_pro(api, admin, [oficio["id"]])
    publicado = await publish(api, pro, oficio["id"], precio_fijo="21000.00", descripcion="Cocina o baño")
    # The chat service asks the professionals service for it over the internal API.
    offer = InstantOffer.model_validate(
        await standalone.ctx("chat").clients.call(
            "professionals", "GET", f"/internal/v1/servicios-publicados/{publicado['id']}"
        )
    )
    assert (offer.publicado, offer.usuario_id, str(offer.profesional_id)) == (True, pro.id, profile["id"])
    cliente = await register(api, "CLIENTE")
    url = f"{API}/cliente/servicios/{publicado['id']}/contratar"
    hired = await api.post(url, headers=cliente.headers)
    assert hired.status_code == 200, hired.text
    assert hired.json()["payment_url"]
    trabajo_id = hired.json()["trabajo_id"]
    trabajo = (await api.get(f"{API}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    assert trabajo["servicio_publicado_id"] == publicado["id"]
    assert trabajo["servicio_instant_id"] is None
    assert trabajo["profesional_id"] == str(pro.id)
    assert trabajo["precio_final"] == "21000.00"
    assert trabajo["descripcion"] == "Destapación de cañería: Cocina o baño"
    # A second click is the same hire while it waits for its payment; naming its own professional too.
    assert (await api.post(url, headers=cliente.headers)).json()["trabajo_id"] == trabajo_id
    for named in (str(pro.id), profile["id"]):
        again = await api.post(url, json={"profesional_id": named}, headers=cliente.headers)
        assert (again.status_code, again.json()["trabajo_id"]) == (200, trabajo_id)
    # What was hired does not change with the published service.
    await api.put(f"{MINE}/{publicado['id']}", json={"precio_fijo": 99000}, headers=pro.headers)
    paid = await pay_on_sandbox(api, hired.json()["payment_url"])
    assert paid.status_code == 303, paid.text
    settled = await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")
    assert settled["precio_final"] == "21000.00"
    professional_view = await api.get(f"{API}/professional/trabajos/{trabajo_id}", headers=pro.headers)
    assert professional_view.json()["servicio_publicado_id"] == publicado["id"]


async def test_what_cannot_be_hired(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro, _ = await placed_pro(api, admin, [oficio["id"]])
    other, _ = await placed_pro(api, admin, [oficio["id"]])
    publicado = await publish(api, pro, oficio["id"])
    catalogo = (
        await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": "Cambiar un cuerito", "oficio_id": oficio["id"]},
            headers=admin.headers,
        )
    ).json()
    cliente = await register(api, "CLIENTE")
    url = f"{API}/cliente/servicios/{publicado['id']}/contratar"
    # Another professional's name on it: not theirs.
    wrong = await api.post(url, json={"profesional_id": str(other.id)}, headers=cliente.headers)
    assert wrong.status_code == 404
    # A catalog service needs its professional; an unknown id is nothing.
    for servicio_id in (catalogo["id"], str(uuid.uuid4())):
        missing = await api.post(f"{API}/cliente/servicios/{servicio_id}/contratar", headers=cliente.headers)
        assert missing.status_code == 404, missing.text
    # Paused: no longer hireable.
    not_theirs = await api.put(f"{MINE}/{publicado['id']}", json={"activo": False}, headers=cliente.headers)
    assert not_theirs.status_code == 403
    await api.put(f"{MINE}/{publicado['id']}", json={"activo": False}, headers=pro.headers)
    paused = await api.post(url, headers=cliente.headers)
    assert (paused.status_code, paused.json()["detail"]) == (404, "El servicio ya no está disponible")
    # Only clients hire.
    await api.put(f"{MINE}/{publicado['id']}", json={"activo": True}, headers=pro.headers)
    assert (await api.post(url, headers=other.headers)).status_code == 403
    assert (await api.post(url)).status_code == 401
    assert (await api.post(url, headers=cliente.headers)).status_code == 200
