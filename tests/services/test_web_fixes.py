"""Issue 16, "Broken": what the site got wrong, each fixed and kept fixed: the search that picked an oficio
for the visitor, validation messages in English, plurals that did not agree, the password-reset link
called a "token", the checkout page without its styles, and return links on another host."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from conectar.gateway.middleware import API_CSP, CHECKOUT_CSP
from tests.factories import (
    PASSWORD,
    PDF,
    Account,
    approved_professional,
    create_admin,
    eventually,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
    released_trabajo,
)
from tests.services.conftest import LiveStandalone

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
ENGLISH = ("Input should", "valid integer", "Field required", "value is not")


class Site:
    """The site as a browser uses it: cookies, the CSRF token of the last page, this site's Origin."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False)
        self.csrf = ""

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.http.get(path, **kwargs)
        found = (
            CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        )
        if found:
            self.csrf = found.group(1)
        return response

    async def post(self, path: str, data: dict[str, Any] | None = None) -> httpx.Response:
        if not self.csrf:
            await self.get("/login")
        return await self.http.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, headers={"Origin": self.base_url}
        )

    async def login(self, email: str) -> None:
        await self.get("/login")
        response = await self.post("/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 303, response.text
        await self.get(response.headers["location"])


@pytest.fixture
async def site(live: LiveStandalone) -> AsyncIterator[Site]:
    client = Site(live.base_url)
    yield client
    await client.http.aclose()


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture(scope="module")
async def catalogue(live: LiveStandalone, admin: Account) -> dict[str, str]:
    """The usual oficios, by name: their ids."""
    ids: dict[str, str] = {}
    for nombre in ("Albañilería", "Electricidad", "Gas", "Plomería"):
        created = await live.client.post(
            "/api/v1/admin/oficios", headers=admin.headers, json={"nombre": nombre, "descripcion": "Prueba"}
        )
        assert created.status_code == 201, created.text
        ids[nombre] = str(created.json()["id"])
    return ids


async def professional_in(
    live: LiveStandalone, admin: Account, oficio_id: str, lat: float, lng: float
) -> str:
    """An approved professional of ``oficio_id`` working around (lat, lng); their profile id."""
    pro = await approved_professional(live.client, admin)
    headers = pro.account.headers
    placed = await live.client.put(
        "/api/v1/professional/profile/location", headers=headers, json={"latitude": lat, "longitude": lng}
    )
    assert placed.status_code == 200, placed.text
    trades = await live.client.put(
        "/api/v1/professional/profile/oficios", headers=headers, json={"oficio_ids": [oficio_id]}
    )
    assert trades.status_code == 200, trades.text
    return pro.profile_id


def selected_oficio(html: str) -> tuple[str, str] | None:
    """The oficio the search page searched (its id, carried by the filters, and the page's heading): the
    search is a text box, no list preselects anything (issue 16, item 1)."""
    found = re.search(r'<input type="hidden" name="oficio" value="([^"]+)">', html)
    heading = re.search(r"<h1>([^<]*)</h1>", html)
    return (found.group(1), heading.group(1) if heading else "") if found else None


# --- /buscar names no oficio for the visitor, and understands the ones they write -----------------------


async def test_search_without_an_oficio_asks_for_one_instead_of_picking_albanileria(
    site: Site, catalogue: dict[str, str]
) -> None:
    page = await site.get("/buscar")
    assert page.status_code == 200
    assert selected_oficio(page.text) is None
    assert "¿Qué necesitás?" in page.text
    assert "<h1>Buscar profesionales</h1>" in page.text
    assert "Albañilería cerca de" not in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=plomero", "Plomería"),
        ("oficio=plomero", "Plomería"),
        ("q=Plomeros", "Plomería"),
        ("oficio=PLOMER%C3%8DA", "Plomería"),
        ("oficio=plomeria", "Plomería"),
        ("q=gasista", "Gas"),
        ("q=p%C3%A9rdida%20de%20gas", "Gas"),
        ("q=electricista", "Electricidad"),
        ("q=electricista%20matriculado", "Electricidad"),
        ("q=alba%C3%B1il", "Albañilería"),
    ],
)
async def test_search_maps_what_people_write_to_the_right_oficio(
    site: Site, catalogue: dict[str, str], query: str, expected: str
) -> None:
    page = await site.get(f"/buscar?{query}&ciudad=cordoba")
    assert page.status_code == 200, page.text[:300]
    assert selected_oficio(page.text) == (catalogue[expected], expected)
    assert f"<h1>{expected}</h1>" in page.text


