"""A professional's availability (issue 15, SPEC §11): weekly hours in Argentina time and blocked periods
(``PUT/GET /professional/disponibilidad``), shown on the public profile, and the internal question the chat
service asks to mark an offer ``fuera_de_horario``."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from conectar.contracts.professionals import WindowAnswer
from conectar.platform.db import Database
from conectar.platform.migrations import downgrade, upgrade
from conectar.professionals.models import Base, BloqueoAgenda, FranjaHoraria
from conectar.services import SERVICES
from tests.factories import Account, create_admin, person, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_personal_data import delete_account, export_of
from tests.services.test_professionals_support import API, approved_professional, create_oficio

MINE = f"{API}/professional/disponibilidad"
WINDOW = "/internal/v1/disponibilidad/ventana"
ART = timedelta(hours=-3)
ART_ZONE = timezone(ART)
MONDAY = datetime(2030, 1, 7, tzinfo=UTC)  # a Monday (checked below), midnight UTC
WEEK: dict[str, list[dict[str, Any]]] = {
    "semanal": [
        {"dia": 0, "desde": "14:00", "hasta": "18:00"},
        {"dia": 0, "desde": "09:00", "hasta": "13:00"},
        {"dia": 1, "desde": "22:00", "hasta": "24:00"},
        {"dia": 2, "desde": "00:00", "hasta": "06:00"},
        {"dia": 3, "desde": "09:00", "hasta": "12:00"},
        {"dia": 3, "desde": "12:00", "hasta": "15:00"},
    ],
    "bloqueos": [{"desde": "2030-01-14T03:00:00Z", "hasta": "2030-01-15T03:00:00Z"}],
}


def local(day: int, hhmm: str) -> datetime:
    """An instant given as Argentina's wall-clock time on the day ``day`` days after MONDAY."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return MONDAY + timedelta(days=day, hours=hours, minutes=minutes) - ART


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def put(api: httpx.AsyncClient, who: Account, body: Any) -> httpx.Response:
    return await api.put(MINE, json=body, headers=who.headers)


async def window(
    standalone: Standalone, usuario_id: uuid.UUID, desde: datetime, hasta: datetime
) -> WindowAnswer:
    chat = standalone.ctx("chat").clients
    data = await chat.call(
        "professionals",
        "POST",
        WINDOW,
        json={"usuario_id": str(usuario_id), "desde": desde.isoformat(), "hasta": hasta.isoformat()},
    )
    return WindowAnswer.model_validate(data)


