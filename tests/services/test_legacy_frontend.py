"""The original Next.js frontend's calls through the legacy layer (issue 20; docs/legacy.md).

Each test sends a call exactly as the original frontend does (its ``frontend/lib/services/*.ts``, base
URL ``NEXT_PUBLIC_API_URL`` + ``/api/v1``, here ``/legacy/api/v1``) and checks every field its pages read
(``READS``, recorded from ``frontend/app`` and ``frontend/components``), the types its code relies on
(``toFixed`` needs a number, ``slice`` a string, ``new Date`` a date), and that role and ownership are
still the services' to enforce.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.conftest import image_bytes
from tests.factories import (
    PDF,
    Account,
    Pro,
    accepted_offer,
    approved_professional,
    create_admin,
    eventually,
    offer,
    open_chat,
    paid_trabajo,
    register,
    released_trabajo,
    wait_state,
)
from tests.services.conftest import Standalone, running_standalone

LEGACY = "/legacy/api/v1"
V1 = "/api/v1"
FRONTEND_ORIGIN = "http://localhost:3000"
BA = (-34.6037, -58.3816)  # the browse page's default point

# What the original frontend's pages read of each answer (recorded from frontend/app and components).
READS: dict[str, tuple[str, ...]] = {
    # components/features/jobs/TrabajosList.tsx (TrabajoCard)
    "TrabajosList": ("id", "estado", "oferta_id", "created_at", "fecha_inicio", "notas_profesional"),
    # app/trabajos/[trabajoId]/page.tsx
    "TrabajoDetailPage": (
        "id",
        "created_at",
        "estado",
        "fecha_inicio",
        "fecha_fin",
        "fecha_aprobacion",
        "notas_profesional",
        "notas_cliente",
        "imagenes",
        "profesional_id",
        "cliente_id",
    ),
    "TimelineEvent": ("id", "descripcion", "usuario_nombre", "created_at", "estado_anterior", "estado_nuevo"),
    # app/(dashboard)/dashboard/profesional/ofertas/page.tsx
    "OfertasProfesionalPage": (
        "id",
        "estado",
        "cliente_nombre",
        "fecha_creacion",
        "precio_final",
        "descripcion",
        "chat_id",
    ),
    # app/(dashboard)/dashboard/cliente/ofertas/page.tsx
    "OfertasClientePage": (
        "id",
        "profesional_avatar_url",
        "profesional_nombre",
        "profesional_rating",
        "estado",
        "descripcion",
        "precio",
        "created_at",
        "chat_id",
    ),
    # components/features/ProfessionalCard.tsx
    "ProfessionalCard": (
        "id",
        "nombre",
        "apellido",
        "oficio",
        "tarifa_por_hora",
        "calificacion_promedio",
        "cantidad_resenas",
        "avatar_url",
        "nivel_profesional",
    ),
    # components/features/admin/DashboardMetrics.tsx
    "DashboardMetrics": (
        "total_monto_procesado",
        "total_transacciones",
        "pagos_pendientes",
        "retiros_pendientes",
        "total_comisiones",
    ),
    # components/features/payments/PaymentHistoryList.tsx
    "PaymentHistory": ("movimientos", "total", "resumen"),
    "PaymentHistory.resumen": ("total_ingresos", "total_egresos", "total_comisiones"),
    "PaymentHistory.movimiento": (
        "id",
        "estado",
        "tipo",
        "descripcion",
        "fecha_creacion",
        "monto",
        "comision_plataforma",
    ),
    # components/features/ProyectoCard.tsx (app/(public)/proyectos/page.tsx)
    "ProyectoCard": ("id", "nombre", "descripcion", "profesional", "oficio", "precio_fijo"),
    # app/(dashboard)/dashboard/profesional/publicar/page.tsx (proyecto.precio_fijo?.toLocaleString)
    "PublicarPage": ("id", "nombre", "descripcion", "precio_fijo", "oficio"),
    "PublicarPage.oficio": ("nombre",),
    # app/(dashboard)/dashboard/admin/kyc/page.tsx
    "AdminKycPage": ("id", "nombre", "apellido", "email", "fecha_creacion"),
    # app/(dashboard)/dashboard/profesional/portfolio/page.tsx, app/(public)/profesional/[id]/page.tsx
    "PortfolioItem": ("id", "titulo", "descripcion", "imagenes_urls"),
    # app/(public)/profesional/[id]/page.tsx
    "PerfilPublico": (
        "nombre",
        "apellido",
        "avatar_url",
        "nivel",
        "rating_promedio",
        "total_resenas",
        "oficios",
        "resenas",
    ),
    "PerfilPublico.resena": ("id", "cliente_nombre", "rating", "created_at", "comentario"),
    # app/(dashboard)/dashboard/admin/trabajos/page.tsx
    "AdminTrabajosPage": (
        "id",
        "cliente_id",
        "profesional_id",
        "precio_final",
        "estado",
        "estado_escrow",
        "fecha_creacion",
    ),
    # app/(dashboard)/dashboard/admin/oficios/page.tsx ("Creado: " + new Date(fecha_creacion))
    "AdminOficiosPage": ("id", "nombre", "descripcion", "fecha_creacion"),
    # app/(dashboard)/dashboard/admin/users/page.tsx (onSuccess toast)
    "AdminUsersPage.ban": ("email",),
}


def reads(item: dict[str, Any], page: str) -> None:
    missing = [name for name in READS[page] if name not in item]
    assert not missing, f"{page} reads {missing}, absent from {sorted(item)}"


def is_date(value: Any) -> bool:
    return isinstance(value, str) and datetime.fromisoformat(value.replace("Z", "+00:00")) is not None


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    async with running_standalone(
        tmp_path_factory.mktemp("legacy-frontend"),
        legacy_clients_enabled=True,
        legacy_origins=[FRONTEND_ORIGIN],
    ) as platform:
        yield platform


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture
async def pro(api: httpx.AsyncClient, admin: Account) -> Pro:
    return await approved_professional(api, admin)


async def new_oficio(api: httpx.AsyncClient, admin: Account) -> dict[str, Any]:
    created = await api.post(
        f"{V1}/admin/oficios",
        headers=admin.headers,
        json={"nombre": f"Oficio {uuid.uuid4().hex[:10]}", "descripcion": "Para probar"},
    )
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


async def placed_pro(
    api: httpx.AsyncClient,
    admin: Account,
    oficios: Iterable[str],
    point: tuple[float, float] = BA,
    **profile: Any,
) -> Pro:
    """An approved professional working at ``point`` in ``oficios``."""
    pro = await approved_professional(api, admin)
    placed = await api.put(
        f"{V1}/professional/me",
        headers=pro.account.headers,
        json={"latitude": point[0], "longitude": point[1], "radio_cobertura_km": 15, **profile},
    )
    assert placed.status_code == 200, placed.text
    oficios_set = await api.put(
        f"{V1}/professional/profile/oficios", headers=pro.account.headers, json={"oficio_ids": list(oficios)}
    )
    assert oficios_set.status_code == 200, oficios_set.text
    return pro


# --- row 1: /chat_ofertas/trabajos --------------------------------------------------------------------------


async def test_my_trabajos_as_client_and_professional(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    for who in (cliente, pro.account):
        # trabajosService.getMyTrabajos: GET /chat_ofertas/trabajos
        listed = await api.get(f"{LEGACY}/chat_ofertas/trabajos", headers=who.headers)
        assert listed.status_code == 200, listed.text
        mine = [t for t in listed.json() if t["id"] == trabajo_id]
        assert len(mine) == 1
        reads(mine[0], "TrabajosList")
        assert mine[0]["estado"] == "EN_PROCESO"  # paid: the work is on (the "En curso" tab)
        assert isinstance(mine[0]["oferta_id"], str)
        assert len(mine[0]["oferta_id"]) >= 8
        assert is_date(mine[0]["created_at"])


async def test_a_trabajo_and_its_timeline(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    for who in (cliente, pro.account):
        # trabajosService.getTrabajoById, trabajosService.getTrabajoTimeline
        detail = await api.get(f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}", headers=who.headers)
        assert detail.status_code == 200, detail.text
        reads(detail.json(), "TrabajoDetailPage")
        assert detail.json()["profesional_id"] == str(pro.account.id)  # the page compares it with users/me
        assert detail.json()["cliente_id"] == str(cliente.id)
        timeline = await api.get(f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}/timeline", headers=who.headers)
        assert timeline.status_code == 200, timeline.text
        assert timeline.json()
        for event in timeline.json():
            reads(event, "TimelineEvent")


async def test_nobody_reads_someone_elses_trabajo_through_the_legacy_path(
    api: httpx.AsyncClient, pro: Pro
) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    stranger = await register(api, "CLIENTE")
    other_pro = await register(api, "PROFESIONAL")
    for who, v1_path in (
        (stranger, f"{V1}/cliente/trabajo/{trabajo_id}"),
        (other_pro, f"{V1}/professional/trabajos/{trabajo_id}"),
    ):
        direct = await api.get(v1_path, headers=who.headers)
        assert direct.status_code in (403, 404)
        for path in (f"/chat_ofertas/trabajos/{trabajo_id}", f"/chat_ofertas/trabajos/{trabajo_id}/timeline"):
            legacy = await api.get(f"{LEGACY}{path}", headers=who.headers)
            assert (legacy.status_code, legacy.json()) == (direct.status_code, direct.json())
        listed = await api.get(f"{LEGACY}/chat_ofertas/trabajos", headers=who.headers)
        assert trabajo_id not in {t["id"] for t in listed.json()}
        acted = await api.put(
            f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}",
            headers=who.headers,
            json={"estado": "COMPLETADO" if who is other_pro else "APROBADO"},
        )
        assert acted.status_code in (403, 404)
    assert (await api.get(f"{LEGACY}/chat_ofertas/trabajos")).status_code == 401


async def test_the_staff_have_their_own_trabajos_page(api: httpx.AsyncClient, admin: Account) -> None:
    answer = await api.get(f"{LEGACY}/chat_ofertas/trabajos", headers=admin.headers)
    assert answer.status_code == 403


async def test_complete_approve_through_the_detail_page(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    url = f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}"
    # Only the professional marks it done; the client cannot (and the professional cannot approve).
    assert (await api.put(url, headers=cliente.headers, json={"estado": "COMPLETADO"})).status_code == 403
    assert (await api.put(url, headers=pro.account.headers, json={"estado": "APROBADO"})).status_code == 403
    # trabajosService.iniciarTrabajo: the work is already on; it answers the trabajo as it is.
    started = await api.put(url, headers=pro.account.headers, json={"estado": "EN_PROCESO"})
    assert (started.status_code, started.json()["estado"]) == (200, "EN_PROCESO")
    # trabajosService.completarTrabajo: {estado, notas_profesional, imagenes}
    done = await api.put(
        url, headers=pro.account.headers, json={"estado": "COMPLETADO", "notas_profesional": "Listo"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["estado"] == "COMPLETADO"
    reads(done.json(), "TrabajoDetailPage")
    # trabajosService.aprobarTrabajo: {estado: APROBADO, notas_cliente}
    approved = await api.put(url, headers=cliente.headers, json={"estado": "APROBADO"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["estado"] == "APROBADO"
    await wait_state(api, cliente, trabajo_id, "LIBERADO")
    timeline = (await api.get(f"{url}/timeline", headers=cliente.headers)).json()
    assert [e["estado_nuevo"] for e in timeline] == ["PENDIENTE_PAGO", "COMPLETADO", "APROBADO"]
    unknown = await api.put(url, headers=cliente.headers, json={"estado": "OTRA_COSA"})
    assert unknown.status_code == 400


async def test_cancel_from_the_detail_page(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    unpaid = str((await accepted_offer(api, cliente, pro.account))["trabajo_id"])
    # trabajosService.cancelarTrabajo: POST /chat_ofertas/trabajos/{id}/cancelar, no body
    cancelled = await api.post(f"{LEGACY}/chat_ofertas/trabajos/{unpaid}/cancelar", headers=cliente.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["estado"] == "CANCELADO"
    otro = await register(api, "CLIENTE")
    unpaid_too = str((await accepted_offer(api, otro, pro.account))["trabajo_id"])
    by_pro = await api.post(
        f"{LEGACY}/chat_ofertas/trabajos/{unpaid_too}/cancelar", headers=pro.account.headers
    )
    assert by_pro.status_code == 200, by_pro.text
    assert by_pro.json()["estado"] == "CANCELADO"
    again = await api.post(
        f"{LEGACY}/chat_ofertas/trabajos/{unpaid_too}/cancelar", headers=pro.account.headers
    )
    assert again.status_code == 400  # the service's rule, as it answers it


# --- rows 1 and 8: offers -----------------------------------------------------------------------------------


async def test_offers_of_a_professional_and_of_a_client(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE", nombre="Carla", apellido="Cliente")
    chat_id = await open_chat(api, cliente, pro.account)
    pending = await offer(api, pro.account, cliente, chat_id, "15000.00")
    paid_id = await paid_trabajo(api, cliente, pro.account, "20000.00")
    assert paid_id
    # ofertasService.getMyOfertas as the professional (dashboard/profesional/ofertas)
    mine = await api.get(f"{LEGACY}/chat_ofertas/ofertas", headers=pro.account.headers)
    assert mine.status_code == 200, mine.text
    by_id = {o["id"]: o for o in mine.json()}
    reads(by_id[pending["id"]], "OfertasProfesionalPage")
    assert by_id[pending["id"]]["cliente_nombre"] == "Carla Cliente"
    assert by_id[pending["id"]]["precio_final"] == 15000.0
    assert {o["estado"] for o in mine.json()} <= {"OFERTADO", "ACEPTADO", "RECHAZADO", "EXPIRADO"}
    assert "ACEPTADO" in {o["estado"] for o in mine.json()}  # the paid one
    # clienteService.listOfertas (dashboard/cliente/ofertas), and getMyOfertas as the client
    for path in ("/cliente/ofertas", "/chat_ofertas/ofertas"):
        theirs = await api.get(f"{LEGACY}{path}", headers=cliente.headers)
        assert theirs.status_code == 200, theirs.text
        received = {o["id"]: o for o in theirs.json()}[pending["id"]]
        reads(received, "OfertasClientePage")
        assert received["precio"] == 15000.0
        assert received["profesional_nombre"] == "Nombre Apellido"
        assert isinstance(received["profesional_rating"], float)  # toFixed(1)
        assert is_date(received["created_at"])
    # Roles: a client's offers are a client's.
    assert (await api.get(f"{LEGACY}/cliente/ofertas", headers=pro.account.headers)).status_code == 403


# --- row 2: search ------------------------------------------------------------------------------------------


async def test_browse_search_as_the_frontend_sends_it(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await new_oficio(api, admin)
    near = await placed_pro(api, admin, [oficio["id"]], tarifa_por_hora="8000.00")
    # app/(public)/browse: lat/lon of Buenos Aires, radio 10, no oficio, limit 100, ordered by rating.
    browse = {
        "latitude": BA[0],
        "longitude": BA[1],
        "radio_km": 10,
        "skip": 0,
        "limit": 100,
        "ordenar_por": "rating",
    }
    assert (await api.post(f"{V1}/search", json=browse)).status_code == 422  # v1 wants an oficio, ≤ 50
    answer = await api.post(f"{LEGACY}/search", json=browse)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert {"total", "resultados", "pagina", "total_paginas"} <= set(body)
    cards = {c["id"]: c for c in body["resultados"]}
    assert near.profile_id in cards
    card = cards[near.profile_id]
    reads(card, "ProfessionalCard")
    assert card["oficio"] == oficio["nombre"]
    assert isinstance(card["calificacion_promedio"], float)
    assert card["tarifa_por_hora"] == 8000.0
    assert card["nivel_profesional"] == "BRONCE"
    # The oficio chosen by name in the filter (SelectItem value = oficio.nombre).
    by_name = await api.post(f"{LEGACY}/search", json={**browse, "oficio": oficio["nombre"]})
    assert [c["id"] for c in by_name.json()["resultados"]] == [near.profile_id]
    assert by_name.json()["total"] == 1
    # Filters the frontend adds: rating_minimo, precio_minimo / precio_maximo, disponible.
    dear = await api.post(
        f"{LEGACY}/search", json={**browse, "oficio": oficio["nombre"], "precio_minimo": 9000}
    )
    assert dear.json()["resultados"] == []
    cheap = await api.post(f"{LEGACY}/search", json={**browse, "oficio": oficio["id"], "precio_maximo": 9000})
    assert [c["id"] for c in cheap.json()["resultados"]] == [near.profile_id]
    now = await api.post(f"{LEGACY}/search", json={**browse, "oficio": oficio["id"], "disponible": True})
    assert now.json()["resultados"] == []  # does not accept instant hires
    rated = await api.post(f"{LEGACY}/search", json={**browse, "oficio": oficio["id"], "rating_minimo": 4})
    assert rated.json()["resultados"] == []


async def test_explorar_search_without_a_point(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await new_oficio(api, admin)
    here = await placed_pro(api, admin, [oficio["id"]])
    far = await placed_pro(api, admin, [oficio["id"]], point=(-31.4201, -64.1888))  # Córdoba
    # app/(public)/explorar: no coordinates until the person types them (undefined fields are not sent).
    explorar = {
        "oficio": oficio["nombre"],
        "radio_km": 10,
        "skip": 0,
        "limit": 30,
        "ordenar_por": "rating",
        "disponible": False,
    }
    answer = await api.post(f"{LEGACY}/search", json=explorar)
    assert answer.status_code == 200, answer.text
    found = {c["id"] for c in answer.json()["resultados"]}
    assert here.profile_id in found
    assert far.profile_id not in found
    invalid = await api.post(f"{LEGACY}/search", json={**explorar, "limit": 101})
    assert invalid.status_code == 422


# --- rows 3 and 4: money ------------------------------------------------------------------------------------


async def test_admin_home_figures(api: httpx.AsyncClient, admin: Account, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    await paid_trabajo(api, cliente, pro.account)
    # paymentService.adminGetDashboard (components/features/admin/DashboardMetrics.tsx)
    answer = await api.get(f"{LEGACY}/admin/pagos/dashboard", headers=admin.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    reads(body, "DashboardMetrics")
    assert body["total_monto_procesado"] >= 15000.0
    assert body["total_transacciones"] >= 1
    # ``pagos_pendientes + retiros_pendientes`` is added: both integers.
    assert isinstance(body["pagos_pendientes"], int)
    assert isinstance(body["retiros_pendientes"], int)
    assert isinstance(body["total_comisiones"], float)
    assert (await api.get(f"{LEGACY}/admin/pagos/dashboard", headers=pro.account.headers)).status_code == 403


async def test_a_professionals_payments_page(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    await released_trabajo(api, cliente, pro.account, "10000.00")
    # usePaymentHistory: GET /pagos/historial?page=1&limit=20, and with ?tipo=ingreso from the filter.
    answer = await api.get(
        f"{LEGACY}/pagos/historial", headers=pro.account.headers, params={"page": 1, "limit": 20}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    reads(body, "PaymentHistory")
    reads(body["resumen"], "PaymentHistory.resumen")
    assert body["movimientos"]
    for movimiento in body["movimientos"]:
        reads(movimiento, "PaymentHistory.movimiento")
        assert is_date(movimiento["fecha_creacion"])  # date-fns format() throws on an invalid date
        assert isinstance(movimiento["monto"], float)
    release = next(m for m in body["movimientos"] if m["tipo_movimiento"] == "LIBERACION")
    assert (release["tipo"], release["estado"]) == ("ingreso", "completado")
    assert release["comision_plataforma"] == 2000.0
    assert body["resumen"]["total_ingresos"] == 8000.0
    params = {"tipo": "ingreso", "page": 1, "limit": 20}
    assert (
        await api.get(f"{V1}/pagos/historial", headers=pro.account.headers, params=params)
    ).status_code == 422
    ingresos = await api.get(f"{LEGACY}/pagos/historial", headers=pro.account.headers, params=params)
    assert ingresos.status_code == 200, ingresos.text
    assert {m["tipo_movimiento"] for m in ingresos.json()["movimientos"]} == {"LIBERACION"}
    assert (await api.get(f"{LEGACY}/pagos/historial")).status_code == 401


# --- row 5: published services and hiring one ---------------------------------------------------------------


async def test_published_services_and_hiring_one(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await new_oficio(api, admin)
    pro = await placed_pro(api, admin, [oficio["id"]], acepta_instant=True)
    servicio = await api.post(
        f"{V1}/admin/servicios-instant",
        headers=admin.headers,
        json={"nombre": "Destapación de cañería", "descripcion": "Cocina o baño", "oficio_id": oficio["id"]},
    )
    assert servicio.status_code == 201, servicio.text
    servicio_id = servicio.json()["id"]
    offered = await api.put(
        f"{V1}/professional/profile/servicios-instant",
        headers=pro.account.headers,
        json={"servicio_ids": [servicio_id]},
    )
    assert offered.status_code == 200, offered.text
    priced = await api.put(
        f"{V1}/professional/servicios-instant/{servicio_id}",
        headers=pro.account.headers,
        json={"precio_fijo": "12000.00"},
    )
    assert priced.status_code == 200, priced.text
    # publicService.getProyectosPublicados({oficio_id}) (app/(public)/proyectos)
    listed = await api.get(f"{LEGACY}/servicios", params={"oficio_id": oficio["id"]})
    assert listed.status_code == 200, listed.text
    [proyecto] = listed.json()
    reads(proyecto, "ProyectoCard")
    assert proyecto["precio_fijo"] == 12000.0
    assert proyecto["oficio"]["nombre"] == oficio["nombre"]
    assert proyecto["profesional"]["nombre"] == "Nombre"
    assert proyecto["profesional"]["user_id"] == str(pro.account.id)
    # clienteService.contratarProyecto(proyecto.id): POST, no body.
    cliente = await register(api, "CLIENTE")
    hired = await api.post(f"{LEGACY}/cliente/servicios/{proyecto['id']}/contratar", headers=cliente.headers)
    assert hired.status_code == 200, hired.text
    assert hired.json()["payment_url"]
    trabajo = (
        await api.get(f"{V1}/cliente/trabajo/{hired.json()['trabajo_id']}", headers=cliente.headers)
    ).json()
    assert trabajo["servicio_instant_id"] == servicio_id
    assert trabajo["profesional_id"] == str(pro.account.id)
    # Only clients hire.
    refused = await api.post(
        f"{LEGACY}/cliente/servicios/{proyecto['id']}/contratar", headers=pro.account.headers
    )
    assert refused.status_code == 403


# --- row 7: a professional publishes their own services ----------------------------------------------------


async def test_a_professional_publishes_from_the_publish_page(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await new_oficio(api, admin)
    pro = await placed_pro(api, admin, [oficio["id"]], acepta_instant=True)
    headers = pro.account.headers
    # professionalService.publicarProyecto: the page's form, the price a JS number.
    created = await api.post(
        f"{LEGACY}/profesional/servicios",
        headers=headers,
        json={
            "nombre": "Instalación de termotanque",
            "descripcion": "Hasta 80 litros",
            "precio_fijo": 45000,
            "oficio_id": oficio["id"],
        },
    )
    assert created.status_code == 201, created.text
    servicio_id = created.json()["id"]
    # professionalService.getMisProyectosPublicados: the page's list.
    mine = await api.get(f"{LEGACY}/profesional/servicios/me", headers=headers)
    assert mine.status_code == 200, mine.text
    [proyecto] = mine.json()
    reads(proyecto, "PublicarPage")
    reads(proyecto["oficio"], "PublicarPage.oficio")
    assert (proyecto["id"], proyecto["precio_fijo"], proyecto["oficio"]["nombre"]) == (
        servicio_id,
        45000.0,
        oficio["nombre"],
    )
    assert isinstance(proyecto["precio_fijo"], float)  # toLocaleString needs a number
    # professionalService.actualizarProyecto: {nombre?, descripcion?, precio_fijo?}
    updated = await api.put(
        f"{LEGACY}/profesional/servicios/{servicio_id}", headers=headers, json={"precio_fijo": 47500.5}
    )
    assert updated.status_code == 200, updated.text
    reads(updated.json(), "PublicarPage")
    assert (updated.json()["precio_fijo"], updated.json()["nombre"]) == (
        47500.5,
        "Instalación de termotanque",
    )
    # The same service on v1, in v1's words.
    v1 = (await api.get(f"{V1}/professional/servicios", headers=headers)).json()
    assert [(s["id"], s["precio_fijo"], s["oficio_nombre"]) for s in v1] == [
        (servicio_id, 47500.5, oficio["nombre"])
    ]
    # The proyectos page lists it under its own id, and a client hires it with no body.
    listed = await api.get(f"{LEGACY}/servicios", params={"oficio_id": oficio["id"]})
    [card] = [s for s in listed.json() if s["servicio_id"] == servicio_id]
    reads(card, "ProyectoCard")
    assert (card["id"], card["precio_fijo"], card["oficio"]["nombre"]) == (
        servicio_id,
        47500.5,
        oficio["nombre"],
    )
    cliente = await register(api, "CLIENTE")
    hired = await api.post(f"{LEGACY}/cliente/servicios/{card['id']}/contratar", headers=cliente.headers)
    assert hired.status_code == 200, hired.text
    assert hired.json()["payment_url"]
    trabajo = (
        await api.get(f"{V1}/cliente/trabajo/{hired.json()['trabajo_id']}", headers=cliente.headers)
    ).json()
    assert (trabajo["servicio_publicado_id"], trabajo["precio_final"]) == (servicio_id, "47500.50")
    # professionalService.eliminarProyecto
    deleted = await api.delete(f"{LEGACY}/profesional/servicios/{servicio_id}", headers=headers)
    assert deleted.status_code == 204, deleted.text
    assert (await api.get(f"{LEGACY}/profesional/servicios/me", headers=headers)).json() == []


async def test_publishing_keeps_v1s_rules(api: httpx.AsyncClient, admin: Account) -> None:
    mio, ajeno = await new_oficio(api, admin), await new_oficio(api, admin)
    pro = await placed_pro(api, admin, [mio["id"]])
    body = {
        "nombre": "Pintura de ambiente",
        "descripcion": "",
        "precio_fijo": 30000,
        "oficio_id": ajeno["id"],
    }
    # The page offers every oficio: one that is not the professional's is v1's 400, as v1 says it.
    legacy = await api.post(f"{LEGACY}/profesional/servicios", headers=pro.account.headers, json=body)
    direct = await api.post(f"{V1}/professional/servicios", headers=pro.account.headers, json=body)
    assert (legacy.status_code, legacy.json()) == (direct.status_code, direct.json())
    assert legacy.status_code == 400
    created = await api.post(
        f"{LEGACY}/profesional/servicios", headers=pro.account.headers, json={**body, "oficio_id": mio["id"]}
    )
    assert created.status_code == 201, created.text
    servicio_id = created.json()["id"]
    # Another professional's service is not theirs to change; clients and admins have no such page.
    other = await placed_pro(api, admin, [mio["id"]])
    for method in ("PUT", "DELETE"):
        answer = await api.request(
            method,
            f"{LEGACY}/profesional/servicios/{servicio_id}",
            headers=other.account.headers,
            json={"precio_fijo": 1} if method == "PUT" else None,
        )
        assert answer.status_code == 404, (method, answer.text)
    cliente = await register(api, "CLIENTE")
    for who in (cliente, admin):  # the page shows its admin notice on a 403
        assert (await api.get(f"{LEGACY}/profesional/servicios/me", headers=who.headers)).status_code == 403
    assert (await api.get(f"{LEGACY}/profesional/servicios/me")).status_code == 401
    bad = await api.post(
        f"{LEGACY}/profesional/servicios", headers=pro.account.headers, json={**body, "precio_fijo": 0}
    )
    assert bad.status_code == 422
    [kept] = (await api.get(f"{LEGACY}/profesional/servicios/me", headers=pro.account.headers)).json()
    assert kept["precio_fijo"] == 30000.0


# --- row 6: KYC review --------------------------------------------------------------------------------------


async def submitted(api: httpx.AsyncClient) -> tuple[Account, str]:
    pro = await register(api, "PROFESIONAL")
    profile_id = (await api.get(f"{V1}/professional/me", headers=pro.headers)).json()["id"]
    uploaded = await api.post(
        f"{V1}/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    return pro, str(profile_id)


async def test_kyc_review_page(api: httpx.AsyncClient, admin: Account) -> None:
    first, first_id = await submitted(api)
    second, second_id = await submitted(api)
    third, third_id = await submitted(api)
    # adminService.listPendingKYC
    pending = await api.get(f"{LEGACY}/admin/kyc/pending", headers=admin.headers)
    assert pending.status_code == 200, pending.text
    by_id = {p["id"]: p for p in pending.json()}
    reads(by_id[first_id], "AdminKycPage")
    # adminService.approveKYC: PUT, no body
    approved = await api.put(f"{LEGACY}/admin/kyc/{first_id}/approve", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    assert "message" in approved.json()
    status = await api.get(f"{V1}/professional/kyc/status", headers=first.headers)
    assert status.json()["estado_verificacion"] == "APROBADO"
    # adminService.rejectKYC(id): PUT with {reason: undefined} (sent as {}), or with a reason.
    rejected = await api.put(f"{LEGACY}/admin/kyc/{second_id}/reject", headers=admin.headers, json={})
    assert rejected.status_code == 200, rejected.text
    status = (await api.get(f"{V1}/professional/kyc/status", headers=second.headers)).json()
    assert (status["estado_verificacion"], bool(status["motivo_rechazo"])) == ("RECHAZADO", True)
    with_reason = await api.put(
        f"{LEGACY}/admin/kyc/{third_id}/reject", headers=admin.headers, json={"reason": "El DNI no se lee"}
    )
    assert with_reason.status_code == 200, with_reason.text
    status = (await api.get(f"{V1}/professional/kyc/status", headers=third.headers)).json()
    assert status["motivo_rechazo"] == "El DNI no se lee"
    # Staff only.
    assert (await api.get(f"{LEGACY}/admin/kyc/pending", headers=first.headers)).status_code == 403
    assert (await api.put(f"{LEGACY}/admin/kyc/{third_id}/approve", headers=third.headers)).status_code == 403


# --- row 9: portfolio ---------------------------------------------------------------------------------------


async def test_portfolio_pages(api: httpx.AsyncClient, pro: Pro) -> None:
    # professionalService.createPortfolioItem, uploadPortfolioImage (multipart ``file``), listPortfolio
    created = await api.post(
        f"{LEGACY}/professional/portfolio",
        headers=pro.account.headers,
        json={"titulo": "Baño completo", "descripcion": "Cambio de cerámicos"},
    )
    assert created.status_code == 201, created.text
    reads(created.json(), "PortfolioItem")
    item_id = created.json()["id"]
    uploaded = await api.post(
        f"{LEGACY}/professional/portfolio/{item_id}/image",
        headers=pro.account.headers,
        files={"file": ("obra.jpg", image_bytes(), "image/jpeg")},
    )
    assert uploaded.status_code == 200, uploaded.text
    [url] = uploaded.json()["imagenes_urls"]
    assert url.startswith("http://")
    assert "/media/" in url
    image = await api.get(url.removeprefix("http://localhost:8000"))
    assert image.status_code == 200
    listed = await api.get(f"{LEGACY}/professional/portfolio", headers=pro.account.headers)
    [item] = [i for i in listed.json() if i["id"] == item_id]
    reads(item, "PortfolioItem")
    assert item["imagenes_urls"] == [url]
    # publicService.getProfessionalPortfolio (app/(public)/profesional/[id])
    public = await api.get(f"{LEGACY}/public/professional/{pro.profile_id}/portfolio")
    assert public.status_code == 200, public.text
    assert [i["imagenes_urls"] for i in public.json() if i["id"] == item_id] == [[url]]
    # Roles: a client has no portfolio.
    cliente = await register(api, "CLIENTE")
    assert (await api.get(f"{LEGACY}/professional/portfolio", headers=cliente.headers)).status_code == 403


# --- row 10: the public profile's reviews -------------------------------------------------------------------


async def test_public_profile_reviews(api: httpx.AsyncClient, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE", nombre="Rosa", apellido="Reseña")
    trabajo_id = await released_trabajo(api, cliente, pro.account)
    review = await api.post(
        f"{V1}/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.headers,
        json={"rating": 5, "texto_resena": "Impecable y puntual"},
    )
    assert review.status_code == 201, review.text
    # publicService.getProfessionalProfile (the professionals service learns of the review by an event)
    profile = httpx.Response(404)

    async def reviewed() -> bool:
        nonlocal profile
        profile = await api.get(f"{LEGACY}/public/professional/{pro.profile_id}")
        return profile.status_code == 200 and bool(profile.json()["resenas"])

    await eventually(reviewed)
    reads(profile.json(), "PerfilPublico")
    [resena] = profile.json()["resenas"]
    reads(resena, "PerfilPublico.resena")
    assert resena["comentario"] == "Impecable y puntual"
    assert resena["cliente_nombre"].startswith("Rosa")
    assert is_date(resena["created_at"])
    assert (await api.get(f"{LEGACY}/public/professional/{uuid.uuid4()}")).status_code == 404


# --- row 11: trabajos with ``estado`` -----------------------------------------------------------------------


async def test_admin_trabajos_page(api: httpx.AsyncClient, admin: Account, pro: Pro) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    # adminService.listAllTrabajos: every trabajo at once.
    answer = await api.get(f"{LEGACY}/admin/trabajos", headers=admin.headers)
    assert answer.status_code == 200, answer.text
    [trabajo] = [t for t in answer.json() if t["id"] == trabajo_id]
    reads(trabajo, "AdminTrabajosPage")
    assert trabajo["estado"] == "PAGADO_EN_ESCROW"  # the page filters on the escrow states
    for path, who in (
        ("/cliente/trabajos", cliente),
        (f"/cliente/trabajo/{trabajo_id}", cliente),
        ("/professional/trabajos", pro.account),
    ):
        got = await api.get(f"{LEGACY}{path}", headers=who.headers)
        assert got.status_code == 200, got.text
        items = got.json() if isinstance(got.json(), list) else [got.json()]
        assert [t["estado"] for t in items if t["id"] == trabajo_id] == ["PAGADO_EN_ESCROW"]
    assert (await api.get(f"{LEGACY}/admin/trabajos", headers=cliente.headers)).status_code == 403


# --- row 12: oficios with their creation date ---------------------------------------------------------------


async def test_admin_oficios_page(api: httpx.AsyncClient, admin: Account) -> None:
    # adminService.createOficio, then adminService.listOficios: passed through, v1's own fields.
    created = await api.post(
        f"{LEGACY}/admin/oficios",
        headers=admin.headers,
        json={"nombre": f"Oficio {uuid.uuid4().hex[:10]}", "descripcion": "Desde el panel"},
    )
    assert created.status_code == 201, created.text
    reads(created.json(), "AdminOficiosPage")
    listed = await api.get(f"{LEGACY}/admin/oficios", headers=admin.headers)
    assert listed.status_code == 200, listed.text
    [oficio] = [o for o in listed.json() if o["id"] == created.json()["id"]]
    reads(oficio, "AdminOficiosPage")
    assert is_date(oficio["fecha_creacion"])  # new Date(oficio.fecha_creacion).toLocaleDateString
    v1 = (await api.get(f"{V1}/admin/oficios", headers=admin.headers)).json()
    assert [o for o in v1 if o["id"] == oficio["id"]] == [oficio]  # no adapter: the v1 answer itself


# --- row 13: ban and unban ----------------------------------------------------------------------------------


async def test_ban_and_unban_answer_with_the_email(api: httpx.AsyncClient, admin: Account) -> None:
    victim = await register(api, "CLIENTE")
    # adminService.banUser / unbanUser: POST, no body; the toast reads data.email.
    banned = await api.post(f"{LEGACY}/admin/users/{victim.id}/ban", headers=admin.headers)
    assert banned.status_code == 200, banned.text
    reads(banned.json(), "AdminUsersPage.ban")
    assert (banned.json()["email"], banned.json()["is_active"]) == (victim.email, False)
    unbanned = await api.post(f"{LEGACY}/admin/users/{victim.id}/unban", headers=admin.headers)
    assert (unbanned.json()["email"], unbanned.json()["is_active"]) == (victim.email, True)
    other = await register(api, "CLIENTE")
    assert (await api.post(f"{LEGACY}/admin/users/{victim.id}/ban", headers=other.headers)).status_code == 403
