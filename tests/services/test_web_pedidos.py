"""Requests for quotes in the web app (SPEC §10): a client asks through the form (a bad one is refused in
Spanish under its fields), a matching professional finds it nearest first and quotes it from its page, the
client compares the offers cheapest first and accepts one through the summary before paying, which awards
the pedido. A professional it does not match and another client get 404; the address stays private."""

from __future__ import annotations

import html as html_lib
import re
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from conectar.web.routes import pedidos
from tests.conftest import image_bytes
from tests.factories import Account, create_admin, register
from tests.services.conftest import LiveStandalone
from tests.services.test_professionals_support import approved_professional, create_oficio
from tests.services.test_web_guards import pages
from tests.services.test_web_pages import Browsers

AR = ZoneInfo("America/Argentina/Buenos_Aires")
API = "/api/v1"
PALERMO = (-34.5889, -58.4306)  # web/cities.py's centre of the barrio
KM = 1 / 111.195
DIRECCION = "Av. Santa Fe 3200, 4° B"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def pro_near(live: LiveStandalone, admin: Account, oficio_id: str, km_north: float) -> Account:
    pro, _ = await approved_professional(
        live.client,
        admin,
        lat=PALERMO[0] + km_north * KM,
        lng=PALERMO[1],
        oficio_ids=[oficio_id],
        radio_cobertura_km=10,
        nombre=f"Pro{uuid.uuid4().hex[:4]}",
    )
    return pro


def day_in(days: int) -> str:
    return (datetime.now(AR) + timedelta(days=days)).date().isoformat()


def text_of(response: httpx.Response) -> str:
    return html_lib.unescape(response.text)


def the_form(oficio_id: str, **changes: str) -> dict[str, str]:
    return {
        "oficio": oficio_id,
        "titulo": "Pierde agua la canilla",
        "descripcion": "La canilla de la cocina gotea todo el día y el flexible está viejo.",
        "lugar": "palermo",
        "direccion": DIRECCION,
        "franja1_fecha": day_in(3),
        "franja1_desde": "09:00",
        "franja1_hasta": "13:00",
        "presupuesto_max": "30.000",
        **changes,
    }


