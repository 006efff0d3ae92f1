"""The web app's forms against the real services (standalone): the professional's editor, portfolio and KYC,
instant hiring, the account, and where each refusal of the API is shown."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import pytest

from tests.conftest import image_bytes
from tests.factories import (
    PASSWORD,
    PDF,
    Account,
    approved_professional,
    cbu,
    create_admin,
    money,
    open_chat,
    register,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browser


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture
async def browser(live: LiveStandalone) -> AsyncIterator[Browser]:
    client = Browser(live.base_url, live.base_url)
    yield client
    await client.close()


def field_html(page: str, field_id: str) -> str:
    """The markup of one form field (label, input and its message)."""
    return page.split(f'id="{field_id}"')[1].split("</div>")[0]


async def test_the_profile_editor_saves_and_puts_refusals_under_their_field(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    for nombre in (f"Gas {uuid.uuid4().hex[:6]}", f"Electricidad {uuid.uuid4().hex[:6]}"):
        await live.client.post("/api/v1/admin/oficios", headers=admin.headers, json={"nombre": nombre})
    pro = await register(live.client, "PROFESIONAL")
    await browser.login(pro.email)
    page = await browser.get("/profesional/perfil")
    assert page.status_code == 200
    bad = await browser.post(
        "/profesional/perfil", {"tarifa_por_hora": "12.500", "radio_cobertura_km": "900"}
    )
    assert bad.status_code == 400
    assert "500 o menos" in field_html(bad.text, "f-radio_cobertura_km")
    ok = await browser.post(
        "/profesional/perfil",
        {
            "tarifa_por_hora": "12.500",
            "radio_cobertura_km": "30",
            "descripcion": "Gasista matriculado",
            "acepta_instant": "1",
        },
    )
    assert ok.status_code == 303
    me = (await live.client.get("/api/v1/professional/me", headers=pro.headers)).json()
    assert (float(me["tarifa_por_hora"]), me["radio_cobertura_km"], me["acepta_instant"]) == (
        12500.0,
        30,
        True,
    )
    assert (await browser.post("/profesional/ubicacion", {"ciudad": "rosario"})).status_code == 303
    me = (await live.client.get("/api/v1/professional/me", headers=pro.headers)).json()
    assert round(me["latitude"], 2) == -32.94
    picked = await browser.post(
        "/profesional/ubicacion", {"latitude": "-34.61", "longitude": "-58.44", "ciudad": ""}
    )
    assert picked.status_code == 303
    nowhere = await browser.post("/profesional/ubicacion", {"latitude": "", "longitude": "", "ciudad": ""})
    assert "Marcá tu ubicación" in nowhere.text
    bad_cbu = await browser.post("/profesional/cobro", {"payout_account": "0000000000000000000001"})
    assert bad_cbu.status_code == 400
    assert "field-error" in field_html(bad_cbu.text, "f-payout_account")
    assert (await browser.post("/profesional/cobro", {"payout_account": cbu()})).status_code == 303
    oficios = (await live.client.get("/api/v1/public/oficios")).json()
    chosen = await browser.post("/profesional/oficios", {"oficio_ids": [o["id"] for o in oficios[:2]]})
    assert chosen.status_code == 303
    mine = (await live.client.get("/api/v1/professional/me", headers=pro.headers)).json()["oficios"]
    assert {o["id"] for o in mine} == {o["id"] for o in oficios[:2]}
    assert len(mine) == 2


async def test_kyc_and_portfolio_uploads(live: LiveStandalone, browser: Browser) -> None:
    pro = await register(live.client, "PROFESIONAL")
    await browser.login(pro.email)
    empty = await browser.post(
        "/profesional/verificacion", files={"files": ("", b"", "application/octet-stream")}
    )
    assert empty.status_code == 400
    assert "Elegí al menos un archivo" in empty.text
    wrong = await browser.post(
        "/profesional/verificacion", files={"files": ("dni.exe", b"MZ\x90\x00", "application/pdf")}
    )
    assert wrong.status_code == 400
    sent = await browser.post(
        "/profesional/verificacion", files={"files": ("dni.pdf", PDF, "application/pdf")}
    )
    assert sent.status_code == 303
    status = await browser.get("/profesional/verificacion")
    assert "Estamos revisando tu documentación" in status.text
    assert "dni.pdf" in status.text
    created = await browser.post(
        "/profesional/portfolio",
        {"titulo": "Baño completo", "descripcion": "Cambio de cañerías y grifería"},
        files={"imagenes": ("obra.jpg", image_bytes("JPEG", (320, 240)), "image/jpeg")},
    )
    assert created.status_code == 303
    items = (await live.client.get("/api/v1/professional/portfolio", headers=pro.headers)).json()
    assert [(i["titulo"], len(i["imagenes"])) for i in items] == [("Baño completo", 1)]
    item, image = items[0], items[0]["imagenes"][0]
    page = await browser.get("/profesional/portfolio")
    assert image["thumbnail_url"] in page.text
    refused = await browser.post(
        f"/profesional/portfolio/{item['id']}/imagenes", files={"imagenes": ("x.jpg", b"no", "image/jpeg")}
    )
    assert refused.status_code == 303
    assert "no se pudo subir" in (await browser.get("/profesional/portfolio")).text
    gone = await browser.post(f"/profesional/portfolio/{item['id']}/imagenes/{image['id']}/borrar")
    assert gone.status_code == 303
    assert (await browser.post(f"/profesional/portfolio/{item['id']}/borrar")).status_code == 303
    assert (await live.client.get("/api/v1/professional/portfolio", headers=pro.headers)).json() == []
    untitled = await browser.post("/profesional/portfolio", {"titulo": "", "descripcion": "x"})
    assert untitled.status_code == 400
    assert "field-error" in field_html(untitled.text, "f-titulo")


async def test_instant_hire_goes_straight_to_the_checkout(
    live: LiveStandalone, admin: Account, browser: Browser
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    oficio = await api.post(
        "/api/v1/admin/oficios", headers=admin.headers, json={"nombre": f"Cerrajería {uuid.uuid4().hex[:6]}"}
    )
    servicio = await api.post(
        "/api/v1/admin/servicios-instant",
        headers=admin.headers,
        json={
            "nombre": "Apertura de puerta",
            "descripcion": "Sin romper la cerradura",
            "oficio_id": oficio.json()["id"],
        },
    )
    servicio_id = servicio.json()["id"]
    headers = pro.account.headers
    await api.put(
        "/api/v1/professional/profile/oficios", headers=headers, json={"oficio_ids": [oficio.json()["id"]]}
    )
    await browser.login(pro.account.email)
    offered = await browser.post(
        "/profesional/servicios", {"servicio_ids": [servicio_id], f"precio_{servicio_id}": "9.500"}
    )
    assert offered.status_code == 303, offered.text[:500]
    await browser.post("/profesional/perfil", {"acepta_instant": "1", "radio_cobertura_km": "10"})
    await browser.post("/logout")
    profile = await browser.get(f"/profesionales/{pro.profile_id}")
    assert "Apertura de puerta" in profile.text
    assert "$ 9.500" in profile.text
    anonymous = await browser.post(f"/profesionales/{pro.profile_id}/contratar/{servicio_id}")
    assert anonymous.headers["location"].startswith("/login")
    cliente = await register(api, "CLIENTE")
    await browser.login(cliente.email)
    hired = await browser.post(f"/profesionales/{pro.profile_id}/contratar/{servicio_id}")
    assert hired.status_code == 303
    assert "/pagos/sandbox/checkout/" in hired.headers["location"]
    trabajos = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()
    assert trabajos[0]["servicio_instant_id"] == servicio_id
    detail = await browser.get(f"/trabajos/{trabajos[0]['id']}")
    assert "Pagar $ 9.500" in detail.text


async def test_an_offer_from_the_chat_keeps_the_amount_as_typed(
    live: LiveStandalone, admin: Account, browser: Browser
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    await browser.login(pro.email)
    descripcion = "Cambio de termotanque y conexión de gas"
    for typed, expected in (("45000.50", "45000.50"), ("$ 18.000", "18000"), ("1.234,50", "1234.50")):
        sent = await browser.post(
            f"/chat/{chat_id}/oferta", {"descripcion": descripcion, "precio_final": typed}
        )
        assert sent.status_code == 303, sent.text[:400]
        ofertas = (await api.get("/api/v1/professional/ofertas", headers=pro.headers)).json()
        newest = max(ofertas, key=lambda o: o["fecha_creacion"])
        assert money(newest["precio_final"]) == money(expected), typed
    refused = await browser.post(
        f"/chat/{chat_id}/oferta", {"descripcion": descripcion, "precio_final": "50"}
    )
    assert refused.status_code == 400
    assert "field-error" in field_html(refused.text, "oferta-precio")


async def test_account_name_photo_and_password(live: LiveStandalone, browser: Browser) -> None:
    account = await register(live.client, "CLIENTE")
    await browser.login(account.email)
    renamed = await browser.post(
        "/cuenta", {"nombre": "Rocío", "apellido": "Ibarra", "telefono": "11 4444 5555"}
    )
    assert renamed.status_code == 303
    page = await browser.get("/cuenta")
    assert 'value="Rocío"' in page.text
    assert "Rocío" in page.text.split('class="user-menu"')[1][:400]  # the header follows
    photo = await browser.post(
        "/cuenta/foto", files={"file": ("yo.png", image_bytes("PNG", (120, 120)), "image/png")}
    )
    assert photo.status_code == 303
    me = (await live.client.get("/api/v1/users/me", headers=account.headers)).json()
    assert me["avatar_url"]
    not_image = await browser.post("/cuenta/foto", files={"file": ("yo.png", b"not an image", "image/png")})
    assert not_image.status_code == 400
    assert "field-error" in not_image.text.split('id="avatar-file"')[1].split("</div>")[0]
    wrong = await browser.post(
        "/cuenta/contrasena",
        {
            "current_password": "equivocada",
            "new_password": "nueva-clave-99",
            "new_password2": "nueva-clave-99",
        },
    )
    assert "actual es incorrecta" in field_html(wrong.text, "f-current_password")
    changed = await browser.post(
        "/cuenta/contrasena",
        {"current_password": PASSWORD, "new_password": "nueva-clave-99", "new_password2": "nueva-clave-99"},
    )
    assert changed.status_code == 303
    assert (await browser.get("/cuenta")).status_code == 200  # this session survives the change


async def test_notifications_inbox_opens_and_marks_read(live: LiveStandalone, browser: Browser) -> None:
    account = await register(live.client, "CLIENTE")  # the welcome notification
    await browser.login(account.email)
    inbox = await browser.get("/notificaciones")
    for _ in range(50):
        if "notif unread" in inbox.text:
            break
        inbox = await browser.get("/notificaciones")
    found = re.search(r'action="/notificaciones/([0-9a-f-]+)/abrir"', inbox.text)
    assert found
    opened = await browser.post(f"/notificaciones/{found.group(1)}/abrir", {"url": f"{live.base_url}/buscar"})
    assert opened.headers["location"] == "/buscar"
    outside = await browser.post(
        f"/notificaciones/{found.group(1)}/abrir", {"url": "https://malicioso.example/x"}
    )
    assert outside.headers["location"] == "/x"  # only paths of this site
    assert (await browser.post("/notificaciones/leer-todas")).status_code == 303
    count = (
        await live.client.get("/api/v1/notificaciones/no-leidas/contador", headers=account.headers)
    ).json()
    assert count["count"] == 0
