"""The professionals service through the gateway, every service as its own process on PostgreSQL (PostGIS),
RabbitMQ and Redis: register → profile → location → oficios → KYC → approval → search → public profile,
and the chat service's events (published to RabbitMQ) turning into experience, level and rating."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

import aio_pika
import httpx
import pytest

from conectar.contracts.events import EventEnvelope, IntegrationEvent, ReviewCreated, WorkCompleted
from conectar.platform.db import utcnow
from tests.conftest import image_bytes
from tests.factories import Account, create_admin, eventually, register
from tests.integration.conftest import Platform
from tests.integration.helpers import EventTap
from tests.services.conftest import BROKER_URL

API = "/api/v1"
CORDOBA = (-31.4201, -64.1888)
KM = 1 / 111.195


@pytest.fixture(scope="module")
async def admin(platform: Platform) -> Account:
    async with platform.client() as api:
        return await create_admin(platform, api)


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 5000 + b"\n%%EOF\n"


async def new_oficio(api: httpx.AsyncClient, admin: Account) -> dict[str, Any]:
    response = await api.post(
        f"{API}/admin/oficios", json={"nombre": f"Vitralería {uuid.uuid4().hex[:8]}"}, headers=admin.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def approved(
    api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any], km_north: float
) -> tuple[Account, str]:
    pro = await register(api, "PROFESIONAL")
    me = await api.get(f"{API}/professional/me", headers=pro.headers)
    assert me.status_code == 200, me.text
    await api.put(
        f"{API}/professional/profile/location",
        json={"latitude": CORDOBA[0] + km_north * KM, "longitude": CORDOBA[1]},
        headers=pro.headers,
    )
    await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    files = [("files", ("dni.pdf", pdf(), "application/pdf"))]
    assert (
        await api.post(f"{API}/professional/kyc/upload", files=files, headers=pro.headers)
    ).status_code == 200
    profile_id = me.json()["id"]
    assert (await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)).status_code == 200
    return pro, profile_id


async def test_from_registration_to_search_and_public_profile(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await register(api, "PROFESIONAL")
    # The profile exists at once (read-through), with SPEC §2's defaults.
    me = await api.get(f"{API}/professional/me", headers=pro.headers)
    assert me.status_code == 200, me.text
    profile = me.json()
    assert (
        profile["usuario_id"],
        profile["estado_verificacion"],
        profile["nivel"],
        profile["radio_cobertura_km"],
    ) == (
        str(pro.id),
        "PENDIENTE",
        "BRONCE",
        10,
    )
    client = await register(api, "CLIENTE")
    assert (await api.get(f"{API}/professional/me", headers=client.headers)).status_code == 403

    location = await api.put(
        f"{API}/professional/profile/location",
        json={"latitude": CORDOBA[0], "longitude": CORDOBA[1]},
        headers=pro.headers,
    )
    assert location.status_code == 200
    updated = await api.put(
        f"{API}/professional/profile",
        json={"radio_cobertura_km": 15, "tarifa_por_hora": "9500.00", "descripcion": "Vitrales a medida"},
        headers=pro.headers,
    )
    assert (updated.json()["radio_cobertura_km"], updated.json()["tarifa_por_hora"]) == (15, 9500)
    payout = await api.put(
        f"{API}/professional/payout-info", json={"payout_account": "vitral.cordoba"}, headers=pro.headers
    )
    assert payout.json()["payout_account"] == "vitral.cordoba"

    oficio = await new_oficio(api, admin)
    assert oficio["nombre"] in [o["nombre"] for o in (await api.get(f"{API}/public/oficios")).json()]
    chosen = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    assert [o["id"] for o in chosen.json()] == [oficio["id"]]

    item = (
        await api.post(
            f"{API}/professional/portfolio", json={"titulo": "Vitral del living"}, headers=pro.headers
        )
    ).json()
    with_image = await api.post(
        f"{API}/professional/portfolio/{item['id']}/image",
        files={"file": ("vitral.png", image_bytes("PNG", (800, 600)), "image/png")},
        headers=pro.headers,
    )
    assert with_image.status_code == 200, with_image.text
    image = with_image.json()["imagenes"][0]
    assert image["orden"] == 0
    assert (await api.get(image["thumbnail_url"])).status_code == 200

    # Not searchable, not public before approval.
    search = {"oficio_id": oficio["id"], "lat": CORDOBA[0] + 5 * KM, "lng": CORDOBA[1]}
    assert (await api.get(f"{API}/search/professionals", params=search)).json() == []
    assert (await api.get(f"{API}/public/professional/{profile['id']}")).status_code == 404

    document = pdf()
    async with EventTap(platform, "KycSubmitted", "KycApproved") as tap:
        upload = await api.post(
            f"{API}/professional/kyc/upload",
            files=[("files", ("dni.pdf", document, "application/pdf"))],
            headers=pro.headers,
        )
        assert upload.status_code == 200, upload.text
        assert upload.json()["status"] == "ok"
        submitted = await tap.next(
            lambda e: e["type"] == "KycSubmitted" and e["payload"]["user_id"] == str(pro.id)
        )
        assert submitted["payload"]["documentos"] == 1
        queue = await api.get(f"{API}/admin/kyc/pendientes", headers=admin.headers)
        entry = next(p for p in queue.json() if p["id"] == profile["id"])
        assert (entry["email"], entry["estado_verificacion"]) == (pro.email, "EN_REVISION")
        doc = entry["documentos"][0]
        assert doc["sha256"] == hashlib.sha256(document).hexdigest()
        download = await api.get(
            f"{API}/admin/kyc/{profile['id']}/documentos/{doc['id']}", headers=admin.headers
        )
        assert download.status_code == 200
        assert download.content == document
        assert download.headers["content-type"] == "application/pdf"
        assert (
            await api.get(f"{API}/admin/kyc/{profile['id']}/documentos/{doc['id']}", headers=pro.headers)
        ).status_code == 403
        approval = await api.post(f"{API}/admin/kyc/approve/{profile['id']}", headers=admin.headers)
        assert approval.status_code == 200, approval.text
        await tap.next(lambda e: e["type"] == "KycApproved" and e["payload"]["user_id"] == str(pro.id))

    found = await api.get(f"{API}/search/professionals", params=search)
    assert found.status_code == 200
    assert [(r["id"], r["distancia_km"]) for r in found.json()] == [(profile["id"], 5.0)]
    assert "latitude" not in found.json()[0]
    too_far = {**search, "lat": CORDOBA[0] + 16 * KM}
    assert (await api.get(f"{API}/search/professionals", params=too_far)).json() == []
    posted = await api.post(
        f"{API}/search",
        json={
            "latitude": search["lat"],
            "longitude": search["lng"],
            "oficio": oficio["nombre"].lower(),
            "limit": 10,
        },
    )
    assert (posted.json()["total"], posted.json()["pagina"], posted.json()["total_paginas"]) == (1, 1, 1)

    public = await api.get(f"{API}/public/professional/{profile['id']}")
    assert public.status_code == 200
    body = public.json()
    assert (body["descripcion"], body["tarifa_por_hora"], body["radio_cobertura_km"]) == (
        "Vitrales a medida",
        9500,
        15,
    )
    assert [o["id"] for o in body["oficios"]] == [oficio["id"]]
    assert [i["id"] for i in body["portfolio"]] == [item["id"]]
    assert not {"email", "estado_verificacion", "payout_account", "latitude", "longitude"} & set(body)
    assert pro.email not in public.text
    assert "vitral.cordoba" not in public.text
    portfolio = await api.get(f"{API}/public/professional/{profile['id']}/portfolio")
    assert portfolio.json()[0]["imagenes"][0]["id"] == image["id"]

    # Banned: hidden everywhere, until unbanned.
    assert (await api.post(f"{API}/admin/users/{pro.id}/ban", headers=admin.headers)).status_code == 200

    async def hidden() -> bool:
        return (await api.get(f"{API}/public/professional/{profile['id']}")).status_code == 404

    await eventually(hidden)
    assert (await api.get(f"{API}/search/professionals", params=search)).json() == []
    assert (await api.post(f"{API}/admin/users/{pro.id}/unban", headers=admin.headers)).status_code == 200

    async def back() -> bool:
        return bool((await api.get(f"{API}/search/professionals", params=search)).json())

    await eventually(back)


async def publish(platform: Platform, *envelopes: EventEnvelope) -> None:
    connection = await aio_pika.connect(BROKER_URL)
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            f"{platform.namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        for envelope in envelopes:
            await exchange.publish(
                aio_pika.Message(
                    body=envelope.model_dump_json().encode(),
                    message_id=str(envelope.id),
                    type=envelope.type,
                    content_type="application/json",
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    app_id=envelope.producer,
                ),
                routing_key=envelope.type,
            )
    finally:
        await connection.close()


def envelope(event: IntegrationEvent) -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=utcnow(),
        producer="chat",
        payload=json.loads(event.model_dump_json()),
    )


async def test_chat_events_become_experience_level_and_rating(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await new_oficio(api, admin)
    pro, profile_id = await approved(api, admin, oficio, 2)
    trabajos = [uuid.uuid4() for _ in range(10)]

    def work(trabajo_id: uuid.UUID) -> WorkCompleted:
        return WorkCompleted(
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            precio_final=20000,
            comision_plataforma=4000,
            monto_liberado=16000,
            liberado_at=utcnow(),
        )

    def review(rating: int, minutes_ago: int) -> ReviewCreated:
        return ReviewCreated(
            resena_id=uuid.uuid4(),
            trabajo_id=trabajos[rating],
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            cliente_nombre="Carla Cliente",
            rating=rating,
            texto_resena=f"{rating} estrellas",
            fecha_creacion=utcnow() - timedelta(minutes=minutes_ago),
        )

    completed = [envelope(work(t)) for t in trabajos]
    five = envelope(review(5, 5))
    four = envelope(review(4, 1))
    async with EventTap(platform, "ProfessionalLevelChanged") as tap:
        # Every delivery twice, and each trabajo and review also under a second event id.
        again = [envelope(work(t)) for t in trabajos]
        five_again = envelope(ReviewCreated.model_validate(five.payload))
        await publish(platform, *completed, *completed, five, five, five_again, four, *again)
        changed = await tap.next(lambda e: e["payload"]["user_id"] == str(pro.id))
        assert (changed["payload"]["nivel_anterior"], changed["payload"]["nivel"]) == ("BRONCE", "PLATA")
        assert changed["payload"]["tasa_comision_actual"] == "0.18"

        async def settled() -> bool:
            me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
            return bool(me["puntos_experiencia"] == 1060 and me["total_resenas"] == 2)

        await eventually(settled, timeout=30)
        with pytest.raises(AssertionError):
            await tap.next(lambda e: e["payload"]["user_id"] == str(pro.id), timeout=2)
    me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    assert (me["nivel"], me["tasa_comision_actual"], me["rating_promedio"]) == ("PLATA", 0.18, 4.5)
    nivel = (await api.get(f"{API}/professional/me/nivel", headers=pro.headers)).json()
    assert (nivel["siguiente_nivel"], nivel["puntos_faltantes"]) == ("ORO", 5000 - 1060)
    public = (await api.get(f"{API}/public/professional/{profile_id}")).json()
    assert (
        public["nivel"],
        public["rating_promedio"],
        public["total_resenas"],
        public["trabajos_completados"],
    ) == (
        "PLATA",
        4.5,
        2,
        10,
    )
    assert [r["texto_resena"] for r in public["resenas"]] == ["4 estrellas", "5 estrellas"]
    assert "cliente_id" not in public["resenas"][0]
    reviews = (await api.get(f"{API}/public/professional/{profile_id}/resenas", params={"limit": 1})).json()
    assert (reviews["total"], reviews["totalPages"]) == (2, 2)
    board = (await api.get(f"{API}/gamification/leaderboard", params={"limit": 100})).json()
    assert any(e["id"] == profile_id and e["puntos_experiencia"] == 1060 for e in board)
    found = (
        await api.get(
            f"{API}/search/professionals",
            params={"oficio_id": oficio["id"], "lat": CORDOBA[0], "lng": CORDOBA[1], "sort_by": "nivel"},
        )
    ).json()
    assert (found[0]["id"], found[0]["nivel"], found[0]["rating_promedio"]) == (profile_id, "PLATA", 4.5)
