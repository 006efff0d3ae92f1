"""Requests for quotes (pedidos de presupuesto, SPEC §10).

A client describes the job once (``/pedidos/nuevo``), follows their pedidos (``/pedidos``) and compares the
offers side by side on the pedido's page, cheapest first, each going to the summary before paying
(``/ofertas/{id}/confirmar``, which accepts through the API and so awards the pedido). A professional sees
the open pedidos of their oficios in their area, nearest first (``/profesional/pedidos``), and quotes one
from its page; the conversation with the client opens with the offer in it.

The API decides who sees what (a pedido is 404 to anyone it does not concern, the address is left out until
the award): these pages show what they get. Each area carries its role guard on its router.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from conectar.web import visits
from conectar.web.api import ApiError, error_text
from conectar.web.apimodels import (
    NearbyPedidoPage,
    Oferta,
    Oficio,
    Pedido,
    PedidoOffer,
)
from conectar.web.cities import BARRIOS, BY_SLUG, CITIES
from conectar.web.core import W, Web, file_part, money_input, page_param, role_required
from conectar.web.forms import GENERAL, form_errors, submit

router = APIRouter(prefix="/pedidos", dependencies=[role_required("CLIENTE")])
professional = APIRouter(prefix="/profesional/pedidos", dependencies=[role_required("PROFESIONAL")])

MAX_FRANJAS = 5  # SPEC §10
MAX_FOTOS = 5
FOTO_MAX_BYTES = 5 * 1024 * 1024  # the API says so again; this only stops reading early
FOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"
PAGE_SIZE = 10
HERE = "aqui"  # the place select's value when the browser's location is used

# The API's field names that the form shows under another one.
ALIASES = {"latitude": "lugar", "longitude": "lugar", "oficio_id": "oficio"}


# --- the form's pieces -------------------------------------------------------------------------------------


def franja_names(n: int) -> tuple[str, str, str]:
    """The form's day, from and to fields of the n-th window (1-based)."""
    return f"franja{n}_fecha", f"franja{n}_desde", f"franja{n}_hasta"


