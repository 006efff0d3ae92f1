"""Visit windows (SPEC §11), the pure rules: what a valid window is, when two overlap, which reminder is
due, how a window reads to people, and the calendar file (RFC 5545) that carries it. No I/O here; the use
cases are in ``visitas.py`` and the flows in ``flows/visitas.py``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from conectar.contracts import fechas

# The longest window a visit may take.
MAX_WINDOW = timedelta(hours=12)
# How long before the visit each reminder goes out, longest first.
REMINDER_HOURS: tuple[int, ...] = (24, 2)

WINDOW_INCOMPLETE = (
    "Indicá el comienzo y el fin de la visita (visita_desde y visita_hasta), o ninguno de los dos"
)
WINDOW_PAST = "La visita tiene que ser en el futuro"
WINDOW_ORDER = "El fin de la visita (visita_hasta) tiene que ser posterior a su comienzo (visita_desde)"
WINDOW_TOO_LONG = "La visita puede durar como máximo 12 horas"


@dataclass(frozen=True)
class Ventana:
    """A visit window, in UTC (aware datetimes)."""

    desde: datetime
    hasta: datetime

    def overlaps(self, other: Ventana) -> bool:
        """Two windows overlap when they share some time; one ending exactly when the other starts does
        not (a visit from 9 to 11 and another from 11 to 13 fit)."""
        return self.desde < other.hasta and other.desde < self.hasta


def window_problem(desde: datetime | None, hasta: datetime | None, now: datetime) -> str | None:
    """Why a proposed window cannot be used (the message for the person), or None when it can: both ends
    or none, in the future, ``hasta`` after ``desde``, at most :data:`MAX_WINDOW` long."""
    if desde is None and hasta is None:
        return None
    if desde is None or hasta is None:
        return WINDOW_INCOMPLETE
    if desde <= now:
        return WINDOW_PAST
    if hasta <= desde:
        return WINDOW_ORDER
    if hasta - desde > MAX_WINDOW:
        return WINDOW_TOO_LONG
    return None


def reminder_due(desde: datetime, now: datetime, sent: frozenset[int] | set[int] = frozenset()) -> int | None:
    """Which reminder (hours before, one of :data:`REMINDER_HOURS`) is due now for a visit starting at
    ``desde``, given the ones already ``sent``; None when none is. Only the closest one is due: a visit
    booked 90 minutes ahead gets the 2-hour reminder, never a late 24-hour one, and nothing once it began."""
    if now >= desde:
        return None
    due = [h for h in REMINDER_HOURS if desde - now <= timedelta(hours=h)]
    if not due:
        return None
    closest = min(due)
    return None if closest in sent else closest


def sent_reminders(closest_sent: int | None) -> frozenset[int]:
    """The reminders a visit already had, from the closest one sent (a 2-hour reminder sent means the
    24-hour one is never due any more)."""
    if closest_sent is None:
        return frozenset()
    return frozenset(h for h in REMINDER_HOURS if h >= closest_sent)


def describe(ventana: Ventana) -> str:
    """``"el viernes 11 de diciembre de 9:00 a 11:30"`` (Argentina's time; see ``contracts.fechas``)."""
    return fechas.ventana(ventana.desde, ventana.hasta)


# --- the calendar file (RFC 5545) --------------------------------------------------------------------------

PRODID = "-//ConectarProfesionales//Visitas//ES"


def _utc(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ")


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character: continuation
    lines start with one space."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


@dataclass(frozen=True)
class VisitaCalendario:
    """What the calendar event of a visit says."""

    trabajo_id: uuid.UUID
    ventana: Ventana
    oficio: str | None
    descripcion: str
    url: str
    direccion: str | None = None  # only in the professional's file
    secuencia: int = 0  # grows with every new window, so calendars replace the event
    stamp: datetime | None = None


def ics(visita: VisitaCalendario, now: datetime) -> str:
    """The visit as an iCalendar object with one event (CRLF line ends, folded lines)."""
    summary = f"Visita de {visita.oficio}" if visita.oficio else "Visita de ConectarProfesionales"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:visita-{visita.trabajo_id}@conectarprofesionales",
        f"DTSTAMP:{_utc(visita.stamp or now)}",
        f"DTSTART:{_utc(visita.ventana.desde)}",
        f"DTEND:{_utc(visita.ventana.hasta)}",
        f"SEQUENCE:{visita.secuencia}",
        f"SUMMARY:{escape_text(summary)}",
        f"DESCRIPTION:{escape_text(visita.descripcion)}",
        f"URL:{visita.url}",
    ]
    if visita.direccion:
        lines.append(f"LOCATION:{escape_text(visita.direccion)}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
