"""Pages anyone can see: home, search, professional profiles."""

from __future__ import annotations

import asyncio
import math
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from conectar.web import journeys, searchmap, seo
from conectar.web import oficios as oficios_text
from conectar.web.api import ApiError
from conectar.web.apimodels import (
    HireableService,
    Hired,
    LeaderboardEntry,
    Oficio,
    PublicInstantService,
    PublicProfile,
    PublicReviewPage,
    SearchResults,
)
from conectar.web.cities import BY_SLUG, DEFAULT_CITY, nearest
from conectar.web.core import W, Web, page_param
from conectar.web.journeys import CONTACT, HIRE, PendingAction
from conectar.web.routes.favorites import favorite_ids

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
    return await w.render("home.html", oficios=oficios, top=top, vocabulary=oficios_text.box_words(oficios))


@dataclass(frozen=True)
class Understood:
    """What the search box understood: the oficio, and how (so the page can say it when it guessed)."""

    oficio: Oficio | None
    unknown: str | None = None  # what was typed, when it names nothing
    how: str = ""  # oficios_text.EXACT, WORD or CLOSE; "servicio" for an instant service's name
    servicio: str | None = None


HIREABLE_VOCABULARY = 100  # instant services read to understand the box and suggest (the API's largest page)


async def hireable_services(w: Web) -> list[HireableService]:
    """Instant services people can hire now, one per name and oficio (their names are words of the box)."""
    none: list[HireableService] = []
    found = await w.api.soft_model(
        "/servicios", list[HireableService], none, auth=False, params={"limit": HIREABLE_VOCABULARY}
    )
    return found


async def understand(w: Web, request: Request, catalogue: list[Oficio]) -> Understood:
    """The oficio the visitor asked for: ``oficio`` (an id, a name or a slug) or ``q`` (what they typed:
    "plomero", "pérdida de gas", "plomeor", or an instant service, "apertura de puerta"). Nothing asked: no
    oficio (the page asks for one instead of picking one for them)."""
    q = request.query_params
    asked = (q.get("oficio") or "").strip() or (q.get("q") or "").strip()
    if not asked:
        return Understood(None)
    found, how = oficios_text.match_how(catalogue, asked)
    if found is not None and how != oficios_text.CLOSE:
        return Understood(next(o for o in catalogue if o.id == found.id), how=how)
    service = oficios_text.match_service(await hireable_services(w), asked)
    if service is not None:
        oficio = next((o for o in catalogue if o.id == service.oficio_id), None)
        if oficio is not None:
            return Understood(oficio, how="servicio", servicio=service.nombre)
    if found is not None:
        return Understood(next(o for o in catalogue if o.id == found.id), how=how)
    return Understood(None, unknown=asked)


@router.get("/buscar/sugerencias")
async def suggestions(request: Request, w: W) -> Response:
    """What to offer under the search box as the person types (``?q=``): oficios, the words people use for
    them and the instant services on offer, with typos forgiven. JSON for ``static/js/app.js``."""
    text = (request.query_params.get("q") or "")[:80]
    if len(oficios_text.normalize(text)) < 2:
        return JSONResponse({"q": text, "sugerencias": []})
    catalogue, services = await asyncio.gather(
        w.api.get_model("/public/oficios", list[Oficio], auth=False), hireable_services(w)
    )
    found = oficios_text.suggest(catalogue, services, text)
    return JSONResponse(
        {
            "q": text,
            "sugerencias": [
                {"texto": s.texto, "detalle": s.detalle, "tipo": s.tipo, "oficio_id": str(s.oficio_id)}
                for s in found
            ],
        },
        headers={"Cache-Control": "private, max-age=60"},
    )


@router.get("/buscar")
async def search(request: Request, w: W) -> Response:
    q = request.query_params
    catalogue = await w.api.get_model("/public/oficios", list[Oficio], auth=False)
    understood = await understand(w, request, catalogue)
    oficio, unknown = understood.oficio, understood.unknown
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
    pins = searchmap.pins(lat, lng, result.resultados, first_number=(page - 1) * PAGE_SIZE + 1)
    landing = BY_SLUG.get(ciudad) if oficio is not None and ciudad else None
    base = w.runtime.settings.base_url
    canonical = seo.absolute(base, seo.landing_path(oficio, landing) if oficio and landing else "/buscar")
    return await w.render(
        "search.html",
        oficios=catalogue,
        oficio=oficio,
        unknown=unknown,
        understood=understood,
        vocabulary=oficios_text.box_words(catalogue),
        result=result,
        servicios=servicios,
        error=error,
        point={"lat": lat, "lng": lng, "place": place, "ciudad": ciudad},
        sort=sort,
        sorts=SORTS,
        page=page,
        params=params,
        filters=q,
        asked=(q.get("q") or "").strip() or (oficio.nombre if oficio else ""),
        active_filters=sum(1 for key in ("nivel", "rating_min", "precio_max", "instant") if q.get(key)),
        pins=pins,
        pins_data=[
            {
                "n": pin.number,
                "id": str(pin.id),
                "nombre": pin.nombre,
                "lat": pin.lat,
                "lng": pin.lng,
                "km": pin.distancia_km,
            }
            for pin in pins
        ],
        rings=searchmap.rings(result.resultados),
        map_radius_km=max([r.distancia_km or 0 for r in result.resultados] + [1.0]),
        canonical=canonical,
        landing=seo.landing_path(oficio, landing) if oficio and landing else None,
    )


