"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from conectar.contracts.payments import PaymentStatus
from conectar.payments import repository as repo
from conectar.payments.flows import intents
from conectar.payments.flows.notifications import apply_provider_payment
from conectar.payments.providers.base import ProviderNotFound, parse_payment
from conectar.payments.providers.sandbox import CheckoutAlreadyDecided, LinkCheck, payer_of
from conectar.payments.service.sandbox_checkout import (
    LINK_EXPIRED,
    LINK_INVALID,
    LINK_USED,
    CheckoutRefused,
    render_page,
)
from conectar.platform.errors import BusinessRuleError, NotFound

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime


async def _preference(rt: PaymentsRuntime, preference_id: str, token: str | None) -> dict[str, Any]:
    """The preference behind a checkout link whose token is right and not expired."""
    sandbox = rt.require_sandbox()
    preference = await sandbox.preference(preference_id)
    if preference is None:
        raise NotFound("Checkout no encontrado")
    check = sandbox.links.check(token, preference_id, payer_of(preference))
    if check is LinkCheck.EXPIRED:
        raise CheckoutRefused(LINK_EXPIRED, _back_url(rt, preference, "failure"))
    if check is not LinkCheck.VALID:
        raise CheckoutRefused(LINK_INVALID)
    return preference


def _back_url(rt: PaymentsRuntime, preference: dict[str, Any], which: str) -> str:
    back_urls = preference.get("back_urls") or {}
    return str(back_urls.get(which) or rt.platform.base_url)


async def page(rt: PaymentsRuntime, preference_id: str, token: str | None) -> str:
    preference = await _preference(rt, preference_id, token)
    decided = await rt.require_sandbox().decision(preference_id)
    if decided is None and any(p["status"] == "approved" for p in await _payments_of(rt, preference)):
        decided = "approved"  # paid by the admin's test hook
    back = _back_url(rt, preference, "success" if decided == "approved" else "failure")
    return render_page(preference, decided=decided, back_url=back)


async def _payments_of(rt: PaymentsRuntime, preference: dict[str, Any]) -> list[dict[str, Any]]:
    sandbox = rt.require_sandbox()
    reference = preference.get("external_reference")
    if not reference:
        return []
    documents = await sandbox.search_documents(str(reference))
    return [d for d in documents if d.get("metadata", {}).get("preference_id") == preference["id"]]


async def decide(rt: PaymentsRuntime, preference_id: str, token: str | None, status: str) -> str:
    """Create the payment (approved or rejected) and answer the back URL to redirect to. An approval is
    the link's last decision (anything after it is refused and changes nothing); a rejection lets the payer
    try again."""
    preference = await _preference(rt, preference_id, token)
    sandbox = rt.require_sandbox()
    used_up = CheckoutRefused(LINK_USED["approved"], _back_url(rt, preference, "success"))
    if await sandbox.decision(preference_id) is not None:
        raise used_up
    try:
        result = await sandbox.checkout(preference_id, status, once=status == "approved")
    except ProviderNotFound as exc:
        raise NotFound("Checkout no encontrado") from exc
    except CheckoutAlreadyDecided as exc:
        raise used_up from exc
    payment = result.payment
    if not result.created:  # paid meanwhile (another tab, the admin's hook): nothing new happened
        raise used_up
    target = _back_url(rt, result.preference, "success" if payment["status"] == "approved" else "failure")
    params = {
        "collection_id": payment["id"],
        "collection_status": payment["status"],
        "payment_id": payment["id"],
        "status": payment["status"],
        "external_reference": payment.get("external_reference") or "",
        "payment_type": payment.get("payment_type_id", "credit_card"),
        "merchant_order_id": "null",
        "preference_id": preference_id,
        "site_id": "MLA",
        "processing_mode": "aggregator",
        "merchant_account_id": "null",
    }
    separator = "&" if "?" in target else "?"
    return f"{target}{separator}{urlencode(params)}"


async def simulate_approval(rt: PaymentsRuntime, trabajo_id: uuid.UUID) -> PaymentStatus:
    """The admin test hook: approve the trabajo's checkout and confirm the payment now (the sandbox's
    webhook still arrives later and finds nothing left to do)."""
    sandbox = rt.require_sandbox()
    async with rt.db.session(write=False) as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id)
    if intent is None:
        raise NotFound("No hay un pago para ese trabajo")
    if intent.preference_id is None:
        raise BusinessRuleError("El pago todavía no tiene checkout")
    result = await sandbox.checkout(intent.preference_id, "approved")
    await apply_provider_payment(rt, parse_payment(result.payment), source="simulation")
    return await intents.get_status(rt, trabajo_id)
