"""Pure field mappings: a v1 answer in, what the original frontend reads out.

Every mapping keeps the v1 fields and adds the legacy names beside them (the frontend reads both kinds
in places); a v1 field is replaced only where the frontend reads the same name with another meaning
(``tipo`` of a money movement, ``estado`` of a trabajo on the /chat_ofertas paths). Money goes out as
JSON numbers, because the frontend formats it with number methods. Nothing here does I/O: the adapters
fetch, these shape (tests/unit/test_legacy_mappings.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

JSON = dict[str, Any]

# --- values ------------------------------------------------------------------------------------------


def number(value: Any) -> float | None:
    """A v1 decimal (a string like "15000.00", or a number) as a JSON number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def absolute(url: Any, base_url: str) -> Any:
    """A file the gateway serves itself (``/media/…``) as an absolute URL: the legacy frontend runs on
    another origin and would look for it there."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return f"{base_url.rstrip('/')}{url}"
    return url


def _truthy_or_none(value: float | None) -> float | None:
    """The frontend renders ``x && <…>``: a 0 would show as a stray "0"; null hides it as it meant to."""
    return value if value else None


# --- offers (rows 1 and 8) -------------------------------------------------------------------------------


def oferta(
    v1: Mapping[str, Any],
    *,
    cliente_nombre: str | None = None,
    profesional_nombre: str | None = None,
    profesional_avatar_url: str | None = None,
    profesional_rating: float | None = None,
) -> JSON:
    """OfertaRead → the frontend's offer: ``precio``, ``created_at``, ``expires_at``, the other party."""
    out = dict(v1)
    precio = number(v1.get("precio_final"))
    out.update(
        precio_final=precio,
        precio=precio,
        precio_ofertado=precio,
        created_at=v1.get("fecha_creacion"),
        updated_at=v1.get("fecha_actualizacion"),
        expires_at=v1.get("fecha_expiracion"),
        cliente_nombre=cliente_nombre,
        profesional_nombre=profesional_nombre,
        profesional_avatar_url=profesional_avatar_url,
        profesional_rating=profesional_rating,
    )
    return out


# The offer states the /chat_ofertas pages know (any other one breaks the professional's offers page).
ESTADOS_OFERTA = ("OFERTADO", "ACEPTADO", "RECHAZADO", "EXPIRADO")
_ESTADO_OFERTA = {"PAGADO": "ACEPTADO", "CANCELADO": "EXPIRADO"}


def oferta_chat_ofertas(v1: Mapping[str, Any], **parties: Any) -> JSON:
    """An offer on /chat_ofertas: its ``estado`` in the original four (paid is accepted; withdrawn by the
    professional is no longer valid, as an expired one); ours stays in ``estado_oferta``."""
    out = oferta(v1, **parties)
    estado = str(v1.get("estado"))
    out.update(
        estado_oferta=estado,
        estado=estado if estado in ESTADOS_OFERTA else _ESTADO_OFERTA.get(estado, "EXPIRADO"),
    )
    return out


# --- trabajos (rows 1 and 11) ----------------------------------------------------------------------------

# The original lifecycle, which the /chat_ofertas pages colour and filter by.
ESTADOS_TRABAJO = ("PENDIENTE_PAGO", "PAGADO", "EN_PROCESO", "COMPLETADO", "APROBADO", "CANCELADO")
_APROBADO = frozenset({"LIBERANDO", "LIBERADO", "LIBERACION_RECHAZADA"})
_CANCELADO = frozenset(
    {"CANCELADO", "REEMBOLSANDO", "CANCELADO_REEMBOLSADO", "REEMBOLSO_RECHAZADO", "CERRADO_POR_ADMIN"}
)


def estado_trabajo(estado_escrow: str, fecha_completado: Any) -> str:
    """Our escrow state → the original lifecycle. Work starts when the money is in escrow (there is no
    separate "started" step here), so a paid trabajo is EN_PROCESO until the professional marks it done
    (COMPLETADO), and APROBADO once the client confirmed (the money released or on its way). A dispute
    holds the work in progress; every way of ending without a release is CANCELADO."""
    if estado_escrow == "PENDIENTE_PAGO":
        return "PENDIENTE_PAGO"
    if estado_escrow == "PAGADO_EN_ESCROW":
        return "COMPLETADO" if fecha_completado else "EN_PROCESO"
    if estado_escrow in _APROBADO:
        return "APROBADO"
    if estado_escrow in _CANCELADO:
        return "CANCELADO"
    return "EN_PROCESO"  # EN_DISPUTA, and any state added later: money held, work not accepted


