"""Money at the edges: ARS decimals in, integer centavos inside, decimals out. Never floats."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CURRENCY = "ARS"
CENT = Decimal("0.01")


class InvalidAmount(ValueError):
    """An amount that is not a whole number of centavos."""


def to_centavos(amount: Decimal | int | str) -> int:
    """Exact conversion: ``Decimal("150.25")`` → 15025; anything finer than a centavo is refused."""
    try:
        value = Decimal(amount)
    except InvalidOperation as exc:
        raise InvalidAmount(str(amount)) from exc
    if not value.is_finite():
        raise InvalidAmount(str(amount))
    centavos = value * 100
    if centavos != centavos.to_integral_value():
        raise InvalidAmount(f"{amount} tiene más de dos decimales")
    return int(centavos)


def from_centavos(centavos: int) -> Decimal:
    return (Decimal(centavos) / 100).quantize(CENT)


def provider_decimal(value: object) -> Decimal:
    """A provider's JSON number as a Decimal. Numbers parsed as floats become the decimal their shortest
    repr shows (what the provider wrote), never the binary float."""
    if isinstance(value, bool) or value is None:
        raise InvalidAmount(repr(value))
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | str | Decimal):
        try:
            return Decimal(value)
        except InvalidOperation as exc:
            raise InvalidAmount(repr(value)) from exc
    raise InvalidAmount(repr(value))


def wire_number(amount: Decimal) -> float:
    """The JSON number for an amount the SDK encodes with the standard library's encoder.

    A two-decimal amount below 10^13 is written exactly: the shortest repr of the nearest float is the
    decimal itself. Checked, so a surprise can never send a different amount.
    """
    number = float(amount)
    if Decimal(repr(number)) != amount.normalize() and Decimal(repr(number)) != amount:
        raise InvalidAmount(f"{amount} no se puede enviar exacto")
    return number