async def test_set_read_and_show_publicly(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    assert MONDAY.weekday() == 0
    oficio = await create_oficio(api, admin)
    pro, profile = await approved_professional(api, admin, lat=-34.6, lng=-58.4, oficio_ids=[oficio["id"]])
    empty = await api.get(MINE, headers=pro.headers)
    assert empty.status_code == 200, empty.text
    assert empty.json() == {"semanal": [], "bloqueos": [], "zona_horaria": "America/Argentina/Buenos_Aires"}
    public = (await api.get(f"{API}/public/professional/{profile['id']}")).json()
    assert public["disponibilidad_semanal"] == []

    response = await put(api, pro, WEEK)
    assert response.status_code == 200, response.text
    body = response.json()
    # By day, then start; the blocked period as a UTC instant.
    assert [(f["dia"], f["desde"], f["hasta"]) for f in body["semanal"]] == [
        (0, "09:00", "13:00"),
        (0, "14:00", "18:00"),
        (1, "22:00", "24:00"),
        (2, "00:00", "06:00"),
        (3, "09:00", "12:00"),
        (3, "12:00", "15:00"),
    ]
    assert len(body["bloqueos"]) == 1
    bloqueo = body["bloqueos"][0]
    assert datetime.fromisoformat(bloqueo["desde"]) == datetime(2030, 1, 14, 3, tzinfo=UTC)
    assert datetime.fromisoformat(bloqueo["hasta"]) == datetime(2030, 1, 15, 3, tzinfo=UTC)
    assert uuid.UUID(bloqueo["id"])
    assert (await api.get(MINE, headers=pro.headers)).json() == body

    # The public profile shows the weekly hours, never the blocked periods.
    public = (await api.get(f"{API}/public/professional/{profile['id']}")).json()
    assert public["disponibilidad_semanal"] == body["semanal"]
    assert "bloqueos" not in public

    # A field not sent stays; one sent replaces the whole list; blocked periods already over are not kept.
    past = {"desde": "2020-01-01T00:00:00Z", "hasta": "2020-01-02T00:00:00Z"}
    offset = {"desde": "2030-02-01T00:00:00-03:00", "hasta": "2030-02-03T00:00:00-03:00"}
    response = await put(api, pro, {"bloqueos": [past, offset]})
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["semanal"] == body["semanal"]
    assert [
        (datetime.fromisoformat(b["desde"]), datetime.fromisoformat(b["hasta"])) for b in after["bloqueos"]
    ] == [(datetime(2030, 2, 1, 3, tzinfo=UTC), datetime(2030, 2, 3, 3, tzinfo=UTC))]
    response = await put(api, pro, {"semanal": []})
    assert response.json()["semanal"] == []
    assert len(response.json()["bloqueos"]) == 1


async def test_roles_and_each_professional_edits_only_their_own(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    cliente = await person(standalone.settings, api, "CLIENTE")
    admin = await person(standalone.settings, api, "ADMIN")
    for who in (cliente, admin):
        assert (await api.get(MINE, headers=who.headers)).status_code == 403
        assert (await put(api, who, WEEK)).status_code == 403
        # The role check comes before the body.
        assert (await put(api, who, {"semanal": [{"dia": 9}]})).status_code == 403
    assert (await api.get(MINE)).status_code == 401
    assert (await api.put(MINE, json=WEEK)).status_code == 401

    ana = await register(api, "PROFESIONAL", nombre="Ana")
    beto = await register(api, "PROFESIONAL", nombre="Beto")
    assert (await put(api, ana, WEEK)).status_code == 200
    only_sunday = {"semanal": [{"dia": 6, "desde": "10:00", "hasta": "12:00"}], "bloqueos": []}
    assert (await put(api, beto, only_sunday)).status_code == 200
    mine = (await api.get(MINE, headers=ana.headers)).json()
    assert len(mine["semanal"]) == len(WEEK["semanal"])
    assert len(mine["bloqueos"]) == 1
    theirs = (await api.get(MINE, headers=beto.headers)).json()
    assert [(f["dia"], f["desde"]) for f in theirs["semanal"]] == [(6, "10:00")]
    # The window question reads each professional's own hours.
    assert (await window(standalone, ana.id, local(0, "10:00"), local(0, "12:00"))).fuera_de_horario is False
    assert (await window(standalone, beto.id, local(0, "10:00"), local(0, "12:00"))).fuera_de_horario is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"semanal": [{"dia": 7, "desde": "09:00", "hasta": "10:00"}]}, "de 0 (lunes) a 6 (domingo)"),
        ({"semanal": [{"dia": -1, "desde": "09:00", "hasta": "10:00"}]}, "de 0 (lunes) a 6 (domingo)"),
        ({"semanal": [{"dia": 1, "desde": "9:00", "hasta": "10:00"}]}, "formato HH:MM"),
        ({"semanal": [{"dia": 1, "desde": "09:00", "hasta": "25:00"}]}, "formato HH:MM"),
        ({"semanal": [{"dia": 1, "desde": "09:00", "hasta": "24:30"}]}, "formato HH:MM"),
        ({"semanal": [{"dia": 1, "desde": "09:60", "hasta": "10:00"}]}, "formato HH:MM"),
        ({"semanal": [{"dia": 1, "desde": "nueve", "hasta": "10:00"}]}, "formato HH:MM"),
        ({"semanal": [{"dia": 1, "desde": 900, "hasta": "10:00"}]}, ""),
        ({"semanal": [{"dia": 1, "desde": "10:00", "hasta": "10:00"}]}, "empezar antes de terminar"),
        ({"semanal": [{"dia": 1, "desde": "18:00", "hasta": "09:00"}]}, "empezar antes de terminar"),
        ({"semanal": [{"dia": 1, "desde": "24:00", "hasta": "24:00"}]}, "anterior a las 24:00"),
        ({"semanal": [{"dia": 1, "desde": "09:00"}]}, ""),
        (
            {
                "semanal": [
                    {"dia": 2, "desde": "09:00", "hasta": "13:00"},
                    {"dia": 2, "desde": "12:30", "hasta": "18:00"},
                ]
            },
            "Las franjas del miércoles se superponen (09:00–13:00 y 12:30–18:00)",
        ),
        (
            {"semanal": [{"dia": 4, "desde": "09:00", "hasta": "10:00"}] * 2},
            "Las franjas del viernes se superponen",
        ),
        (
            {"semanal": [{"dia": 5, "desde": f"{h:02d}:00", "hasta": f"{h:02d}:30"} for h in range(5)]},
            "hasta 4 franjas por día (el sábado tiene 5)",
        ),
        (
            {
                "semanal": [
                    {"dia": d % 7, "desde": f"{h:02d}:00", "hasta": f"{h:02d}:30"}
                    for d in range(7)
                    for h in range(5)
                ]
            },
            "hasta 28 franjas horarias por semana",
        ),
        ({"semanal": "lunes"}, ""),
        (
            {"bloqueos": [{"desde": "2030-01-02T00:00:00Z", "hasta": "2030-01-01T00:00:00Z"}]},
            "terminar después de empezar",
        ),
        (
            {"bloqueos": [{"desde": "2030-01-01T00:00:00Z", "hasta": "2030-01-01T00:00:00Z"}]},
            "terminar después de empezar",
        ),
        ({"bloqueos": [{"desde": "2030-01-01T00:00:00", "hasta": "2030-01-02T00:00:00Z"}]}, "zona horaria"),
        (
            {"bloqueos": [{"desde": "2030-01-01T00:00:00Z", "hasta": "2031-06-01T00:00:00Z"}]},
            "hasta 366 días",
        ),
        (
            {"bloqueos": [{"desde": "1999-01-01T00:00:00Z", "hasta": "2030-06-01T00:00:00Z"}]},
            "entre los años",
        ),
        ({"bloqueos": [{"desde": "2030-01-01T00:00:00Z"}]}, ""),
        (
            {
                "bloqueos": [
                    {"desde": f"2030-01-{d:02d}T00:00:00Z", "hasta": f"2030-01-{d:02d}T12:00:00Z"}
                    for d in range(1, 29)
                ]
                * 2
            },
            "hasta 50 bloqueos",
        ),
    ],
)
async def test_bad_input_is_refused_in_spanish(
    api: httpx.AsyncClient, body: dict[str, Any], message: str
) -> None:
    pro = await register(api, "PROFESIONAL")
    assert (await put(api, pro, WEEK)).status_code == 200
    before = (await api.get(MINE, headers=pro.headers)).json()
    response = await put(api, pro, body)
    assert response.status_code == 422, response.text
    assert message in response.text
    # Nothing changed.
    assert (await api.get(MINE, headers=pro.headers)).json() == before


