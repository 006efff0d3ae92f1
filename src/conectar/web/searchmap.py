"""Where the search results go on the map.

The public search never gives a professional's location (SPEC §3: only ``distancia_km``, rounded to 0.1
km), so each pin is put at the professional's real distance from the point searched, on a bearing drawn
from their id (stable from one visit to the next, different between professionals). The page says the
positions are approximate. When the search API serves an approximate position (``latitude``/``longitude``
on a result), that is used instead.

The same pins are drawn twice: as an inline SVG on a plain background, which needs nothing (no script, no
map tiles, no network), and by ``static/js/map.js`` on a Leaflet map when it loads (over the tiles when
they are reachable, over the plain background when they are not).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from conectar.web.apimodels import SearchCard

EARTH_RADIUS_KM = 6371.0088
SVG_SIZE = 320
SVG_MARGIN = 26


@dataclass(frozen=True)
class Pin:
    number: int
    id: uuid.UUID
    nombre: str
    distancia_km: float | None
    lat: float
    lng: float
    x: float  # in the SVG, the searched point at the centre
    y: float
    exact: bool  # the API gave the position (approximate as the API sees fit); False: placed by distance


def bearing_of(profesional_id: uuid.UUID) -> float:
    """A bearing in degrees, the same for the same professional: the golden angle spreads ids apart."""
    return (profesional_id.int % 997) * 137.50776405 % 360


def destination(lat: float, lng: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` away from ``(lat, lng)`` on ``bearing_deg`` (great circle)."""
    phi1, lambda1 = math.radians(lat), math.radians(lng)
    theta, delta = math.radians(bearing_deg), km / EARTH_RADIUS_KM
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1), math.cos(delta) - math.sin(phi1) * math.sin(phi2)
    )
    return math.degrees(phi2), (math.degrees(lambda2) + 540) % 360 - 180


def pins(lat: float, lng: float, results: Sequence[SearchCard], first_number: int = 1) -> list[Pin]:
    found: list[Pin] = []
    far = max([r.distancia_km or 0 for r in results] + [1.0])
    half = SVG_SIZE / 2 - SVG_MARGIN
    for number, card in enumerate(results, first_number):
        km = card.distancia_km or 0.0
        bearing = bearing_of(card.id)
        exact = card.latitude is not None and card.longitude is not None
        if card.latitude is not None and card.longitude is not None:
            pin_lat, pin_lng = card.latitude, card.longitude
        else:
            pin_lat, pin_lng = destination(lat, lng, bearing, km)
        scale = half * km / far
        found.append(
            Pin(
                number=number,
                id=card.id,
                nombre=f"{card.nombre} {card.apellido}".strip(),
                distancia_km=card.distancia_km,
                lat=round(pin_lat, 5),
                lng=round(pin_lng, 5),
                x=round(SVG_SIZE / 2 + scale * math.sin(math.radians(bearing)), 1),
                y=round(SVG_SIZE / 2 - scale * math.cos(math.radians(bearing)), 1),
                exact=exact,
            )
        )
    return found


def rings(results: Sequence[SearchCard]) -> list[tuple[float, str]]:
    """Distance rings for the SVG: (radius in SVG units, label), the farthest result on the outer one."""
    far = max([r.distancia_km or 0 for r in results] + [1.0])
    half = SVG_SIZE / 2 - SVG_MARGIN
    return [(round(half * f, 1), f"{far * f:.1f} km".replace(".", ",")) for f in (0.5, 1.0)]
