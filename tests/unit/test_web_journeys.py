"""Issue 16, "What users expect": the pure parts of the journeys (the errand kept through the login, the
safe ``next``, the summary before paying, ...)."""

from __future__ import annotations

import math
import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from conectar.web import ledger, moderation, oficios, searchmap
from conectar.web.apimodels import Movement, SearchCard
from conectar.web.core import build_templates, safe_next
from conectar.web.formatting import visit_window
from conectar.web.journeys import CONTACT, HIRE, PENDING_TTL_SECONDS, PendingAction
from conectar.web.session import SessionCodec, SessionData


def _templates() -> Any:
    return build_templates(
        {"static_url": lambda path: f"/static/{path}", "CITIES": (), "sandbox_payments": True}
    )


# --- 3. the errand and the safe next -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/profesionales/abc", "/profesionales/abc"),
        ("/profesionales/abc/contratar/def?x=1#y", "/profesionales/abc/contratar/def?x=1#y"),
        ("/login", ""),
        ("/login?next=/chat", ""),
        ("/registro/", ""),
        ("/logout", ""),
        ("/" + "a" * 2100, ""),
        ("///malo.example", ""),
        ("/%2F%2Fmalo.example", "/%2F%2Fmalo.example"),  # a path on this site: browsers do not decode it
        ("http:/malo.example", ""),
        (" /chat", ""),
    ],
)
def test_next_is_a_path_on_this_site_and_never_the_login_again(value: str, expected: str) -> None:
    assert safe_next(value, "") == expected


def test_an_errand_survives_the_sealed_cookie_and_expires() -> None:
    codec = SessionCodec("x" * 32)
    session = SessionData()
    pro, servicio = uuid.uuid4(), uuid.uuid4()
    PendingAction(HIRE, pro, "Juan Pérez", servicio, "Cambio de cuerito").store(session)
    assert session.dirty
    opened = codec.open(codec.seal(session))
    assert opened is not None
    action = PendingAction.of(opened)
    assert action is not None
    assert (action.accion, action.profesional_id, action.servicio_id) == (HIRE, pro, servicio)
    assert action.summary_path == f"/profesionales/{pro}/contratar/{servicio}"
    assert "«Cambio de cuerito» con Juan Pérez" in action.promise()
    assert PendingAction.of(opened, now=time.time() + PENDING_TTL_SECONDS + 5) is None
    opened.sign_out()
    assert opened.pending is None  # signing out forgets it


@pytest.mark.parametrize(
    "raw",
    [
        {"accion": "borrar", "profesional_id": str(uuid.uuid4()), "at": str(int(time.time()))},
        {"accion": HIRE, "profesional_id": str(uuid.uuid4()), "at": str(int(time.time()))},  # no service
        {"accion": CONTACT, "profesional_id": "no-es-un-id", "at": str(int(time.time()))},
        {"accion": CONTACT},
    ],
)
def test_a_malformed_errand_is_ignored(raw: dict[str, str]) -> None:
    assert PendingAction.of(SessionData(pending=raw)) is None


def test_a_cookie_written_by_a_newer_version_still_opens() -> None:
    codec = SessionCodec("y" * 32)
    sealed = codec.seal_json({"csrf": "abc", "campo_nuevo": 1})
    opened = codec.open(sealed)
    assert opened is not None
    assert opened.csrf == "abc"


# --- 4. the summary before paying ---------------------------------------------------------------------


def test_visit_windows_read_as_people_say_them() -> None:
    start = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)  # 09:00 in Buenos Aires
    assert (
        visit_window(start, datetime(2026, 3, 12, 15, 0, tzinfo=UTC))
        == "jueves 12 de marzo, de 09:00 a 12:00"
    )
    assert visit_window(start) == "jueves 12 de marzo, a las 09:00"
    assert visit_window(None) == "—"
    assert visit_window(start, datetime(2026, 3, 13, 12, 0, tzinfo=UTC)) == (
        "jueves 12 de marzo 09:00 al viernes 13 de marzo 09:00"
    )


