"""The legacy layer's pure parts: field mappings, the call table and its matching (no I/O)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest

from conectar.chat.statemachine import EstadoEscrow, EstadoOferta
from conectar.contracts.routing import API, route_for
from conectar.gateway.legacy import mappings
from conectar.gateway.legacy.calls import CallTable, LegacyCall, alias
from conectar.gateway.legacy.table import LEGACY_CALLS
from conectar.payments.schemas import TipoMovimiento

BASE = "http://gateway.example"
T0 = "2026-01-02T10:00:00Z"
T1 = "2026-01-03T11:00:00Z"
T2 = "2026-01-04T12:00:00Z"


def v1_trabajo(**changes: Any) -> dict[str, Any]:
    trabajo: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "cliente_id": str(uuid.uuid4()),
        "profesional_id": str(uuid.uuid4()),
        "chat_id": str(uuid.uuid4()),
        "oferta_id": str(uuid.uuid4()),
        "servicio_instant_id": None,
        "descripcion": "Cambio de canilla",
        "precio_final": "15000.00",
        "comision_plataforma": None,
        "monto_liberado": None,
        "estado_escrow": "PAGADO_EN_ESCROW",
        "mercadopago_payment_id": "123",
        "fecha_completado": None,
        "fecha_creacion": T0,
        "fecha_actualizacion": T1,
    }
    trabajo.update(changes)
    return trabajo


# --- values ----------------------------------------------------------------------------------------------


def test_money_goes_out_as_numbers() -> None:
    assert mappings.number("15000.00") == 15000.0
    assert mappings.number("0.10") == 0.1
    assert mappings.number(12) == 12.0
    assert mappings.number(None) is None
    assert mappings.number("no") is None
    assert mappings.number(True) is None


def test_files_the_gateway_serves_get_absolute_urls() -> None:
    assert mappings.absolute("/media/avatars/a.webp", BASE + "/") == f"{BASE}/media/avatars/a.webp"
    assert mappings.absolute("https://cdn.example/a.webp", BASE) == "https://cdn.example/a.webp"
    assert mappings.absolute("//cdn.example/a.webp", BASE) == "//cdn.example/a.webp"
    assert mappings.absolute(None, BASE) is None


# --- trabajos (rows 1 and 11) ---------------------------------------------------------------------------


@pytest.mark.parametrize("estado", list(EstadoEscrow))
def test_every_escrow_state_has_a_lifecycle_state_the_pages_know(estado: EstadoEscrow) -> None:
    """The /chat_ofertas pages look the state up in a table of six: any other value breaks the page."""
    assert mappings.estado_trabajo(estado.value, None) in mappings.ESTADOS_TRABAJO
    assert mappings.estado_trabajo(estado.value, T1) in mappings.ESTADOS_TRABAJO


@pytest.mark.parametrize(
    ("escrow", "completado", "estado"),
    [
        ("PENDIENTE_PAGO", None, "PENDIENTE_PAGO"),
        ("PAGADO_EN_ESCROW", None, "EN_PROCESO"),
        ("PAGADO_EN_ESCROW", T1, "COMPLETADO"),
        ("EN_DISPUTA", T1, "EN_PROCESO"),
        ("LIBERANDO", T1, "APROBADO"),
        ("LIBERADO", T1, "APROBADO"),
        ("CANCELADO", None, "CANCELADO"),
        ("CANCELADO_REEMBOLSADO", None, "CANCELADO"),
        ("CERRADO_POR_ADMIN", None, "CANCELADO"),
        ("UN_ESTADO_NUEVO", None, "EN_PROCESO"),
    ],
)
def test_lifecycle_state(escrow: str, completado: str | None, estado: str) -> None:
    assert mappings.estado_trabajo(escrow, completado) == estado


def test_a_chat_ofertas_trabajo_has_every_field_its_pages_read() -> None:
    v1 = v1_trabajo(oferta_id=None, servicio_instant_id=str(uuid.uuid4()))
    out = mappings.trabajo_chat_ofertas(v1)
    # TrabajosList: estado, id, oferta_id.slice, created_at, fecha_inicio, notas_profesional.
    # trabajos/[trabajoId]: + profesional_id, cliente_id, fecha_fin, fecha_aprobacion, notas_cliente, imagenes.
    assert out["estado"] == "EN_PROCESO"
    assert out["oferta_id"] == ""  # an instant hire has no offer; the card slices the string
    assert out["created_at"] == T0
    assert out["updated_at"] == T1
    assert out["fecha_inicio"] is None
    assert out["fecha_fin"] is None
    assert out["fecha_aprobacion"] is None
    assert out["notas_profesional"] is None
    assert out["notas_cliente"] is None
    assert out["imagenes"] == []
    assert out["precio_final"] == 15000.0
    assert out["monto"] == 15000.0
    # The v1 fields stay.
    assert out["estado_escrow"] == "PAGADO_EN_ESCROW"
    assert out["id"] == v1["id"]
    assert out["profesional_id"] == v1["profesional_id"]


def test_an_approved_trabajo_says_when() -> None:
    out = mappings.trabajo_chat_ofertas(
        v1_trabajo(estado_escrow="LIBERADO", fecha_completado=T1, fecha_actualizacion=T2)
    )
    assert out["estado"] == "APROBADO"
    assert out["fecha_fin"] == T1
    assert out["fecha_aprobacion"] == T2


def test_a_trabajo_on_its_v1_paths_has_the_escrow_state_as_estado() -> None:
    """The admin page filters ``estado`` on PENDIENTE_PAGO, PAGADO_EN_ESCROW, LIBERADO."""
    out = mappings.trabajo(v1_trabajo(estado_escrow="LIBERADO", comision_plataforma="3000.00"))
    assert out["estado"] == "LIBERADO"
    assert out["comision_plataforma"] == 3000.0
    assert out["created_at"] == T0


def test_the_timeline_tells_the_trabajo_history() -> None:
    released = v1_trabajo(estado_escrow="LIBERADO", fecha_completado=T1, fecha_actualizacion=T2)
    events = mappings.timeline(released)
    assert [e["estado_nuevo"] for e in events] == ["PENDIENTE_PAGO", "COMPLETADO", "APROBADO"]
    assert [e["created_at"] for e in events] == [T0, T1, T2]
    for event in events:  # what the page reads
        assert {
            "id",
            "descripcion",
            "usuario_nombre",
            "created_at",
            "estado_anterior",
            "estado_nuevo",
        } <= set(event)
    assert len({e["id"] for e in events}) == 3
    refunded = mappings.timeline(v1_trabajo(estado_escrow="CANCELADO_REEMBOLSADO"))
    assert [e["estado_nuevo"] for e in refunded] == ["PENDIENTE_PAGO", "CANCELADO"]
    assert "reintegrado" in refunded[-1]["descripcion"]


# --- offers (rows 1 and 8) ------------------------------------------------------------------------------


def v1_oferta(estado: str = "OFERTADO") -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "profesional_id": str(uuid.uuid4()),
        "cliente_id": str(uuid.uuid4()),
        "chat_id": str(uuid.uuid4()),
        "descripcion": "Cambio de canilla",
        "precio_final": "15000.00",
        "estado": estado,
        "fecha_expiracion": T2,
        "fecha_creacion": T0,
        "fecha_actualizacion": T1,
    }


def test_an_offer_has_the_fields_the_client_page_reads() -> None:
    out = mappings.oferta(
        v1_oferta(),
        cliente_nombre="Carla Cliente",
        profesional_nombre="Pablo Pro",
        profesional_avatar_url=f"{BASE}/media/a.webp",
        profesional_rating=4.5,
    )
    assert out["precio"] == out["precio_final"] == out["precio_ofertado"] == 15000.0
    assert out["created_at"] == T0
    assert out["expires_at"] == T2
    assert out["profesional_nombre"] == "Pablo Pro"
    assert out["profesional_avatar_url"] == f"{BASE}/media/a.webp"
    assert out["profesional_rating"] == 4.5
    assert out["cliente_nombre"] == "Carla Cliente"
    assert out["estado"] == "OFERTADO"


@pytest.mark.parametrize("estado", list(EstadoOferta))
def test_a_chat_ofertas_offer_has_a_state_the_professional_page_knows(estado: EstadoOferta) -> None:
    out = mappings.oferta_chat_ofertas(v1_oferta(estado.value))
    assert out["estado"] in mappings.ESTADOS_OFERTA
    assert out["estado_oferta"] == estado.value
    if estado.value in mappings.ESTADOS_OFERTA:
        assert out["estado"] == estado.value
    assert mappings.oferta_chat_ofertas(v1_oferta("PAGADO"))["estado"] == "ACEPTADO"


# --- search (row 2) -------------------------------------------------------------------------------------


def card(
    rating: float, resenas: int, distancia: float, tarifa: str | None, nivel: str = "BRONCE"
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "nombre": "Pablo",
        "apellido": "Pro",
        "avatar_url": "/media/avatars/p.webp",
        "nivel": nivel,
        "radio_cobertura_km": 10,
        "acepta_instant": False,
        "tarifa_por_hora": tarifa,
        "rating_promedio": rating,
        "total_resenas": resenas,
        "distancia_km": distancia,
    }


def test_a_search_card_has_the_original_names() -> None:
    out = mappings.search_card(card(4.5, 3, 1.2, "8000.00", "ORO"), "Plomería", BASE)
    # ProfessionalCard: nombre, apellido, oficio, tarifa_por_hora, calificacion_promedio (toFixed),
    # cantidad_resenas, avatar_url, nivel_profesional, id.
    assert out["calificacion_promedio"] == 4.5
    assert out["cantidad_resenas"] == 3
    assert out["nivel_profesional"] == "ORO"
    assert out["oficio"] == "Plomería"
    assert out["tarifa_por_hora"] == 8000.0
    assert out["avatar_url"] == f"{BASE}/media/avatars/p.webp"
    assert out["distancia_km"] == 1.2


def test_merging_oficios_keeps_each_professional_once_in_the_requested_order() -> None:
    a = card(3.0, 1, 5.0, "9000.00")
    b = card(5.0, 2, 9.0, None)
    c = card(5.0, 7, 2.0, "7000.00")
    twice = dict(a)
    merged = mappings.merge_cards([[a, b], [twice, c]], "rating")
    assert [m["id"] for m in merged] == [c["id"], b["id"], a["id"]]
    assert [m["id"] for m in mappings.merge_cards([[a, b], [c]], "distancia")] == [c["id"], a["id"], b["id"]]
    assert [m["id"] for m in mappings.merge_cards([[a, b], [c]], "precio")] == [c["id"], a["id"], b["id"]]


# --- money (rows 3 and 4) -------------------------------------------------------------------------------


def test_the_admin_dashboard_has_top_level_totals() -> None:
    v1 = {
        "financials": {
            "total_facturado": "20000.00",
            "comision_total": "4000.00",
            "trabajos_completados": 1,
            "dinero_en_escrow": "15000.00",
        },
        "pagos_por_estado": {"APROBADO": 2, "PENDIENTE": 3, "LIBERADO": 1},
        "total_reembolsado": "500.00",
        "retiros_por_estado": {
            "SOLICITADO": {"cantidad": 2, "monto": "100.00"},
            "EN_PROCESO": {"cantidad": 1, "monto": "50.00"},
            "PAGADO": {"cantidad": 4, "monto": "900.00"},
        },
    }
    out = mappings.admin_dashboard(v1)
    assert out["total_monto_procesado"] == 35500.0
    assert out["total_transacciones"] == 6
    assert out["pagos_pendientes"] == 3
    assert out["retiros_pendientes"] == 3
    assert out["total_comisiones"] == 4000.0
    assert out["financials"] == v1["financials"]  # v1 stays


def test_an_empty_dashboard_still_has_numbers() -> None:
    out = mappings.admin_dashboard({"financials": {}, "pagos_por_estado": {}, "retiros_por_estado": {}})
    assert out["total_monto_procesado"] == 0
    assert out["pagos_pendientes"] + out["retiros_pendientes"] == 0


def test_the_history_filters_speak_our_movement_types() -> None:
    legacy = [
        ("tipo", "ingreso"),
        ("page", "2"),
        ("limit", "20"),
        ("desde", "2026-01-01T00:00:00.000Z"),
        ("x", "y"),
    ]
    assert mappings.historial_query(legacy, "PROFESIONAL") == [
        ("tipo", "LIBERACION"),
        ("page", "2"),
        ("limit", "20"),
        ("desde", "2026-01-01"),
    ]
    assert mappings.historial_query([("tipo", "egreso")], "CLIENTE") == [("tipo", "PAGO")]
    assert mappings.historial_query([("tipo", "egreso")], "PROFESIONAL") == [("tipo", "RETIRO")]


@pytest.mark.parametrize("tipo", list(TipoMovimiento))
@pytest.mark.parametrize("rol", ["PROFESIONAL", "CLIENTE", "ADMIN"])
def test_every_movement_has_the_fields_the_payments_page_reads(tipo: TipoMovimiento, rol: str) -> None:
    v1 = {
        "id": str(uuid.uuid4()),
        "tipo": tipo.value,
        "monto": "15000.00",
        "comision": "3000.00" if tipo is TipoMovimiento.LIBERACION else "0.00",
        "neto": "12000.00",
        "trabajo_id": None,
        "retiro_id": None,
        "referencia": None,
        "descripcion": "Movimiento",
        "fecha": T0,
    }
    out = mappings.movimiento(v1, rol)
    assert out["fecha_creacion"] == T0
    assert out["tipo"] in ("ingreso", "egreso", "comision")
    assert out["tipo_movimiento"] == tipo.value
    assert out["estado"] in ("pendiente", "completado", "cancelado", "en_disputa", "reembolsado")
    assert out["monto"] == 15000.0
    # Shown only when there is one (``x && …`` would print a 0).
    assert out["comision_plataforma"] == (3000.0 if tipo is TipoMovimiento.LIBERACION else None)


def test_the_history_totals() -> None:
    v1 = {
        "movimientos": [],
        "total": 3,
        "page": 1,
        "limit": 20,
        "totalPages": 1,
        "resumen": {
            "cantidad": 3,
            "total_monto": "35000.00",
            "total_comision": "4000.00",
            "total_neto": "31000.00",
            "por_tipo": {
                "LIBERACION": {"cantidad": 1, "monto": "20000.00"},
                "RETIRO": {"cantidad": 1, "monto": "10000.00"},
                "PAGO": {"cantidad": 1, "monto": "5000.00"},
            },
        },
    }
    pro = mappings.historial(v1, "PROFESIONAL")["resumen"]
    assert (pro["total_ingresos"], pro["total_egresos"], pro["total_comisiones"]) == (
        16000.0,
        10000.0,
        4000.0,
    )
    cliente = mappings.historial(v1, "CLIENTE")["resumen"]
    assert (cliente["total_ingresos"], cliente["total_egresos"], cliente["total_comisiones"]) == (
        0.0,
        5000.0,
        0.0,
    )


# --- professionals' pages (rows 5, 9, 10) ---------------------------------------------------------------


def test_a_published_service_id_names_the_service_and_its_professional() -> None:
    servicio, profesional = uuid.uuid4(), uuid.uuid4()
    legacy_id = mappings.servicio_id(servicio, profesional)
    assert mappings.split_servicio_id(legacy_id) == (servicio, profesional)
    assert mappings.split_servicio_id(str(servicio)) is None
    assert mappings.split_servicio_id("x_y") is None


def test_a_published_service_nests_its_professional_and_oficio() -> None:
    oficio_id, servicio_id, profile_id, user_id = (str(uuid.uuid4()) for _ in range(4))
    v1 = {
        "servicio_id": servicio_id,
        "nombre": "Destapación",
        "descripcion": "Cañería de cocina",
        "oficio_id": oficio_id,
        "precio_fijo": "12000.00",
        "profesional_id": profile_id,
        "usuario_id": user_id,
        "profesional_nombre": "Pablo",
        "profesional_apellido": "Pro",
        "avatar_url": None,
        "nivel": "PLATA",
        "rating_promedio": 0.0,
        "total_resenas": 0,
        "distancia_km": None,
    }
    out = mappings.servicio(v1, {oficio_id: {"id": oficio_id, "nombre": "Plomería"}}, BASE)
    # ProyectoCard: id, nombre, descripcion, profesional.nombre, profesional.rating_promedio && …,
    # oficio.nombre, oficio.categoria, precio_fijo.
    assert out["id"] == f"{servicio_id}_{profile_id}"
    assert out["precio_fijo"] == 12000.0
    assert out["profesional"]["nombre"] == "Pablo"
    assert out["profesional"]["user_id"] == user_id
    assert out["profesional"]["rating_promedio"] is None  # no reviews yet: nothing shown, not a stray 0
    assert out["oficio"] == {"id": oficio_id, "nombre": "Plomería", "categoria": None}


def test_a_service_a_professional_published_keeps_its_own_id() -> None:
    oficio_id, servicio_id, profile_id = (str(uuid.uuid4()) for _ in range(3))
    v1 = {
        "tipo": "publicado",
        "servicio_id": servicio_id,
        "nombre": "Termotanque",
        "descripcion": "",
        "oficio_id": oficio_id,
        "precio_fijo": "45000.00",
        "profesional_id": profile_id,
        "usuario_id": str(uuid.uuid4()),
        "profesional_nombre": "Pablo",
        "profesional_apellido": "Pro",
        "avatar_url": None,
        "nivel": "BRONCE",
        "rating_promedio": 4.5,
        "total_resenas": 2,
        "distancia_km": 1.2,
    }
    out = mappings.servicio(v1, {oficio_id: {"id": oficio_id, "nombre": "Gas"}}, BASE)
    assert out["id"] == servicio_id  # contratarProyecto(id) hires it with no body
    assert mappings.split_servicio_id(out["id"]) is None
    assert out["tipo"] == "publicado"
    assert (out["precio_fijo"], out["oficio"]["nombre"]) == (45000.0, "Gas")
    assert mappings.servicio({**v1, "tipo": "catalogo"}, {}, BASE)["id"] == f"{servicio_id}_{profile_id}"


def test_a_professionals_own_service_as_the_publish_page_reads_it() -> None:
    oficio_id = str(uuid.uuid4())
    v1 = {
        "id": str(uuid.uuid4()),
        "profesional_id": str(uuid.uuid4()),
        "oficio_id": oficio_id,
        "oficio_nombre": "Electricidad",
        "nombre": "Cambio de tablero",
        "descripcion": "",
        "precio_fijo": "90000.50",
        "activo": True,
        "fecha_creacion": "2026-12-06T10:00:00Z",
        "fecha_actualizacion": "2026-12-06T10:00:00Z",
    }
    out = mappings.servicio_publicado(v1)
    assert out["precio_fijo"] == 90000.5  # toLocaleString('es-AR')
    assert out["oficio"] == {"id": oficio_id, "nombre": "Electricidad", "categoria": None}
    assert {k: out[k] for k in v1 if k != "precio_fijo"} == {
        k: v for k, v in v1.items() if k != "precio_fijo"
    }


def test_a_portfolio_item_lists_its_image_urls_in_order() -> None:
    item = {
        "id": "i",
        "profesional_id": "p",
        "titulo": "Baño",
        "descripcion": "",
        "fecha_creacion": T0,
        "fecha_actualizacion": T0,
        "imagenes": [
            {"id": "b", "imagen_url": "/media/p/b.webp", "thumbnail_url": "/media/p/b-t.webp", "orden": 1},
            {"id": "a", "imagen_url": "/media/p/a.webp", "thumbnail_url": "/media/p/a-t.webp", "orden": 0},
        ],
    }
    out = mappings.portfolio_item(item, BASE)
    assert out["imagenes_urls"] == [f"{BASE}/media/p/a.webp", f"{BASE}/media/p/b.webp"]
    assert out["imagenes"][0]["image_url"] == f"{BASE}/media/p/a.webp"
    assert out["imagenes"][0]["thumbnail_url"] == f"{BASE}/media/p/a-t.webp"


def test_the_public_profile_reviews_have_the_original_names() -> None:
    review = {
        "id": "r",
        "rating": 5,
        "texto_resena": "Excelente",
        "nombre_cliente": "Carla C.",
        "fecha_creacion": T0,
    }
    out = mappings.perfil_publico({"avatar_url": "/media/a.webp", "resenas": [review], "portfolio": []}, BASE)
    assert out["resenas"][0]["comentario"] == "Excelente"
    assert out["resenas"][0]["cliente_nombre"] == "Carla C."
    assert out["resenas"][0]["created_at"] == T0
    assert out["resenas"][0]["texto_resena"] == "Excelente"
    assert out["avatar_url"] == f"{BASE}/media/a.webp"
    assert out["portfolio_items"] == []


# --- admin (rows 6 and 13) ------------------------------------------------------------------------------


def test_a_kyc_rejection_always_says_why() -> None:
    assert mappings.kyc_reject_body({"reason": "DNI ilegible"}) == {"motivo": "DNI ilegible"}
    assert mappings.kyc_reject_body({}) == {"motivo": mappings.KYC_MOTIVO_POR_DEFECTO}
    assert mappings.kyc_reject_body({"reason": " "}) == {"motivo": mappings.KYC_MOTIVO_POR_DEFECTO}
    assert mappings.kyc_reject_body([]) == {"motivo": mappings.KYC_MOTIVO_POR_DEFECTO}


def test_ban_answers_with_a_top_level_email() -> None:
    user = {"id": "u", "email": "a@example.com", "is_active": False}
    out = mappings.ban({"message": "Usuario suspendido", "user": user})
    assert (out["user_id"], out["email"], out["is_active"], out["mensaje"]) == (
        "u",
        "a@example.com",
        False,
        "Usuario suspendido",
    )
    assert out["user"] == user


# --- the call table -------------------------------------------------------------------------------------


def test_every_declared_call_stands_for_v1_routes_the_gateway_routes() -> None:
    for call in LEGACY_CALLS:
        assert call.serves, call.route
        # 0: a call the frontend makes in v1's words (forwarded as it is); otherwise issue 20's row.
        assert call.row in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15), call.route
        if call.forwards:  # the same call on /api/v1
            assert call.v1 == (call.route,), call.route
        assert call.forwards or call.row in range(1, 14), call.route
        for v1 in call.v1:
            method, _, path = v1.partition(" ")
            assert method in ("GET", "POST", "PUT", "PATCH", "DELETE"), v1
            concrete = API + re.sub(r"\{[a-z_]+\}", "x", path)
            assert route_for(concrete) is not None, v1


def test_calls_are_matched_on_whole_segments_literal_first() -> None:
    async def handler(_: Any) -> Any:
        raise AssertionError

    table = CallTable(
        [
            LegacyCall("GET", "/t/{id}", "a", 1, ("GET /cliente/trabajos",), handler),
            LegacyCall("GET", "/t/special", "b", 1, ("GET /cliente/trabajos",), handler),
            LegacyCall("GET", "/t/{id}/timeline", "c", 1, ("GET /cliente/trabajos",), handler),
        ]
    )
    found = table.match("GET", "/t/123")
    assert found is not None
    assert found[0].serves == "a"
    assert found[1] == {"id": "123"}
    found = table.match("GET", "/t/special")
    assert found is not None
    assert found[0].serves == "b"
    found = table.match("GET", "/t/123/timeline")
    assert found is not None
    assert found[0].serves == "c"
    assert table.match("POST", "/t/123") is None
    assert table.match("GET", "/t") is None
    assert table.match("GET", "/t/") is None
    assert table.match("GET", "/t/1/2/3") is None


def test_a_call_is_declared_once() -> None:
    call = LEGACY_CALLS[0]
    with pytest.raises(ValueError, match="twice"):
        CallTable([call, call])


def test_the_real_table_matches_what_the_frontend_sends() -> None:
    table = CallTable(LEGACY_CALLS)
    trabajo = str(uuid.uuid4())
    expectations = {
        ("GET", "/chat_ofertas/trabajos"): "trabajosService.getMyTrabajos",
        ("GET", f"/chat_ofertas/trabajos/{trabajo}"): "trabajosService.getTrabajoById",
        ("GET", f"/chat_ofertas/trabajos/{trabajo}/timeline"): "trabajosService.getTrabajoTimeline",
        ("PUT", f"/admin/kyc/{trabajo}/approve"): "adminService.approveKYC",
        ("POST", "/search"): "searchService.searchProfessionals",
        ("GET", "/profesional/servicios/me"): "professionalService.getMisProyectosPublicados",
        ("POST", "/profesional/servicios"): "professionalService.publicarProyecto",
        ("PUT", f"/profesional/servicios/{trabajo}"): "professionalService.actualizarProyecto",
        ("DELETE", f"/profesional/servicios/{trabajo}"): "professionalService.eliminarProyecto",
    }
    for (method, path), serves in expectations.items():
        found = table.match(method, path)
        assert found is not None, path
        assert found[0].serves == serves, path
    # Calls in v1's own words are declared too, forwarded as they are.
    for method, path in (("GET", "/users/me"), ("POST", "/auth/login"), ("GET", "/cliente/ofertas/x")):
        found = table.match(method, path)
        assert found is not None, path
        assert found[0].forwards, path
    # Anything else is not served: a v1 route the frontend never calls, another method of a declared path.
    assert table.match("GET", f"/profesional/servicios/{trabajo}") is None
    assert table.match("GET", "/users/me/export") is None
    assert table.match("DELETE", "/users/me") is None


def test_an_alias_admission_uses_its_first_v1_route() -> None:
    call = LegacyCall(
        "PUT",
        "/admin/kyc/{profesional_id}/approve",
        "adminService.approveKYC",
        6,
        ("POST /admin/kyc/approve/{profesional_id}",),
        alias("POST", "/admin/kyc/approve/{profesional_id}"),
    )
    assert call.admission == ("POST", "/admin/kyc/approve/x")
    assert call.route == "PUT /admin/kyc/{profesional_id}/approve"
