"""Visits (SPEC §11), chat's side: an offer carries a visit window and the trabajo made from it too;
either party proposes a new window and only the other answers; a professional never holds two booked
trabajos whose windows overlap (409, also when two accepts race); reminders 24 h and 2 h before reach
both; the visit's calendar file is for the two parties only."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from conectar.chat import agenda
from conectar.chat import repository as chat_repo
from conectar.chat.flows.visitas import send_visit_reminders
from conectar.chat.models import Conversation, Trabajo
from conectar.chat.ventanas import Ventana
from conectar.platform.db import Database, utcnow
from conectar.platform.errors import Conflict
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES
from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    eventually,
    gather,
    offer,
    open_chat,
    paid_trabajo,
    pay_on_sandbox,
    register,
    trabajo_state,
    wait_state,
)
from tests.services.conftest import LiveStandalone

H = timedelta(hours=1)
MOTIVO = "Se me complicó ese día, ¿puede ser otro?"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


def window(start_in: timedelta, hours: float = 2) -> tuple[datetime, datetime]:
    """A window starting ``start_in`` from now, on whole minutes."""
    start = (utcnow() + start_in).replace(second=0, microsecond=0)
    return start, start + timedelta(hours=hours)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def same_instant(text: str | None, moment: datetime) -> bool:
    return text is not None and datetime.fromisoformat(text) == moment


async def book(
    api: httpx.AsyncClient, cliente: Account, pro: Account, visita: tuple[datetime, datetime] | None
) -> httpx.Response:
    """An offer with ``visita`` in the client's conversation with the professional, and the accept."""
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, visita=visita)
    return await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)


async def booked(
    api: httpx.AsyncClient, cliente: Account, pro: Account, visita: tuple[datetime, datetime] | None
) -> str:
    accepted = await book(api, cliente, pro, visita)
    assert accepted.status_code == 200, accepted.text
    return str(accepted.json()["trabajo_id"])


def reprogramar(
    api: httpx.AsyncClient, who: Account, trabajo_id: str, visita: tuple[datetime, datetime], **extra: Any
) -> Any:
    path = (
        f"/api/v1/cliente/trabajo/{trabajo_id}/reprogramar"
        if who.rol == "CLIENTE"
        else f"/api/v1/professional/trabajos/{trabajo_id}/reprogramar"
    )
    body = {"visita_desde": iso(visita[0]), "visita_hasta": iso(visita[1]), "motivo": MOTIVO, **extra}
    return api.post(path, headers=who.headers, json=body)


def answer(api: httpx.AsyncClient, who: Account, trabajo_id: str, verb: str) -> Any:
    return api.post(f"/api/v1/trabajos/{trabajo_id}/reprogramacion/{verb}", headers=who.headers)


async def test_the_offer_carries_the_window_and_so_does_its_trabajo(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    visita = window(72 * H)
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, visita=visita)
    assert same_instant(oferta["visita_desde"], visita[0])
    assert same_instant(oferta["visita_hasta"], visita[1])
    seen = await api.get(f"/api/v1/cliente/ofertas/{oferta['id']}", headers=cliente.headers)
    assert same_instant(seen.json()["visita_desde"], visita[0])
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    trabajo = await trabajo_state(api, cliente, str(accepted.json()["trabajo_id"]))
    assert same_instant(trabajo["visita_desde"], visita[0])
    assert same_instant(trabajo["visita_hasta"], visita[1])
    assert trabajo["reprogramacion"] is None
    mine = await api.get(f"/api/v1/professional/trabajos/{trabajo['id']}", headers=pro.headers)
    assert same_instant(mine.json()["visita_hasta"], visita[1])

    # Without a window: null on both.
    plain = await offer(api, pro, cliente, chat_id)
    assert plain["visita_desde"] is None
    assert plain["visita_hasta"] is None
    trabajo_id = str(
        (await api.post(f"/api/v1/cliente/ofertas/{plain['id']}/accept", headers=cliente.headers)).json()[
            "trabajo_id"
        ]
    )
    assert (await trabajo_state(api, cliente, trabajo_id))["visita_desde"] is None


