"""The professional's earnings as a ledger people can read: each movement's direction (ingreso, comisión,
retiro, reembolso), signed amounts, and the balance available after it.

The payments API lists movements (``GET /pagos/historial``, newest first) and the balance
(``GET /pagos/balance``); it does not say how each movement changed what is available to withdraw. That
follows from the ledger's postings (``payments/ledger.py``): a release credits the professional's payable
with the price less the commission, a payout reserves money out of it, a reversed payout puts it back;
payments into escrow, refunds and chargebacks move money in escrow ("en garantía") and leave the available
balance as it was, and a paid payout only finishes what its request already took. So the running balance is
the balance now, walked back through the newer movements.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from conectar.web.apimodels import Movement

ZERO = Decimal("0")


@dataclass(frozen=True)
class Line:
    """One signed amount of a movement: ``direction`` is ``ingreso``, ``comision``, ``retiro``,
    ``reembolso`` or ``garantia`` (money held in escrow, not yet available)."""

    label: str
    amount: Decimal  # signed: + enters, - leaves
    direction: str


@dataclass(frozen=True)
class Row:
    fecha: datetime
    tipo: str
    title: str
    lines: list[Line]
    effect: Decimal  # on the available balance
    balance: Decimal | None  # available after this movement (None when it cannot be known)
    trabajo_id: uuid.UUID | None = None
    note: str = ""
    kind: str = field(default="")  # the row's main direction, for its colour and icon


def effect(m: Movement) -> Decimal:
    """How ``m`` changed the balance available to withdraw."""
    if m.tipo == "LIBERACION":
        return m.neto
    if m.tipo == "RETIRO_SOLICITADO":
        return -abs(m.monto)
    if m.tipo == "RETIRO_REVERTIDO":
        return abs(m.monto)
    return ZERO


def describe(m: Movement) -> tuple[str, list[Line], str, str]:
    """(title, lines, note, main direction) of a movement as the professional reads it."""
    monto = abs(m.monto)
    if m.tipo == "LIBERACION":
        lines = [Line("Ingreso por el trabajo", monto, "ingreso")]
        if m.comision:
            lines.append(Line("Comisión de la plataforma", -abs(m.comision), "comision"))
        return "Ingreso: pago liberado", lines, "", "ingreso"
    if m.tipo == "PAGO":
        note = "Queda en garantía hasta que el cliente confirme: todavía no está disponible."
        return "Pago del cliente, en garantía", [Line("En garantía", monto, "garantia")], note, "garantia"
    if m.tipo in ("REEMBOLSO", "CONTRACARGO"):
        title = "Reembolso al cliente" if m.tipo == "REEMBOLSO" else "Contracargo del cliente"
        note = "Salió de la garantía: no cambia tu saldo disponible."
        return title, [Line("Devuelto al cliente", -monto, "reembolso")], note, "reembolso"
    if m.tipo == "REVERSION":
        note = "Lo cubrió la plataforma: no cambia tu saldo disponible."
        return "Reembolso al cliente", [Line("Devuelto al cliente", -monto, "reembolso")], note, "reembolso"
    if m.tipo == "RETIRO_SOLICITADO":
        return "Retiro a tu cuenta", [Line("Retiro", -monto, "retiro")], "", "retiro"
    if m.tipo == "RETIRO":
        note = "Ya se había descontado al pedirlo."
        return "Retiro acreditado en tu cuenta", [Line("Acreditado", monto, "retiro")], note, "retiro-ok"
    if m.tipo == "RETIRO_REVERTIDO":
        note = "El banco no lo acreditó: volvió a tu saldo."
        return "Retiro devuelto", [Line("Devuelto a tu saldo", monto, "ingreso")], note, "ingreso"
    return m.tipo.replace("_", " ").capitalize(), [Line("Monto", m.monto, "garantia")], "", "garantia"


def rows(
    movements: Sequence[Movement], available_now: Decimal | None, newer: Iterable[Movement] = ()
) -> list[Row]:
    """The page's movements (newest first) with the available balance after each one: the balance now,
    less what the ``newer`` movements (those on the pages before, unfiltered) and the ones above on this
    page added. ``available_now`` None: no balance column."""
    running = None if available_now is None else available_now - sum((effect(m) for m in newer), ZERO)
    found: list[Row] = []
    for m in movements:
        title, lines, note, kind = describe(m)
        found.append(
            Row(
                fecha=m.fecha,
                tipo=m.tipo,
                title=title,
                lines=lines,
                effect=effect(m),
                balance=running,
                trabajo_id=m.trabajo_id,
                note=note,
                kind=kind,
            )
        )
        if running is not None:
            running -= effect(m)
    return found
