"""The state machines of offers and trabajos, as one declarative table (SPEC §5).

The table is the single source: the use cases apply transitions by name through it, the API's refusals
come from its guards, the timers come from its timed rows, and ``docs/trabajos.md`` is generated from it
(`conectar dev state-diagram`; a test keeps the document in step).

Money states never lie: deciding to release or refund puts the trabajo *in flight* (LIBERANDO,
REEMBOLSANDO) while the payments service is asked (the ``chat.money`` work queue); it reaches LIBERADO or
CANCELADO_REEMBOLSADO only once payments accepted the movement. When payments refuses it (or never answers
after every attempt) the trabajo shows that (LIBERACION_RECHAZADA, REEMBOLSO_RECHAZADO), the money stays
where the ledger says, and staff are told: they retry, choose the other movement, or close it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from conectar.platform.errors import BusinessRuleError, Forbidden


class EstadoOferta(StrEnum):
    OFERTADO = "OFERTADO"
    ACEPTADO = "ACEPTADO"
    RECHAZADO = "RECHAZADO"
    EXPIRADO = "EXPIRADO"
    CANCELADO = "CANCELADO"
    PAGADO = "PAGADO"


class EstadoEscrow(StrEnum):
    PENDIENTE_PAGO = "PENDIENTE_PAGO"
    PAGADO_EN_ESCROW = "PAGADO_EN_ESCROW"
    LIBERADO = "LIBERADO"
    CANCELADO = "CANCELADO"
    CANCELADO_REEMBOLSADO = "CANCELADO_REEMBOLSADO"
    EN_DISPUTA = "EN_DISPUTA"
    # The release or refund was decided and asked of the payments service, which has not accepted it yet.
    LIBERANDO = "LIBERANDO"
    REEMBOLSANDO = "REEMBOLSANDO"
    # The payments service refused it (or never answered after every attempt): staff decide.
    LIBERACION_RECHAZADA = "LIBERACION_RECHAZADA"
    REEMBOLSO_RECHAZADO = "REEMBOLSO_RECHAZADO"
    # Staff closed it by hand: the payments service holds no money of it any more (see ``SIN_DINERO``).
    CERRADO_POR_ADMIN = "CERRADO_POR_ADMIN"


class Actor(StrEnum):
    CLIENTE = "CLIENTE"
    PROFESIONAL = "PROFESIONAL"
    ADMIN = "ADMIN"
    PAGOS = "PAGOS"  # the payments service, through its events
    TEMPORIZADOR = "TEMPORIZADOR"


class Accion(StrEnum):
    ABRIR_PAGO = "abrir pago"
    REGISTRAR_PAGO = "registrar pago"
    MARCAR_TERMINADO = "marcar terminado"
    LIBERAR = "liberar fondos"
    REEMBOLSAR = "reembolsar"
    REGISTRAR_REEMBOLSO = "registrar reembolso del proveedor"
    ABRIR_DISPUTA = "abrir disputa"
    CERRAR = "cerrar sin movimiento de dinero"
    REGISTRAR_LIBERACION = "registrar liberación (WorkCompleted)"
    REGISTRAR_REINTEGRO = "registrar reintegro (JobCancelled)"
    AVISAR_AL_EQUIPO = "avisar al equipo (MoneyMovementRefused)"
    CERRAR_A_MANO = "cerrar a mano"


@dataclass(frozen=True)
class Hechos:
    """What guards may look at besides the entity itself."""

    ahora: datetime
    payout_account: str | None = None
    monto_pagado_coincide: bool = True
    # Whether the payments service still holds the trabajo's money in escrow (asked before closing by hand).
    dinero_en_pagos: bool = True


@dataclass(frozen=True)
class Guarda:
    descripcion: str
    prueba: Callable[[object, Hechos], bool]
    rechazo: str


@dataclass(frozen=True)
class Temporizador:
    """The transition fires by itself once ``plazo`` (a ChatSettings field, in hours) has passed since the
    entity's ``desde_campo`` timestamp."""

    plazo: str
    desde_campo: str


@dataclass(frozen=True)
class Transicion:
    nombre: str
    entidad: str  # "oferta" | "trabajo"
    desde: str | None
    hacia: str
    actores: frozenset[Actor]
    acciones: tuple[Accion, ...] = ()
    guardas: tuple[Guarda, ...] = ()
    temporizador: Temporizador | None = None
    descripcion: str = ""


