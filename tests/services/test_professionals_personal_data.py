"""The professionals service's part of a person's data (SPEC §14): the export (profile, verification,
oficios, instant services with prices, portfolio and its images, KYC metadata and files, favourites, review
copies), the erasure on AccountDeletionRequested (pseudonymised profile, hidden everywhere, portfolio and
favourites gone, review author names "Usuario eliminado", idempotent, late events cannot bring data back),
and the KYC retention job (documents erased only past the period after a rejection or a deletion, each
erasure recorded as the platform)."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from conectar.contracts.events import EventEnvelope, ReviewCreated, UserUpdated
from conectar.contracts.personal_data import DELETED_DISPLAY_NAME, pseudonymous_email
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.professionals import app as professionals_app
from conectar.professionals import retention
from conectar.professionals.flows import retention as retention_flows
from conectar.professionals.models import (
    Base,
    Favorito,
    KycDocumento,
    PendingAccountCopy,
    PortfolioImagen,
    ProfessionalProfile,
    Resena,
    ServicioPublicado,
    professional_search,
)
from conectar.professionals.models import tables as pro_tables
from conectar.professionals.personal_data import HOOKS
from conectar.professionals.settings import ProfessionalsSettings
from conectar.services import SERVICES
from tests.conftest import image_bytes
from tests.data_scan import traces
from tests.factories import Account, create_admin, deletion_requested, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, create_oficio, pdf_bytes

LAT, LNG = -34.6123456, -58.4321987


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture(scope="module")
async def oficio(standalone: Standalone, admin: Account) -> dict[str, Any]:
    return await create_oficio(standalone.client, admin)


@pytest.fixture(scope="module")
async def servicio(standalone: Standalone, admin: Account, oficio: dict[str, Any]) -> dict[str, Any]:
    response = await standalone.client.post(
        f"{API}/admin/servicios-instant",
        json={"nombre": "Cambiar cuerito", "oficio_id": oficio["id"]},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def marker() -> str:
    return uuid.uuid4().hex[:12]


async def professional(
    api: httpx.AsyncClient,
    admin: Account,
    oficio: dict[str, Any],
    mark: str,
    *,
    decide: str | None = "approve",
    kyc_pdf: bytes | None = None,
) -> tuple[Account, str]:
    """A professional whose every personal field carries ``mark``: names, description, payout alias, the
    KYC file's name; located, with the oficio, KYC uploaded and (by default) approved."""
    pro = await register(api, "PROFESIONAL", nombre=f"Zoilo{mark}", apellido=f"Quiroga{mark}")
    changes = {
        "latitude": LAT,
        "longitude": LNG,
        "descripcion": f"Plomero del barrio {mark}",
        "tarifa_por_hora": 7000,
        "acepta_instant": True,
        "payout_account": f"zq.{mark}",
    }
    response = await api.put(f"{API}/professional/me", json=changes, headers=pro.headers)
    assert response.status_code == 200, response.text
    profile_id = str(response.json()["id"])
    response = await api.put(
        f"{API}/professional/profile/oficios", json={"oficio_ids": [oficio["id"]]}, headers=pro.headers
    )
    assert response.status_code == 200, response.text
    upload = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", (f"dni-quiroga{mark}.pdf", kyc_pdf or pdf_bytes(), "application/pdf"))],
        headers=pro.headers,
    )
    assert upload.status_code == 200, upload.text
    if decide == "approve":
        decided = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)
        assert decided.status_code == 200, decided.text
    elif decide == "reject":
        decided = await api.post(
            f"{API}/admin/kyc/reject/{profile_id}",
            json={"motivo": "Documento vencido"},
            headers=admin.headers,
        )
        assert decided.status_code == 200, decided.text
    return pro, profile_id


async def add_portfolio(api: httpx.AsyncClient, pro: Account, mark: str) -> dict[str, Any]:
    item = await api.post(
        f"{API}/professional/portfolio",
        json={"titulo": f"Baño de Zoilo{mark}", "descripcion": f"Hecho por Quiroga{mark}"},
        headers=pro.headers,
    )
    assert item.status_code == 201, item.text
    with_image = await api.post(
        f"{API}/professional/portfolio/{item.json()['id']}/image",
        files={"file": ("obra.png", image_bytes("PNG"), "image/png")},
        headers=pro.headers,
    )
    assert with_image.status_code == 200, with_image.text
    body: dict[str, Any] = with_image.json()
    return body


