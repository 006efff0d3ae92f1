"""How money reads to people, the same in every service and page: pesos in Argentine style.

``$ 15.000`` for a whole amount and ``$ 15.000,50`` when there are centavos, ``-$ 1.234,50`` below zero
(rounded half-up to the centavo). Chat's offer cards, the e-mails and notices, the payment pages and the
web app all print amounts with :func:`ars`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def group_thousands(digits: str) -> str:
    """``"1234567"`` → ``"1.234.567"``."""
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return ".".join(groups)


def ars(amount: Decimal | int | str) -> str:
    """An amount in pesos as people in Argentina write it (raises ``decimal.InvalidOperation`` for text
    that is not a number)."""
    cents = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(cents):.2f}".partition(".")
    text = group_thousands(whole) + ("" if fraction == "00" else f",{fraction}")
    return ("-$ " if cents < 0 else "$ ") + text