def _attr(entity: object, name: str) -> object:
    return getattr(entity, name, None)


SIN_TERMINAR = Guarda(
    "el profesional no lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "El profesional ya marcó el trabajo como terminado; si hay un problema, abrí una disputa",
)
NO_TERMINADO_AUN = Guarda(
    "aún no marcado terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "El trabajo ya fue marcado como terminado",
)
SIN_TERMINAR_PROPIO = Guarda(
    "aún no lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "Ya marcaste el trabajo como terminado: no podés cancelarlo; si hay un problema, abrí una disputa",
)
TERMINADO = Guarda(
    "el profesional lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is not None,
    "El profesional todavía no marcó el trabajo como terminado",
)
CON_CUENTA_DE_COBRO = Guarda(
    "el profesional cargó su cuenta de cobro",
    lambda _, h: bool(h.payout_account),
    "El profesional todavía no cargó su cuenta de cobro (CBU/CVU o alias); no se pueden liberar los fondos",
)
MONTO_CORRECTO = Guarda(
    "el pago verificado coincide con el precio",
    lambda _, h: h.monto_pagado_coincide,
    "El pago no coincide con el precio del trabajo",
)


SIN_DINERO = Guarda(
    "el servicio de pagos no retiene dinero del trabajo",
    lambda _, h: not h.dinero_en_pagos,
    "El servicio de pagos todavía tiene el dinero del trabajo en garantía: reintentá el movimiento o elegí "
    "el otro (liberar o reembolsar); cerrar a mano es solo para dinero que ya no está en la plataforma",
)


def _vigente(oferta: object, hechos: Hechos) -> bool:
    vence = _attr(oferta, "fecha_expiracion")
    return isinstance(vence, datetime) and hechos.ahora < vence


VIGENTE = Guarda("la oferta no venció", _vigente, "La oferta venció")

C, P, A = Actor.CLIENTE, Actor.PROFESIONAL, Actor.ADMIN
E = EstadoEscrow
O = EstadoOferta  # noqa: E741 - the table reads better with one letter