BAD_WINDOWS: list[tuple[timedelta | None, timedelta | None, str]] = [
    (-2 * H, -1 * H, "futuro"),
    (5 * H, 5 * H, "posterior"),
    (5 * H, 4 * H, "posterior"),
    (5 * H, 17 * H + timedelta(minutes=1), "12 horas"),
    (5 * H, None, "ninguno"),
    (None, 5 * H, "ninguno"),
]


async def test_a_bad_window_is_a_422_with_its_reason(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    trabajo_id = await booked(api, cliente, pro, window(96 * H))
    for desde, hasta, reason in BAD_WINDOWS:
        now = utcnow()
        body: dict[str, Any] = {
            "cliente_id": str(cliente.id),
            "chat_id": chat_id,
            "descripcion": "Cambio de flexible y canilla de la cocina",
            "precio_final": "15000.00",
        }
        if desde is not None:
            body["visita_desde"] = iso(now + desde)
        if hasta is not None:
            body["visita_hasta"] = iso(now + hasta)
        response = await api.post("/api/v1/professional/ofertas", headers=pro.headers, json=body)
        assert response.status_code == 422, (desde, hasta, response.text)
        assert reason in response.text
        # The same rule for a new window.
        if desde is not None and hasta is not None:
            moved = await reprogramar(api, cliente, trabajo_id, (now + desde, now + hasta))
            assert moved.status_code == 422, moved.text
            assert reason in moved.text
    naive = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/reprogramar",
        headers=cliente.headers,
        json={"visita_desde": "2030-01-01T10:00:00", "visita_hasta": "2030-01-01T11:00:00", "motivo": MOTIVO},
    )
    assert naive.status_code == 422  # a time without its offset
    no_reason = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/reprogramar",
        headers=cliente.headers,
        json={"visita_desde": iso(utcnow() + 100 * H), "visita_hasta": iso(utcnow() + 101 * H)},
    )
    assert no_reason.status_code == 422
    assert (await trabajo_state(api, cliente, trabajo_id))["reprogramacion"] is None