def read_franjas(fields: Mapping[str, str]) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The windows typed (Buenos Aires time, read like a visit's, :mod:`conectar.web.visits`) as the API
    takes them, and the problems under each window's own fields. Rows left empty are skipped."""
    franjas: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    for n in range(1, MAX_FRANJAS + 1):
        names = franja_names(n)
        typed = dict(zip(visits.FIELDS, (fields.get(name, "") for name in names), strict=True))
        window, problems = visits.read(typed, required=False)
        renamed = dict(zip(visits.FIELDS, names, strict=True))
        errors.update({renamed[key]: text.replace(" de la visita", "") for key, text in problems.items()})
        if window is not None:
            franjas.append({"desde": window.desde.isoformat(), "hasta": window.hasta.isoformat()})
    return franjas, errors


def read_place(fields: Mapping[str, str]) -> tuple[tuple[float, float] | None, str | None]:
    """Where the job is: the browser's location (``latitude``/``longitude``, when the place says so) or a
    listed city or barrio's centre; the problem otherwise."""
    place = fields.get("lugar", "")
    if place == HERE:
        try:
            lat, lng = float(fields.get("latitude", "")), float(fields.get("longitude", ""))
        except ValueError:
            return None, "No pudimos leer tu ubicación: elegí tu barrio o ciudad de la lista"
        if math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180:
            return (lat, lng), None
        return None, "No pudimos leer tu ubicación: elegí tu barrio o ciudad de la lista"
    city = BY_SLUG.get(place)
    if city is None:
        return None, "Elegí tu barrio o ciudad"
    return (city.lat, city.lng), None


def api_errors(exc: ApiError) -> dict[str, str]:
    """The API's refusal of a pedido under the form's fields: a window's under that window's day."""
    if exc.status != 422 or not isinstance(exc.detail, list):
        return form_errors(exc, aliases=ALIASES)
    errors: dict[str, str] = {}
    for item in exc.detail:
        if not isinstance(item, dict):
            continue
        loc = [part for part in item.get("loc", []) if part not in ("body",)]
        if len(loc) >= 2 and loc[0] == "franjas" and isinstance(loc[1], int):
            name = franja_names(min(loc[1] + 1, MAX_FRANJAS))[0]
        elif loc and isinstance(loc[0], str):
            name = ALIASES.get(loc[0], loc[0])
        else:
            name = GENERAL
        errors.setdefault(name, error_text(item))
    return errors or form_errors(exc, aliases=ALIASES)


async def new_page(
    w: Web, *, errors: Mapping[str, str] | None = None, values: Mapping[str, Any] | None = None
) -> Response:
    oficios = await w.api.get_model("/public/oficios", list[Oficio], auth=False)
    return await w.render_form(
        "pedidos/new.html",
        errors=errors,
        values=values,
        oficios=[o for o in oficios if o.activo],
        barrios=BARRIOS,
        cities=CITIES,
        here=HERE,
        max_franjas=MAX_FRANJAS,
        franja_names=franja_names,
    )


# --- the client's pages ------------------------------------------------------------------------------------


@router.get("/nuevo")
async def new_pedido(w: W) -> Response:
    asked = w.request.query_params
    values: dict[str, str] = {"lugar": asked.get("ciudad") or ""}
    if asked.get("oficio"):
        values["oficio"] = asked.get("oficio") or ""
    return await new_page(w, values=values)


@router.post("/nuevo")
async def create_pedido(w: W) -> Response:
    fields = await w.fields()
    franjas, problems = read_franjas(fields)
    point, place_problem = read_place(fields)
    if place_problem:
        problems["lugar"] = place_problem
    if not fields.get("oficio"):
        problems["oficio"] = "Elegí el oficio"
    if problems or point is None:
        return await new_page(w, errors=problems, values=fields)
    body: dict[str, Any] = {
        "oficio_id": fields["oficio"],
        "titulo": fields.get("titulo", ""),
        "descripcion": fields.get("descripcion", ""),
        "latitude": point[0],
        "longitude": point[1],
        "direccion": fields.get("direccion", ""),
        "franjas": franjas,
    }
    presupuesto = money_input(fields.get("presupuesto_max"))
    if presupuesto is not None:
        body["presupuesto_max"] = presupuesto

    async def refused(exc: ApiError) -> Response:
        return await new_page(w, errors=api_errors(exc), values=fields)

    created = await submit(
        w.api.post_model("/pedidos", Pedido, body),
        lambda errors: new_page(w, errors=errors, values=fields),
        special=refused,
    )
    if isinstance(created, Response):
        return created
    return w.redirect(
        f"/pedidos/{created.id}",
        "Listo: avisamos a los profesionales de tu zona. Cuando te manden ofertas, las vas a ver acá.",
    )


@router.get("")
async def my_pedidos(w: W) -> Response:
    pedidos = await w.api.get_model("/pedidos/mios", list[Pedido])
    return await w.render("pedidos/list.html", pedidos=pedidos)


async def detail_page(w: Web, pedido_id: uuid.UUID, *, errors: Mapping[str, str] | None = None) -> Response:
    pedido, ofertas = await asyncio.gather(
        w.api.get_model(f"/pedidos/{pedido_id}", Pedido),
        w.api.get_model(f"/pedidos/{pedido_id}/ofertas", list[PedidoOffer]),
    )
    waiting = [item for item in ofertas if item.oferta.estado == "OFERTADO"]
    return await w.render_form(
        "pedidos/detail.html",
        errors=errors,
        pedido=pedido,
        ofertas=ofertas,
        waiting=len(waiting),
        cheapest=waiting[0].oferta.id if waiting else None,
        max_fotos=MAX_FOTOS,
        foto_accept=FOTO_ACCEPT,
    )


@router.get("/{pedido_id}")
async def pedido(pedido_id: uuid.UUID, w: W) -> Response:
    return await detail_page(w, pedido_id)


@router.post("/{pedido_id}/fotos")
async def add_foto(pedido_id: uuid.UUID, w: W) -> Response:
    uploads = await w.files("foto")
    if not uploads:
        return await detail_page(w, pedido_id, errors={"foto": "Elegí una foto"})
    upload = uploads[0]
    data = await upload.read(FOTO_MAX_BYTES + 1)
    if len(data) > FOTO_MAX_BYTES:
        return await detail_page(w, pedido_id, errors={"foto": "La foto supera el tamaño máximo de 5 MB"})
    sent = await submit(
        w.api.post_model(
            f"/pedidos/{pedido_id}/fotos",
            Pedido,
            None,
            files=[file_part("file", upload, data, "foto")],
        ),
        lambda errors: detail_page(w, pedido_id, errors=errors),
        field="foto",
    )
    if isinstance(sent, Response):
        return sent
    return w.redirect(f"/pedidos/{pedido_id}#fotos", "Foto agregada")


@router.post("/{pedido_id}/cancelar")
async def cancel(pedido_id: uuid.UUID, w: W) -> Response:
    try:
        await w.api.post(f"/pedidos/{pedido_id}/cancelar")
    except ApiError as exc:
        if exc.status == 404:
            raise
        return w.redirect(f"/pedidos/{pedido_id}", exc.message, "error")
    return w.redirect(
        f"/pedidos/{pedido_id}", "Cancelaste el pedido: las ofertas sin responder quedaron rechazadas"
    )


# --- the professional's pages ------------------------------------------------------------------------------


@professional.get("")
async def nearby(w: W) -> Response:
    page = page_param(w.request, last=500)
    found = await w.api.get_model(
        "/professional/pedidos", NearbyPedidoPage, params={"page": page, "limit": PAGE_SIZE}
    )
    return await w.render(
        "pedidos/nearby.html",
        pedidos=found.pedidos,
        total=found.total,
        page=page,
        pages=max(1, found.totalPages),
    )


async def quote_page(
    w: Web,
    pedido_id: uuid.UUID,
    *,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Response:
    none: list[Oferta] = []
    pedido, mine = await asyncio.gather(
        w.api.get_model(f"/pedidos/{pedido_id}", Pedido),
        w.api.soft_model("/professional/ofertas", list[Oferta], none, params={"limit": 100}),
    )
    sent = next((o for o in mine if o.pedido_id == pedido.id), None)
    return await w.render_form(
        "pedidos/quote.html",
        errors=errors,
        values=values,
        pedido=pedido,
        sent=sent,
    )


@professional.get("/{pedido_id}")
async def quote(pedido_id: uuid.UUID, w: W) -> Response:
    return await quote_page(w, pedido_id)


@professional.post("/{pedido_id}/oferta")
async def send_quote(pedido_id: uuid.UUID, w: W) -> Response:
    fields = await w.fields()
    window, problems = visits.read(fields, required=False)
    if problems:
        return await quote_page(w, pedido_id, errors=problems, values=fields)
    body = {
        "descripcion": fields.get("descripcion", ""),
        "precio_final": money_input(fields.get("precio_final")),
        **(window.body() if window else {}),
    }
    sent = await submit(
        w.api.post_model(f"/professional/pedidos/{pedido_id}/ofertas", Oferta, body),
        lambda errors: quote_page(w, pedido_id, errors=errors, values=fields),
        aliases=visits.API_ALIASES,
        general_to=visits.DAY,
        general_if=lambda exc: window is not None and exc.status == 422,
    )
    if isinstance(sent, Response):
        return sent
    return w.redirect(
        f"/chat/{sent.chat_id}", "Oferta enviada: la conversación con el cliente ya está abierta"
    )