def test_the_summary_shows_the_visit_and_the_address_when_there_are_some() -> None:
    module = _templates().get_template("checkout/_summary.html").make_module({"static_url": lambda p: p})
    html = str(
        module.order_summary(
            "Instalación de termotanque",
            "Juan Pérez",
            Decimal("45000.50"),
            "",
            datetime(2026, 3, 12, 12, 0, tzinfo=UTC),
            datetime(2026, 3, 12, 15, 0, tzinfo=UTC),
            "Av. Siempreviva 742",
        )
    )
    lines = dict(re.findall(r'data-summary="(\w+)">(.*?)</dd>', html, re.S))
    assert lines["visita"] == "jueves 12 de marzo, de 09:00 a 12:00"
    assert lines["direccion"] == "Av. Siempreviva 742"
    assert lines["precio"] == lines["total"] == "$ 45.000,50"
    bare = str(module.order_summary("Algo", "Alguien", Decimal("100")))
    assert 'data-summary="visita"' not in bare
    assert 'data-summary="direccion"' not in bare


# --- 6. the ledger ------------------------------------------------------------------------------------


def _movement(tipo: str, monto: str, comision: str = "0") -> Movement:
    value, fee = Decimal(monto), Decimal(comision)
    return Movement(
        tipo=tipo, monto=value, comision=fee, neto=value - fee, fecha=datetime(2026, 3, 1, tzinfo=UTC)
    )


def test_each_movement_moves_the_available_balance_as_the_ledger_posts_it() -> None:
    assert ledger.effect(_movement("LIBERACION", "15000", "3000")) == Decimal("12000")
    assert ledger.effect(_movement("RETIRO_SOLICITADO", "5000")) == Decimal("-5000")
    assert ledger.effect(_movement("RETIRO_REVERTIDO", "5000")) == Decimal("5000")
    for tipo in ("PAGO", "REEMBOLSO", "CONTRACARGO", "REVERSION", "RETIRO"):
        assert ledger.effect(_movement(tipo, "5000")) == 0, tipo
    title, lines, _, kind = ledger.describe(_movement("LIBERACION", "15000", "3000"))
    assert (title, kind) == ("Ingreso: pago liberado", "ingreso")
    assert [(line.direction, line.amount) for line in lines] == [
        ("ingreso", Decimal("15000")),
        ("comision", Decimal("-3000")),
    ]


def test_the_running_balance_walks_back_from_the_balance_now() -> None:
    newest_first = [
        _movement("RETIRO_SOLICITADO", "5000"),
        _movement("LIBERACION", "20000", "4000"),
        _movement("PAGO", "20000"),
        _movement("LIBERACION", "15000", "3000"),
    ]
    rows = ledger.rows(newest_first, Decimal("23000"))
    assert [r.balance for r in rows] == [
        Decimal("23000"),
        Decimal("28000"),
        Decimal("12000"),
        Decimal("12000"),
    ]
    assert rows[-1].balance == rows[-1].effect  # the oldest starts from nothing
    second_page = ledger.rows(newest_first[2:], Decimal("23000"), newer=newest_first[:2])
    assert [r.balance for r in second_page] == [Decimal("12000"), Decimal("12000")]
    assert all(r.balance is None for r in ledger.rows(newest_first, None))


# --- 7. what moderation hid, in plain words ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored", "named"),
    [
        ("llamame al 11 5555-1234", "llamame al [dato oculto]", "lo que parecía un teléfono"),
        ("escribime a juan@gmail.com", "escribime a [dato oculto]", "lo que parecía un e-mail"),
        ("mirá www.misitio.com.ar", "mirá [dato oculto]", "lo que parecía un enlace"),
        ("buscame en insta juanperez", "buscame en [dato oculto]", "lo que parecía una red social"),
        (
            "cel 11 5555 1234 o juan@gmail.com",
            "cel [dato oculto] o [dato oculto]",
            "lo que parecía un teléfono y un e-mail",
        ),
    ],
)
def test_the_sender_reads_what_was_hidden(sent: str, stored: str, named: str) -> None:
    text = moderation.notice(sent, stored)
    assert text is not None
    assert text.startswith(f"Ocultamos {named} de tu mensaje.")
    assert "Si pasa 3 veces, el chat se bloquea." in text


def test_nothing_hidden_nothing_said() -> None:
    assert moderation.notice("hola", "hola") is None
    assert moderation.notice("ya ves [dato oculto]", "ya ves [dato oculto]") is None  # typed by the person


# --- 2. the search's pins --------------------------------------------------------------------------------


