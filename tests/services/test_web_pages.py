"""The web app in standalone mode, through the gateway like a browser: every page renders for the right
people, forms need the CSRF token, sessions refresh and end, errors land next to their field."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from conectar.web.session import COOKIE_NAME, SessionCodec
from tests.conftest import image_bytes, unique_email
from tests.factories import (
    PASSWORD,
    PDF,
    Account,
    approved_professional,
    create_admin,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
    wait_state,
)
from tests.services.conftest import LiveStandalone

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Browser:
    """An httpx client that behaves like a browser on the site: cookies, and the CSRF token of the last page."""

    def __init__(self, base_url: str, origin: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30, follow_redirects=False)
        self.origin = origin
        self.csrf = ""

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.http.get(path, **kwargs)
        found = (
            CSRF.search(response.text) if "text/html" in response.headers.get("content-type", "") else None
        )
        if found:
            self.csrf = found.group(1)
        return response

    async def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        if not self.csrf:
            await self.get("/login")
        headers = {"Origin": self.origin, **kwargs.pop("headers", {})}
        return await self.http.post(
            path, data={"csrf_token": self.csrf, **(data or {})}, headers=headers, **kwargs
        )

    async def login(self, email: str, password: str = PASSWORD) -> httpx.Response:
        await self.get("/login")
        response = await self.post("/login", {"email": email, "password": password})
        assert response.status_code == 303, response.text
        await self.get(response.headers["location"])
        return response

    @property
    def session_cookie(self) -> str:
        return str(self.http.cookies.get(COOKIE_NAME))

    async def close(self) -> None:
        await self.http.aclose()


class Browsers:
    """The browsers of one test, each signed in as someone (or nobody), closed when the test ends."""

    def __init__(self, live: LiveStandalone) -> None:
        self.live = live
        self.opened: list[Browser] = []

    async def signed_in(self, account: Account | None) -> Browser:
        browser = Browser(self.live.base_url, self.live.base_url)
        self.opened.append(browser)
        if account is not None:
            await browser.login(account.email)
        return browser

    async def close(self) -> None:
        for browser in self.opened:
            await browser.close()


@pytest.fixture
async def browser(live: LiveStandalone) -> AsyncIterator[Browser]:
    client = Browser(live.base_url, live.base_url)
    yield client
    await client.close()


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def test_public_pages_render(live: LiveStandalone, browser: Browser, admin: Account) -> None:
    pro = await approved_professional(live.client, admin)
    for path in (
        "/",
        "/buscar",
        "/login",
        "/registro",
        "/registro?rol=profesional",
        "/recuperar",
        "/reset-password?token=x",
    ):
        response = await browser.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert '<html lang="es-AR">' in response.text
        assert response.headers["content-type"].startswith("text/html")
    profile = await browser.get(f"/profesionales/{pro.profile_id}")
    assert profile.status_code == 200
    assert "Enviar mensaje" in profile.text
    missing = await browser.get(f"/profesionales/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert "No encontramos" in missing.text
    assert (await browser.get("/no-existe")).status_code == 404


async def test_pages_carry_strict_security_headers(browser: Browser) -> None:
    response = await browser.get("/login")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "tile.openstreetmap.org" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    https = await browser.http.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in https.headers.get("set-cookie", "Secure")
    static = await browser.http.get("/static/css/app.css")
    assert static.status_code == 200
    assert "max-age" in static.headers["cache-control"]
    assert "set-cookie" not in static.headers


async def test_signed_in_pages_need_a_session(browser: Browser) -> None:
    for path in (
        "/chat",
        "/trabajos",
        "/profesional",
        "/profesional/perfil",
        "/admin",
        "/admin/kyc",
        "/notificaciones",
        "/cuenta",
    ):
        response = await browser.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"] == "/login?next=" + path.replace("/", "%2F")
    htmx = await browser.http.get("/chat", headers={"HX-Request": "true"})
    assert htmx.headers["hx-redirect"].startswith("/login")


async def test_each_role_sees_its_pages_and_only_those(live: LiveStandalone, admin: Account) -> None:
    pro = await approved_professional(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    pages = {
        "CLIENTE": [
            "/",
            "/buscar",
            "/chat",
            "/trabajos",
            "/notificaciones",
            "/cuenta",
            "/notificaciones/panel",
        ],
        "PROFESIONAL": [
            "/profesional",
            "/profesional/perfil",
            "/profesional/verificacion",
            "/profesional/portfolio",
            "/profesional/ofertas",
            "/profesional/ganancias",
            "/chat",
            "/trabajos",
            "/cuenta",
        ],
        "ADMIN": [
            "/admin",
            "/admin/kyc",
            f"/admin/kyc/{pro.profile_id}",
            "/admin/usuarios",
            "/admin/usuarios?q=example",
            "/admin/catalogo",
            "/admin/trabajos",
            "/admin/disputas",
            "/admin/pagos",
            "/admin/correo",
        ],
    }
    forbidden = {
        "CLIENTE": ["/admin", "/profesional"],
        "PROFESIONAL": ["/admin/usuarios"],
        "ADMIN": ["/profesional"],
    }
    for account in (cliente, pro.account, admin):
        client = Browser(live.base_url, live.base_url)
        try:
            await client.login(account.email, account.password)
            for path in pages[account.rol]:
                response = await client.get(path)
                assert response.status_code == 200, (account.rol, path, response.text[:400])
                assert "<main" in response.text or path.endswith("/panel")
            for path in forbidden[account.rol]:
                response = await client.get(path)
                assert response.status_code == 403, (account.rol, path)
                assert "no es para tu cuenta" in response.text
        finally:
            await client.close()


async def test_kyc_documents_reach_only_the_staff_never_cached_and_sandboxed(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro = await register(live.client, "PROFESIONAL")
    png = image_bytes("PNG", (80, 60))
    uploaded = await live.client.post(
        "/api/v1/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf")), ("files", ("selfie.png", png, "image/png"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    status = (await live.client.get("/api/v1/professional/kyc/status", headers=pro.headers)).json()
    profile_id = (await live.client.get("/api/v1/professional/me", headers=pro.headers)).json()["id"]
    docs = {d["nombre_archivo"]: d["id"] for d in status["documentos"]}
    url = f"/admin/kyc/{profile_id}/documentos/{{}}"

    await browser.login(pro.email)  # the owner is not staff
    assert (await browser.get(url.format(docs["dni.pdf"]))).status_code == 403
    await browser.post("/logout")
    assert (await browser.get(url.format(docs["dni.pdf"]))).status_code == 303

    await browser.login(admin.email)
    pdf = await browser.get(url.format(docs["dni.pdf"]))
    image = await browser.get(url.format(docs["selfie.png"]))
    for response in (pdf, image):
        assert response.status_code == 200
        assert response.headers["cache-control"] == "private, no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-disposition"] == "inline"
        assert "default-src 'none'" in response.headers["content-security-policy"]
    assert (pdf.headers["content-type"], pdf.content) == ("application/pdf", PDF)
    assert image.headers["content-type"] == "image/png"
    for response in (pdf, image):
        assert response.headers["content-security-policy"].endswith("; sandbox")
    viewer = await browser.get(f"/admin/kyc/{profile_id}?doc={docs['selfie.png']}")
    assert url.format(docs["selfie.png"]) in viewer.text


UNREAD_PILL = re.compile(r"data-chat-count>(\d+)<")


async def test_the_header_counts_unread_messages_and_opening_the_conversation_reads_them(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro = (await approved_professional(live.client, admin)).account
    cliente = await register(live.client, "CLIENTE")
    chat_id = await open_chat(live.client, cliente, pro)
    for text in ("Hola, ¿cómo estás?", "¿Te viene bien el jueves?"):
        sent = await live.client.post(
            "/api/v1/chat/send-message", headers=pro.headers, json={"chat_id": chat_id, "text": text}
        )
        assert sent.status_code == 200
    await browser.login(cliente.email)

    def pill(page: httpx.Response) -> int:
        found = UNREAD_PILL.search(page.text)
        return int(found.group(1)) if found else 0

    for path in ("/", "/chat", "/trabajos"):
        assert pill(await browser.get(path)) == 2, path
    conversation = await browser.get(f"/chat/{chat_id}")
    assert "¿Te viene bien el jueves?" in conversation.text
    assert pill(conversation) == 0  # read by opening it, and the header already knows
    assert pill(await browser.get("/chat")) == 0


async def test_forms_refuse_a_missing_wrong_or_cross_site_csrf_token(
    live: LiveStandalone, browser: Browser
) -> None:
    account = await register(live.client, "CLIENTE")
    await browser.get("/login")
    body = {"email": account.email, "password": PASSWORD}
    no_token = await browser.http.post("/login", data=body, headers={"Origin": live.base_url})
    assert no_token.status_code == 403
    assert "El formulario venció" in no_token.text
    wrong = await browser.http.post(
        "/login", data={**body, "csrf_token": "otro"}, headers={"Origin": live.base_url}
    )
    assert wrong.status_code == 403
    foreign = await browser.post("/login", body, headers={"Origin": "https://malicioso.example"})
    assert foreign.status_code == 403
    other_session = Browser(live.base_url, live.base_url)
    await other_session.get("/login")
    stolen = await browser.http.post(
        "/login", data={**body, "csrf_token": other_session.csrf}, headers={"Origin": live.base_url}
    )
    assert stolen.status_code == 403
    await other_session.close()
    good = await browser.post("/login", body)
    assert good.status_code == 303
    # Signed in: a logout without the token is refused too, and the header form (HTMX) works.
    assert (await browser.http.post("/logout", headers={"Origin": live.base_url})).status_code == 403
    await browser.get("/")
    renewed = await browser.http.post("/sesion/renovar", headers={"X-CSRF-Token": browser.csrf})
    assert renewed.status_code == 200


async def test_registration_shows_api_errors_next_to_the_fields(
    live: LiveStandalone, browser: Browser
) -> None:
    await browser.get("/registro")
    email = unique_email("nueva")
    short = {
        "nombre": "Ana",
        "apellido": "Paz",
        "email": email,
        "rol": "CLIENTE",
        "password": "corta",
        "password2": "corta",
    }
    refused = await browser.post("/registro", short)
    assert refused.status_code == 400
    password_field = refused.text.split('id="f-password"')[1].split("</div>")[0]
    assert "al menos 8 caracteres" in password_field
    assert 'value="Ana"' in refused.text  # what was typed stays
    ok = await browser.post("/registro", {**short, "password": PASSWORD, "password2": PASSWORD})
    assert ok.status_code == 303
    assert ok.headers["location"] == "/"
    welcome = await browser.get("/")
    assert "Bienvenido/a, Ana" in welcome.text
    again = Browser(live.base_url, live.base_url)
    await again.get("/registro")
    taken = await again.post("/registro", {**short, "password": PASSWORD, "password2": PASSWORD})
    email_field = taken.text.split('id="f-email"')[1].split("</div>")[0]
    assert "ya está registrado" in email_field
    await again.close()


async def test_an_expiring_session_is_refreshed_once_even_by_concurrent_requests(
    live: LiveStandalone, browser: Browser
) -> None:
    account = await register(live.client, "CLIENTE")
    await browser.login(account.email)
    codec = SessionCodec(live.settings.secret("secret_key"))
    session = codec.open(browser.session_cookie)
    assert session is not None
    old_refresh = session.refresh
    session.exp = int(time.time()) - 1  # the access token counts as expired: the next page must refresh
    browser.http.cookies.set(COOKIE_NAME, codec.seal(session), domain="127.0.0.1")
    pages = await asyncio.gather(
        *(browser.http.get(p) for p in ("/trabajos", "/chat", "/cuenta", "/notificaciones"))
    )
    assert [p.status_code for p in pages] == [200, 200, 200, 200]
    renewed = [codec.open(p.cookies.get(COOKIE_NAME) or "") for p in pages]
    sessions = [s for s in renewed if s is not None]
    assert sessions, "the refreshed session is written back"
    assert len({s.refresh for s in sessions}) == 1  # one refresh, shared by the four requests
    new = sessions[0]
    assert new.refresh != old_refresh
    browser.http.cookies.set(COOKIE_NAME, codec.seal(new), domain="127.0.0.1")
    assert (await browser.get("/trabajos")).status_code == 200  # the family is alive: no reuse was detected


async def test_logout_revokes_the_tokens(live: LiveStandalone, browser: Browser) -> None:
    account = await register(live.client, "CLIENTE")
    await browser.login(account.email)
    codec = SessionCodec(live.settings.secret("secret_key"))
    session = codec.open(browser.session_cookie)
    assert session is not None
    assert session.access
    out = await browser.post("/logout")
    assert out.status_code == 303
    assert (await browser.get("/trabajos")).status_code == 303
    me = await live.client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {session.access}"})
    assert me.status_code == 401
    refreshed = await live.client.post("/api/v1/auth/refresh", json={"refresh_token": session.refresh})
    assert refreshed.status_code == 401


async def test_password_reset_through_the_emailed_link(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    account = await register(live.client, "CLIENTE")
    await browser.get("/recuperar")
    sent = await browser.post("/recuperar", {"email": account.email})
    assert "te enviamos un enlace" in sent.text
    link = ""
    for _ in range(100):
        entries = (await live.client.get("/api/v1/dev/mailbox/mensajes", headers=admin.headers)).json()
        mine = [e for e in entries if account.email in e["to"] and "contraseña" in e["subject"].lower()]
        if mine:
            text = (
                await live.client.get(
                    f"/api/v1/dev/mailbox/mensajes/{mine[0]['id']}/text", headers=admin.headers
                )
            ).text
            link = re.search(r"(http\S+/reset-password\?token=\S+)", text).group(1)  # type: ignore[union-attr]
            break
        await asyncio.sleep(0.1)
    assert link.startswith(live.base_url + "/reset-password?token=")
    page = await browser.get(link.removeprefix(live.base_url))
    assert page.status_code == 200
    token = link.split("token=", 1)[1]
    mismatch = await browser.post(
        "/reset-password", {"token": token, "password": "nueva-clave-1", "password2": "otra"}
    )
    assert "no coinciden" in mismatch.text
    done = await browser.post(
        "/reset-password", {"token": token, "password": "nueva-clave-123", "password2": "nueva-clave-123"}
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/login"
    await browser.login(account.email, "nueva-clave-123")
    again = await browser.post(
        "/reset-password", {"token": token, "password": "otra-clave-123", "password2": "otra-clave-123"}
    )
    assert "El enlace para cambiar la contraseña no sirve" in again.text  # said plainly, no "token"


MAIL_LINK = re.compile(r'href="/admin/correo/([0-9A-Za-z_-]+)"')


async def test_the_staff_read_the_development_mailbox_in_the_web_app(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    account = await register(live.client, "CLIENTE")
    assert (await browser.get("/admin/correo")).status_code == 303  # signed out: to the login page
    await browser.login(account.email)
    assert (await browser.get("/admin/correo")).status_code == 403  # not staff
    await browser.post("/logout")
    asked = await live.client.post("/api/v1/auth/forgot-password", json={"email": account.email})
    assert asked.status_code == 200

    await browser.login(admin.email)
    message_id = ""
    for _ in range(100):
        page = await browser.get("/admin/correo")
        assert page.status_code == 200
        rows = [row for row in page.text.split("<tr>") if account.email in row and "contraseña" in row]
        if rows:
            message_id = MAIL_LINK.search(rows[0]).group(1)  # type: ignore[union-attr]
            break
        await asyncio.sleep(0.1)
    assert message_id, "the reset e-mail never showed up"
    home = await browser.get("/admin")
    assert 'href="/admin/correo"' in home.text  # reached from the staff's home page
    view = await browser.get(f"/admin/correo/{message_id}")
    assert view.status_code == 200
    iframe = re.search(r"<iframe[^>]*>", view.text).group(0)  # type: ignore[union-attr]
    assert " sandbox " in iframe
    assert f'src="/admin/correo/{message_id}/html"' in iframe
    assert f"{live.base_url}/reset-password?token=" in view.text  # the text part, escaped
    html = await browser.get(f"/admin/correo/{message_id}/html")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-security-policy"].endswith("; sandbox")
    assert "script-src" not in html.headers["content-security-policy"]
    assert html.headers["x-frame-options"] == "SAMEORIGIN"
    assert html.headers["cache-control"] == "private, no-store"
    assert '<html lang="es-AR">' in html.text
    for missing in ("20200101T000000000000-nada", "a.b", "%2e%2e", "x" * 81):
        assert (await browser.get(f"/admin/correo/{missing}")).status_code == 404, missing
    assert (await browser.get("/admin/correo/a.b/html")).status_code == 404
    cleared = await browser.post("/admin/correo/vaciar")
    assert cleared.status_code == 303
    assert "Buzón vaciado" in (await browser.get("/admin/correo")).text


async def test_checkout_return_pages_show_the_trabajos_real_state(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id)
    await browser.login(cliente.email)
    accepted = await browser.post(f"/ofertas/{oferta['id']}/aceptar")
    assert accepted.status_code == 303
    payment_url = accepted.headers["location"]
    assert "/pagos/sandbox/checkout/" in payment_url
    trabajo_id = (await api.get("/api/v1/cliente/trabajos", headers=cliente.headers)).json()[0]["id"]
    pending = await browser.get(f"/pagos/{trabajo_id}/exito")
    assert "Estamos confirmando tu pago" in pending.text
    assert f'hx-get="/pagos/{trabajo_id}/exito/estado"' in pending.text
    paid = await pay_on_sandbox(api, payment_url)
    assert f"/pagos/{trabajo_id}/exito" in paid.headers["location"]
    await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")
    page = await browser.get(f"/pagos/{trabajo_id}/exito?status=approved")
    assert "¡Pago aprobado!" in page.text
    assert "hx-get" not in page.text.split('id="payment-state"')[1].split(">")[0]
    failure = await browser.get(f"/pagos/{trabajo_id}/error")
    assert "¡Pago aprobado!" in failure.text  # the real state wins over the page's name
    legacy = await browser.get(f"/pagos/resultado?estado=aprobado&trabajo_id={trabajo_id}")
    assert legacy.headers["location"] == f"/pagos/{trabajo_id}/exito"
    stranger = Browser(live.base_url, live.base_url)
    other = await register(api, "CLIENTE")
    await stranger.login(other.email)
    assert (await stranger.get(f"/pagos/{trabajo_id}/exito")).status_code == 403
    await stranger.close()
