"""Requests for quotes (pedidos de presupuesto, SPEC §10), the chat service's side on a standalone platform:
a client asks once, the professionals of that oficio whose coverage holds the point quote it (the
professionals service answers who matches), the client accepts one (the pedido is awarded, the other offers
rejected), or cancels it, or it expires after 14 days. The address is private until the award."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from conectar.chat import pedidos, scheduled
from conectar.chat.models import ChatUserCopy, Conversation, Oferta, Pedido, Trabajo
from conectar.contracts import lugares
from conectar.platform.db import Database, utcnow
from conectar.platform.errors import BusinessRuleError
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES
from tests.factories import Account, create_admin, deletion_requested, eventually, gather, register
from tests.services.conftest import Standalone
from tests.services.test_chat_attachments import assert_clean_webp, gps_jpeg
from tests.services.test_professionals_support import approved_professional, create_oficio

API = "/api/v1"
# Palermo, Buenos Aires; pros are placed km north of it.
LAT, LNG = -34.5889, -58.4306
KM = 1 / 111.195
PEDIDO_FIELDS = {
    "id",
    "cliente_id",
    "oficio_id",
    "oficio_nombre",
    "titulo",
    "descripcion",
    "zona",
    "direccion",
    "franjas",
    "presupuesto_max",
    "estado",
    "fotos",
    "total_ofertas",
    "fecha_expiracion",
    "fecha_creacion",
}
CARD_FIELDS = {
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
DIRECCION = "Av. Santa Fe 3200, 4° B"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def pro_near(
    api: httpx.AsyncClient, admin: Account, oficio_id: str, km_north: float = 1.0, radio: int = 10
) -> Account:
    pro, _ = await approved_professional(
        api,
        admin,
        lat=LAT + km_north * KM,
        lng=LNG,
        oficio_ids=[oficio_id],
        radio_cobertura_km=radio,
        nombre=f"Pro{uuid.uuid4().hex[:4]}",
    )
    return pro


def future(hours: float) -> datetime:
    return utcnow() + timedelta(hours=hours)


def body(oficio_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "oficio_id": oficio_id,
        "titulo": "Pierde agua la canilla",
        "descripcion": "La canilla de la cocina gotea todo el día y el flexible está viejo.",
        "latitude": LAT,
        "longitude": LNG,
        "direccion": DIRECCION,
        "franjas": [{"desde": future(48).isoformat(), "hasta": future(52).isoformat()}],
        "presupuesto_max": "30000",
        **extra,
    }


async def new_pedido(
    api: httpx.AsyncClient, cliente: Account, oficio_id: str, **extra: Any
) -> dict[str, Any]:
    response = await api.post(f"{API}/pedidos", json=body(oficio_id, **extra), headers=cliente.headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def quote(
    api: httpx.AsyncClient, pro: Account, pedido_id: str, precio: str = "20000", **extra: Any
) -> httpx.Response:
    return await api.post(
        f"{API}/professional/pedidos/{pedido_id}/ofertas",
        json={"descripcion": "Cambio la canilla y el flexible", "precio_final": precio, **extra},
        headers=pro.headers,
    )


async def pedido_of(api: httpx.AsyncClient, who: Account, pedido_id: str) -> httpx.Response:
    return await api.get(f"{API}/pedidos/{pedido_id}", headers=who.headers)


async def test_a_client_asks_for_quotes_and_the_address_stays_private(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio, other_oficio = await create_oficio(api, admin), await create_oficio(api, admin)
    cliente, stranger = await register(api), await register(api)
    pro = await pro_near(api, admin, oficio["id"], km_north=2)
    far = await pro_near(api, admin, oficio["id"], km_north=30, radio=5)  # its circle does not reach
    wrong = await pro_near(api, admin, other_oficio["id"])
    staff = await create_admin(standalone.settings, api)

    created = await new_pedido(api, cliente, oficio["id"])
    assert set(created) == PEDIDO_FIELDS
    assert created["estado"] == "ABIERTO"
    assert created["zona"] == "Palermo, CABA"
    assert DIRECCION not in created["zona"]
    assert created["direccion"] == DIRECCION
    assert created["oficio_nombre"] == oficio["nombre"]
    assert created["total_ofertas"] == 0
    assert created["fotos"] == []
    assert Decimal(created["presupuesto_max"]) == Decimal("30000")
    assert len(created["franjas"]) == 1
    expira = datetime.fromisoformat(created["fecha_expiracion"]) - datetime.fromisoformat(
        created["fecha_creacion"]
    )
    assert timedelta(days=14) - timedelta(seconds=5) <= expira <= timedelta(days=14)

    mine = await api.get(f"{API}/pedidos/mios", headers=cliente.headers)
    assert mine.status_code == 200
    assert [p["id"] for p in mine.json()] == [created["id"]]

    seen_by_pro = await pedido_of(api, pro, created["id"])
    assert seen_by_pro.status_code == 200, seen_by_pro.text
    assert seen_by_pro.json()["direccion"] is None
    assert seen_by_pro.json()["zona"] == "Palermo, CABA"
    assert (await pedido_of(api, staff, created["id"])).status_code == 200
    for outsider in (stranger, far, wrong):
        assert (await pedido_of(api, outsider, created["id"])).status_code == 404
    assert (await pedido_of(api, cliente, str(uuid.uuid4()))).status_code == 404


async def test_roles(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api)
    refused = await api.post(f"{API}/pedidos", json=body(oficio["id"]), headers=pro.headers)
    assert refused.status_code == 403
    assert (await api.get(f"{API}/professional/pedidos", headers=cliente.headers)).status_code == 403
    assert (await api.get(f"{API}/pedidos/mios", headers=pro.headers)).status_code == 403
    assert (await api.post(f"{API}/pedidos", json=body(oficio["id"]))).status_code == 401
    created = await new_pedido(api, cliente, oficio["id"])
    as_client = await api.post(
        f"{API}/professional/pedidos/{created['id']}/ofertas",
        json={"descripcion": "Cambio la canilla y el flexible", "precio_final": "20000"},
        headers=cliente.headers,
    )
    assert as_client.status_code == 403
    # Only the owner sees the offers and cancels.
    assert (await api.get(f"{API}/pedidos/{created['id']}/ofertas", headers=pro.headers)).status_code == 403
    other = await register(api)
    assert (await api.get(f"{API}/pedidos/{created['id']}/ofertas", headers=other.headers)).status_code == 404
    assert (
        await api.post(f"{API}/pedidos/{created['id']}/cancelar", headers=other.headers)
    ).status_code == 404


BAD_INPUT = [
    ("titulo", {"titulo": "Hola"}),
    ("titulo", {"titulo": "x" * 121}),
    ("descripcion", {"descripcion": "Muy corta"}),
    ("descripcion", {"descripcion": "x" * 2001}),
    ("direccion", {"direccion": "x" * 201}),
    ("latitude", {"latitude": 91}),
    ("presupuesto_max", {"presupuesto_max": "99"}),
    ("presupuesto_max", {"presupuesto_max": "10000001"}),
    (
        "franjas",
        {
            "franjas": [
                {"desde": future(24 + i).isoformat(), "hasta": future(25 + i).isoformat()} for i in range(6)
            ]
        },
    ),
    ("franjas", {"franjas": [{"desde": future(-3).isoformat(), "hasta": future(-1).isoformat()}]}),
    ("franjas", {"franjas": [{"desde": future(30).isoformat(), "hasta": future(29).isoformat()}]}),
    ("franjas", {"franjas": [{"desde": future(30).isoformat(), "hasta": future(43).isoformat()}]}),
]


@pytest.mark.parametrize(("field", "change"), BAD_INPUT)
async def test_bad_input_names_the_field(
    api: httpx.AsyncClient, admin: Account, field: str, change: dict[str, Any]
) -> None:
    cliente = await register(api)
    response = await api.post(
        f"{API}/pedidos", json=body(str(uuid.uuid4()), **change), headers=cliente.headers
    )
    assert response.status_code == 422, response.text
    assert any(field in [str(part) for part in error["loc"]] for error in response.json()["detail"]), (
        response.text
    )


async def test_unknown_oficio_is_refused(api: httpx.AsyncClient) -> None:
    cliente = await register(api)
    response = await api.post(f"{API}/pedidos", json=body(str(uuid.uuid4())), headers=cliente.headers)
    assert response.status_code == 400
    assert "oficio" in response.json()["detail"]


async def test_title_and_description_are_moderated_like_chat_text(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    cliente = await register(api)
    created = await new_pedido(
        api,
        cliente,
        oficio["id"],
        titulo="Llamame al 11 5555 4444",
        descripcion="Escribime a juan.perez@example.com y coordinamos el arreglo del baño.",
    )
    assert "5555" not in created["titulo"]
    assert "[dato oculto]" in created["titulo"]
    assert "example.com" not in created["descripcion"]
    assert "[dato oculto]" in created["descripcion"]
    async with standalone.ctx("chat").db.session(write=False) as session:
        row = await session.get(ChatUserCopy, cliente.id)
        assert row is not None
        assert row.infracciones_chat == 1


async def test_at_most_five_open_pedidos_and_cancelling_frees_one(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    cliente = await register(api)
    ids = [(await new_pedido(api, cliente, oficio["id"]))["id"] for _ in range(5)]
    sixth = await api.post(f"{API}/pedidos", json=body(oficio["id"]), headers=cliente.headers)
    assert sixth.status_code == 400
    assert "5 pedidos abiertos" in sixth.json()["detail"]
    cancelled = await api.post(f"{API}/pedidos/{ids[0]}/cancelar", headers=cliente.headers)
    assert cancelled.status_code == 200
    assert cancelled.json()["estado"] == "CANCELADO"
    again = await api.post(f"{API}/pedidos/{ids[0]}/cancelar", headers=cliente.headers)
    assert again.status_code == 400
    assert (
        await api.post(f"{API}/pedidos", json=body(oficio["id"]), headers=cliente.headers)
    ).status_code == 201


async def test_the_limit_holds_under_concurrent_creates(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    cliente = await register(api)
    answers = await gather(
        *(api.post(f"{API}/pedidos", json=body(oficio["id"]), headers=cliente.headers) for _ in range(8))
    )
    assert sorted(r.status_code for r in answers) == [201] * 5 + [400] * 3


async def test_the_professional_lists_matching_open_pedidos_nearest_first(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"], km_north=0, radio=20)
    cliente = await register(api)
    far = await new_pedido(api, cliente, oficio["id"], latitude=LAT + 8 * KM)
    near = await new_pedido(api, cliente, oficio["id"], latitude=LAT + 1 * KM)
    await new_pedido(api, cliente, oficio["id"], latitude=LAT + 40 * KM)  # outside the circle
    closed = await new_pedido(api, cliente, oficio["id"], latitude=LAT + 2 * KM)
    await api.post(f"{API}/pedidos/{closed['id']}/cancelar", headers=cliente.headers)

    listed = await api.get(f"{API}/professional/pedidos", headers=pro.headers)
    assert listed.status_code == 200, listed.text
    page = listed.json()
    assert set(page) == {"pedidos", "total", "page", "limit", "totalPages"}
    assert [p["id"] for p in page["pedidos"]] == [near["id"], far["id"]]
    assert page["total"] == 2
    first = page["pedidos"][0]
    assert set(first) == PEDIDO_FIELDS | {"distancia_km", "ya_ofertado"}
    assert first["distancia_km"] == pytest.approx(1.0, abs=0.15)
    assert first["direccion"] is None
    assert first["ya_ofertado"] is False

    assert (await quote(api, pro, near["id"])).status_code == 201
    second_page = (await api.get(f"{API}/professional/pedidos?page=2&limit=1", headers=pro.headers)).json()
    assert second_page["totalPages"] == 2
    assert [p["id"] for p in second_page["pedidos"]] == [far["id"]]
    first_page = (await api.get(f"{API}/professional/pedidos?page=1&limit=1", headers=pro.headers)).json()
    assert first_page["pedidos"][0]["ya_ofertado"] is True


async def test_quoting_opens_the_conversation_and_posts_the_card(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    outsider = await pro_near(api, admin, oficio["id"], km_north=50, radio=5)
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    desde, hasta = future(50), future(52)
    made = await quote(api, pro, pedido["id"], visita_desde=desde.isoformat(), visita_hasta=hasta.isoformat())
    assert made.status_code == 201, made.text
    oferta = made.json()
    assert oferta["pedido_id"] == pedido["id"]
    assert oferta["estado"] == "OFERTADO"
    assert oferta["cliente_id"] == str(cliente.id)
    assert datetime.fromisoformat(oferta["visita_desde"]) == desde.replace(microsecond=desde.microsecond)
    messages = await api.get(f"{API}/chat/messages/{oferta['chat_id']}", headers=cliente.headers)
    assert any(m["tipo"] == "oferta" and m["oferta_id"] == oferta["id"] for m in messages.json())
    assert (await pedido_of(api, cliente, pedido["id"])).json()["total_ofertas"] == 1

    assert (await quote(api, pro, pedido["id"])).status_code == 400  # one per professional
    assert (await quote(api, outsider, pedido["id"])).status_code == 404  # does not match
    assert (await quote(api, pro, str(uuid.uuid4()))).status_code == 404
    bad = await quote(api, pro, pedido["id"], precio="50")
    assert bad.status_code == 422
    assert "precio_final" in bad.text
    bad_window = await quote(
        api, pro, pedido["id"], visita_desde=future(5).isoformat(), visita_hasta=future(20).isoformat()
    )
    assert bad_window.status_code == 422
    await api.post(f"{API}/pedidos/{pedido['id']}/cancelar", headers=cliente.headers)
    late = await pro_near(api, admin, oficio["id"])
    assert (await quote(api, late, pedido["id"])).status_code == 400  # no longer open


async def test_one_offer_per_professional_under_concurrency(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    answers = await gather(*(quote(api, pro, pedido["id"], precio=str(20000 + i)) for i in range(3)))
    assert sorted(r.status_code for r in answers) == [201, 400, 400]
    assert (await pedido_of(api, cliente, pedido["id"])).json()["total_ofertas"] == 1


async def test_at_most_ten_offers_per_pedido(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pros = [await pro_near(api, admin, oficio["id"], km_north=0.5 + i / 10) for i in range(12)]
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    for pro in pros[:9]:
        assert (await quote(api, pro, pedido["id"])).status_code == 201
    last_two = await gather(quote(api, pros[9], pedido["id"]), quote(api, pros[10], pedido["id"]))
    assert sorted(r.status_code for r in last_two) == [201, 400]
    eleventh = await quote(api, pros[11], pedido["id"])
    assert eleventh.status_code == 400
    assert "10 ofertas" in eleventh.json()["detail"]
    assert (await pedido_of(api, cliente, pedido["id"])).json()["total_ofertas"] == 10


async def test_the_client_compares_offers_and_accepting_one_awards_the_pedido(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    cheap = await pro_near(api, admin, oficio["id"], km_north=3)
    chosen = await pro_near(api, admin, oficio["id"], km_north=1)
    pricey = await pro_near(api, admin, oficio["id"], km_north=2)
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    offers = {}
    for pro, precio in ((pricey, "40000"), (chosen, "25000"), (cheap, "18000")):
        made = await quote(api, pro, pedido["id"], precio=precio)
        assert made.status_code == 201, made.text
        offers[pro.id] = made.json()

    listed = await api.get(f"{API}/pedidos/{pedido['id']}/ofertas", headers=cliente.headers)
    assert listed.status_code == 200, listed.text
    items = listed.json()
    assert [Decimal(i["oferta"]["precio_final"]) for i in items] == [
        Decimal(18000),
        Decimal(25000),
        Decimal(40000),
    ]
    assert set(items[0]) == {"oferta", "profesional"}
    assert set(items[0]["profesional"]) == CARD_FIELDS
    assert items[0]["profesional"]["usuario_id"] == str(cheap.id)
    assert items[0]["profesional"]["distancia_km"] == pytest.approx(3.0, abs=0.15)

    accepted = await api.post(
        f"{API}/cliente/ofertas/{offers[chosen.id]['id']}/accept", headers=cliente.headers
    )
    assert accepted.status_code == 200, accepted.text
    assert set(accepted.json()) >= {"oferta", "trabajo_id", "payment_preference_id", "payment_url", "mensaje"}

    after = (await pedido_of(api, cliente, pedido["id"])).json()
    assert after["estado"] == "ADJUDICADO"
    estados = {
        i["profesional"]["usuario_id"]: i["oferta"]["estado"]
        for i in (await api.get(f"{API}/pedidos/{pedido['id']}/ofertas", headers=cliente.headers)).json()
    }
    assert estados == {str(chosen.id): "ACEPTADO", str(cheap.id): "RECHAZADO", str(pricey.id): "RECHAZADO"}
    # The address: the chosen professional now sees it; the others never do.
    assert (await pedido_of(api, chosen, pedido["id"])).json()["direccion"] == DIRECCION
    for other in (cheap, pricey):
        seen = await pedido_of(api, other, pedido["id"])
        assert seen.status_code == 200
        assert seen.json()["direccion"] is None
    # The trabajo carries the pedido's oficio and address (its calendar file names them).
    async with standalone.ctx("chat").db.session(write=False) as session:
        trabajo = await session.get(Trabajo, uuid.UUID(accepted.json()["trabajo_id"]))
        assert trabajo is not None
        assert trabajo.direccion == DIRECCION
        assert trabajo.oficio == oficio["nombre"]
    # Each declined professional is told (OfferRejected → oferta_rechazada).
    for other in (cheap, pricey):

        async def told(who: Account = other) -> bool:
            inbox = await api.get(f"{API}/notificaciones?limit=100", headers=who.headers)
            return any(n["tipo"] == "oferta_rechazada" for n in inbox.json()["notificaciones"])

        await eventually(told)
    # Once awarded, no more offers.
    late = await pro_near(api, admin, oficio["id"])
    assert (await quote(api, late, pedido["id"])).status_code == 400


async def test_two_accepts_of_one_pedido_at_once_award_it_once(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    one, two = await pro_near(api, admin, oficio["id"]), await pro_near(api, admin, oficio["id"], km_north=2)
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    first = (await quote(api, one, pedido["id"], precio="20000")).json()
    second = (await quote(api, two, pedido["id"], precio="21000")).json()
    answers = await gather(
        api.post(f"{API}/cliente/ofertas/{first['id']}/accept", headers=cliente.headers),
        api.post(f"{API}/cliente/ofertas/{second['id']}/accept", headers=cliente.headers),
    )
    codes = sorted(r.status_code for r in answers)
    assert codes[0] == 200, [r.text for r in answers]
    assert codes[1] in (400, 409), [r.text for r in answers]
    async with standalone.ctx("chat").db.session(write=False) as session:
        trabajos = await session.scalar(
            select(func.count())
            .select_from(Trabajo)
            .where(Trabajo.oferta_id.in_([uuid.UUID(first["id"]), uuid.UUID(second["id"])]))
        )
        estados = sorted(
            (
                await session.execute(
                    select(Oferta.estado).where(Oferta.pedido_id == uuid.UUID(pedido["id"]))
                )
            ).scalars()
        )
    assert trabajos == 1
    assert estados == ["ACEPTADO", "RECHAZADO"]
    assert (await pedido_of(api, cliente, pedido["id"])).json()["estado"] == "ADJUDICADO"


async def test_the_scheduled_job_expires_pedidos_after_fourteen_days(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api)
    old = await new_pedido(api, cliente, oficio["id"])
    fresh = await new_pedido(api, cliente, oficio["id"])
    oferta = (await quote(api, pro, old["id"])).json()
    ctx = standalone.ctx("chat")
    async with ctx.db.session() as session:
        await session.execute(
            update(Pedido)
            .where(Pedido.id == uuid.UUID(old["id"]))
            .values(fecha_expiracion=utcnow() - timedelta(minutes=1))
        )
    await scheduled.expire_pedidos(ctx)
    assert (await pedido_of(api, cliente, old["id"])).json()["estado"] == "VENCIDO"
    assert (await pedido_of(api, cliente, fresh["id"])).json()["estado"] == "ABIERTO"
    async with ctx.db.session(write=False) as session:
        row = await session.get(Oferta, uuid.UUID(oferta["id"]))
        assert row is not None
        assert row.estado == "RECHAZADO"
    listed = (await api.get(f"{API}/professional/pedidos", headers=pro.headers)).json()
    assert [p["id"] for p in listed["pedidos"]] == [fresh["id"]]
    accept = await api.post(f"{API}/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accept.status_code == 400


async def test_new_pedidos_within_an_hour_reach_a_professional_as_one_notification(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    outsider = await pro_near(api, admin, oficio["id"], km_north=60, radio=5)
    clientes = [await register(api), await register(api)]
    titulos = ["Pierde agua la canilla", "Se tapó la pileta", "Cambiar el termotanque"]
    for i, titulo in enumerate(titulos):
        await new_pedido(api, clientes[i % 2], oficio["id"], titulo=titulo)

    async def folded() -> dict[str, Any] | None:
        inbox = await api.get(f"{API}/notificaciones?limit=100", headers=pro.headers)
        found = [n for n in inbox.json()["notificaciones"] if n["tipo"] == "pedido_nuevo"]
        return found[0] if len(found) == 1 and found[0]["contador"] == 3 else None

    notice = await eventually(folded)
    assert "3 pedidos" in notice["titulo"]
    assert len(notice["datos"]["pedidos"]) == 3
    assert "Cambiar el termotanque" in notice["mensaje"]
    inbox = await api.get(f"{API}/notificaciones?limit=100", headers=outsider.headers)
    assert all(n["tipo"] != "pedido_nuevo" for n in inbox.json()["notificaciones"])


def test_zona_names_a_barrio_or_a_city_never_the_point() -> None:
    assert lugares.zona(LAT, LNG) == "Palermo, CABA"
    assert lugares.zona(-31.42, -64.19) == "Córdoba"
    assert lugares.zona(-34.6037, -58.3816) == "Ciudad de Buenos Aires"  # the Obelisco: no listed barrio


async def test_a_deleted_client_leaves_no_address_point_or_text_on_their_pedidos(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"], latitude=LAT + 0.5 * KM)
    assert pedido["zona"] == "Palermo, CABA"
    oferta = (await quote(api, pro, pedido["id"])).json()
    await standalone.publish(
        deletion_requested(cliente.id, "CLIENTE"),
        producer="users",
    )
    ctx = standalone.ctx("chat")

    async def erased() -> Pedido | None:
        async with ctx.db.session(write=False) as session:
            row = await session.get(Pedido, uuid.UUID(pedido["id"]), populate_existing=True)
        return row if row is not None and row.direccion == "" else None

    row = await eventually(erased)
    assert row.estado == "CANCELADO"
    assert DIRECCION not in row.titulo + row.descripcion
    assert row.titulo == "Pedido eliminado"
    assert (row.latitude, row.longitude) == (-34.5889, -58.4306)  # Palermo's listed centre, not the point
    async with ctx.db.session(write=False) as session:
        offer_row = await session.get(Oferta, uuid.UUID(oferta["id"]))
        assert offer_row is not None
        assert offer_row.estado == "RECHAZADO"


async def test_photos_of_the_problem_lose_their_metadata_and_stop_at_five(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    cliente, other = await register(api), await register(api)
    pedido = await new_pedido(api, cliente, oficio["id"])
    url = f"{API}/pedidos/{pedido['id']}/fotos"

    def photo() -> list[tuple[str, tuple[str, bytes, str]]]:
        return [("file", ("canilla.jpg", gps_jpeg((2400, 1800)), "image/jpeg"))]

    added = await api.post(url, files=photo(), headers=cliente.headers)
    assert added.status_code == 200, added.text
    fotos = added.json()["fotos"]
    assert len(fotos) == 1
    served = await api.get(fotos[0])
    assert served.status_code == 200
    assert_clean_webp(served.content, 1600)

    assert (await api.post(url, files=photo(), headers=other.headers)).status_code == 404
    not_image = await api.post(
        url, files=[("file", ("x.jpg", b"no soy una imagen", "image/jpeg"))], headers=cliente.headers
    )
    assert not_image.status_code == 400
    for _ in range(4):
        assert (await api.post(url, files=photo(), headers=cliente.headers)).status_code == 200
    sixth = await api.post(url, files=photo(), headers=cliente.headers)
    assert sixth.status_code == 400
    assert "5 fotos" in sixth.json()["detail"]
    assert len((await pedido_of(api, cliente, pedido["id"])).json()["fotos"]) == 5
    closed = await new_pedido(api, cliente, oficio["id"])
    await api.post(f"{API}/pedidos/{closed['id']}/cancelar", headers=cliente.headers)
    late = await api.post(f"{API}/pedidos/{closed['id']}/fotos", files=photo(), headers=cliente.headers)
    assert late.status_code == 400


async def test_the_pedido_lock_is_a_database_guarantee(either_url: str) -> None:
    """Units of work on one pedido, each holding its check open while the other runs: the pedido's row lock
    (PostgreSQL; on SQLite the immediate transaction) lets exactly one 10th offer and one award through,
    and the unique index refuses a second offer of one professional even without the lock."""
    await asyncio.to_thread(upgrade, SERVICES["chat"].migrations, either_url)
    db = Database(either_url)
    try:
        now = utcnow()
        cliente, pedido_id, chat_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        async with db.session() as session:
            session.add(
                Conversation(
                    id=chat_id,
                    cliente_id=cliente,
                    profesional_id=uuid.uuid4(),
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )
            session.add(
                Pedido(
                    id=pedido_id,
                    cliente_id=cliente,
                    oficio_id=uuid.uuid4(),
                    oficio_nombre="Plomería",
                    titulo="Pierde agua",
                    descripcion="La canilla gotea todo el día",
                    latitude=LAT,
                    longitude=LNG,
                    direccion=DIRECCION,
                    zona="Palermo, CABA",
                    franjas=[],
                    estado="ABIERTO",
                    fotos=[],
                    fotos_keys=[],
                    total_ofertas=pedidos.MAX_OFERTAS - 1,
                    fecha_expiracion=now + pedidos.TTL,
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )

        def oferta(pro: uuid.UUID) -> Oferta:
            return Oferta(
                profesional_id=pro,
                cliente_id=cliente,
                chat_id=chat_id,
                descripcion="Cambio la canilla",
                precio_final=Decimal("20000"),
                estado="OFERTADO",
                fecha_expiracion=now + timedelta(days=7),
                pedido_id=pedido_id,
                fecha_creacion=now,
                fecha_actualizacion=now,
            )

        async def offer_in_unit(pro: uuid.UUID) -> str:
            try:
                async with db.session() as session:
                    pedido = await pedidos.locked_open(session, pedido_id)
                    await pedidos.ensure_room_for_offer(session, pedido, pro)
                    session.add(oferta(pro))
                    pedido.total_ofertas += 1
                    await session.flush()
                    await asyncio.sleep(0.3)  # the other unit runs its check meanwhile
            except BusinessRuleError:
                return "400"
            return "ok"

        assert sorted(await gather(offer_in_unit(uuid.uuid4()), offer_in_unit(uuid.uuid4()))) == ["400", "ok"]

        async def award_in_unit() -> str:
            try:
                async with db.session() as session:
                    pedido = await pedidos.locked_open(session, pedido_id)
                    pedido.estado = pedidos.ADJUDICADO
                    await session.flush()
                    await asyncio.sleep(0.3)
            except BusinessRuleError:
                return "400"
            return "ok"

        assert sorted(await gather(award_in_unit(), award_in_unit())) == ["400", "ok"]

        twice = uuid.uuid4()
        async with db.session() as session:
            session.add(oferta(twice))
        with pytest.raises(IntegrityError):
            async with db.session() as session:
                session.add(oferta(twice))
        async with db.session(write=False) as session:
            row = await session.get(Pedido, pedido_id)
            assert row is not None
            assert row.total_ofertas == pedidos.MAX_OFERTAS
            assert row.estado == pedidos.ADJUDICADO
    finally:
        await db.dispose()
