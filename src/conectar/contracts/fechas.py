"""How a visit's time reads to people, the same in every service: Argentina's time, Spanish day and month
names (``el viernes 11 de diciembre de 9:00 a 11:30``). Chat's messages and the notifications' reminders
print visit windows with :func:`ventana`."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

# People read times in Argentina's time (no daylight saving time).
ARGENTINA = ZoneInfo("America/Argentina/Buenos_Aires")

DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def local(moment: datetime) -> datetime:
    return moment.astimezone(ARGENTINA)


def dia(moment: datetime) -> str:
    """``"viernes 11 de diciembre"`` (Argentina's time)."""
    moment = local(moment)
    return f"{DIAS[moment.weekday()]} {moment.day} de {MESES[moment.month - 1]}"


def hora(moment: datetime) -> str:
    """``"9:00"`` (Argentina's time)."""
    moment = local(moment)
    return f"{moment.hour}:{moment.minute:02d}"


def ventana(desde: datetime, hasta: datetime) -> str:
    """``"el viernes 11 de diciembre de 9:00 a 11:30"``; a window across midnight names both days."""
    if local(desde).date() == local(hasta).date():
        return f"el {dia(desde)} de {hora(desde)} a {hora(hasta)}"
    return f"del {dia(desde)} a las {hora(desde)} al {dia(hasta)} a las {hora(hasta)}"