def review_by(cliente_id: uuid.UUID, nombre: str, pro: Account) -> ReviewCreated:
    return ReviewCreated(
        resena_id=uuid.uuid4(),
        trabajo_id=uuid.uuid4(),
        profesional_id=pro.id,
        cliente_id=cliente_id,
        cliente_nombre=nombre,
        rating=5,
        texto_resena="Impecable",
        fecha_creacion=utcnow(),
    )


async def outbox_has(standalone: Standalone, event_type: str, **fields: str) -> bool:
    outbox = pro_tables.outbox
    async with standalone.ctx("professionals").db.session(write=False) as session:
        rows = (await session.execute(select(outbox.c.payload).where(outbox.c.type == event_type))).scalars()
        return any(all(row.get(k) == v for k, v in fields.items()) for row in rows)


async def handled(standalone: Standalone, event_id: uuid.UUID) -> bool:
    inbox = pro_tables.inbox
    async with standalone.ctx("professionals").db.session(write=False) as session:
        count = await session.scalar(
            select(func.count()).select_from(inbox).where(inbox.c.event_id == event_id)
        )
    return bool(count)


async def all_handled(standalone: Standalone, envelopes: list[EventEnvelope]) -> None:
    for envelope in envelopes:
        event_id = envelope.id

        async def done(event_id: uuid.UUID = event_id) -> bool:
            return await handled(standalone, event_id)

        await eventually(done)


async def delete_account(standalone: Standalone, user: Account, rol: str = "PROFESIONAL") -> uuid.UUID:
    """Publish the deletion as the users service would, and wait for this service's completion."""
    deletion_id = uuid.uuid4()
    await standalone.publish(
        deletion_requested(user.id, rol, deletion_id=deletion_id),
        producer="users",
    )

    async def erased() -> bool:
        return await outbox_has(
            standalone, "PersonalDataErased", deletion_id=str(deletion_id), service="professionals"
        )

    await eventually(erased)
    return deletion_id


