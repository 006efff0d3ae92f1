"""A trabajo's payment, as the chat service drives it: open the checkout, read the status, release,
refund. Idempotent on the trabajo id; provider calls happen between short units of work, with their
idempotency key committed before the call."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from conectar.contracts.payments import OpenPaymentRequest, ReleaseRequest
from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments.models import PaymentIntent
from conectar.payments.money import InvalidAmount, to_centavos
from conectar.payments.state import UNPAID
from conectar.platform.errors import BusinessRuleError, Conflict

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime


PROVIDER_DOWN = "El proveedor de pagos no respondió; intentá de nuevo en unos minutos"


def new_key(prefix: str) -> str:
    """An idempotency key for one provider POST (≤ 64 characters, as MercadoPago requires)."""
    return f"{prefix}-{secrets.token_hex(16)}"


def centavos(value: Decimal, label: str) -> int:
    try:
        return to_centavos(value)
    except InvalidAmount as exc:
        raise BusinessRuleError(f"{label}: importe inválido") from exc


def default_back_urls(rt: PaymentsRuntime, trabajo_id: uuid.UUID) -> dict[str, str]:
    page = rt.platform.base_url + rt.settings.payments_return_path
    outcomes = {"success": "aprobado", "failure": "rechazado", "pending": "pendiente"}
    return {name: f"{page}?estado={estado}&trabajo_id={trabajo_id}" for name, estado in outcomes.items()}


def same_request(intent: PaymentIntent, request: OpenPaymentRequest, amount: int) -> None:
    if (intent.cliente_id, intent.profesional_id, intent.amount_centavos) != (
        request.cliente_id,
        request.profesional_id,
        amount,
    ):
        raise Conflict("Ya existe un pago para ese trabajo con otros datos")


def releasable(intent: PaymentIntent, request: ReleaseRequest, comision: int, liberado: int) -> bool:
    """True when the escrow can be released as asked; False when it already was, with these amounts."""
    if intent.profesional_id != request.profesional_id:
        raise BusinessRuleError("El profesional no corresponde a este pago")
    estado = Estado(intent.estado)
    if estado is Estado.LIBERADO:
        if (intent.comision_centavos, intent.liberado_centavos) == (comision, liberado):
            return False
        raise Conflict("El pago ya fue liberado con otros importes")
    if estado in (Estado.REEMBOLSO_PENDIENTE, Estado.REEMBOLSADO, Estado.CONTRACARGO):
        raise Conflict("El pago fue reembolsado al cliente; no se puede liberar")
    if estado in UNPAID:
        raise BusinessRuleError("El pago del trabajo todavía no está acreditado")
    if comision + liberado != intent.amount_centavos:
        raise BusinessRuleError(
            "La comisión más el monto liberado tiene que ser igual a lo que está en garantía"
        )
    return True
