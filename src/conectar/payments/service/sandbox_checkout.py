"""The sandbox's checkout: the page a payer sees at ``payment_url``, the approve/reject decision, the
return to the preference's back URL, and the admin test hook that approves a trabajo's payment.

The page and the decision need the link's signed token (see ``CheckoutLinks``). An approval uses the link
up; a rejection does not (as on MercadoPago, the payer may try again with another card).
"""

from __future__ import annotations

import html
from typing import Any

from conectar.contracts.money import ars
from conectar.payments.money import provider_decimal
from conectar.payments.providers.sandbox import payer_of

LINK_INVALID = "El enlace de pago no es válido. Volvé al sitio y usá el botón «Pagar» otra vez."
LINK_EXPIRED = "El enlace de pago venció. Volvé al sitio para ver el estado de tu trabajo."
LINK_USED = {"approved": "Este pago ya fue aprobado: el enlace ya se usó."}


class CheckoutRefused(Exception):
    """The checkout link cannot be used: the page answers 403 with ``message`` (and a way back)."""

    def __init__(self, message: str, back_url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.back_url = back_url


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
    price = html.escape(ars(provider_decimal(item.get("unit_price", 0))))
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
        ) + _back_link(back_url)
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
