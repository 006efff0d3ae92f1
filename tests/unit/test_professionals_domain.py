"""Pure rules of the professionals service: payout accounts, levels and commission, the sphere, the search
rule's pieces."""

from __future__ import annotations

import math
import uuid
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conectar.professionals import domain
from conectar.professionals.domain import (
    EARTH_RADIUS_M,
    Nivel,
    SearchCandidate,
    SearchFilters,
    SortBy,
    commission_for,
    coverage_box,
    covers,
    is_valid_alias,
    is_valid_cbu,
    level_for,
    level_progress,
    normalise_payout_account,
    rank_candidates,
    review_xp,
    round_km,
    sphere_distance_m,
)

# --- CBU / CVU and aliases --------------------------------------------------------------------------

VALID = [
    "2850590940090418135201",  # bank block 28505909, account block 40090418135201
    "0110599520000001234569",
    "0000003110001000000004",  # a CVU (bank block 0000003…)
]


def _with_check_digits(bank7: str, account13: str) -> str:
    bank = sum(int(d) * w for d, w in zip(bank7, (7, 1, 3, 9, 7, 1, 3), strict=True))
    account = sum(int(d) * w for d, w in zip(account13, (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3), strict=True))
    return f"{bank7}{(10 - bank % 10) % 10}{account13}{(10 - account % 10) % 10}"


@pytest.mark.parametrize("cbu", VALID)
def test_valid_cbus(cbu: str) -> None:
    assert is_valid_cbu(cbu)
    assert normalise_payout_account(f"  {cbu} ") == cbu


def test_each_check_digit_is_checked() -> None:
    good = "2850590940090418135201"
    bad_bank = good[:7] + str((int(good[7]) + 1) % 10) + good[8:]
    bad_account = good[:21] + str((int(good[21]) + 1) % 10)
    bad_body = good[:3] + str((int(good[3]) + 1) % 10) + good[4:]
    for wrong in (bad_bank, bad_account, bad_body):
        assert not is_valid_cbu(wrong)
        with pytest.raises(ValueError, match="verificador"):
            normalise_payout_account(wrong)


@given(
    st.text(alphabet="0123456789", min_size=7, max_size=7).filter(lambda bank: bank != "0000000"),
    st.text(alphabet="0123456789", min_size=13, max_size=13).filter(lambda account: set(account) != {"0"}),
)
def test_any_cbu_built_with_its_check_digits_is_valid(bank: str, account: str) -> None:
    assert is_valid_cbu(_with_check_digits(bank, account))


# Right check digits, impossible accounts: zero blocks pass the weighted sums (0 → check digit 0).
IMPOSSIBLE = {
    "all zeros": "0" * 22,
    "zero bank and branch (no bank, no CVU provider)": _with_check_digits("0000000", "0000012345678"),
    "zero account number": _with_check_digits("0170099", "0000000000000"),
    "zero account number of a CVU": _with_check_digits("0000003", "0000000000000"),
    "zero bank code and zero CVU provider": _with_check_digits("0000000", "1000100000000"),
}


@pytest.mark.parametrize("cbu", IMPOSSIBLE.values(), ids=IMPOSSIBLE.keys())
def test_structurally_impossible_accounts_are_refused_despite_their_check_digits(cbu: str) -> None:
    assert not is_valid_cbu(cbu)
    with pytest.raises(ValueError, match="CBU/CVU"):
        normalise_payout_account(cbu)


def test_a_cvu_is_a_zero_bank_code_with_a_provider_code() -> None:
    """CVUs (virtual accounts: Mercado Pago, Ualá…) start with 000 and the provider's non-zero code."""
    assert is_valid_cbu(_with_check_digits("0000003", "1000100000000"))
    assert is_valid_cbu(_with_check_digits("0000007", "0000000000001"))


@pytest.mark.parametrize(
    "value", ["285059094009041813520", "28505909400904181352011", "2850590940090418135a01", ""]
)
def test_not_22_digits_is_not_a_cbu(value: str) -> None:
    assert not is_valid_cbu(value)


