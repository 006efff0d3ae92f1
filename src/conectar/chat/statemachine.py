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


class Action(StrEnum):
    ABRIR_PAGO = "abrir pago"
    REGISTRAR_PAGO = "registrar pago"
    MARCAR_TERMINADO = "marcar terminado"
    LIBERAR = "liberar fondos"
    REEMBOLSAR = "reembolsar"
    REGISTRAR_REEMBOLSO = "registrar reembolso del proveedor"
    ABRIR_DISPUTA = "abrir disputa"
    CERRAR_DISPUTA = "cerrar la disputa a favor del cliente"
    CERRAR = "cerrar sin movimiento de dinero"
    REGISTRAR_LIBERACION = "registrar liberación (WorkCompleted)"
    REGISTRAR_REINTEGRO = "registrar reintegro (JobCancelled)"
    AVISAR_AL_EQUIPO = "avisar al equipo (MoneyMovementRefused)"
    CERRAR_A_MANO = "cerrar a mano"


@dataclass(frozen=True)
class Facts:
    """What guards may look at besides the entity itself."""

    now: datetime
    payout_account: str | None = None
    monto_pagado_coincide: bool = True
    # Whether the payments service still holds the trabajo's money in escrow (asked before closing by hand).
    dinero_en_pagos: bool = True


@dataclass(frozen=True)
class Guard:
    description: str
    test: Callable[[object, Facts], bool]
    refusal: str


@dataclass(frozen=True)
class Timer:
    """The transition fires by itself once ``period_setting`` (a ChatSettings field, in hours) has passed
    since the entity's ``since_field`` timestamp."""

    period_setting: str
    since_field: str


@dataclass(frozen=True)
class Transition:
    name: str
    entity: str  # "oferta" | "trabajo"
    source: str | None
    target: str
    actors: frozenset[Actor]
    actions: tuple[Action, ...] = ()
    guards: tuple[Guard, ...] = ()
    timer: Timer | None = None
    description: str = ""


def _attr(entity: object, name: str) -> object:
    return getattr(entity, name, None)


SIN_TERMINAR = Guard(
    "el profesional no lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "El profesional ya marcó el trabajo como terminado; si hay un problema, abrí una disputa",
)
NO_TERMINADO_AUN = Guard(
    "aún no marcado terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "El trabajo ya fue marcado como terminado",
)
SIN_TERMINAR_PROPIO = Guard(
    "aún no lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is None,
    "Ya marcaste el trabajo como terminado: no podés cancelarlo; si hay un problema, abrí una disputa",
)
TERMINADO = Guard(
    "el profesional lo marcó terminado",
    lambda t, _: _attr(t, "fecha_completado") is not None,
    "El profesional todavía no marcó el trabajo como terminado",
)
CON_CUENTA_DE_COBRO = Guard(
    "el profesional cargó su cuenta de cobro",
    lambda _, f: bool(f.payout_account),
    "El profesional todavía no cargó su cuenta de cobro (CBU/CVU o alias); no se pueden liberar los fondos",
)
MONTO_CORRECTO = Guard(
    "el pago verificado coincide con el precio",
    lambda _, f: f.monto_pagado_coincide,
    "El pago no coincide con el precio del trabajo",
)


SIN_DINERO = Guard(
    "el servicio de pagos no retiene dinero del trabajo",
    lambda _, f: not f.dinero_en_pagos,
    "El servicio de pagos todavía tiene el dinero del trabajo en garantía: reintentá el movimiento o elegí "
    "el otro (liberar o reembolsar); cerrar a mano es solo para dinero que ya no está en la plataforma",
)


def _vigente(oferta: object, facts: Facts) -> bool:
    vence = _attr(oferta, "fecha_expiracion")
    return isinstance(vence, datetime) and facts.now < vence


VIGENTE = Guard("la oferta no venció", _vigente, "La oferta venció")

C, P, A = Actor.CLIENTE, Actor.PROFESIONAL, Actor.ADMIN
E = EstadoEscrow
O = EstadoOferta  # noqa: E741 - the table reads better with one letter

