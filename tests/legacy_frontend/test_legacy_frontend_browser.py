"""The original frontend, unchanged, in a real browser against the legacy layer (issue 20).

A client signs in on the original login page, searches on its browse page and opens a professional's
page; the admin's home and a professional's payments page, the two pages that crashed before the layer
(issue 20, rows 3 and 4), show their figures. Every call the pages make goes to ``/legacy/api/v1`` on our
gateway (cross-origin, so the layer's CORS is exercised too) and every one of them succeeds, with no
JavaScript error on the way. The broad,
fast coverage of every page's calls and fields is tests/services/test_legacy_frontend.py and the call
inventory tests/legacy_frontend/calls.py; this walk proves the recorded calls are the real ones.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, Response, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD
from tests.factories import (
    PASSWORD,
    Account,
    approved_professional,
    login,
    register,
    released_trabajo,
)
from tests.legacy_frontend.conftest import ARTIFACTS, Frontend

V1 = "/api/v1"
BA = (-34.6037, -58.3816)  # the original browse page's default point
# `next dev` compiles a page when it is first asked for (and again after it dropped it: it keeps a few
# pages, for a minute), so the first visit to each page waits on its compile: slow on a busy machine.
NAVIGATION_MS = 240_000


@dataclass
class World:
    cliente: Account
    pro_id: str
    pro_name: str
    oficio: str


@dataclass
class Calls:
    """Every answer of our gateway to the page (the API origin)."""

    api_origin: str
    answers: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def record(self, response: Response) -> None:
        if response.url.startswith(self.api_origin):
            self.answers.append((response.status, response.request.method, response.url))

    def paths(self) -> list[str]:
        return [
            f"{method} {re.sub(r'^https?://[^/]+', '', url).split('?')[0]}" for _, method, url in self.answers
        ]

    def failed(self) -> list[tuple[int, str, str]]:
        # A CORS preflight is the browser's, answered by the CORS middleware.
        return [a for a in self.answers if a[0] >= 400 and a[1] != "OPTIONS"]


async def _world(base_url: str) -> World:
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as api:
        tokens = await login(api, ADMIN_EMAIL, ADMIN_PASSWORD)
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        admin = Account(
            id=uuid.UUID((await api.get(f"{V1}/users/me", headers=bearer)).json()["id"]),
            email=ADMIN_EMAIL,
            password=ADMIN_PASSWORD,
            rol="ADMIN",
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )
        oficio = await api.post(
            f"{V1}/admin/oficios",
            headers=admin.headers,
            json={"nombre": "Plomería", "descripcion": "Caños, pérdidas y destapaciones"},
        )
        assert oficio.status_code == 201, oficio.text
        pro = await approved_professional(api, admin)
        placed = await api.put(
            f"{V1}/professional/me",
            headers=pro.account.headers,
            json={
                "latitude": BA[0],
                "longitude": BA[1],
                "radio_cobertura_km": 15,
                "tarifa_por_hora": "18500.00",
                "descripcion": "Plomero matriculado con veinte años de oficio",
            },
        )
        assert placed.status_code == 200, placed.text
        oficios = await api.put(
            f"{V1}/professional/profile/oficios",
            headers=pro.account.headers,
            json={"oficio_ids": [oficio.json()["id"]]},
        )
        assert oficios.status_code == 200, oficios.text
        cliente = await register(api, "CLIENTE", nombre="Carla", apellido="Legado")
        me = (await api.get(f"{V1}/users/me", headers=pro.account.headers)).json()
        return World(
            cliente=cliente,
            pro_id=pro.profile_id,
            pro_name=f"{me['nombre']} {me['apellido']}",
            oficio=oficio.json()["nombre"],
        )


def _sign_in(page: Page, frontend: Frontend, email: str, password: str) -> None:
    """The original login page (authService.login, then userService.getMe); it sends the user home."""
    page.goto(frontend.url("/login"))
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(frontend.url("/"), timeout=NAVIGATION_MS)


def _in_thread(coroutine: Any) -> Any:
    # Playwright's sync API runs an event loop in this thread: the set-up's own loop runs in another.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _page(browser: Browser, frontend: Frontend, calls: Calls) -> Page:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="es-AR",
        timezone_id="America/Argentina/Buenos_Aires",
    )
    context.set_default_timeout(NAVIGATION_MS)
    page = context.new_page()
    page.on("response", calls.record)
    page.on("pageerror", lambda exc: calls.errors.append(f"{page.url}: {exc}"))
    return page


def _shot(page: Page, name: str) -> None:
    folder = ARTIFACTS / "walk"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_client_signs_in_searches_and_opens_a_professional(browser: Browser, frontend: Frontend) -> None:
    world: World = _in_thread(_world(frontend.platform.base_url))
    calls = Calls(api_origin=frontend.platform.base_url)
    page = _page(browser, frontend, calls)
    started = time.monotonic()

    # Sign in (authService.login, then userService.getMe): the original sends the user home.
    page.goto(frontend.url("/login"))
    page.locator("#email").fill(world.cliente.email)
    page.locator("#password").fill(PASSWORD)
    _shot(page, "01-login")
    page.locator("button[type=submit]").click()
    page.wait_for_url(frontend.url("/"), timeout=NAVIGATION_MS)
    expect(page.get_by_text("Carla").first).to_be_visible(timeout=NAVIGATION_MS)
    token: Any = page.evaluate("() => window.localStorage.getItem('access_token')")
    assert isinstance(token, str)
    assert token.count(".") == 2  # our JWT, kept where the original keeps it
    _shot(page, "02-home")

    # Browse (searchService.searchProfessionals through the legacy search): the card with the original's
    # names — the oficio's name and the hourly rate.
    page.goto(frontend.url("/browse"))
    card = page.locator(f"a[href='/profesional/{world.pro_id}']")
    expect(card).to_be_visible(timeout=NAVIGATION_MS)
    expect(card).to_contain_text(world.pro_name)
    expect(card).to_contain_text(world.oficio)
    expect(card).to_contain_text("18500")
    _shot(page, "03-browse")

    # The professional's page (publicService.getProfessionalProfile and its portfolio).
    card.click()
    page.wait_for_url(frontend.url(f"/profesional/{world.pro_id}"), timeout=NAVIGATION_MS)
    expect(page.get_by_role("heading", name=world.pro_name)).to_be_visible(timeout=NAVIGATION_MS)
    expect(page.get_by_text(world.oficio).first).to_be_visible()
    _shot(page, "04-profesional")
    frontend.timings.append(f"walk (login, browse, professional) in {time.monotonic() - started:.1f} s")

    made = calls.paths()
    for expected in (
        "POST /legacy/api/v1/auth/login",
        "GET /legacy/api/v1/users/me",
        "POST /legacy/api/v1/search",
        f"GET /legacy/api/v1/public/professional/{world.pro_id}",
        f"GET /legacy/api/v1/public/professional/{world.pro_id}/portfolio",
    ):
        assert expected in made, (expected, made)
    assert all(path.split(" ", 1)[1].startswith("/legacy/api/v1/") for path in made), made
    assert not calls.failed(), calls.failed()
    assert not calls.errors, calls.errors
    page.context.close()


async def _money(base_url: str) -> Account:
    """A professional paid for a trabajo (released to them): movements for the payments page, and
    figures for the admin's home."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as api:
        tokens = await login(api, ADMIN_EMAIL, ADMIN_PASSWORD)
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        admin = Account(
            id=uuid.UUID((await api.get(f"{V1}/users/me", headers=bearer)).json()["id"]),
            email=ADMIN_EMAIL,
            password=ADMIN_PASSWORD,
            rol="ADMIN",
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )
        pro = await approved_professional(api, admin)
        cliente = await register(api, "CLIENTE")
        await released_trabajo(api, cliente, pro.account, "20000.00")
        return pro.account


