"""Argentine cities (and neighbourhoods of Buenos Aires) to search from when the browser's location is not
available (centre coordinates), and the places of the landing pages (``/plomeros/cordoba``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    slug: str
    nombre: str
    provincia: str
    lat: float
    lng: float


CITIES: tuple[City, ...] = (
    City("caba", "Ciudad de Buenos Aires", "CABA", -34.6037, -58.3816),
    City("la-plata", "La Plata", "Buenos Aires", -34.9214, -57.9545),
    City("mar-del-plata", "Mar del Plata", "Buenos Aires", -38.0055, -57.5426),
    City("bahia-blanca", "Bahía Blanca", "Buenos Aires", -38.7183, -62.2663),
    City("quilmes", "Quilmes", "Buenos Aires", -34.7206, -58.2546),
    City("lanus", "Lanús", "Buenos Aires", -34.7006, -58.3918),
    City("moron", "Morón", "Buenos Aires", -34.6534, -58.6198),
    City("san-isidro", "San Isidro", "Buenos Aires", -34.4708, -58.5286),
    City("tigre", "Tigre", "Buenos Aires", -34.4260, -58.5796),
    City("pilar", "Pilar", "Buenos Aires", -34.4587, -58.9142),
    City("tandil", "Tandil", "Buenos Aires", -37.3217, -59.1332),
    City("cordoba", "Córdoba", "Córdoba", -31.4201, -64.1888),
    City("rio-cuarto", "Río Cuarto", "Córdoba", -33.1232, -64.3493),
    City("villa-carlos-paz", "Villa Carlos Paz", "Córdoba", -31.4241, -64.4978),
    City("rosario", "Rosario", "Santa Fe", -32.9442, -60.6505),
    City("santa-fe", "Santa Fe", "Santa Fe", -31.6333, -60.7000),
    City("mendoza", "Mendoza", "Mendoza", -32.8895, -68.8458),
    City("san-rafael", "San Rafael", "Mendoza", -34.6177, -68.3301),
    City("tucuman", "San Miguel de Tucumán", "Tucumán", -26.8083, -65.2176),
    City("salta", "Salta", "Salta", -24.7821, -65.4232),
    City("jujuy", "San Salvador de Jujuy", "Jujuy", -24.1858, -65.2995),
    City("santiago-del-estero", "Santiago del Estero", "Santiago del Estero", -27.7834, -64.2642),
    City("catamarca", "San Fernando del Valle de Catamarca", "Catamarca", -28.4696, -65.7852),
    City("la-rioja", "La Rioja", "La Rioja", -29.4131, -66.8558),
    City("san-juan", "San Juan", "San Juan", -31.5375, -68.5364),
    City("san-luis", "San Luis", "San Luis", -33.3017, -66.3378),
    City("parana", "Paraná", "Entre Ríos", -31.7319, -60.5238),
    City("concordia", "Concordia", "Entre Ríos", -31.3929, -58.0209),
    City("corrientes", "Corrientes", "Corrientes", -27.4692, -58.8306),
    City("resistencia", "Resistencia", "Chaco", -27.4606, -58.9839),
    City("posadas", "Posadas", "Misiones", -27.3621, -55.9009),
    City("formosa", "Formosa", "Formosa", -26.1775, -58.1781),
    City("neuquen", "Neuquén", "Neuquén", -38.9516, -68.0591),
    City("bariloche", "San Carlos de Bariloche", "Río Negro", -41.1335, -71.3103),
    City("viedma", "Viedma", "Río Negro", -40.8135, -62.9967),
    City("santa-rosa", "Santa Rosa", "La Pampa", -36.6167, -64.2833),
    City("rawson", "Rawson", "Chubut", -43.3002, -65.1023),
    City("comodoro-rivadavia", "Comodoro Rivadavia", "Chubut", -45.8641, -67.4966),
    City("rio-gallegos", "Río Gallegos", "Santa Cruz", -51.6230, -69.2168),
    City("ushuaia", "Ushuaia", "Tierra del Fuego", -54.8019, -68.3030),
)
# Neighbourhoods of the City of Buenos Aires people search by ("plomeros en Palermo"): searchable and with
# landing pages of their own, like the cities.
BARRIOS: tuple[City, ...] = (
    City("palermo", "Palermo", "CABA", -34.5889, -58.4306),
    City("belgrano", "Belgrano", "CABA", -34.5627, -58.4563),
    City("caballito", "Caballito", "CABA", -34.6189, -58.4420),
    City("recoleta", "Recoleta", "CABA", -34.5875, -58.3974),
    City("villa-urquiza", "Villa Urquiza", "CABA", -34.5731, -58.4879),
    City("flores", "Flores", "CABA", -34.6281, -58.4637),
    City("almagro", "Almagro", "CABA", -34.6090, -58.4210),
    City("nunez", "Núñez", "CABA", -34.5434, -58.4624),
)
PLACES: tuple[City, ...] = CITIES + BARRIOS
BY_SLUG: dict[str, City] = {city.slug: city for city in PLACES}
DEFAULT_CITY = CITIES[0]


def in_words(place: City) -> str:
    """``Córdoba`` for a city, ``Palermo, CABA`` for a neighbourhood (titles and descriptions)."""
    return f"{place.nombre}, CABA" if place in BARRIOS else place.nombre


def nearest(lat: float, lng: float) -> City:
    """The listed city closest to a point (for naming where a search was made)."""
    return min(CITIES, key=lambda c: (c.lat - lat) ** 2 + ((c.lng - lng) * 0.8) ** 2)
