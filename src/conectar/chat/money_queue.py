"""The ``chat.money`` queue's handler (``flows.money_queue.MoneyHandler``; its rules are here): one money
movement asked of the payments service, and what its answer does to the trabajo.

- Accepted (release: LIBERADO; refund: REEMBOLSADO, or CONTRACARGO — the money went back anyway): the
  in-flight trabajo reaches its final state (``liberacion_aceptada``, ``reembolso_aceptado``), and only then
  what depends on it happens (WorkCompleted, JobCancelled with the refund).
- Refused — a 4xx other than 401/408/429 (no payment for the trabajo 404; not credited, professional or
  amounts that do not match 400; already released with other amounts or already refunded, or released when a
  refund was asked 409): the trabajo shows it (``liberacion_rechazada``, ``reembolso_rechazado``) and staff
  are told (MoneyMovementRefused, ``conectar_chat_money_refusals_total``). The money stays where the ledger
  says.
- Anything else (a 5xx — payments answers 502 when the provider refused a refund, and that may pass —, a
  timeout, payments not reachable, a refund the provider has not confirmed yet): retried with the queue's
  backoff while the trabajo stays in flight; after ``MAX_ATTEMPTS`` it counts as refused, with no status.

Idempotent: payments is idempotent on the trabajo id per kind, and the trabajo moves only from the in-flight
state the movement expects, under its lock.
"""

from __future__ import annotations

from typing import Any

from conectar.chat import money
from conectar.chat import statemachine as sm
from conectar.chat.models import MoneyAction
from conectar.contracts.payments import PaymentEstado

E = sm.EstadoEscrow
# Statuses of a payments answer that are not a refusal but a reason to ask again later.
NOT_REFUSALS = frozenset({401, 408, 425, 429})
ACCEPTED_REFUND = frozenset({PaymentEstado.REEMBOLSADO, PaymentEstado.CONTRACARGO})
GAUGE_SECONDS = 15.0


def refused(status: int) -> bool:
    """Whether payments' answer refuses the movement for good (until someone fixes its cause)."""
    return 400 <= status < 500 and status not in NOT_REFUSALS


class Answer:
    """What one call to the payments service gave: the fields to store (open), or its status."""

    def __init__(self, estado: PaymentEstado | None = None, **fields: Any) -> None:
        self.estado = estado
        self.fields = fields


def wanted(action: MoneyAction, estado: str) -> bool:
    """Whether the trabajo still waits for this movement."""
    if action.kind == money.OPEN:
        return estado == E.PENDIENTE_PAGO
    return estado == money.IN_FLIGHT[action.kind]
