"""Server-side time of every web page on the demo data (issue 7: each under 200 ms).

    python bench/web.py [--rounds 30] [--data-dir DIR]

Starts the standalone platform in this process on a fresh data folder, loads the demo data
(``conectar seed --demo``: 11 oficios, 200 approved professionals with portfolios), adds one conversation,
offer and paid trabajo for the demo client, signs in as the demo client, professional and admin through
the login form, and requests each page ``--rounds`` times through the gateway (ASGI, no network), as a
browser would: the time is the whole server side (gateway → web → gateway → services and back).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402
from tests.conftest import standalone_settings  # noqa: E402

from conectar.platform import bus_local  # noqa: E402
from conectar.seed import seed_demo  # noqa: E402
from conectar.standalone import create_standalone_app, migrate_all  # noqa: E402

CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
ACCOUNTS = {
    "cliente": ("cliente@conectarprofesionales.com.ar", "cliente-demo-1234"),
    # A verified demo professional (the demo "profesional@" account starts unverified, to show KYC).
    "profesional": ("profesional001@demo.conectarprofesionales.com.ar", "profesional-demo-1234"),
    "admin": ("admin@conectarprofesionales.com.ar", "admin-demo-1234"),
}
BUDGET_MS = 200.0


async def login(transport: httpx.AsyncBaseTransport, email: str, password: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=transport, base_url="http://localhost", timeout=30)
    page = await client.get("/login")
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    done = await client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    assert done.status_code == 303, done.text[:300]
    return client


async def api_token(api: httpx.AsyncClient, email: str, password: str) -> dict[str, str]:
    tokens = (await api.post("/api/v1/auth/login", data={"username": email, "password": password})).json()
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def marketplace_data(api: httpx.AsyncClient) -> dict[str, Any]:
    """One conversation, offer and paid trabajo between the demo client and the demo professional."""
    cliente = await api_token(api, *ACCOUNTS["cliente"])
    pro = await api_token(api, *ACCOUNTS["profesional"])
    admin = await api_token(api, *ACCOUNTS["admin"])
    me_c = (await api.get("/api/v1/users/me", headers=cliente)).json()
    me_p = (await api.get("/api/v1/users/me", headers=pro)).json()
    profile = (await api.get("/api/v1/professional/me", headers=pro)).json()
    chat = (
        await api.post(
            "/api/v1/chat/create",
            headers=cliente,
            json={"cliente_id": me_c["id"], "profesional_id": me_p["id"]},
        )
    ).json()
    for n in range(20):
        sender = cliente if n % 2 == 0 else pro
        await api.post(
            "/api/v1/chat/send-message", headers=sender, json={"chat_id": chat["id"], "text": f"Mensaje {n}"}
        )
    created = await api.post(
        "/api/v1/professional/ofertas",
        headers=pro,
        json={
            "cliente_id": me_c["id"],
            "chat_id": chat["id"],
            "descripcion": "Cambio de canilla y flexible",
            "precio_final": "15000",
        },
    )
    assert created.status_code == 201, created.text
    oferta = created.json()
    accepted = (await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente)).json()
    await api.post(f"/api/v1/admin/trabajo/{accepted['trabajo_id']}/simular-pago", headers=admin)
    oficios = (await api.get("/api/v1/public/oficios")).json()
    plomeria = next(o for o in oficios if o["nombre"] == "Plomería")
    return {
        "chat": chat["id"],
        "trabajo": accepted["trabajo_id"],
        "oficio": plomeria["id"],
        "profile": profile["id"],
    }


async def drained(host: Any, timeout: float = 180) -> int:
    """Wait until the in-process bus has delivered every event (the seed publishes a few thousand): timing
    pages while consumers catch up would measure the catching up."""
    deadline = time.monotonic() + timeout
    ready = -1
    while time.monotonic() < deadline:
        async with host.infra.bus.db.session(write=False) as session:
            ready = (
                await session.execute(
                    select(func.count()).where(
                        bus_local.deliveries.c.status == bus_local.READY,
                        bus_local.deliveries.c.next_attempt_at <= time.time(),
                    )
                )
            ).scalar_one()
        if ready == 0:
            return 0
        await asyncio.sleep(0.5)
    return int(ready)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    console = Console()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-web-"))
    settings = standalone_settings(data_dir, log_level="WARNING")
    await asyncio.to_thread(migrate_all, settings)
    started = time.perf_counter()
    await seed_demo(settings, Console(quiet=True))
    console.print(f"demo data loaded in {time.perf_counter() - started:.1f} s ({data_dir})")
    host = create_standalone_app(settings)
    async with host.running():
        transport = httpx.ASGITransport(app=host, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost", timeout=30) as api:
            left = await drained(host)
            ids = await marketplace_data(api)
            left = await drained(host)
            console.print(f"events pending before timing: {left}")
        pages = {
            "anónimo": [
                "/",
                f"/buscar?oficio={ids['oficio']}&ciudad=caba",
                f"/buscar?oficio={ids['oficio']}&ciudad=caba&orden=rating&page=2",
                f"/profesionales/{ids['profile']}",
                "/login",
                "/registro",
            ],
            "cliente": [
                "/",
                f"/buscar?oficio={ids['oficio']}&ciudad=cordoba",
                "/chat",
                f"/chat/{ids['chat']}",
                "/trabajos",
                f"/trabajos/{ids['trabajo']}",
                f"/pagos/{ids['trabajo']}/exito",
                "/notificaciones",
                "/cuenta",
            ],
            "profesional": [
                "/profesional",
                "/profesional/perfil",
                "/profesional/verificacion",
                "/profesional/portfolio",
                "/profesional/ofertas",
                "/profesional/ganancias",
                f"/chat/{ids['chat']}",
                f"/trabajos/{ids['trabajo']}",
            ],
            "admin": [
                "/admin",
                "/admin/kyc",
                "/admin/usuarios",
                "/admin/usuarios?q=demo",
                "/admin/catalogo",
                "/admin/trabajos",
                "/admin/disputas",
                "/admin/pagos",
            ],
        }
        clients = {"anónimo": httpx.AsyncClient(transport=transport, base_url="http://localhost", timeout=30)}
        for who, (email, password) in ACCOUNTS.items():
            clients[who] = await login(transport, email, password)
        worst = 0.0
        print(f"{'quién':<12} {'página':<58} {'p50 ms':>8} {'p95 ms':>8} {'máx ms':>8}")
        for who, paths in pages.items():
            client = clients[who]
            for path in paths:
                timings = []
                for _ in range(2):  # warm-up (template compilation, first queries)
                    await client.get(path)
                for _ in range(args.rounds):
                    t0 = time.perf_counter()
                    response = await client.get(path)
                    timings.append((time.perf_counter() - t0) * 1000)
                    assert response.status_code == 200, (who, path, response.status_code)
                timings.sort()
                p50 = statistics.median(timings)
                p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
                worst = max(worst, p95)
                shown = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "{id}", path)
                flag = "" if p95 <= BUDGET_MS else "  ← over budget"
                print(f"{who:<12} {shown:<58} {p50:8.1f} {p95:8.1f} {timings[-1]:8.1f}{flag}", flush=True)
        for client in clients.values():
            await client.aclose()
    print(f"web pages rounds={args.rounds} worst_p95_ms={worst:.1f} budget_ms={BUDGET_MS:.0f}")


if __name__ == "__main__":
    asyncio.run(main())
