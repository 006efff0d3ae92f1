"""Browser tests: Debian's Chromium driven by Playwright against a standalone platform the suite starts
itself on a free port. Screenshots of each step go to tests/artifacts/browser/<test>/ (git-ignored).

Chromium must never call out: it is launched with the flags that stop background networking, and the map
tiles (the one external resource of the pages) are answered locally with an empty image.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, expect, sync_playwright

from conectar.admin import create_admin_account
from conectar.platform.http_server import server_options
from conectar.platform.settings import Settings
from tests.conftest import standalone_settings
from tests.tcp_proxy import free_port

if TYPE_CHECKING:
    from tests.browser.helpers import ApiHelper

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# Live updates cross a few hops (service → feed → gateway → web relay → page): give a busy CI machine time.
expect.set_options(timeout=10_000)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "browser"
ADMIN_EMAIL = "admin@browser.test"
ADMIN_PASSWORD = "admin-browser-1234"
# A 1×1 transparent PNG for the map tiles.
EMPTY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@dataclass
class Platform:
    base_url: str
    settings: Settings
    thread: threading.Thread
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base_url + path


def _serve(
    settings: Settings,
    port: int,
    started: threading.Event,
    stop: threading.Event,
    errors: list[BaseException],
) -> None:
    import uvicorn

    from conectar.standalone import create_standalone_app, migrate_all

    async def main() -> None:
        await asyncio.to_thread(migrate_all, settings)
        await create_admin_account(
            settings, email=ADMIN_EMAIL, password=ADMIN_PASSWORD, nombre="Ana", apellido="Admin"
        )
        host = create_standalone_app(settings)
        server = uvicorn.Server(
            uvicorn.Config(
                host,
                host="127.0.0.1",
                port=port,
                lifespan="on",
                timeout_graceful_shutdown=3,
                **server_options(),
            )
        )
        task = asyncio.create_task(server.serve())
        while not server.started and not task.done():
            await asyncio.sleep(0.05)
        started.set()
        while not stop.is_set() and not task.done():
            await asyncio.sleep(0.1)
        server.should_exit = True
        await task

    try:
        asyncio.run(main())
    except BaseException as exc:  # reported by the fixture
        errors.append(exc)
        started.set()


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    settings = standalone_settings(
        tmp_path_factory.mktemp("browser"), port=port, public_url=base_url, demo=False, log_level="WARNING"
    )
    started, stop = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    thread = threading.Thread(target=_serve, args=(settings, port, started, stop, errors), daemon=True)
    thread.start()
    assert started.wait(120), "the platform did not start"
    if errors:
        raise errors[0]
    platform = Platform(base_url=base_url, settings=settings, thread=thread, stop=stop)
    yield platform
    stop.set()
    thread.join(30)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class Shots:
    """Numbered screenshots of one test's steps."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page, name: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Shots:
    name = re.sub(r"[^a-z0-9_-]+", "-", request.node.name.lower()).strip("-")
    return Shots(ARTIFACTS / name)


@dataclass
class Contexts:
    browser: Browser
    platform: Platform
    opened: list[BrowserContext] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def new(self, *, width: int = 1280, height: int = 900) -> Page:
        context = self.browser.new_context(
            base_url=self.platform.base_url,
            viewport={"width": width, "height": height},
            locale="es-AR",
            timezone_id="America/Argentina/Buenos_Aires",
        )
        context.set_default_timeout(15_000)
        context.route(re.compile(r"^https?://([a-z0-9-]+\.)*tile\.openstreetmap\.org/.*"), _empty_tile)
        self.opened.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("dialog", lambda dialog: dialog.accept())
        return page


def _empty_tile(route: Route) -> None:
    route.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)


@pytest.fixture
def contexts(browser: Browser, platform: Platform) -> Iterator[Contexts]:
    holder = Contexts(browser, platform)
    yield holder
    for context in holder.opened:
        context.close()
    assert not holder.errors, f"JavaScript errors on the pages: {holder.errors}"


def login(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state()


def register(page: Page, *, nombre: str, apellido: str, email: str, password: str, profesional: bool) -> None:
    page.goto("/registro")
    page.locator(
        "label.radio-card", has_text="Soy profesional" if profesional else "Busco profesionales"
    ).click()
    page.locator("#f-nombre").fill(nombre)
    page.locator("#f-apellido").fill(apellido)
    page.get_by_label("E-mail").fill(email)
    page.locator("#f-password").fill(password)
    page.locator("#f-password2").fill(password)
    page.get_by_role("button", name="Crear cuenta").click()
    page.wait_for_load_state()


@pytest.fixture(scope="module")
def api(platform: Platform) -> Iterator[ApiHelper]:
    """Data made through the public API (tests/browser/helpers.py), one client per test module."""
    from tests.browser.helpers import ApiHelper

    helper = ApiHelper(platform)
    yield helper
    helper.http.close()


def api_client(platform: Platform) -> httpx.Client:
    return httpx.Client(base_url=platform.base_url, timeout=30)