@router.get("/profesionales/{profesional_id}")
async def profile(profesional_id: uuid.UUID, w: W) -> Response:
    pro, favorites = await asyncio.gather(
        w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False),
        favorite_ids(w),
    )
    base = w.runtime.settings.base_url
    return await w.render(
        "profile.html",
        pro=pro,
        favorito=str(pro.id) in favorites,
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
    """Open (or reopen) the conversation with a professional; only clients start one. Signed out, the
    intent is kept and finished right after the login or the registration (``journeys``)."""
    if w.session.signed_in and w.rol != "CLIENTE":
        return w.redirect(
            f"/profesionales/{profesional_id}", "Solo los clientes pueden iniciar una conversación", "warn"
        )
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    if not w.session.signed_in:
        PendingAction(CONTACT, pro.id, f"{pro.nombre} {pro.apellido}".strip()).store(w.session)
        return w.redirect(login_with_next(f"/profesionales/{pro.id}"))
    chat = await journeys.open_chat(w, pro.id)
    return w.redirect(f"/chat/{chat.id}")


def login_with_next(path: str) -> str:
    return "/login?next=" + quote(path, safe="/")


async def _hireable(
    w: Web, profesional_id: uuid.UUID, servicio_id: uuid.UUID
) -> tuple[PublicProfile, PublicInstantService]:
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    servicio = next((s for s in pro.servicios if s.id == servicio_id), None)
    if servicio is None:
        raise ApiError(404, "Este servicio ya no está disponible con este profesional")
    return pro, servicio


@router.get("/profesionales/{profesional_id}/contratar/{servicio_id}")
async def hire_summary(profesional_id: uuid.UUID, servicio_id: uuid.UUID, w: W) -> Response:
    """What the client is about to hire and pay, before anything is created: the service, who does it,
    the price and the total."""
    pro, servicio = await _hireable(w, profesional_id, servicio_id)
    return await w.render(
        "checkout/summary.html",
        kind="servicio",
        que=servicio.nombre,
        detalle=servicio.descripcion,
        quien=f"{pro.nombre} {pro.apellido}".strip(),
        pro=pro,
        precio=servicio.precio_fijo,
        action=f"/profesionales/{pro.id}/contratar/{servicio.id}",
        back=f"/profesionales/{pro.id}#servicios",
    )


@router.post("/profesionales/{profesional_id}/contratar/{servicio_id}")
async def hire(profesional_id: uuid.UUID, servicio_id: uuid.UUID, w: W) -> Response:
    """Hire an instant service at the professional's fixed price (confirmed on its summary), then go to
    pay it. Signed out, the intent is kept: after the login or the registration the summary comes back."""
    if w.session.signed_in and w.rol != "CLIENTE":
        return w.redirect(f"/profesionales/{profesional_id}", "Solo los clientes pueden contratar", "warn")
    pro, servicio = await _hireable(w, profesional_id, servicio_id)
    summary = f"/profesionales/{pro.id}/contratar/{servicio.id}"
    if not w.session.signed_in:
        name = f"{pro.nombre} {pro.apellido}".strip()
        PendingAction(HIRE, pro.id, name, servicio.id, servicio.nombre).store(w.session)
        return w.redirect(login_with_next(summary))
    try:
        hired = await w.api.post_model(
            f"/cliente/servicios/{servicio.id}/contratar", Hired, {"profesional_id": str(pro.usuario_id)}
        )
    except ApiError as exc:
        return w.redirect(summary, exc.message, "error")
    if hired.payment_url:
        return w.redirect(hired.payment_url)
    return w.redirect(f"/trabajos/{hired.trabajo_id}", "Servicio contratado: pagalo para confirmarlo")