def _trabajo_common(v1: Mapping[str, Any]) -> JSON:
    out = dict(v1)
    precio = number(v1.get("precio_final"))
    out.update(
        precio_final=precio,
        monto=precio,
        comision_plataforma=number(v1.get("comision_plataforma")),
        monto_liberado=number(v1.get("monto_liberado")),
        created_at=v1.get("fecha_creacion"),
        updated_at=v1.get("fecha_actualizacion"),
    )
    return out


def trabajo(v1: Mapping[str, Any]) -> JSON:
    """TrabajoRead on its v1 paths (/cliente, /professional, /admin): the frontend's ``estado`` there is
    the escrow state itself (the admin page filters on PENDIENTE_PAGO, PAGADO_EN_ESCROW, LIBERADO…)."""
    out = _trabajo_common(v1)
    out["estado"] = v1.get("estado_escrow")
    return out


def trabajo_chat_ofertas(v1: Mapping[str, Any]) -> JSON:
    """TrabajoRead → the original /chat_ofertas trabajo (lifecycle ``estado``, dates, no notes or photos:
    this platform keeps neither)."""
    out = _trabajo_common(v1)
    estado = estado_trabajo(str(v1.get("estado_escrow")), v1.get("fecha_completado"))
    out.update(
        estado=estado,
        oferta_id=v1.get("oferta_id") or "",
        fecha_inicio=None,
        fecha_fin=v1.get("fecha_completado"),
        fecha_aprobacion=v1.get("fecha_actualizacion") if estado == "APROBADO" else None,
        notas_profesional=None,
        notas_cliente=None,
        imagenes=[],
    )
    return out


def timeline(v1: Mapping[str, Any]) -> list[JSON]:
    """A trabajo's history as the original timeline events, from the instants the trabajo records."""
    trabajo_id = str(v1.get("id"))
    estado = estado_trabajo(str(v1.get("estado_escrow")), v1.get("fecha_completado"))
    events: list[JSON] = [
        _event(
            trabajo_id,
            "creado",
            "Trabajo creado: espera el pago del cliente",
            None,
            "PENDIENTE_PAGO",
            v1.get("cliente_id"),
            "Cliente",
            v1.get("fecha_creacion"),
        )
    ]
    if v1.get("fecha_completado"):
        events.append(
            _event(
                trabajo_id,
                "terminado",
                "El profesional marcó el trabajo como terminado",
                "EN_PROCESO",
                "COMPLETADO",
                v1.get("profesional_id"),
                "Profesional",
                v1.get("fecha_completado"),
            )
        )
    if estado == "APROBADO":
        events.append(
            _event(
                trabajo_id,
                "aprobado",
                "El cliente aprobó el trabajo y se liberó el pago",
                "COMPLETADO",
                "APROBADO",
                v1.get("cliente_id"),
                "Cliente",
                v1.get("fecha_actualizacion"),
            )
        )
    elif estado == "CANCELADO":
        reintegrado = str(v1.get("estado_escrow")) in ("REEMBOLSANDO", "CANCELADO_REEMBOLSADO")
        events.append(
            _event(
                trabajo_id,
                "cancelado",
                "Trabajo cancelado y pago reintegrado al cliente" if reintegrado else "Trabajo cancelado",
                None,
                "CANCELADO",
                None,
                "ConectarProfesionales",
                v1.get("fecha_actualizacion"),
            )
        )
    return events


def _event(
    trabajo_id: str,
    key: str,
    descripcion: str,
    anterior: str | None,
    nuevo: str,
    usuario_id: Any,
    usuario_nombre: str,
    created_at: Any,
) -> JSON:
    return {
        "id": f"{trabajo_id}-{key}",
        "trabajo_id": trabajo_id,
        "tipo": "ESTADO_CAMBIO",
        "descripcion": descripcion,
        "estado_anterior": anterior,
        "estado_nuevo": nuevo,
        "usuario_id": usuario_id,
        "usuario_nombre": usuario_nombre,
        "created_at": created_at,
    }


# --- search (row 2) --------------------------------------------------------------------------------------