TRANSITIONS: tuple[Transition, ...] = (
    # --- ofertas -----------------------------------------------------------------------------------------
    Transition(
        "ofertar",
        "oferta",
        None,
        O.OFERTADO,
        frozenset({P}),
        description="un profesional aprobado envía una oferta en el chat",
    ),
    Transition(
        "aceptar_oferta",
        "oferta",
        O.OFERTADO,
        O.ACEPTADO,
        frozenset({C}),
        guards=(VIGENTE,),
        description="el cliente acepta: se crea el trabajo",
    ),
    Transition("rechazar_oferta", "oferta", O.OFERTADO, O.RECHAZADO, frozenset({C})),
    Transition(
        "retirar_oferta",
        "oferta",
        O.OFERTADO,
        O.CANCELADO,
        frozenset({P}),
        description="el profesional retira su oferta",
    ),
    Transition(
        "vencer_oferta",
        "oferta",
        O.OFERTADO,
        O.EXPIRADO,
        frozenset({Actor.TEMPORIZADOR}),
        timer=Timer("offer_ttl_hours", "fecha_creacion"),
    ),
    Transition("pagar_oferta", "oferta", O.ACEPTADO, O.PAGADO, frozenset({Actor.PAGOS})),
    # --- trabajos ----------------------------------------------------------------------------------------
    Transition(
        "crear",
        "trabajo",
        None,
        E.PENDIENTE_PAGO,
        frozenset({C}),
        actions=(Action.ABRIR_PAGO,),
        description="oferta aceptada o contratación de un servicio instantáneo",
    ),
    Transition(
        "confirmar_pago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.PAGADO_EN_ESCROW,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_PAGO,),
        guards=(MONTO_CORRECTO,),
        description="pago aprobado y verificado con el proveedor",
    ),
    Transition(
        "cancelar_impago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({C, A}),
        actions=(Action.CERRAR,),
    ),
    Transition(
        "vencer_impago",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({Actor.TEMPORIZADOR}),
        actions=(Action.CERRAR,),
        timer=Timer("unpaid_ttl_hours", "fecha_creacion"),
    ),
    Transition(
        "marcar_terminado",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.PAGADO_EN_ESCROW,
        frozenset({P}),
        actions=(Action.MARCAR_TERMINADO,),
        guards=(NO_TERMINADO_AUN,),
        description="el profesional avisa que terminó (fecha_completado)",
    ),
    Transition(
        "finalizar",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.LIBERANDO,
        frozenset({C}),
        actions=(Action.LIBERAR,),
        guards=(CON_CUENTA_DE_COBRO,),
        description="el cliente confirma el trabajo; se pide la liberación al servicio de pagos",
    ),
    Transition(
        "liberar_automaticamente",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.LIBERANDO,
        frozenset({Actor.TEMPORIZADOR}),
        actions=(Action.LIBERAR,),
        guards=(TERMINADO, CON_CUENTA_DE_COBRO),
        timer=Timer("auto_release_hours", "fecha_completado"),
        description="sin disputa tras el plazo desde que el profesional lo marcó terminado",
    ),
    Transition(
        "cancelar_con_reembolso",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({C}),
        actions=(Action.REEMBOLSAR,),
        guards=(SIN_TERMINAR,),
        description="el cliente cancela antes de que el profesional lo marque terminado",
    ),
    Transition(
        "cancelar_por_admin",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({A}),
        actions=(Action.REEMBOLSAR,),
    ),
    Transition(
        "cancelar_impago_por_profesional",
        "trabajo",
        E.PENDIENTE_PAGO,
        E.CANCELADO,
        frozenset({P}),
        actions=(Action.CERRAR,),
        description="el profesional cancela antes del pago, con un motivo",
    ),
    Transition(
        "cancelar_por_profesional",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.REEMBOLSANDO,
        frozenset({P}),
        actions=(Action.REEMBOLSAR,),
        guards=(SIN_TERMINAR_PROPIO,),
        description="el profesional cancela antes de marcarlo terminado: reintegro total al cliente",
    ),
    Transition(
        "abrir_disputa",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.EN_DISPUTA,
        frozenset({C, P}),
        actions=(Action.ABRIR_DISPUTA,),
    ),
    Transition(
        "escalar_sin_terminar",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.EN_DISPUTA,
        frozenset({Actor.TEMPORIZADOR}),
        actions=(Action.ABRIR_DISPUTA,),
        guards=(SIN_TERMINAR,),
        timer=Timer("unfinished_escalation_hours", "fecha_pago"),
        description="el dinero no queda retenido sin fin: pasa a revisión de un administrador",
    ),
    Transition("retirar_disputa", "trabajo", E.EN_DISPUTA, E.PAGADO_EN_ESCROW, frozenset({C, P})),
    Transition(
        "resolver_a_favor_profesional",
        "trabajo",
        E.EN_DISPUTA,
        E.LIBERANDO,
        frozenset({A}),
        actions=(Action.LIBERAR,),
        guards=(CON_CUENTA_DE_COBRO,),
    ),
    Transition(
        "resolver_a_favor_cliente",
        "trabajo",
        E.EN_DISPUTA,
        E.REEMBOLSANDO,
        frozenset({A}),
        actions=(Action.REEMBOLSAR,),
    ),
    Transition(
        "vencer_disputa",
        "trabajo",
        E.EN_DISPUTA,
        E.REEMBOLSANDO,
        frozenset({Actor.TEMPORIZADOR}),
        actions=(Action.CERRAR_DISPUTA, Action.REEMBOLSAR),
        timer=Timer("dispute_ttl_hours", "fecha_actualizacion"),
        description="disputa sin resolver: se devuelve el dinero a quien pagó",
    ),
    Transition(
        "reembolso_del_proveedor",
        "trabajo",
        E.PAGADO_EN_ESCROW,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_REEMBOLSO,),
        description="devolución o contracargo informado por el proveedor",
    ),
    Transition(
        "reembolso_del_proveedor_en_disputa",
        "trabajo",
        E.EN_DISPUTA,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.CERRAR_DISPUTA, Action.REGISTRAR_REEMBOLSO),
    ),
    Transition(
        "reembolsar_pago_tardio",
        "trabajo",
        E.CANCELADO,
        E.REEMBOLSANDO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REEMBOLSAR,),
        description="llega el pago de un trabajo ya cancelado: se devuelve",
    ),
    # --- the money in flight: what the payments service answered ---------------------------------------
    Transition(
        "liberacion_aceptada",
        "trabajo",
        E.LIBERANDO,
        E.LIBERADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_LIBERACION,),
        description="el servicio de pagos aceptó la liberación: el dinero pasó al profesional",
    ),
    Transition(
        "liberacion_rechazada",
        "trabajo",
        E.LIBERANDO,
        E.LIBERACION_RECHAZADA,
        frozenset({Actor.PAGOS}),
        actions=(Action.AVISAR_AL_EQUIPO,),
        description="el servicio de pagos la rechazó (4xx), o no respondió tras todos los intentos",
    ),
    Transition(
        "reembolso_aceptado",
        "trabajo",
        E.REEMBOLSANDO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_REINTEGRO,),
        description="el servicio de pagos confirmó el reintegro (su respuesta, o RefundIssued)",
    ),
    Transition(
        "reembolso_rechazado",
        "trabajo",
        E.REEMBOLSANDO,
        E.REEMBOLSO_RECHAZADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.AVISAR_AL_EQUIPO,),
        description="el servicio de pagos lo rechazó (4xx), o no lo confirmó tras todos los intentos",
    ),
    Transition(
        "reembolso_del_proveedor_liberando",
        "trabajo",
        E.LIBERANDO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_REEMBOLSO,),
        description="devolución o contracargo informado por el proveedor mientras se liberaba",
    ),
    Transition(
        "reembolso_del_proveedor_tras_rechazo",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_REEMBOLSO,),
    ),
    Transition(
        "reembolso_confirmado_tras_rechazo",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.CANCELADO_REEMBOLSADO,
        frozenset({Actor.PAGOS}),
        actions=(Action.REGISTRAR_REINTEGRO,),
        description="el reintegro que no se había confirmado llegó después (conciliación del proveedor)",
    ),
    # --- what staff decide about a refused movement (/admin/trabajos/dinero-observado) ---------------------
    Transition(
        "reintentar_liberacion",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.LIBERANDO,
        frozenset({A}),
        actions=(Action.LIBERAR,),
        guards=(CON_CUENTA_DE_COBRO,),
        description="corregida la causa, se vuelve a pedir la liberación",
    ),
    Transition(
        "reembolsar_en_lugar_de_liberar",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.REEMBOLSANDO,
        frozenset({A}),
        actions=(Action.REEMBOLSAR,),
        description="se devuelve el dinero al cliente en vez de liberarlo",
    ),
    Transition(
        "cerrar_liberacion_a_mano",
        "trabajo",
        E.LIBERACION_RECHAZADA,
        E.CERRADO_POR_ADMIN,
        frozenset({A}),
        actions=(Action.CERRAR_A_MANO,),
        guards=(SIN_DINERO,),
        description="el equipo lo resolvió fuera de la plataforma y deja constancia",
    ),
    Transition(
        "reintentar_reembolso",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.REEMBOLSANDO,
        frozenset({A}),
        actions=(Action.REEMBOLSAR,),
        description="corregida la causa, se vuelve a pedir el reintegro",
    ),
    Transition(
        "liberar_en_lugar_de_reembolsar",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.LIBERANDO,
        frozenset({A}),
        actions=(Action.LIBERAR,),
        guards=(CON_CUENTA_DE_COBRO,),
        description="se libera el dinero al profesional en vez de devolverlo",
    ),
    Transition(
        "cerrar_reembolso_a_mano",
        "trabajo",
        E.REEMBOLSO_RECHAZADO,
        E.CERRADO_POR_ADMIN,
        frozenset({A}),
        actions=(Action.CERRAR_A_MANO,),
        guards=(SIN_DINERO,),
        description="el equipo lo resolvió fuera de la plataforma y deja constancia",
    ),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}
