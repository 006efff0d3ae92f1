"""Pure rules of the professionals service: levels and commission, payout accounts, distances on the
sphere, coverage circles and the search read model's rows and ordering. No I/O here."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

# --- verification (KYC) -----------------------------------------------------------------------------


class EstadoVerificacion(StrEnum):
    PENDIENTE = "PENDIENTE"
    EN_REVISION = "EN_REVISION"
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


KYC_UPLOAD_ALLOWED_FROM = frozenset({EstadoVerificacion.PENDIENTE, EstadoVerificacion.RECHAZADO})
KYC_MAX_FILES = 5
KYC_MAX_BYTES = 10 * 1024 * 1024


# --- levels and commission (SPEC §7) ---------------------------------------------------------------


class Nivel(StrEnum):
    BRONCE = "BRONCE"
    PLATA = "PLATA"
    ORO = "ORO"
    DIAMANTE = "DIAMANTE"


@dataclass(frozen=True)
class LevelRule:
    nivel: Nivel
    desde: int
    tasa_comision: Decimal


LEVELS: tuple[LevelRule, ...] = (
    LevelRule(Nivel.BRONCE, 0, Decimal("0.20")),
    LevelRule(Nivel.PLATA, 1000, Decimal("0.18")),
    LevelRule(Nivel.ORO, 5000, Decimal("0.15")),
    LevelRule(Nivel.DIAMANTE, 15000, Decimal("0.10")),
)
LEVEL_RANK: dict[str, int] = {rule.nivel.value: rank for rank, rule in enumerate(LEVELS)}

XP_WORK_COMPLETED = 100
XP_REVIEW = {5: 50, 4: 10}


def level_for(puntos: int) -> Nivel:
    current = LEVELS[0].nivel
    for rule in LEVELS:
        if puntos >= rule.desde:
            current = rule.nivel
    return current


def commission_for(nivel: str) -> Decimal:
    for rule in LEVELS:
        if rule.nivel.value == nivel:
            return rule.tasa_comision
    raise ValueError(f"unknown level {nivel!r}")


def review_xp(rating: int) -> int:
    return XP_REVIEW.get(rating, 0)


@dataclass(frozen=True)
class LevelProgress:
    nivel: Nivel
    puntos_experiencia: int
    siguiente_nivel: Nivel | None
    puntos_faltantes: int
    progreso_porcentaje: float
    tasa_comision_actual: Decimal


def level_progress(puntos: int) -> LevelProgress:
    nivel = level_for(puntos)
    index = [rule.nivel for rule in LEVELS].index(nivel)
    current = LEVELS[index]
    if index + 1 >= len(LEVELS):
        return LevelProgress(nivel, puntos, None, 0, 100.0, current.tasa_comision)
    following = LEVELS[index + 1]
    span = following.desde - current.desde
    done = puntos - current.desde
    percent = float((Decimal(done * 100) / Decimal(span)).quantize(Decimal("0.1"), ROUND_HALF_UP))
    return LevelProgress(
        nivel, puntos, following.nivel, following.desde - puntos, percent, current.tasa_comision
    )


# --- payout accounts: CBU / CVU and MercadoPago aliases --------------------------------------------

_CBU_BANK_WEIGHTS = (7, 1, 3, 9, 7, 1, 3)
_CBU_ACCOUNT_WEIGHTS = (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3)
_ALIAS = re.compile(r"[A-Za-z0-9.\-]{6,20}")
_DIGITS = re.compile(r"[0-9]+")


def _check_digit(digits: str, weights: tuple[int, ...]) -> int:
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return (10 - total % 10) % 10


def cbu_problem(value: str) -> str | None:
    """Why a 22-digit CBU or CVU cannot be an account, or None when it can.

    Layout: bank code (3 digits), branch (4), check digit; account number (13), check digit. A CVU
    (a virtual account: Mercado Pago, Ualá…) has bank code 000 and the provider's code where a CBU has
    its branch. A zero block passes the weighted check sums (its check digit is 0), so the check digits
    alone accept structurally impossible numbers such as 22 zeros; those are refused here too.
    """
    if len(value) != 22 or not _DIGITS.fullmatch(value):
        return "Ingresá un CBU/CVU de 22 dígitos"
    bank, account = value[:8], value[8:]
    if _check_digit(bank[:7], _CBU_BANK_WEIGHTS) != int(bank[7]) or _check_digit(
        account[:13], _CBU_ACCOUNT_WEIGHTS
    ) != int(account[13]):
        return "El CBU/CVU no es válido (dígito verificador incorrecto)"
    if int(bank[:3]) == 0 and int(bank[3:7]) == 0:
        return "El CBU/CVU no es válido: no tiene código de banco ni de proveedor"
    if int(account[:13]) == 0:
        return "El CBU/CVU no es válido: el número de cuenta no puede ser cero"
    return None


def is_valid_cbu(value: str) -> bool:
    """A 22-digit CBU or CVU whose two check digits (bank block, account block) are right and whose bank
    (or CVU provider) code and account number are not zero."""
    return cbu_problem(value) is None


def is_valid_alias(value: str) -> bool:
    """A MercadoPago / bank alias: 6–20 letters, digits, dots or hyphens."""
    return bool(_ALIAS.fullmatch(value))


def normalise_payout_account(value: str) -> str:
    """The account to store, or ValueError with the reason (shown to the user)."""
    cleaned = value.strip()
    if _DIGITS.fullmatch(cleaned) and len(cleaned) == 22:
        problem = cbu_problem(cleaned)
        if problem is not None:
            raise ValueError(problem)
        return cleaned
    if is_valid_alias(cleaned):
        return cleaned
    raise ValueError(
        "Ingresá un CBU/CVU de 22 dígitos o un alias de 6 a 20 caracteres (letras, números, punto o guion)"
    )


# --- money ------------------------------------------------------------------------------------------

CENT = Decimal("0.01")


def to_centavos(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), ROUND_HALF_UP))


def from_centavos(centavos: int | None) -> Decimal | None:
    if centavos is None:
        return None
    return (Decimal(centavos) / 100).quantize(CENT)


# --- ratings ----------------------------------------------------------------------------------------


def rating_x100(suma: int, total: int) -> int:
    """The average rating × 100, rounded half up (what is shown, and what search sorts by)."""
    if total <= 0:
        return 0
    return int((Decimal(suma * 100) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_UP))


def rating_value(x100: int) -> float:
    return x100 / 100


# --- the sphere -------------------------------------------------------------------------------------

# PostGIS measures geography on the sphere of WGS84's mean radius (2a + b) / 3 when use_spheroid is false
# (and for KNN ``<->``); standalone search uses the same radius and formula so both backends agree.
EARTH_RADIUS_M = (2.0 * 6378137.0 + 6356752.314245179) / 3.0
_BOX_MARGIN_DEG = 1e-7


def _rad(degrees: float) -> float:
    return degrees * math.pi / 180.0


def sphere_distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (the Vincenty form PostGIS's sphere_distance uses)."""
    phi1, phi2 = _rad(lat1), _rad(lat2)
    d_lng = _rad(lng2) - _rad(lng1)
    cos_d = math.cos(d_lng)
    cos1, sin1 = math.cos(phi1), math.sin(phi1)
    cos2, sin2 = math.cos(phi2), math.sin(phi2)
    a1 = (cos2 * math.sin(d_lng)) ** 2
    a2 = (cos1 * sin2 - sin1 * cos2 * cos_d) ** 2
    a = math.sqrt(a1 + a2)
    b = sin1 * sin2 + cos1 * cos2 * cos_d
    return math.atan2(a, b) * EARTH_RADIUS_M