TRANSICIONES: tuple[Transicion, ...] = (
    # --- ofertas -----------------------------------------------------------------------------------------
    Transicion(
        "ofertar",
        "oferta",
        None,
        O.OFERTADO,
        frozenset({P}),
        descripcion="un profesional aprobado envía una oferta en el chat",
    ),
    Transicion(
        "aceptar_oferta",
        "oferta",
        O.OFERTADO,
        O.ACEPTADO,
        frozenset({C}),
        guardas=(VIGENTE,),
        descripcion="el cliente acepta: se crea el trabajo",
    ),
    Transicion("rechazar_oferta", "oferta", O.OFERTADO, O.RECHAZADO, frozenset({C})),
    Transicion(
        "retirar_oferta",
        "oferta",
        O.OFERTADO,
        O.CANCELADO,
        frozenset({P}),
        descripcion="el profesional retira su oferta",
    ),
    Transicion(
        "vencer_oferta",
        "oferta",
        O.OFERTADO,
        O.EXPIRADO,
        frozenset({Actor.TEMPORIZADOR}),
        temporizador=Temporizador("offer_ttl_hours", "fecha_creacion"),
    ),
    Transicion("pagar_oferta", "oferta", O.ACEPTADO, O.PAGADO, frozenset({Actor.PAGOS})),
    # --- trabajos ----------------------------------------------------------------------------------------
    Transicion(
        "crear",
        "trabajo",
        None,
        E.PENDIENTE_PAGO,
        frozenset({C}),
        acciones=(Accion.ABRIR_PAGO,),
        descripcion="oferta aceptada o contratación de un servicio instantáneo",
    ),
    Transicion(
        "confirmar_pago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.PAGADO_EN_ESCROW,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_PAGO,),
        guardas=(MONTO_CORRECTO,),
        descripcion="pago aprobado y verificado con el proveedor",
    ),
    Transicion(
        "cancelar_impago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({C, A}),
        acciones=(Accion.CERRAR,),
    ),
    Transicion(
        "vencer_impago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({Actor.TEMPORIZADOR}),
        acciones=(Accion.CERRAR,),
        temporizador=Temporizador("unpaid_ttl_hours", "fecha_creacion"),
    ),
    Transicion(
        "marcar_terminado",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.PAGADO_EN_ESCROW,
        frozenset({P}),
        acciones=(Accion.MARCAR_TERMINADO,),
        guardas=(NO_TERMINADO_AUN,),
        descripcion="el profesional avisa que terminó (fecha_completado)",
    ),
    Transicion(
        "finalizar",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.LIBERANDO,
        frozenset({C}),
        acciones=(Accion.LIBERAR,),
        guardas=(CON_CUENTA_DE_COBRO,),
        descripcion="el cliente confirma el trabajo; se pide la liberación al servicio de pagos",
    ),
    Transicion(
        "liberar_automaticamente",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.LIBERANDO,
        frozenset({Actor.TEMPORIZADOR}),
        acciones=(Accion.LIBERAR,),
        guardas=(TERMINADO, CON_CUENTA_DE_COBRO),
        temporizador=Temporizador("auto_release_hours", "fecha_completado"),
        descripcion="sin disputa tras el plazo desde que el profesional lo marcó terminado",
    ),
    Transicion(
        "cancelar_con_reembolso",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({C}),
        acciones=(Accion.REEMBOLSAR,),
        guardas=(SIN_TERMINAR,),
        descripcion="el cliente cancela antes de que el profesional lo marque terminado",
    ),
    Transicion(
        "cancelar_por_admin",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({A}),
        acciones=(Accion.REEMBOLSAR,),
    ),
    Transicion(
        "cancelar_impago_por_profesional",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({P}),
        acciones=(Accion.CERRAR,),
        descripcion="el profesional cancela antes del pago, con un motivo",
    ),
    Transicion(
        "cancelar_por_profesional",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({P}),
        acciones=(Accion.REEMBOLSAR,),
        guardas=(SIN_TERMINAR_PROPIO,),
        descripcion="el profesional cancela antes de marcarlo terminado: reintegro total al cliente",
    ),
    Transicion(
        "abrir_disputa",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.EN_DISPUTA,
        frozenset({C, P}),
        acciones=(Accion.ABRIR_DISPUTA,),
    ),
    Transicion(
        "escalar_sin_terminar",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.EN_DISPUTA,
        frozenset({Actor.TEMPORIZADOR}),
        acciones=(Accion.ABRIR_DISPUTA,),
        guardas=(SIN_TERMINAR,),
        temporizador=Temporizador("unfinished_escalation_hours", "fecha_pago"),
        descripcion="el dinero no queda retenido sin fin: pasa a revisión de un administrador",
    ),
    Transicion("retirar_disputa", "trabajo", E.EN_DISPUTA, E.PAGADO_EN_ESCROW, frozenset({C, P})),
    Transicion(
        "resolver_a_favor_profesional",
        "trabajo",
        E.EN_DISPUTA,
        E.LIBERANDO,
        frozenset({A}),
        acciones=(Accion.LIBERAR,),
        guardas=(CON_CUENTA_DE_COBRO,),
    ),
    Transicion(
        "resolver_a_favor_cliente",
        "trabajo",
        E.EN_DISPUTA,
        E.REEMBOLSANDO,
        frozenset({A}),
        acciones=(Accion.REEMBOLSAR,),
    ),
    Transicion(
        "vencer_disputa",
        "trabajo",
        E.EN_DISPUTA,
        E.REEMBOLSANDO,
        frozenset({Actor.TEMPORIZADOR}),
        acciones=(Accion.REEMBOLSAR,),
        temporizador=Temporizador("dispute_ttl_hours", "fecha_actualizacion"),
        descripcion="disputa sin resolver: se devuelve el dinero a quien pagó",
    ),
    Transicion(
        "reembolso_del_proveedor",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REEMBOLSO,),
        descripcion="devolución o contracargo informado por el proveedor",
    ),
    Transicion(
        "reembolso_del_proveedor_en_disputa",
        "trabajo",
        E.EN_DISPUTA,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REEMBOLSO,),
    ),
    Transicion(
        "reembolsar_pago_tardio",
        "trabajo",
        E.CANCELADO,
        E.REEMBOLSANDO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REEMBOLSAR,),
        descripcion="llega el pago de un trabajo ya cancelado: se devuelve",
    ),
    # --- the money in flight: what the payments service answered ---------------------------------------
    Transicion(
        "liberacion_aceptada",
        "trabajo",
        E.LIBERANDO,
        E.LIBERADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_LIBERACION,),
        descripcion="el servicio de pagos aceptó la liberación: el dinero pasó al profesional",
    ),
    Transicion(
        "liberacion_rechazada",
        "trabajo",
        E.LIBERANDO,
        E.LIBERACION_RECHAZADA,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.AVISAR_AL_EQUIPO,),
        descripcion="el servicio de pagos la rechazó (4xx), o no respondió tras todos los intentos",
    ),
    Transicion(
        "reembolso_aceptado",
        "trabajo",
        E.REEMBOLSANDO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REINTEGRO,),
        descripcion="el servicio de pagos confirmó el reintegro (su respuesta, o RefundIssued)",
    ),
    Transicion(
        "reembolso_rechazado",
        "trabajo",
        E.REEMBOLSANDO,
        E.REEMBOLSO_RECHAZADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.AVISAR_AL_EQUIPO,),
        descripcion="el servicio de pagos lo rechazó (4xx), o no lo confirmó tras todos los intentos",
    ),
    Transicion(
        "reembolso_del_proveedor_liberando",
        "trabajo",
        E.LIBERANDO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REEMBOLSO,),
        descripcion="devolución o contracargo informado por el proveedor mientras se liberaba",
    ),
    Transicion(
        "reembolso_del_proveedor_tras_rechazo",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REEMBOLSO,),
    ),
    Transicion(
        "reembolso_confirmado_tras_rechazo",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        acciones=(Accion.REGISTRAR_REINTEGRO,),
        descripcion="el reintegro que no se había confirmado llegó después (conciliación del proveedor)",
    ),
    # --- what staff decide about a refused movement (/admin/trabajos/dinero-observado) ---------------------
    Transicion(
        "reintentar_liberacion",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.LIBERANDO,
        frozenset({A}),
        acciones=(Accion.LIBERAR,),
        guardas=(CON_CUENTA_DE_COBRO,),
        descripcion="corregida la causa, se vuelve a pedir la liberación",
    ),
    Transicion(
        "reembolsar_en_lugar_de_liberar",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.REEMBOLSANDO,
        frozenset({A}),
        acciones=(Accion.REEMBOLSAR,),
        descripcion="se devuelve el dinero al cliente en vez de liberarlo",
    ),
    Transicion(
        "cerrar_liberacion_a_mano",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.CERRADO_POR_ADMIN,
        frozenset({A}),
        acciones=(Accion.CERRAR_A_MANO,),
        guardas=(SIN_DINERO,),
        descripcion="el equipo lo resolvió fuera de la plataforma y deja constancia",
    ),
    Transicion(
        "reintentar_reembolso",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.REEMBOLSANDO,
        frozenset({A}),
        acciones=(Accion.REEMBOLSAR,),
        descripcion="corregida la causa, se vuelve a pedir el reintegro",
    ),
    Transicion(
        "liberar_en_lugar_de_reembolsar",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.LIBERANDO,
        frozenset({A}),
        acciones=(Accion.LIBERAR,),
        guardas=(CON_CUENTA_DE_COBRO,),
        descripcion="se libera el dinero al profesional en vez de devolverlo",
    ),
    Transicion(
        "cerrar_reembolso_a_mano",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.CERRADO_POR_ADMIN,
        frozenset({A}),
        acciones=(Accion.CERRAR_A_MANO,),
        guardas=(SIN_DINERO,),
        descripcion="el equipo lo resolvió fuera de la plataforma y deja constancia",
    ),
)

