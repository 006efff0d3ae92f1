"""Professional profiles in standalone mode: creation at once, defaults, edits, account copies, internal API."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import delete, func, select

from conectar.contracts.events import EventEnvelope, UserBanned, UserRegistered, UserUnbanned, UserUpdated
from conectar.contracts.professionals import ProfessionalSummary
from conectar.platform.db import utcnow
from conectar.professionals.models import PendingAccountCopy, ProfessionalProfile
from conectar.professionals.models import tables as pro_tables
from tests.conftest import unique_email
from tests.factories import create_admin, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import (
    API,
    INVALID_CBU,
    VALID_CBU,
    approved_professional,
    create_oficio,
)

DEFAULTS = {
    "estado_verificacion": "PENDIENTE",
    "nivel": "BRONCE",
    "puntos_experiencia": 0,
    "tasa_comision_actual": 0.2,
    "radio_cobertura_km": 10,
    "acepta_instant": False,
    "tarifa_por_hora": None,
    "rating_promedio": 0,
    "total_resenas": 0,
}
PROFILE_FIELDS = {
    "id",
    "usuario_id",
    "nombre",
    "apellido",
    "email",
    "estado_verificacion",
    "nivel",
    "puntos_experiencia",
    "tasa_comision_actual",
    "radio_cobertura_km",
    "acepta_instant",
    "tarifa_por_hora",
    "rating_promedio",
    "total_resenas",
    "latitude",
    "longitude",
    "payout_account",
    "descripcion",
    "oficios",
}


async def test_profile_exists_right_after_registration_with_the_defaults(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL", nombre="Pablo", apellido="Plomero")
    response = await api.get(f"{API}/professional/me", headers=pro.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) >= PROFILE_FIELDS
    assert {k: body[k] for k in DEFAULTS} == DEFAULTS
    assert body["usuario_id"] == str(pro.id)
    assert body["id"] != str(pro.id)
    assert (body["nombre"], body["apellido"], body["email"]) == ("Pablo", "Plomero", pro.email)
    assert body["latitude"] is None
    assert body["payout_account"] is None
    assert body["oficios"] == []
    assert "fecha_creacion" in body
    assert "fecha_actualizacion" in body


async def test_the_registration_event_and_the_read_through_make_one_profile(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    await api.get(f"{API}/professional/me", headers=pro.headers)
    ctx = standalone.ctx("professionals")

    async def event_handled() -> bool:
        async with ctx.db.session(write=False) as session:
            inbox = pro_tables.inbox
            rows = await session.execute(
                select(func.count()).select_from(inbox).where(inbox.c.type == "UserRegistered")
            )
            return bool(rows.scalar_one())

    await eventually(event_handled)
    async with ctx.db.session(write=False) as session:
        count = await session.execute(
            select(func.count())
            .select_from(ProfessionalProfile)
            .where(ProfessionalProfile.usuario_id == pro.id)
        )
        assert count.scalar_one() == 1


async def test_a_profile_not_here_yet_is_read_through_from_auth(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    """As if UserRegistered had not arrived: reads and writes create the profile from the auth account."""
    pro = await register(api, "PROFESIONAL", nombre="Rita", apellido="Lectura")
    ctx = standalone.ctx("professionals")

    async def from_the_event() -> bool:
        async with ctx.db.session(write=False) as session:
            return (
                await session.scalar(
                    select(func.count())
                    .select_from(ProfessionalProfile)
                    .where(ProfessionalProfile.usuario_id == pro.id)
                )
                == 1
            )

    async def forget() -> None:
        async with ctx.db.session() as session:
            await session.execute(delete(ProfessionalProfile).where(ProfessionalProfile.usuario_id == pro.id))

    await eventually(from_the_event)
    await forget()
    response = await api.get(f"{API}/professional/me", headers=pro.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in DEFAULTS} == DEFAULTS
    assert (body["usuario_id"], body["nombre"], body["apellido"], body["email"]) == (
        str(pro.id),
        "Rita",
        "Lectura",
        pro.email,
    )
    await forget()
    response = await api.put(
        f"{API}/professional/profile", json={"radio_cobertura_km": 42}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    assert (response.json()["radio_cobertura_km"], response.json()["email"]) == (42, pro.email)
    assert await from_the_event()


async def test_registration_event_creates_the_profile_and_ignores_clients(standalone: Standalone) -> None:
    pro_id, client_id = uuid.uuid4(), uuid.uuid4()
    for user_id, rol in ((pro_id, "PROFESIONAL"), (client_id, "CLIENTE")):
        await standalone.publish(
            UserRegistered(
                user_id=user_id,
                email=unique_email(),
                nombre="Eva",
                apellido="Gas",
                rol=rol,
                fecha_creacion=utcnow(),
            ),
            producer="auth",
        )
    ctx = standalone.ctx("professionals")

    async def created() -> bool:
        async with ctx.db.session(write=False) as session:
            found = await session.execute(
                select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == pro_id)
            )
            return found.scalar_one_or_none() is not None

    await eventually(created)
    async with ctx.db.session(write=False) as session:
        client = await session.execute(
            select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == client_id)
        )
        assert client.scalar_one_or_none() is None


async def test_wrong_role_is_403_before_validation(standalone: Standalone, api: httpx.AsyncClient) -> None:
    client = await register(api, "CLIENTE")
    assert (await api.get(f"{API}/professional/me", headers=client.headers)).status_code == 403
    bad = {"radio_cobertura_km": 0}
    refused = await api.put(f"{API}/professional/profile", json=bad, headers=client.headers)
    assert refused.status_code == 403
    assert isinstance(refused.json()["detail"], str)  # the role's answer, not the body's field errors
    assert (await api.get(f"{API}/professional/me")).status_code == 401
    async with standalone.ctx("professionals").db.session(write=False) as session:
        found = await session.execute(
            select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == client.id)
        )
        assert found.scalar_one_or_none() is None  # no profile was made for the client


async def test_update_profile_and_the_me_alias(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    response = await api.put(
        f"{API}/professional/profile",
        json={
            "radio_cobertura_km": 25,
            "acepta_instant": True,
            "tarifa_por_hora": "12500.50",
            "descripcion": "Hola",
        },
        headers=pro.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body["radio_cobertura_km"],
        body["acepta_instant"],
        body["tarifa_por_hora"],
        body["descripcion"],
    ) == (
        25,
        True,
        12500.5,
        "Hola",
    )
    assert set(body) >= PROFILE_FIELDS
    # Partial: what is not sent stays.
    response = await api.put(f"{API}/professional/profile", json={"descripcion": "Chau"}, headers=pro.headers)
    assert response.json()["radio_cobertura_km"] == 25
    assert response.json()["tarifa_por_hora"] == 12500.5
    response = await api.put(
        f"{API}/professional/me",
        json={
            "latitude": -34.6,
            "longitude": -58.4,
            "payout_account": "mi.alias-01",
            "radio_cobertura_km": 7,
        },
        headers=pro.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["latitude"], body["longitude"], body["payout_account"], body["radio_cobertura_km"]) == (
        -34.6,
        -58.4,
        "mi.alias-01",
        7,
    )
    assert (await api.get(f"{API}/professional/me", headers=pro.headers)).json() == body


@pytest.mark.parametrize(
    "body",
    [
        {"radio_cobertura_km": 0},
        {"radio_cobertura_km": 501},
        {"tarifa_por_hora": -1},
        {"descripcion": "x" * 2001},
        {"acepta_instant": "quizás"},
    ],
)
async def test_profile_validation(api: httpx.AsyncClient, body: dict[str, object]) -> None:
    pro = await register(api, "PROFESIONAL")
    before = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    refused = await api.put(f"{API}/professional/profile", json=body, headers=pro.headers)
    assert refused.status_code == 422
    [field] = body
    assert any(field in error["loc"] for error in refused.json()["detail"])  # the field is named
    assert (await api.get(f"{API}/professional/me", headers=pro.headers)).json() == before  # nothing saved


async def test_location(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    url = f"{API}/professional/profile/location"
    response = await api.put(url, json={"latitude": -31.4, "longitude": -64.18}, headers=pro.headers)
    assert response.status_code == 200, response.text
    assert (response.json()["latitude"], response.json()["longitude"]) == (-31.4, -64.18)
    assert "oficios" in response.json()
    for bad in ({"latitude": -91, "longitude": 0}, {"latitude": 0, "longitude": 181}, {"latitude": 10}):
        assert (await api.put(url, json=bad, headers=pro.headers)).status_code == 422
    only_one = {"latitude": 10}
    assert (await api.put(f"{API}/professional/me", json=only_one, headers=pro.headers)).status_code == 422


async def test_payout_account_cbu_and_alias(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    url = f"{API}/professional/payout-info"
    response = await api.put(url, json={"payout_account": VALID_CBU}, headers=pro.headers)
    assert response.status_code == 200, response.text
    assert response.json()["payout_account"] == VALID_CBU
    assert "estado_verificacion" in response.json()
    for bad in (INVALID_CBU, "123", "alias con espacios", "a" * 21, "ñandú.pago", "28505909400904181352011"):
        response = await api.put(url, json={"payout_account": bad}, headers=pro.headers)
        assert response.status_code == 422, bad
    # Check digits right, account impossible: all zeros, a zero bank block, a zero account number.
    for impossible in ("0" * 22, "0000000022850590940097", "2850590900000000000000"):
        response = await api.put(url, json={"payout_account": impossible}, headers=pro.headers)
        assert response.status_code == 422, impossible
        assert "CBU/CVU" in response.text
    me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    assert me["payout_account"] == VALID_CBU
    response = await api.put(url, json={"payout_account": "casa.perro.sol"}, headers=pro.headers)
    assert response.json()["payout_account"] == "casa.perro.sol"
    response = await api.put(
        f"{API}/professional/me", json={"payout_account": INVALID_CBU}, headers=pro.headers
    )
    assert response.status_code == 422


def _envelope(event: UserBanned | UserUnbanned | UserUpdated, occurred_minutes_ago: float) -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=utcnow() - timedelta(minutes=occurred_minutes_ago),  # 0: now
        producer="test",
        payload=json.loads(event.model_dump_json()),
    )


async def test_account_copies_follow_events_and_ignore_late_ones(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    me = f"{API}/professional/me"
    await api.get(me, headers=pro.headers)
    bus = standalone.host.infra.bus
    await bus.publish(
        [
            _envelope(
                UserUpdated(user_id=pro.id, nombre="Nueva", apellido="Nombre", avatar_url="/media/a.webp"), 0
            )
        ]
    )

    async def renamed() -> bool:
        return bool((await api.get(me, headers=pro.headers)).json()["nombre"] == "Nueva")

    await eventually(renamed)
    assert (await api.get(me, headers=pro.headers)).json()["apellido"] == "Nombre"
    # An older rename delivered late does not undo the newer one.
    late = _envelope(UserUpdated(user_id=pro.id, nombre="Vieja", apellido="Nombre"), 0.01)
    await bus.publish([late])
    ctx = standalone.ctx("professionals")

    async def handled(event_id: uuid.UUID) -> bool:
        async with ctx.db.session(write=False) as session:
            inbox = pro_tables.inbox
            rows = await session.execute(
                select(func.count()).select_from(inbox).where(inbox.c.event_id == event_id)
            )
            return bool(rows.scalar_one())

    await eventually(lambda: handled(late.id))
    assert (await api.get(me, headers=pro.headers)).json()["nombre"] == "Nueva"


async def test_events_for_a_user_without_profile_are_kept_until_it_exists(standalone: Standalone) -> None:
    user_id = uuid.uuid4()
    ban = _envelope(UserBanned(user_id=user_id, banned_at=utcnow()), 1)
    rename = _envelope(UserUpdated(user_id=user_id, nombre="Luz", apellido="Tarde"), 1)
    await standalone.host.infra.bus.publish([ban, rename])
    ctx = standalone.ctx("professionals")

    async def pending() -> bool:
        async with ctx.db.session(write=False) as session:
            found = await session.get(PendingAccountCopy, user_id)
            return found is not None and found.is_active is False and found.nombre == "Luz"

    await eventually(pending)
    await standalone.publish(
        UserRegistered(
            user_id=user_id,
            email=unique_email(),
            nombre="Luz",
            apellido="Temprana",
            rol="PROFESIONAL",
            fecha_creacion=utcnow() - timedelta(minutes=5),
        )
    )

    async def created() -> bool:
        async with ctx.db.session(write=False) as session:
            found = await session.execute(
                select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == user_id)
            )
            profile = found.scalar_one_or_none()
            return profile is not None

    await eventually(created)
    async with ctx.db.session(write=False) as session:
        profile = (
            await session.execute(
                select(ProfessionalProfile).where(ProfessionalProfile.usuario_id == user_id)
            )
        ).scalar_one()
        assert profile.is_active_copy is False
        assert profile.apellido == "Tarde"
        assert await session.get(PendingAccountCopy, user_id) is None


async def test_internal_api_summary_and_service_tokens(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL", nombre="Iris", apellido="Interna")
    await api.put(f"{API}/professional/payout-info", json={"payout_account": VALID_CBU}, headers=pro.headers)
    chat = standalone.ctx("users").clients  # any service's client carries a valid service token
    data = await chat.call("professionals", "GET", f"/internal/v1/professionals/by-user/{pro.id}")
    summary = ProfessionalSummary.model_validate(data)
    assert summary.usuario_id == pro.id
    assert (summary.nombre, summary.apellido, summary.email) == ("Iris", "Interna", pro.email)
    assert summary.estado_verificacion == "PENDIENTE"
    assert summary.nivel == "BRONCE"
    assert str(summary.tasa_comision_actual) == "0.20"
    assert summary.payout_account == VALID_CBU
    assert summary.is_active is True
    assert summary.acepta_instant is False
    by_profile = await chat.call(
        "professionals", "GET", f"/internal/v1/professionals/{summary.profesional_id}"
    )
    assert ProfessionalSummary.model_validate(by_profile) == summary
    missing = await chat.request("professionals", "GET", f"/internal/v1/professionals/by-user/{uuid.uuid4()}")
    assert missing.status_code == 404
    client = await register(api, "CLIENTE")
    not_pro = await chat.request("professionals", "GET", f"/internal/v1/professionals/by-user/{client.id}")
    assert not_pro.status_code == 404
    # Without a service token (a user's token is not one) the internal API refuses.
    app = standalone.host.services["professionals"]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as raw:
        url = f"/internal/v1/professionals/by-user/{pro.id}"
        assert (await raw.get(url)).status_code == 401
        assert (await raw.get(url, headers=pro.headers)).status_code == 401


async def test_banned_professional_is_hidden_and_unbanned_is_back(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(standalone.settings, api)
    oficio = await create_oficio(api, admin)
    pro, profile = await approved_professional(api, admin, lat=-34.6, lng=-58.4, oficio_ids=[oficio["id"]])
    public = f"{API}/public/professional/{profile['id']}"
    search = f"{API}/search/professionals?oficio_id={oficio['id']}&lat=-34.61&lng=-58.41"
    assert (await api.get(public)).status_code == 200
    assert [r["id"] for r in (await api.get(search)).json()] == [profile["id"]]
    assert (await api.post(f"{API}/admin/users/{pro.id}/ban", headers=admin.headers)).status_code == 200

    async def hidden() -> bool:
        return (await api.get(public)).status_code == 404

    await eventually(hidden)
    assert (await api.get(search)).json() == []
    assert (await api.post(f"{API}/admin/users/{pro.id}/unban", headers=admin.headers)).status_code == 200

    async def visible() -> bool:
        return (await api.get(public)).status_code == 200

    await eventually(visible)
    assert [r["id"] for r in (await api.get(search)).json()] == [profile["id"]]