@pytest.mark.parametrize("alias", ["casa.perro.sol", "MI-ALIAS.mp", "abc123", "a" * 20, "123456"])
def test_valid_aliases(alias: str) -> None:
    assert is_valid_alias(alias)
    assert normalise_payout_account(alias) == alias


@pytest.mark.parametrize(
    "alias",
    ["abcde", "a" * 21, "con espacio", "ñandu.pago", "alias_bajo", "mi@alias", "28505909400904181352011"],
)
def test_invalid_aliases(alias: str) -> None:
    with pytest.raises(ValueError, match="CBU/CVU"):
        normalise_payout_account(alias)


# --- levels and commission --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("puntos", "nivel", "tasa"),
    [
        (0, Nivel.BRONCE, "0.20"),
        (999, Nivel.BRONCE, "0.20"),
        (1000, Nivel.PLATA, "0.18"),
        (4999, Nivel.PLATA, "0.18"),
        (5000, Nivel.ORO, "0.15"),
        (14999, Nivel.ORO, "0.15"),
        (15000, Nivel.DIAMANTE, "0.10"),
        (10**7, Nivel.DIAMANTE, "0.10"),
    ],
)
def test_level_thresholds_and_commission(puntos: int, nivel: Nivel, tasa: str) -> None:
    assert level_for(puntos) is nivel
    assert commission_for(nivel.value) == Decimal(tasa)
    assert level_progress(puntos).tasa_comision_actual == Decimal(tasa)


def test_experience_awards() -> None:
    assert domain.XP_WORK_COMPLETED == 100
    assert [review_xp(r) for r in (1, 2, 3, 4, 5)] == [0, 0, 0, 10, 50]


def test_level_progress() -> None:
    start = level_progress(0)
    assert (start.siguiente_nivel, start.puntos_faltantes, start.progreso_porcentaje) == (
        Nivel.PLATA,
        1000,
        0.0,
    )
    mid = level_progress(3000)
    assert (mid.nivel, mid.siguiente_nivel, mid.puntos_faltantes, mid.progreso_porcentaje) == (
        Nivel.PLATA,
        Nivel.ORO,
        2000,
        50.0,
    )
    top = level_progress(20000)
    assert (top.nivel, top.siguiente_nivel, top.puntos_faltantes, top.progreso_porcentaje) == (
        Nivel.DIAMANTE,
        None,
        0,
        100.0,
    )


def test_money_and_ratings() -> None:
    assert domain.to_centavos(Decimal("12500.50")) == 1250050
    assert domain.from_centavos(1250050) == Decimal("12500.50")
    assert domain.from_centavos(None) is None
    assert domain.rating_x100(0, 0) == 0
    assert domain.rating_x100(14, 3) == 467  # 4.666… rounds half up to 4.67
    assert domain.rating_x100(9, 2) == 450


# --- the sphere -------------------------------------------------------------------------------------


def test_great_circle_distance() -> None:
    buenos_aires, rosario = (-34.6037, -58.3816), (-32.9468, -60.6393)
    assert sphere_distance_m(*buenos_aires, *rosario) == pytest.approx(278_500, rel=0.005)
    assert sphere_distance_m(*buenos_aires, *rosario) == pytest.approx(
        sphere_distance_m(*rosario, *buenos_aires)
    )
    assert sphere_distance_m(*buenos_aires, *buenos_aires) == 0.0
    assert sphere_distance_m(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_M)
    one_degree = sphere_distance_m(-34.0, -58.0, -35.0, -58.0)
    assert one_degree == pytest.approx(EARTH_RADIUS_M * math.pi / 180)


def test_round_km_half_up_to_a_tenth() -> None:
    assert round_km(2350.0) == 2.4
    assert round_km(2349.9) == 2.3
    assert round_km(49.0) == 0.0
    assert round_km(50.0) == 0.1