def unit_vector(lat: float, lng: float) -> tuple[float, float, float]:
    """The point on the unit sphere. The search read model stores it so that the coverage check is plain
    arithmetic in SQL on both backends: ``row · point >= cos(radius / R)``."""
    phi, lam = _rad(lat), _rad(lng)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def cos_radius(radius_km: float) -> float:
    """cos of the angle a radius spans on the sphere (a point is within it when the dot product of the
    unit vectors is at least this)."""
    return math.cos(radius_km * 1000.0 / EARTH_RADIUS_M)


def within(row: tuple[float, float, float], point: tuple[float, float, float], cos_radio: float) -> bool:
    return row[0] * point[0] + row[1] * point[1] + row[2] * point[2] >= cos_radio


@dataclass(frozen=True)
class Box:
    min_lat: float
    max_lat: float
    min_lng: float
    max_lng: float

    def contains(self, lat: float, lng: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lng <= lng <= self.max_lng


def coverage_box(lat: float, lng: float, radius_km: float) -> Box:
    """The smallest latitude/longitude box around a coverage circle (plus a hair of margin). Near a pole
    or across the antimeridian it spans every longitude, which is conservative, never wrong."""
    theta = radius_km * 1000.0 / EARTH_RADIUS_M
    d_lat = math.degrees(theta)
    min_lat, max_lat = lat - d_lat - _BOX_MARGIN_DEG, lat + d_lat + _BOX_MARGIN_DEG
    if min_lat <= -90.0 or max_lat >= 90.0 or theta >= math.pi / 2:
        return Box(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    ratio = math.sin(theta) / math.cos(_rad(lat))
    if ratio >= 1.0:
        return Box(min_lat, max_lat, -180.0, 180.0)
    d_lng = math.degrees(math.asin(ratio))
    min_lng, max_lng = lng - d_lng - _BOX_MARGIN_DEG, lng + d_lng + _BOX_MARGIN_DEG
    if min_lng < -180.0 or max_lng > 180.0:
        return Box(min_lat, max_lat, -180.0, 180.0)
    return Box(min_lat, max_lat, min_lng, max_lng)


def covers(lat: float, lng: float, radius_km: float, point_lat: float, point_lng: float) -> bool:
    """Whether a professional at (lat, lng) with that coverage radius serves the point (SPEC §3): the
    great-circle distance is at most the radius (checked as a dot product, as the SQL does)."""
    return within(unit_vector(lat, lng), unit_vector(point_lat, point_lng), cos_radius(radius_km))


def round_km(metres: float) -> float:
    """Distance for display: kilometres rounded half up to 0.1."""
    return float((Decimal(metres) / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP))


# --- the search read model --------------------------------------------------------------------------


class SortBy(StrEnum):
    DISTANCIA = "distancia"
    RATING = "rating"
    PRECIO = "precio"
    NIVEL = "nivel"


@dataclass(frozen=True)
class SearchFilters:
    nivel: str | None = None
    acepta_instant: bool | None = None
    rating_minimo: float | None = None
    precio_maximo: Decimal | None = None
    radio_km: float | None = None
    """Only professionals at most this far from the point (POST /search); None: no extra limit."""

    @property
    def rating_minimo_x100(self) -> int | None:
        if self.rating_minimo is None:
            return None
        return math.ceil(round(self.rating_minimo * 100, 6))

    @property
    def precio_maximo_centavos(self) -> int | None:
        return None if self.precio_maximo is None else to_centavos(self.precio_maximo)


@dataclass(frozen=True, slots=True)
class SearchCandidate:
    """One row of the search read model: a searchable professional for one oficio."""

    profesional_id: uuid.UUID
    lat: float
    lng: float
    radio_km: int
    nivel_rank: int
    rating_x100: int
    total_resenas: int
    tarifa_centavos: int | None
    acepta_instant: bool
    nombre: str = ""
    apellido: str = ""
    avatar_url: str | None = None
    tiempo_respuesta_mediano_min: int | None = None
    usuario_id: uuid.UUID | None = None
    """The professional's user id (None in rows built without it)."""


@dataclass(frozen=True, slots=True)
class SearchHit:
    candidate: SearchCandidate
    distance_m: float
    closeness: float
    """The dot product of the unit vectors: larger is nearer (what the distance sort orders by)."""


def passes_filters(c: SearchCandidate, f: SearchFilters) -> bool:
    if f.nivel is not None and c.nivel_rank != LEVEL_RANK[f.nivel]:
        return False
    if f.acepta_instant is not None and c.acepta_instant is not f.acepta_instant:
        return False
    minimo = f.rating_minimo_x100
    if minimo is not None and c.rating_x100 < minimo:
        return False
    maximo = f.precio_maximo_centavos
    return maximo is None or (c.tarifa_centavos is not None and c.tarifa_centavos <= maximo)


def sort_key(sort: SortBy) -> Callable[[SearchHit], tuple[Any, ...]]:
    """The order of each sort, ties broken by the profile id; both backends' SQL orders by these keys."""
    if sort is SortBy.DISTANCIA:
        return lambda h: (-h.closeness, h.candidate.profesional_id)
    if sort is SortBy.RATING:
        return lambda h: (-h.candidate.rating_x100, -h.candidate.total_resenas, h.candidate.profesional_id)
    if sort is SortBy.PRECIO:
        return lambda h: (
            h.candidate.tarifa_centavos is None,
            h.candidate.tarifa_centavos or 0,
            h.candidate.profesional_id,
        )
    return lambda h: (-h.candidate.nivel_rank, -h.candidate.rating_x100, h.candidate.profesional_id)


def rank_candidates(
    candidates: Iterable[SearchCandidate],
    *,
    lat: float,
    lng: float,
    filters: SearchFilters,
    sort: SortBy,
) -> list[SearchHit]:
    """SPEC §3 in plain Python (the reference the SQL of both backends is tested against): every candidate
    whose own coverage circle contains the point and that passes the filters, in the sort's order."""
    point = unit_vector(lat, lng)
    limit = cos_radius(filters.radio_km) if filters.radio_km is not None else None
    hits = []
    for c in candidates:
        if not passes_filters(c, filters):
            continue
        v = unit_vector(c.lat, c.lng)
        closeness = v[0] * point[0] + v[1] * point[1] + v[2] * point[2]
        if closeness < cos_radius(c.radio_km) or (limit is not None and closeness < limit):
            continue
        hits.append(SearchHit(c, sphere_distance_m(c.lat, c.lng, lat, lng), closeness))
    hits.sort(key=sort_key(sort))
    return hits


# --- response time (SPEC §13) -----------------------------------------------------------------------

RESPONSE_TIME_WINDOW_DAYS = 90
RESPONSE_TIME_MIN_CONVERSATIONS = 3


def median_response_minutes(seconds: Sequence[float]) -> int | None:
    """The median of the conversations' response times in whole minutes (half a minute rounds up), or None
    under ``RESPONSE_TIME_MIN_CONVERSATIONS`` conversations. An even count takes the mean of the middle two."""
    if len(seconds) < RESPONSE_TIME_MIN_CONVERSATIONS:
        return None
    ordered = sorted(seconds)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return math.floor(median / 60 + 0.5)
