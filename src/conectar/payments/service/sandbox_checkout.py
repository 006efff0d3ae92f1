"""The sandbox's checkout: the page a payer sees at ``payment_url``, the approve/reject decision, the
return to the preference's back URL, and the admin test hook that approves a trabajo's payment.

The page and the decision need the link's signed token (see ``CheckoutLinks``). An approval uses the link
up; a rejection does not (as on MercadoPago, the payer may try again with another card).
"""

from __future__ import annotations

import html
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from conectar.contracts.payments import PaymentStatus
from conectar.payments import repository as repo
from conectar.payments.money import format_ars, provider_decimal
from conectar.payments.providers.base import ProviderNotFound, parse_payment
from conectar.payments.providers.sandbox import CheckoutAlreadyDecided, LinkCheck, payer_of
from conectar.payments.service import intents
from conectar.payments.service.notifications import apply_provider_payment
from conectar.platform.errors import BusinessRuleError, NotFound

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

LINK_INVALID = "El enlace de pago no es válido. Volvé al sitio y usá el botón «Pagar» otra vez."
LINK_EXPIRED = "El enlace de pago venció. Volvé al sitio para ver el estado de tu trabajo."
LINK_USED = {"approved": "Este pago ya fue aprobado: el enlace ya se usó."}


class CheckoutRefused(Exception):
    """The checkout link cannot be used: the page answers 403 with ``message`` (and a way back)."""

    def __init__(self, message: str, back_url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.back_url = back_url


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
    back = _back_url(rt, preference, "success" if decided == "approved" else "failure") if decided else None
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


STYLE = """
body { font-family: system-ui, sans-serif; background: #f4f6fb; margin: 0; padding: 2rem; color: #1f2937; }
main { max-width: 28rem; margin: auto; background: #fff; border-radius: 12px; padding: 2rem;
  box-shadow: 0 2px 12px rgba(0,0,0,.08); }
.aviso { background: #fff7d6; border-radius: 8px; padding: .6rem .8rem; font-size: .9rem; }
.precio { font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }
form { display: flex; gap: .75rem; }
button { flex: 1; border: 0; border-radius: 8px; padding: .9rem; font-size: 1rem; cursor: pointer; }
.aprobar { background: #009ee3; color: #fff; }
.rechazar { background: #e5e7eb; }
.ok { color: #047857; font-weight: 600; }
.error { color: #b91c1c; font-weight: 600; }
"""


def _document(title: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="es-AR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<p class="aviso">Entorno de pruebas: no se cobra dinero real.</p>
{body}
</main>
</body>
</html>
"""


def _back_link(back_url: str | None) -> str:
    if not back_url:
        return ""
    return f'<p><a href="{html.escape(back_url)}">Volver al sitio</a></p>'


def render_page(preference: dict[str, Any], *, decided: str | None, back_url: str | None = None) -> str:
    item = (preference.get("items") or [{}])[0]
    title = html.escape(str(item.get("title", "")))
    price = html.escape(format_ars(provider_decimal(item.get("unit_price", 0))))
    email = html.escape(payer_of(preference))
    preference_id = html.escape(str(preference["id"]))
    if decided == "approved":
        actions = '<p class="ok">Este pago ya fue aprobado.</p>' + _back_link(back_url)
    elif decided is not None:
        actions = '<p class="error">Este pago fue rechazado; el enlace ya se usó.</p>' + _back_link(back_url)
    else:
        # No action: the form posts back to this very address, token included.
        actions = (
            '<form method="post">'
            '<button name="status" value="approved" class="aprobar" type="submit">Aprobar pago</button>'
            '<button name="status" value="rejected" class="rechazar" type="submit">Rechazar pago</button>'
            "</form>"
        )
    body = f"""<h1>Pagar con Mercado Pago</h1>
<p>{title}</p>
<p class="precio" data-testid="precio">{price}</p>
<p>Pagador: {email}</p>
{actions}
<p><small>Preferencia {preference_id}</small></p>"""
    return _document(f"Pagar {title} — Mercado Pago (sandbox)", body)


def render_refusal(message: str, back_url: str | None = None) -> str:
    body = f"""<h1>No se puede usar este enlace</h1>
<p class="error">{html.escape(message)}</p>
{_back_link(back_url)}"""
    return _document("Enlace de pago no válido — Mercado Pago (sandbox)", body)
