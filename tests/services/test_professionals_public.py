"""Public profiles, reviews and gamification (SPEC §2, §7), fed by the chat service's events."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from conectar.contracts.events import ReviewCreated, ReviewReplied, UserRegistered, WorkCompleted
from conectar.platform.db import utcnow
from conectar.professionals.models import ProfessionalProfile
from conectar.professionals.models import tables as pro_tables
from tests.conftest import unique_email
from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, VALID_CBU, approved_professional, create_oficio

PUBLIC_FIELDS = {
    "id",
    "nombre",
    "apellido",
    "avatar_url",
    "descripcion",
    "nivel",
    "radio_cobertura_km",
    "acepta_instant",
    "tarifa_por_hora",
    "rating_promedio",
    "total_resenas",
    "trabajos_completados",
    "oficios",
    "portfolio",
    "servicios_instant",
    "resenas",
}
NEVER = {
    "email",
    "estado_verificacion",
    "payout_account",
    "latitude",
    "longitude",
    "cliente_id",
    "usuario_email",
}


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


def work(pro: Account, trabajo_id: uuid.UUID | None = None) -> WorkCompleted:
    return WorkCompleted(
        trabajo_id=trabajo_id or uuid.uuid4(),
        profesional_id=pro.id,
        cliente_id=uuid.uuid4(),
        precio_final=10000,
        comision_plataforma=2000,
        monto_liberado=8000,
        liberado_at=utcnow(),
    )


def review(
    pro: Account,
    rating: int,
    *,
    resena_id: uuid.UUID | None = None,
    minutes_ago: int = 0,
    texto: str = "Muy bien",
) -> ReviewCreated:
    return ReviewCreated(
        resena_id=resena_id or uuid.uuid4(),
        trabajo_id=uuid.uuid4(),
        profesional_id=pro.id,
        cliente_id=uuid.uuid4(),
        cliente_nombre="Carla Cliente",
        rating=rating,
        texto_resena=texto,
        fecha_creacion=utcnow() - timedelta(minutes=minutes_ago),
    )


async def handled(standalone: Standalone, event_id: uuid.UUID) -> bool:
    ctx = standalone.ctx("professionals")
    async with ctx.db.session(write=False) as session:
        inbox = pro_tables.inbox
        rows = await session.execute(
            select(func.count()).select_from(inbox).where(inbox.c.event_id == event_id)
        )
        return bool(rows.scalar_one())


async def me(api: httpx.AsyncClient, pro: Account) -> dict[str, Any]:
    body: dict[str, Any] = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    return body


async def test_public_profile_shows_what_it_should_and_nothing_private(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    servicio = (
        await api.post(
            f"{API}/admin/servicios-instant",
            json={"nombre": "Cambiar enchufe", "oficio_id": oficio["id"]},
            headers=admin.headers,
        )
    ).json()
    pro, profile = await approved_professional(
        api,
        admin,
        lat=-34.6,
        lng=-58.4,
        oficio_ids=[oficio["id"]],
        nombre="Pía",
        apellido="Pública",
        descripcion="Electricista matriculada",
        tarifa_por_hora=8000,
        acepta_instant=True,
        payout_account=VALID_CBU,
    )
    await api.put(
        f"{API}/professional/servicios-instant/{servicio['id']}",
        json={"precio_fijo": 5000},
        headers=pro.headers,
    )
    item = (
        await api.post(f"{API}/professional/portfolio", json={"titulo": "Tablero"}, headers=pro.headers)
    ).json()
    await standalone.publish(review(pro, 5))
    response = await api.get(f"{API}/public/professional/{profile['id']}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= PUBLIC_FIELDS
    assert not set(body) & NEVER
    assert str(-34.6) not in response.text
    assert VALID_CBU not in response.text
    assert pro.email not in response.text
    assert (body["nombre"], body["apellido"], body["descripcion"], body["tarifa_por_hora"]) == (
        "Pía",
        "Pública",
        "Electricista matriculada",
        8000,
    )
    assert [o["id"] for o in body["oficios"]] == [oficio["id"]]
    assert [i["id"] for i in body["portfolio"]] == [item["id"]]
    assert [(s["id"], s["precio_fijo"]) for s in body["servicios_instant"]] == [(servicio["id"], 5000)]

    async def reviewed() -> bool:
        return bool((await api.get(f"{API}/public/professional/{profile['id']}")).json()["resenas"])

    await eventually(reviewed)
    resena = (await api.get(f"{API}/public/professional/{profile['id']}")).json()["resenas"][0]
    assert set(resena) == {
        "id",
        "rating",
        "texto_resena",
        "nombre_cliente",
        "fecha_creacion",
        "respuesta",
        "fecha_respuesta",
    }
    assert (resena["respuesta"], resena["fecha_respuesta"]) == (None, None)
    assert resena["nombre_cliente"] == "Carla Cliente"
    # Also reachable by the professional's user id (what the chat service knows).
    assert (await api.get(f"{API}/public/professional/{pro.id}")).json()["id"] == profile["id"]


async def test_public_profile_is_404_unless_approved(api: httpx.AsyncClient, admin: Account) -> None:
    pro = await register(api, "PROFESIONAL")
    profile = await me(api, pro)
    assert (await api.get(f"{API}/public/professional/{profile['id']}")).status_code == 404
    uploaded = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", ("d.pdf", b"%PDF-1.4 x", "application/pdf"))],
        headers=pro.headers,
    )
    assert uploaded.status_code == 200, uploaded.text  # EN_REVISION
    assert (await api.get(f"{API}/public/professional/{profile['id']}")).status_code == 404
    rejected = await api.post(
        f"{API}/admin/kyc/reject/{profile['id']}", json={"motivo": "Ilegible"}, headers=admin.headers
    )
    assert rejected.json()["estado_verificacion"] == "RECHAZADO"
    assert (await api.get(f"{API}/public/professional/{profile['id']}")).status_code == 404
    assert (await api.get(f"{API}/public/professional/{uuid.uuid4()}")).status_code == 404
    assert (await api.get(f"{API}/public/professional/{profile['id']}/resenas")).status_code == 404


async def test_experience_is_awarded_once_per_trabajo_and_review(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    await me(api, pro)
    done = work(pro)
    envelope = await standalone.publish(done)
    await standalone.host.infra.bus.publish([envelope])  # the same delivery twice
    await standalone.publish(done)  # the same trabajo in another event
    five = review(pro, 5)
    await standalone.publish(five)
    await standalone.publish(five)  # the same review in another event
    four = await standalone.publish(review(pro, 4))
    three = await standalone.publish(review(pro, 3))
    await eventually(lambda: handled(standalone, three.id))
    await eventually(lambda: handled(standalone, four.id))

    async def settled() -> bool:
        body = await me(api, pro)
        return bool(body["total_resenas"] == 3 and body["puntos_experiencia"] == 160)

    await eventually(settled)
    body = await me(api, pro)
    assert body["puntos_experiencia"] == 100 + 50 + 10
    assert body["rating_promedio"] == 4.0
    assert body["nivel"] == "BRONCE"
    await eventually(lambda: handled(standalone, envelope.id))
    ctx = standalone.ctx("professionals")
    async with ctx.db.session(write=False) as session:
        profile = (
            await session.execute(select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == pro.id))
        ).scalar_one()
        assert profile.trabajos_completados == 1


async def test_level_and_commission_follow_at_once(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    await me(api, pro)
    nivel = await api.get(f"{API}/professional/me/nivel", headers=pro.headers)
    assert nivel.json() == {
        "nivel": "BRONCE",
        "puntos_experiencia": 0,
        "siguiente_nivel": "PLATA",
        "puntos_faltantes": 1000,
        "progreso_porcentaje": 0.0,
        "tasa_comision_actual": 0.2,
    }
    ctx = standalone.ctx("professionals")
    async with ctx.db.session() as session:
        await session.execute(
            update(ProfessionalProfile)
            .where(ProfessionalProfile.usuario_id == pro.id)
            .values(puntos_experiencia=950)
        )
    assert (await api.get(f"{API}/professional/me/nivel", headers=pro.headers)).json()[
        "progreso_porcentaje"
    ] == 95.0
    await standalone.publish(work(pro))

    async def promoted() -> bool:
        return bool((await me(api, pro))["nivel"] == "PLATA")

    await eventually(promoted)
    body = await me(api, pro)
    assert (body["puntos_experiencia"], body["tasa_comision_actual"]) == (1050, 0.18)
    nivel = (await api.get(f"{API}/professional/me/nivel", headers=pro.headers)).json()
    assert (nivel["siguiente_nivel"], nivel["puntos_faltantes"], nivel["tasa_comision_actual"]) == (
        "ORO",
        3950,
        0.18,
    )
    summary = await standalone.ctx("users").clients.call(
        "professionals", "GET", f"/internal/v1/professionals/by-user/{pro.id}"
    )
    assert (summary["nivel"], summary["tasa_comision_actual"]) == ("PLATA", "0.18")
    outbox = pro_tables.outbox
    async with ctx.db.session(write=False) as session:
        payloads = (
            await session.execute(select(outbox.c.payload).where(outbox.c.type == "ProfessionalLevelChanged"))
        ).scalars()
        mine = [p for p in payloads if p["user_id"] == str(pro.id)]
    assert len(mine) == 1
    assert (mine[0]["nivel_anterior"], mine[0]["nivel"], mine[0]["puntos_experiencia"]) == (
        "BRONCE",
        "PLATA",
        1050,
    )
    assert mine[0]["tasa_comision_actual"] == "0.18"
    assert (
        await api.get(f"{API}/professional/me/nivel", headers=(await register(api, "CLIENTE")).headers)
    ).status_code == 403


async def test_an_event_before_the_profile_is_retried_until_it_exists(standalone: Standalone) -> None:
    user_id = uuid.uuid4()
    pro = Account(user_id, "", "", "PROFESIONAL", "", "")
    early = await standalone.publish(work(pro))
    await standalone.publish(
        UserRegistered(
            user_id=user_id,
            email=unique_email(),
            nombre="Tardía",
            apellido="Llegada",
            rol="PROFESIONAL",
            fecha_creacion=utcnow(),
        )
    )
    ctx = standalone.ctx("professionals")

    async def awarded() -> bool:
        async with ctx.db.session(write=False) as session:
            found = await session.execute(
                select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == user_id)
            )
            profile = found.scalar_one_or_none()
            return profile is not None and profile.puntos_experiencia == 100

    await eventually(awarded, timeout=20)
    assert await handled(standalone, early.id)


async def test_reviews_page_newest_first_and_leaderboard(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro, profile = await approved_professional(api, admin, lat=-31.4, lng=-64.2, oficio_ids=[oficio["id"]])
    events = [
        await standalone.publish(review(pro, 5, minutes_ago=m, texto=f"hace {m}"))
        for m in (30, 10, 20, 40, 0)
    ]
    await eventually(lambda: handled(standalone, events[-1].id))

    async def all_in() -> bool:
        return bool(
            (await api.get(f"{API}/public/professional/{profile['id']}/resenas")).json()["total"] == 5
        )

    await eventually(all_in)
    page = (
        await api.get(f"{API}/public/professional/{profile['id']}/resenas", params={"page": 1, "limit": 2})
    ).json()
    assert (page["total"], page["page"], page["limit"], page["totalPages"]) == (5, 1, 2, 3)
    assert [r["texto_resena"] for r in page["resenas"]] == ["hace 0", "hace 10"]
    last = (
        await api.get(f"{API}/public/professional/{profile['id']}/resenas", params={"page": 3, "limit": 2})
    ).json()
    assert [r["texto_resena"] for r in last["resenas"]] == ["hace 40"]
    for bad in ({"limit": 0}, {"limit": 101}, {"page": 0}, {"page": 10**19}):
        assert (
            await api.get(f"{API}/public/professional/{profile['id']}/resenas", params=bad)
        ).status_code == 422, bad

    board = await api.get(f"{API}/gamification/leaderboard", params={"limit": 100})
    assert board.status_code == 200
    entries = board.json()
    assert [e["posicion"] for e in entries] == list(range(1, len(entries) + 1))
    points = [e["puntos_experiencia"] for e in entries]
    assert points == sorted(points, reverse=True)
    mine = next(e for e in entries if e["id"] == profile["id"])
    assert (mine["puntos_experiencia"], mine["total_resenas"], mine["rating_promedio"]) == (250, 5, 5.0)
    assert not {"email", "payout_account", "latitude"} & set(mine)
    unapproved = await register(api, "PROFESIONAL")
    assert (await me(api, unapproved))["id"] not in [e["id"] for e in entries]


async def test_a_reply_shows_under_the_public_review_once(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro, profile = await approved_professional(api, admin, lat=-32.9, lng=-60.6, oficio_ids=[oficio["id"]])
    created = review(pro, 4, texto="Prolijo")
    answer = ReviewReplied(
        resena_id=created.resena_id,
        profesional_id=pro.id,
        respuesta="¡Gracias por confiar!",
        fecha_respuesta=utcnow(),
    )
    # The reply may arrive before its review: it is retried until the review is here.
    early = await standalone.publish(answer)
    await standalone.publish(created)
    await eventually(lambda: handled(standalone, early.id), timeout=20)
    await standalone.host.infra.bus.publish([early])  # the same delivery twice
    other = await standalone.publish(
        ReviewReplied(
            resena_id=created.resena_id,
            profesional_id=pro.id,
            respuesta="Una segunda respuesta",
            fecha_respuesta=utcnow(),
        )
    )
    await eventually(lambda: handled(standalone, other.id))
    for path in (f"{API}/public/professional/{profile['id']}/resenas", f"{API}/public/professional/{pro.id}"):
        found = [r for r in (await api.get(path)).json()["resenas"] if r["id"] == str(created.resena_id)]
        assert [r["respuesta"] for r in found] == ["¡Gracias por confiar!"], path
        assert found[0]["fecha_respuesta"] is not None
        assert found[0]["texto_resena"] == "Prolijo"
    ctx = standalone.ctx("professionals")
    async with ctx.db.session(write=False) as session:
        inbox = pro_tables.inbox
        count = await session.execute(
            select(func.count()).select_from(inbox).where(inbox.c.event_id == early.id)
        )
        assert count.scalar_one() == 1
    body = await me(api, pro)
    assert body["total_resenas"] == 1
