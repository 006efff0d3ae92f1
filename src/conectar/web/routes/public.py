"""Pages anyone can see: home, search, professional profiles."""

from __future__ import annotations

import asyncio
import math
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from conectar.web import oficios as oficios_text
from conectar.web import seo
from conectar.web.api import ApiError
from conectar.web.apimodels import (
    Chat,
    HireableService,
    Hired,
    LeaderboardEntry,
    Oficio,
    PublicProfile,
    PublicReviewPage,
    SearchResults,
)
from conectar.web.cities import BY_SLUG, DEFAULT_CITY, nearest
from conectar.web.core import W, page_param

router = APIRouter()

PAGE_SIZE = 12
SORTS = {
    "distancia": "Más cercanos",
    "rating": "Mejor calificados",
    "precio": "Menor precio",
    "nivel": "Mayor nivel",
}


def _float(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    if number is None or math.isnan(number) or not low <= number <= high:
        return None
    return number


def _uuid(value: str | None) -> str | None:
    try:
        return str(uuid.UUID(str(value))) if value else None
    except ValueError:
        return None


def search_point(request: Request) -> tuple[float, float, str, str]:
    """(lat, lng, place name, city slug) from the query: browser coordinates, or a listed city."""
    q = request.query_params
    lat = _float(q.get("lat"), -90, 90)
    lng = _float(q.get("lng"), -180, 180)
    if lat is not None and lng is not None:
        return lat, lng, f"Tu ubicación (cerca de {nearest(lat, lng).nombre})", ""
    city = BY_SLUG.get(q.get("ciudad") or "", DEFAULT_CITY)
    return city.lat, city.lng, city.nombre, city.slug


@router.get("/")
async def home(w: W) -> Response:
    nobody: list[LeaderboardEntry] = []
    oficios, top = await asyncio.gather(
        w.api.get_model("/public/oficios", list[Oficio], auth=False),
        w.api.soft_model(
            "/gamification/leaderboard", list[LeaderboardEntry], nobody, auth=False, params={"limit": 4}
        ),
    )
    return await w.render("home.html", oficios=oficios, top=top)


def wanted_oficio(request: Request, catalogue: list[Oficio]) -> tuple[Oficio | None, str | None]:
    """The oficio the visitor asked for (``oficio``: an id, a name or a slug; or ``q``: what they typed,
    "plomero", "pérdida de gas"), and what they typed when it names none. Nothing asked: no oficio (the
    page asks for one instead of picking one for them)."""
    q = request.query_params
    asked = (q.get("oficio") or "").strip() or (q.get("q") or "").strip()
    if not asked:
        return None, None
    found = oficios_text.match(catalogue, asked)
    if found is None:
        return None, asked
    return next(o for o in catalogue if o.id == found.id), None


@router.get("/buscar")
async def search(request: Request, w: W) -> Response:
    q = request.query_params
    catalogue = await w.api.get_model("/public/oficios", list[Oficio], auth=False)
    oficio, unknown = wanted_oficio(request, catalogue)
    oficio_id = str(oficio.id) if oficio else None
    lat, lng, place, ciudad = search_point(request)
    sort = q.get("orden") if q.get("orden") in SORTS else "distancia"
    page = page_param(request, last=500)
    filters: dict[str, Any] = {}
    if q.get("nivel") in ("BRONCE", "PLATA", "ORO", "DIAMANTE"):
        filters["nivel"] = q.get("nivel")
    if q.get("instant") == "1":
        filters["acepta_instant"] = True
    rating_min = _float(q.get("rating_min"), 0, 5)
    if rating_min:
        filters["rating_minimo"] = rating_min
    precio_max = _float(q.get("precio_max"), 0, 10_000_000)
    if precio_max:
        filters["precio_maximo"] = str(int(precio_max))
    result = SearchResults(total=0, resultados=[], pagina=1, total_paginas=1)
    servicios: list[HireableService] = []
    error = None
    if oficio_id:
        body = {
            "latitude": lat,
            "longitude": lng,
            "oficio": oficio_id,
            "ordenar_por": sort,
            "skip": (page - 1) * PAGE_SIZE,
            "limit": PAGE_SIZE,
            **filters,
        }
        try:
            result, servicios = await asyncio.gather(
                w.api.post_model("/search", SearchResults, body, auth=False),
                w.api.soft_model(
                    "/servicios",
                    list[HireableService],
                    servicios,
                    auth=False,
                    params={"oficio_id": oficio_id, "lat": lat, "lng": lng, "limit": 6},
                ),
            )
        except ApiError as exc:
            error = exc.message
    params = {k: v for k, v in q.items() if k != "page"}
    if oficio is not None:  # the next pages name the oficio by its id, whatever the visitor typed
        params = {k: v for k, v in params.items() if k != "q"} | {"oficio": str(oficio.id)}
    landing = BY_SLUG.get(ciudad) if oficio is not None and ciudad else None
    base = w.runtime.settings.base_url
    canonical = seo.absolute(base, seo.landing_path(oficio, landing) if oficio and landing else "/buscar")
    return await w.render(
        "search.html",
        oficios=catalogue,
        oficio=oficio,
        unknown=unknown,
        result=result,
        servicios=servicios,
        error=error,
        point={"lat": lat, "lng": lng, "place": place, "ciudad": ciudad},
        sort=sort,
        sorts=SORTS,
        page=page,
        params=params,
        filters=q,
        canonical=canonical,
        landing=seo.landing_path(oficio, landing) if oficio and landing else None,
    )


@router.get("/profesionales/{profesional_id}")
async def profile(profesional_id: uuid.UUID, w: W) -> Response:
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    base = w.runtime.settings.base_url
    return await w.render(
        "profile.html",
        pro=pro,
        canonical=seo.absolute(base, f"/profesionales/{pro.id}"),
        og_image=seo.absolute(base, pro.avatar_url)
        if pro.avatar_url and pro.avatar_url.startswith("/")
        else pro.avatar_url,
        og_type="profile",
        jsonld=seo.json_ld(seo.profile_jsonld(base, pro)),
    )


@router.get("/profesionales/{profesional_id}/resenas")
async def reviews(profesional_id: uuid.UUID, request: Request, w: W) -> Response:
    page = page_param(request)
    data = await w.api.get_model(
        f"/public/professional/{profesional_id}/resenas",
        PublicReviewPage,
        auth=False,
        params={"page": page, "limit": 10},
    )
    return await w.render("partials/reviews.html", partial=True, data=data, pro_id=profesional_id, page=page)


@router.post("/profesionales/{profesional_id}/contactar")
async def contact(profesional_id: uuid.UUID, w: W) -> Response:
    """Open (or reopen) the conversation with a professional; only clients start one."""
    if not w.session.signed_in:
        return w.redirect(f"/login?next=/profesionales/{profesional_id}", "Ingresá para escribirle", "info")
    if w.rol != "CLIENTE":
        return w.redirect(
            f"/profesionales/{profesional_id}", "Solo los clientes pueden iniciar una conversación", "warn"
        )
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    chat = await w.api.post_model(
        "/chat/create", Chat, {"cliente_id": w.session.user_id, "profesional_id": str(pro.usuario_id)}
    )
    return w.redirect(f"/chat/{chat.id}")


@router.post("/profesionales/{profesional_id}/contratar/{servicio_id}")
async def hire(profesional_id: uuid.UUID, servicio_id: uuid.UUID, w: W) -> Response:
    """Hire an instant service at the professional's fixed price, then go to pay it."""
    if not w.session.signed_in:
        return w.redirect(f"/login?next=/profesionales/{profesional_id}", "Ingresá para contratar", "info")
    if w.rol != "CLIENTE":
        return w.redirect(f"/profesionales/{profesional_id}", "Solo los clientes pueden contratar", "warn")
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    try:
        hired = await w.api.post_model(
            f"/cliente/servicios/{servicio_id}/contratar", Hired, {"profesional_id": str(pro.usuario_id)}
        )
    except ApiError as exc:
        return w.redirect(f"/profesionales/{profesional_id}", exc.message, "error")
    if hired.payment_url:
        return w.redirect(hired.payment_url)
    return w.redirect(f"/trabajos/{hired.trabajo_id}", "Servicio contratado: pagalo para confirmarlo")
