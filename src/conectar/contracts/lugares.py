"""Coarse places (SPEC §10): the zone a point is in, as a barrio of Buenos Aires or a city, never the address.

A pedido shows where the work is to every matching professional by its ``zona`` only: the nearest listed
barrio of the City of Buenos Aires when the point is within :data:`BARRIO_RADIUS_KM` of its centre, else
the nearest listed city. The same places are the web app's search places and landing pages
(``conectar/web/cities.py``); they live here because services cannot import the web app, and a reverse
geocoder would send the client's exact point to a third party.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088
# A barrio's name is used only within this distance of its listed centre (the listed barrios are a few
# km apart); beyond it the point is named by its city.
BARRIO_RADIUS_KM = 1.5


@dataclass(frozen=True)
class Lugar:
    slug: str  # the web app's landing pages (``/plomeros/palermo``)
    nombre: str
    provincia: str
    lat: float
    lng: float


CIUDADES: tuple[Lugar, ...] = (
    Lugar("caba", "Ciudad de Buenos Aires", "CABA", -34.6037, -58.3816),
    Lugar("la-plata", "La Plata", "Buenos Aires", -34.9214, -57.9545),
    Lugar("mar-del-plata", "Mar del Plata", "Buenos Aires", -38.0055, -57.5426),
    Lugar("bahia-blanca", "Bahía Blanca", "Buenos Aires", -38.7183, -62.2663),
    Lugar("quilmes", "Quilmes", "Buenos Aires", -34.7206, -58.2546),
    Lugar("lanus", "Lanús", "Buenos Aires", -34.7006, -58.3918),
    Lugar("moron", "Morón", "Buenos Aires", -34.6534, -58.6198),
    Lugar("san-isidro", "San Isidro", "Buenos Aires", -34.4708, -58.5286),
    Lugar("tigre", "Tigre", "Buenos Aires", -34.4260, -58.5796),
    Lugar("pilar", "Pilar", "Buenos Aires", -34.4587, -58.9142),
    Lugar("tandil", "Tandil", "Buenos Aires", -37.3217, -59.1332),
    Lugar("cordoba", "Córdoba", "Córdoba", -31.4201, -64.1888),
    Lugar("rio-cuarto", "Río Cuarto", "Córdoba", -33.1232, -64.3493),
    Lugar("villa-carlos-paz", "Villa Carlos Paz", "Córdoba", -31.4241, -64.4978),
    Lugar("rosario", "Rosario", "Santa Fe", -32.9442, -60.6505),
    Lugar("santa-fe", "Santa Fe", "Santa Fe", -31.6333, -60.7000),
    Lugar("mendoza", "Mendoza", "Mendoza", -32.8895, -68.8458),
    Lugar("san-rafael", "San Rafael", "Mendoza", -34.6177, -68.3301),
    Lugar("tucuman", "San Miguel de Tucumán", "Tucumán", -26.8083, -65.2176),
    Lugar("salta", "Salta", "Salta", -24.7821, -65.4232),
    Lugar("jujuy", "San Salvador de Jujuy", "Jujuy", -24.1858, -65.2995),
    Lugar("santiago-del-estero", "Santiago del Estero", "Santiago del Estero", -27.7834, -64.2642),
    Lugar("catamarca", "San Fernando del Valle de Catamarca", "Catamarca", -28.4696, -65.7852),
    Lugar("la-rioja", "La Rioja", "La Rioja", -29.4131, -66.8558),
    Lugar("san-juan", "San Juan", "San Juan", -31.5375, -68.5364),
    Lugar("san-luis", "San Luis", "San Luis", -33.3017, -66.3378),
    Lugar("parana", "Paraná", "Entre Ríos", -31.7319, -60.5238),
    Lugar("concordia", "Concordia", "Entre Ríos", -31.3929, -58.0209),
    Lugar("corrientes", "Corrientes", "Corrientes", -27.4692, -58.8306),
    Lugar("resistencia", "Resistencia", "Chaco", -27.4606, -58.9839),
    Lugar("posadas", "Posadas", "Misiones", -27.3621, -55.9009),
    Lugar("formosa", "Formosa", "Formosa", -26.1775, -58.1781),
    Lugar("neuquen", "Neuquén", "Neuquén", -38.9516, -68.0591),
    Lugar("bariloche", "San Carlos de Bariloche", "Río Negro", -41.1335, -71.3103),
    Lugar("viedma", "Viedma", "Río Negro", -40.8135, -62.9967),
    Lugar("santa-rosa", "Santa Rosa", "La Pampa", -36.6167, -64.2833),
    Lugar("rawson", "Rawson", "Chubut", -43.3002, -65.1023),
    Lugar("comodoro-rivadavia", "Comodoro Rivadavia", "Chubut", -45.8641, -67.4966),
    Lugar("rio-gallegos", "Río Gallegos", "Santa Cruz", -51.6230, -69.2168),
    Lugar("ushuaia", "Ushuaia", "Tierra del Fuego", -54.8019, -68.3030),
)
BARRIOS: tuple[Lugar, ...] = (
    Lugar("palermo", "Palermo", "CABA", -34.5889, -58.4306),
    Lugar("belgrano", "Belgrano", "CABA", -34.5627, -58.4563),
    Lugar("caballito", "Caballito", "CABA", -34.6189, -58.4420),
    Lugar("recoleta", "Recoleta", "CABA", -34.5875, -58.3974),
    Lugar("villa-urquiza", "Villa Urquiza", "CABA", -34.5731, -58.4879),
    Lugar("flores", "Flores", "CABA", -34.6281, -58.4637),
    Lugar("almagro", "Almagro", "CABA", -34.6090, -58.4210),
    Lugar("nunez", "Núñez", "CABA", -34.5434, -58.4624),
)


def distancia_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine) in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _nearest(lugares: tuple[Lugar, ...], lat: float, lng: float) -> tuple[Lugar, float]:
    best = min(lugares, key=lambda lugar: distancia_km(lat, lng, lugar.lat, lugar.lng))
    return best, distancia_km(lat, lng, best.lat, best.lng)


def zona(lat: float, lng: float) -> str:
    """The barrio (``"Palermo, CABA"``) or the city (``"Córdoba"``) a point is named by."""
    barrio, km = _nearest(BARRIOS, lat, lng)
    if km <= BARRIO_RADIUS_KM:
        return f"{barrio.nombre}, CABA"
    ciudad, _ = _nearest(CIUDADES, lat, lng)
    return ciudad.nombre
