"""Demo history: the demo clients have already hired some of the demo professionals, so the demo shows a
marketplace in use — ratings and reviews on the profiles and the home page (not "0,0 (0)"), finished jobs
and released money in the demo professional's earnings, a history for the demo client, one offer with a
visit waiting for the demo client to review and pay (after a photo of the problem in the conversation), the
demo professional's weekly hours (and the demo professional among the demo client's favourites), and an
open request for quotes that the demo professional answered.

Every story goes through the public API of the platform running in this process, as people would: a
conversation, a question and its answer, a priced offer, the accept, the payment on the built-in sandbox,
the professional's "done", the client's confirmation that releases the money (the ledger posts it), and
the review. Nothing is written behind the services' backs, so every figure on every page agrees. It runs
once: when the demo client already has trabajos, it does nothing.
"""

from __future__ import annotations

import asyncio
import time as clock
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import httpx
from rich.console import Console

from conectar.contracts.fechas import ARGENTINA
from conectar.platform.settings import Settings

API = "/api/v1"
WAIT_SECONDS = 30.0

QUESTIONS = (
    "Hola, ¿podrías venir esta semana? Te cuento el problema por acá.",
    "Buenas, necesito un presupuesto. ¿Cuándo tendrías un horario?",
    "Hola, ¿trabajás por mi zona? Es un arreglo chico.",
)
ANSWERS = (
    "¡Hola! Sí, puedo pasar el jueves a la mañana. Te mando la oferta.",
    "Buenas, claro. Te armo el presupuesto con materiales incluidos.",
    "Hola, sí, voy seguido por ahí. Ahora te paso el precio.",
)
JOBS = (
    ("Reparación con materiales incluidos y prueba final.", "18500"),
    ("Visita, diagnóstico y arreglo en el día.", "24000"),
    ("Trabajo completo con garantía de 90 días.", "35000"),
    ("Arreglo puntual, retiro de escombros incluido.", "15000"),
)
REVIEWS = (
    (5, "Impecable: llegó puntual, explicó todo y dejó limpio. Lo recomiendo."),
    (5, "Muy prolijo y amable. Resolvió en una hora lo que otros no pudieron."),
    (4, "Buen trabajo y buen precio; se demoró un poco en llegar pero avisó."),
    (5, "Excelente atención, volvería a contratarlo sin dudar."),
    (4, "Cumplió con lo acordado. Recomendable."),
)
PENDING_OFFER = ("Cambio de flexibles y canilla de la cocina, con materiales.", "27500")
WEEK = [{"dia": dia, "desde": "09:00", "hasta": "18:00"} for dia in range(5)] + [
    {"dia": 5, "desde": "09:00", "hasta": "13:00"}
]
PALERMO = (-34.5889, -58.4305)


class DemoStoryError(RuntimeError):
    """A step of a demo story was refused: the demo data set and the platform disagree."""


