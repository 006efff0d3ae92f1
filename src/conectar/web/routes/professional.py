"""The professional's side: dashboard and level, profile editor, verification (KYC), portfolio, offers,
reviews and their replies, earnings and payouts."""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from conectar.web import ledger
from conectar.web.api import ApiError
from conectar.web.apimodels import (
    Balance,
    History,
    InstantService,
    KycStatus,
    Level,
    Movement,
    Oferta,
    Oficio,
    OwnInstantService,
    OwnReview,
    PayoutPage,
    PortfolioItem,
    Profile,
    Trabajo,
)
from conectar.web.cities import BY_SLUG, nearest
from conectar.web.core import W, Web, file_part, money_input, page_param, role_required
from conectar.web.forms import form_errors, submit
from conectar.web.routes import onboarding

router = APIRouter(prefix="/profesional", dependencies=[role_required("PROFESIONAL")])

KYC_MAX_FILES = 5
HISTORY_PAGE = 15
REVIEWS_PAGE = 10


@router.get("")
async def dashboard(w: W) -> Response:
    no_trabajos: list[Trabajo] = []
    no_ofertas: list[Oferta] = []
    no_items: list[PortfolioItem] = []
    (me, nivel, balance, recientes, kyc, ofertas), items = await asyncio.gather(
        asyncio.gather(
            w.api.get_model("/professional/me", Profile),
            w.api.soft_model("/professional/me/nivel", Level, None),
            w.api.soft_model("/pagos/balance", Balance, None),
            w.api.soft_model("/professional/trabajos", list[Trabajo], no_trabajos, params={"limit": 5}),
            w.api.soft_model("/professional/kyc/status", KycStatus, None),
            w.api.soft_model(
                "/professional/ofertas", list[Oferta], no_ofertas, params={"estado": "OFERTADO", "limit": 5}
            ),
        ),
        # The first steps' progress also counts the portfolio.
        w.api.soft_model("/professional/portfolio", list[PortfolioItem], no_items),
    )
    return await w.render(
        "professional/dashboard.html",
        me=me,
        nivel=nivel,
        balance=balance,
        recientes=recientes,
        kyc=kyc,
        ofertas=ofertas,
        steps=onboarding.STEPS,
        progress=onboarding.progress_of(me, kyc, items),
    )


@dataclass(frozen=True)
class CatalogGroup:
    """One of the professional's oficios and the instant services they may offer in it."""

    oficio: Oficio
    servicios: list[InstantService]


async def editor_page(
    w: Web, *, errors: dict[str, str] | None = None, values: dict[str, Any] | None = None, section: str = ""
) -> Response:
    no_services: list[OwnInstantService] = []
    me, oficios, mis_servicios = await asyncio.gather(
        w.api.get_model("/professional/me", Profile),
        w.api.get_model("/public/oficios", list[Oficio], auth=False),
        w.api.soft_model("/professional/profile/servicios-instant", list[OwnInstantService], no_services),
    )
    no_catalog: list[InstantService] = []
    catalogs = await asyncio.gather(
        *(
            w.api.soft_model(f"/admin/oficios/{o.id}/servicios-instant", list[InstantService], no_catalog)
            for o in me.oficios
        )
    )
    mine = {str(s.id): s for s in mis_servicios}
    catalogo = [
        CatalogGroup(oficio, [s for s in servicios if s.activo or str(s.id) in mine])
        for oficio, servicios in zip(me.oficios, catalogs, strict=True)
    ]
    ciudad = None
    if me.latitude is not None and me.longitude is not None:
        ciudad = nearest(me.latitude, me.longitude)
    return await w.render_form(
        "professional/profile_edit.html",
        me=me,
        oficios=oficios,
        catalogo=catalogo,
        mine=mine,
        ciudad=ciudad,
        errors=errors,
        values=values,
        section=section,
    )


@router.get("/perfil")
async def edit_profile(w: W) -> Response:
    return await editor_page(w)