# States where the money waits in escrow for something to happen: each has a timed exit.
HOLDS_MONEY = frozenset({E.PAGADO_EN_ESCROW, E.EN_DISPUTA})
# The money is being moved: the ``chat.money`` queue's bounded attempts end in the accepted or the refused
# state, so these cannot last (a refusal is the timed exit).
IN_FLIGHT = frozenset({E.LIBERANDO, E.REEMBOLSANDO})
# Payments refused the movement: the money stays where the ledger says until staff decide; never moved by a
# timer (that is what was refused). `conectar_chat_money_awaiting_staff` counts them and an alert fires.
AWAITING_STAFF = frozenset({E.LIBERACION_RECHAZADA, E.REEMBOLSO_RECHAZADO})


def transition(name: str) -> Transition:
    return _BY_NAME[name]


def check(name: str, entity: object, actor: Actor, facts: Facts) -> Transition:
    """The transition ``name`` if ``actor`` may apply it to ``entity`` now; otherwise the refusal."""
    t = _BY_NAME[name]
    if actor not in t.actors:
        raise Forbidden("No podés realizar esta acción")
    estado = _attr(entity, "estado_escrow" if t.entity == "trabajo" else "estado")
    if t.source is not None and estado != t.source:
        raise BusinessRuleError(f"No se puede {_verb(t)}: el estado es {estado} y debe ser {t.source}")
    for guard in t.guards:
        if not guard.test(entity, facts):
            raise BusinessRuleError(guard.refusal)
    return t