async def test_the_limits_themselves_are_accepted(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    full_week = [
        {"dia": d, "desde": f"{h * 6:02d}:00", "hasta": "24:00" if h == 3 else f"{h * 6 + 6:02d}:00"}
        for d in range(7)
        for h in range(4)
    ]
    bloqueos = [
        {"desde": f"2031-{m:02d}-{d:02d}T00:00:00Z", "hasta": f"2031-{m:02d}-{d:02d}T12:00:00Z"}
        for m in (1, 2)
        for d in range(1, 26)
    ]
    response = await put(api, pro, {"semanal": full_week, "bloqueos": bloqueos})
    assert response.status_code == 200, response.text
    assert len(response.json()["semanal"]) == 28
    assert len(response.json()["bloqueos"]) == 50
    # Four touching ranges a day, every day: a window across Saturday midnight is inside.
    answer = await window(standalone, pro.id, local(5, "20:00"), local(6, "07:00"))
    assert (answer.fuera_de_horario, answer.dentro_del_horario_semanal) == (False, True)


async def test_concurrent_replacements_apply_one_after_the_other(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    bodies = [
        {
            "semanal": [
                {"dia": d, "desde": f"{8 + i:02d}:00", "hasta": f"{12 + i:02d}:00"} for d in range(5)
            ],
            "bloqueos": [
                {"desde": f"2030-03-{i + 1:02d}T00:00:00Z", "hasta": f"2030-03-{i + 2:02d}T00:00:00Z"}
            ],
        }
        for i in range(6)
    ]
    responses = await asyncio.gather(*(put(api, pro, body) for body in bodies))
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    final = (await api.get(MINE, headers=pro.headers)).json()
    # Exactly one body's lists, never a mix.
    starts = {f["desde"] for f in final["semanal"]}
    assert len(starts) == 1
    assert len(final["semanal"]) == 5
    i = int(starts.pop()[:2]) - 8
    assert len(final["bloqueos"]) == 1
    assert final["bloqueos"][0]["desde"].startswith(f"2030-03-{i + 1:02d}")


async def test_windows_outside_the_weekly_hours_or_on_a_blocked_day(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    assert (await put(api, pro, WEEK)).status_code == 200

    async def fuera(desde: datetime, hasta: datetime) -> bool:
        return (await window(standalone, pro.id, desde, hasta)).fuera_de_horario

    # Monday 09:00–13:00 and 14:00–18:00 Argentina time (12:00–16:00 and 17:00–21:00 UTC).
    inside = await window(standalone, pro.id, local(0, "10:00"), local(0, "12:00"))
    assert inside == WindowAnswer(
        fuera_de_horario=False,
        dentro_del_horario_semanal=True,
        bloqueado=False,
        horario_configurado=True,
        desde=local(0, "10:00"),
        hasta=local(0, "12:00"),
    )
    assert inside.desde == datetime(2030, 1, 7, 13, tzinfo=UTC)
    assert await fuera(local(0, "09:00"), local(0, "13:00")) is False  # the whole range, edges included
    assert await fuera(local(0, "08:59"), local(0, "10:00")) is True  # starts before
    assert await fuera(local(0, "12:00"), local(0, "15:00")) is True  # across the lunch gap
    assert await fuera(local(0, "13:00"), local(0, "14:00")) is True  # in the gap
    assert await fuera(local(0, "17:00"), local(0, "18:01")) is True  # ends after
    # The same wall-clock hours read as UTC would be inside: the check is in Argentina time.
    assert await fuera(MONDAY + timedelta(hours=10), MONDAY + timedelta(hours=12)) is True
    # Touching ranges join: Thursday 09:00–12:00 and 12:00–15:00 hold 11:00–13:00.
    assert await fuera(local(3, "11:00"), local(3, "13:00")) is False
    # Across midnight: Tuesday 22:00–24:00 and Wednesday 00:00–06:00.
    assert await fuera(local(1, "23:00"), local(2, "02:00")) is False
    assert await fuera(local(1, "21:00"), local(2, "02:00")) is True
    assert await fuera(local(2, "05:00"), local(2, "07:00")) is True
    # A day without hours (Sunday).
    assert await fuera(local(6, "10:00"), local(6, "11:00")) is True
    # The next Monday is blocked (2030-01-14 00:00 to 2030-01-15 00:00 Argentina time).
    blocked = await window(standalone, pro.id, local(7, "10:00"), local(7, "12:00"))
    assert (blocked.fuera_de_horario, blocked.dentro_del_horario_semanal, blocked.bloqueado) == (
        True,
        True,
        True,
    )
    assert await fuera(local(7, "23:00"), local(8, "00:30")) is True  # overlaps the block's end
    assert await fuera(local(14, "10:00"), local(14, "12:00")) is False  # a week later: free again
    # Any offset is accepted; the answer is in UTC.
    answer = await window(
        standalone, pro.id, local(0, "10:00").astimezone(ART_ZONE), local(0, "11:00").astimezone(ART_ZONE)
    )
    assert answer.fuera_de_horario is False
    assert answer.desde.utcoffset() == timedelta(0)

    # With no weekly hours declared nothing is outside them; blocked periods still count.
    other = await register(api, "PROFESIONAL")
    assert (
        await window(standalone, other.id, local(6, "03:00"), local(6, "04:00"))
    ).fuera_de_horario is False
    only_blocks = {
        "bloqueos": [{"desde": local(6, "00:00").isoformat(), "hasta": local(7, "00:00").isoformat()}]
    }
    assert (await put(api, other, only_blocks)).status_code == 200
    answer = await window(standalone, other.id, local(6, "03:00"), local(6, "04:00"))
    assert (answer.fuera_de_horario, answer.horario_configurado, answer.bloqueado) == (True, False, True)
    # Someone unknown here has declared nothing.
    assert (
        await window(standalone, uuid.uuid4(), local(0, "03:00"), local(0, "04:00"))
    ).fuera_de_horario is False


async def test_the_window_question_is_validated_and_internal(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    chat = standalone.ctx("chat").clients
    for desde, hasta in (
        (local(0, "10:00"), local(0, "10:00")),
        (local(0, "11:00"), local(0, "10:00")),
    ):
        refused = await chat.request(
            "professionals",
            "POST",
            WINDOW,
            json={"usuario_id": str(pro.id), "desde": desde.isoformat(), "hasta": hasta.isoformat()},
        )
        assert refused.status_code == 422
        assert "terminar después de empezar" in refused.text
    naive = await chat.request(
        "professionals",
        "POST",
        WINDOW,
        json={"usuario_id": str(pro.id), "desde": "2030-01-07T10:00:00", "hasta": "2030-01-07T11:00:00Z"},
    )
    assert naive.status_code == 422
    # Without a service token (a user's token is not one) the internal API refuses.
    app = standalone.host.services["professionals"]
    body = {
        "usuario_id": str(pro.id),
        "desde": local(0, "10:00").isoformat(),
        "hasta": local(0, "11:00").isoformat(),
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as raw:
        assert (await raw.post(WINDOW, json=body)).status_code == 401
        assert (await raw.post(WINDOW, json=body, headers=pro.headers)).status_code == 401


async def test_export_holds_it_and_deletion_erases_it(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    assert (await put(api, pro, WEEK)).status_code == 200
    data, _ = await export_of(standalone, pro.id)
    mine = data["perfil_profesional"]["disponibilidad"]
    assert len(mine["semanal"]) == len(WEEK["semanal"])
    assert len(mine["bloqueos"]) == 1
    profile_id = uuid.UUID((await api.get(f"{API}/professional/me", headers=pro.headers)).json()["id"])
    await delete_account(standalone, pro)
    async with standalone.ctx("professionals").db.session(write=False) as session:
        for model in (FranjaHoraria, BloqueoAgenda):
            count = await session.scalar(
                select(func.count()).select_from(model).where(model.profesional_id == profile_id)
            )
            assert count == 0, model


# --- the migration matches the models, and goes back down -------------------------------------------

MIGRATIONS = SERVICES["professionals"].migrations
NEW_TABLES = ("franjas_horarias", "bloqueos_agenda")


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, Base.metadata) if any(t in repr(d) for t in NEW_TABLES)]


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
async def test_the_migration_matches_the_models_and_downgrades(pg_url: str, tmp_path: Path) -> None:
    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'professionals.db'}"
    for url in (pg_url, sqlite_url):
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        db = Database(url)
        try:
            async with db.engine.connect() as connection:
                assert await connection.run_sync(_differences) == []
            await asyncio.to_thread(downgrade, MIGRATIONS, url, "d123f3238a9c")
            async with db.engine.connect() as connection:
                assert not set(NEW_TABLES) & await connection.run_sync(_tables)
            await asyncio.to_thread(upgrade, MIGRATIONS, url)
            async with db.engine.connect() as connection:
                assert set(NEW_TABLES) <= await connection.run_sync(_tables)
        finally:
            await db.dispose()