async def _save(
    w: Web,
    section: str,
    call: Awaitable[Any],
    done: str,
    fields: dict[str, Any],
    aliases: dict[str, str] | None = None,
) -> Response:
    """One section of the profile editor: saved, or the editor again with that section's refusals."""
    saved = await submit(
        call,
        lambda errors: editor_page(w, errors=errors, values=fields, section=section),
        aliases=aliases,
    )
    if isinstance(saved, Response):
        return saved
    return w.redirect(f"/profesional/perfil#{section}", done)


@router.post("/perfil")
async def save_profile(w: W) -> Response:
    fields = await w.fields()
    body: dict[str, Any] = {
        "tarifa_por_hora": money_input(fields.get("tarifa_por_hora")),
        "radio_cobertura_km": fields.get("radio_cobertura_km") or None,
        "descripcion": fields.get("descripcion") or None,
        "acepta_instant": fields.get("acepta_instant") == "1",
    }
    if body["radio_cobertura_km"] is None:
        body.pop("radio_cobertura_km")
    return await _save(w, "datos", w.api.put("/professional/profile", body), "Perfil actualizado", fields)


@router.post("/ubicacion")
async def save_location(w: W) -> Response:
    fields = await w.fields()
    lat, lng = fields.get("latitude"), fields.get("longitude")
    city = BY_SLUG.get(fields.get("ciudad") or "")
    if (not lat or not lng) and city is not None:
        lat, lng = str(city.lat), str(city.lng)
    if not lat or not lng:
        return await editor_page(
            w,
            errors={"ubicacion": "Marcá tu ubicación en el mapa o elegí una ciudad"},
            values=fields,
            section="zona",
        )
    body = {"latitude": lat, "longitude": lng}
    return await _save(
        w,
        "zona",
        w.api.put("/professional/profile/location", body),
        "Zona de trabajo actualizada",
        fields,
        {"latitude": "ubicacion", "longitude": "ubicacion"},
    )


@router.post("/oficios")
async def save_oficios(w: W) -> Response:
    form = await w.form()
    ids = [str(v) for v in form.getlist("oficio_ids") if isinstance(v, str)]
    return await _save(
        w,
        "oficios",
        w.api.put("/professional/profile/oficios", {"oficio_ids": ids}),
        "Oficios actualizados",
        {},
    )


@router.post("/servicios")
async def save_services(w: W) -> Response:
    form = await w.form()
    ids = [str(v) for v in form.getlist("servicio_ids") if isinstance(v, str)]
    fields = {k: v for k, v in form.items() if isinstance(v, str)}

    async def again(errors: dict[str, str]) -> Response:
        return await editor_page(w, errors=errors, values=fields, section="servicios")

    chosen = await submit(w.api.put("/professional/profile/servicios-instant", {"servicio_ids": ids}), again)
    if isinstance(chosen, Response):
        return chosen
    errors: dict[str, str] = {}
    for servicio_id in ids:
        name = f"precio_{servicio_id}"
        precio = money_input(fields.get(name))
        if precio is None:
            errors[name] = "Poné un precio para ofrecerlo"
            continue
        try:
            await w.api.put(f"/professional/servicios-instant/{servicio_id}", {"precio_fijo": precio})
        except ApiError as exc:  # each price under its own field; the others are still saved
            errors.update(form_errors(exc, aliases={"precio_fijo": name}, field=name))
    if errors:
        return await again(errors)
    return w.redirect("/profesional/perfil#servicios", "Servicios instantáneos actualizados")


@router.post("/cobro")
async def save_payout(w: W) -> Response:
    fields = await w.fields()
    body = {"payout_account": fields.get("payout_account", "").replace(" ", "")}
    return await _save(
        w, "cobro", w.api.put("/professional/payout-info", body), "Cuenta de cobro guardada", fields
    )


# --- KYC -----------------------------------------------------------------------------------------------


async def kyc_form(w: Web, errors: dict[str, str] | None = None) -> Response:
    status = await w.api.get_model("/professional/kyc/status", KycStatus)
    return await w.render_form("professional/kyc.html", kyc=status, errors=errors)


@router.get("/verificacion")
async def kyc_page(w: W) -> Response:
    return await kyc_form(w)