def test_the_admin_home_and_a_professionals_payments_show_their_figures(
    browser: Browser, frontend: Frontend
) -> None:
    pro: Account = _in_thread(_money(frontend.platform.base_url))
    calls = Calls(api_origin=frontend.platform.base_url)
    started = time.monotonic()

    # Row 3: the admin's home (paymentService.adminGetDashboard) read top-level totals and crashed.
    admin_page = _page(browser, frontend, calls)
    _sign_in(admin_page, frontend, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin_page.goto(frontend.url("/dashboard/admin"))
    expect(admin_page.get_by_role("heading", name="Dashboard de Administración")).to_be_visible()
    expect(admin_page.get_by_text("Ingresos Totales")).to_be_visible(timeout=NAVIGATION_MS)
    expect(admin_page.get_by_text("Total procesado")).to_be_visible()
    _shot(admin_page, "05-admin-home")
    admin_page.context.close()

    # Row 4: a professional's payments (paymentService.getPaymentHistory) read fecha_creacion and crashed.
    pro_page = _page(browser, frontend, calls)
    _sign_in(pro_page, frontend, pro.email, PASSWORD)
    pro_page.goto(frontend.url("/dashboard/profesional/pagos"))
    expect(pro_page.get_by_role("heading", name="Pagos y Balance")).to_be_visible()
    expect(pro_page.get_by_text("Comisión:").first).to_be_visible(timeout=NAVIGATION_MS)
    expect(pro_page.get_by_text("No hay movimientos")).to_have_count(0)
    _shot(pro_page, "06-profesional-pagos")
    pro_page.context.close()
    frontend.timings.append(f"walk (admin home, payments) in {time.monotonic() - started:.1f} s")

    made = calls.paths()
    assert "GET /legacy/api/v1/admin/pagos/dashboard" in made, made
    assert "GET /legacy/api/v1/pagos/historial" in made, made
    assert not calls.failed(), calls.failed()
    assert not calls.errors, calls.errors
