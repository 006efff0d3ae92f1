"""Templates: every notification type renders its short texts and both e-mail parts in Spanish."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from conectar.notifications.catalog import KINDS, Tipo, kind
from conectar.notifications.rendering import miles, pesos, render_email, render_short, truncar

BASE = "https://conectar.example"

SAMPLES: dict[Tipo, dict[str, Any]] = {
    Tipo.BIENVENIDA: {"es_profesional": True},
    Tipo.RESTABLECER_PASSWORD: {"reset_url": f"{BASE}/reset-password?token=abc&x=1", "minutos": 60},
    Tipo.KYC_APROBADO: {},
    Tipo.KYC_RECHAZADO: {"motivo": "El DNI está vencido"},
    Tipo.NUEVO_MENSAJE: {
        "contador": 3,
        "remitente": "Pablo",
        "remitentes": ["Pablo"],
        "preview": "¿Mañana a las 9?",
    },
    Tipo.OFERTA_RECIBIDA: {"precio_final": "20000", "descripcion": "Cambio de <b>cañería</b>"},
    Tipo.OFERTA_ACEPTADA: {"precio_final": "15000.5"},
    Tipo.OFERTA_RECHAZADA: {},
    Tipo.PAGO_APROBADO: {"monto": "10000", "para_profesional": False},
    Tipo.TRABAJO_COMPLETADO: {},
    Tipo.FONDOS_LIBERADOS: {"precio_final": "10000", "comision_plataforma": "1500", "monto_liberado": "8500"},
    Tipo.TRABAJO_CANCELADO: {"motivo": "Se venció el plazo de pago"},
    Tipo.REEMBOLSO: {"monto": "30000"},
    Tipo.RESENA_RECIBIDA: {"rating": 4, "cliente_nombre": "Clara", "texto": "Muy bien"},
    Tipo.SUBIDA_NIVEL: {"nivel": "ORO", "puntos_experiencia": 5000, "tasa_porcentaje": "15 %"},
    Tipo.DISPUTA_ABIERTA: {"tipo_disputa": "trabajo no realizado"},
    Tipo.DISPUTA_RESUELTA: {"favorece_a": "PROFESIONAL", "resolucion": "El trabajo se hizo"},
    Tipo.DINERO_OBSERVADO: {
        "movimiento": "liberacion",
        "monto": "15000",
        "motivo": "No hay un pago para ese trabajo",
    },
    Tipo.VISITA_RECORDATORIO: {
        "cuando": "el viernes 11 de diciembre de 9:00 a 11:30",
        "anticipacion_horas": 2,
        "para_profesional": True,
    },
    Tipo.VISITA_CAMBIO_PROPUESTO: {
        "quien": "Carla Cliente",
        "cuando": "el viernes 11 de diciembre de 16:00 a 18:00",
        "motivo": "Me surgió un turno",
    },
    Tipo.VISITA_CAMBIO_RESPONDIDO: {
        "quien": "Pablo Plomero",
        "cuando": "el viernes 11 de diciembre de 16:00 a 18:00",
        "aceptada": True,
    },
    Tipo.PEDIDO_NUEVO: {
        "titulo": "Pierde agua la canilla",
        "oficio": "Plomería",
        "zona": "Palermo, CABA",
        "presupuesto_max": "30000",
        "contador": 2,
    },
}


def test_every_type_has_a_sample() -> None:
    assert set(SAMPLES) == set(KINDS) == set(Tipo)


@pytest.mark.parametrize("tipo", list(Tipo))
def test_every_type_renders_short_texts_and_both_email_parts(tipo: Tipo) -> None:
    what = kind(tipo)
    link = f"{BASE}/trabajos/123"
    context = {**SAMPLES[tipo], "nombre": "Lucía", "base_url": BASE, "link": link}
    title = render_short(what.titulo, context)
    message = render_short(what.mensaje, context)
    assert title
    assert message
    assert "{{" not in title + message
    email = render_email(what, context)
    assert email.subject
    assert "\n" not in email.subject
    assert email.text.startswith("Hola Lucía:\n")
    assert link in email.text
    assert f'href="{link}"' in email.html
    assert email.html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="es-AR">' in email.html
    if not what.transactional:
        assert f"{BASE}/notificaciones" in email.text  # where to switch it off
    assert "None" not in email.text
    # No unrendered markup leaks into the plain text.
    assert not re.search(r"<(p|a|strong|table)[ >]", email.text)


def test_html_escapes_what_people_wrote_but_text_keeps_it() -> None:
    context = {**SAMPLES[Tipo.OFERTA_RECIBIDA], "nombre": "<script>", "base_url": BASE, "link": None}
    email = render_email(kind(Tipo.OFERTA_RECIBIDA), context)
    assert "Cambio de &lt;b&gt;cañería&lt;/b&gt;" in email.html
    assert "<script>" not in email.html
    assert "Cambio de <b>cañería</b>" in email.text
    assert "href" not in email.html.split("Recibís este e-mail")[0].split("</blockquote>")[1]  # no button


def test_reset_link_is_the_one_given() -> None:
    context = {**SAMPLES[Tipo.RESTABLECER_PASSWORD], "nombre": "Ana", "base_url": BASE}
    context["link"] = context["reset_url"]
    email = render_email(kind(Tipo.RESTABLECER_PASSWORD), context)
    assert f"{BASE}/reset-password?token=abc&x=1" in email.text
    assert f"{BASE}/reset-password?token=abc&amp;x=1" in email.html
    assert "60 minutos" in email.text
    assert "se envía siempre" in email.text


def test_welcome_speaks_to_each_role() -> None:
    for professional, phrase in ((True, "subí tu documentación"), (False, "profesionales verificados")):
        context = {"es_profesional": professional, "nombre": "", "base_url": BASE, "link": BASE}
        email = render_email(kind(Tipo.BIENVENIDA), context)
        assert phrase in email.text
        assert email.text.startswith("Hola:\n")


def test_chat_burst_texts() -> None:
    what = kind(Tipo.NUEVO_MENSAJE)
    assert render_short(what.titulo, {"contador": 1, "remitente": "Ana"}) == "Mensaje nuevo de Ana"
    assert render_short(what.titulo, {"contador": 7, "remitente": "Ana"}) == "7 mensajes nuevos de Ana"
    one = {
        "contador": 1,
        "remitentes": ["Ana"],
        "preview": "hola",
        "nombre": "X",
        "base_url": BASE,
        "link": BASE,
    }
    assert "«hola»" in render_email(what, one).text
    many = {**one, "contador": 12, "remitentes": ["Ana", "Bruno"]}
    text = render_email(what, many).text
    assert "12 mensajes nuevos de Ana, Bruno" in text
    assert "«hola»" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("15000.5"), "$ 15.000,50"),
        ("1234567.891", "$ 1.234.567,89"),
        (0, "$ 0"),
        ("999", "$ 999"),
        ("1000", "$ 1.000"),
        (Decimal("-2500.005"), "-$ 2.500,01"),
        ("no es un número", "no es un número"),
    ],
)
def test_pesos(value: Any, expected: str) -> None:
    assert pesos(value) == expected


def test_truncar() -> None:
    assert truncar("  hola   mundo  ") == "hola mundo"
    assert truncar("a" * 10, 5) == "aaaa…"
    assert truncar(None) == ""


def test_experience_points_are_written_with_thousands() -> None:
    assert miles(5000) == "5.000"
    assert miles(999) == "999"
    assert miles(1234567) == "1.234.567"
    assert miles("mucho") == "mucho"
    level = kind(Tipo.SUBIDA_NIVEL)
    context = {**SAMPLES[Tipo.SUBIDA_NIVEL], "nombre": "Lucía", "base_url": BASE, "link": BASE}
    assert "con 5.000 puntos" in render_short(level.mensaje, context)
    email = render_email(level, context)
    assert "5.000 puntos de experiencia" in email.text
    assert "5.000 puntos de experiencia" in email.html