_BY_NAME = {t.nombre: t for t in TRANSICIONES}
# States where the money waits in escrow for something to happen: each has a timed exit.
HOLDS_MONEY = frozenset({E.PAGADO_EN_ESCROW, E.EN_DISPUTA})
# The money is being moved: the ``chat.money`` queue's bounded attempts end in the accepted or the refused
# state, so these cannot last (a refusal is the timed exit).
IN_FLIGHT = frozenset({E.LIBERANDO, E.REEMBOLSANDO})
# Payments refused the movement: the money stays where the ledger says until staff decide; never moved by a
# timer (that is what was refused). `conectar_chat_money_awaiting_staff` counts them and an alert fires.
AWAITING_STAFF = frozenset({E.LIBERACION_RECHAZADA, E.REEMBOLSO_RECHAZADO})


def transicion(nombre: str) -> Transicion:
    return _BY_NAME[nombre]


def check(nombre: str, entity: object, actor: Actor, hechos: Hechos) -> Transicion:
    """The transition ``nombre`` if ``actor`` may apply it to ``entity`` now; otherwise the refusal."""
    t = _BY_NAME[nombre]
    if actor not in t.actores:
        raise Forbidden("No podés realizar esta acción")
    estado = _attr(entity, "estado_escrow" if t.entidad == "trabajo" else "estado")
    if t.desde is not None and estado != t.desde:
        raise BusinessRuleError(f"No se puede {_verbo(t)}: el estado es {estado} y debe ser {t.desde}")
    for guarda in t.guardas:
        if not guarda.prueba(entity, hechos):
            raise BusinessRuleError(guarda.rechazo)
    return t


