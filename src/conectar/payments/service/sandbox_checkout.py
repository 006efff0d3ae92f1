"""The sandbox's checkout: the page a payer sees at ``payment_url``, the approve/reject decision, the
return to the preference's back URL, and the admin test hook that approves a trabajo's payment."""

from __future__ import annotations

import html
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from conectar.contracts.payments import PaymentStatus
from conectar.payments import repository as repo
from conectar.payments.money import format_ars, provider_decimal
from conectar.payments.providers.base import ProviderNotFound, parse_payment
from conectar.payments.service import intents
from conectar.payments.service.notifications import apply_provider_payment
from conectar.platform.errors import BusinessRuleError, NotFound

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime


async def page(rt: PaymentsRuntime, preference_id: str) -> str:
    sandbox = rt.require_sandbox()
    preference = await sandbox.preference(preference_id)
    if preference is None:
        raise NotFound("Checkout no encontrado")
    paid = any(p["status"] == "approved" for p in await _payments_of(rt, preference))
    return render_page(preference, paid=paid)


async def _payments_of(rt: PaymentsRuntime, preference: dict[str, Any]) -> list[dict[str, Any]]:
    sandbox = rt.require_sandbox()
    reference = preference.get("external_reference")
    if not reference:
        return []
    documents = await sandbox.search_documents(str(reference))
    return [d for d in documents if d.get("metadata", {}).get("preference_id") == preference["id"]]


async def decide(rt: PaymentsRuntime, preference_id: str, status: str) -> str:
    """Create the payment (approved or rejected) and answer the back URL to redirect to."""
    sandbox = rt.require_sandbox()
    try:
        result = await sandbox.checkout(preference_id, status)
    except ProviderNotFound as exc:
        raise NotFound("Checkout no encontrado") from exc
    payment = result.payment
    back_urls = result.preference.get("back_urls") or {}
    target = (
        back_urls.get("success" if payment["status"] == "approved" else "failure") or rt.platform.base_url
    )
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


def render_page(preference: dict[str, Any], *, paid: bool) -> str:
    item = (preference.get("items") or [{}])[0]
    title = html.escape(str(item.get("title", "")))
    price = html.escape(format_ars(provider_decimal(item.get("unit_price", 0))))
    email = html.escape(str(preference.get("payer", {}).get("email") or ""))
    preference_id = html.escape(str(preference["id"]))
    if paid:
        actions = '<p class="ok">Este pago ya fue aprobado.</p>'
    else:
        actions = (
            '<form method="post">'
            '<button name="status" value="approved" class="aprobar" type="submit">Aprobar pago</button>'
            '<button name="status" value="rejected" class="rechazar" type="submit">Rechazar pago</button>'
            "</form>"
        )
    return f"""<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pagar {title} — Mercado Pago (sandbox)</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #f4f6fb; margin: 0; padding: 2rem; color: #1f2937; }}
main {{ max-width: 28rem; margin: auto; background: #fff; border-radius: 12px; padding: 2rem;
  box-shadow: 0 2px 12px rgba(0,0,0,.08); }}
.aviso {{ background: #fff7d6; border-radius: 8px; padding: .6rem .8rem; font-size: .9rem; }}
.precio {{ font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }}
form {{ display: flex; gap: .75rem; }}
button {{ flex: 1; border: 0; border-radius: 8px; padding: .9rem; font-size: 1rem; cursor: pointer; }}
.aprobar {{ background: #009ee3; color: #fff; }}
.rechazar {{ background: #e5e7eb; }}
.ok {{ color: #047857; font-weight: 600; }}
</style>
</head>
<body>
<main>
<p class="aviso">Entorno de pruebas: no se cobra dinero real.</p>
<h1>Pagar con Mercado Pago</h1>
<p>{title}</p>
<p class="precio" data-testid="precio">{price}</p>
<p>Pagador: {email}</p>
{actions}
<p><small>Preferencia {preference_id}</small></p>
</main>
</body>
</html>
"""