async def api_get(live: LiveStandalone, who: Account, path: str) -> Any:
    response = await live.client.get(f"{API}{path}", headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_pedido_is_asked_quoted_compared_and_awarded_through_the_pages(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    oficio = await create_oficio(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    near, farther = (
        await pro_near(live, admin, oficio["id"], 1),
        await pro_near(live, admin, oficio["id"], 3),
    )
    client_web = await browsers.signed_in(cliente)

    form_page = await client_web.get(f"/pedidos/nuevo?oficio={oficio['id']}")
    assert form_page.status_code == 200
    assert f'<option value="{oficio["id"]}" selected>' in form_page.text
    sent = await client_web.post("/pedidos/nuevo", the_form(oficio["id"]))
    assert sent.status_code == 303, sent.text
    pedido_id = sent.headers["location"].rsplit("/", 1)[1]
    pedido = await api_get(live, cliente, f"/pedidos/{pedido_id}")
    assert pedido["zona"] == "Palermo, CABA"
    assert pedido["direccion"] == DIRECCION
    assert Decimal(pedido["presupuesto_max"]) == Decimal("30000")
    start = datetime.fromisoformat(f"{day_in(3)}T09:00").replace(tzinfo=AR).astimezone(UTC)
    assert [datetime.fromisoformat(f["desde"]) for f in pedido["franjas"]] == [start]
    assert datetime.fromisoformat(pedido["franjas"][0]["hasta"]) == start + timedelta(hours=4)
    mine = text_of(await client_web.get("/pedidos"))
    assert "Pierde agua la canilla" in mine
    assert "Recibiendo ofertas" in mine
    assert "0 ofertas" in mine
    empty = text_of(await client_web.get(f"/pedidos/{pedido_id}"))
    assert "Todavía no hay ofertas" in empty
    assert DIRECCION in empty  # the owner sees their address

    # The nearer professional finds it, quotes it from its page and lands in the conversation.
    near_web = await browsers.signed_in(near)
    listed = text_of(await near_web.get("/profesional/pedidos"))
    assert "Pierde agua la canilla" in listed
    assert "a 1,0 km" in listed
    assert "Palermo, CABA" in listed
    assert "hasta $ 30.000" in listed
    assert "Ya ofertaste" not in listed
    page = text_of(await near_web.get(f"/profesional/pedidos/{pedido_id}"))
    assert "Enviá tu oferta" in page
    assert DIRECCION not in page  # private until the award
    quoted = await near_web.post(
        f"/profesional/pedidos/{pedido_id}/oferta",
        {
            "descripcion": "Cambio la canilla y el flexible, materiales incluidos",
            "precio_final": "25.000",
            "visita_fecha": day_in(3),
            "visita_desde": "10:00",
            "visita_hasta": "12:00",
        },
    )
    assert quoted.status_code == 303, quoted.text
    assert quoted.headers["location"].startswith("/chat/")
    assert "Ya ofertaste" in text_of(await near_web.get("/profesional/pedidos"))
    assert "Ir a la conversación" in text_of(await near_web.get(f"/profesional/pedidos/{pedido_id}"))
    twice = await near_web.post(
        f"/profesional/pedidos/{pedido_id}/oferta",
        {"descripcion": "Otra oferta por lo mismo", "precio_final": "20.000"},
    )
    assert twice.status_code == 400  # the API's one offer per professional, shown on the page

    farther_web = await browsers.signed_in(farther)
    cheaper = await farther_web.post(
        f"/profesional/pedidos/{pedido_id}/oferta",
        {"descripcion": "Cambio de canilla monocomando", "precio_final": "18.000,50"},
    )
    assert cheaper.status_code == 303, cheaper.text

    # The client compares them side by side, cheapest first.
    compared = text_of(await client_web.get(f"/pedidos/{pedido_id}"))
    assert compared.index("$ 18.000,50") < compared.index("$ 25.000")
    assert "La más barata" in compared
    assert "a 3,0 km" in compared
    assert "a 1,0 km" in compared
    assert "A coordinar" in compared  # the cheaper offer has no visit
    offers = await api_get(live, cliente, f"/pedidos/{pedido_id}/ofertas")
    cheapest_id = offers[0]["oferta"]["id"]
    links = re.findall(r'href="/ofertas/([0-9a-f-]+)/confirmar"', compared)
    assert links == [cheapest_id, offers[1]["oferta"]["id"]]

    summary = await client_web.get(f"/ofertas/{cheapest_id}/confirmar")
    assert summary.status_code == 200
    accepted = await client_web.post(f"/ofertas/{cheapest_id}/aceptar")
    assert accepted.status_code == 303, accepted.text
    assert (await api_get(live, cliente, f"/pedidos/{pedido_id}"))["estado"] == "ADJUDICADO"
    awarded = text_of(await client_web.get(f"/pedidos/{pedido_id}"))
    assert "Adjudicado" in awarded
    assert "Revisar y pagar" not in awarded
    assert "Cancelar el pedido" not in awarded
    assert "Rechazada" in awarded  # the other offer
    assert "Elegiste esta oferta: pagala para confirmar el trabajo" in awarded
    # The chosen professional now sees the address; the other one does not.
    assert DIRECCION in text_of(await farther_web.get(f"/profesional/pedidos/{pedido_id}"))
    assert DIRECCION not in text_of(await near_web.get(f"/profesional/pedidos/{pedido_id}"))


async def test_a_bad_pedido_is_refused_in_spanish_under_its_fields(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    oficio = await create_oficio(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    client_web = await browsers.signed_in(cliente)
    await client_web.get("/pedidos/nuevo")

    short = await client_web.post(
        "/pedidos/nuevo",
        the_form(oficio["id"], titulo="Uy", descripcion="Gotea", presupuesto_max="50"),
    )
    assert short.status_code == 400
    page = text_of(short)
    assert re.search(r'id="f-titulo-msg" role="alert">Tiene que tener al menos 5 caracteres<', page)
    assert re.search(r'id="f-descripcion-msg" role="alert">Tiene que tener al menos 20 caracteres<', page)
    assert re.search(r'id="f-presupuesto_max-msg" role="alert">[^<]*100', page)
    assert 'value="Uy"' in page  # what was typed is kept

    backwards = await client_web.post(
        "/pedidos/nuevo",
        the_form(oficio["id"], franja1_desde="15:00", franja1_hasta="10:00", lugar="", oficio=""),
    )
    assert backwards.status_code == 400
    page = text_of(backwards)
    assert (
        'id="f-franja1_hasta-msg" role="alert">La hora de fin tiene que ser posterior a la de comienzo<'
        in page
    )
    assert 'id="f-lugar-msg" role="alert">Elegí tu barrio o ciudad<' in page
    assert 'id="f-oficio-msg" role="alert">Elegí el oficio<' in page

    past = await client_web.post(
        "/pedidos/nuevo",
        the_form(oficio["id"], franja2_fecha=day_in(-2), franja2_desde="09:00", franja2_hasta="10:00"),
    )
    assert past.status_code == 400
    assert re.search(r'id="f-franja2_fecha-msg" role="alert">[^<]+<', past.text)  # the API's, under that day
    assert '<details class="more-franjas" open>' in past.text  # the row with the problem is shown
    assert await api_get(live, cliente, "/pedidos/mios") == []


async def test_the_browser_location_photos_and_cancelling(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    oficio = await create_oficio(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    client_web = await browsers.signed_in(cliente)
    await client_web.get("/pedidos/nuevo")
    sent = await client_web.post(
        "/pedidos/nuevo",
        the_form(oficio["id"], lugar="aqui", latitude="-31.42010", longitude="-64.18880", presupuesto_max=""),
    )
    assert sent.status_code == 303, sent.text
    pedido_id = sent.headers["location"].rsplit("/", 1)[1]
    pedido = await api_get(live, cliente, f"/pedidos/{pedido_id}")
    assert pedido["zona"] == "Córdoba"
    assert pedido["presupuesto_max"] is None

    uploaded = await client_web.post(
        f"/pedidos/{pedido_id}/fotos", files={"foto": ("canilla.jpg", image_bytes(), "image/jpeg")}
    )
    assert uploaded.status_code == 303, uploaded.text
    (foto,) = (await api_get(live, cliente, f"/pedidos/{pedido_id}"))["fotos"]
    shown = await client_web.get(f"/pedidos/{pedido_id}")
    assert f'src="{foto}"' in shown.text
    assert (await client_web.get(foto)).headers["content-type"] == "image/webp"
    not_image = await client_web.post(
        f"/pedidos/{pedido_id}/fotos", files={"foto": ("nota.txt", b"hola", "text/plain")}
    )
    assert not_image.status_code == 400
    assert 'id="f-foto-msg" role="alert"' in not_image.text

    cancelled = await client_web.post(f"/pedidos/{pedido_id}/cancelar")
    assert cancelled.status_code == 303
    assert (await api_get(live, cliente, f"/pedidos/{pedido_id}"))["estado"] == "CANCELADO"
    page = text_of(await client_web.get(f"/pedidos/{pedido_id}"))
    assert "Cancelado" in page
    assert "Subir foto" not in page
    assert "Cancelar el pedido" not in page


async def test_who_may_open_a_pedido(live: LiveStandalone, admin: Account, browsers: Browsers) -> None:
    oficio, other_oficio = await create_oficio(live.client, admin), await create_oficio(live.client, admin)
    cliente, stranger = await register(live.client, "CLIENTE"), await register(live.client, "CLIENTE")
    outsider = await pro_near(live, admin, other_oficio["id"], 1)  # near, but another oficio
    client_web = await browsers.signed_in(cliente)
    await client_web.get("/pedidos/nuevo")
    sent = await client_web.post("/pedidos/nuevo", the_form(oficio["id"]))
    pedido_id = sent.headers["location"].rsplit("/", 1)[1]

    outsider_web = await browsers.signed_in(outsider)
    assert "Pierde agua la canilla" not in text_of(await outsider_web.get("/profesional/pedidos"))
    assert (await outsider_web.get(f"/profesional/pedidos/{pedido_id}")).status_code == 404
    refused = await outsider_web.post(
        f"/profesional/pedidos/{pedido_id}/oferta", {"descripcion": "Lo hago igual", "precio_final": "9.000"}
    )
    assert refused.status_code == 404
    assert (await outsider_web.get("/pedidos/nuevo")).status_code == 403  # a client's page

    stranger_web = await browsers.signed_in(stranger)
    assert (await stranger_web.get(f"/pedidos/{pedido_id}")).status_code == 404
    assert (await stranger_web.post(f"/pedidos/{pedido_id}/cancelar")).status_code == 404
    assert "Pierde agua la canilla" not in text_of(await stranger_web.get("/pedidos"))
    assert (await stranger_web.get("/profesional/pedidos")).status_code == 403
    assert (await api_get(live, cliente, f"/pedidos/{pedido_id}"))["estado"] == "ABIERTO"

    visitor = await browsers.signed_in(None)
    signed_out = await visitor.get("/pedidos/nuevo")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/login?next=")
    assert "Disallow: /pedidos" in (await visitor.get("/robots.txt")).text.splitlines()

    # Where people find it: the home page's call to action (visitors and clients) and the header.
    assert "¿No sabés a quién llamar? Pedí presupuestos" in text_of(await visitor.get("/"))
    client_home = text_of(await client_web.get("/"))
    assert "¿No sabés a quién llamar? Pedí presupuestos" in client_home
    nav = client_home[client_home.index('<nav class="main-nav"') :].split("</nav>", 1)[0]
    assert re.search(r'href="/pedidos/nuevo"[^>]*>Pedir presupuestos</a>', nav)  # the header
    pro_home = text_of(await outsider_web.get("/"))
    assert "¿No sabés a quién llamar?" not in pro_home
    assert "Pedir presupuestos" not in pro_home
    assert ">Pedidos cerca</a>" in pro_home


async def test_nearby_pedidos_come_nearest_first_in_pages(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    oficio = await create_oficio(live.client, admin)
    pro = await pro_near(live, admin, oficio["id"], 0)
    clientes = [await register(live.client, "CLIENTE") for _ in range(3)]
    start = datetime.now(UTC) + timedelta(days=2)
    for n in range(
        11
    ):  # 0.8 n km north of the professional, from three clients (five open pedidos each at most)
        created = await live.client.post(
            f"{API}/pedidos",
            headers=clientes[n % 3].headers,
            json={
                "oficio_id": oficio["id"],
                "titulo": f"Pedido número {n:02d}",
                "descripcion": "Hay que cambiar la canilla de la cocina, gotea.",
                "latitude": PALERMO[0] + n * 0.8 * KM,
                "longitude": PALERMO[1],
                "direccion": DIRECCION,
                "franjas": [{"desde": start.isoformat(), "hasta": (start + timedelta(hours=2)).isoformat()}],
            },
        )
        assert created.status_code == 201, created.text
    pro_web = await browsers.signed_in(pro)
    first = text_of(await pro_web.get("/profesional/pedidos"))
    assert "11 pedidos abiertos" in first
    titles = re.findall(r"Pedido número (\d\d)</a>", first)
    assert titles == [f"{n:02d}" for n in range(10)]
    assert "Página 1 de 2" in first
    assert "Sin tope" in first
    second = text_of(await pro_web.get("/profesional/pedidos?page=2"))
    assert re.findall(r"Pedido número (\d\d)</a>", second) == ["10"]
    assert "a 8,0 km" in second


async def test_each_area_is_guarded_by_its_router(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    """Every route, every method: signed out to the login, the other roles 403, before any API call."""
    areas = {
        "CLIENTE": list(pages(pedidos.router.routes)),
        "PROFESIONAL": list(pages(pedidos.professional.routes)),
    }
    assert len(areas["CLIENTE"]) == 6
    assert len(areas["PROFESIONAL"]) == 3
    anonymous = await browsers.signed_in(None)
    cliente = await browsers.signed_in(await register(live.client, "CLIENTE"))
    pro = await browsers.signed_in(await register(live.client, "PROFESIONAL"))
    staff = await browsers.signed_in(admin)
    others = {"CLIENTE": [pro, staff], "PROFESIONAL": [cliente, staff]}
    for area, routes in areas.items():
        for method, path in routes:
            sent = await (anonymous.get(path) if method == "GET" else anonymous.post(path, {}))
            assert sent.status_code == 303, (method, path)
            for other in others[area]:
                sent = await (other.get(path) if method == "GET" else other.post(path, {}))
                assert sent.status_code == 403, (area, method, path)