def search_card(v1: Mapping[str, Any], oficio: str, base_url: str) -> JSON:
    """SearchResult → the frontend's card (``calificacion_promedio``, ``cantidad_resenas``,
    ``nivel_profesional``, the oficio's name)."""
    out = dict(v1)
    out.update(
        oficio=oficio,
        calificacion_promedio=float(v1.get("rating_promedio") or 0),
        cantidad_resenas=int(v1.get("total_resenas") or 0),
        nivel_profesional=v1.get("nivel"),
        tarifa_por_hora=number(v1.get("tarifa_por_hora")),
        avatar_url=absolute(v1.get("avatar_url"), base_url),
    )
    return out


_NIVELES = {"BRONCE": 0, "PLATA": 1, "ORO": 2, "DIAMANTE": 3}


def search_order_key(ordenar_por: str) -> Any:
    """The v1 search's order, for merging the answers of several oficios."""

    def distance(card: Mapping[str, Any]) -> float:
        value = card.get("distancia_km")
        return float(value) if value is not None else float("inf")

    def key(card: Mapping[str, Any]) -> tuple[Any, ...]:
        rating = float(card.get("rating_promedio") or 0)
        resenas = int(card.get("total_resenas") or 0)
        if ordenar_por == "rating":
            return (-rating, -resenas, distance(card), str(card.get("id")))
        if ordenar_por == "precio":
            tarifa = number(card.get("tarifa_por_hora"))
            return (tarifa is None, tarifa or 0.0, distance(card), str(card.get("id")))
        if ordenar_por == "nivel":
            return (-_NIVELES.get(str(card.get("nivel")), 0), -rating, distance(card), str(card.get("id")))
        return (distance(card), str(card.get("id")))

    return key


def merge_cards(batches: Iterable[list[JSON]], ordenar_por: str) -> list[JSON]:
    """Cards of several oficios in one order, each professional once (at their first oficio)."""
    seen: set[str] = set()
    merged: list[JSON] = []
    for batch in batches:
        for card in batch:
            if str(card.get("id")) not in seen:
                seen.add(str(card.get("id")))
                merged.append(card)
    return sorted(merged, key=search_order_key(ordenar_por))


# --- money (rows 3 and 4) --------------------------------------------------------------------------------


def admin_dashboard(v1: Mapping[str, Any]) -> JSON:
    """Dashboard → the original admin home's top-level figures (counts as integers, money as numbers):
    processed is everything clients paid (released, held in escrow, refunded)."""
    financials = v1.get("financials") or {}
    pagos: Mapping[str, Any] = v1.get("pagos_por_estado") or {}
    retiros: Mapping[str, Any] = v1.get("retiros_por_estado") or {}
    procesado = sum(
        number(value) or 0.0
        for value in (
            financials.get("total_facturado"),
            financials.get("dinero_en_escrow"),
            v1.get("total_reembolsado"),
        )
    )
    out = dict(v1)
    out.update(
        total_monto_procesado=round(procesado, 2),
        total_transacciones=sum(int(count) for count in pagos.values()),
        pagos_pendientes=int(pagos.get("PENDIENTE", 0)),
        retiros_pendientes=sum(
            int((retiros.get(estado) or {}).get("cantidad", 0)) for estado in ("SOLICITADO", "EN_PROCESO")
        ),
        total_comisiones=number(financials.get("comision_total")) or 0.0,
        total_facturado=number(financials.get("total_facturado")) or 0.0,
    )
    return out


# (legacy tipo, legacy estado) of each movement, as the person whose history it is sees it.
_MOVIMIENTO_PROFESIONAL: dict[str, tuple[str, str]] = {
    "PAGO": ("ingreso", "pendiente"),  # the client paid into escrow for your trabajo
    "LIBERACION": ("ingreso", "completado"),
    "REEMBOLSO": ("egreso", "reembolsado"),
    "CONTRACARGO": ("egreso", "reembolsado"),
    "REVERSION": ("egreso", "reembolsado"),
    "RETIRO_SOLICITADO": ("egreso", "pendiente"),
    "RETIRO": ("egreso", "completado"),
    "RETIRO_REVERTIDO": ("ingreso", "cancelado"),
}
_MOVIMIENTO_CLIENTE: dict[str, tuple[str, str]] = {
    "PAGO": ("egreso", "completado"),
    "REEMBOLSO": ("ingreso", "reembolsado"),
    "CONTRACARGO": ("ingreso", "reembolsado"),
    "REVERSION": ("ingreso", "reembolsado"),
}
# The frontend's filter (ingreso | egreso | comision) → our movement type.
_TIPO_FILTRO: dict[str, dict[str, str]] = {
    "PROFESIONAL": {"ingreso": "LIBERACION", "egreso": "RETIRO", "comision": "LIBERACION"},
    "ADMIN": {"ingreso": "PAGO", "egreso": "RETIRO", "comision": "LIBERACION"},
    # A client pays no commission: LIBERACION is a movement a client never sees, so the list is empty.
    "CLIENTE": {"ingreso": "REEMBOLSO", "egreso": "PAGO", "comision": "LIBERACION"},
}