@settings(max_examples=300)
@given(
    st.floats(min_value=-80, max_value=80),
    st.floats(min_value=-179, max_value=179),
    st.integers(min_value=1, max_value=500),
    st.floats(min_value=0, max_value=360),
    st.floats(min_value=0, max_value=1),
)
def test_the_coverage_box_contains_the_whole_circle(
    lat: float, lng: float, radius_km: int, bearing: float, fraction: float
) -> None:
    box = coverage_box(lat, lng, radius_km)
    # The point at that bearing and distance (destination formula on the sphere).
    delta = radius_km * 1000 * fraction / EARTH_RADIUS_M
    phi, lam, theta = math.radians(lat), math.radians(lng), math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta))
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi), math.cos(delta) - math.sin(phi) * math.sin(phi2)
    )
    lat2, lng2 = math.degrees(phi2), (math.degrees(lam2) + 540) % 360 - 180
    assert box.contains(lat2, lng2)


def test_boxes_near_a_pole_or_the_antimeridian_span_every_longitude() -> None:
    assert (coverage_box(89.9, 0, 50).min_lng, coverage_box(89.9, 0, 50).max_lng) == (-180.0, 180.0)
    assert (coverage_box(0, 179.9, 50).min_lng, coverage_box(0, 179.9, 50).max_lng) == (-180.0, 180.0)
    small = coverage_box(-34.6, -58.4, 10)
    assert small.max_lat - small.min_lat == pytest.approx(2 * 10 / 111.195, rel=1e-3)


# --- the search rule --------------------------------------------------------------------------------

LAT, LNG = -34.6, -58.4
KM = 1 / 111.195


def pro(km_north: float, radio: int, **fields: object) -> SearchCandidate:
    values: dict[str, object] = {
        "profesional_id": uuid.uuid4(),
        "lat": LAT + km_north * KM,
        "lng": LNG,
        "radio_km": radio,
        "nivel_rank": 0,
        "rating_x100": 0,
        "total_resenas": 0,
        "tarifa_centavos": None,
        "acepta_instant": False,
        **fields,
    }
    return SearchCandidate(**values)  # type: ignore[arg-type]


def test_covers_is_the_professionals_own_circle() -> None:
    assert covers(LAT + 9 * KM, LNG, 10, LAT, LNG)
    assert not covers(LAT + 9 * KM, LNG, 8, LAT, LNG)
    assert covers(LAT, LNG, 1, LAT, LNG)


def test_rank_filters_and_sorts() -> None:
    a = pro(
        1, 10, nivel_rank=1, rating_x100=450, total_resenas=4, tarifa_centavos=900_000, acepta_instant=True
    )
    b = pro(2, 10, nivel_rank=3, rating_x100=450, total_resenas=9, tarifa_centavos=None)
    c = pro(3, 10, nivel_rank=1, rating_x100=500, total_resenas=1, tarifa_centavos=400_000)
    out_of_reach = pro(5, 4, nivel_rank=3, rating_x100=500)

    def order(sort: SortBy, filters: SearchFilters | None = None) -> list[SearchCandidate]:
        hits = rank_candidates(
            [c, out_of_reach, b, a], lat=LAT, lng=LNG, filters=filters or SearchFilters(), sort=sort
        )
        return [h.candidate for h in hits]

    assert order(SortBy.DISTANCIA) == [a, b, c]
    assert order(SortBy.RATING) == [c, b, a]  # 5.0, then 4.5 with more reviews first
    assert order(SortBy.PRECIO) == [c, a, b]  # no rate: last
    assert order(SortBy.NIVEL)[0] is b
    assert order(SortBy.DISTANCIA, SearchFilters(nivel="PLATA")) == [a, c]
    assert order(SortBy.DISTANCIA, SearchFilters(acepta_instant=True)) == [a]
    assert order(SortBy.DISTANCIA, SearchFilters(rating_minimo=4.6)) == [c]
    assert order(SortBy.DISTANCIA, SearchFilters(precio_maximo=Decimal("5000"))) == [c]
    assert order(SortBy.DISTANCIA, SearchFilters(radio_km=2.5)) == [a, b]


def test_rating_minimum_compares_with_the_shown_average() -> None:
    assert SearchFilters(rating_minimo=4.5).rating_minimo_x100 == 450
    assert SearchFilters(rating_minimo=4.555).rating_minimo_x100 == 456
    assert SearchFilters(precio_maximo=Decimal("99.99")).precio_maximo_centavos == 9999
