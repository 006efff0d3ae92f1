"""Routes of the built-in MercadoPago sandbox, reachable only while the sandbox provider is active:
the checkout page at the preference's ``init_point`` (a signed, expiring, single-use link: the preference id
alone is not enough) and, for parity and development, the provider API shapes the adapter reads (service
token required)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from conectar.payments.flows import sandbox_checkout as sandbox_checkout_flows
from conectar.payments.providers.base import ProviderNotFound
from conectar.payments.providers.sandbox import CHECKOUT_TOKEN_PARAM
from conectar.payments.runtime import runtime_of
from conectar.payments.service import sandbox_checkout
from conectar.payments.service.sandbox_checkout import CheckoutRefused
from conectar.platform.app import Ctx
from conectar.platform.errors import NotFound
from conectar.platform.security import ServiceCaller

PREFIX = "/api/v1/pagos/sandbox"
router = APIRouter(prefix=PREFIX, tags=["sandbox de pagos"])
provider_router = APIRouter(prefix=f"{PREFIX}/api", include_in_schema=False)

# The page's address carries the link's token: never cached, never sent on as a Referer.
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
LinkToken = Annotated[
    str | None,
    Query(alias=CHECKOUT_TOKEN_PARAM, description="El token firmado del enlace de pago"),
]


def _refused(refusal: CheckoutRefused) -> HTMLResponse:
    body = sandbox_checkout.render_refusal(refusal.message, refusal.back_url)
    return HTMLResponse(body, status_code=403, headers=PAGE_HEADERS)


@router.get(
    "/checkout/{preference_id}",
    response_class=HTMLResponse,
    responses={403: {"description": "Enlace sin token, con un token incorrecto o vencido"}},
)
async def checkout_page(preference_id: str, ctx: Ctx, token: LinkToken = None) -> HTMLResponse:
    """La página de pago del sandbox: el ítem, el precio y los botones Aprobar y Rechazar."""
    try:
        body = await sandbox_checkout_flows.page(runtime_of(ctx), preference_id, token)
    except CheckoutRefused as refusal:
        return _refused(refusal)
    return HTMLResponse(body, headers=PAGE_HEADERS)


@router.post(
    "/checkout/{preference_id}",
    status_code=303,
    response_class=RedirectResponse,
    response_model=None,
    responses={403: {"description": "Enlace inválido o vencido, o el pago ya se decidió con este enlace"}},
)
async def checkout_decision(
    preference_id: str,
    ctx: Ctx,
    status: Annotated[Literal["approved", "rejected"], Form()],
    token: LinkToken = None,
) -> Response:
    """Aprueba o rechaza el pago (una sola vez por enlace), vuelve a la URL de retorno y envía el webhook
    firmado."""
    try:
        target = await sandbox_checkout_flows.decide(runtime_of(ctx), preference_id, token, status)
    except CheckoutRefused as refusal:
        return _refused(refusal)
    return RedirectResponse(target, status_code=303, headers={"Referrer-Policy": "no-referrer"})


@provider_router.get("/v1/payments/search")
async def search_payments(
    _caller: ServiceCaller, ctx: Ctx, external_reference: Annotated[str, Query(max_length=64)]
) -> dict[str, Any]:
    sandbox = runtime_of(ctx).require_sandbox()
    results = await sandbox.search_documents(external_reference)
    return {"paging": {"total": len(results), "limit": len(results), "offset": 0}, "results": results}


def _not_found(what: str) -> NotFound:
    """A 404 with MercadoPago's body."""
    return NotFound({"message": f"{what} not found", "error": "not_found", "status": 404, "cause": []})


def _found(document: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if document is None:
        raise _not_found(what)
    return document


@provider_router.get("/v1/payments/{payment_id}")
async def get_payment(payment_id: str, _caller: ServiceCaller, ctx: Ctx) -> dict[str, Any]:
    sandbox = runtime_of(ctx).require_sandbox()
    return _found(await sandbox.payment_document(payment_id), "Payment")


@provider_router.get("/checkout/preferences/{preference_id}")
async def get_preference(preference_id: str, _caller: ServiceCaller, ctx: Ctx) -> dict[str, Any]:
    sandbox = runtime_of(ctx).require_sandbox()
    return _found(await sandbox.preference(preference_id), "Preference")


@provider_router.post("/v1/payments/{payment_id}/chargeback")
async def charge_back(payment_id: str, _caller: ServiceCaller, ctx: Ctx) -> dict[str, Any]:
    """Sandbox control: the payer's bank takes the payment back; a webhook follows."""
    sandbox = runtime_of(ctx).require_sandbox()
    try:
        return await sandbox.charge_back(payment_id)
    except ProviderNotFound as exc:
        raise _not_found("Payment") from exc