async def export_of(standalone: Standalone, user_id: uuid.UUID) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The professionals service's export for the person, fetched as the users service does."""
    response = await standalone.ctx("users").clients.request(
        "professionals", "GET", f"/internal/v1/personal-data/{user_id}/export"
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    data = json.loads(contents.pop("professionals.json"))
    return data, contents


async def stored(standalone: Standalone, key: str, *, public: bool) -> bytes | None:
    storage = standalone.ctx("professionals").storage
    if not await storage.exists(key, public=public):
        return None
    return b"".join([chunk async for chunk in storage.stream(key, public=public)])


async def profile_row(standalone: Standalone, profile_id: str) -> ProfessionalProfile:
    async with standalone.ctx("professionals").db.session(write=False) as session:
        found = await session.get(ProfessionalProfile, uuid.UUID(profile_id))
    assert found is not None
    return found


async def kyc_rows(standalone: Standalone, profile_id: str) -> list[KycDocumento]:
    async with standalone.ctx("professionals").db.session(write=False) as session:
        rows = await session.execute(
            select(KycDocumento).where(KycDocumento.profesional_id == uuid.UUID(profile_id))
        )
        return list(rows.scalars())


# --- export ----------------------------------------------------------------------------------------------


async def test_export_holds_the_professionals_data_and_files(
    standalone: Standalone,
    api: httpx.AsyncClient,
    admin: Account,
    oficio: dict[str, Any],
    servicio: dict[str, Any],
) -> None:
    mark = marker()
    kyc_pdf = pdf_bytes(777)
    pro, profile_id = await professional(api, admin, oficio, mark, kyc_pdf=kyc_pdf)
    priced = await api.put(
        f"{API}/professional/servicios-instant/{servicio['id']}",
        json={"precio_fijo": 4500},
        headers=pro.headers,
    )
    assert priced.status_code == 200, priced.text
    publicado = await api.post(
        f"{API}/professional/servicios",
        json={"nombre": f"Destape {mark}", "precio_fijo": 9000, "oficio_id": oficio["id"]},
        headers=pro.headers,
    )
    assert publicado.status_code == 201, publicado.text
    item = await add_portfolio(api, pro, mark)
    event = await standalone.publish(review_by(uuid.uuid4(), "Carla Cliente", pro))
    await eventually(lambda: handled(standalone, event.id))

    data, files = await export_of(standalone, pro.id)
    part = data["perfil_profesional"]
    perfil = part["perfil"]
    assert (perfil["id"], perfil["usuario_id"], perfil["email"]) == (profile_id, str(pro.id), pro.email)
    assert (perfil["nombre"], perfil["apellido"]) == (f"Zoilo{mark}", f"Quiroga{mark}")
    # Their own exact location and payout account are theirs to see.
    assert (perfil["latitude"], perfil["longitude"]) == (LAT, LNG)
    assert perfil["payout_account"] == f"zq.{mark}"
    assert perfil["descripcion"] == f"Plomero del barrio {mark}"
    assert perfil["tarifa_por_hora"] == 7000
    assert [o["id"] for o in perfil["oficios"]] == [oficio["id"]]
    assert (perfil["nivel"], perfil["puntos_experiencia"]) == ("BRONCE", part["experiencia"][0]["puntos"])
    assert part["verificacion"]["estado_verificacion"] == "APROBADO"
    assert [(s["id"], s["precio_fijo"]) for s in part["servicios_instant"]] == [(servicio["id"], 4500)]
    assert [(s["id"], s["nombre"], s["precio_fijo"]) for s in part["servicios_publicados"]] == [
        (publicado.json()["id"], f"Destape {mark}", 9000)
    ]
    assert [r["nombre_cliente"] for r in part["resenas_recibidas"]] == ["Carla Cliente"]
    assert part["fecha_eliminacion"] is None

    [portfolio_item] = part["portfolio"]
    assert (portfolio_item["id"], portfolio_item["titulo"]) == (item["id"], f"Baño de Zoilo{mark}")
    [image_path] = portfolio_item["archivos"]
    async with standalone.ctx("professionals").db.session(write=False) as session:
        image = (
            await session.execute(
                select(PortfolioImagen).where(PortfolioImagen.item_id == uuid.UUID(item["id"]))
            )
        ).scalar_one()
    assert files[f"archivos/professionals/{image_path}"] == await stored(
        standalone, image.imagen_key, public=True
    )

    [doc] = part["documentos_kyc"]
    assert (doc["nombre_archivo"], doc["content_type"], doc["tamano_bytes"]) == (
        f"dni-quiroga{mark}.pdf",
        "application/pdf",
        len(kyc_pdf),
    )
    assert files[f"archivos/professionals/{doc['archivo']}"] == kyc_pdf
    assert set(files) == {f"archivos/professionals/{image_path}", f"archivos/professionals/{doc['archivo']}"}


async def test_export_of_a_client_holds_their_favourites_and_review_copies(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await professional(api, admin, oficio, marker())
    client = await register(api, "CLIENTE", nombre="Clara", apellido="Cliente")
    assert (await api.put(f"{API}/favoritos/{profile_id}", headers=client.headers)).status_code in (200, 201)
    event = await standalone.publish(review_by(client.id, "Clara Cliente", pro))
    await eventually(lambda: handled(standalone, event.id))

    data, files = await export_of(standalone, client.id)
    assert data["perfil_profesional"] is None
    assert [f["profesional_id"] for f in data["favoritos"]] == [profile_id]
    [written] = data["resenas_escritas"]
    assert (written["profesional_id"], written["nombre_cliente"], written["rating"]) == (
        profile_id,
        "Clara Cliente",
        5,
    )
    assert files == {}
    # Nobody known: an empty part, not an error.
    empty, _ = await export_of(standalone, uuid.uuid4())
    assert empty == {"perfil_profesional": None, "favoritos": [], "resenas_escritas": []}


async def test_export_needs_a_service_token(standalone: Standalone, admin: Account) -> None:
    service = standalone.host.services["professionals"]
    transport = httpx.ASGITransport(app=service)
    async with httpx.AsyncClient(transport=transport, base_url="http://professionals") as direct:
        response = await direct.get(f"/internal/v1/personal-data/{admin.id}/export", headers=admin.headers)
    assert response.status_code in (401, 403)
    assert response.headers["content-type"].startswith("application/json")  # no archive
    assert "professionals.json" not in response.text
    assert str(admin.id) not in response.text
    data, _ = await export_of(standalone, admin.id)  # a service token does get it
    assert data


# --- erasure ---------------------------------------------------------------------------------------------


async def test_deleting_a_professional_erases_and_hides_them(
    standalone: Standalone,
    api: httpx.AsyncClient,
    admin: Account,
    oficio: dict[str, Any],
    servicio: dict[str, Any],
) -> None:
    mark = marker()
    pro, profile_id = await professional(api, admin, oficio, mark)
    await api.put(
        f"{API}/professional/servicios-instant/{servicio['id']}",
        json={"precio_fijo": 4500},
        headers=pro.headers,
    )
    published = await api.post(
        f"{API}/professional/servicios",
        json={
            "nombre": f"Destape {mark}",
            "descripcion": mark,
            "precio_fijo": 9000,
            "oficio_id": oficio["id"],
        },
        headers=pro.headers,
    )
    assert published.status_code == 201, published.text
    item = await add_portfolio(api, pro, mark)
    fan = await register(api, "CLIENTE")
    assert (await api.put(f"{API}/favoritos/{profile_id}", headers=fan.headers)).status_code in (200, 201)
    event = await standalone.publish(review_by(fan.id, "Fabiana Fan", pro))
    await eventually(lambda: handled(standalone, event.id))
    search = {"oficio_id": oficio["id"], "lat": LAT, "lng": LNG}
    found = (await api.get(f"{API}/search/professionals", params=search)).json()
    assert profile_id in [r["id"] for r in found]
    assert (await api.get(f"{API}/public/professional/{profile_id}")).status_code == 200
    [doc_before] = await kyc_rows(standalone, profile_id)
    async with standalone.ctx("professionals").db.session(write=False) as session:
        images = list(
            (
                await session.execute(
                    select(PortfolioImagen).where(PortfolioImagen.item_id == uuid.UUID(item["id"]))
                )
            ).scalars()
        )
    assert images

    await delete_account(standalone, pro)

    # Gone from every public place.
    for some_id in (profile_id, str(pro.id)):
        assert (await api.get(f"{API}/public/professional/{some_id}")).status_code == 404
        assert (await api.get(f"{API}/public/professional/{some_id}/portfolio")).status_code == 404
        assert (await api.get(f"{API}/public/professional/{some_id}/resenas")).status_code == 404
    assert profile_id not in [
        r["id"] for r in (await api.get(f"{API}/search/professionals", params=search)).json()
    ]
    assert profile_id not in [
        s["profesional_id"]
        for s in (await api.get(f"{API}/servicios", params={"lat": LAT, "lng": LNG})).json()
    ]
    assert profile_id not in [
        e["id"] for e in (await api.get(f"{API}/gamification/leaderboard", params={"limit": 100})).json()
    ]
    assert (await api.get(f"{API}/favoritos", headers=fan.headers)).json() == []
    assert profile_id not in [
        p["id"] for p in (await api.get(f"{API}/admin/kyc/pendientes", headers=admin.headers)).json()
    ]
    async with standalone.ctx("professionals").db.session(write=False) as session:
        search_rows = await session.scalar(
            select(func.count())
            .select_from(professional_search)
            .where(professional_search.c.profesional_id == uuid.UUID(profile_id))
        )
        favourites = await session.scalar(
            select(func.count()).select_from(Favorito).where(Favorito.profesional_id == uuid.UUID(profile_id))
        )
        reviews = await session.scalar(
            select(func.count()).select_from(Resena).where(Resena.profesional_id == uuid.UUID(profile_id))
        )
        publicados = await session.scalar(
            select(func.count())
            .select_from(ServicioPublicado)
            .where(ServicioPublicado.profesional_id == uuid.UUID(profile_id))
        )
    assert (search_rows, favourites, reviews, publicados) == (0, 0, 0, 0)

    # The profile stays as a pseudonym, every personal field erased.
    row = await profile_row(standalone, profile_id)
    assert (row.nombre, row.apellido, row.email) == ("Usuario", "eliminado", pseudonymous_email(pro.id))
    assert (row.descripcion, row.payout_account, row.latitude, row.longitude, row.avatar_url) == (None,) * 5
    assert (row.tarifa_por_hora_centavos, row.acepta_instant, row.is_active_copy) == (None, False, False)
    assert row.eliminado_at is not None
    # The portfolio and its files are gone.
    for image in images:
        assert await stored(standalone, image.imagen_key, public=True) is None
        assert await stored(standalone, image.thumbnail_key, public=True) is None
    # The KYC documents wait for the retention period (their file names, chosen by the person, replaced).
    [doc_after] = await kyc_rows(standalone, profile_id)
    assert doc_after.id == doc_before.id
    assert doc_after.nombre_archivo == "documento-1-1.pdf"
    assert await stored(standalone, doc_after.storage_key, public=False) is not None
    # Nothing personal of theirs is left anywhere in the service's database.
    assert await traces(standalone.ctx("professionals").db, mark, pro.email) == []
    # Staff still see the (pseudonymous) verification record, and can open the document, recorded.
    detail = (await api.get(f"{API}/admin/kyc/{profile_id}", headers=admin.headers)).json()
    assert (detail["nombre"], detail["apellido"]) == ("Usuario", "eliminado")
    assert [d["id"] for d in detail["documentos"]] == [str(doc_before.id)]
    decision = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)
    assert decision.status_code == 404


async def test_erasure_is_idempotent_and_late_events_bring_nothing_back(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    mark = marker()
    pro, profile_id = await professional(api, admin, oficio, mark)
    await add_portfolio(api, pro, mark)
    await delete_account(standalone, pro)
    first = await profile_row(standalone, profile_id)
    docs = [(d.id, d.nombre_archivo, d.storage_key) for d in await kyc_rows(standalone, profile_id)]

    # Again (a redelivered or repeated deletion): the same result, the deletion time kept.
    await delete_account(standalone, pro)
    again = await profile_row(standalone, profile_id)
    assert again.eliminado_at == first.eliminado_at
    assert (again.nombre, again.email, again.descripcion) == (first.nombre, first.email, first.descripcion)
    assert [(d.id, d.nombre_archivo, d.storage_key) for d in await kyc_rows(standalone, profile_id)] == docs

    # The hook itself, run twice in one unit of work, has no files left to delete the second time.
    ctx = standalone.ctx("professionals")
    event = deletion_requested(pro.id, "PROFESIONAL")
    async with ctx.db.session() as session:
        assert list(await HOOKS.erase(ctx, session, event)) == []
        assert list(await HOOKS.erase(ctx, session, event)) == []

    # Events about them that were on their way: a name change, a review of them.
    late = [
        await standalone.publish(
            UserUpdated(user_id=pro.id, nombre=f"Zoilo{mark}", apellido=f"Quiroga{mark}")
        ),
        await standalone.publish(review_by(uuid.uuid4(), f"Cliente de Zoilo{mark}", pro)),
    ]
    await all_handled(standalone, late)
    row = await profile_row(standalone, profile_id)
    assert (row.nombre, row.apellido, row.is_active_copy) == ("Usuario", "eliminado", False)
    assert (await api.get(f"{API}/public/professional/{profile_id}")).status_code == 404
    assert await traces(standalone.ctx("professionals").db, mark, pro.email) == []


async def test_deleting_a_client_erases_their_favourites_and_names(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    mark = marker()
    pro, profile_id = await professional(api, admin, oficio, marker())
    client = await register(api, "CLIENTE", nombre=f"Clara{mark}", apellido=f"Cliente{mark}")
    other = await register(api, "CLIENTE")
    for who in (client, other):
        assert (await api.put(f"{API}/favoritos/{profile_id}", headers=who.headers)).status_code in (200, 201)
    written = review_by(client.id, f"Clara{mark} Cliente{mark}", pro)
    events = [
        await standalone.publish(written),
        # A name change of a client: kept aside here as a pending copy (in case they become a professional).
        await standalone.publish(
            UserUpdated(user_id=client.id, nombre=f"Clara{mark}", apellido=f"Cliente{mark}")
        ),
    ]
    await all_handled(standalone, events)
    assert await traces(standalone.ctx("professionals").db, mark)

    await delete_account(standalone, client, rol="CLIENTE")

    # Their favourites are gone; others' stay.
    assert (await api.get(f"{API}/favoritos", headers=other.headers)).json()[0]["id"] == profile_id
    async with standalone.ctx("professionals").db.session(write=False) as session:
        theirs = await session.scalar(
            select(func.count()).select_from(Favorito).where(Favorito.cliente_id == client.id)
        )
        pending = await session.get(PendingAccountCopy, client.id)
    assert (theirs, pending) == (0, None)
    # Their review stays for the professional, the author shown as "Usuario eliminado".
    resenas = (await api.get(f"{API}/public/professional/{profile_id}/resenas")).json()["resenas"]
    [resena] = [r for r in resenas if r["id"] == str(written.resena_id)]
    assert (resena["nombre_cliente"], resena["texto_resena"]) == (DELETED_DISPLAY_NAME, "Impecable")
    assert await traces(standalone.ctx("professionals").db, mark) == []

    # Events on their way when they were erased do not bring their name back.
    late_review = review_by(client.id, f"Clara{mark} Cliente{mark}", pro)
    late = [
        await standalone.publish(late_review),
        await standalone.publish(
            UserUpdated(user_id=client.id, nombre=f"Clara{mark}", apellido=f"Cliente{mark}")
        ),
    ]
    await all_handled(standalone, late)
    resenas = (await api.get(f"{API}/public/professional/{profile_id}/resenas")).json()["resenas"]
    assert [r["nombre_cliente"] for r in resenas if r["id"] == str(late_review.resena_id)] == [
        DELETED_DISPLAY_NAME
    ]
    assert await traces(standalone.ctx("professionals").db, mark) == []


# --- KYC retention ---------------------------------------------------------------------------------------


async def move_back(standalone: Standalone, profile_id: str, *, days: float, field: str) -> None:
    """Pretend the rejection (``kyc_revisado_at``) or deletion (``eliminado_at``) happened ``days`` ago."""
    async with standalone.ctx("professionals").db.session() as session:
        await session.execute(
            update(ProfessionalProfile)
            .where(ProfessionalProfile.id == uuid.UUID(profile_id))
            .values({field: utcnow() - timedelta(days=days)})
        )


async def erasures_of(standalone: Standalone, profile_id: str) -> list[Any]:
    ctx = standalone.ctx("professionals")
    async with ctx.db.session(write=False) as session:
        found = await ctx.audit.list(
            session, limit=100, recurso_id=profile_id, accion="kyc.documentos.borrar"
        )
    return list(found.entradas)


async def test_retention_erases_documents_only_past_the_period(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    ctx = standalone.ctx("professionals")
    old_rejected = await professional(api, admin, oficio, marker(), decide="reject")
    new_rejected = await professional(api, admin, oficio, marker(), decide="reject")
    old_deleted = await professional(api, admin, oficio, marker())
    new_deleted = await professional(api, admin, oficio, marker(), decide="reject")
    approved_long_ago = await professional(api, admin, oficio, marker())
    in_review = await professional(api, admin, oficio, marker(), decide=None)
    # Rejected long ago, then sent again: in review, kept.
    resent = await professional(api, admin, oficio, marker(), decide="reject")
    await move_back(standalone, resent[1], days=400, field="kyc_revisado_at")
    reupload = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", ("otra.pdf", pdf_bytes(), "application/pdf"))],
        headers=resent[0].headers,
    )
    assert reupload.status_code == 200, reupload.text
    for pro, _ in (old_deleted, new_deleted):
        await delete_account(standalone, pro)
    await move_back(standalone, old_rejected[1], days=181, field="kyc_revisado_at")
    await move_back(standalone, new_rejected[1], days=179, field="kyc_revisado_at")
    await move_back(standalone, old_deleted[1], days=181, field="eliminado_at")
    await move_back(standalone, new_deleted[1], days=10, field="eliminado_at")
    await move_back(standalone, approved_long_ago[1], days=1000, field="kyc_revisado_at")
    await move_back(standalone, in_review[1], days=1000, field="kyc_enviado_at")
    all_profiles = [
        old_rejected,
        new_rejected,
        old_deleted,
        new_deleted,
        approved_long_ago,
        in_review,
        resent,
    ]
    files = {pid: [d.storage_key for d in await kyc_rows(standalone, pid)] for _, pid in all_profiles}
    assert all(files.values())

    await retention_flows.erase_expired_kyc(ctx)

    for (_, pid), motivo in ((old_rejected, "rechazo"), (old_deleted, "eliminacion")):
        assert await kyc_rows(standalone, pid) == []
        for key in files[pid]:
            assert await stored(standalone, key, public=False) is None
        [entry] = await erasures_of(standalone, pid)
        assert (entry.actor_id, entry.ip, entry.recurso, entry.recurso_id) == (None, None, "profesional", pid)
        assert entry.detalle == {"documentos": len(files[pid]), "motivo": motivo}
    for _, pid in (new_rejected, new_deleted, approved_long_ago, in_review, resent):
        assert [d.storage_key for d in await kyc_rows(standalone, pid)] == files[pid]
        for key in files[pid]:
            assert await stored(standalone, key, public=False) is not None
        assert await erasures_of(standalone, pid) == []
    # The erased documents are no longer in the export either.
    data, contents = await export_of(standalone, old_rejected[0].id)
    assert data["perfil_profesional"]["documentos_kyc"] == []
    assert contents == {}

    # Once erased, nothing is left to do: a second run records nothing more.
    await retention_flows.erase_expired_kyc(ctx)
    assert len(await erasures_of(standalone, old_rejected[1])) == 1
    assert len(await erasures_of(standalone, old_deleted[1])) == 1

    # The period is a setting: a shorter one reaches the newer ones.
    original = ctx.extras.get("professionals_settings")
    ctx.extras["professionals_settings"] = ProfessionalsSettings(kyc_retention_days=5)
    try:
        await retention_flows.erase_expired_kyc(ctx)
    finally:
        if original is None:
            ctx.extras.pop("professionals_settings", None)
        else:
            ctx.extras["professionals_settings"] = original
    for (_, pid), motivo in ((new_rejected, "rechazo"), (new_deleted, "eliminacion")):
        assert await kyc_rows(standalone, pid) == []
        [entry] = await erasures_of(standalone, pid)
        assert entry.detalle["motivo"] == motivo
    for _, pid in (approved_long_ago, in_review, resent):
        assert await kyc_rows(standalone, pid) != []


async def test_retention_runs_as_a_periodic_job(standalone: Standalone) -> None:
    ctx = standalone.ctx("professionals")
    assert professionals_app.DEFINITION.jobs is not None
    jobs = {job.name: job for job in professionals_app.DEFINITION.jobs(ctx)}
    job = jobs["professionals-kyc-retention"]
    assert job.interval_seconds == ProfessionalsSettings().kyc_retention_interval_seconds
    await job.run()  # runs against the live service without failing
    assert ProfessionalsSettings().kyc_retention_days == 180


def test_expired_because_reads_the_rule() -> None:
    now = datetime(2027, 1, 1, tzinfo=utcnow().tzinfo)
    cutoff = now - timedelta(days=180)
    profile = ProfessionalProfile(estado_verificacion="RECHAZADO", kyc_revisado_at=now - timedelta(days=200))
    assert retention.expired_because(profile, cutoff) == "rechazo"
    profile.kyc_revisado_at = now - timedelta(days=100)
    assert retention.expired_because(profile, cutoff) is None
    profile.eliminado_at = now - timedelta(days=181)
    assert retention.expired_because(profile, cutoff) == "eliminacion"
    profile.estado_verificacion, profile.eliminado_at = "APROBADO", None
    profile.kyc_revisado_at = now - timedelta(days=1000)
    assert retention.expired_because(profile, cutoff) is None


# --- the migration matches the models on both databases ---------------------------------------------------


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [
        d
        for d in compare_metadata(context, Base.metadata)
        if any(word in repr(d) for word in ("eliminado", "cliente_id"))
    ]


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
async def test_migration_matches_the_models(pg_url: str, tmp_path: Path) -> None:
    migrations = SERVICES["professionals"].migrations
    sqlite_url = f"sqlite+aiosqlite:///{tmp_path / 'professionals.db'}"
    for url in (pg_url, sqlite_url):
        await asyncio.to_thread(upgrade, migrations, url)
        db = Database(url)
        try:
            async with db.engine.connect() as connection:
                assert await connection.run_sync(_differences) == []
        finally:
            await db.dispose()