def historial_query(query: Iterable[tuple[str, str]], rol: str) -> list[tuple[str, str]]:
    """The frontend's history filters → ours: its ``tipo`` names, dates given as full ISO instants."""
    out: list[tuple[str, str]] = []
    for key, value in query:
        if key == "tipo":
            mapped = _TIPO_FILTRO.get(rol, _TIPO_FILTRO["PROFESIONAL"]).get(value.lower(), value)
            out.append((key, mapped))
        elif key in ("desde", "hasta"):
            out.append((key, value[:10]))
        elif key in ("page", "limit"):
            out.append((key, value))
    return out


def movimiento(v1: Mapping[str, Any], rol: str) -> JSON:
    """Movimiento → the frontend's movement (``fecha_creacion``, ``comision_plataforma``, ``estado``,
    its ``tipo`` ingreso | egreso)."""
    table = _MOVIMIENTO_CLIENTE if rol == "CLIENTE" else _MOVIMIENTO_PROFESIONAL
    tipo, estado = table.get(str(v1.get("tipo")), ("ingreso", "completado"))
    out = dict(v1)
    out.update(
        tipo=tipo,
        tipo_movimiento=v1.get("tipo"),
        estado=estado,
        monto=number(v1.get("monto")),
        comision=number(v1.get("comision")),
        neto=number(v1.get("neto")),
        comision_plataforma=_truthy_or_none(number(v1.get("comision"))),
        monto_neto_profesional=number(v1.get("neto")),
        fecha_creacion=v1.get("fecha"),
    )
    return out


def historial(v1: Mapping[str, Any], rol: str) -> JSON:
    """Historial → the frontend's history: its movements and the three totals it shows."""
    resumen = dict(v1.get("resumen") or {})
    por_tipo: Mapping[str, Any] = resumen.get("por_tipo") or {}

    def monto(*tipos: str) -> float:
        return sum(number((por_tipo.get(t) or {}).get("monto")) or 0.0 for t in tipos)

    comisiones = number(resumen.get("total_comision")) or 0.0
    if rol == "CLIENTE":
        ingresos, egresos, comisiones = monto("REEMBOLSO", "CONTRACARGO", "REVERSION"), monto("PAGO"), 0.0
    else:
        ingresos, egresos = monto("LIBERACION", "RETIRO_REVERTIDO") - comisiones, monto("RETIRO")
    resumen.update(
        total_ingresos=round(ingresos, 2),
        total_egresos=round(egresos, 2),
        total_comisiones=round(comisiones, 2),
    )
    out = dict(v1)
    out.update(movimientos=[movimiento(m, rol) for m in v1.get("movimientos") or []], resumen=resumen)
    return out


# --- professionals' pages (rows 5, 9, 10) ----------------------------------------------------------------

SERVICIO_ID_SEPARATOR = "_"
# ServicioDisponible.tipo of a service a professional published (row 7).
PUBLICADO = "publicado"


def servicio_id(servicio: Any, profesional: Any) -> str:
    """The original frontend hires by one id: a published service was one professional's. Here the same
    instant service is offered by many professionals, so its legacy id names both."""
    return f"{servicio}{SERVICIO_ID_SEPARATOR}{profesional}"


def split_servicio_id(value: str) -> tuple[uuid.UUID, uuid.UUID] | None:
    servicio, separator, profesional = value.partition(SERVICIO_ID_SEPARATOR)
    if not separator:
        return None
    try:
        return uuid.UUID(servicio), uuid.UUID(profesional)
    except ValueError:
        return None


