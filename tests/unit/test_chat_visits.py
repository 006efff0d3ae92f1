"""Visit windows (SPEC §11), the pure rules: a valid window, overlap, which reminder is due, how a window
reads, and the calendar file (RFC 5545)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from conectar.chat import ventanas
from conectar.chat.schemas import OfertaCreate, ReprogramarRequest
from conectar.chat.ventanas import Ventana, VisitaCalendario
from conectar.contracts import fechas

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_a_window_is_both_ends_in_the_future_in_order_and_at_most_twelve_hours() -> None:
    assert ventanas.window_problem(None, None, NOW) is None
    assert ventanas.window_problem(NOW + H, NOW + 3 * H, NOW) is None
    assert ventanas.window_problem(NOW + H, NOW + 13 * H, NOW) is None  # exactly 12 h
    assert ventanas.window_problem(NOW + H, None, NOW) == ventanas.WINDOW_INCOMPLETE
    assert ventanas.window_problem(None, NOW + H, NOW) == ventanas.WINDOW_INCOMPLETE
    assert ventanas.window_problem(NOW, NOW + H, NOW) == ventanas.WINDOW_PAST
    assert ventanas.window_problem(NOW - H, NOW + H, NOW) == ventanas.WINDOW_PAST
    assert ventanas.window_problem(NOW + 2 * H, NOW + 2 * H, NOW) == ventanas.WINDOW_ORDER
    assert ventanas.window_problem(NOW + 2 * H, NOW + H, NOW) == ventanas.WINDOW_ORDER
    too_long = ventanas.window_problem(NOW + H, NOW + 13 * H + timedelta(seconds=1), NOW)
    assert too_long == ventanas.WINDOW_TOO_LONG


def test_the_request_models_refuse_a_bad_window_with_its_reason() -> None:
    base = {"cliente_id": str(uuid.uuid4()), "chat_id": str(uuid.uuid4()), "descripcion": "x" * 20}
    base["precio_final"] = "1000"
    assert OfertaCreate.model_validate(base).visita_desde is None
    future = datetime.now(UTC) + 48 * H
    ok = OfertaCreate.model_validate({**base, "visita_desde": future, "visita_hasta": future + 2 * H})
    assert ok.visita_hasta == future + 2 * H
    with pytest.raises(ValueError, match="como máximo 12 horas"):
        OfertaCreate.model_validate({**base, "visita_desde": future, "visita_hasta": future + 13 * H})
    with pytest.raises(ValueError, match="ninguno"):
        OfertaCreate.model_validate({**base, "visita_desde": future})
    with pytest.raises(ValueError, match="futuro"):
        ReprogramarRequest.model_validate(
            {"visita_desde": future - 96 * H, "visita_hasta": future - 95 * H, "motivo": "Llueve mucho"}
        )


def test_windows_overlap_when_they_share_time_and_touching_ends_do_not() -> None:
    a = Ventana(NOW + 10 * H, NOW + 12 * H)
    assert a.overlaps(Ventana(NOW + 11 * H, NOW + 13 * H))
    assert a.overlaps(Ventana(NOW + 9 * H, NOW + 11 * H))
    assert a.overlaps(Ventana(NOW + 10.5 * H, NOW + 11 * H))  # inside
    assert a.overlaps(Ventana(NOW + 9 * H, NOW + 13 * H))  # around
    assert not a.overlaps(Ventana(NOW + 12 * H, NOW + 14 * H))  # starts as it ends
    assert not a.overlaps(Ventana(NOW + 8 * H, NOW + 10 * H))
    assert not a.overlaps(Ventana(NOW + 13 * H, NOW + 14 * H))


@pytest.mark.parametrize(
    ("ahead", "sent", "due"),
    [
        (30 * H, None, None),  # too early for any
        (24 * H, None, 24),
        (5 * H, None, 24),  # booked late: the day-before one, once
        (5 * H, 24, None),
        (2 * H, 24, 2),
        (90 * timedelta(minutes=1), None, 2),  # within 2 h: never a late 24-hour one
        (1 * H, 2, None),
        (timedelta(0), None, None),  # it began
        (-H, None, None),
    ],
)
def test_only_the_closest_reminder_is_due_and_each_once(
    ahead: timedelta, sent: int | None, due: int | None
) -> None:
    assert ventanas.reminder_due(NOW + ahead, NOW, ventanas.sent_reminders(sent)) == due


def test_a_sent_two_hour_reminder_counts_the_day_before_one_as_sent() -> None:
    assert ventanas.sent_reminders(None) == frozenset()
    assert ventanas.sent_reminders(24) == {24}
    assert ventanas.sent_reminders(2) == {24, 2}


def test_a_window_reads_in_argentinas_time() -> None:
    # 12:00 UTC is 9:00 in Buenos Aires (UTC−3).
    window = Ventana(datetime(2026, 12, 11, 12, 0, tzinfo=UTC), datetime(2026, 12, 11, 14, 30, tzinfo=UTC))
    assert ventanas.describe(window) == "el viernes 11 de diciembre de 9:00 a 11:30"
    overnight = Ventana(datetime(2026, 12, 12, 1, 0, tzinfo=UTC), datetime(2026, 12, 12, 4, 0, tzinfo=UTC))
    assert (
        ventanas.describe(overnight)
        == "del viernes 11 de diciembre a las 22:00 al sábado 12 de diciembre a las 1:00"
    )
    assert fechas.hora(datetime(2026, 12, 11, 3, 5, tzinfo=UTC)) == "0:05"


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines: list[str] = []
    for raw in text.split("\r\n")[:-1]:
        assert len(raw.encode("utf-8")) <= 75, raw
        if raw.startswith(" "):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def test_the_calendar_file_is_rfc_5545() -> None:
    trabajo_id = uuid.uuid4()
    window = Ventana(datetime(2026, 12, 11, 12, 0, tzinfo=UTC), datetime(2026, 12, 11, 14, 30, tzinfo=UTC))
    descripcion = "Cambio de flexible; canilla, y otra cosa\nen la cocina — " + "ñ" * 60
    text = ventanas.ics(
        VisitaCalendario(
            trabajo_id=trabajo_id,
            ventana=window,
            oficio="Plomería",
            descripcion=descripcion,
            url=f"https://example.test/trabajos/{trabajo_id}",
            direccion="Av. Corrientes 1234, CABA",
            secuencia=2,
        ),
        NOW,
    )
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR"
    assert lines[-1] == "END:VCALENDAR"
    fields = dict(line.split(":", 1) for line in lines)
    assert fields["VERSION"] == "2.0"
    assert fields["UID"] == f"visita-{trabajo_id}@conectarprofesionales"
    assert fields["DTSTART"] == "20261211T120000Z"
    assert fields["DTEND"] == "20261211T143000Z"
    assert fields["DTSTAMP"] == "20261210T120000Z"
    assert fields["SEQUENCE"] == "2"
    assert fields["SUMMARY"] == "Visita de Plomería"
    assert fields["LOCATION"] == "Av. Corrientes 1234\\, CABA"
    assert fields["DESCRIPTION"].startswith("Cambio de flexible\\; canilla\\, y otra cosa\\nen la cocina")
    assert fields["DESCRIPTION"].endswith("ñ" * 60)  # folded between characters, never inside one
    without = unfold(
        ventanas.ics(
            VisitaCalendario(trabajo_id=trabajo_id, ventana=window, oficio=None, descripcion="x", url="u"),
            NOW,
        )
    )
    assert not any(line.startswith("LOCATION") for line in without)
    assert "SUMMARY:Visita de ConectarProfesionales" in without