async def test_search_says_so_when_nothing_matches(site: Site, catalogue: dict[str, str]) -> None:
    page = await site.get("/buscar?q=astronauta")
    assert page.status_code == 200
    assert "No encontramos un oficio que coincida con «astronauta»" in page.text
    assert selected_oficio(page.text) is None


async def test_search_results_agree_in_number(
    live: LiveStandalone, site: Site, admin: Account, catalogue: dict[str, str]
) -> None:
    oficio = catalogue["Gas"]
    # Bahía Blanca: no other test of this module works there.
    await professional_in(live, admin, oficio, -38.7183, -62.2663)
    one = await site.get(f"/buscar?oficio={oficio}&ciudad=bahia-blanca")
    assert "<strong>1 profesional verificado</strong> cubre esta zona" in one.text
    assert "cubren" not in one.text.split('class="results-head"', 1)[1].split("</div>", 1)[0]
    await professional_in(live, admin, oficio, -38.72, -62.27)
    two = await site.get(f"/buscar?oficio={oficio}&ciudad=bahia-blanca")
    assert "<strong>2 profesionales verificados</strong> cubren esta zona" in two.text


async def test_the_home_page_counts_one_trabajo_in_the_singular(
    live: LiveStandalone, site: Site, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    await released_trabajo(api, await register(api, "CLIENTE"), pro)
    found: list[str] = []

    async def counted() -> bool:  # the professionals service learns of it from an event
        found[:] = [(await site.get("/")).text]
        return "1 trabajo completado" in found[0]

    await eventually(counted, timeout=20, interval=0.2)
    assert "1 trabajos" not in found[0]


async def test_a_rejection_reason_ending_in_a_period_is_not_followed_by_another(
    live: LiveStandalone, site: Site, admin: Account
) -> None:
    api = live.client
    pro = await register(api, "PROFESIONAL")
    profile_id = (await api.get("/api/v1/professional/me", headers=pro.headers)).json()["id"]
    uploaded = await api.post(
        "/api/v1/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    rejected = await api.post(
        f"/api/v1/admin/kyc/reject/{profile_id}",
        headers=admin.headers,
        json={"motivo": "No se lee la foto del dorso."},
    )
    assert rejected.status_code == 200, rejected.text
    await site.login(pro.email)
    for path in ("/profesional/verificacion", "/profesional"):
        page = await site.get(path)
        assert "del dorso.</strong> Enviala" in page.text or "del dorso. <a" in page.text, path
        assert ".." not in page.text.split("rechazada", 1)[1].split("</div>", 1)[0], path


# --- validation errors in Spanish ------------------------------------------------------------------------


async def test_a_review_without_stars_is_refused_in_spanish(
    live: LiveStandalone, site: Site, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await released_trabajo(api, cliente, pro)
    await site.login(cliente.email)
    for sent in (
        {"texto_resena": "Muy bien"},
        {"rating": "", "texto_resena": "Muy bien"},
        {"rating": "diez"},
    ):
        refused = await site.post(f"/trabajos/{trabajo_id}/resena", sent)
        assert refused.status_code == 400, sent
        assert "Elegí de 1 a 5 estrellas" in refused.text
        assert 'aria-describedby="rating-msg"' in refused.text
        assert not any(words in refused.text for words in ENGLISH), sent
        assert "Muy bien" in refused.text or "texto_resena" not in sent  # what was typed is kept
    reviews = await api.get("/api/v1/professional/resenas", headers=pro.headers)
    assert reviews.json() == []  # nothing reached the API
    published = await site.post(f"/trabajos/{trabajo_id}/resena", {"rating": "4", "texto_resena": "Muy bien"})
    assert published.status_code == 303
    assert [
        r["rating"] for r in (await api.get("/api/v1/professional/resenas", headers=pro.headers)).json()
    ] == [4]


async def test_a_number_the_api_cannot_read_is_explained_in_spanish(
    live: LiveStandalone, site: Site, admin: Account
) -> None:
    pro = (await approved_professional(live.client, admin)).account
    await site.login(pro.email)
    refused = await site.post("/profesional/perfil", {"radio_cobertura_km": "muchos", "tarifa_por_hora": ""})
    assert refused.status_code == 400
    assert "Ingresá un número entero" in refused.text
    assert not any(words in refused.text for words in ENGLISH)


async def test_a_used_or_wrong_reset_link_is_explained_in_plain_words(site: Site) -> None:
    await site.get(f"/reset-password?token={uuid.uuid4().hex}")
    refused = await site.post(
        "/reset-password",
        {"token": uuid.uuid4().hex, "password": "nueva-clave-123", "password2": "nueva-clave-123"},
    )
    assert refused.status_code == 400
    assert "El enlace para cambiar la contraseña no sirve" in refused.text
    assert "token inválido" not in refused.text.lower()
    assert 'href="/recuperar">Pedir un enlace nuevo' in refused.text


# --- the sandbox checkout: its styles pass the gateway, the API's JSON keeps the strict policy ----------


async def test_the_checkout_page_gets_its_own_csp_and_api_json_keeps_the_strict_one(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    payment_url = accepted.json()["payment_url"]
    assert "/api/v1/pagos/sandbox/checkout/" in payment_url
    page = await api.get(payment_url)
    assert page.status_code == 200
    assert "<style>" in page.text  # the page's own stylesheet, inline
    back = re.search(r'<a href="([^"]+)">Volver al sitio</a>', page.text)
    assert back, "no way back to the site"
    assert back.group(1).startswith(live.base_url + "/pagos/")  # the site's one address
    csp = page.headers["content-security-policy"]
    assert csp == CHECKOUT_CSP.decode()
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["style-src"] == "'unsafe-inline'"
    assert directives["default-src"] == "'none'"  # still no script, image, frame or connection
    assert "script-src" not in directives
    for path in ("/api/v1/users/me", "/api/v1/public/oficios", "/api/v1/pagos/sandbox/api/v1/payments/x"):
        answer = await api.get(path, headers=cliente.headers)
        assert answer.headers["content-security-policy"] == API_CSP.decode(), path


# --- return links: one host, the configured public address ---------------------------------------------


def alias_of(base_url: str) -> str:
    """The same server under its other loopback name (127.0.0.1 ↔ localhost)."""
    parts = urlsplit(base_url)
    other = "localhost" if parts.hostname == "127.0.0.1" else "127.0.0.1"
    return f"{parts.scheme}://{other}:{parts.port}"


async def test_the_site_opened_under_another_name_moves_to_its_public_address(live: LiveStandalone) -> None:
    alias = alias_of(live.base_url)
    async with httpx.AsyncClient(base_url=alias, timeout=30, follow_redirects=False) as browser:
        page = await browser.get("/buscar?q=plomero")
        assert page.status_code == 307  # temporary: the configured address may change
        assert page.headers["location"] == f"{live.base_url}/buscar?q=plomero"
        # Only page visits move: files, health checks and form posts are answered where they arrived.
        assert (await browser.get("/static/css/app.css")).status_code == 200
        assert (await browser.get("/health/live")).status_code == 200
        posted = await browser.post("/login", data={"email": "x@example.com"})
        assert posted.status_code == 403  # refused as a form without its token, not redirected


async def test_the_checkout_and_its_return_link_use_the_sites_public_address(
    live: LiveStandalone, site: Site, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    await site.login(cliente.email)
    accepted = await site.post(f"/ofertas/{oferta['id']}/aceptar")
    assert accepted.status_code == 303
    payment_url = accepted.headers["location"]
    public = urlsplit(live.base_url).netloc
    assert urlsplit(payment_url).netloc == public
    paid = await pay_on_sandbox(api, payment_url)
    back = urlsplit(paid.headers["location"])
    assert back.netloc == public  # where the session cookie lives
    assert re.fullmatch(r"/pagos/[0-9a-f-]{36}/exito", back.path)

    async def shown() -> bool:
        page = await site.get(back.path + "?" + back.query)
        return page.status_code == 200 and "¡Pago aprobado!" in page.text

    await eventually(shown, timeout=20, interval=0.2)
