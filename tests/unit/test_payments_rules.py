"""Pure rules of the payments service: money conversion, the state tables, ledger postings, provider
JSON shapes."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments.ledger import Leg, Posting, TxKind, UnbalancedPosting, _validate, escrow, payable
from conectar.payments.money import (
    InvalidAmount,
    from_centavos,
    provider_decimal,
    to_centavos,
    wire_number,
)
from conectar.payments.providers.base import PayoutRequest, parse_payment, parse_payout, payout_body
from conectar.payments.providers.mercadopago import preference_body
from conectar.payments.providers.sandbox import CheckoutLinks, LinkCheck
from conectar.payments.state import TRANSITIONS, EstadoRetiro, TransitionName, retiro_can, transition


def test_centavos_are_exact() -> None:
    assert to_centavos(Decimal("15000.50")) == 1_500_050
    assert to_centavos("0.01") == 1
    assert to_centavos(Decimal("100")) == 10_000
    assert from_centavos(1_500_050) == Decimal("15000.50")
    assert str(from_centavos(5)) == "0.05"
    for bad in ("10.001", "abc", "NaN", "Infinity"):
        with pytest.raises(InvalidAmount):
            to_centavos(bad)


@given(st.integers(min_value=1, max_value=10**14))
def test_wire_numbers_round_trip(centavos: int) -> None:
    amount = from_centavos(centavos)
    number = wire_number(amount)
    assert provider_decimal(number) == amount


def test_provider_numbers_never_become_binary_floats() -> None:
    assert provider_decimal(0.1 + 0.2) != Decimal("0.3")  # what the provider wrote, not a guess
    assert provider_decimal(15000.5) == Decimal("15000.5")
    assert provider_decimal("15000.50") == Decimal("15000.50")
    assert provider_decimal(Decimal("1.10")) == Decimal("1.10")
    for bad in (None, True, [1]):
        with pytest.raises(InvalidAmount):
            provider_decimal(bad)


def test_transition_table() -> None:
    assert transition(Estado.PENDIENTE, TransitionName.PAGO_APROBADO).target is Estado.APROBADO  # type: ignore[union-attr]
    assert transition(Estado.RECHAZADO, TransitionName.PAGO_APROBADO).target is Estado.APROBADO  # type: ignore[union-attr]
    assert transition(Estado.APROBADO, TransitionName.LIBERAR).target is Estado.LIBERADO  # type: ignore[union-attr]
    assert transition(Estado.APROBADO, TransitionName.PEDIR_REEMBOLSO).target is Estado.REEMBOLSO_PENDIENTE  # type: ignore[union-attr]
    # Money leaves escrow once: nothing releases or refunds from a final state.
    for final in (Estado.LIBERADO, Estado.REEMBOLSADO, Estado.CONTRACARGO):
        assert transition(final, TransitionName.LIBERAR) is None
        assert transition(final, TransitionName.PEDIR_REEMBOLSO) is None
    assert transition(Estado.REEMBOLSO_PENDIENTE, TransitionName.LIBERAR) is None
    assert transition(Estado.PENDIENTE, TransitionName.LIBERAR) is None
    # Every state that holds money can be left.
    holding = {Estado.APROBADO, Estado.REEMBOLSO_PENDIENTE}
    for state in holding:
        assert any(state in t.sources and t.target is not state for t in TRANSITIONS)
    assert all(t.actor and t.actions for t in TRANSITIONS if t.name is not TransitionName.PAGO_RECHAZADO)


def test_retiro_table() -> None:
    assert retiro_can("SOLICITADO", EstadoRetiro.EN_PROCESO)
    assert retiro_can("SOLICITADO", EstadoRetiro.RECHAZADO)
    assert retiro_can("EN_PROCESO", EstadoRetiro.PAGADO)
    assert retiro_can("EN_PROCESO", EstadoRetiro.FALLIDO)
    assert not retiro_can("PAGADO", EstadoRetiro.FALLIDO)
    assert not retiro_can("SOLICITADO", EstadoRetiro.PAGADO)
    assert not retiro_can("RECHAZADO", EstadoRetiro.EN_PROCESO)


def test_postings_must_balance() -> None:
    t, p = uuid.uuid4(), uuid.uuid4()
    good = Posting("k", TxKind.RELEASE, (Leg(escrow(t, p), -100), Leg(payable(p), 100)), 100, "x")
    _validate(good)
    for legs in (
        (Leg(escrow(t, p), -100), Leg(payable(p), 99)),
        (Leg(escrow(t, p), -100),),
        (Leg(escrow(t, p), 0), Leg(payable(p), 0)),
    ):
        with pytest.raises(UnbalancedPosting):
            _validate(Posting("k", TxKind.RELEASE, legs, 100, "x"))


def test_account_codes() -> None:
    t, p = uuid.uuid4(), uuid.uuid4()
    assert escrow(t, p).code == f"escrow:{t}"
    assert payable(p).code == f"payable:{p}"


def test_parse_mercadopago_payment() -> None:
    payment = parse_payment(
        {
            "id": 123,
            "status": "refunded",
            "status_detail": "refunded",
            "transaction_amount": Decimal("1500.5"),
            "transaction_amount_refunded": 1500.5,
            "currency_id": "ARS",
            "external_reference": "abc",
            "date_approved": "2026-05-25T13:01:08.000-03:00",
            "refunds": [{"id": 9, "amount": 1500.5, "status": "approved"}],
        }
    )
    assert payment.id == "123"
    assert payment.amount == Decimal("1500.5")
    assert payment.amount_refunded == Decimal("1500.5")
    assert payment.refunds[0].id == "9"
    assert payment.date_approved is not None
    assert payment.date_approved.utcoffset() is not None


def test_payout_shapes() -> None:
    body = payout_body(PayoutRequest("r", Decimal("10.50"), "0000003100010000000001", "pago"))
    assert body["transaction"]["to"]["accounts"][0] == {
        "amount": 10.5,
        "type": "current",
        "number": "0000003100010000000001",
    }
    assert body["transaction"]["total_amount"] == 10.5
    alias = payout_body(PayoutRequest("r", Decimal("1"), "mi.alias", "pago", notification_url="https://x"))
    assert alias["transaction"]["to"]["accounts"][0]["alias"] == "mi.alias"
    assert alias["config"] == {"notification_url": "https://x"}
    parsed = parse_payout(
        {"id": 5, "status": "processed", "transaction": {"to": {"accounts": [{"status_detail": "approved"}]}}}
    )
    assert parsed.paid
    assert not parsed.failed
    assert parse_payout({"id": 5, "status": "rejected"}).failed


def test_preference_body_is_checkout_pro() -> None:
    from conectar.payments.providers.base import PreferenceRequest

    body = preference_body(
        PreferenceRequest(
            external_reference="t",
            title="Trabajo",
            amount=Decimal("100.10"),
            currency="ARS",
            payer_email="a@example.com",
            back_urls={"success": "s", "failure": "f", "pending": "p"},
            notification_url="n",
            statement_descriptor="CONECTAR PROFESIONALES ARGENTINA",
        )
    )
    assert body["items"] == [
        {"id": "t", "title": "Trabajo", "quantity": 1, "currency_id": "ARS", "unit_price": 100.1}
    ]
    assert body["auto_return"] == "approved"
    assert body["binary_mode"] is True
    assert len(body["statement_descriptor"]) == 22


def test_sandbox_checkout_links_are_bound_to_preference_payer_and_expiry() -> None:
    links = CheckoutLinks.from_secret("s" * 48, ttl_seconds=600)
    now = 1_900_000_000.0
    token = links.token("pref-1", "Ana@Example.com", now=now)
    assert token.startswith(f"{int(now + 600)}.")
    assert links.check(token, "pref-1", "ana@example.com", now=now) is LinkCheck.VALID
    assert links.check(token, "pref-1", "ana@example.com", now=now + 599) is LinkCheck.VALID
    assert links.check(token, "pref-1", "ana@example.com", now=now + 600) is LinkCheck.EXPIRED
    assert links.check(token, "pref-2", "ana@example.com", now=now) is LinkCheck.INVALID
    assert links.check(token, "pref-1", "otra@example.com", now=now) is LinkCheck.INVALID
    other_key = CheckoutLinks.from_secret("t" * 48, ttl_seconds=600)
    assert other_key.check(token, "pref-1", "ana@example.com", now=now) is LinkCheck.INVALID
    expires, signature = token.split(".")
    for forged in (
        None,
        "",
        expires,
        f"{expires}.",
        f".{signature}",
        f"{int(expires) + 1}.{signature}",
        "x.y",
    ):
        assert links.check(forged, "pref-1", "ana@example.com", now=now) is LinkCheck.INVALID, forged
