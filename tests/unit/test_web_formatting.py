"""How the pages write money, dates and states (es-AR, Buenos Aires time)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from conectar.web import formatting as f


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (50000, "$ 50.000"),
        ("50000.00", "$ 50.000"),
        (Decimal("1234.5"), "$ 1.234,50"),
        (0, "$ 0"),
        (999, "$ 999"),
        (1000000, "$ 1.000.000"),
        ("12000.005", "$ 12.000,01"),
        (-2500, "-$ 2.500"),
        (None, "—"),
        ("no es un número", "—"),
        ("NaN", "—"),
        (float("nan"), "—"),
        ("Infinity", "—"),
        ("-Infinity", "—"),
        ("1e400", "—"),
    ],
)
def test_money_is_written_the_argentine_way(value: object, text: str) -> None:
    assert f.money(value) == text


def test_numbers_percent_and_distances() -> None:
    assert f.number(1234567.891, 2) == "1.234.567,89"
    assert f.percent(Decimal("0.2")) == "20 %"
    assert f.percent("0.15") == "15 %"
    assert f.km(2.56) == "2,6 km"
    assert f.rating(4.75) == "4,8"


def test_dates_are_shown_in_buenos_aires_time() -> None:
    moment = "2025-03-14T02:30:00Z"  # 23:30 of the 13th in Buenos Aires (UTC−3)
    assert f.date_short(moment) == "13 mar 2025"
    assert f.date_long(moment) == "13 de marzo de 2025"
    assert f.datetime_short(moment) == "13 mar 2025, 23:30"
    assert f.time_only(datetime(2025, 3, 14, 15, 0, tzinfo=UTC)) == "12:00"
    assert f.date_short(None) == "—"


def test_relative_times() -> None:
    now = datetime(2025, 3, 14, 18, 0, tzinfo=UTC)  # 15:00 local
    assert f.relative("2025-03-14T17:59:30Z", now) == "recién"
    assert f.relative("2025-03-14T17:45:00Z", now) == "hace 15 min"
    assert f.relative("2025-03-14T12:00:00Z", now) == "hoy 09:00"
    assert f.relative("2025-03-13T21:00:00Z", now) == "ayer 18:00"
    assert f.relative("2025-03-10T12:00:00Z", now) == "hace 4 días"
    assert f.relative("2025-01-02T12:00:00Z", now) == "2 ene 2025"


def test_states_levels_stars_and_initials() -> None:
    assert f.label(f.ESTADOS_TRABAJO, "PAGADO_EN_ESCROW") == "Pagado (en garantía)"
    assert f.tone(f.ESTADOS_TRABAJO, "EN_DISPUTA") == "danger"
    assert f.label(f.ESTADOS_TRABAJO, "ALGO_NUEVO") == "Algo nuevo"
    assert f.nivel_label("DIAMANTE") == "Diamante"
    assert f.stars(4.6) == (4, True, 0)
    assert f.stars(3.2) == (3, False, 2)
    assert f.stars(5) == (5, False, 0)
    assert f.initials("Carla", "Gómez") == "CG"
    assert f.initials("Pablo Pérez") == "PP"
    assert f.initials("", None) == "?"
    assert f.filesize(2048) == "2,0 KB"
