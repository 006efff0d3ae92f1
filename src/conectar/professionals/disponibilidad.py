"""Pure rules of a professional's availability (SPEC §11): weekly hours in Argentina time, blocked periods,
and whether a visit window lies outside them. No I/O here.

Weekly hours are ranges of a weekday in Argentina's local time (America/Argentina/Buenos_Aires: UTC−3 all
year, no daylight saving since 2009; a fixed offset, so no time-zone database is needed), ``desde`` before
``hasta``, ``hasta`` up to ``24:00`` (the end of the day). Ranges of one day may touch but not overlap; a
night shift is two ranges (``22:00–24:00`` one day, ``00:00–06:00`` the next), and a window across midnight
is inside when both days' parts are. Blocked periods are instants (UTC), ``[desde, hasta)``.

A window is *outside the hours* (``fuera_de_horario``) when any part of it falls outside the weekly ranges
(only when the professional declared some: with none, every window is inside them) or it overlaps a blocked
period. Offers outside are allowed; they are marked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

ZONA_HORARIA = "America/Argentina/Buenos_Aires"
ARGENTINA = timezone(timedelta(hours=-3), "-03")
"""Argentina's local time: UTC−3 all year."""

DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
MINUTES_PER_DAY = 24 * 60
MAX_FRANJAS_POR_DIA = 4
MAX_FRANJAS = MAX_FRANJAS_POR_DIA * len(DIAS)
MAX_BLOQUEOS = 50
MAX_BLOQUEO = timedelta(days=366)

_HHMM = re.compile(r"([01][0-9]|2[0-4]):([0-5][0-9])")


def parse_hhmm(value: str) -> int:
    """Minutes since midnight of an ``HH:MM`` time (``00:00``–``24:00``), or ValueError (shown to people)."""
    match = _HHMM.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError("La hora debe tener el formato HH:MM, de 00:00 a 24:00 (por ejemplo 09:30)")
    minutes = int(match.group(1)) * 60 + int(match.group(2))
    if minutes > MINUTES_PER_DAY:
        raise ValueError("La hora debe tener el formato HH:MM, de 00:00 a 24:00 (por ejemplo 09:30)")
    return minutes


def format_hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, order=True)
class Franja:
    """A weekly range: ``dia`` 0 = lunes … 6 = domingo, minutes since local midnight, ``desde < hasta``."""

    dia: int
    desde_min: int
    hasta_min: int

    def label(self) -> str:
        return f"{format_hhmm(self.desde_min)}–{format_hhmm(self.hasta_min)}"


def franja_problem(dia: int, desde_min: int, hasta_min: int) -> str | None:
    if not 0 <= dia <= 6:
        return "El día debe ser un número de 0 (lunes) a 6 (domingo)"
    if desde_min >= MINUTES_PER_DAY:
        return "La hora de inicio debe ser anterior a las 24:00"
    if desde_min >= hasta_min:
        return f"Cada franja debe empezar antes de terminar ({format_hhmm(desde_min)} a {format_hhmm(hasta_min)})"
    return None


def semana_problem(franjas: Sequence[Franja]) -> str | None:
    """Why a week of ranges cannot be stored (too many, or overlapping within a day), or None."""
    if len(franjas) > MAX_FRANJAS:
        return f"Podés cargar hasta {MAX_FRANJAS} franjas horarias por semana"
    for dia, nombre in enumerate(DIAS):
        of_day = sorted(f for f in franjas if f.dia == dia)
        if len(of_day) > MAX_FRANJAS_POR_DIA:
            return (
                f"Podés cargar hasta {MAX_FRANJAS_POR_DIA} franjas por día (el {nombre} tiene {len(of_day)})"
            )
        for before, after in itertools.pairwise(of_day):
            if after.desde_min < before.hasta_min:
                return f"Las franjas del {nombre} se superponen ({before.label()} y {after.label()})"
    return None


def bloqueo_problem(desde: datetime, hasta: datetime) -> str | None:
    if hasta <= desde:
        return "Cada bloqueo debe terminar después de empezar"
    if hasta - desde > MAX_BLOQUEO:
        return "Un bloqueo puede durar hasta 366 días"
    return None


@dataclass(frozen=True)
class Bloqueo:
    desde: datetime
    hasta: datetime


def _merged(franjas: Iterable[Franja]) -> dict[int, list[tuple[int, int]]]:
    """Each day's ranges, touching ones joined (09:00–12:00 and 12:00–18:00 hold 11:00–13:00)."""
    days: dict[int, list[tuple[int, int]]] = {}
    for f in sorted(franjas):
        ranges = days.setdefault(f.dia, [])
        if ranges and f.desde_min <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], f.hasta_min))
        else:
            ranges.append((f.desde_min, f.hasta_min))
    return days


def inside_weekly_hours(franjas: Sequence[Franja], desde: datetime, hasta: datetime) -> bool:
    """Whether every moment of ``[desde, hasta)`` falls in the weekly ranges (Argentina time). With no
    ranges declared, every window is inside."""
    if not franjas:
        return True
    days = _merged(franjas)
    cursor, end = desde.astimezone(ARGENTINA), hasta.astimezone(ARGENTINA)
    while cursor < end:
        midnight = cursor.replace(hour=0, minute=0, second=0, microsecond=0)
        piece_end = min(end, midnight + timedelta(days=1))
        start_s = (cursor - midnight).total_seconds()
        end_s = (piece_end - midnight).total_seconds()
        if not any(a * 60 <= start_s and end_s <= b * 60 for a, b in days.get(midnight.weekday(), [])):
            return False
        cursor = piece_end
    return True


def overlaps_bloqueo(bloqueos: Iterable[Bloqueo], desde: datetime, hasta: datetime) -> bool:
    return any(b.desde < hasta and desde < b.hasta for b in bloqueos)


@dataclass(frozen=True)
class WindowStatus:
    dentro_del_horario_semanal: bool
    bloqueado: bool
    horario_configurado: bool

    @property
    def fuera_de_horario(self) -> bool:
        return self.bloqueado or not self.dentro_del_horario_semanal


def window_status(
    franjas: Sequence[Franja], bloqueos: Sequence[Bloqueo], desde: datetime, hasta: datetime
) -> WindowStatus:
    return WindowStatus(
        dentro_del_horario_semanal=inside_weekly_hours(franjas, desde, hasta),
        bloqueado=overlaps_bloqueo(bloqueos, desde, hasta),
        horario_configurado=bool(franjas),
    )
