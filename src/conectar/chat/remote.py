"""What the chat service asks of the professionals and payments services."""

from __future__ import annotations

import uuid
from decimal import Decimal

from conectar.chat.ventanas import Ventana
from conectar.contracts.payments import (
    OpenPaymentRequest,
    OpenPaymentResponse,
    PaymentStatus,
    RefundRequest,
    ReleaseRequest,
)
from conectar.contracts.professionals import (
    CoverageAnswer,
    CoverageRequest,
    InstantOffer,
    MatchingProfessionals,
    MatchingRequest,
    ProfessionalSummary,
    WindowAnswer,
    WindowRequest,
)
from conectar.platform.app import ServiceContext
from conectar.platform.errors import NotFound


async def professional(ctx: ServiceContext, user_id: uuid.UUID) -> ProfessionalSummary:
    data = await ctx.clients.call("professionals", "GET", f"/internal/v1/professionals/by-user/{user_id}")
    return ProfessionalSummary.model_validate(data)


async def oficios_of(ctx: ServiceContext, user_id: uuid.UUID) -> list[str]:
    """The names of the oficios on the professional's public profile (the professionals service's public
    read; no internal route carries them)."""
    summary = await professional(ctx, user_id)
    data = await ctx.clients.call(
        "professionals", "GET", f"/api/v1/public/professional/{summary.profesional_id}"
    )
    return [str(o["nombre"]) for o in data.get("oficios", []) if isinstance(o, dict) and o.get("nombre")]


async def instant_offer(ctx: ServiceContext, servicio_id: uuid.UUID, user_id: uuid.UUID) -> InstantOffer:
    data = await ctx.clients.call(
        "professionals", "GET", f"/internal/v1/servicios-instant/{servicio_id}/profesionales/{user_id}"
    )
    return InstantOffer.model_validate(data)


async def published_offer(ctx: ServiceContext, servicio_id: uuid.UUID) -> InstantOffer:
    """A service a professional published, as an instant hire takes it (404 unless hireable now)."""
    data = await ctx.clients.call("professionals", "GET", f"/internal/v1/servicios-publicados/{servicio_id}")
    return InstantOffer.model_validate(data)


async def oficio_nombre(ctx: ServiceContext, oficio_id: uuid.UUID) -> str | None:
    """The name of an active oficio of the catalog (the professionals service's public list); None when
    there is no such active oficio."""
    data = await ctx.clients.call("professionals", "GET", "/api/v1/public/oficios")
    for o in data if isinstance(data, list) else []:
        if isinstance(o, dict) and str(o.get("id")) == str(oficio_id) and o.get("activo", True):
            return str(o["nombre"])
    return None


async def oficio_ids_of(ctx: ServiceContext, user_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of the oficios on the professional's public profile ([] for a user with no profile)."""
    try:
        summary = await professional(ctx, user_id)
        data = await ctx.clients.call(
            "professionals", "GET", f"/api/v1/public/professional/{summary.profesional_id}"
        )
    except NotFound:  # no profile, or not public (not approved)
        return []
    return [uuid.UUID(str(o["id"])) for o in data.get("oficios", []) if isinstance(o, dict) and o.get("id")]


async def matching_professionals(ctx: ServiceContext, request: MatchingRequest) -> MatchingProfessionals:
    """Who may quote a pedido at this point for this oficio, nearest first (SPEC §10)."""
    data = await ctx.clients.call(
        "professionals", "POST", "/internal/v1/pedidos/profesionales", json=request.model_dump(mode="json")
    )
    return MatchingProfessionals.model_validate(data)


async def outside_hours(ctx: ServiceContext, user_id: uuid.UUID, visita: Ventana | None) -> bool:
    """Whether a visit window falls outside the professional's weekly hours or on a blocked day (SPEC §11);
    False without a window."""
    if visita is None:
        return False
    request = WindowRequest(usuario_id=user_id, desde=visita.desde, hasta=visita.hasta)
    data = await ctx.clients.call(
        "professionals", "POST", "/internal/v1/disponibilidad/ventana", json=request.model_dump(mode="json")
    )
    return WindowAnswer.model_validate(data).fuera_de_horario


async def coverage(ctx: ServiceContext, request: CoverageRequest) -> CoverageAnswer:
    """Which of these pedido points the professional matches, with the distance, nearest first."""
    data = await ctx.clients.call(
        "professionals", "POST", "/internal/v1/pedidos/cobertura", json=request.model_dump(mode="json")
    )
    return CoverageAnswer.model_validate(data)


async def open_payment(ctx: ServiceContext, request: OpenPaymentRequest) -> OpenPaymentResponse:
    data = await ctx.clients.call(
        "payments", "POST", "/internal/v1/payments", json=request.model_dump(mode="json")
    )
    return OpenPaymentResponse.model_validate(data)


async def payment_status(ctx: ServiceContext, trabajo_id: uuid.UUID) -> PaymentStatus | None:
    """Where the payments service has the trabajo's money; None when it has no payment for it."""
    try:
        data = await ctx.clients.call("payments", "GET", f"/internal/v1/payments/{trabajo_id}")
    except NotFound:
        return None
    return PaymentStatus.model_validate(data)


async def release(ctx: ServiceContext, trabajo_id: uuid.UUID, request: ReleaseRequest) -> PaymentStatus:
    data = await ctx.clients.call(
        "payments",
        "POST",
        f"/internal/v1/payments/{trabajo_id}/release",
        json=request.model_dump(mode="json"),
    )
    return PaymentStatus.model_validate(data)


async def refund(ctx: ServiceContext, trabajo_id: uuid.UUID, motivo: str) -> PaymentStatus:
    data = await ctx.clients.call(
        "payments",
        "POST",
        f"/internal/v1/payments/{trabajo_id}/refund",
        json=RefundRequest(motivo=motivo).model_dump(mode="json"),
    )
    return PaymentStatus.model_validate(data)


async def simulate_approval(ctx: ServiceContext, trabajo_id: uuid.UUID) -> PaymentStatus:
    data = await ctx.clients.call("payments", "POST", f"/internal/v1/payments/{trabajo_id}/simulate-approval")
    return PaymentStatus.model_validate(data)


def commission(precio_final: Decimal, tasa: Decimal) -> tuple[Decimal, Decimal]:
    """(comision_plataforma, monto_liberado): the commission rounded half-up to cents (SPEC §5)."""
    from decimal import ROUND_HALF_UP

    comision = (precio_final * tasa).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return comision, precio_final - comision
