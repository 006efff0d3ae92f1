"""How the pages write money, dates, states and levels (Spanish, es-AR, Buenos Aires time)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from conectar.contracts import fechas
from conectar.contracts.money import ars, group_thousands

try:
    LOCAL_TZ: tzinfo = ZoneInfo("America/Argentina/Buenos_Aires")
except ZoneInfoNotFoundError:  # no tz database on the machine: Argentina keeps UTC−3 all year
    LOCAL_TZ = timezone(timedelta(hours=-3), "ART")

MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")
MONTHS_LONG = fechas.MESES

ESTADOS_PEDIDO: dict[str, tuple[str, str]] = {
    "ABIERTO": ("Recibiendo ofertas", "info"),
    "ADJUDICADO": ("Adjudicado", "ok"),
    "CANCELADO": ("Cancelado", "muted"),
    "VENCIDO": ("Vencido", "muted"),
}
ESTADOS_TRABAJO: dict[str, tuple[str, str]] = {
    # estado: (label, tone)
    "PENDIENTE_PAGO": ("Pendiente de pago", "warn"),
    "PAGADO_EN_ESCROW": ("Pagado (en garantía)", "info"),
    "LIBERADO": ("Finalizado", "ok"),
    "CANCELADO": ("Cancelado", "muted"),
    "CANCELADO_REEMBOLSADO": ("Cancelado y reintegrado", "muted"),
    "EN_DISPUTA": ("En disputa", "danger"),
    "LIBERANDO": ("Liberando el pago", "info"),
    "REEMBOLSANDO": ("Reintegrando el pago", "info"),
    "LIBERACION_RECHAZADA": ("Liberación en revisión", "danger"),
    "REEMBOLSO_RECHAZADO": ("Reintegro en revisión", "danger"),
    "CERRADO_POR_ADMIN": ("Cerrado por el equipo", "muted"),
}
MOVIMIENTOS_DINERO: dict[str, str] = {
    "pago": "Pago",
    "liberacion": "Liberación",
    "reembolso": "Reintegro",
}
ESTADOS_OFERTA: dict[str, tuple[str, str]] = {
    "OFERTADO": ("Esperando respuesta", "warn"),
    "ACEPTADO": ("Aceptada", "info"),
    "PAGADO": ("Pagada", "ok"),
    "RECHAZADO": ("Rechazada", "muted"),
    "EXPIRADO": ("Vencida", "muted"),
    "CANCELADO": ("Retirada", "muted"),
}
ESTADOS_KYC: dict[str, tuple[str, str]] = {
    "PENDIENTE": ("Sin verificar", "warn"),
    "EN_REVISION": ("En revisión", "info"),
    "APROBADO": ("Verificado", "ok"),
    "RECHAZADO": ("Rechazado", "danger"),
}
ESTADOS_DISPUTA: dict[str, tuple[str, str]] = {
    "ABIERTA": ("Abierta", "danger"),
    "RESUELTA_A_FAVOR_CLIENTE": ("Resuelta a favor del cliente", "muted"),
    "RESUELTA_A_FAVOR_PROFESIONAL": ("Resuelta a favor del profesional", "muted"),
    "CANCELADA": ("Retirada", "muted"),
}
ESTADOS_RETIRO: dict[str, tuple[str, str]] = {
    "SOLICITADO": ("Solicitado", "warn"),
    "EN_PROCESO": ("En proceso", "info"),
    "PAGADO": ("Acreditado", "ok"),
    "RECHAZADO": ("Rechazado", "muted"),
    "FALLIDO": ("Fallido", "danger"),
}
ESTADOS_LOTE: dict[str, tuple[str, str]] = {
    "ABIERTO": ("Por transferir", "warn"),
    "PAGADO": ("Pagado", "ok"),
}
ESTADOS_EXPORTACION: dict[str, tuple[str, str]] = {
    "PENDIENTE": ("Preparando", "info"),
    "LISTA": ("Lista para descargar", "ok"),
    "FALLIDA": ("No se pudo preparar", "danger"),
    "VENCIDA": ("Vencida", "muted"),
}
ESTADOS_ELIMINACION: dict[str, tuple[str, str]] = {
    "EN_CURSO": ("En curso", "warn"),
    "COMPLETADA": ("Completada", "ok"),
}
SERVICIOS: dict[str, str] = {
    "auth": "Acceso",
    "users": "Cuentas",
    "professionals": "Profesionales",
    "chat": "Chat y trabajos",
    "payments": "Pagos",
    "notifications": "Avisos",
}
TIPOS_DISPUTA: dict[str, str] = {
    "CALIDAD_TRABAJO": "Calidad del trabajo",
    "NO_REALIZADO": "No se realizó",
    "INCUMPLIMIENTO_TIEMPO": "No cumplió los tiempos",
    "OTRO": "Otro motivo",
}
DISPUTA_AYUDA: dict[str, str] = {
    "CALIDAD_TRABAJO": "Se hizo, pero mal o incompleto",
    "NO_REALIZADO": "El trabajo no se hizo",
    "INCUMPLIMIENTO_TIEMPO": "No llegó, o terminó mucho después de lo acordado",
    "OTRO": "Algo distinto: contalo abajo",
}
TIPOS_MOVIMIENTO: dict[str, str] = {
    "LIBERACION": "Ingresos (pagos liberados)",
    "PAGO": "Pagos en garantía",
    "RETIRO_SOLICITADO": "Retiros",
    "RETIRO": "Retiros acreditados",
    "RETIRO_REVERTIDO": "Retiros devueltos",
    "REEMBOLSO": "Reembolsos",
    "CONTRACARGO": "Contracargos",
    "REVERSION": "Reembolsos de la plataforma",
}
NIVELES: dict[str, tuple[str, int]] = {
    # nivel: (label, puntos desde)
    "BRONCE": ("Bronce", 0),
    "PLATA": ("Plata", 1000),
    "ORO": ("Oro", 5000),
    "DIAMANTE": ("Diamante", 15000),
}


CENTS = Decimal("0.01")


def to_decimal(value: Any) -> Decimal | None:
    """A finite number that two decimals can show (``1e400``, NaN and infinities are not amounts: None)."""
    if value is None or value == "":
        return None
    try:
        figure = Decimal(str(value))
        if not figure.is_finite():
            return None
        figure.quantize(CENTS)
    except (InvalidOperation, ValueError):
        return None
    return figure


def number(value: Any, decimals: int = 0) -> str:
    """``12345.6`` → ``12.345,6`` (es-AR separators)."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    text = f"{abs(amount):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return sign + group_thousands(whole) + ("," + frac if decimals else "")


def money(value: Any) -> str:
    """ARS as everywhere in the product (:func:`conectar.contracts.money.ars`); ``—`` when there is none."""
    amount = to_decimal(value)
    return "—" if amount is None else ars(amount)


def signed_money(value: Any) -> str:
    """Money with its direction: ``+$ 15.000`` in, ``-$ 3.000`` out, ``$ 0`` for nothing."""
    figure = to_decimal(value)
    if figure is None:
        return "—"
    return ("+" if figure > 0 else "") + ars(figure)


def amount(value: Any) -> str:
    """Money for a form field: ``money`` without the sign (``15.000``, ``1.234,50``; empty when unknown),
    which ``core.money_input`` reads back exactly."""
    text = money(value)
    return "" if text == "—" else text.replace("$ ", "")


def plural(count: Any, singular: str, plural_form: str | None = None) -> str:
    """``1 trabajo``, ``2 trabajos``, ``1.500 trabajos``: the number and the word that agrees with it.
    ``plural_form`` when adding an ``s`` is not the plural (``reseña verificada`` → give it whole)."""
    try:
        n = int(count or 0)
    except (TypeError, ValueError):
        n = 0
    word = singular if n == 1 else (plural_form or _pluralize(singular))
    return f"{number(n)} {word}"


def _pluralize(phrase: str) -> str:
    """The Spanish plural of each word of a short phrase (``trabajo completado`` → ``trabajos completados``,
    ``profesional`` → ``profesionales``, ``infracción`` → ``infracciones``)."""
    return " ".join(_plural_word(word) for word in phrase.split(" "))


_UNSTRESS = str.maketrans("áéíóú", "aeiou")


def _plural_word(word: str) -> str:
    if not word or not word[-1].isalpha() or word in ("de", "del", "a", "en", "y", "o", "por", "con"):
        return word
    if word[-1] in "aeiouáéó":
        return word + "s"
    if word.endswith("z"):
        return word[:-1] + "ces"
    if word.endswith(("ión", "ón", "án", "és", "ín")):  # infracción → infracciones, alemán → alemanes
        return word[:-2] + word[-2].translate(_UNSTRESS) + word[-1] + "es"
    return word + "es"


def sentence(value: Any) -> str:
    """Text that ends a sentence: a period added only when it has none (``del dorso`` → ``del dorso.``,
    ``del dorso.`` stays), so templates never print ``..``."""
    text = str(value or "").strip()
    if not text or text[-1] in ".!?…":
        return text
    return text + "."


def percent(value: Any, decimals: int = 0) -> str:
    """A rate (``0.2``) as ``20 %``."""
    rate = to_decimal(value)
    if rate is None:
        return "—"
    return number(rate * 100, decimals) + " %"


def parse_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def local(value: Any) -> datetime | None:
    moment = parse_datetime(value)
    return moment.astimezone(LOCAL_TZ) if moment else None


def date_short(value: Any) -> str:
    """``14 mar 2025``."""
    moment = local(value)
    if moment is None:
        return "—"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def date_long(value: Any) -> str:
    """``14 de marzo de 2025``."""
    moment = local(value)
    if moment is None:
        return "—"
    return f"{moment.day} de {MONTHS_LONG[moment.month - 1]} de {moment.year}"


def datetime_short(value: Any) -> str:
    """``14 mar 2025, 09:05`` in Buenos Aires time."""
    moment = local(value)
    if moment is None:
        return "—"
    return f"{date_short(moment)}, {moment:%H:%M}"


WEEKDAYS = fechas.DIAS


def visit_window(desde: Any, hasta: Any = None) -> str:
    """A visit's window in Buenos Aires time: ``jueves 14 de marzo, de 09:00 a 12:00`` (the end's day too
    when it is another one); ``—`` without a start."""
    start, end = local(desde), local(hasta)
    if start is None:
        return "—"
    day = f"{WEEKDAYS[start.weekday()]} {start.day} de {MONTHS_LONG[start.month - 1]}"
    if end is None:
        return f"{day}, a las {start:%H:%M}"
    if end.date() == start.date():
        return f"{day}, de {start:%H:%M} a {end:%H:%M}"
    until = f"{WEEKDAYS[end.weekday()]} {end.day} de {MONTHS_LONG[end.month - 1]}"
    return f"{day} {start:%H:%M} al {until} {end:%H:%M}"


def time_only(value: Any) -> str:
    moment = local(value)
    return f"{moment:%H:%M}" if moment else ""


def relative(value: Any, now: datetime | None = None) -> str:
    """``hace 5 min``, ``ayer 18:30``, or the date for anything older than a week."""
    moment = local(value)
    if moment is None:
        return "—"
    current = (now or datetime.now(UTC)).astimezone(LOCAL_TZ)
    seconds = (current - moment).total_seconds()
    if seconds < 0:
        return datetime_short(moment)
    if seconds < 60:
        return "recién"
    if seconds < 3600:
        return f"hace {int(seconds // 60)} min"
    if moment.date() == current.date():
        return f"hoy {moment:%H:%M}"
    if moment.date() == (current - timedelta(days=1)).date():
        return f"ayer {moment:%H:%M}"
    if seconds < 7 * 86400:  # calendar days, so it agrees with "ayer" (never "hace 1 días")
        return f"hace {(current.date() - moment.date()).days} días"
    return date_short(moment)


def label(table: dict[str, tuple[str, str]], value: Any) -> str:
    return table.get(str(value), (str(value or "—").replace("_", " ").capitalize(), "muted"))[0]


def tone(table: dict[str, tuple[str, str]], value: Any) -> str:
    return table.get(str(value), ("", "muted"))[1]


def nivel_label(value: Any) -> str:
    return NIVELES.get(str(value), (str(value or "").capitalize(), 0))[0]


def stars(value: Any) -> tuple[int, bool, int]:
    """(full stars, half star, empty stars) for a rating out of 5."""
    rating = float(to_decimal(value) or 0)
    full = int(rating)
    half = rating - full >= 0.5
    if full >= 5:
        return 5, False, 0
    return full, half, 5 - full - (1 if half else 0)


def rating(value: Any) -> str:
    return number(value, 1)


def km(value: Any) -> str:
    amount = to_decimal(value)
    if amount is None:
        return "—"
    return number(amount, 1) + " km"


def initials(nombre: str | None, apellido: str | None = None) -> str:
    parts = [p for p in ((nombre or "").strip(), (apellido or "").strip()) if p]
    if len(parts) == 1 and " " in parts[0]:
        parts = parts[0].split()[:2]
    return "".join(p[0].upper() for p in parts[:2]) or "?"


def filesize(value: Any) -> str:
    size = float(value or 0)
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{number(size, 0 if unit == 'B' else 1)} {unit}"
        size /= 1024
    return f"{size} MB"


def response_time(minutes: Any) -> str:
    """The median time to a first reply as people say it ("en 25 minutos", "en 3 horas"); "Sin datos
    todavía" when the API has none (fewer than 3 conversations in 90 days)."""
    if minutes is None or isinstance(minutes, bool):
        return "Sin datos todavía"
    try:
        total = max(0, int(minutes))
    except (TypeError, ValueError):
        return "Sin datos todavía"
    if total < 60:
        return "en " + plural(max(total, 1), "minuto")
    hours = (total + 30) // 60
    if hours < 24:
        return "en " + plural(hours, "hora")
    return "en " + plural((hours + 12) // 24, "día")


def weekly_hours(ranges: Any) -> str:
    """A week's hours as people say them: ``lun a vie 09:00–18:00 · sáb 09:00–13:00`` (days with the same
    hours run together)."""
    by_day: dict[int, list[str]] = {}
    for r in ranges or []:
        by_day.setdefault(int(r.dia), []).append(f"{r.desde}–{r.hasta}")
    groups: list[tuple[int, int, str]] = []
    for dia in sorted(by_day):
        text = ", ".join(by_day[dia])
        if groups and groups[-1][1] == dia - 1 and groups[-1][2] == text:
            groups[-1] = (groups[-1][0], dia, text)
        else:
            groups.append((dia, dia, text))
    short = [d[:3] for d in WEEKDAYS]
    parts = []
    for first, last, text in groups:
        days = short[first] if first == last else f"{short[first]} a {short[last]}"
        parts.append(f"{days} {text}")
    return " · ".join(parts)


FILTERS = {
    "weekly_hours": weekly_hours,
    "response_time": response_time,
    "money": money,
    "signed_money": signed_money,
    "amount": amount,
    "sentence": sentence,
    "number": number,
    "percent": percent,
    "date_short": date_short,
    "date_long": date_long,
    "datetime_short": datetime_short,
    "time_only": time_only,
    "visit_window": visit_window,
    "relative": relative,
    "nivel_label": nivel_label,
    "rating": rating,
    "km": km,
    "filesize": filesize,
}
