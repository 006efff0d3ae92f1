"""Visits at their edges (SPEC §10–11): an offer whose visit already began cannot be accepted; a trabajo that
no longer holds the professional's time shows no pending change of window; an awarded pedido's address
reaches the trabajo of its two parties."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from conectar.chat.models import Oferta
from conectar.platform.db import utcnow
from tests.factories import Account, create_admin, offer, open_chat, register
from tests.harness.notifications import inbox, wait_notification
from tests.services.conftest import Standalone
from tests.services.test_chat_pedidos import DIRECCION, new_pedido, pro_near, quote
from tests.services.test_chat_visits import reprogramar, window
from tests.services.test_professionals_support import API, create_oficio


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def test_an_offer_whose_visit_began_cannot_be_accepted(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    sent = await offer(api, pro, cliente, chat_id, visita=window(timedelta(hours=3)))
    async with standalone.ctx("chat").db.session() as session:  # the offer waited: its visit began
        now = utcnow()
        await session.execute(
            update(Oferta)
            .where(Oferta.id == uuid.UUID(sent["id"]))
            .values(visita_desde=now - timedelta(minutes=30), visita_hasta=now + timedelta(hours=1))
        )
    refused = await api.post(f"{API}/cliente/ofertas/{sent['id']}/accept", headers=cliente.headers)
    assert refused.status_code == 400
    assert "ya empezó" in refused.json()["detail"]
    assert (await api.get(f"{API}/cliente/trabajos", headers=cliente.headers)).json() == []


async def test_a_cancelled_trabajo_shows_no_pending_change_of_window(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    sent = await offer(api, pro, cliente, chat_id, visita=window(timedelta(days=2)))
    accepted = await api.post(f"{API}/cliente/ofertas/{sent['id']}/accept", headers=cliente.headers)
    trabajo_id = accepted.json()["trabajo_id"]
    proposed = await reprogramar(api, pro, trabajo_id, window(timedelta(days=3)))
    assert proposed.status_code == 200, proposed.text
    assert proposed.json()["reprogramacion"] is not None
    cancelled = await api.post(f"{API}/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["reprogramacion"] is None
    seen = await api.get(f"{API}/professional/trabajos/{trabajo_id}", headers=pro.headers)
    assert seen.json()["reprogramacion"] is None


async def test_the_awarded_pedidos_address_reaches_its_trabajo(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE")
    pedido = await new_pedido(api, cliente, oficio["id"])
    quoted = await quote(api, pro, pedido["id"])
    assert quoted.status_code == 201, quoted.text
    accepted = await api.post(f"{API}/cliente/ofertas/{quoted.json()['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    trabajo_id = accepted.json()["trabajo_id"]
    for path, who in (
        (f"{API}/cliente/trabajo/{trabajo_id}", cliente),
        (f"{API}/professional/trabajos/{trabajo_id}", pro),
    ):
        assert (await api.get(path, headers=who.headers)).json()["direccion"] == DIRECCION
    plain_chat = await open_chat(api, cliente, pro)
    plain = await offer(api, pro, cliente, plain_chat)
    other = await api.post(f"{API}/cliente/ofertas/{plain['id']}/accept", headers=cliente.headers)
    other_trabajo = (
        await api.get(f"{API}/cliente/trabajo/{other.json()['trabajo_id']}", headers=cliente.headers)
    ).json()
    assert other_trabajo["direccion"] is None


async def test_the_other_party_is_told_of_a_proposed_window_and_the_proposer_of_the_answer(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE", nombre="Carla", apellido="Cliente")
    chat_id = await open_chat(api, cliente, pro)
    sent = await offer(api, pro, cliente, chat_id, visita=window(timedelta(days=2)))
    accepted = await api.post(f"{API}/cliente/ofertas/{sent['id']}/accept", headers=cliente.headers)
    trabajo_id = accepted.json()["trabajo_id"]
    proposed = await reprogramar(api, cliente, trabajo_id, window(timedelta(days=4)))
    assert proposed.status_code == 200, proposed.text
    told = await wait_notification(api, pro, "visita_cambio_propuesto")
    assert told["url"].endswith(f"/trabajos/{trabajo_id}")
    assert "Carla Cliente propone cambiar la visita" in told["mensaje"]
    answered = await api.post(f"{API}/trabajos/{trabajo_id}/reprogramacion/rechazar", headers=pro.headers)
    assert answered.status_code == 200, answered.text
    back = await wait_notification(api, cliente, "visita_cambio_respondido")
    assert "mantener el horario anterior" in back["mensaje"]
    assert not [
        n
        for n in (await inbox(api, cliente, limit=100))["notificaciones"]
        if n["tipo"] == "visita_cambio_propuesto"
    ]  # the proposer is not told of their own proposal