def servicio(v1: Mapping[str, Any], oficios: Mapping[str, Mapping[str, Any]], base_url: str) -> JSON:
    """ServicioDisponible → the frontend's published service: ``id``, nested ``profesional{}`` and
    ``oficio{}``. A service the professional published (``tipo: publicado``) is theirs alone: its own id;
    a catalog service at one professional's price names both."""
    oficio = oficios.get(str(v1.get("oficio_id"))) or {}
    avatar = absolute(v1.get("avatar_url"), base_url)
    out = dict(v1)
    out.update(
        id=str(v1.get("servicio_id"))
        if v1.get("tipo") == PUBLICADO
        else servicio_id(v1.get("servicio_id"), v1.get("profesional_id")),
        precio_fijo=number(v1.get("precio_fijo")),
        avatar_url=avatar,
        profesional={
            "id": v1.get("profesional_id"),
            "user_id": v1.get("usuario_id"),
            "nombre": v1.get("profesional_nombre"),
            "apellido": v1.get("profesional_apellido"),
            "avatar_url": avatar,
            "nivel": v1.get("nivel"),
            "rating_promedio": _truthy_or_none(number(v1.get("rating_promedio"))),
            "total_resenas": v1.get("total_resenas"),
        },
        oficio={"id": v1.get("oficio_id"), "nombre": oficio.get("nombre", ""), "categoria": None},
    )
    return out


def servicio_publicado(v1: Mapping[str, Any]) -> JSON:
    """ServicioPublicadoRead → the frontend's own published service (dashboard/profesional/publicar):
    ``precio_fijo`` a number (``toLocaleString``), ``oficio{id, nombre}``."""
    out = dict(v1)
    out.update(
        precio_fijo=number(v1.get("precio_fijo")),
        oficio={"id": v1.get("oficio_id"), "nombre": v1.get("oficio_nombre") or "", "categoria": None},
    )
    return out


def portfolio_item(v1: Mapping[str, Any], base_url: str) -> JSON:
    """PortfolioItemRead → the frontend's item: ``imagenes_urls[]`` (in order) and absolute image URLs."""
    imagenes = sorted(v1.get("imagenes") or [], key=lambda image: int(image.get("orden") or 0))
    mapped = []
    for image in imagenes:
        url = absolute(image.get("imagen_url"), base_url)
        mapped.append(
            {
                **image,
                "imagen_url": url,
                "image_url": url,
                "thumbnail_url": absolute(image.get("thumbnail_url"), base_url),
            }
        )
    out = dict(v1)
    out.update(imagenes=mapped, imagenes_urls=[image["imagen_url"] for image in mapped])
    return out


def resena(v1: Mapping[str, Any]) -> JSON:
    """A public review → the frontend's (``comentario``, ``cliente_nombre``, ``created_at``)."""
    out = dict(v1)
    out.update(
        comentario=v1.get("texto_resena"),
        cliente_nombre=v1.get("nombre_cliente"),
        created_at=v1.get("fecha_creacion"),
    )
    return out


def perfil_publico(v1: Mapping[str, Any], base_url: str) -> JSON:
    """PublicProfile → the frontend's public profile: its reviews and portfolio in their legacy shapes."""
    portfolio = [portfolio_item(item, base_url) for item in v1.get("portfolio") or []]
    out = dict(v1)
    out.update(
        avatar_url=absolute(v1.get("avatar_url"), base_url),
        tarifa_por_hora=number(v1.get("tarifa_por_hora")),
        resenas=[resena(r) for r in v1.get("resenas") or []],
        portfolio=portfolio,
        portfolio_items=portfolio,
    )
    return out


# --- admin (rows 6 and 13) -------------------------------------------------------------------------------

KYC_MOTIVO_POR_DEFECTO = "La documentación enviada no pudo verificarse"


def kyc_reject_body(legacy: Any) -> JSON:
    """``{reason?}`` → ``{motivo}``: our rejection always says why (the professional is told)."""
    reason = legacy.get("reason") if isinstance(legacy, Mapping) else None
    motivo = reason.strip() if isinstance(reason, str) else ""
    return {"motivo": motivo if len(motivo) >= 3 else KYC_MOTIVO_POR_DEFECTO}


def ban(v1: Mapping[str, Any]) -> JSON:
    """BanResponse → the original's top-level ``user_id``, ``email``, ``is_active``, ``mensaje``."""
    user: Mapping[str, Any] = v1.get("user") or {}
    out = dict(v1)
    out.update(
        user_id=user.get("id"),
        email=user.get("email"),
        is_active=user.get("is_active"),
        mensaje=v1.get("message"),
    )
    return out