def _verbo(t: Transicion) -> str:
    return t.nombre.replace("_", " ")


def mermaid(entidad: str) -> str:
    """A Mermaid state diagram of one entity's transitions, generated from the table."""
    lines = ["stateDiagram-v2"]
    for t in TRANSICIONES:
        if t.entidad != entidad:
            continue
        source = "[*]" if t.desde is None else t.desde
        who = " / ".join(sorted(a.value for a in t.actores))
        if t.temporizador is not None:
            who = f"{who} ({t.temporizador.plazo})"
        actions = f" → {', '.join(a.value for a in t.acciones)}" if t.acciones else ""
        lines.append(f"    {source} --> {t.hacia}: {t.nombre} [{who}]{actions}")
    return "\n".join(lines)


def table_markdown(entidad: str) -> str:
    rows = ["| transición | desde | hacia | quién | condiciones | acciones |", "|---|---|---|---|---|---|"]
    for t in TRANSICIONES:
        if t.entidad != entidad:
            continue
        who = ", ".join(sorted(a.value for a in t.actores))
        if t.temporizador is not None:
            who += f" (plazo `{t.temporizador.plazo}` desde `{t.temporizador.desde_campo}`)"
        guards = "; ".join(g.descripcion for g in t.guardas) or "—"
        actions = ", ".join(a.value for a in t.acciones) or "—"
        rows.append(f"| {t.nombre} | {t.desde or '—'} | {t.hacia} | {who} | {guards} | {actions} |")
    return "\n".join(rows)


def document() -> str:
    parts = [
        "# Ofertas y trabajos: máquinas de estado",
        "",
        "Generado desde `conectar.chat.statemachine.TRANSICIONES` con `conectar dev state-diagram`; "
        "no lo edites a mano.",
        "",
    ]
    for entidad, titulo in (("oferta", "Ofertas"), ("trabajo", "Trabajos (estado_escrow)")):
        parts += [f"## {titulo}", "", "```mermaid", mermaid(entidad), "```", "", table_markdown(entidad), ""]
    parts += [
        "## El dinero nunca miente",
        "",
        "- Con dinero en garantía y un plazo que lo mueve solo: " + ", ".join(sorted(HOLDS_MONEY)) + ".",
        "- Movimiento en curso (se le pidió al servicio de pagos, con la cola `chat.money` y sus intentos "
        "acotados): "
        + ", ".join(sorted(IN_FLIGHT))
        + ". LIBERADO y CANCELADO_REEMBOLSADO llegan solo cuando pagos lo aceptó; recién ahí salen "
        "WorkCompleted (experiencia, aviso de fondos liberados, reseña habilitada) y JobCancelled con "
        "reintegro.",
        "- Rechazado por pagos, esperando al equipo (nunca lo mueve un plazo; lo cuenta "
        "`conectar_chat_money_awaiting_staff` y avisa MoneyMovementRefused): "
        + ", ".join(sorted(AWAITING_STAFF))
        + ".",
        "",
    ]
    return "\n".join(parts)