def _card(km: float | None, **extra: Any) -> SearchCard:
    return SearchCard(id=uuid.uuid4(), nombre="Ana", apellido="Paz", nivel="BRONCE", distancia_km=km, **extra)


def test_pins_sit_at_each_professionals_distance_inside_the_drawing() -> None:
    cards = [_card(0.4), _card(3.2), _card(12.0), _card(None)]
    pins = searchmap.pins(-31.4201, -64.1888, cards)
    assert [p.number for p in pins] == [1, 2, 3, 4]
    for pin, card in zip(pins, cards, strict=True):
        lat1, lng1, lat2, lng2 = map(math.radians, (-31.4201, -64.1888, pin.lat, pin.lng))
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
        )
        assert 2 * 6371.0088 * math.asin(math.sqrt(h)) == pytest.approx(card.distancia_km or 0, abs=0.002)
        assert searchmap.SVG_MARGIN - 12 <= pin.x <= searchmap.SVG_SIZE - searchmap.SVG_MARGIN + 12
        assert searchmap.SVG_MARGIN - 12 <= pin.y <= searchmap.SVG_SIZE - searchmap.SVG_MARGIN + 12
    assert searchmap.pins(-31.4201, -64.1888, cards) == pins  # the same places every time
    assert searchmap.pins(0, 0, cards[:1], first_number=13)[0].number == 13
    assert [label for _, label in searchmap.rings(cards)] == ["6,0 km", "12,0 km"]


def test_a_position_from_the_api_wins_over_the_placed_one() -> None:
    pin = searchmap.pins(-34.6, -58.4, [_card(2.0, latitude=-34.61, longitude=-58.42)])[0]
    assert (pin.lat, pin.lng, pin.exact) == (-34.61, -58.42, True)


# --- 1. the search box ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Oficio:
    id: uuid.UUID
    nombre: str


@dataclass(frozen=True)
class _Service:
    nombre: str
    oficio_id: uuid.UUID | None


CATALOGUE = [_Oficio(uuid.uuid4(), n) for n in ("Plomería", "Gas", "Cerrajería", "Electricidad", "Pintura")]
SERVICES = [
    _Service("Cambio de cuerito", CATALOGUE[0].id),
    _Service("Apertura de puerta", CATALOGUE[2].id),
    _Service("Apertura de puerta", CATALOGUE[2].id),  # offered by two professionals: suggested once
    _Service("Huérfano", None),
]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("plo", "Plomería"),
        ("plomeor", "Plomería"),  # a typo
        ("gasita", "Gasista"),
        ("pérdida", "Pérdida de gas"),  # accents back on the words people read
        ("cuerito", "Cambio de cuerito"),  # a word inside an instant service
        ("elec", "Electricidad"),
    ],
)
def test_suggestions_as_people_type(typed: str, first: str) -> None:
    assert oficios.suggest(CATALOGUE, SERVICES, typed)[0].texto == first


def test_suggestions_are_one_line_per_thing() -> None:
    texts = [s.texto for s in oficios.suggest(CATALOGUE, SERVICES, "apert")]
    assert texts.count("Apertura de puerta") == 1
    plumbing = [s.texto for s in oficios.suggest(CATALOGUE, SERVICES, "plome")]
    assert plumbing == ["Plomería"]  # plomero, plomera, plomeros: the same family, the same place
    assert oficios.suggest(CATALOGUE, SERVICES, "x") == []
    assert len(oficios.suggest(CATALOGUE, SERVICES, "a", limit=3)) <= 3


def test_instant_services_and_how_the_box_matched() -> None:
    found = oficios.match_service(SERVICES, "apretura de puerta")
    assert found is not None
    assert found.oficio_id == CATALOGUE[2].id
    assert oficios.match_service(SERVICES, "cambio cuerito") == SERVICES[0]
    assert oficios.match_service(SERVICES, "astronauta") is None
    assert oficios.match_how(CATALOGUE, "Plomería")[1] == oficios.EXACT
    assert oficios.match_how(CATALOGUE, "gasista")[1] == oficios.WORD
    assert oficios.match_how(CATALOGUE, "plomeor")[1] == oficios.CLOSE
    assert oficios.match_how(CATALOGUE, str(CATALOGUE[1].id)) == (CATALOGUE[1], oficios.EXACT)
    assert "Plomero" in oficios.box_words(CATALOGUE)
