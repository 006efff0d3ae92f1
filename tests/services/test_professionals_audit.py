"""Staff audit trail of the professionals service (SPEC §14): KYC decisions, every KYC document an ADMIN
opens, and every change to the catalog (oficios, instant services) are recorded with the actor, the target,
what changed and the caller's address, in the same unit of work as the action; refusals record nothing."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from conectar.contracts.personal_data import AUDIT_ACTIONS
from conectar.platform.audit import StaffAudit
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, create_oficio, pdf_bytes, submit_kyc

CLIENT_IP = "203.0.113.10"


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def audit(standalone: Standalone, **params: Any) -> list[dict[str, Any]]:
    """The professionals service's entries as the users service reads them (``GET /internal/v1/audit``)."""
    body = await standalone.ctx("users").clients.call(
        "professionals", "GET", "/internal/v1/audit", params={"limit": 1000, **params}
    )
    entries: list[dict[str, Any]] = body["entradas"]
    for entry in entries:
        assert entry["servicio"] == "professionals"
        assert entry["accion"] in AUDIT_ACTIONS
    return entries


async def audit_of(standalone: Standalone, recurso_id: str) -> list[dict[str, Any]]:
    return await audit(standalone, recurso_id=recurso_id)


def by(admin: Account, entry: dict[str, Any]) -> None:
    assert entry["actor_id"] == str(admin.id)
    assert entry["ip"] == CLIENT_IP


async def profile_id_of(api: httpx.AsyncClient, pro: Account) -> str:
    return str((await api.get(f"{API}/professional/me", headers=pro.headers)).json()["id"])


async def documents(api: httpx.AsyncClient, admin: Account, profile_id: str) -> list[dict[str, Any]]:
    detail = await api.get(f"{API}/admin/kyc/{profile_id}", headers=admin.headers)
    assert detail.status_code == 200, detail.text
    docs: list[dict[str, Any]] = detail.json()["documentos"]
    return docs


# --- KYC ---------------------------------------------------------------------------------------------


async def test_approval_is_recorded_with_actor_and_address(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await register(api, "PROFESIONAL")
    profile_id = await profile_id_of(api, pro)
    # Refused (nothing in review): nothing recorded.
    assert (await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)).status_code == 400
    await submit_kyc(api, pro)
    # Not staff: 403, nothing recorded.
    for who in (pro, await register(api, "CLIENTE")):
        refused = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=who.headers)
        assert refused.status_code == 403
    assert await audit_of(standalone, profile_id) == []

    approved = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    [entry] = await audit_of(standalone, profile_id)
    by(admin, entry)
    assert (entry["accion"], entry["recurso"], entry["recurso_id"]) == (
        "kyc.aprobar",
        "profesional",
        profile_id,
    )
    assert entry["detalle"] == {"estado": "APROBADO"}
    # Approving again is refused and adds nothing.
    assert (await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)).status_code == 400
    assert len(await audit_of(standalone, profile_id)) == 1


