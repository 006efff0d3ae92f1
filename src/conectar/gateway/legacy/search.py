"""POST /search as the original frontend sends it (row 2: searchService.searchProfessionals).

The original search took an optional oficio and an optional point and up to 100 results at once; v1's
``POST /search`` wants one oficio and a point and pages of at most 50. So the adapter asks v1 as many
times as it takes: page after page for one oficio; every active oficio when none is given (merging the
answers in the requested order, each professional once); and the original browse page's own default point
(the Obelisco, Buenos Aires) when the frontend sends none. Its ``precio_minimo`` has no v1 filter: it is
applied to the cards v1 returns. Cards carry the original names (``calificacion_promedio``…).

Every v1 call is charged to the caller's rate limit (upstream.py), and the whole search stays within the
layer's fan-out bound: when every oficio is searched, each one is read for as many pages as the bound
leaves (``remaining // oficios``), and the merged list is cut where it stops being exact (the best
``pages × 50`` of every oficio contain the best ``pages × 50`` of all). With the frontend's own request
(``limit`` 100) that is two pages of each of up to 23 oficios, one page of each of up to 47 (the best 50);
with more oficios than that, the search answers 400 and asks for an oficio.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, Literal

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import mappings
from .calls import Answer, LegacyRequest, Unprocessable
from .upstream import TooManyCalls, gather

# The original /browse page's default: used when the frontend sends no point.
DEFAULT_POINT = (-34.6037, -58.3816)
# v1's page size for POST /search.
V1_PAGE = 50
# How many cards of each oficio are read to merge a search over every oficio.
MERGE_CAP = 500


class LegacySearch(BaseModel):
    """The original body (searchService.ts): every field optional."""

    model_config = ConfigDict(extra="ignore")

    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    oficio: str | None = Field(default=None, max_length=100)
    radio_km: float | None = Field(default=None, gt=0, le=500, allow_inf_nan=False)
    ordenar_por: Literal["distancia", "rating", "precio", "nivel"] = "rating"
    skip: int = Field(default=0, ge=0, le=10_000)
    limit: int = Field(default=100, ge=1, le=100)
    rating_minimo: float | None = Field(default=None, ge=0, le=5, allow_inf_nan=False)
    precio_minimo: Decimal | None = Field(default=None, ge=0, allow_inf_nan=False)
    precio_maximo: Decimal | None = Field(default=None, ge=0, le=10_000_000, allow_inf_nan=False)
    disponible: bool | None = None


def v1_body(query: LegacySearch, oficio: str, *, skip: int) -> dict[str, Any]:
    """One v1 POST /search body."""
    latitude, longitude = (
        (query.latitude, query.longitude)
        if query.latitude is not None and query.longitude is not None
        else DEFAULT_POINT
    )
    body: dict[str, Any] = {
        "latitude": latitude,
        "longitude": longitude,
        "oficio": oficio,
        "ordenar_por": query.ordenar_por,
        "skip": skip,
        "limit": V1_PAGE,
    }
    if query.radio_km is not None:
        body["radio_km"] = query.radio_km
    if query.rating_minimo is not None:
        body["rating_minimo"] = query.rating_minimo
    if query.precio_maximo is not None:
        body["precio_maximo"] = str(query.precio_maximo)
    if query.disponible:
        body["acepta_instant"] = True  # "available now": accepts instant hires; false filters nothing
    return body


async def search_professionals(request: LegacyRequest) -> Answer:
    try:
        query = LegacySearch.model_validate(await request.json_body())
    except ValidationError as exc:
        raise Unprocessable(jsonable_encoder(exc.errors(include_url=False, include_input=False))) from exc
    base_url = request.settings.base_url
    oficios: list[dict[str, Any]] = await request.v1.json("GET", "/public/oficios") or []
    wanted = (query.oficio or "").strip()
    if wanted:
        found = next(
            (
                o
                for o in oficios
                if str(o["id"]) == wanted or str(o["nombre"]).casefold() == wanted.casefold()
            ),
            None,
        )
        targets = [(wanted, str(found["nombre"]) if found else wanted)]
    else:
        targets = [(str(o["id"]), str(o["nombre"])) for o in oficios]
    single = len(targets) == 1
    start = query.skip if single else 0
    need = query.limit if single else min(query.skip + query.limit, MERGE_CAP)
    pages = min(math.ceil(need / V1_PAGE), request.v1.remaining // max(len(targets), 1))
    if targets and pages < 1:
        raise TooManyCalls()
    exact = pages * V1_PAGE  # the merged cards that are certainly the best ones

    async def fetch(oficio: str, nombre: str) -> tuple[list[dict[str, Any]], int]:
        cards: list[dict[str, Any]] = []
        total = 0
        offset = start
        for _ in range(pages):
            if len(cards) >= need:
                break
            page = await request.v1.json("POST", "/search", json_body=v1_body(query, oficio, skip=offset))
            total = int(page.get("total", 0))
            results = page.get("resultados") or []
            cards += [mappings.search_card(r, nombre, base_url) for r in results]
            offset += len(results)
            if len(results) < V1_PAGE:
                break
        return cards[:need], total

    answers = await gather(fetch(o, n) for o, n in targets)
    minimo = float(query.precio_minimo) if query.precio_minimo is not None else None

    def affordable(card: dict[str, Any]) -> bool:
        tarifa = card.get("tarifa_por_hora")
        return minimo is None or (tarifa is not None and tarifa >= minimo)

    if single:
        cards, total = answers[0] if answers else ([], 0)
        resultados = [c for c in cards if affordable(c)]
        if minimo is not None:
            total = query.skip + len(resultados)
    else:
        merged = [
            c
            for c in mappings.merge_cards((cards for cards, _ in answers), query.ordenar_por)[:exact]
            if affordable(c)
        ]
        total = len(merged)
        resultados = merged[query.skip : query.skip + query.limit]
    return Answer(
        {
            "total": total,
            "resultados": resultados,
            "pagina": query.skip // query.limit + 1,
            "total_paginas": math.ceil(total / query.limit),
        }
    )
