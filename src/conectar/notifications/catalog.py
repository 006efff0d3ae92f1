"""What the service can tell people: each notification type, its channels and its short texts.

Short texts (in-app title and message, push, e-mail subject) are Jinja2 strings rendered here; the
e-mail bodies are the templates under ``templates/email/<tipo>.{html,txt}.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Canal(StrEnum):
    EMAIL = "email"
    PUSH = "push"
    IN_APP = "in_app"


ALL_CHANNELS: frozenset[Canal] = frozenset(Canal)
# Channels a worker delivers; in-app is stored (and pushed live) when the event is handled.
OUTBOUND_CHANNELS: tuple[Canal, ...] = (Canal.EMAIL, Canal.PUSH)


class Tipo(StrEnum):
    BIENVENIDA = "bienvenida"
    RESTABLECER_PASSWORD = "restablecer_password"
    KYC_APROBADO = "kyc_aprobado"
    KYC_RECHAZADO = "kyc_rechazado"
    NUEVO_MENSAJE = "nuevo_mensaje"
    OFERTA_RECIBIDA = "oferta_recibida"
    OFERTA_ACEPTADA = "oferta_aceptada"
    OFERTA_RECHAZADA = "oferta_rechazada"
    PAGO_APROBADO = "pago_aprobado"
    TRABAJO_COMPLETADO = "trabajo_completado"
    FONDOS_LIBERADOS = "fondos_liberados"
    TRABAJO_CANCELADO = "trabajo_cancelado"
    REEMBOLSO = "reembolso"
    RESENA_RECIBIDA = "resena_recibida"
    SUBIDA_NIVEL = "subida_nivel"
    DISPUTA_ABIERTA = "disputa_abierta"
    DISPUTA_RESUELTA = "disputa_resuelta"
    # For staff: the payments service refused a release or refund (MoneyMovementRefused).
    DINERO_OBSERVADO = "dinero_observado"
    # Both parties, 24 h and 2 h before a trabajo's visit (VisitReminderDue, SPEC §11).
    VISITA_RECORDATORIO = "visita_recordatorio"
    # The other party of a trabajo proposed a new visit window (VisitChangeProposed, SPEC §11), and the
    # answer to one's own proposal (VisitChangeAnswered).
    VISITA_CAMBIO_PROPUESTO = "visita_cambio_propuesto"
    VISITA_CAMBIO_RESPONDIDO = "visita_cambio_respondido"
    # Matching professionals, when a client of their zone asks for quotes (PedidoCreated, SPEC §10);
    # several within an hour fold into one (``dispatch.notify_pedido``).
    PEDIDO_NUEVO = "pedido_nuevo"


@dataclass(frozen=True)
class Kind:
    tipo: Tipo
    descripcion: str
    titulo: str
    mensaje: str
    asunto: str
    channels: frozenset[Canal] = ALL_CHANNELS
    # Transactional messages are sent whatever the preferences say, and are not in the matrix.
    transactional: bool = False
    # Bursts of this type are folded into one message per channel (see the delivery settings).
    coalesce: bool = False
    # Values that must not outlive the message (single-use links): dropped from the delivery once it is
    # sent (or dead), and never stored on the notification itself.
    sensitive: tuple[str, ...] = ()


KINDS: dict[Tipo, Kind] = {
    kind.tipo: kind
    for kind in (
        Kind(
            Tipo.BIENVENIDA,
            "Bienvenida al crear tu cuenta",
            "¡Bienvenido/a a ConectarProfesionales!",
            "{% if es_profesional %}Completá tu perfil y subí tu documentación para empezar a recibir "
            "trabajos.{% else %}Encontrá profesionales verificados cerca tuyo.{% endif %}",
            "¡Bienvenido/a a ConectarProfesionales, {{ nombre }}!",
        ),
        Kind(
            Tipo.RESTABLECER_PASSWORD,
            "Enlace para restablecer tu contraseña",
            "Restablecé tu contraseña",
            "Usá el enlace que te enviamos por e-mail para elegir una contraseña nueva.",
            "Restablecé tu contraseña de ConectarProfesionales",
            channels=frozenset({Canal.EMAIL}),
            transactional=True,
            sensitive=("reset_url", "url"),
        ),
        Kind(
            Tipo.KYC_APROBADO,
            "Tu documentación fue aprobada",
            "¡Tu cuenta fue verificada!",
            "Aprobamos tu documentación: ya aparecés en las búsquedas y podés enviar ofertas.",
            "Tu cuenta profesional fue verificada",
        ),
        Kind(
            Tipo.KYC_RECHAZADO,
            "Tu documentación fue rechazada",
            "Revisá tu documentación",
            "No pudimos aprobar tu documentación: {{ motivo }}",
            "Necesitamos que revises tu documentación",
        ),
        Kind(
            Tipo.NUEVO_MENSAJE,
            "Mensajes nuevos mientras no estás en línea",
            "{% if contador > 1 %}{{ contador }} mensajes nuevos de {{ remitente }}"
            "{% else %}Mensaje nuevo de {{ remitente }}{% endif %}",
            "{{ preview }}",
            "Tenés mensajes nuevos en ConectarProfesionales",
            coalesce=True,
        ),
        Kind(
            Tipo.OFERTA_RECIBIDA,
            "Un profesional te envió una oferta",
            "Recibiste una oferta",
            "Te ofrecieron el trabajo por {{ precio_final | pesos }}: {{ descripcion }}",
            "Recibiste una oferta por {{ precio_final | pesos }}",
        ),
        Kind(
            Tipo.OFERTA_ACEPTADA,
            "Un cliente aceptó tu oferta",
            "¡Oferta aceptada!",
            "El cliente aceptó tu oferta por {{ precio_final | pesos }}. Te avisamos cuando se acredite "
            "el pago.",
            "¡Aceptaron tu oferta por {{ precio_final | pesos }}!",
        ),
        Kind(
            Tipo.OFERTA_RECHAZADA,
            "Un cliente rechazó tu oferta",
            "Oferta rechazada",
            "El cliente rechazó tu oferta. Podés seguir conversando y enviarle otra.",
            "El cliente rechazó tu oferta",
        ),
        Kind(
            Tipo.PAGO_APROBADO,
            "Se aprobó el pago de un trabajo",
            "Pago aprobado",
            "{% if para_profesional %}El cliente pagó {{ monto | pesos }}: el dinero queda protegido "
            "hasta que termine el trabajo. ¡Ya podés empezar!{% else %}Tu pago de {{ monto | pesos }} "
            "fue aprobado y queda protegido hasta que confirmes el trabajo.{% endif %}",
            "Pago aprobado por {{ monto | pesos }}",
        ),
        Kind(
            Tipo.TRABAJO_COMPLETADO,
            "El profesional terminó tu trabajo",
            "Trabajo terminado",
            "El profesional marcó el trabajo como terminado. Revisalo y confirmalo para liberar el pago.",
            "El profesional terminó tu trabajo: confirmalo",
        ),
        Kind(
            Tipo.FONDOS_LIBERADOS,
            "Se liberó el dinero de un trabajo",
            "¡Cobraste un trabajo!",
            "Liberamos {{ monto_liberado | pesos }} por tu trabajo "
            "(comisión {{ comision_plataforma | pesos }}).",
            "Liberamos {{ monto_liberado | pesos }} por tu trabajo",
        ),
        Kind(
            Tipo.TRABAJO_CANCELADO,
            "Se canceló un trabajo",
            "Trabajo cancelado",
            "Se canceló el trabajo{% if motivo %}: {{ motivo }}{% else %}.{% endif %}",
            "Se canceló un trabajo",
        ),
        Kind(
            Tipo.REEMBOLSO,
            "Te devolvimos el dinero de un trabajo",
            "Reembolso en camino",
            "{% if monto %}Te devolvemos {{ monto | pesos }}{% else %}Te devolvemos el dinero{% endif %} "
            "del trabajo cancelado. Puede tardar unos días en verse en tu medio de pago.",
            "Te devolvemos el dinero de tu trabajo",
        ),
        Kind(
            Tipo.RESENA_RECIBIDA,
            "Un cliente te dejó una reseña",
            "Nueva reseña: {{ rating }} ★",
            "{{ cliente_nombre }} te calificó con {{ rating }} de 5{% if texto %}: «{{ texto }}»{% endif %}",
            "{{ cliente_nombre }} te dejó una reseña de {{ rating }} estrellas",
        ),
        Kind(
            Tipo.SUBIDA_NIVEL,
            "Subiste de nivel",
            "¡Subiste a {{ nivel }}!",
            "Llegaste a {{ nivel }} con {{ puntos_experiencia | miles }} puntos: tu comisión baja al "
            "{{ tasa_porcentaje }}.",
            "¡Subiste a nivel {{ nivel }}!",
        ),
        Kind(
            Tipo.DISPUTA_ABIERTA,
            "Se abrió una disputa por un trabajo",
            "Se abrió una disputa",
            "Se abrió una disputa ({{ tipo_disputa }}) por un trabajo tuyo. El pago queda retenido hasta "
            "que la resolvamos.",
            "Se abrió una disputa por un trabajo",
        ),
        Kind(
            Tipo.DISPUTA_RESUELTA,
            "Se resolvió una disputa",
            "Disputa resuelta",
            "Resolvimos la disputa a favor {% if favorece_a == 'CLIENTE' %}del cliente{% else %}del "
            "profesional{% endif %}: {{ resolucion }}",
            "Resolvimos la disputa de tu trabajo",
        ),
        Kind(
            Tipo.VISITA_RECORDATORIO,
            "Recordatorio de una visita programada (24 h y 2 h antes)",
            "Visita {% if anticipacion_horas <= 2 %}en menos de 2 horas{% else %}en menos de 24 horas{% endif %}",
            "Tenés una visita {{ cuando }}{% if para_profesional %} para hacer un trabajo{% else %} del "
            "profesional que contrataste{% endif %}. Si no llegás, proponé otro horario desde el trabajo.",
            "Recordatorio: visita {{ cuando }}",
        ),
        Kind(
            Tipo.VISITA_CAMBIO_PROPUESTO,
            "Te proponen otro horario para una visita",
            "Te proponen cambiar la visita",
            "{{ quien }} propone cambiar la visita a {{ cuando }}{% if motivo %}: «{{ motivo }}»{% endif %}. "
            "Aceptalo o mantené el horario anterior desde el trabajo.",
            "Te proponen cambiar la visita a {{ cuando }}",
        ),
        Kind(
            Tipo.VISITA_CAMBIO_RESPONDIDO,
            "Respondieron el cambio de horario que propusiste",
            "{% if aceptada %}Nuevo horario confirmado{% else %}Se mantiene el horario anterior{% endif %}",
            "{% if aceptada %}{{ quien }} aceptó: la visita es {{ cuando }}.{% else %}{{ quien }} prefirió "
            "mantener el horario anterior de la visita.{% endif %}",
            "{% if aceptada %}Visita confirmada para {{ cuando }}{% else %}La visita sigue en su horario{% endif %}",
        ),
        Kind(
            Tipo.PEDIDO_NUEVO,
            "Un cliente de tu zona pide presupuesto para uno de tus oficios",
            "{% if contador > 1 %}{{ contador }} pedidos de presupuesto nuevos en tu zona"
            "{% else %}Pedido de presupuesto en {{ zona }}{% endif %}",
            "{% if contador > 1 %}El último: {% endif %}{{ titulo }} ({{ oficio }}, {{ zona }})"
            "{% if presupuesto_max %}, presupuesto hasta {{ presupuesto_max | pesos }}{% endif %}. "
            "Enviá tu oferta antes que los demás.",
            "Un cliente de {{ zona }} pide presupuesto: {{ titulo }}",
        ),
        Kind(
            Tipo.DINERO_OBSERVADO,
            "El servicio de pagos rechazó una liberación o un reintegro (equipo)",
            "Dinero observado: {% if movimiento == 'liberacion' %}no se pudo liberar{% else %}no se pudo "
            "reintegrar{% endif %} un pago",
            "El servicio de pagos rechazó {% if movimiento == 'liberacion' %}la liberación{% else %}el "
            "reintegro{% endif %} de {{ monto | pesos }}{% if motivo %}: {{ motivo }}{% endif %}. El dinero "
            "sigue donde estaba; reintentalo o resolvelo en Trabajos › Dinero observado.",
            "Dinero observado: un trabajo espera una decisión del equipo",
            channels=frozenset({Canal.IN_APP, Canal.EMAIL}),
            transactional=True,
        ),
    )
}

# The types a person can switch on and off (type × channel).
CONFIGURABLE: tuple[Tipo, ...] = tuple(kind.tipo for kind in KINDS.values() if not kind.transactional)

NIVELES: tuple[str, ...] = ("BRONCE", "PLATA", "ORO", "DIAMANTE")
TIPOS_DISPUTA: dict[str, str] = {
    "CALIDAD_TRABAJO": "calidad del trabajo",
    "NO_REALIZADO": "trabajo no realizado",
    "INCUMPLIMIENTO_TIEMPO": "incumplimiento de tiempos",
    "OTRO": "otro motivo",
}


def kind(tipo: Tipo | str) -> Kind:
    return KINDS[Tipo(tipo)]
