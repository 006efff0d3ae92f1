"""For search engines: ``robots.txt``, ``sitemap.xml`` and the oficio-in-place landing pages
(``/plomeros/cordoba``, ``/gasistas/palermo``), rendered on the server from the public search API.

The landing route has two free segments, so it is registered after every other page (``landing_router``,
included last by the app): any address another page answers keeps going there, and one that names no
known oficio and place is the usual 404 page.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from conectar.web import oficios as oficios_text
from conectar.web import seo
from conectar.web.api import ApiError
from conectar.web.apimodels import LeaderboardEntry, Oficio, SearchResults
from conectar.web.cities import BARRIOS, BY_SLUG, CITIES, PLACES, City, in_words
from conectar.web.core import W, page_param

router = APIRouter()
landing_router = APIRouter()

LANDING_PAGE_SIZE = 20
SITEMAP_PROFILES = 100  # the leaderboard's most: see docs/web.md
TEXT_CACHE = "public, max-age=3600"


@router.get("/robots.txt", include_in_schema=False)
async def robots(w: W) -> Response:
    return PlainTextResponse(
        seo.robots_txt(w.runtime.settings.base_url), headers={"Cache-Control": TEXT_CACHE}
    )


@router.get("/sitemap.xml", include_in_schema=False)
async def sitemap(w: W) -> Response:
    """The home page, every oficio-in-place landing page (each one a page that answers 200, with or
    without professionals yet) and the public profiles of the leaderboard. Two calls to the API, whatever
    the size of the catalogue."""
    nobody: list[LeaderboardEntry] = []
    catalogue, top = await asyncio.gather(
        w.api.get_model("/public/oficios", list[Oficio], auth=False),
        w.api.soft_model(
            "/gamification/leaderboard",
            list[LeaderboardEntry],
            nobody,
            auth=False,
            params={"limit": SITEMAP_PROFILES},
        ),
    )
    base = w.runtime.settings.base_url
    urls: list[tuple[str, str | None]] = [(seo.absolute(base, "/"), None)]
    urls += [(seo.absolute(base, seo.landing_path(o, place)), None) for o in catalogue for place in PLACES]
    urls += [(seo.absolute(base, f"/profesionales/{p.id}"), None) for p in top]
    return Response(
        seo.sitemap_xml(urls),
        media_type="application/xml",
        headers={"Cache-Control": TEXT_CACHE},
    )


@landing_router.get("/{oficio_slug}/{lugar_slug}")
async def landing(oficio_slug: str, lugar_slug: str, request: Request, w: W) -> Response:
    """ "Plomeros en Córdoba": the verified professionals of an oficio whose area covers the place (best
    rated first), with links to the same oficio elsewhere and to other oficios there."""
    place = BY_SLUG.get(lugar_slug)
    if place is None:
        raise StarletteHTTPException(404)
    catalogue = await w.api.get_model("/public/oficios", list[Oficio], auth=False)
    found, canonical_slug = oficios_text.by_landing_slug(catalogue, oficio_slug)
    if found is None:
        raise StarletteHTTPException(404)
    oficio = next(o for o in catalogue if o.id == found.id)
    path = seo.landing_path(oficio, place)
    page = page_param(request, last=100)
    if not canonical_slug:
        return RedirectResponse(path + (f"?page={page}" if page > 1 else ""), status_code=301)
    body: dict[str, Any] = {
        "latitude": place.lat,
        "longitude": place.lng,
        "oficio": str(oficio.id),
        "ordenar_por": "rating",
        "skip": (page - 1) * LANDING_PAGE_SIZE,
        "limit": LANDING_PAGE_SIZE,
    }
    error = None
    try:
        result = await w.api.post_model("/search", SearchResults, body, auth=False)
    except ApiError as exc:
        if exc.status >= 500 or exc.status == 429:
            raise
        result, error = SearchResults(total=0, resultados=[]), exc.message
    if page > 1 and not result.resultados:
        raise StarletteHTTPException(404)
    base = w.runtime.settings.base_url
    canonical = seo.absolute(base, path + (f"?page={page}" if page > 1 else ""))
    return await w.render(
        "landing.html",
        oficio=oficio,
        place=place,
        place_words=in_words(place),
        title=seo.landing_title(oficio, place),
        title_noun=oficios_text.professionals_title(oficio),
        noun=oficios_text.professional_noun(oficio, result.total),
        result=result,
        error=error,
        page=page,
        pages=result.total_paginas,
        landing_url=path,
        canonical=canonical,
        jsonld=seo.json_ld(
            seo.landing_jsonld(
                base,
                oficio,
                place,
                result.resultados,
                total=result.total,
                first_position=(page - 1) * LANDING_PAGE_SIZE + 1,
            )
        ),
        nearby=_nearby(place),
        other_oficios=[(o, seo.landing_path(o, place)) for o in catalogue if o.id != oficio.id],
        landing_path=seo.landing_path,
    )


def _nearby(place: City, count: int = 8) -> list[City]:
    """Other places for the same oficio: the closest ones (neighbourhoods stay among themselves and the
    city they belong to)."""
    pool = [*BARRIOS, CITIES[0]] if place in BARRIOS or place == CITIES[0] else list(CITIES)
    others = [p for p in pool if p != place]
    others.sort(key=lambda p: (p.lat - place.lat) ** 2 + ((p.lng - place.lng) * 0.8) ** 2)
    return others[:count]
