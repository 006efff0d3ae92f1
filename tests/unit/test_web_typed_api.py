"""The web app reads the API's answers through typed models: what they accept, ignore and refuse, the
``Api`` helpers that return them, and templates rendering them as they rendered dicts."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from conectar.platform.kv import MemoryStore
from conectar.web.api import Api, ApiContractError, ApiError, RefreshCoordinator, parse_as
from conectar.web.apimodels import (
    Chat,
    MyChats,
    Oferta,
    PaymentsDashboard,
    PublicReviewPage,
    Trabajo,
    User,
    UserPage,
)
from conectar.web.core import build_templates
from conectar.web.gateway import Gateway
from conectar.web.session import SessionCodec, SessionData

USER_ID = "8f0c1a52-5b2d-4a8e-9a7e-2b1d7c3e9f10"
USER: dict[str, Any] = {
    "id": USER_ID,
    "email": "carla@example.com",
    "nombre": "Carla",
    "apellido": "Gómez",
    "rol": "CLIENTE",
    "is_active": True,
    "fecha_creacion": "2025-03-14T12:00:00Z",
    "avatar_url": None,
    "telefono": None,
    "infracciones_chat": 0,
    "is_chat_banned": False,
    "es_admin": False,
    "es_profesional": False,
    "es_cliente": True,
}
OFERTA: dict[str, Any] = {
    "id": "0b7d2c52-5a62-4c54-a3a5-6f1f0e2a9d11",
    "profesional_id": str(uuid.uuid4()),
    "cliente_id": USER_ID,
    "chat_id": "6f0e1c2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
    "descripcion": "Cambio de grifería completa",
    "precio_final": "50000.50",
    "estado": "OFERTADO",
    "fecha_expiracion": "2025-03-21T12:00:00Z",
    "fecha_creacion": "2025-03-14T12:00:00Z",
    "fecha_actualizacion": "2025-03-14T12:00:00Z",
}


def test_a_model_reads_the_fields_the_page_uses_and_ignores_the_rest() -> None:
    user = parse_as(User, {**USER, "campo_nuevo": {"anidado": [1, 2]}})
    assert user.id == uuid.UUID(USER_ID)
    assert user.fecha_creacion == datetime(2025, 3, 14, 12, tzinfo=UTC)
    assert not hasattr(user, "campo_nuevo")
    assert not hasattr(user, "es_admin")  # the API sends it; no page reads it


def test_money_comes_as_a_decimal_string_or_a_json_number() -> None:
    assert parse_as(Oferta, OFERTA).precio_final == Decimal("50000.50")
    assert parse_as(Oferta, {**OFERTA, "precio_final": 18000.5}).precio_final == Decimal("18000.5")


def test_a_list_or_a_page_is_read_whole() -> None:
    ofertas = parse_as(list[Oferta], [OFERTA, {**OFERTA, "id": str(uuid.uuid4()), "estado": "PAGADO"}])
    assert [o.estado for o in ofertas] == ["OFERTADO", "PAGADO"]
    page = parse_as(UserPage, {"users": [USER], "total": 1, "page": 1, "limit": 20, "totalPages": 1})
    assert page.users[0].email == "carla@example.com"
    assert page.totalPages == 1


def test_a_state_the_web_does_not_know_yet_is_kept_as_it_comes() -> None:
    assert parse_as(Oferta, {**OFERTA, "estado": "EN_NEGOCIACION"}).estado == "EN_NEGOCIACION"


@pytest.mark.parametrize(
    "broken",
    [
        {k: v for k, v in OFERTA.items() if k != "chat_id"},  # a field the page needs is missing
        {**OFERTA, "id": "no-es-un-uuid"},
        {**OFERTA, "precio_final": "mucho"},
        {**OFERTA, "fecha_expiracion": "mañana"},
        ["no", "es", "una", "oferta"],
    ],
)
def test_an_answer_that_breaks_the_contract_is_refused_at_the_edge(broken: Any) -> None:
    with pytest.raises(ApiContractError) as refused:
        parse_as(Oferta, broken, path="/cliente/ofertas/x")
    assert refused.value.status == 502
    assert refused.value.path == "/cliente/ofertas/x"
    assert refused.value.shape == "Oferta"
    # The visitor sees the "not available" page, in Spanish, never the parser's words.
    assert (
        refused.value.message == "El servicio no está disponible en este momento; probá de nuevo en un rato"
    )
    assert isinstance(refused.value, ApiError)


def test_nullable_fields_may_be_null_or_missing() -> None:
    trabajo: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "cliente_id": USER_ID,
        "profesional_id": str(uuid.uuid4()),
        "chat_id": OFERTA["chat_id"],
        "descripcion": "Pintura",
        "precio_final": "1000.00",
        "comision_plataforma": None,
        "estado_escrow": "PENDIENTE_PAGO",
        "fecha_creacion": "2025-03-14T12:00:00Z",
    }
    read = parse_as(Trabajo, trabajo)
    assert read.comision_plataforma is None
    assert read.motivo_cierre is None  # only the staff's answer has it
    assert parse_as(Trabajo, {**trabajo, "motivo_cierre": "Transferido a mano"}).motivo_cierre


def test_my_chats_finds_a_conversation_by_id() -> None:
    chat_id = uuid.uuid4()
    chats = MyChats(
        chats=[
            Chat(
                id=chat_id,
                cliente_id=uuid.uuid4(),
                profesional_id=uuid.uuid4(),
                cliente_nombre="Carla",
                profesional_nombre="Pedro",
            )
        ],
        total_unread=0,
    )
    assert chats.find(str(chat_id)) is chats.chats[0]
    assert chats.find(uuid.uuid4()) is None
    assert list(chats.by_id()) == [str(chat_id)]


# --- the Api's typed helpers, against a stand-in of the gateway ----------------------------------------


async def _me(_request: Request) -> JSONResponse:
    return JSONResponse(USER)


async def _ofertas(_request: Request) -> JSONResponse:
    return JSONResponse([OFERTA], headers={"X-Total-Count": "7"})


async def _broken(_request: Request) -> JSONResponse:
    return JSONResponse({"id": "x"})


async def _refused(_request: Request) -> JSONResponse:
    return JSONResponse({"detail": "No encontrado"}, status_code=404)


STAND_IN = Starlette(
    routes=[
        Route("/api/v1/users/me", _me),
        Route("/api/v1/cliente/ofertas", _ofertas),
        Route("/api/v1/roto", _broken),
        Route("/api/v1/nada", _refused),
    ]
)


def _api() -> Api:
    codec = SessionCodec("s" * 48)
    signed_in = SessionData(
        access="a.b.c", refresh="r" * 43, exp=int(time.time()) + 900, user_id=USER_ID, rol="CLIENTE"
    )
    return Api(
        Gateway(app=lambda: STAND_IN),
        RefreshCoordinator(MemoryStore(), codec),
        signed_in,
        client_address="203.0.113.9",
    )


async def test_the_api_answers_models() -> None:
    api = _api()
    try:
        me = await api.get_model_as("token", "/users/me", User)
        assert (me.nombre, me.rol) == ("Carla", "CLIENTE")
        ofertas, total = await api.get_model_with_total("/cliente/ofertas", list[Oferta])
        assert (len(ofertas), ofertas[0].precio_final, total) == (1, Decimal("50000.50"), 7)
        assert await api.get_model("/users/me", User) == me
    finally:
        await api.gateway.close()


async def test_a_side_panel_falls_back_on_a_refusal_or_a_broken_answer() -> None:
    api = _api()
    try:
        assert await api.soft_model("/nada", User, None, auth=False) is None
        assert await api.soft_model("/roto", User, None, auth=False) is None
        with pytest.raises(ApiContractError):
            await api.get_model("/roto", User, auth=False)
        with pytest.raises(ApiError) as refused:
            await api.get_model("/nada", User, auth=False)
        assert refused.value.status == 404
    finally:
        await api.gateway.close()


# --- templates read models as they read dicts -----------------------------------------------------------


def _templates() -> Any:
    return build_templates(
        {"static_url": lambda path: f"/static/{path}", "CITIES": (), "sandbox_payments": True}
    )


def test_templates_render_models_with_attribute_access() -> None:
    page = parse_as(
        PublicReviewPage,
        {
            "resenas": [
                {
                    "id": str(uuid.uuid4()),
                    "rating": 5,
                    "texto_resena": "Impecable",
                    "nombre_cliente": "Carla Gómez",
                    "fecha_creacion": "2025-03-14T15:00:00Z",
                    "respuesta": "¡Gracias!",
                    "fecha_respuesta": "2025-03-15T15:00:00Z",
                }
            ],
            "total": 11,
            "page": 1,
            "limit": 10,
            "totalPages": 2,
        },
    )
    html = _templates().get_template("partials/reviews.html").render(data=page, pro_id="p", page=1)
    assert "Carla Gómez" in html
    assert "14 de marzo de 2025" in html
    assert "¡Gracias!" in html
    assert "Ver más reseñas" in html  # page 1 of 2


def test_the_staff_metrics_read_the_payouts_by_state() -> None:
    base: dict[str, Any] = {
        "total_reembolsado": "0",
        "saldo_profesionales": "1500.00",
        "en_transito": "0",
        "total_retirado": "0",
        "proveedor_pagos": "sandbox",
        "proveedor_retiros": "manual",
        "pagos_por_estado": {"approved": 3},
    }
    template = _templates().get_template("admin/metrics.html")
    context: dict[str, Any] = {
        "users": None,
        "financials": None,
        "pendientes": [],
        "disputas_abiertas": 0,
        "trabajos": [],
        "counts": {},
        "flashes": [],
        "path": "/admin",
        "query": "",
        "csrf_token": "t",
        "settings": None,
        "session": None,
        "user": None,
        "rol": "ADMIN",
    }
    with_payouts = PaymentsDashboard.model_validate(
        {**base, "retiros_por_estado": {"SOLICITADO": {"cantidad": 4, "monto": "12000.00"}}}
    )
    html = template.render(dashboard=with_payouts, **context)
    assert '<span class="pill">4</span>' in html
    none_asked = PaymentsDashboard.model_validate(
        {**base, "retiros_por_estado": {"PAGADO": {"cantidad": 2, "monto": "1.00"}}}
    )
    assert '<span class="pill">0</span>' in template.render(dashboard=none_asked, **context)
