"""The declarative state table of offers and trabajos (SPEC §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from conectar.chat import statemachine as sm
from conectar.chat.remote import commission
from conectar.platform.errors import BusinessRuleError, Forbidden

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
E, A = sm.EstadoEscrow, sm.Actor


@dataclass
class T:
    estado_escrow: str
    fecha_completado: datetime | None = None


@dataclass
class Offer:
    estado: str
    fecha_expiracion: datetime


def test_the_document_is_generated_from_the_table() -> None:
    assert (ROOT / "docs" / "trabajos.md").read_text() == sm.document() + "\n", (
        "run `conectar dev state-diagram`"
    )


def test_every_state_that_holds_money_has_a_timed_exit() -> None:
    for estado in sm.HOLDS_MONEY:
        assert any(t.source == estado and t.timer for t in sm.TRANSITIONS), estado


def test_money_in_flight_ends_accepted_or_refused_and_a_refusal_waits_for_staff() -> None:
    """In flight, payments' answer is the only way out (the queue's bounded attempts end in a refusal, so it
    cannot last); a refused movement is never moved by a timer, only by staff (or the provider's refund)."""
    by_source: dict[str, set[tuple[str, frozenset[sm.Actor]]]] = {}
    for t in sm.TRANSITIONS:
        if t.entity == "trabajo" and t.source is not None:
            by_source.setdefault(t.source, set()).add((t.target, t.actors))
    pagos = frozenset({A.PAGOS})
    assert by_source[E.LIBERANDO] == {
        (E.LIBERADO, pagos),
        (E.LIBERACION_RECHAZADA, pagos),
        (E.CANCELADO_REEMBOLSADO, pagos),  # the provider gave the money back meanwhile
    }
    assert by_source[E.REEMBOLSANDO] == {(E.CANCELADO_REEMBOLSADO, pagos), (E.REEMBOLSO_RECHAZADO, pagos)}
    admin = frozenset({A.ADMIN})
    assert by_source[E.LIBERACION_RECHAZADA] == {
        (E.LIBERANDO, admin),
        (E.REEMBOLSANDO, admin),
        (E.CERRADO_POR_ADMIN, admin),
        (E.CANCELADO_REEMBOLSADO, pagos),
    }
    assert by_source[E.REEMBOLSO_RECHAZADO] == {
        (E.REEMBOLSANDO, admin),
        (E.LIBERANDO, admin),
        (E.CERRADO_POR_ADMIN, admin),
        (E.CANCELADO_REEMBOLSADO, pagos),
    }
    for estado in sm.AWAITING_STAFF | sm.IN_FLIGHT:
        assert not any(t.source == estado and t.timer for t in sm.TRANSITIONS), estado
    assert not (sm.HOLDS_MONEY | sm.IN_FLIGHT) & sm.AWAITING_STAFF


def test_the_final_states_come_only_from_what_payments_did() -> None:
    """LIBERADO and CANCELADO_REEMBOLSADO are reached only on payments' word (its answer or its events),
    and what depends on them (WorkCompleted, JobCancelled with the refund) is an action of those rows."""
    for t in sm.TRANSITIONS:
        if t.target in (E.LIBERADO, E.CANCELADO_REEMBOLSADO):
            assert t.actors == frozenset({A.PAGOS}), t.name
            assert set(t.actions) & {
                sm.Action.REGISTRAR_LIBERACION,
                sm.Action.REGISTRAR_REINTEGRO,
                sm.Action.REGISTRAR_REEMBOLSO,
            }, t.name
        if sm.Action.LIBERAR in t.actions:
            assert t.target == E.LIBERANDO, t.name
        if sm.Action.REEMBOLSAR in t.actions:
            assert t.target == E.REEMBOLSANDO, t.name


def test_every_state_is_reachable_and_named_in_the_spec() -> None:
    targets = {t.target for t in sm.TRANSITIONS if t.entity == "trabajo"}
    assert targets == set(E)
    assert {t.target for t in sm.TRANSITIONS if t.entity == "oferta"} == set(sm.EstadoOferta)


@pytest.mark.parametrize(
    ("name", "source", "target", "actor", "action"),
    [
        ("crear", None, E.PENDIENTE_PAGO, A.CLIENTE, sm.Action.ABRIR_PAGO),
        ("confirmar_pago", E.PENDIENTE_PAGO, E.PAGADO_EN_ESCROW, A.PAGOS, sm.Action.REGISTRAR_PAGO),
        ("cancelar_impago", E.PENDIENTE_PAGO, E.CANCELADO, A.CLIENTE, sm.Action.CERRAR),
        ("vencer_impago", E.PENDIENTE_PAGO, E.CANCELADO, A.TEMPORIZADOR, sm.Action.CERRAR),
        (
            "marcar_terminado",
            E.PAGADO_EN_ESCROW,
            E.PAGADO_EN_ESCROW,
            A.PROFESIONAL,
            sm.Action.MARCAR_TERMINADO,
        ),
        # SPEC's LIBERADO and CANCELADO_REEMBOLSADO rows go through the in-flight state: the money moves
        # (and the final state is reached) when payments accepts it.
        ("finalizar", E.PAGADO_EN_ESCROW, E.LIBERANDO, A.CLIENTE, sm.Action.LIBERAR),
        ("liberar_automaticamente", E.PAGADO_EN_ESCROW, E.LIBERANDO, A.TEMPORIZADOR, sm.Action.LIBERAR),
        ("cancelar_con_reembolso", E.PAGADO_EN_ESCROW, E.REEMBOLSANDO, A.CLIENTE, sm.Action.REEMBOLSAR),
        ("cancelar_por_admin", E.PAGADO_EN_ESCROW, E.REEMBOLSANDO, A.ADMIN, sm.Action.REEMBOLSAR),
        ("abrir_disputa", E.PAGADO_EN_ESCROW, E.EN_DISPUTA, A.PROFESIONAL, sm.Action.ABRIR_DISPUTA),
        ("resolver_a_favor_profesional", E.EN_DISPUTA, E.LIBERANDO, A.ADMIN, sm.Action.LIBERAR),
        ("resolver_a_favor_cliente", E.EN_DISPUTA, E.REEMBOLSANDO, A.ADMIN, sm.Action.REEMBOLSAR),
        ("liberacion_aceptada", E.LIBERANDO, E.LIBERADO, A.PAGOS, sm.Action.REGISTRAR_LIBERACION),
        (
            "reembolso_aceptado",
            E.REEMBOLSANDO,
            E.CANCELADO_REEMBOLSADO,
            A.PAGOS,
            sm.Action.REGISTRAR_REINTEGRO,
        ),
        ("liberacion_rechazada", E.LIBERANDO, E.LIBERACION_RECHAZADA, A.PAGOS, sm.Action.AVISAR_AL_EQUIPO),
        ("reembolso_rechazado", E.REEMBOLSANDO, E.REEMBOLSO_RECHAZADO, A.PAGOS, sm.Action.AVISAR_AL_EQUIPO),
    ],
)
def test_spec_rows(name: str, source: str | None, target: str, actor: sm.Actor, action: sm.Action) -> None:
    t = sm.transition(name)
    assert (t.source, t.target) == (source, target)
    assert actor in t.actors
    assert action in t.actions


def test_timers_follow_the_spec() -> None:
    timers = {t.name: t.timer for t in sm.TRANSITIONS if t.timer}
    assert timers["vencer_oferta"] == sm.Timer("offer_ttl_hours", "fecha_creacion")
    assert timers["vencer_impago"] == sm.Timer("unpaid_ttl_hours", "fecha_creacion")
    assert timers["liberar_automaticamente"] == sm.Timer("auto_release_hours", "fecha_completado")


def test_wrong_actor_is_forbidden_and_wrong_state_refused() -> None:
    facts = sm.Facts(now=NOW, payout_account="0000003100010000000001")
    with pytest.raises(Forbidden):
        sm.check("finalizar", T(E.PAGADO_EN_ESCROW), A.PROFESIONAL, facts)
    with pytest.raises(BusinessRuleError, match="PENDIENTE_PAGO"):
        sm.check("finalizar", T(E.PENDIENTE_PAGO), A.CLIENTE, facts)
    assert sm.check("finalizar", T(E.PAGADO_EN_ESCROW), A.CLIENTE, facts).target == E.LIBERANDO


def test_staff_close_by_hand_only_money_that_payments_no_longer_holds() -> None:
    refused = T(E.LIBERACION_RECHAZADA)
    with pytest.raises(Forbidden):
        sm.check("cerrar_liberacion_a_mano", refused, A.CLIENTE, sm.Facts(now=NOW, dinero_en_pagos=False))
    with pytest.raises(BusinessRuleError, match="garantía"):
        sm.check("cerrar_liberacion_a_mano", refused, A.ADMIN, sm.Facts(now=NOW))
    closed = sm.check("cerrar_liberacion_a_mano", refused, A.ADMIN, sm.Facts(now=NOW, dinero_en_pagos=False))
    assert closed.target == E.CERRADO_POR_ADMIN
    with pytest.raises(BusinessRuleError, match="cuenta de cobro"):
        sm.check("liberar_en_lugar_de_reembolsar", T(E.REEMBOLSO_RECHAZADO), A.ADMIN, sm.Facts(now=NOW))


def test_release_needs_a_payout_account() -> None:
    with pytest.raises(BusinessRuleError, match="cuenta de cobro"):
        sm.check("finalizar", T(E.PAGADO_EN_ESCROW), A.CLIENTE, sm.Facts(now=NOW, payout_account=None))


def test_client_cannot_cancel_with_refund_once_marked_done() -> None:
    done = T(E.PAGADO_EN_ESCROW, fecha_completado=NOW)
    with pytest.raises(BusinessRuleError, match="disputa"):
        sm.check("cancelar_con_reembolso", done, A.CLIENTE, sm.Facts(now=NOW))
    with pytest.raises(BusinessRuleError):
        sm.check("marcar_terminado", done, A.PROFESIONAL, sm.Facts(now=NOW))
    with pytest.raises(BusinessRuleError):
        sm.check(
            "liberar_automaticamente",
            T(E.PAGADO_EN_ESCROW),
            A.TEMPORIZADOR,
            sm.Facts(now=NOW, payout_account="x"),
        )


def test_expired_offers_cannot_be_accepted() -> None:
    with pytest.raises(BusinessRuleError, match="venció"):
        sm.check(
            "aceptar_oferta", Offer("OFERTADO", NOW - timedelta(seconds=1)), A.CLIENTE, sm.Facts(now=NOW)
        )
    assert sm.check(
        "aceptar_oferta", Offer("OFERTADO", NOW + timedelta(days=1)), A.CLIENTE, sm.Facts(now=NOW)
    )
    with pytest.raises(BusinessRuleError):
        sm.check("rechazar_oferta", Offer("ACEPTADO", NOW + timedelta(days=1)), A.CLIENTE, sm.Facts(now=NOW))


@pytest.mark.parametrize(
    ("precio", "tasa", "comision", "liberado"),
    [
        ("10000.00", "0.20", "2000.00", "8000.00"),
        ("1500.00", "0.18", "270.00", "1230.00"),
        ("100.05", "0.15", "15.01", "85.04"),  # 15.0075 → 15.01 (half up)
        ("333.33", "0.10", "33.33", "300.00"),
        ("100.10", "0.15", "15.02", "85.08"),  # 15.015 → 15.02
    ],
)
def test_commission_is_rounded_half_up_to_cents(precio: str, tasa: str, comision: str, liberado: str) -> None:
    assert commission(Decimal(precio), Decimal(tasa)) == (Decimal(comision), Decimal(liberado))


def test_a_trabajo_leaves_its_dispute_only_with_the_dispute_closed() -> None:
    """The dispute flows close the dispute themselves (withdrawn, resolved by an admin); every other way out
    of EN_DISPUTA (the timer, the provider's refund) must close it by its action, or it stays ABIERTA on a
    trabajo no one can resolve any more."""
    closed_by_flows = {"retirar_disputa", "resolver_a_favor_profesional", "resolver_a_favor_cliente"}
    others = [t for t in sm.TRANSITIONS if t.source == E.EN_DISPUTA and t.name not in closed_by_flows]
    assert {t.name for t in others} == {"vencer_disputa", "reembolso_del_proveedor_en_disputa"}
    for t in others:
        assert sm.Action.CERRAR_DISPUTA in t.actions, t.name
