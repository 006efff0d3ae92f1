"""The payments service's Prometheus metrics: the figures an operator pages on.

Counters and the histogram move where the thing happens (the webhook route, the notification handler,
the refund use cases, the reconciliation job). The gauges are database-wide levels: every replica measures
them every :data:`GAUGE_SECONDS` with :class:`Gauges` and exports the same figure (alerts take ``max()``).
"""

from __future__ import annotations

from datetime import timedelta

import structlog
from prometheus_client import Counter, Gauge, Histogram

from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.ledger import AccountKind
from conectar.payments.state import EstadoRetiro
from conectar.platform.db import Database, utcnow
from conectar.platform.tasks import Repeating

log = structlog.get_logger(__name__)

GAUGE_SECONDS = 30.0

ESCROW_HELD = Gauge(
    "conectar_payments_escrow_held_centavos",
    "Money held in escrow now, in centavos: the sum of the ledger's escrow account balances (database-wide)",
)
PAYOUTS = Gauge(
    "conectar_payments_payouts",
    "Payouts by state (database-wide): pending = waiting (SOLICITADO or EN_PROCESO), failed = transfers "
    "that failed in the last 24 hours (FALLIDO; the amount went back to the professional's balance)",
    ["state"],
)
PENDING_RETIROS = (EstadoRetiro.SOLICITADO.value, EstadoRetiro.EN_PROCESO.value)
# A failed retiro stays FALLIDO for good (nothing resolves it: the money is back in the professional's
# balance), so the gauge counts recent failures; a level that never went back to 0 would alert for ever.
FAILED_RETIROS_WINDOW = timedelta(hours=24)
RECONCILIATION_MISMATCHES = Counter(
    "conectar_payments_reconciliation_mismatches_total",
    "Disagreements the reconciliation job found between the provider and us that it cannot settle by "
    "itself: a payment whose amount, currency or external reference is not the trabajo's, or a funded "
    "trabajo's payment the provider does not know",
)
REFUNDS = Counter(
    "conectar_payments_refunds_total",
    "Refunds by outcome: issued = a trabajo's escrow went back to the client (our refund confirmed, or one "
    "the provider reports); pending = an attempt the provider did not answer (reconciliation asks again); "
    "refused = the provider refused our refund (the money stays in escrow)",
    ["outcome"],
)
REFUND_OUTCOMES = ("issued", "pending", "refused")
WEBHOOKS = Counter(
    "conectar_payments_webhooks_total",
    "MercadoPago webhooks by outcome: accepted (stored, handled later), duplicate (already stored), "
    "bad_signature (refused 401), malformed (nothing to act on), unknown_payment (counted when handled: "
    "the provider does not know the payment an accepted webhook named)",
    ["outcome"],
)
WEBHOOK_OUTCOMES = ("accepted", "duplicate", "bad_signature", "malformed", "unknown_payment")
WEBHOOK_PROCESSING = Histogram(
    "conectar_payments_webhook_processing_seconds",
    "From a provider notification's receipt (received_at) to its being applied (handled_at stamped)",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
)

# Every labelled series exists from the start (at 0), so that rules and dashboards never meet an absent one.
for _state in ("pending", "failed"):
    PAYOUTS.labels(_state)
for _outcome in REFUND_OUTCOMES:
    REFUNDS.labels(_outcome)
for _outcome in WEBHOOK_OUTCOMES:
    WEBHOOKS.labels(_outcome)


async def measure(db: Database) -> None:
    """Set the database-wide gauges: money held in escrow (from the ledger) and retiros by state."""
    failed_since = utcnow() - FAILED_RETIROS_WINDOW
    async with db.snapshot() as session:
        held = await ledger.sum_balances(session, AccountKind.ESCROW)
        pending = await repo.count_retiros(session, PENDING_RETIROS)
        failed = await repo.count_retiros(session, [EstadoRetiro.FALLIDO.value], changed_since=failed_since)
    ESCROW_HELD.set(held)
    PAYOUTS.labels("pending").set(pending)
    PAYOUTS.labels("failed").set(failed)


def gauges(db: Database, interval_seconds: float = GAUGE_SECONDS) -> Repeating:
    """Keeps the payments gauges current in this replica (each replica exports the same database-wide
    figures)."""
    return Repeating("payments-gauges", interval_seconds, lambda: measure(db))
