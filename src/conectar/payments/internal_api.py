"""Internal API of the payments service (service tokens only; never routed by the gateway).

Idempotent on the trabajo id: repeating a call returns the first result. Models in
``conectar.contracts.payments``.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from conectar.contracts.payments import (
    OpenPaymentRequest,
    OpenPaymentResponse,
    PaymentStatus,
    RefundRequest,
    ReleaseRequest,
)
from conectar.payments.flows import intents, sandbox_checkout
from conectar.payments.runtime import runtime_of
from conectar.platform.app import Ctx
from conectar.platform.security import ServiceCaller

router = APIRouter(prefix="/internal/v1/payments", include_in_schema=False)


@router.post("", response_model=OpenPaymentResponse)
async def open_payment(body: OpenPaymentRequest, _caller: ServiceCaller, ctx: Ctx) -> OpenPaymentResponse:
    return await intents.open_payment(runtime_of(ctx), body)


@router.get("/{trabajo_id}", response_model=PaymentStatus)
async def payment_status(trabajo_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> PaymentStatus:
    return await intents.get_status(runtime_of(ctx), trabajo_id)


@router.post("/{trabajo_id}/release", response_model=PaymentStatus)
async def release(
    trabajo_id: uuid.UUID, body: ReleaseRequest, _caller: ServiceCaller, ctx: Ctx
) -> PaymentStatus:
    return await intents.release(runtime_of(ctx), trabajo_id, body)


@router.post("/{trabajo_id}/refund", response_model=PaymentStatus)
async def refund(
    trabajo_id: uuid.UUID, body: RefundRequest, _caller: ServiceCaller, ctx: Ctx
) -> PaymentStatus:
    return await intents.refund(runtime_of(ctx), trabajo_id, body)


@router.post("/{trabajo_id}/simulate-approval", response_model=PaymentStatus)
async def simulate_approval(trabajo_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> PaymentStatus:
    """Sandbox only (404 otherwise): the client pays the checkout; the payment is confirmed at once."""
    return await sandbox_checkout.simulate_approval(runtime_of(ctx), trabajo_id)
