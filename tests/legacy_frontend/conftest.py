"""The original Next.js frontend for real, in Debian's Chromium, against a platform with the legacy layer on.

The platform is started as the browser suite starts it (tests/browser/conftest.py), with
``CONECTAR_LEGACY_CLIENTS_ENABLED`` and the frontend's origin in ``CONECTAR_LEGACY_ORIGINS``; the
frontend is the pinned original (frontend.py) under ``next dev``, its ``NEXT_PUBLIC_API_URL`` pointed at
the platform's ``/legacy``: exactly how docs/legacy.md tells an operator to run it. Timings of each step
(npm ci, platform start, the walks) go to tests/artifacts/legacy-frontend/timings.txt.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Platform, _serve, free_port
from tests.conftest import standalone_settings
from tests.legacy_frontend.frontend import next_dev, prepare

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "legacy-frontend"


@dataclass
class Frontend:
    base_url: str
    platform: Platform
    timings: list[str]

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="session")
def timings() -> Iterator[list[str]]:
    steps: list[str] = []
    yield steps
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.txt").write_text("\n".join(steps) + "\n")


@pytest.fixture(scope="session")
def frontend(tmp_path_factory: pytest.TempPathFactory, timings: list[str]) -> Iterator[Frontend]:
    folder = prepare(timings)
    frontend_port, platform_port = free_port(), free_port()
    origin = f"http://127.0.0.1:{frontend_port}"
    base_url = f"http://127.0.0.1:{platform_port}"
    settings = standalone_settings(
        tmp_path_factory.mktemp("legacy-frontend"),
        port=platform_port,
        public_url=base_url,
        demo=False,
        log_level="WARNING",
        legacy_clients_enabled=True,
        legacy_origins=[origin],
    )
    started, stop = threading.Event(), threading.Event()
    errors: list[BaseException] = []
    clock = time.monotonic()
    thread = threading.Thread(
        target=_serve, args=(settings, platform_port, started, stop, errors), daemon=True
    )
    thread.start()
    assert started.wait(180), "the platform did not start"
    if errors:
        raise errors[0]
    timings.append(f"platform started in {time.monotonic() - clock:.1f} s")
    platform = Platform(base_url=base_url, settings=settings, thread=thread, stop=stop)
    try:
        clock = time.monotonic()
        with next_dev(
            folder, port=frontend_port, api_url=f"{base_url}/legacy", log_file=ARTIFACTS / "next-dev.log"
        ) as url:
            timings.append(f"next dev listening in {time.monotonic() - clock:.1f} s")
            yield Frontend(base_url=url, platform=platform, timings=timings)
    finally:
        stop.set()
        thread.join(30)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
