"""Issue 16, "What users expect", walked through the web app as a browser does (cookies, CSRF, redirects):
what a person was doing survives the login and the registration; a summary comes before every payment and
a rejected payment can be tried again; ..."""

from __future__ import annotations

import html as html_lib
import itertools
import json
import math
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote, urlsplit

import pytest

from conectar.web.session import COOKIE_NAME, SessionCodec
from tests.conftest import unique_email
from tests.factories import (
    PASSWORD,
    Account,
    Pro,
    approved_professional,
    create_admin,
    eventually,
    login,
    offer,
    open_chat,
    paid_trabajo,
    pay_on_sandbox,
    register,
    released_trabajo,
    trabajo_state,
    wait_state,
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


@dataclass
class InstantService:
    pro: Pro
    servicio_id: str
    nombre: str


async def instant_service(live: LiveStandalone, admin: Account, precio: str = "9500") -> InstantService:
    """An approved professional who offers an instant service at ``precio``."""
    api = live.client
    pro = await approved_professional(api, admin)
    oficio = await api.post(
        "/api/v1/admin/oficios", headers=admin.headers, json={"nombre": f"Cerrajería {uuid.uuid4().hex[:6]}"}
    )
    nombre = f"Apertura de puerta {uuid.uuid4().hex[:4]}"
    servicio = await api.post(
        "/api/v1/admin/servicios-instant",
        headers=admin.headers,
        json={"nombre": nombre, "descripcion": "Sin romper la cerradura", "oficio_id": oficio.json()["id"]},
    )
    servicio_id = servicio.json()["id"]
    headers = pro.account.headers
    for method, path, body in (
        ("PUT", "/api/v1/professional/profile/oficios", {"oficio_ids": [oficio.json()["id"]]}),
        ("PUT", "/api/v1/professional/profile/servicios-instant", {"servicio_ids": [servicio_id]}),
        ("PUT", f"/api/v1/professional/servicios-instant/{servicio_id}", {"precio_fijo": precio}),
        ("PUT", "/api/v1/professional/profile", {"acepta_instant": True}),
    ):
        answer = await api.request(method, path, headers=headers, json=body)
        assert answer.status_code == 200, answer.text
    return InstantService(pro, servicio_id, nombre)


def next_of(location: str) -> str:
    assert location.startswith("/login?next="), location
    return location.removeprefix("/login?next=")


# --- 3. what the visitor was doing survives the login and the registration ----------------------------


async def test_message_this_professional_signed_out_lands_in_the_conversation_after_login(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE", nombre="Lucía")
    profile = f"/profesionales/{pro.profile_id}"
    await browser.get(profile)
    asked = await browser.post(f"{profile}/contactar")
    assert asked.status_code == 303
    assert asked.headers["location"] == "/login?next=" + quote(profile, safe="/")
    login_page = await browser.get(asked.headers["location"])
    assert 'data-pending="contactar"' in login_page.text
    assert "para escribirle a Nombre Apellido" in login_page.text
    assert f'name="next" value="{profile}"' in login_page.text
    assert (await api.get("/api/v1/chat/my-chats", headers=cliente.headers)).json()["chats"] == []

    signed_in = await browser.post("/login", {"email": cliente.email, "password": PASSWORD, "next": profile})
    assert signed_in.status_code == 303
    target = signed_in.headers["location"]
    chats = (await api.get("/api/v1/chat/my-chats", headers=cliente.headers)).json()["chats"]
    assert [c["profesional_id"] for c in chats] == [str(pro.account.id)]  # the conversation it asked for
    assert target == f"/chat/{chats[0]['id']}"
    conversation = await browser.get(target)
    assert conversation.status_code == 200
    assert "Listo: ya podés escribirle a Nombre Apellido" in conversation.text
    # Done once: the next login goes where it is told.
    await browser.post("/logout")
    await browser.get("/login")
    again = await browser.post("/login", {"email": cliente.email, "password": PASSWORD, "next": "/trabajos"})
    assert again.headers["location"] == "/trabajos"


async def test_message_this_professional_through_a_new_account(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro = await approved_professional(live.client, admin)
    profile = f"/profesionales/{pro.profile_id}"
    await browser.get(profile)
    asked = await browser.post(f"{profile}/contactar")
    login_page = await browser.get(asked.headers["location"])
    link = re.search(r'href="(/registro[^"]*)">Creala gratis', login_page.text)
    assert link is not None
    assert link.group(1) == "/registro?next=" + quote(profile, safe="/")  # the sign-up keeps where it was
    form = await browser.get(link.group(1))
    assert 'data-pending="contactar"' in form.text
    assert f'name="next" value="{profile}"' in form.text
    email = unique_email("nueva")
    created = await browser.post(
        "/registro",
        {
            "nombre": "Ana",
            "apellido": "Paz",
            "email": email,
            "rol": "CLIENTE",
            "password": PASSWORD,
            "password2": PASSWORD,
            "next": profile,
        },
    )
    assert created.status_code == 303
    assert created.headers["location"].startswith("/chat/")
    page = await browser.get(created.headers["location"])
    assert page.status_code == 200
    assert "Conversación con Nombre" in page.text


async def test_hire_this_service_signed_out_comes_back_to_its_summary_then_pays(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    service = await instant_service(live, admin, "9500")
    summary = f"/profesionales/{service.pro.profile_id}/contratar/{service.servicio_id}"
    profile = await browser.get(f"/profesionales/{service.pro.profile_id}")
    assert f'href="{summary}"' in profile.text  # "Contratar" shows the summary first
    page = await browser.get(summary)
    assert page.status_code == 200
    assert service.nombre in page.text
    asked = await browser.post(summary)
    assert next_of(asked.headers["location"]) == quote(summary, safe="/")
    login_page = await browser.get(asked.headers["location"])
    assert f"para contratar «{service.nombre}» con Nombre Apellido" in login_page.text
    cliente = await register(api, "CLIENTE")
    signed_in = await browser.post("/login", {"email": cliente.email, "password": PASSWORD, "next": summary})
    assert signed_in.headers["location"] == summary  # the summary again: paying needs a yes
    assert (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json() == []
    again = await browser.get(summary)
    assert "Revisá el resumen y confirmá para pagar" in again.text
    hired = await browser.post(summary)
    assert "/pagos/sandbox/checkout/" in hired.headers["location"]
    trabajos = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()
    assert [t["servicio_instant_id"] for t in trabajos] == [service.servicio_id]


async def test_a_professional_signing_in_does_not_inherit_a_clients_errand(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro = await approved_professional(live.client, admin)
    other = await approved_professional(live.client, admin)
    profile = f"/profesionales/{pro.profile_id}"
    await browser.get(profile)
    await browser.post(f"{profile}/contactar")
    signed_in = await browser.post(
        "/login", {"email": other.account.email, "password": PASSWORD, "next": profile}
    )
    assert signed_in.headers["location"] == profile
    page = await browser.get(profile)
    assert "solo los clientes inician conversaciones" in page.text
    chats = (await live.client.get("/api/v1/chat/my-chats", headers=other.account.headers)).json()
    assert chats["chats"] == []


async def test_an_old_errand_is_forgotten_and_next_only_goes_to_this_site(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    await browser.get("/login")
    await browser.post(f"/profesionales/{pro.profile_id}/contactar")
    codec = SessionCodec(live.settings.secret("secret_key"))
    session = codec.open(browser.session_cookie)
    assert session is not None
    assert session.pending is not None
    session.pending["at"] = str(int(time.time()) - 31 * 60)  # older than half an hour
    browser.http.cookies.set(COOKIE_NAME, codec.seal(session), domain=urlsplit(live.base_url).hostname)
    assert "data-pending" not in (await browser.get("/login")).text
    signed_in = await browser.post("/login", {"email": cliente.email, "password": PASSWORD})
    assert signed_in.headers["location"] == "/"
    assert (await api.get("/api/v1/chat/my-chats", headers=cliente.headers)).json()["chats"] == []
    for evil in ("https://malo.example/", "//malo.example/x", "/\\malo.example", "/login?next=/chat"):
        await browser.get("/")
        await browser.post("/logout")
        page = await browser.get("/login?next=" + quote(evil, safe=""))
        assert 'name="next" value=""' in page.text, evil
        out = await browser.post("/login", {"email": cliente.email, "password": PASSWORD, "next": evil})
        assert out.headers["location"] == "/", evil


# --- 4. a summary before paying, and "Reintentar el pago" ---------------------------------------------


async def test_an_offer_is_summarised_with_its_real_price_before_it_is_accepted(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, precio="18350.50")
    await browser.login(cliente.email)
    conversation = await browser.get(f"/chat/{chat_id}")
    assert f'href="/ofertas/{oferta["id"]}/confirmar"' in conversation.text
    summary = await browser.get(f"/ofertas/{oferta['id']}/confirmar")
    assert summary.status_code == 200
    lines = dict(re.findall(r'data-summary="(\w+)">(.*?)</dd>', summary.text, re.S))
    assert "Cambio de flexible y canilla de la cocina" in lines["que"]
    assert lines["quien"] == "Nombre Apellido"
    assert lines["precio"] == "$ 18.350,50"
    assert lines["total"] == "$ 18.350,50"
    assert "visita" not in lines  # the API does not send a visit window yet
    assert f'action="/ofertas/{oferta["id"]}/aceptar"' in summary.text
    assert (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json() == []  # nothing yet
    accepted = await browser.post(f"/ofertas/{oferta['id']}/aceptar")
    assert "/pagos/sandbox/checkout/" in accepted.headers["location"]
    trabajo = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()[0]
    assert trabajo["precio_final"] in ("18350.50", "18350.5", 18350.5)
    detail = await browser.get(f"/trabajos/{trabajo['id']}")
    lines = dict(re.findall(r'data-summary="(\w+)">(.*?)</dd>', detail.text, re.S))
    assert lines["total"] == "$ 18.350,50"
    # Answered offers have nothing to confirm.
    again = await browser.get(f"/ofertas/{oferta['id']}/confirmar")
    assert again.headers["location"] == f"/chat/{chat_id}"


async def test_a_rejected_payment_shows_the_summary_and_can_be_tried_again(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, precio="21000")
    await browser.login(cliente.email)
    accepted = await browser.post(f"/ofertas/{oferta['id']}/aceptar")
    rejected = await pay_on_sandbox(api, accepted.headers["location"], status="rejected")
    back = urlsplit(rejected.headers["location"])
    assert back.path.endswith("/error")
    trabajo_id = back.path.split("/")[2]
    page = await browser.get(back.path)
    assert "El pago no se completó" in page.text
    assert "Reintentar el pago" in page.text
    lines = dict(re.findall(r'data-summary="(\w+)">(.*?)</dd>', page.text, re.S))
    assert lines["total"] == "$ 21.000"
    assert lines["quien"] == "Nombre Apellido"
    assert f'href="/trabajos/{trabajo_id}?pago=rechazado"' in page.text
    detail = await browser.get(f"/trabajos/{trabajo_id}?pago=rechazado")
    assert "no aprobó el pago anterior" in detail.text
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "PENDIENTE_PAGO"
    retried = await browser.post(f"/trabajos/{trabajo_id}/pagar")
    assert "/pagos/sandbox/checkout/" in retried.headers["location"]
    paid = await pay_on_sandbox(api, retried.headers["location"])
    assert urlsplit(paid.headers["location"]).path == f"/pagos/{trabajo_id}/exito"
    await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")

    async def approved() -> bool:
        return "¡Pago aprobado!" in (await browser.get(f"/pagos/{trabajo_id}/error")).text

    await eventually(approved, timeout=20, interval=0.2)  # the real state wins over the page's name


# --- 9. disputes: no reason chosen for the person, a confirmation, what happens next -------------------


async def test_a_dispute_is_chosen_by_the_person_confirmed_then_explained(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    await browser.login(cliente.email)
    page = await browser.get(f"/trabajos/{trabajo_id}")
    form = page.text.split('id="disputa"')[1].split("</details>")[0]
    assert form.count('name="tipo"') == 4
    assert "checked" not in form
    assert "selected" not in form

    async def disputes() -> list[dict[str, object]]:
        answer = await api.get("/api/v1/disputas/mis-disputas", headers=cliente.headers)
        found: list[dict[str, object]] = answer.json()
        return found

    empty = await browser.post(f"/trabajos/{trabajo_id}/disputa", {"descripcion": "corto"})
    assert empty.status_code == 400
    assert "Elegí qué pasó" in empty.text
    assert "al menos 20 caracteres" in empty.text
    assert ">corto</textarea>" in empty.text  # what was typed stays
    assert await disputes() == []

    texto = "El profesional no vino el día acordado y no responde los mensajes."
    review = await browser.post(
        f"/trabajos/{trabajo_id}/disputa", {"tipo": "NO_REALIZADO", "descripcion": texto}
    )
    assert review.status_code == 200
    assert "¿Abrimos la disputa?" in review.text
    assert 'data-dispute="tipo">No se realizó<' in review.text
    assert texto in review.text
    assert "Qué pasa si la abrís" in review.text
    assert await disputes() == []  # nothing sent before the "yes"

    edit = await browser.post(
        f"/trabajos/{trabajo_id}/disputa", {"tipo": "NO_REALIZADO", "descripcion": texto, "paso": "editar"}
    )
    assert 'value="NO_REALIZADO" checked' in edit.text
    assert texto in edit.text
    assert await disputes() == []

    opened = await browser.post(
        f"/trabajos/{trabajo_id}/disputa", {"tipo": "NO_REALIZADO", "descripcion": texto, "paso": "confirmar"}
    )
    assert opened.status_code == 303
    found = await disputes()
    assert [(d["tipo"], d["estado"], d["descripcion"]) for d in found] == [("NO_REALIZADO", "ABIERTA", texto)]
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "EN_DISPUTA"
    after = await browser.get(opened.headers["location"].split("#")[0])
    assert "Qué pasa ahora" in after.text
    assert "O te reintegramos el pago, o se libera al profesional" in after.text
    other = Browser(live.base_url, live.base_url)
    try:
        await other.login(pro.email)
        seen = await other.get(f"/trabajos/{trabajo_id}")
        assert "O se reintegra el pago al cliente, o se libera a tu saldo" in seen.text
    finally:
        await other.close()


# --- 8. visible progress (the behaviour is app.js's: tests/browser/test_journeys.py) -------------------


BUSY_BUTTON = re.compile(r'<button[^>]*data-busy-text="([^"]+)"')


async def test_actions_that_take_time_say_what_they_are_doing(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    service = await instant_service(live, admin)
    for path, text in (("/login", "Ingresando…"), ("/registro", "Creando tu cuenta…")):
        assert text in BUSY_BUTTON.findall((await browser.get(path)).text), path
    cliente = await register(api, "CLIENTE")
    await browser.login(cliente.email)
    summary = await browser.get(f"/profesionales/{service.pro.profile_id}/contratar/{service.servicio_id}")
    assert BUSY_BUTTON.findall(summary.text) == ["Preparando el pago…"]
    hired = await browser.post(f"/profesionales/{service.pro.profile_id}/contratar/{service.servicio_id}")
    assert hired.status_code == 303  # the same form works without JavaScript
    trabajo = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()[0]
    detail = await browser.get(f"/trabajos/{trabajo['id']}")
    assert "Preparando el pago…" in BUSY_BUTTON.findall(detail.text)
    search = await browser.get("/buscar?q=plomero")
    region = re.search(r'<div id="resultados"([^>]*)>\s*<p class="loading-note" role="status">', search.text)
    assert region is not None
    assert "data-loading-region" in region.group(1)
    script = await browser.get("/static/js/app.js")
    assert "htmx:beforeRequest" in script.text
    assert "data-busy" in script.text


# --- 6. the earnings ledger: direction, signs, a running balance that adds up --------------------------


LEDGER_ROW = re.compile(
    r'<li class="ledger-row[^"]*" data-tipo="(\w+)" data-efecto="(-?[\d.]+)"(?: data-saldo="(-?[\d.]+)")?>'
)


def ledger_rows(html: str) -> list[tuple[str, Decimal, Decimal | None]]:
    return [
        (tipo, Decimal(efecto), Decimal(saldo) if saldo else None)
        for tipo, efecto, saldo in LEDGER_ROW.findall(html)
    ]


async def test_the_ledger_shows_direction_and_a_running_balance_that_adds_up_to_the_balance(
    live: LiveStandalone, browser: Browser, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    await released_trabajo(api, cliente, pro, "15000.00")
    await released_trabajo(api, cliente, pro, "20000.00")
    await paid_trabajo(api, cliente, pro, "9000.00")  # in escrow: not available yet

    async def balance() -> dict[str, str]:
        found: dict[str, str] = (await api.get("/api/v1/pagos/balance", headers=pro.headers)).json()
        return found

    assert Decimal((await balance())["disponible"]) == Decimal("28000")  # 35.000 less 20 % commission
    retiro = await api.post("/api/v1/pagos/retiros", headers=pro.headers, json={"monto": "5000"})
    assert retiro.status_code == 201, retiro.text
    disponible = Decimal((await balance())["disponible"])
    assert disponible == Decimal("23000")

    await browser.login(pro.email)
    page = await browser.get("/profesional/ganancias")
    rows = ledger_rows(page.text)
    tipos = [tipo for tipo, _, _ in rows]
    assert tipos.count("LIBERACION") == 2
    assert tipos.count("PAGO") == 3
    assert "RETIRO_SOLICITADO" in tipos
    assert rows[0][2] == disponible  # the newest row's balance is the balance API's
    for (_, efecto, saldo), (_, _, older) in itertools.pairwise(rows):
        assert older == saldo - efecto  # each balance is the one before it, plus this movement
    _, oldest_effect, oldest_balance = rows[-1]
    assert oldest_balance - oldest_effect == 0  # from nothing, the movements add up to the balance
    effects = {tipo: efecto for tipo, efecto, _ in rows}
    assert effects["PAGO"] == 0  # held in escrow: not available
    assert effects["RETIRO_SOLICITADO"] == Decimal("-5000")
    assert Decimal("16000") in {e for t, e, _ in rows if t == "LIBERACION"}  # 20.000 less 4.000
    assert "+$ 20.000" in page.text
    assert "-$ 4.000" in page.text  # the commission, with its sign
    assert "-$ 5.000" in page.text  # the payout

    # Across pages the balance goes on where the page before left it.
    import conectar.web.routes.professional as professional_pages

    monkeypatch.setattr(professional_pages, "HISTORY_PAGE", 3)
    chained: list[tuple[str, Decimal, Decimal | None]] = []
    number = 1
    while True:
        shown = await browser.get(f"/profesional/ganancias?page={number}")
        chained.extend(ledger_rows(shown.text))
        if 'rel="next"' not in shown.text:
            break
        number += 1
    assert number == -(-len(rows) // 3) >= 2
    assert chained == rows
    filtered = await browser.get("/profesional/ganancias?tipo=LIBERACION")
    assert [saldo for _, _, saldo in ledger_rows(filtered.text)] == [None, None]
    assert "el saldo después de cada movimiento se ve sin filtro" in filtered.text


# --- 7. what moderation hid is said gently; conversation previews follow the messages ------------------


async def test_the_sender_is_told_gently_what_moderation_hid_and_why(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    await browser.login(cliente.email)
    await browser.get(f"/chat/{chat_id}")
    plain = await browser.post(
        f"/chat/{chat_id}/mensajes", {"text": "Hola, ¿podés venir el jueves a las 10?"}
    )
    assert "Ocultamos" not in (await browser.get(plain.headers["location"])).text
    sent = await browser.post(
        f"/chat/{chat_id}/mensajes", {"text": "Dale, llamame al 11 5555-1234 y arreglamos"}
    )
    assert sent.status_code == 303
    page = await browser.get(sent.headers["location"])
    assert "Ocultamos lo que parecía un teléfono de tu mensaje" in page.text
    assert "así tu pago queda protegido" in page.text
    stored = (await api.get(f"/api/v1/chat/messages/{chat_id}", headers=cliente.headers)).json()
    assert any(m["text"] == "Dale, llamame al [dato oculto] y arreglamos" for m in stored)

    async def counted() -> bool:  # the users service learns of the infraction from chat's event
        shown = await browser.get(f"/chat/{chat_id}")
        return "Llevás 1 aviso de 3" in shown.text

    await eventually(counted, timeout=15, interval=0.2)
    mail = await browser.post(f"/chat/{chat_id}/mensajes", {"text": "o escribime a juan.perez@gmail.com"})
    assert (
        "Ocultamos lo que parecía un e-mail de tu mensaje"
        in (await browser.get(mail.headers["location"])).text
    )


async def test_the_conversation_list_partial_follows_the_newest_message(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    first, second = (
        (await approved_professional(api, admin)).account,
        (await approved_professional(api, admin)).account,
    )
    cliente = await register(api, "CLIENTE")
    older = await open_chat(api, cliente, first)
    newer = await open_chat(api, cliente, second)
    for chat_id, who, text in ((older, first, "Primer presupuesto"), (newer, second, "Segundo presupuesto")):
        answer = await api.post(
            "/api/v1/chat/send-message", headers=who.headers, json={"chat_id": chat_id, "text": text}
        )
        assert answer.status_code == 200
    await browser.login(cliente.email)
    page = await browser.get("/chat")
    assert f'data-chat="{older}"' in page.text
    again = await api.post(
        "/api/v1/chat/send-message",
        headers=first.headers,
        json={"chat_id": older, "text": "¿Te sirve el martes?"},
    )
    assert again.status_code == 200
    listing = await browser.get(f"/chat/lista?actual={newer}", headers={"HX-Request": "true"})
    assert listing.status_code == 200
    assert listing.text.lstrip().startswith('<nav class="chat-list"')
    items = re.findall(r'data-chat="([0-9a-f-]+)"', listing.text)
    assert items[:2] == [older, newer]  # the newest activity first
    first_item = listing.text.split(f'data-chat="{older}"')[1].split("</a>")[0]
    assert "¿Te sirve el martes?" in first_item
    assert '<span class="pill">2</span>' in first_item
    assert 'aria-current="page"' in listing.text.split(f'data-chat="{newer}"')[1].split(">")[0]


# --- 2. results first on a phone, filters in a sheet, the professionals as pins ------------------------


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


async def test_search_puts_each_professional_on_the_map_at_their_real_distance(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    oficio = await api.post(
        "/api/v1/admin/oficios", headers=admin.headers, json={"nombre": f"Herrería {uuid.uuid4().hex[:6]}"}
    )
    oficio_id = oficio.json()["id"]
    for lat, lng in ((-32.95, -60.65), (-32.99, -60.70), (-32.90, -60.62)):  # around Rosario
        pro = await approved_professional(api, admin)
        for path, body in (
            ("/api/v1/professional/profile/location", {"latitude": lat, "longitude": lng}),
            ("/api/v1/professional/profile/oficios", {"oficio_ids": [oficio_id]}),
            ("/api/v1/professional/profile", {"radio_cobertura_km": 30}),
        ):
            assert (await api.put(path, headers=pro.account.headers, json=body)).status_code == 200
    page = await browser.get(f"/buscar?oficio={oficio_id}&ciudad=rosario")
    assert page.status_code == 200
    html = page.text
    # On a phone the zone and filters wait in a sheet and the map behind a toggle: neither is open.
    sheet = re.search(r"<details class=\"filters-sheet\"[^>]*>", html)
    toggle = re.search(r"<details class=\"map-toggle\"[^>]*>", html)
    assert sheet is not None
    assert " open" not in sheet.group(0)
    assert toggle is not None
    assert " open" not in toggle.group(0)
    assert html.index('id="resultados"') < html.index("data-map-toggle") < html.index('class="card pro-card"')
    drawn = re.search(r"data-pins='([^']*)'", html)
    assert drawn is not None
    pins = json.loads(html_lib.unescape(drawn.group(1)))
    cards = re.findall(r'<article class="card pro-card" data-pin="(\d+)">', html)
    assert [p["n"] for p in pins] == [int(n) for n in cards] == [1, 2, 3]
    centre = re.search(r'data-lat="(-?[\d.]+)" data-lng="(-?[\d.]+)"', html)
    assert centre is not None
    point = (float(centre.group(1)), float(centre.group(2)))
    body = {"latitude": point[0], "longitude": point[1], "oficio": oficio_id, "limit": 12}
    search = (await api.post("/api/v1/search", json=body)).json()
    assert [str(p["id"]) for p in pins] == [r["id"] for r in search["resultados"]]
    for pin, result in zip(pins, search["resultados"], strict=True):
        away = km_between(point, (pin["lat"], pin["lng"]))
        assert abs(away - result["distancia_km"]) < 0.06, (away, result["distancia_km"])
    # The same pins without script or tiles: an SVG with one link per professional.
    svg = html.split('<svg class="map-plain"')[1].split("</svg>")[0]
    assert len(re.findall(r'<a href="/profesionales/', svg)) == 3
    # Another visit draws them in the same places.
    again = re.search(
        r"data-pins='([^']*)'", (await browser.get(f"/buscar?oficio={oficio_id}&ciudad=rosario")).text
    )
    assert again is not None
    assert again.group(1) == drawn.group(1)


# --- 1. search is a text box: suggestions, synonyms, typos, instant services ---------------------------


@pytest.fixture(scope="module")
async def trades(live: LiveStandalone, admin: Account) -> dict[str, str]:
    """Plomería and Gas, as the catalogue usually has them: their ids."""
    ids: dict[str, str] = {}
    existing = {o["nombre"]: o["id"] for o in (await live.client.get("/api/v1/public/oficios")).json()}
    for nombre in ("Plomería", "Gas"):
        if nombre not in existing:
            created = await live.client.post(
                "/api/v1/admin/oficios", headers=admin.headers, json={"nombre": nombre}
            )
            assert created.status_code == 201, created.text
            existing[nombre] = created.json()["id"]
        ids[nombre] = str(existing[nombre])
    return ids


async def suggested(browser: Browser, text: str) -> list[dict[str, str]]:
    answer = await browser.get("/buscar/sugerencias", params={"q": text})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert body["q"] == text
    found: list[dict[str, str]] = body["sugerencias"]
    return found


async def test_the_search_box_suggests_oficios_words_and_services_forgiving_typos(
    live: LiveStandalone, browser: Browser, admin: Account, trades: dict[str, str]
) -> None:
    service = await instant_service(live, admin)
    assert (await suggested(browser, "plo"))[0] == {
        "texto": "Plomería",
        "detalle": "Oficio",
        "tipo": "oficio",
        "oficio_id": trades["Plomería"],
    }
    assert (await suggested(browser, "plomeor"))[0]["texto"] == "Plomería"  # a typo
    assert [s["texto"] for s in await suggested(browser, "gasita")][:1] == ["Gasista"]
    assert "Pérdida de gas" in [s["texto"] for s in await suggested(browser, "pérdida")]
    services = [s for s in await suggested(browser, service.nombre.lower()) if s["tipo"] == "servicio"]
    assert services[0]["texto"] == service.nombre  # other tests offer "Apertura de puerta …" too
    assert services[0]["detalle"].startswith("Precio fijo · Cerrajería")
    assert await suggested(browser, "p") == []  # one letter suggests nothing yet
    # The pages offer a text box (with a list of words for browsers without JavaScript), no drop-down.
    for path in ("/", "/buscar"):
        page = await browser.get(path)
        assert not re.search(r'<select[^>]*name="oficio"', page.text), path
        assert re.search(r'<input id="(home-oficio|s-q)" name="q" type="search"', page.text), path
        assert '<option value="Plomero">' in page.text


async def test_the_search_understands_synonyms_typos_and_instant_services(
    live: LiveStandalone, browser: Browser, admin: Account, trades: dict[str, str]
) -> None:
    close = await browser.get("/buscar", params={"q": "plomeor", "ciudad": "cordoba"})
    assert "<h1>Plomería</h1>" in close.text
    assert "Mostramos <strong>Plomería</strong> para «plomeor»" in close.text
    assert f'<input type="hidden" name="oficio" value="{trades["Plomería"]}">' in close.text
    word = await browser.get("/buscar", params={"q": "olor a gas"})
    assert "<h1>Gas</h1>" in word.text
    assert "Mostramos" not in word.text  # a word for the oficio: nothing was guessed
    service = await instant_service(live, admin, "7300")
    headers = service.pro.account.headers
    placed = await live.client.put(
        "/api/v1/professional/profile/location",
        headers=headers,
        json={"latitude": -31.42, "longitude": -64.19},
    )
    assert placed.status_code == 200
    asked = service.nombre.lower().replace("apertura", "apretura")  # a typo in a service's name
    page = await browser.get("/buscar", params={"q": asked, "ciudad": "cordoba"})
    assert page.status_code == 200
    assert re.search(r"<h1>Cerrajería [0-9a-f]{6}</h1>", page.text)
    assert f"«{service.nombre}» es un servicio a precio fijo" in page.text
    summary = f"/profesionales/{service.pro.profile_id}/contratar/{service.servicio_id}"
    assert f'href="{summary}"' in page.text  # straight to the summary before paying
    assert page.text.index("is-asked") < page.text.index('class="list-rows"')  # the service first
    unknown = await browser.get("/buscar", params={"q": "astronauta"})
    assert "No encontramos un oficio que coincida con «astronauta»" in unknown.text


# --- 5. a professional's first steps, one at a time, with progress --------------------------------------


STEP_DONE = re.compile(r'data-step="(\w+)" data-done="([01])"')


def steps_done(html: str) -> dict[str, bool]:
    return {slug: done == "1" for slug, done in STEP_DONE.findall(html)}


async def test_a_new_professional_walks_the_first_steps_and_cannot_finish_without_an_oficio(
    live: LiveStandalone, browser: Browser, admin: Account, trades: dict[str, str]
) -> None:
    api = live.client
    email = unique_email("nuevo-pro")
    await browser.get("/registro?rol=profesional")
    created = await browser.post(
        "/registro",
        {
            "nombre": "Ramiro",
            "apellido": "Gómez",
            "email": email,
            "rol": "PROFESIONAL",
            "password": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert created.headers["location"] == "/profesional/empezar"
    first = await browser.get("/profesional/empezar")
    assert first.headers["location"] == "/profesional/empezar/perfil"  # the first step not done
    page = await browser.get("/profesional/empezar/perfil")
    assert "Paso 1 de 6" in page.text
    assert "<strong>0 de 6</strong> pasos completos" in page.text
    assert set(steps_done(page.text)) == {"perfil", "oficios", "zona", "cobro", "documentos", "portfolio"}

    saved = await browser.post(
        "/profesional/empezar/perfil",
        {
            "tarifa_por_hora": "15.000",
            "radio_cobertura_km": "20",
            "descripcion": "Herrero con taller propio.",
        },
    )
    assert saved.headers["location"] == "/profesional/empezar/oficios"
    step = await browser.get(saved.headers["location"])
    assert "Paso 2 de 6" in step.text
    assert steps_done(step.text)["perfil"]
    # The oficios cannot be left empty, nor skipped ("Después" is not offered there).
    empty = await browser.post("/profesional/empezar/oficios", {})
    assert empty.status_code == 400
    assert "Elegí al menos un oficio" in empty.text
    assert 'value="despues"' not in empty.text
    # The zone, from a city (the map's fallback), then the rest left for later.
    zone = await browser.post("/profesional/empezar/zona", {"ciudad": "rosario"})
    assert zone.headers["location"] == "/profesional/empezar/cobro"
    bad = await browser.post("/profesional/empezar/cobro", {"payout_account": "123"})
    assert bad.status_code == 400  # the API's refusal, under the field
    assert 'id="f-payout_account-msg"' in bad.text
    later = await browser.post("/profesional/empezar/cobro", {"accion": "despues"})
    assert later.headers["location"] == "/profesional/empezar/documentos"
    await browser.post("/profesional/empezar/documentos", {"accion": "despues"})
    last = await browser.post("/profesional/empezar/portfolio", {"accion": "despues"})
    assert last.headers["location"] == "/profesional/empezar/listo"
    review = await browser.get("/profesional/empezar/listo")
    assert "<strong>2 de 6</strong> pasos completos" in review.text
    refused = await browser.post("/profesional/empezar/terminar")
    assert refused.status_code == 400
    assert "Elegí al menos un oficio" in refused.text

    pro_headers = {"Authorization": f"Bearer {(await login(api, email))['access_token']}"}
    me = (await api.get("/api/v1/professional/me", headers=pro_headers)).json()
    assert me["oficios"] == []
    assert me["tarifa_por_hora"] in ("15000.00", "15000", 15000)
    assert me["latitude"] is not None

    chosen = await browser.post("/profesional/empezar/oficios", {"oficio_ids": trades["Gas"]})
    assert chosen.headers["location"] == "/profesional/empezar/zona"
    done = await browser.post("/profesional/empezar/terminar")
    assert done.headers["location"] == "/profesional"
    dashboard = await browser.get("/profesional")
    assert "¡Listo! Tu perfil está armado" in dashboard.text
    assert "<strong>3 de 6</strong> pasos completos" in dashboard.text
    assert 'href="/profesional/empezar"' in dashboard.text  # the rest, reachable from the dashboard
    assert [
        o["id"] for o in (await api.get("/api/v1/professional/me", headers=pro_headers)).json()["oficios"]
    ] == [trades["Gas"]]