@dataclass(frozen=True)
class Person:
    id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Story:
    """The demo's people acting through the API."""

    def __init__(self, api: httpx.AsyncClient) -> None:
        self.api = api

    async def call(self, method: str, path: str, who: Person | None = None, **kwargs: Any) -> Any:
        response = await self.api.request(method, API + path, headers=who.headers if who else None, **kwargs)
        if not response.is_success:
            raise DemoStoryError(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else None

    async def login(self, email: str, password: str) -> Person:
        tokens = await self.call("POST", "/auth/login", data={"username": email, "password": password})
        token = str(tokens["access_token"])
        me = await self.call("GET", "/users/me", Person("", token))
        return Person(str(me["id"]), token)

    async def until(self, what: str, check: Callable[[], Awaitable[bool]]) -> None:
        deadline = clock.monotonic() + WAIT_SECONDS
        while not await check():
            if clock.monotonic() > deadline:
                raise DemoStoryError(f"{what} did not happen within {WAIT_SECONDS:.0f} s")
            await asyncio.sleep(0.1)

    async def state(self, cliente: Person, trabajo_id: str) -> str:
        return str((await self.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente))["estado_escrow"])

    async def reach(self, cliente: Person, trabajo_id: str, estado: str) -> None:
        async def reached() -> bool:
            return await self.state(cliente, trabajo_id) == estado

        await self.until(f"trabajo {estado}", reached)

    async def conversation(self, cliente: Person, pro: Person, n: int) -> str:
        chat = await self.call(
            "POST", "/chat/create", cliente, json={"cliente_id": cliente.id, "profesional_id": pro.id}
        )
        chat_id = str(chat["id"])
        await self.call(
            "POST", "/chat/send-message", cliente, json={"chat_id": chat_id, "text": QUESTIONS[n % 3]}
        )
        await self.call("POST", "/chat/send-message", pro, json={"chat_id": chat_id, "text": ANSWERS[n % 3]})
        return chat_id

    async def offer(
        self,
        cliente: Person,
        pro: Person,
        chat_id: str,
        descripcion: str,
        precio: str,
        visita: tuple[datetime, datetime] | None = None,
    ) -> str:
        body = {
            "cliente_id": cliente.id,
            "chat_id": chat_id,
            "descripcion": descripcion,
            "precio_final": precio,
        }
        if visita is not None:
            body |= {"visita_desde": visita[0].isoformat(), "visita_hasta": visita[1].isoformat()}
        return str((await self.call("POST", "/professional/ofertas", pro, json=body))["id"])

    async def photo(self, cliente: Person, chat_id: str) -> None:
        """A photo of the problem, sent in the conversation (SPEC §12)."""
        from conectar.seed import draw_image

        await self.call(
            "POST",
            f"/chat/{chat_id}/adjuntos",
            cliente,
            files={"file": ("canilla.jpg", draw_image(7), "image/jpeg")},
            data={"text": "Así está la canilla de la cocina"},
        )

    async def quoted_pedido(self, cliente: Person, pro: Person) -> None:
        """A request for quotes in Palermo (SPEC §10) that the demo professional answered."""
        oficios = await self.call("GET", "/public/oficios")
        plomeria = next(o for o in oficios if o["nombre"] == "Plomería")
        desde, hasta = _visit(days=2, hour=9, hours=4)
        pedido = await self.call(
            "POST",
            "/pedidos",
            cliente,
            json={
                "oficio_id": plomeria["id"],
                "titulo": "Pierde el termotanque",
                "descripcion": "El termotanque gotea por abajo desde ayer y hay agua en el piso del lavadero.",
                "latitude": PALERMO[0],
                "longitude": PALERMO[1],
                "direccion": "Av. Santa Fe 3200, 4° B",
                "franjas": [{"desde": desde.isoformat(), "hasta": hasta.isoformat()}],
                "presupuesto_max": "60000",
            },
        )
        visita = _visit(days=2, hour=10)
        await self.call(
            "POST",
            f"/professional/pedidos/{pedido['id']}/ofertas",
            pro,
            json={
                "descripcion": "Reviso el termotanque, cambio la válvula o la junta que pierda y pruebo.",
                "precio_final": "48000",
                "visita_desde": visita[0].isoformat(),
                "visita_hasta": visita[1].isoformat(),
            },
        )

    async def finished_job(self, cliente: Person, pro: Person, n: int) -> None:
        """Hired, paid, done, confirmed (the money released) and reviewed."""
        chat_id = await self.conversation(cliente, pro, n)
        descripcion, precio = JOBS[n % len(JOBS)]
        oferta_id = await self.offer(cliente, pro, chat_id, descripcion, precio)
        accepted = await self.call("POST", f"/cliente/ofertas/{oferta_id}/accept", cliente)
        trabajo_id, payment_url = str(accepted["trabajo_id"]), str(accepted["payment_url"])
        await self.api.get(payment_url)  # the sandbox's checkout page, then its "approve" button
        paid = await self.api.post(payment_url, data={"status": "approved"}, follow_redirects=False)
        if paid.status_code not in (302, 303):
            raise DemoStoryError(f"sandbox payment: {paid.status_code}")
        await self.reach(cliente, trabajo_id, "PAGADO_EN_ESCROW")
        await self.call("POST", f"/professional/trabajos/{trabajo_id}/completar", pro)
        await self.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
        await self.reach(cliente, trabajo_id, "LIBERADO")
        rating, texto = REVIEWS[n % len(REVIEWS)]
        await self.call(
            "POST",
            f"/cliente/trabajo/{trabajo_id}/resena",
            cliente,
            json={"rating": rating, "texto_resena": texto},
        )


async def seed_history(settings: Settings, console: Console, pro_emails: list[str], pro_password: str) -> int:
    """Finished and reviewed jobs of the demo clients with the demo professional and ``pro_emails``, and an
    offer waiting for the demo client; how many jobs were added (0 when the history exists)."""
    from conectar.seed import DEMO_ACCOUNTS
    from conectar.standalone import create_standalone_app

    host = create_standalone_app(settings)
    async with host.running():
        transport = httpx.ASGITransport(app=host, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost", timeout=60) as api:
            story = Story(api)
            clients = [
                await story.login(d.email, d.password) for d in DEMO_ACCOUNTS if d.rol.value == "CLIENTE"
            ]
            if await story.call("GET", "/cliente/trabajos", clients[0]):
                return 0
            demo_pro = next(d for d in DEMO_ACCOUNTS if d.rol.value == "PROFESIONAL")
            pablo = await story.login(demo_pro.email, demo_pro.password)
            pros = [pablo, *[await story.login(email, pro_password) for email in pro_emails]]
            jobs = 0
            for index, pro in enumerate(pros):
                for turn in range(3 if pro is pablo else 1 + index % 2):
                    await story.finished_job(clients[(index + turn) % len(clients)], pro, index + turn)
                    jobs += 1
            await story.call("PUT", "/professional/disponibilidad", pablo, json={"semanal": WEEK})
            chat_id = await story.conversation(clients[0], pablo, 1)
            await story.photo(clients[0], chat_id)
            await story.offer(clients[0], pablo, chat_id, *PENDING_OFFER, visita=_visit(days=3, hour=10))
            await story.quoted_pedido(clients[1], pablo)
            pablo_profile = await story.call("GET", "/professional/me", pablo)
            await story.call("PUT", f"/favoritos/{pablo_profile['id']}", clients[0])  # SPEC §13
            await _wait_for_ratings(story, pablo)
    console.print(f"Historia de demostración: {jobs} trabajos terminados con reseña.")
    return jobs


def _visit(days: int, hour: int, hours: int = 2) -> tuple[datetime, datetime]:
    """A window ``days`` from today at ``hour`` (Buenos Aires time), on a weekday."""
    day = datetime.now(ARGENTINA).date() + timedelta(days=days)
    while day.weekday() > 4:
        day += timedelta(days=1)
    start = datetime.combine(day, time(hour, 0), ARGENTINA)
    return start, start + timedelta(hours=hours)


async def _wait_for_ratings(story: Story, pablo: Person) -> None:
    """The reviews reach the profiles through events: wait until the demo professional's shows them."""
    me = await story.call("GET", "/professional/me", pablo)

    async def rated() -> bool:
        profile = await story.call("GET", f"/public/professional/{me['id']}")
        return int(profile["total_resenas"]) >= 3

    await story.until("the demo professional's rating", rated)
