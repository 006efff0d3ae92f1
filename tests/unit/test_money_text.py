"""One way to write money in the whole product: the web pages, the notices and e-mails, the offer
cards in chat and the payment pages all print an amount the same way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pytest

from conectar.contracts.money import ars
from conectar.notifications.rendering import pesos
from conectar.web.formatting import money

CASES = [
    (Decimal("15000"), "$ 15.000"),
    (Decimal("15000.5"), "$ 15.000,50"),
    ("1234567.891", "$ 1.234.567,89"),
    (0, "$ 0"),
    ("999.999", "$ 1.000"),
    (Decimal("-2500.005"), "-$ 2.500,01"),
    (Decimal("0.01"), "$ 0,01"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_every_surface_writes_an_amount_the_same_way(value: Decimal | int | str, expected: str) -> None:
    assert ars(value) == expected
    assert pesos(value) == expected
    assert money(value) == expected


def test_what_is_not_an_amount() -> None:
    with pytest.raises(InvalidOperation):
        ars("quince mil")
    assert pesos("quince mil") == "quince mil"
    assert money(None) == "—"
