"""Internal API models of the professionals service (answered to the chat and payments services).

``GET /internal/v1/professionals/by-user/{user_id}`` → :class:`ProfessionalSummary` (404 unknown).
``GET /internal/v1/professionals/{profesional_id}`` → :class:`ProfessionalSummary` (404 unknown).
``GET /internal/v1/servicios-instant/{servicio_id}/profesionales/{user_id}`` → :class:`InstantOffer`
(404 unless that approved, active professional offers that active service with a price and accepts instant
hires).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from pydantic import BaseModel


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
