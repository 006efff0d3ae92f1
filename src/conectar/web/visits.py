"""A visit's window as people type it: a day and two hours in Buenos Aires time (``visita_fecha``,
``visita_desde``, ``visita_hasta`` in the forms), sent to the API as two UTC instants (SPEC §11). The API
checks the rules (in the future, the end after the start, at most 12 hours); this only reads the form and
says what is missing or malformed, in the form's own field names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from conectar.web.formatting import LOCAL_TZ

DAY, FROM, UNTIL = "visita_fecha", "visita_desde", "visita_hasta"
FIELDS = (DAY, FROM, UNTIL)
# The API's refusals of a window are about the whole window: they go under the day.
API_ALIASES = {"visita_desde": FROM, "visita_hasta": UNTIL}


@dataclass(frozen=True)
class Window:
    desde: datetime
    hasta: datetime

    def body(self) -> dict[str, str]:
        return {"visita_desde": self.desde.isoformat(), "visita_hasta": self.hasta.isoformat()}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _hour(text: str) -> time | None:
    try:
        found = time.fromisoformat(text)
    except ValueError:
        return None
    return found.replace(second=0, microsecond=0, tzinfo=None)


def read(fields: dict[str, str], *, required: bool) -> tuple[Window | None, dict[str, str]]:
    """The window typed in ``fields`` (None when none was and none is ``required``) and the problems by
    field."""
    typed = {name: (fields.get(name) or "").strip() for name in FIELDS}
    if not any(typed.values()):
        return None, ({DAY: "Elegí el día de la visita"} if required else {})
    errors: dict[str, str] = {}
    day = _day(typed[DAY])
    start, end = _hour(typed[FROM]), _hour(typed[UNTIL])
    if day is None:
        errors[DAY] = "Elegí el día de la visita" if not typed[DAY] else "Escribí el día como AAAA-MM-DD"
    if start is None:
        errors[FROM] = "¿A qué hora empieza? (HH:MM)"
    if end is None:
        errors[UNTIL] = "¿A qué hora termina? (HH:MM)"
    if errors or day is None or start is None or end is None:
        return None, errors
    desde = datetime.combine(day, start, LOCAL_TZ).astimezone(UTC)
    hasta = datetime.combine(day, end, LOCAL_TZ).astimezone(UTC)
    if hasta <= desde:
        return None, {UNTIL: "La hora de fin tiene que ser posterior a la de comienzo"}
    return Window(desde, hasta), {}