def _verb(t: Transition) -> str:
    return t.name.replace("_", " ")


def mermaid(entity: str) -> str:
    """A Mermaid state diagram of one entity's transitions, generated from the table."""
    lines = ["stateDiagram-v2"]
    for t in TRANSITIONS:
        if t.entity != entity:
            continue
        source = "[*]" if t.source is None else t.source
        who = " / ".join(sorted(a.value for a in t.actors))
        if t.timer is not None:
            who = f"{who} ({t.timer.period_setting})"
        actions = f" → {', '.join(a.value for a in t.actions)}" if t.actions else ""
        lines.append(f"    {source} --> {t.target}: {t.name} [{who}]{actions}")
    return "\n".join(lines)


def table_markdown(entity: str) -> str:
    rows = ["| transición | desde | hacia | quién | condiciones | acciones |", "|---|---|---|---|---|---|"]
    for t in TRANSITIONS:
        if t.entity != entity:
            continue
        who = ", ".join(sorted(a.value for a in t.actors))
        if t.timer is not None:
            who += f" (plazo `{t.timer.period_setting}` desde `{t.timer.since_field}`)"
        guards = "; ".join(g.description for g in t.guards) or "—"
        actions = ", ".join(a.value for a in t.actions) or "—"
        rows.append(f"| {t.name} | {t.source or '—'} | {t.target} | {who} | {guards} | {actions} |")
    return "\n".join(rows)


def document() -> str:
    parts = [
        "# Ofertas y trabajos: máquinas de estado",
        "",
        "Generado desde `conectar.chat.statemachine.TRANSITIONS` con `conectar dev state-diagram`; "
        "no lo edites a mano.",
        "",
    ]
    for entity, title in (("oferta", "Ofertas"), ("trabajo", "Trabajos (estado_escrow)")):
        parts += [f"## {title}", "", "```mermaid", mermaid(entity), "```", "", table_markdown(entity), ""]
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
