"""Argentine cities (and neighbourhoods of Buenos Aires) to search from when the browser's location is not
available (centre coordinates), and the places of the landing pages (``/plomeros/cordoba``): the places of
:mod:`conectar.contracts.lugares`, which also names a pedido's zone."""

from __future__ import annotations

from conectar.contracts.lugares import BARRIOS, CIUDADES, Lugar

__all__ = ["BARRIOS", "BY_SLUG", "CITIES", "DEFAULT_CITY", "PLACES", "City", "in_words", "nearest"]

City = Lugar
CITIES: tuple[City, ...] = CIUDADES
PLACES: tuple[City, ...] = CITIES + BARRIOS
BY_SLUG: dict[str, City] = {city.slug: city for city in PLACES}
DEFAULT_CITY = CITIES[0]


def in_words(place: City) -> str:
    """``Córdoba`` for a city, ``Palermo, CABA`` for a neighbourhood (titles and descriptions)."""
    return f"{place.nombre}, CABA" if place in BARRIOS else place.nombre


def nearest(lat: float, lng: float) -> City:
    """The listed city closest to a point (for naming where a search was made)."""
    return min(CITIES, key=lambda c: (c.lat - lat) ** 2 + ((c.lng - lng) * 0.8) ** 2)
