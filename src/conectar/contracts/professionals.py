"""Internal API models of the professionals service (answered to the chat and payments services).

``GET /internal/v1/professionals/by-user/{user_id}`` → :class:`ProfessionalSummary` (404 unknown).
``GET /internal/v1/professionals/{profesional_id}`` → :class:`ProfessionalSummary` (404 unknown).
``GET /internal/v1/servicios-instant/{servicio_id}/profesionales/{user_id}`` → :class:`InstantOffer`
(404 unless that approved, active professional offers that active service with a price and accepts instant
hires).

Pedido matching (SPEC §10; the chat service owns pedidos, this service answers who matches, with search's
coverage rule and read model: APROBADO, not banned, holds the oficio, own coverage circle holds the point):

``POST /internal/v1/pedidos/profesionales`` :class:`MatchingRequest` → :class:`MatchingProfessionals`, the
matching professionals nearest first (at most ``limit``, ≤ :data:`MATCHING_MAX_LIMIT`).
``POST /internal/v1/pedidos/cobertura`` :class:`CoverageRequest` → :class:`CoverageAnswer`, which of the
given pedido points one professional (by user id) matches, with the distance; an unknown user, or a
professional who matches nothing (not approved, banned, no location), gets an empty ``matches``.

Availability (SPEC §11): ``POST /internal/v1/disponibilidad/ventana`` :class:`WindowRequest` →
:class:`WindowAnswer`: whether a visit window (UTC) falls outside the professional's weekly hours
(Argentina time) or on a blocked period (``fuera_de_horario``).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from conectar.platform.dates import BoundedDateTime


class ProfessionalSummary(BaseModel):
    profesional_id: uuid.UUID
    """The professional profile's id (distinct from the user id)."""
    usuario_id: uuid.UUID
    nombre: str
    apellido: str
    email: str
    estado_verificacion: str
    """PENDIENTE | EN_REVISION | APROBADO | RECHAZADO"""
    nivel: str
    """BRONCE | PLATA | ORO | DIAMANTE"""
    tasa_comision_actual: Decimal
    """The commission rate a trabajo created now must use (0.20, 0.18, 0.15 or 0.10)."""
    payout_account: str | None
    acepta_instant: bool
    is_active: bool
    """False while the account is banned."""


class InstantOffer(BaseModel):
    """What an instant hire takes from the professionals service: a catalog service at a professional's
    price, or (``publicado``) a service the professional published."""

    servicio_id: uuid.UUID
    nombre: str
    descripcion: str
    oficio_id: uuid.UUID
    profesional_id: uuid.UUID
    usuario_id: uuid.UUID
    precio_fijo: Decimal
    publicado: bool = False


# --- pedido matching (SPEC §10) ---------------------------------------------------------------------

MATCHING_MAX_LIMIT = 200
"""The most professionals one matching answer lists (nearest first)."""
COVERAGE_MAX_POINTS = 2000
"""The most pedido points one coverage question may carry."""

Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class MatchingRequest(BaseModel):
    """A pedido's oficio and point: who may quote it."""

    oficio_id: uuid.UUID
    latitude: Latitude
    longitude: Longitude
    limit: Annotated[int, Field(ge=1, le=MATCHING_MAX_LIMIT)] = 50


class MatchingProfessional(BaseModel):
    id: uuid.UUID
    """The professional profile's id (the public id search cards and public profiles use)."""
    usuario_id: uuid.UUID
    """The professional's user id (what chat, offers and notifications use)."""
    nombre: str
    apellido: str
    avatar_url: str | None
    nivel: str
    rating_promedio: float
    total_resenas: int
    distancia_km: float
    """From the professional's location to the pedido's point, rounded to 0.1 km (as search shows it)."""
    tiempo_respuesta_mediano_min: int | None


class MatchingProfessionals(BaseModel):
    profesionales: list[MatchingProfessional]
    """Nearest first (ties by profile id): search's ``sort_by=distancia`` order."""
    hay_mas: bool
    """True when more professionals match than ``limit``."""


class PedidoPoint(BaseModel):
    pedido_id: uuid.UUID
    oficio_id: uuid.UUID
    latitude: Latitude
    longitude: Longitude


class CoverageRequest(BaseModel):
    """Which of these pedidos does this professional (by user id) match?"""

    usuario_id: uuid.UUID
    points: Annotated[list[PedidoPoint], Field(max_length=COVERAGE_MAX_POINTS)]


class PedidoMatch(BaseModel):
    pedido_id: uuid.UUID
    distancia_km: float
    """Rounded to 0.1 km."""


class CoverageAnswer(BaseModel):
    usuario_id: uuid.UUID
    profesional_id: uuid.UUID | None
    """The profile id (None for a user who has no professional profile)."""
    matches: list[PedidoMatch]
    """The points matched, nearest first (ties by pedido id); each pedido once."""


# --- availability (SPEC §11) ------------------------------------------------------------------------


class WindowRequest(BaseModel):
    """A visit window of a professional (by user id), in UTC (any offset is accepted and converted)."""

    usuario_id: uuid.UUID
    desde: BoundedDateTime
    hasta: BoundedDateTime

    @model_validator(mode="after")
    def _ordered(self) -> WindowRequest:
        if self.hasta <= self.desde:
            raise ValueError("La ventana debe terminar después de empezar")
        return self


class WindowAnswer(BaseModel):
    fuera_de_horario: bool
    """True when the window is not wholly inside the weekly hours, or touches a blocked period."""
    dentro_del_horario_semanal: bool
    """The window lies wholly inside the weekly hours (True when the professional declared none)."""
    bloqueado: bool
    """The window overlaps a blocked period."""
    horario_configurado: bool
    """The professional declared weekly hours (with none, only blocked periods can put a window out)."""
    desde: datetime
    hasta: datetime
