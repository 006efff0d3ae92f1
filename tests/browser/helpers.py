"""Data for the page-level tests, made through the public API (what a browser would have done before)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from playwright.sync_api import Page

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Platform
from tests.factories import PDF, cbu

PASSWORD = "clave-segura-1234"
API = "/api/v1"
PHONE = 360
DESKTOP = 1280


def fits(page: Page, width: int) -> None:
    """The page does not scroll sideways at ``width`` pixels."""
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= width, page.url


@dataclass
class Person:
    id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class ApiHelper:
    def __init__(self, platform: Platform) -> None:
        self.http = httpx.Client(base_url=platform.base_url, timeout=30)
        self.admin = self.login(ADMIN_EMAIL, ADMIN_PASSWORD)

    def call(self, method: str, path: str, who: Person | None = None, **kwargs: Any) -> Any:
        response = self.http.request(method, API + path, headers=who.headers if who else None, **kwargs)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def login(self, email: str, password: str = PASSWORD) -> Person:
        tokens = self.http.post(f"{API}/auth/login", data={"username": email, "password": password}).json()
        me = self.http.get(
            f"{API}/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        ).json()
        return Person(str(me["id"]), email, str(tokens["access_token"]))

    def register(self, rol: str, nombre: str = "Prueba") -> Person:
        email = f"{rol.lower()}-{uuid.uuid4().hex[:10]}@example.com"
        self.call(
            "POST",
            "/auth/register",
            json={"email": email, "password": PASSWORD, "nombre": nombre, "apellido": "Test", "rol": rol},
        )
        return self.login(email)

    def oficio(self, nombre: str | None = None) -> dict[str, Any]:
        body = {"nombre": nombre or f"Oficio {uuid.uuid4().hex[:8]}", "descripcion": "Para pruebas"}
        result: dict[str, Any] = self.call("POST", "/admin/oficios", self.admin, json=body)
        return result

    def professional(self, *, approve: bool = True, oficio_id: str | None = None) -> Person:
        pro = self.register("PROFESIONAL", "Pedro")
        self.call(
            "POST", "/professional/kyc/upload", pro, files=[("files", ("dni.pdf", PDF, "application/pdf"))]
        )
        profile = self.call("GET", "/professional/me", pro)
        self.call("PUT", "/professional/payout-info", pro, json={"payout_account": cbu()})
        self.call(
            "PUT", "/professional/profile/location", pro, json={"latitude": -31.42, "longitude": -64.19}
        )
        if oficio_id:
            self.call("PUT", "/professional/profile/oficios", pro, json={"oficio_ids": [oficio_id]})
        if approve:
            self.call("POST", f"/admin/kyc/approve/{profile['id']}", self.admin)
        return pro

    def chat(self, cliente: Person, pro: Person) -> str:
        body = {"cliente_id": cliente.id, "profesional_id": pro.id}
        return str(self.call("POST", "/chat/create", cliente, json=body)["id"])

    def paid_trabajo(self, cliente: Person, pro: Person, precio: str = "20000") -> str:
        chat_id = self.chat(cliente, pro)
        oferta = self.call(
            "POST",
            "/professional/ofertas",
            pro,
            json={
                "cliente_id": cliente.id,
                "chat_id": chat_id,
                "descripcion": "Instalación de termotanque",
                "precio_final": precio,
            },
        )
        accepted = self.call("POST", f"/cliente/ofertas/{oferta['id']}/accept", cliente)
        trabajo_id = str(accepted["trabajo_id"])
        self.call("POST", f"/admin/trabajo/{trabajo_id}/simular-pago", self.admin)
        self.wait(
            lambda: (
                self.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"]
                == "PAGADO_EN_ESCROW"
            )
        )
        return trabajo_id

    def wait(self, check: Any, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        raise AssertionError("condition not reached")