async def test_rejection_is_recorded_with_its_motivo(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await register(api, "PROFESIONAL")
    profile_id = await profile_id_of(api, pro)
    await submit_kyc(api, pro)
    url = f"{API}/admin/kyc/reject/{profile_id}"
    assert (await api.post(url, json={}, headers=admin.headers)).status_code == 422
    assert (await api.post(url, json={"motivo": "x"}, headers=pro.headers)).status_code == 403
    assert await audit_of(standalone, profile_id) == []

    rejected = await api.post(url, json={"motivo": "El DNI está vencido"}, headers=admin.headers)
    assert rejected.status_code == 200, rejected.text
    [entry] = await audit_of(standalone, profile_id)
    by(admin, entry)
    assert (entry["accion"], entry["recurso"], entry["recurso_id"]) == (
        "kyc.rechazar",
        "profesional",
        profile_id,
    )
    assert entry["detalle"] == {"estado": "RECHAZADO", "motivo": "El DNI está vencido"}


async def test_unknown_professional_records_nothing(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    unknown = str(uuid.uuid4())
    assert (await api.post(f"{API}/admin/kyc/approve/{unknown}", headers=admin.headers)).status_code == 404
    assert (
        await api.post(
            f"{API}/admin/kyc/reject/{unknown}", json={"motivo": "Documento ilegible"}, headers=admin.headers
        )
    ).status_code == 404
    assert await audit_of(standalone, unknown) == []


async def test_every_document_view_is_recorded_and_found_by_the_profile_id(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await register(api, "PROFESIONAL")
    profile_id = await profile_id_of(api, pro)
    pdf = pdf_bytes(300)
    upload = await api.post(
        f"{API}/professional/kyc/upload",
        files=[("files", ("dni.pdf", pdf, "application/pdf"))],
        headers=pro.headers,
    )
    assert upload.status_code == 200, upload.text
    [doc] = await documents(api, admin, profile_id)
    url = f"{API}/admin/kyc/{profile_id}/documentos/{doc['id']}"

    # Refusals record nothing: not staff, unknown document, a document of another professional.
    assert (await api.get(url, headers=pro.headers)).status_code == 403
    assert (
        await api.get(f"{API}/admin/kyc/{profile_id}/documentos/{uuid.uuid4()}", headers=admin.headers)
    ).status_code == 404
    other = await register(api, "PROFESIONAL")
    other_id = await profile_id_of(api, other)
    assert (
        await api.get(f"{API}/admin/kyc/{other_id}/documentos/{doc['id']}", headers=admin.headers)
    ).status_code == 404
    # Reading the queue or the metadata is not opening a document.
    assert (await api.get(f"{API}/admin/kyc/pendientes", headers=admin.headers)).status_code == 200
    assert await audit_of(standalone, profile_id) == []
    assert await audit_of(standalone, other_id) == []

    for _ in range(2):
        response = await api.get(url, headers=admin.headers)
        assert response.status_code == 200
        assert response.content == pdf
    approved = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)
    assert approved.status_code == 200

    # "Último acceso por staff": one lookup by the profile id finds the views and the decision, newest first.
    entries = await audit_of(standalone, profile_id)
    assert [e["accion"] for e in entries] == ["kyc.aprobar", "kyc.documento.ver", "kyc.documento.ver"]
    for view in entries[1:]:
        by(admin, view)
        assert (view["recurso"], view["recurso_id"]) == ("profesional", profile_id)
        assert view["detalle"] == {"documento_id": doc["id"], "envio": 1}
    assert await audit(standalone, actor_id=str(admin.id), accion="kyc.documento.ver", recurso_id=profile_id)


async def test_a_document_is_not_sent_without_its_record(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    pro = await register(api, "PROFESIONAL")
    profile_id = await profile_id_of(api, pro)
    await submit_kyc(api, pro)
    [doc] = await documents(api, admin, profile_id)

    async def broken(*_: Any, **__: Any) -> uuid.UUID:
        raise RuntimeError("the audit trail is down")

    monkeypatch.setattr(StaffAudit, "record", broken)
    # The failure reaches the test client itself (the in-process transport re-raises it), or is a 500.
    try:
        response = await api.get(
            f"{API}/admin/kyc/{profile_id}/documentos/{doc['id']}", headers=admin.headers
        )
        assert response.status_code == 500
        assert b"%PDF" not in response.content
    except RuntimeError:
        pass
    # Nor a decision without its record: the approval rolls back.
    try:
        response = await api.post(f"{API}/admin/kyc/approve/{profile_id}", headers=admin.headers)
        assert response.status_code == 500
    except RuntimeError:
        pass
    monkeypatch.undo()
    assert (await api.get(f"{API}/admin/kyc/{profile_id}", headers=admin.headers)).json()[
        "estado_verificacion"
    ] == "EN_REVISION"
    assert await audit_of(standalone, profile_id) == []


# --- the catalog ---------------------------------------------------------------------------------------


async def test_oficio_changes_are_recorded(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    nombre = f"Vidriería {uuid.uuid4().hex[:8]}"
    oficio = await create_oficio(api, admin, nombre)
    oficio_id = oficio["id"]
    # Refused: a duplicate name, a non-admin, an unknown oficio.
    duplicate = await api.post(f"{API}/admin/oficios", json={"nombre": nombre.upper()}, headers=admin.headers)
    assert duplicate.status_code == 400
    client = await register(api, "CLIENTE")
    assert (
        await api.post(f"{API}/admin/oficios", json={"nombre": "Otro oficio"}, headers=client.headers)
    ).status_code == 403
    assert (
        await api.patch(f"{API}/admin/oficios/{oficio_id}/toggle", headers=client.headers)
    ).status_code == 403
    unknown = str(uuid.uuid4())
    assert (
        await api.put(
            f"{API}/admin/oficios/{unknown}", json={"nombre": "Oficio fantasma"}, headers=admin.headers
        )
    ).status_code == 404
    assert (
        await api.patch(f"{API}/admin/oficios/{unknown}/toggle", headers=admin.headers)
    ).status_code == 404
    assert await audit_of(standalone, unknown) == []
    [created] = await audit_of(standalone, oficio_id)
    by(admin, created)
    assert (created["accion"], created["recurso"], created["detalle"]) == (
        "oficio.crear",
        "oficio",
        {"nombre": nombre},
    )

    renamed = await api.put(
        f"{API}/admin/oficios/{oficio_id}",
        json={"nombre": f"{nombre} y más", "descripcion": "Vidrios y espejos"},
        headers=admin.headers,
    )
    assert renamed.status_code == 200, renamed.text
    for expected in (False, True):
        toggled = await api.patch(f"{API}/admin/oficios/{oficio_id}/toggle", headers=admin.headers)
        assert toggled.json()["activo"] is expected

    entries = await audit_of(standalone, oficio_id)
    assert [e["accion"] for e in entries] == [
        "oficio.activar",
        "oficio.desactivar",
        "oficio.editar",
        "oficio.crear",
    ]
    for entry in entries:
        by(admin, entry)
        assert entry["recurso"] == "oficio"
    assert entries[2]["detalle"] == {
        "nombre": {"antes": nombre, "despues": f"{nombre} y más"},
        "descripcion": {"antes": "Un oficio", "despues": "Vidrios y espejos"},
    }
    assert entries[1]["detalle"] == {"activo": False}
    assert entries[0]["detalle"] == {"activo": True}


async def test_instant_service_changes_are_recorded(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    url = f"{API}/admin/servicios-instant"
    # Refused: an unknown oficio, a non-admin.
    assert (
        await api.post(
            url, json={"nombre": "Destapar", "oficio_id": str(uuid.uuid4())}, headers=admin.headers
        )
    ).status_code == 404
    pro = await register(api, "PROFESIONAL")
    assert (
        await api.post(url, json={"nombre": "Destapar", "oficio_id": oficio["id"]}, headers=pro.headers)
    ).status_code == 403
    assert [
        e
        for e in await audit(standalone, accion="servicio_instant.crear")
        if e["detalle"]["oficio_id"] == oficio["id"]
    ] == []

    created = await api.post(
        url, json={"nombre": "Destapar", "oficio_id": oficio["id"]}, headers=admin.headers
    )
    assert created.status_code == 201, created.text
    servicio_id = created.json()["id"]
    assert (
        await api.put(f"{url}/{servicio_id}", json={"activo": False}, headers=pro.headers)
    ).status_code == 403
    edited = await api.put(f"{url}/{servicio_id}", json={"nombre": "Destapar cañería"}, headers=admin.headers)
    assert edited.status_code == 200
    assert (await api.patch(f"{url}/{servicio_id}/toggle", headers=admin.headers)).json()["activo"] is False

    entries = await audit_of(standalone, servicio_id)
    assert [e["accion"] for e in entries] == [
        "servicio_instant.desactivar",
        "servicio_instant.editar",
        "servicio_instant.crear",
    ]
    for entry in entries:
        by(admin, entry)
        assert entry["recurso"] == "servicio_instant"
    assert entries[2]["detalle"] == {"nombre": "Destapar", "oficio_id": oficio["id"]}
    assert entries[1]["detalle"] == {"nombre": {"antes": "Destapar", "despues": "Destapar cañería"}}
    assert entries[0]["detalle"] == {"activo": False}


async def test_internal_audit_needs_a_service_token(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin, f"Herrería {uuid.uuid4().hex[:8]}")  # something to read
    # An ADMIN's token is no service token, even straight at the service.
    transport = httpx.ASGITransport(app=standalone.host.services["professionals"])
    async with httpx.AsyncClient(transport=transport, base_url="http://professionals") as direct:
        response = await direct.get(
            "/internal/v1/audit", params={"recurso_id": oficio["id"]}, headers=admin.headers
        )
    assert response.status_code in (401, 403)
    assert "entradas" not in response.json()
    assert oficio["id"] not in response.text  # not a word of the log
    # the same question with a service token is answered: there was something to withhold
    assert [e["accion"] for e in await audit_of(standalone, oficio["id"])] == ["oficio.crear"]