async def test_either_side_proposes_and_only_the_other_answers(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    stranger = await register(api, "CLIENTE")
    other_pro = (await approved_professional(api, admin)).account
    original = window(72 * H)
    trabajo_id = await booked(api, cliente, pro, original)

    # The client proposes; the trabajo shows the proposal to both, the visit is still the original.
    nueva = window(80 * H, 3)
    proposed = await reprogramar(api, cliente, trabajo_id, nueva)
    assert proposed.status_code == 200, proposed.text
    pending = proposed.json()["reprogramacion"]
    assert same_instant(pending["visita_desde"], nueva[0])
    assert pending["propuesta_por"] == str(cliente.id)
    assert pending["motivo"] == MOTIVO
    assert same_instant(proposed.json()["visita_desde"], original[0])
    seen = await api.get(f"/api/v1/professional/trabajos/{trabajo_id}", headers=pro.headers)
    assert seen.json()["reprogramacion"]["propuesta_por"] == str(cliente.id)

    # Not the proposer, not a stranger, not another professional; a client cannot use the professional's
    # path, nor someone else's trabajo.
    assert (await answer(api, cliente, trabajo_id, "aceptar")).status_code == 403
    assert (await answer(api, stranger, trabajo_id, "aceptar")).status_code == 404
    assert (await answer(api, other_pro, trabajo_id, "rechazar")).status_code == 404
    assert (await answer(api, admin, trabajo_id, "aceptar")).status_code == 404
    wrong_path = await api.post(
        f"/api/v1/professional/trabajos/{trabajo_id}/reprogramar",
        headers=cliente.headers,
        json={"visita_desde": iso(nueva[0]), "visita_hasta": iso(nueva[1]), "motivo": MOTIVO},
    )
    assert wrong_path.status_code == 403
    assert (await reprogramar(api, stranger, trabajo_id, nueva)).status_code == 403
    assert (await reprogramar(api, other_pro, trabajo_id, nueva)).status_code == 403

    # The professional accepts: it is the visit now, and the proposal is gone.
    accepted = await answer(api, pro, trabajo_id, "aceptar")
    assert accepted.status_code == 200, accepted.text
    assert same_instant(accepted.json()["visita_desde"], nueva[0])
    assert same_instant(accepted.json()["visita_hasta"], nueva[1])
    assert accepted.json()["reprogramacion"] is None
    assert (await answer(api, cliente, trabajo_id, "aceptar")).status_code == 400  # nothing pending

    # The professional proposes; the client rejects it: the visit stays as it was.
    later = window(100 * H)
    assert (await reprogramar(api, pro, trabajo_id, later)).status_code == 200
    assert (await answer(api, pro, trabajo_id, "rechazar")).status_code == 403
    rejected = await answer(api, cliente, trabajo_id, "rechazar")
    assert rejected.status_code == 200, rejected.text
    assert same_instant(rejected.json()["visita_desde"], nueva[0])
    assert rejected.json()["reprogramacion"] is None

    # A trabajo that was cancelled is not rescheduled.
    cancelled = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=cliente.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert (await reprogramar(api, cliente, trabajo_id, later)).status_code == 400


async def test_a_professional_is_never_booked_twice_for_the_same_time(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    first_client = await register(api, "CLIENTE")
    second_client = await register(api, "CLIENTE")
    base = window(120 * H)
    first = await booked(api, first_client, pro, base)

    # Overlapping: refused, and the offer can still be answered later.
    clash = await book(api, second_client, pro, (base[0] + H, base[1] + H))
    assert clash.status_code == 409, clash.text
    assert clash.json()["detail"] == agenda.OCUPADO
    # Touching ends fit; another professional is free; a trabajo without a window books nothing.
    after = await booked(api, second_client, pro, (base[1], base[1] + 2 * H))
    other = (await approved_professional(api, admin)).account
    await booked(api, second_client, other, base)
    await booked(api, second_client, pro, None)

    # Moving the second visit onto the first: refused when proposed…
    assert (await reprogramar(api, second_client, after, base)).status_code == 409
    # …and when accepted, if the time was booked after the proposal.
    free = window(150 * H)
    assert (await reprogramar(api, second_client, after, free)).status_code == 200
    third_client = await register(api, "CLIENTE")
    await booked(api, third_client, pro, (free[0] + 0.5 * H, free[1]))
    late = await answer(api, pro, after, "aceptar")
    assert late.status_code == 409, late.text
    state = await trabajo_state(api, second_client, after)
    assert same_instant(state["visita_desde"], base[1])  # unchanged, the proposal still there
    assert state["reprogramacion"] is not None

    # A trabajo that no longer books time (cancelled) frees its window.
    assert (
        await api.post(f"/api/v1/cliente/trabajo/{first}/cancelar", headers=first_client.headers)
    ).status_code == 200
    await booked(api, third_client, pro, base)


async def test_a_trabajo_marked_done_frees_the_window(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    visita = window(60 * H)
    oferta = await offer(api, pro, cliente, chat_id, visita=visita)
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    trabajo_id = str(accepted.json()["trabajo_id"])
    # Paid (in escrow) it still books the time.
    paid = await pay_and_wait(live, cliente, accepted.json()["payment_url"], trabajo_id)
    assert paid["estado_escrow"] == "PAGADO_EN_ESCROW"
    other = await register(api, "CLIENTE")
    assert (await book(api, other, pro, visita)).status_code == 409
    done = await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
    assert done.status_code == 200, done.text
    await booked(api, other, pro, visita)
    # A paid trabajo can be rescheduled too (paid_trabajo: a trabajo without a window gets one).
    second = await paid_trabajo(api, cliente, pro)
    assert (await reprogramar(api, pro, second, window(200 * H))).status_code == 200
    assert (await answer(api, cliente, second, "aceptar")).status_code == 200


async def pay_and_wait(
    live: LiveStandalone, cliente: Account, payment_url: str, trabajo_id: str
) -> dict[str, Any]:
    paid = await pay_on_sandbox(live.client, payment_url)
    assert paid.status_code in (302, 303), paid.text
    return await wait_state(live.client, cliente, trabajo_id, "PAGADO_EN_ESCROW")


async def test_two_clients_accepting_overlapping_visits_at_once_book_one(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    clients = [await register(api, "CLIENTE") for _ in range(2)]
    base = window(130 * H)
    ofertas = []
    for i, cliente in enumerate(clients):
        chat_id = await open_chat(api, cliente, pro)
        ofertas.append(await offer(api, pro, cliente, chat_id, visita=(base[0] + i * H, base[1] + i * H)))
    answers = await gather(
        *(
            api.post(f"/api/v1/cliente/ofertas/{o['id']}/accept", headers=c.headers)
            for o, c in zip(ofertas, clients, strict=True)
        )
    )
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    async with live.ctx("chat").db.session(write=False) as session:
        _, total = await chat_repo.trabajos_page(session, profesional_id=pro.id, offset=0, limit=10)
    assert total == 1

    # Two proposals into the same free time, accepted at once: one moves, the other is refused.
    first = await booked(api, clients[0], pro, window(300 * H))
    second = await booked(api, clients[1], pro, window(310 * H))
    target = window(400 * H)
    assert (await reprogramar(api, pro, first, target)).status_code == 200
    assert (await reprogramar(api, pro, second, (target[0] + H, target[1] + H))).status_code == 200
    results = await gather(
        answer(api, clients[0], first, "aceptar"), answer(api, clients[1], second, "aceptar")
    )
    assert sorted(r.status_code for r in results) == [200, 409], [r.text for r in results]


async def notices(api: httpx.AsyncClient, who: Account, trabajo_id: str) -> list[dict[str, Any]]:
    page = await api.get("/api/v1/notificaciones", headers=who.headers, params={"limit": 100})
    assert page.status_code == 200, page.text
    return [
        n
        for n in page.json()["notificaciones"]
        if n["tipo"] == "visita_recordatorio" and n["datos"].get("trabajo_id") == trabajo_id
    ]


async def test_reminders_reach_both_a_day_and_two_hours_before(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    ctx = live.ctx("chat")
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    far = await booked(api, cliente, pro, window(30 * H))
    soon = window(5 * H)
    trabajo_id = await booked(api, cliente, pro, soon)

    await send_visit_reminders(ctx)
    await send_visit_reminders(ctx)  # twice: still one reminder each

    async def both_told(n: int) -> bool:
        counts = [len(await notices(api, who, trabajo_id)) for who in (cliente, pro)]
        return counts == [n, n]

    await eventually(lambda: both_told(1))
    first = (await notices(api, cliente, trabajo_id))[0]
    assert first["datos"]["anticipacion_horas"] == 24
    assert "menos de 24 horas" in first["titulo"]
    assert await notices(api, pro, far) == []  # more than 24 h ahead: not yet

    # Moved to within two hours: the reminders start over, and only the 2-hour one is due.
    closer = window(90 * timedelta(minutes=1), 1)
    assert (await reprogramar(api, pro, trabajo_id, closer)).status_code == 200
    assert (await answer(api, cliente, trabajo_id, "aceptar")).status_code == 200
    await send_visit_reminders(ctx)
    await send_visit_reminders(ctx)
    await eventually(lambda: both_told(2))
    latest = [n for n in await notices(api, pro, trabajo_id) if n["datos"]["anticipacion_horas"] == 2]
    assert len(latest) == 1
    assert "menos de 2 horas" in latest[0]["titulo"]
    async with ctx.db.session(write=False) as session:
        t = await chat_repo.trabajo(session, uuid.UUID(trabajo_id))
    assert t is not None
    assert t.reminder_sent_hours == 2


async def test_the_calendar_file_is_for_the_two_parties(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    stranger = await register(api, "CLIENTE")
    visita = window(50 * H)
    trabajo_id = await booked(api, cliente, pro, visita)
    # A trabajo made with an oficio and an address (a request for quotes does): set here as it would be.
    async with live.ctx("chat").db.session() as session:
        t = await chat_repo.trabajo(session, uuid.UUID(trabajo_id), lock=True)
        assert t is not None
        t.oficio = "Plomería"
        t.direccion = "Av. Corrientes 1234, CABA"

    path = f"/api/v1/trabajos/{trabajo_id}/visita.ics"
    mine = await api.get(path, headers=pro.headers)
    assert mine.status_code == 200, mine.text
    assert mine.headers["content-type"].startswith("text/calendar")
    assert "attachment" in mine.headers["content-disposition"]
    text = mine.text.replace("\r\n ", "")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"DTSTART:{visita[0]:%Y%m%dT%H%M%S}Z\r\n" in text
    assert f"DTEND:{visita[1]:%Y%m%dT%H%M%S}Z\r\n" in text
    assert "SUMMARY:Visita de Plomería\r\n" in text
    assert "LOCATION:Av. Corrientes 1234\\, CABA\r\n" in text
    theirs = (await api.get(path, headers=cliente.headers)).text.replace("\r\n ", "")
    assert "SUMMARY:Visita de Plomería" in theirs
    assert "LOCATION" not in theirs  # the address is in the professional's file only

    assert (await api.get(path, headers=stranger.headers)).status_code == 404
    assert (await api.get(path, headers=admin.headers)).status_code == 404
    assert (await api.get(path)).status_code == 401
    assert (
        await api.get(f"/api/v1/trabajos/{uuid.uuid4()}/visita.ics", headers=cliente.headers)
    ).status_code == 404
    without = await booked(api, cliente, pro, None)
    assert (
        await api.get(f"/api/v1/trabajos/{without}/visita.ics", headers=cliente.headers)
    ).status_code == 404


async def test_the_agenda_is_a_database_guarantee(either_url: str) -> None:
    """Two units of work booking overlapping windows of one professional, each holding its check open
    while the other runs: on PostgreSQL the agenda lock (on SQLite the immediate transaction) lets exactly
    one through; without it both would see a free agenda and commit."""
    await asyncio.to_thread(upgrade, SERVICES["chat"].migrations, either_url)
    db = Database(either_url)
    try:
        now = utcnow()
        chat_id, pro = uuid.uuid4(), uuid.uuid4()
        async with db.session() as session:
            session.add(
                Conversation(
                    id=chat_id,
                    cliente_id=uuid.uuid4(),
                    profesional_id=pro,
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )
        base = Ventana(now + 48 * H, now + 50 * H)

        async def book_in_unit(shift: timedelta) -> str:
            ventana = Ventana(base.desde + shift, base.hasta + shift)
            try:
                async with db.session() as session:
                    await agenda.ensure_free(session, pro, ventana)
                    session.add(
                        Trabajo(
                            cliente_id=uuid.uuid4(),
                            profesional_id=pro,
                            chat_id=chat_id,
                            descripcion="Visita",
                            precio_final=Decimal("1000"),
                            tasa_comision=Decimal("0.2"),
                            estado_escrow="PENDIENTE_PAGO",
                            visita_desde=ventana.desde,
                            visita_hasta=ventana.hasta,
                            fecha_creacion=now,
                            fecha_actualizacion=now,
                        )
                    )
                    await session.flush()
                    await asyncio.sleep(0.3)  # the other unit runs its check meanwhile
            except Conflict:
                return "409"
            return "ok"

        assert sorted(await gather(book_in_unit(timedelta(0)), book_in_unit(H))) == ["409", "ok"]
        async with db.session(write=False) as session:
            _, total = await chat_repo.trabajos_page(session, profesional_id=pro, offset=0, limit=10)
        assert total == 1
    finally:
        await db.dispose()
