"""KYC: real documents only, private storage, the state machine's guards, the admin queue and download."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conectar.professionals.models import KycDocumento
from conectar.professionals.models import tables as pro_tables
from tests.conftest import image_bytes
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, pdf_bytes

UPLOAD = f"{API}/professional/kyc/upload"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def profile_of(api: httpx.AsyncClient, pro: Account) -> dict[str, Any]:
    body: dict[str, Any] = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    return body


async def events(standalone: Standalone, event_type: str) -> list[dict[str, Any]]:
    ctx = standalone.ctx("professionals")
    outbox = pro_tables.outbox
    async with ctx.db.session(write=False) as session:
        rows = await session.execute(select(outbox.c.payload).where(outbox.c.type == event_type))
        return [dict(r) for r in rows.scalars()]


async def test_upload_stores_documents_privately_and_goes_to_review(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    pdf, png = pdf_bytes(2000), image_bytes("PNG")
    response = await api.post(
        UPLOAD,
        files=[
            ("files", ("dni frente.pdf", pdf, "application/pdf")),
            ("files", ("../../dorso.png", png, "image/png")),
        ],
        headers=pro.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ok"
    assert response.json()["message"]
    profile = await profile_of(api, pro)
    assert profile["estado_verificacion"] == "EN_REVISION"
    status = (await api.get(f"{API}/professional/kyc/status", headers=pro.headers)).json()
    assert status["estado_verificacion"] == "EN_REVISION"
    docs = {d["nombre_archivo"]: d for d in status["documentos"]}
    assert set(docs) == {"dni frente.pdf", "dorso.png"}
    assert (docs["dni frente.pdf"]["content_type"], docs["dni frente.pdf"]["tamano_bytes"]) == (
        "application/pdf",
        len(pdf),
    )
    assert docs["dni frente.pdf"]["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert (docs["dorso.png"]["content_type"], docs["dorso.png"]["sha256"]) == (
        "image/png",
        hashlib.sha256(png).hexdigest(),
    )
    ctx = standalone.ctx("professionals")
    async with ctx.db.session(write=False) as session:
        stored = (
            (
                await session.execute(
                    select(KycDocumento).where(KycDocumento.profesional_id == uuid.UUID(profile["id"]))
                )
            )
            .scalars()
            .all()
        )
    for doc in stored:
        assert await ctx.storage.exists(doc.storage_key, public=False)
        assert not await ctx.storage.exists(doc.storage_key, public=True)
        assert (await api.get(f"/media/{doc.storage_key}")).status_code == 404
    submitted = [e for e in await events(standalone, "KycSubmitted") if e["user_id"] == str(pro.id)]
    assert submitted == [{"profesional_id": profile["id"], "user_id": str(pro.id), "documentos": 2}]


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        ([("files", ("dni.pdf", b"esto no es un PDF, es texto", "application/pdf"))], "fake pdf"),
        ([("files", ("foto.gif", image_bytes("GIF"), "image/gif"))], "gif is not a document"),
        ([("files", ("doc.docx", b"PK\x03\x04" + b"0" * 100, "application/pdf"))], "zip"),
        ([("files", ("vacio.pdf", b"", "application/pdf"))], "empty"),
        ([("files", ("grande.pdf", pdf_bytes(10 * 1024 * 1024), "application/pdf"))], "over 10 MB"),
        ([("files", (f"d{i}.pdf", pdf_bytes(), "application/pdf")) for i in range(6)], "six files"),
        (
            [
                ("files", ("ok.pdf", pdf_bytes(), "application/pdf")),
                ("files", ("x.pdf", b"<html>", "application/pdf")),
            ],
            "one bad",
        ),
    ],
)
async def test_bad_uploads_are_refused_and_change_nothing(
    standalone: Standalone, api: httpx.AsyncClient, files: list[Any], reason: str
) -> None:
    pro = await register(api, "PROFESIONAL")
    response = await api.post(UPLOAD, files=files, headers=pro.headers)
    assert response.status_code == 400, reason
    assert (await profile_of(api, pro))["estado_verificacion"] == "PENDIENTE"
    assert (await api.get(f"{API}/professional/kyc/status", headers=pro.headers)).json()["documentos"] == []


async def test_upload_needs_files_and_the_professional_role(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    assert (await api.post(UPLOAD, headers=pro.headers)).status_code == 422
    assert (await profile_of(api, pro))["estado_verificacion"] == "PENDIENTE"  # no files: no review
    five = [("files", (f"d{i}.pdf", pdf_bytes(), "application/pdf")) for i in range(5)]
    assert (await api.post(UPLOAD, files=five, headers=pro.headers)).status_code == 200
    status = (await api.get(f"{API}/professional/kyc/status", headers=pro.headers)).json()
    assert status["estado_verificacion"] == "EN_REVISION"
    assert sorted(d["nombre_archivo"] for d in status["documentos"]) == [f"d{i}.pdf" for i in range(5)]
    client = await register(api, "CLIENTE")
    one = [("files", ("d.pdf", pdf_bytes(), "application/pdf"))]
    assert (await api.post(UPLOAD, files=one, headers=client.headers)).status_code == 403
    assert (await api.get(f"{API}/professional/kyc/status", headers=client.headers)).status_code == 403
    # the client's upload stored nothing and announced nothing
    async with standalone.ctx("professionals").db.session(write=False) as session:
        names = (await session.execute(select(KycDocumento.nombre_archivo))).scalars().all()
    assert "d.pdf" not in names
    assert [e for e in await events(standalone, "KycSubmitted") if e["user_id"] == str(client.id)] == []


async def test_state_machine_guards_queue_and_decisions(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    first, second = await register(api, "PROFESIONAL"), await register(api, "PROFESIONAL")
    one = [("files", ("dni.pdf", pdf_bytes(), "application/pdf"))]
    first_id, second_id = (await profile_of(api, first))["id"], (await profile_of(api, second))["id"]
    # Nothing to decide before an upload.
    assert (await api.post(f"{API}/admin/kyc/approve/{first_id}", headers=admin.headers)).status_code == 400
    assert (
        await api.post(
            f"{API}/admin/kyc/reject/{first_id}", json={"motivo": "Borroso"}, headers=admin.headers
        )
    ).status_code == 400
    assert (await api.post(UPLOAD, files=one, headers=first.headers)).status_code == 200
    assert (await api.post(UPLOAD, files=one, headers=second.headers)).status_code == 200
    # Refused while in review.
    assert (await api.post(UPLOAD, files=one, headers=first.headers)).status_code == 400

    queue = await api.get(f"{API}/admin/kyc/pendientes", headers=admin.headers)
    assert queue.status_code == 200
    ids = [p["id"] for p in queue.json()]
    assert ids.index(first_id) < ids.index(second_id)  # oldest first
    entry = next(p for p in queue.json() if p["id"] == first_id)
    assert {
        "id",
        "usuario_id",
        "email",
        "nombre",
        "apellido",
        "fecha_creacion",
        "estado_verificacion",
    } <= set(entry)
    assert (entry["usuario_id"], entry["email"], entry["estado_verificacion"]) == (
        str(first.id),
        first.email,
        "EN_REVISION",
    )
    assert (await api.get(f"{API}/admin/kyc/pendientes", headers=first.headers)).status_code == 403

    approved = await api.post(f"{API}/admin/kyc/approve/{first_id}", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    assert (await profile_of(api, first))["estado_verificacion"] == "APROBADO"
    assert (await api.post(f"{API}/admin/kyc/approve/{first_id}", headers=admin.headers)).status_code == 400
    assert (await api.post(UPLOAD, files=one, headers=first.headers)).status_code == 400  # already approved
    assert first_id not in [
        p["id"] for p in (await api.get(f"{API}/admin/kyc/pendientes", headers=admin.headers)).json()
    ]
    assert [e for e in await events(standalone, "KycApproved") if e["user_id"] == str(first.id)] == [
        {"profesional_id": first_id, "user_id": str(first.id)}
    ]

    reject = f"{API}/admin/kyc/reject/{second_id}"
    assert (await api.post(reject, json={}, headers=admin.headers)).status_code == 422
    assert (await api.post(reject, json={"motivo": "Borroso"}, headers=second.headers)).status_code == 403
    rejected = await api.post(reject, json={"motivo": "La foto del DNI está borrosa"}, headers=admin.headers)
    assert rejected.status_code == 200
    status = (await api.get(f"{API}/professional/kyc/status", headers=second.headers)).json()
    assert (status["estado_verificacion"], status["motivo_rechazo"]) == (
        "RECHAZADO",
        "La foto del DNI está borrosa",
    )
    assert [e for e in await events(standalone, "KycRejected") if e["user_id"] == str(second.id)] == [
        {"profesional_id": second_id, "user_id": str(second.id), "motivo": "La foto del DNI está borrosa"}
    ]
    # A rejected professional may send documents again.
    assert (await api.post(UPLOAD, files=one, headers=second.headers)).status_code == 200
    status = (await api.get(f"{API}/professional/kyc/status", headers=second.headers)).json()
    assert status["estado_verificacion"] == "EN_REVISION"
    assert status["motivo_rechazo"] is None
    assert sorted(d["envio"] for d in status["documentos"]) == [1, 2]
    assert (
        await api.post(f"{API}/admin/kyc/approve/{uuid.uuid4()}", headers=admin.headers)
    ).status_code == 404


async def test_documents_stream_to_admins_only(api: httpx.AsyncClient, admin: Account) -> None:
    pro, other = await register(api, "PROFESIONAL"), await register(api, "PROFESIONAL")
    pdf = pdf_bytes(300_000)
    await api.post(
        UPLOAD, files=[("files", ("Documentación ñandú.pdf", pdf, "application/pdf"))], headers=pro.headers
    )
    await api.post(
        UPLOAD, files=[("files", ("otro.pdf", pdf_bytes(), "application/pdf"))], headers=other.headers
    )
    profile_id = (await profile_of(api, pro))["id"]
    other_id = (await profile_of(api, other))["id"]
    detail = await api.get(f"{API}/admin/kyc/{profile_id}", headers=admin.headers)
    doc = detail.json()["documentos"][0]
    url = f"{API}/admin/kyc/{profile_id}/documentos/{doc['id']}"
    response = await api.get(url, headers=admin.headers)
    assert response.status_code == 200
    assert response.content == pdf
    assert response.headers["content-type"] == "application/pdf"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Documentaci%C3%B3n%20%C3%B1and%C3%BA.pdf" in disposition
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in response.headers["cache-control"]
    for user in (pro, other):
        assert (await api.get(url, headers=user.headers)).status_code == 403
    assert (await api.get(url)).status_code == 401
    # A document id under another professional's id is not found.
    assert (
        await api.get(f"{API}/admin/kyc/{other_id}/documentos/{doc['id']}", headers=admin.headers)
    ).status_code == 404
    assert (
        await api.get(f"{API}/admin/kyc/{profile_id}/documentos/{uuid.uuid4()}", headers=admin.headers)
    ).status_code == 404
