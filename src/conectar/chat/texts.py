"""What people read in the conversation when an offer or a trabajo moves: one place for the words.

Amounts are printed with :func:`conectar.contracts.money.ars`, the product's one money formatter (the same
"$ 15.000" in the chat, the e-mails and the pages).
"""

from __future__ import annotations

from decimal import Decimal

from conectar.chat.ventanas import Ventana, describe
from conectar.contracts.money import ars

# The system message a trabajo's transition leaves in its conversation (by transition name).
SYSTEM_TEXT: dict[str, str] = {
    "crear": "Se creó el trabajo. Pagá desde la plataforma para que el dinero quede protegido hasta que termine.",
    "confirmar_pago": "Pago recibido: el dinero queda retenido por la plataforma hasta que confirmes el trabajo.",
    "cancelar_impago": "El trabajo se canceló antes del pago.",
    "vencer_impago": "El trabajo se canceló porque no se pagó a tiempo.",
    "marcar_terminado": "El profesional marcó el trabajo como terminado. Confirmalo para liberar el pago.",
    "finalizar": "El cliente confirmó el trabajo: estamos liberando el pago al profesional.",
    "liberar_automaticamente": "Pasó el plazo sin reclamos: estamos liberando el pago al profesional.",
    "cancelar_con_reembolso": "El cliente canceló el trabajo: estamos reintegrando el pago.",
    "cancelar_por_admin": "Un administrador canceló el trabajo: estamos reintegrando el pago.",
    "cancelar_impago_por_profesional": "El profesional canceló el trabajo antes del pago.",
    "cancelar_por_profesional": "El profesional canceló el trabajo: estamos reintegrando el pago.",
    "abrir_disputa": "Se abrió una disputa: un administrador la va a revisar.",
    "escalar_sin_terminar": "El trabajo pasó a revisión de un administrador: no se marcó terminado a tiempo.",
    "retirar_disputa": "La disputa fue retirada; el trabajo sigue en curso.",
    "resolver_a_favor_profesional": "La disputa se resolvió a favor del profesional: estamos liberando el pago.",
    "resolver_a_favor_cliente": "La disputa se resolvió a favor del cliente: estamos reintegrando el pago.",
    "vencer_disputa": "La disputa no se resolvió a tiempo: estamos reintegrando el pago al cliente.",
    "reembolso_del_proveedor": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_en_disputa": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_liberando": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_tras_rechazo": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolsar_pago_tardio": "Llegó un pago de un trabajo ya cancelado: estamos reintegrándolo.",
    "liberacion_aceptada": "Se liberó el pago al profesional.",
    "reembolso_aceptado": "Se reintegró el pago al cliente.",
    "reembolso_confirmado_tras_rechazo": "Se reintegró el pago al cliente.",
    "liberacion_rechazada": "No pudimos liberar el pago: el dinero sigue protegido y el equipo de la plataforma "
    "ya lo está revisando.",
    "reembolso_rechazado": "No pudimos reintegrar el pago: el dinero sigue protegido y el equipo de la "
    "plataforma ya lo está revisando.",
    "reintentar_liberacion": "El equipo de la plataforma volvió a pedir la liberación del pago.",
    "reintentar_reembolso": "El equipo de la plataforma volvió a pedir el reintegro del pago.",
    "reembolsar_en_lugar_de_liberar": "El equipo de la plataforma decidió reintegrar el pago al cliente.",
    "liberar_en_lugar_de_reembolsar": "El equipo de la plataforma decidió liberar el pago al profesional.",
    "cerrar_liberacion_a_mano": "El equipo de la plataforma cerró el trabajo.",
    "cerrar_reembolso_a_mano": "El equipo de la plataforma cerró el trabajo.",
}

# The system message an offer's transition leaves in its conversation (by transition name).
OFFER_TEXT: dict[str, str] = {
    "rechazar_oferta": "El cliente rechazó la oferta.",
    "retirar_oferta": "El profesional retiró la oferta.",
    "vencer_oferta": "La oferta venció sin respuesta.",
}


# The answers to accepting an offer and to an instant hire.
OFERTA_ACEPTADA = "Oferta aceptada. Pagá para confirmar el trabajo."
OFERTA_ACEPTADA_SIN_ENLACE = (
    "Oferta aceptada. El enlace de pago todavía no está listo: pedilo de nuevo en unos segundos."
)
SERVICIO_CONTRATADO = "Servicio contratado. Pagá para confirmarlo."


def trabajo_text(transition: str) -> str:
    """The system message of a trabajo's transition (its name when it has none of its own)."""
    return SYSTEM_TEXT.get(transition, transition)


def oferta_text(transition: str) -> str | None:
    """The system message of an offer's transition, or None when it leaves none (accepting it does: the
    trabajo's own message)."""
    return OFFER_TEXT.get(transition)


def oferta_card(precio_final: Decimal, descripcion: str, visita: Ventana | None = None) -> str:
    """The text of the offer card in the conversation (with the visit it proposes, if any)."""
    card = f"Oferta por {ars(precio_final)}: {descripcion}"
    return card if visita is None else f"{card} (visita {describe(visita)})"


def visita_propuesta(por_cliente: bool, visita: Ventana, motivo: str) -> str:
    quien = "El cliente" if por_cliente else "El profesional"
    return f"{quien} propone un nuevo horario para la visita: {describe(visita)}. Motivo: {motivo}"


def visita_reprogramada(visita: Ventana) -> str:
    return f"Se reprogramó la visita: {describe(visita)}."


VISITA_RECHAZADA = "Se rechazó el cambio de horario propuesto: la visita sigue como estaba."

VISITA_YA_EMPEZO = "La visita de esta oferta ya empezó: pedile al profesional una oferta con otro horario"
