"""The professional's own reviews and the one reply (SPEC §5): listed newest first with the reply, never
another professional's, for professionals only; the reply is published as ReviewReplied and shows under
the public review (professionals service)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conectar.chat.models import tables as chat_tables
from tests.factories import (
    Account,
    Pro,
    approved_professional,
    create_admin,
    eventually,
    paid_trabajo,
    register,
)
from tests.services.conftest import LiveStandalone


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def reviewed_trabajo(
    api: httpx.AsyncClient, pro: Account, rating: int, texto: str, nombre: str = "Carla"
) -> dict[str, Any]:
    """A LIBERADO trabajo of ``pro`` reviewed by a new client; the review."""
    cliente = await register(api, "CLIENTE", nombre=nombre, apellido="Cliente")
    trabajo_id = await paid_trabajo(api, cliente, pro, "2000.00")
    final = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert final.status_code == 200, final.text
    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.headers,
        json={"rating": rating, "texto_resena": texto},
    )
    assert review.status_code == 201, review.text
    body: dict[str, Any] = review.json()["resena"]
    return body


async def my_reviews(api: httpx.AsyncClient, who: Account, **params: Any) -> httpx.Response:
    return await api.get("/api/v1/professional/resenas", headers=who.headers, params=params)


async def test_a_professional_lists_their_reviews_and_answers_each_once(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro: Pro = await approved_professional(api, admin)
    other: Pro = await approved_professional(api, admin)
    first = await reviewed_trabajo(api, pro.account, 4, "Buen trabajo", nombre="Carla")
    second = await reviewed_trabajo(api, pro.account, 5, "Excelente", nombre="Diego")
    foreign = await reviewed_trabajo(api, other.account, 3, "Regular")

    listed = await my_reviews(api, pro.account)
    assert listed.status_code == 200, listed.text
    assert listed.headers["X-Total-Count"] == "2"
    items = listed.json()
    assert [r["id"] for r in items] == [second["id"], first["id"]]  # newest first
    assert foreign["id"] not in {r["id"] for r in items}
    assert {r["profesional_id"] for r in items} == {str(pro.account.id)}
    assert (items[0]["cliente_nombre"], items[0]["rating"], items[0]["texto_resena"]) == (
        "Diego Cliente",
        5,
        "Excelente",
    )
    assert (items[0]["respuesta"], items[0]["fecha_respuesta"]) == (None, None)
    paged = await my_reviews(api, pro.account, page=2, limit=1)
    assert paged.headers["X-Total-Count"] == "2"
    assert [r["id"] for r in paged.json()] == [first["id"]]
    assert [r["id"] for r in (await my_reviews(api, other.account)).json()] == [foreign["id"]]

    cliente = await register(api, "CLIENTE")
    assert (await my_reviews(api, cliente)).status_code == 403
    assert (await my_reviews(api, admin)).status_code == 403
    assert (await api.get("/api/v1/professional/resenas")).status_code == 401
    assert (await my_reviews(api, pro.account, limit=0)).status_code == 422

    # Only the reviewed professional answers, and only once.
    path = f"/api/v1/resenas/{first['id']}/responder"
    assert (
        await api.post(path, headers=other.account.headers, json={"respuesta": "No es mía"})
    ).status_code == 403
    assert (await api.post(path, headers=cliente.headers, json={"respuesta": "x"})).status_code == 403
    assert (await api.post(path, headers=pro.account.headers, json={"respuesta": "  "})).status_code == 422
    reply = await api.post(path, headers=pro.account.headers, json={"respuesta": "¡Gracias, Carla!"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["respuesta"] == "¡Gracias, Carla!"
    assert reply.json()["fecha_respuesta"] is not None
    twice = await api.post(path, headers=pro.account.headers, json={"respuesta": "Otra vez"})
    assert twice.status_code == 400
    assert "ya tiene una respuesta" in twice.json()["detail"]
    assert (
        await api.post(
            f"/api/v1/resenas/{uuid.uuid4()}/responder", headers=pro.account.headers, json={"respuesta": "x"}
        )
    ).status_code == 404

    answered = {r["id"]: r for r in (await my_reviews(api, pro.account)).json()}
    assert answered[first["id"]]["respuesta"] == "¡Gracias, Carla!"
    assert answered[second["id"]]["respuesta"] is None

    # Published once, in the reply's unit of work.
    ctx = live.ctx("chat")
    async with ctx.db.session(write=False) as session:
        outbox = chat_tables.outbox
        rows = await session.execute(select(outbox.c.payload).where(outbox.c.type == "ReviewReplied"))
        payloads = [p for p in rows.scalars() if p["resena_id"] == first["id"]]
    assert len(payloads) == 1
    assert payloads[0]["profesional_id"] == str(pro.account.id)
    assert payloads[0]["respuesta"] == "¡Gracias, Carla!"

    # Everyone sees the answer under the public review.
    async def public_answer() -> bool:
        page = await api.get(f"/api/v1/public/professional/{pro.profile_id}/resenas")
        found = {r["id"]: r for r in page.json()["resenas"]}
        return bool(found.get(first["id"], {}).get("respuesta") == "¡Gracias, Carla!")

    await eventually(public_answer)
    profile = (await api.get(f"/api/v1/public/professional/{pro.profile_id}")).json()
    shown = {r["id"]: r for r in profile["resenas"]}
    assert shown[first["id"]]["respuesta"] == "¡Gracias, Carla!"
    assert shown[first["id"]]["fecha_respuesta"] is not None
    assert shown[second["id"]]["respuesta"] is None
