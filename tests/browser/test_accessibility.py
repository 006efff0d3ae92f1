"""Every main page passes axe-core's WCAG 2.1 A/AA rules and fits a 360 px wide phone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Platform, login
from tests.browser.helpers import PASSWORD, ApiHelper

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PHONE = 360


@pytest.fixture(scope="module")
def data(platform: Platform) -> Iterator[dict[str, Any]]:
    api = ApiHelper(platform)
    oficio = api.oficio()
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional(oficio_id=oficio["id"])
    trabajo_id = api.paid_trabajo(cliente, pro)
    chat_id = api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["chat_id"]
    profile = api.call("GET", "/professional/me", pro)
    yield {
        "cliente": cliente,
        "pro": pro,
        "oficio": oficio["id"],
        "trabajo": trabajo_id,
        "chat": chat_id,
        "profile": profile["id"],
    }
    api.http.close()


def problems(page: Page) -> list[str]:
    """axe's violations and a horizontal scroll bar, described."""
    result = Axe().run(page, options=WCAG)
    found = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        found.append(f"{overflow}px wider than the screen")
    return found


def audit(page: Page, paths: list[str]) -> dict[str, list[str]]:
    failures: dict[str, list[str]] = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state()
        found = problems(page)
        if found:
            failures[path] = found
    return failures


@pytest.mark.parametrize("width", [PHONE, 1280])
def test_public_pages(contexts: Contexts, data: dict[str, Any], width: int) -> None:
    page = contexts.new(width=width, height=800)
    paths = [
        "/",
        f"/buscar?oficio={data['oficio']}&ciudad=cordoba",
        f"/profesionales/{data['profile']}",
        "/login",
        "/registro",
        "/recuperar",
        "/reset-password?token=x",
        "/no-existe",
    ]
    assert audit(page, paths) == {}


def test_client_pages_on_a_phone(contexts: Contexts, data: dict[str, Any]) -> None:
    page = contexts.new(width=PHONE, height=780)
    login(page, data["cliente"].email, PASSWORD)
    paths = [
        "/chat",
        f"/chat/{data['chat']}",
        "/trabajos",
        f"/trabajos/{data['trabajo']}",
        f"/pagos/{data['trabajo']}/exito",
        "/notificaciones",
        "/cuenta",
    ]
    assert audit(page, paths) == {}


def test_professional_pages(contexts: Contexts, data: dict[str, Any]) -> None:
    page = contexts.new(width=PHONE, height=780)
    login(page, data["pro"].email, PASSWORD)
    paths = [
        "/profesional",
        "/profesional/perfil",
        "/profesional/verificacion",
        "/profesional/portfolio",
        "/profesional/ofertas",
        "/profesional/ganancias",
        "/profesional/resenas",
        f"/chat/{data['chat']}",
        f"/trabajos/{data['trabajo']}",
    ]
    assert audit(page, paths) == {}


def test_admin_pages(contexts: Contexts, data: dict[str, Any]) -> None:
    page = contexts.new(width=1280, height=800)
    login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    paths = [
        "/admin",
        "/admin/kyc",
        "/admin/usuarios",
        "/admin/catalogo",
        "/admin/trabajos",
        "/admin/disputas",
        "/admin/pagos",
    ]
    assert audit(page, paths) == {}


def test_the_site_is_usable_with_the_keyboard(contexts: Contexts) -> None:
    page = contexts.new()
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Saltar al contenido"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.name")
    assert focused in ("f-email", "email")