@router.post("/verificacion")
async def kyc_upload(w: W) -> Response:
    uploads = await w.files("files")
    if not uploads:
        return await kyc_form(w, {"files": "Elegí al menos un archivo"})
    files = [file_part("files", u, await u.read(), "documento") for u in uploads[:KYC_MAX_FILES]]
    sent = await submit(
        w.api.post("/professional/kyc/upload", files=files), lambda errors: kyc_form(w, errors), field="files"
    )
    if isinstance(sent, Response):
        return sent
    return w.redirect(
        "/profesional/verificacion", "Recibimos tu documentación: la revisamos en menos de 48 h hábiles."
    )


# --- portfolio -----------------------------------------------------------------------------------------


async def portfolio_page(
    w: Web, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    items, me = await asyncio.gather(
        w.api.get_model("/professional/portfolio", list[PortfolioItem]),
        w.api.get_model("/professional/me", Profile),
    )
    return await w.render_form(
        "professional/portfolio.html",
        items=items,
        me=me,
        errors=errors,
        values=values,
    )


@router.get("/portfolio")
async def portfolio(w: W) -> Response:
    return await portfolio_page(w)


@router.post("/portfolio")
async def create_item(w: W) -> Response:
    fields = await w.fields()
    uploads = await w.files("imagenes")
    item = await submit(
        w.api.post_model(
            "/professional/portfolio",
            PortfolioItem,
            {"titulo": fields.get("titulo", ""), "descripcion": fields.get("descripcion", "")},
        ),
        lambda errors: portfolio_page(w, errors=errors, values=fields),
    )
    if isinstance(item, Response):
        return item
    problems = await _add_images(w, str(item.id), uploads)
    if problems:
        return w.redirect("/profesional/portfolio", f"Trabajo creado, pero {problems}", "warn")
    return w.redirect("/profesional/portfolio", "Trabajo agregado a tu portfolio")


async def _add_images(w: Web, item_id: str, uploads: list[UploadFile]) -> str | None:
    for upload in uploads:
        data = await upload.read()
        try:
            await w.api.post(
                f"/professional/portfolio/{item_id}/image",
                files=[file_part("file", upload, data, "imagen")],
            )
        except ApiError as exc:
            return f"una imagen no se pudo subir: {exc.message}"
    return None


@router.post("/portfolio/{item_id}/imagenes")
async def add_images(item_id: uuid.UUID, w: W) -> Response:
    uploads = await w.files("imagenes")
    problem = await _add_images(w, str(item_id), uploads) if uploads else "elegí una imagen"
    if problem:
        return w.redirect(
            f"/profesional/portfolio#item-{item_id}", problem[:1].upper() + problem[1:], "error"
        )
    return w.redirect(f"/profesional/portfolio#item-{item_id}", "Imágenes agregadas")


@router.post("/portfolio/{item_id}/imagenes/{image_id}/borrar")
async def delete_image(item_id: uuid.UUID, image_id: uuid.UUID, w: W) -> Response:
    await w.api.delete(f"/professional/portfolio/{item_id}/image/{image_id}")
    return w.redirect(f"/profesional/portfolio#item-{item_id}", "Imagen borrada")


@router.post("/portfolio/{item_id}/borrar")
async def delete_item(item_id: uuid.UUID, w: W) -> Response:
    await w.api.delete(f"/professional/portfolio/{item_id}")
    return w.redirect("/profesional/portfolio", "Trabajo borrado del portfolio")


# --- offers, earnings --------------------------------------------------------------------------------


@router.get("/ofertas")
async def offers(request: Request, w: W) -> Response:
    estado = request.query_params.get("estado") or None
    items, chats = await asyncio.gather(
        w.api.get_model("/professional/ofertas", list[Oferta], params={"estado": estado, "limit": 100}),
        w.my_chats(soft=True),
    )
    return await w.render("professional/offers.html", ofertas=items, chats=chats.by_id(), estado=estado)


# --- reviews -----------------------------------------------------------------------------------------


async def reviews_page(
    w: Web,
    page: int,
    *,
    resena_id: str | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    (items, total), me = await asyncio.gather(
        w.api.get_model_with_total(
            "/professional/resenas", list[OwnReview], params={"page": page, "limit": REVIEWS_PAGE}
        ),
        w.api.get_model("/professional/me", Profile),
    )
    pages = max(1, math.ceil((total or len(items)) / REVIEWS_PAGE))
    shown = {str(r.id) for r in items}
    return await w.render_form(
        "professional/reviews.html",
        resenas=items,
        me=me,
        page=page,
        pages=pages,
        total=total or 0,
        resena_id=resena_id,
        errors=errors,
        # The review moved to another page meanwhile: its refusal goes at the top.
        top_error=(errors or {}).get("respuesta") if resena_id not in shown else None,
        values=values,
    )


@router.get("/resenas")
async def reviews(request: Request, w: W) -> Response:
    return await reviews_page(w, page_param(request))


@router.post("/resenas/{resena_id}/responder")
async def reply_review(resena_id: uuid.UUID, request: Request, w: W) -> Response:
    fields = await w.fields()
    page = page_param(request)

    async def not_theirs(exc: ApiError) -> Response | None:
        if exc.status in (403, 404):
            return w.redirect(f"/profesional/resenas?page={page}", exc.message, "error")
        return None

    replied = await submit(
        w.api.post(f"/resenas/{resena_id}/responder", {"respuesta": fields.get("respuesta", "")}),
        lambda errors: reviews_page(w, page, resena_id=str(resena_id), errors=errors, values=fields),
        special=not_theirs,
        # A refusal about this answer (empty, too long, already answered) goes under its field.
        field="respuesta",
    )
    if isinstance(replied, Response):
        return replied
    return w.redirect(f"/profesional/resenas?page={page}#resena-{resena_id}", "Publicamos tu respuesta")


HISTORY_CHUNK = 100  # the API's largest page


async def _newer_movements(w: Web, count: int) -> list[Movement]:
    """The ``count`` newest movements (unfiltered): those on the pages before the one shown."""
    found: list[Movement] = []
    chunk = 1
    while len(found) < count:
        page = await w.api.get_model(
            "/pagos/historial", History, params={"page": chunk, "limit": HISTORY_CHUNK}
        )
        found.extend(page.movimientos)
        if len(page.movimientos) < HISTORY_CHUNK:
            break
        chunk += 1
    return found[:count]


@router.get("/ganancias")
async def earnings(request: Request, w: W) -> Response:
    page = page_param(request)
    tipo = request.query_params.get("tipo") or None
    balance, historial, retiros, me, newer = await asyncio.gather(
        w.api.get_model("/pagos/balance", Balance),
        w.api.get_model(
            "/pagos/historial", History, params={"page": page, "limit": HISTORY_PAGE, "tipo": tipo}
        ),
        w.api.soft_model("/pagos/retiros", PayoutPage, None, params={"limit": 5}),
        w.api.get_model("/professional/me", Profile),
        # The running balance is the balance now walked back: it needs the newer movements, unfiltered.
        _newer_movements(w, (page - 1) * HISTORY_PAGE) if not tipo and page > 1 else _no_movements(),
    )
    pages = max(1, math.ceil(historial.total / HISTORY_PAGE))
    return await w.render(
        "professional/earnings.html",
        balance=balance,
        historial=historial,
        filas=ledger.rows(historial.movimientos, None if tipo else balance.disponible, newer),
        retiros=retiros.retiros if retiros else [],
        me=me,
        page=page,
        pages=pages,
        tipo=tipo,
    )


async def _no_movements() -> list[Movement]:
    return []


@router.post("/retiros")
async def request_payout(w: W) -> Response:
    monto = money_input((await w.fields()).get("monto"))
    try:
        await w.api.post("/pagos/retiros", {"monto": monto} if monto else None)
    except ApiError as exc:
        return w.redirect("/profesional/ganancias", exc.message, "error")
    return w.redirect(
        "/profesional/ganancias", "Pediste un retiro: lo acreditamos en tu cuenta en 24–48 h hábiles."
    )
