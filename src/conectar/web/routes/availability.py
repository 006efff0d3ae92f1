"""The professional's weekly hours and blocked days (SPEC §11: ``/professional/disponibilidad``): a week
of up to two ranges a day, in Buenos Aires time, and periods away (vacaciones, a day off). Clients see the
weekly hours on the public profile; an offer whose visit falls outside them says so."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from conectar.web.apimodels import Availability, BlockedPeriod, WeeklyRange
from conectar.web.core import W, Web, role_required
from conectar.web.formatting import LOCAL_TZ, WEEKDAYS
from conectar.web.forms import submit

router = APIRouter(prefix="/profesional", dependencies=[role_required("PROFESIONAL")])

API_PATH = "/professional/disponibilidad"
RANGES_PER_DAY = 2
PAGE = "/profesional/horarios"


def day_rows(semanal: list[WeeklyRange]) -> list[dict[str, object]]:
    """The form's seven rows (Monday first), each with its ranges padded to ``RANGES_PER_DAY``."""
    rows = []
    for dia, nombre in enumerate(WEEKDAYS):
        ranges = [(r.desde, r.hasta) for r in semanal if r.dia == dia][:RANGES_PER_DAY]
        ranges += [("", "")] * (RANGES_PER_DAY - len(ranges))
        rows.append({"dia": dia, "nombre": nombre.capitalize(), "ranges": ranges})
    return rows


def read_week(fields: dict[str, str]) -> tuple[list[dict[str, object]], dict[str, str]]:
    """The ranges typed (``d{dia}_{n}_desde`` / ``_hasta``) and the rows left half-filled."""
    semanal: list[dict[str, object]] = []
    errors: dict[str, str] = {}
    for dia in range(7):
        for n in range(RANGES_PER_DAY):
            desde = fields.get(f"d{dia}_{n}_desde", "").strip()
            hasta = fields.get(f"d{dia}_{n}_hasta", "").strip()
            if not desde and not hasta:
                continue
            if not desde or not hasta:
                errors[f"d{dia}"] = (
                    f"Completá el comienzo y el fin del {WEEKDAYS[dia]}, o dejá los dos vacíos"
                )
                continue
            semanal.append({"dia": dia, "desde": desde, "hasta": hasta})
    return semanal, errors


async def hours_page(
    w: Web, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    current = await w.api.get_model(API_PATH, Availability)
    return await w.render_form(
        "professional/availability.html",
        days=day_rows(current.semanal),
        # A period ends at the first instant after it: its last day is the one before that instant.
        bloqueos=[(b.id, b.desde, b.hasta - timedelta(seconds=1)) for b in current.bloqueos],
        errors=errors,
        values=values,
    )


@router.get("/horarios")
async def hours(w: W) -> Response:
    return await hours_page(w)


@router.post("/horarios")
async def save_hours(w: W) -> Response:
    fields = await w.fields()
    semanal, problems = read_week(fields)
    if problems:
        return await hours_page(w, errors=problems, values=fields)
    saved = await submit(
        w.api.put_model(API_PATH, Availability, {"semanal": semanal}),
        lambda errors: hours_page(w, errors=errors, values=fields),
        general_to="semanal",
    )
    if isinstance(saved, Response):
        return saved
    return w.redirect(PAGE, "Guardamos tus horarios")


def _periods(bloqueos: Iterable[BlockedPeriod]) -> list[dict[str, str]]:
    """Blocked periods as the API takes them. The API replaces the whole list it is sent (it has no call
    for one period), so adding or removing one sends the others back as they were read."""
    return [{"desde": b.desde.isoformat(), "hasta": b.hasta.isoformat()} for b in bloqueos]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


@router.post("/horarios/bloqueos")
async def add_block(w: W) -> Response:
    """Whole days away, from ``desde`` to ``hasta`` (both included), in Buenos Aires time."""
    fields = await w.fields()
    first, last = _day(fields.get("bloqueo_desde", "")), _day(fields.get("bloqueo_hasta", ""))
    last = last or first
    if first is None or last is None:
        return await hours_page(w, errors={"bloqueo_desde": "Elegí el primer día"}, values=fields)
    if last < first:
        return await hours_page(
            w, errors={"bloqueo_hasta": "El último día no puede ser anterior al primero"}, values=fields
        )
    current = await w.api.get_model(API_PATH, Availability)
    start = datetime.combine(first, time(0, 0), LOCAL_TZ).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0, 0), LOCAL_TZ).astimezone(UTC)
    bloqueos = [*_periods(current.bloqueos), {"desde": start.isoformat(), "hasta": end.isoformat()}]
    saved = await submit(
        w.api.put_model(API_PATH, Availability, {"bloqueos": bloqueos}),
        lambda errors: hours_page(w, errors=errors, values=fields),
        general_to="bloqueo_desde",
    )
    if isinstance(saved, Response):
        return saved
    return w.redirect(PAGE, "Bloqueamos esos días")


@router.post("/horarios/bloqueos/{bloqueo_id}/borrar")
async def remove_block(bloqueo_id: uuid.UUID, w: W) -> Response:
    current = await w.api.get_model(API_PATH, Availability)
    kept = _periods(b for b in current.bloqueos if b.id != bloqueo_id)
    await w.api.put_model(API_PATH, Availability, {"bloqueos": kept})
    return w.redirect(PAGE, "Quitamos el bloqueo")
