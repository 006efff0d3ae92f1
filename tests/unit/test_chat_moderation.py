"""Chat moderation (SPEC §4): contact details are masked, everyday messages pass untouched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conectar.chat.moderation import MASK, Finding, ModerationResult, moderate

# (message, expected kind, fragments of the contact detail that must not survive in the masked text)
LEAKS: list[tuple[str, str, tuple[str, ...]]] = [
    # --- phones: Argentine forms
    ("llamame al +54 9 11 5432-1098", "telefono", ("5432", "1098", "+54")),
    ("mi cel es 011 4567-8901, cualquier cosa avisame", "telefono", ("4567", "8901")),
    ("0351 456-7890 es el fijo del taller", "telefono", ("0351", "456-7890")),
    ("anotá 15-5432-1098 y mandame un msj", "telefono", ("5432", "1098")),
    ("11 5432 1098", "telefono", ("5432", "1098")),
    ("Te paso mi número 1154321098 así coordinamos", "telefono", ("1154321098",)),
    ("el fijo es 4567-8901", "telefono", ("4567", "8901")),
    ("llamá al 4567 8901 a la tarde", "telefono", ("4567", "8901")),
    ("mi whatsapp +5491154321098", "telefono", ("5491154321098",)),
    ("Hola! El mío es 11 5 432 1098, agendalo", "telefono", ("432", "1098")),
    ("llamame al (011) 4567-8901 de 9 a 18", "telefono", ("4567", "8901")),
    ("el celu es 11.5432.1098", "telefono", ("5432", "1098")),
    ("11/5432/1098 es mi cel", "telefono", ("5432", "1098")),
    ("1 1 5 4 3 2 1 0 9 8", "telefono", ("5 4 3 2", "0 9 8")),
    ("1-1-5-4-3-2-1-0-9-8 jaja", "telefono", ("5-4-3-2", "0-9-8")),
    ("te dejo mi cel: 11 - 5432 - 1098.", "telefono", ("5432", "1098")),
    ("agendame 0 2 2 1 15 456 7890", "telefono", ("456", "7890")),
    ("tel 4567890", "telefono", ("4567890",)),
    ("escribime por wsp al 11 5432 1098", "telefono", ("5432", "1098")),
    ("+598 99 123 456 es mi número de Uruguay", "telefono", ("99 123 456",)),
    ("00 54 9 351 456 7890", "telefono", ("456 7890",)),
    ("(0221) 15 456-7890 es el de La Plata", "telefono", ("456-7890",)),
    ("11 — 5432 — 1098", "telefono", ("5432", "1098")),
    ("el número del pedido es 1154321098", "telefono", ("1154321098",)),
    ("mi cel 11 54 32 1O 98", "telefono", ("54 32", "1O 98")),
    ("1️⃣1️⃣5️⃣4️⃣3️⃣2️⃣1️⃣0️⃣9️⃣8️⃣", "telefono", ("5️⃣4️⃣3️⃣", "9️⃣8️⃣")),
    ("１１５４３２１０９８", "telefono", ("５４３２", "１０９８")),
    # --- phones: digits written as words, or words and digits mixed
    ("once cinco cuatro tres dos uno cero nueve ocho", "telefono", ("cinco cuatro tres", "nueve ocho")),
    ("mi número es once cincuenta y cuatro treinta y dos diez noventa y ocho", "telefono", ("cincuenta",)),
    ("cero once, cinco cuatro, tres dos, uno cero, nueve ocho", "telefono", ("cinco cuatro", "nueve ocho")),
    ("uno uno 5 4 tres 2 1 cero 9 ocho", "telefono", ("5 4 tres", "9 ocho")),
    ("wsp: cuatro cinco seis siete ocho nueve cero uno", "telefono", ("cuatro cinco", "cero uno")),
    ("Once. Cinco cuatro tres dos. Diez noventa y ocho", "telefono", ("Cinco cuatro", "noventa y ocho")),
    ("once 54 treinta y dos 10 nueve ocho", "telefono", ("54", "treinta y dos", "nueve ocho")),
    ("mi cel es once guion cinco cuatro tres dos guion uno cero nueve ocho", "telefono", ("cuatro tres",)),
    (
        "más cincuenta y cuatro nueve once cinco cuatro tres dos uno cero nueve ocho",
        "telefono",
        ("once cinco",),
    ),
    # --- e-mail
    ("mandame un mail a juan.perez@gmail.com", "email", ("juan.perez", "gmail")),
    ("juan arroba gmail punto com", "email", ("juan", "gmail")),
    ("mi correo: juanperez88 arroba hotmail punto com", "email", ("juanperez88", "hotmail")),
    ("escribime a juan (at) gmail (dot) com", "email", ("juan (at)", "gmail")),
    ("juan @ gmail . com", "email", ("juan", "gmail")),
    ("juan[arroba]hotmail.com", "email", ("juan", "hotmail")),
    ("juanperez at yahoo dot com dot ar", "email", ("juanperez", "yahoo")),
    ("juan.perez(arroba)gmail(punto)com", "email", ("juan.perez", "gmail")),
    ("escribime a juan_perez [at] outlook [dot] com", "email", ("juan_perez", "outlook")),
    ("ventas arroba plomeriagomez punto com punto ar", "email", ("ventas", "plomeriagomez")),
    ("pasame a juanperez@gmail y te mando todo", "email", ("juanperez", "gmail")),
    ("JUAN.PEREZ@GMAIL.COM", "email", ("JUAN", "GMAIL")),
    ("juan perez arroba gmail punto com", "email", ("juan", "perez", "gmail")),
    ("mi gmail es juanperez88", "email", ("juanperez88",)),
    ("mi correo es juanperez88 de gmail", "email", ("juanperez88",)),
    # --- links
    ("entrá a http://gomezplomeria.com.ar/contacto", "enlace", ("gomezplomeria",)),
    ("mirá www.gomezplomeria.com.ar y fijate los precios", "enlace", ("gomezplomeria",)),
    ("visitá gomezplomeria.com.ar", "enlace", ("gomezplomeria",)),
    ("mi pagina es gomezplomeria punto com punto ar", "enlace", ("gomezplomeria",)),
    ("www punto gomezplomeria punto com", "enlace", ("gomezplomeria",)),
    ("todos mis trabajos en bit.ly/3xYz9Ab", "enlace", ("bit.ly", "3xYz9Ab")),
    ("mis redes: linktr.ee/juanplomero", "enlace", ("linktr.ee", "juanplomero")),
    ("https://gomez.io", "enlace", ("gomez.io",)),
    ("presupuestos en plomeria-gomez.net!", "enlace", ("plomeria-gomez",)),
    # --- social networks and channel invitations
    ("te paso el link wa.me/5491154321098", "red_social", ("wa.me", "54321098")),
    ("hablame por telegram, t.me/juanplomero", "red_social", ("t.me", "juanplomero")),
    ("mirá mis trabajos en https://instagram.com/gomez.plomeria", "red_social", ("gomez.plomeria",)),
    ("seguime en instagram.com/gomezplomeria", "red_social", ("gomezplomeria",)),
    ("agregame: facebook.com/juan.perez.plomero", "red_social", ("juan.perez.plomero",)),
    ("fb.com/gomezplomeria", "red_social", ("gomezplomeria",)),
    ("seguime en tiktok @gomez_plomero", "red_social", ("gomez_plomero",)),
    ("mi ig es juan.perez", "red_social", ("juan.perez",)),
    ("mi insta: gomez.plomeria", "red_social", ("gomez.plomeria",)),
    ("ig: gomezplomeria", "red_social", ("gomezplomeria",)),
    ("mi usuario de instagram es gomezplomeria", "red_social", ("gomezplomeria",)),
    ("telegram: @juanp", "red_social", ("juanp",)),
    ("twitter @juanp88", "red_social", ("juanp88",)),
    ("buscame como juanperez88 en instagram", "red_social", ("juanperez88",)),
    ("buscame en face como Juan Perez Plomeria", "red_social", ("Juan Perez", "Plomeria")),
    ("mi tiktok es gomezplomeria", "red_social", ("gomezplomeria",)),
    ("wsp: juan_plomero", "red_social", ("juan_plomero",)),
    ("seguime @gomez.plomeria y te paso fotos", "red_social", ("gomez.plomeria",)),
    ("insta juanperez_ok", "red_social", ("juanperez_ok",)),
    ("mi insta es arroba juanperez", "red_social", ("juanperez",)),
    ("mi insta es juan perez plomeria", "red_social", ("juan", "perez", "plomeria")),
    ("Escribime a plomeria.gomez (instagram)", "red_social", ("plomeria.gomez",)),
    ("api.whatsapp.com/send?phone=5491154321098", "red_social", ("54321098",)),
    ("sumate al grupo https://chat.whatsapp.com/AbCdEf123", "red_social", ("AbCdEf123",)),
]

INNOCENT: list[str] = [
    # prices and amounts
    "Hola, el presupuesto es de $15.000 con materiales incluidos.",
    "Serían 15.000 pesos la visita",
    "El total es $ 1.250.000, se puede en cuotas",
    "son 45000",
    "te cobro 12500 + IVA",
    "Te cobro 120000 la instalación completa, 50% de seña",
    "Serían 3 cuotas de 25.000",
    "entre 150000 y 200000 según el material",
    "presupuesto: 150000-200000",
    "Son $ 32.500,50 en total",
    "la factura es la 0001-00012345 por $45.000",
    "factura B N° 0003-00004567",
    "mi CUIT es 20-12345678-3 para la factura",
    "el pedido 2000004567891234 llegó ayer",
    "Nro de cliente 1234567890 de Edesur",
    "ID de pago MP 98765432109",
    "Mi DNI es 30.123.456",
    "Precio final: 1.500.000 / 1.800.000 con IVA",
    "10, 20, 30, 40 y 50 mil",
    # addresses
    "Av. Corrientes 1234, piso 5 depto B",
    "Calle 50 nº 1234, La Plata",
    "Ruta 8 km 45",
    "Vivo en Av. Rivadavia 12345, 3er piso dto C, CABA",
    "Estoy en Calle 7 nro 1520 entre 44 y 45, La Plata",
    "Belgrano 2450 1° B, CP 1425",
    # times and dates
    "a las 14:30 estoy ahí",
    "atiendo de 9 a 18 hs",
    "Horarios: 8-12 y 14-18",
    "paso el martes 15/04 entre las 9:30 y las 12 hs",
    "el 15/03/2025 arrancamos",
    "15-03-2025",
    "nos vemos el 15.03.2025 a las 9.30 hs",
    "el turno es el 2025-03-15 a las 10",
    "del 10/03/2025 al 20/03/2025, o del 15/03/2025 - 20/03/2025",
    "el 3 de marzo",
    # measurements and quantities
    "son 3,5 m2 de cerámica",
    "la mesada es de 2 x 1,20 m",
    "caño de 3/4 y de 1/2 pulgada",
    "220 V y una térmica de 16A",
    "tornillos de 12 mm",
    "la pared mide 3,20 x 2,50",
    "compré 20 bolsas de cemento de 50 kg",
    "un aire de 3000 frigorías, 2250 W",
    "Medidas: 60 80 100 120",
    "tengo 2 hijos y 3 perros",
    # model numbers, codes, years, ordinals
    "la caldera Peisa T60 tira código de error E10",
    "termotanque Rheem 80 L modelo TR80-2019",
    "modelo XR-2500",
    "número de serie 202301150045",
    "trabajo desde 2019, más de 500 clientes",
    "trabajé en 2019-2020 en esa obra",
    "el 30% de descuento pagando en efectivo",
    "vivo en el 1er piso, el 2do es del vecino",
    "¿El modelo es el 2500 o el 3500?",
    "la opción 1, 2, 3, 4, 5, 6, 7, 8 o 9",
    # numbers written as words in ordinary sentences
    "en dos o tres días te lo termino",
    "son once cuadras desde la estación",
    "dame veinte minutos y salgo",
    # "@", "www", "punto" and platforms used innocently
    "hola tod@s, gracias por todo",
    "quedo atent@ a tu respuesta",
    "@ las 5 te espero",
    "busqué en la www algún tutorial",
    "llego a las 5 en punto",
    "desde mi punto de vista conviene cambiarlo",
    "no tengo WhatsApp",
    "¿usás Instagram?",
    "mi insta es privado",
    "dale, hablamos por acá mañana, no uso whatsapp",
    "Tengo Instagram pero casi no lo uso",
    "la cuenta de insta es nueva",
    "te mando por whatsapp las fotos no, mejor por acá",
    "le mandé 2 fotos por whatsapp",
    "te mandé un mail ayer, el mail es importante",
    "lo tengo de gmail",
    "una arroba de papas",
    # emoticons and everyday chat
    "jaja :) :D <3 xD ;-) :-P",
    "Perfecto!! 👍👍 nos vemos",
    "¿Te queda bien el lunes? Llego tipo 8.30",
    "Listo. Me avisás cuando puedas.",
    "ok.gracias!",
    "",
]


def kinds(result: ModerationResult) -> set[str]:
    return {finding.kind for finding in result.findings}


def test_there_are_enough_cases() -> None:
    assert len(LEAKS) >= 40
    assert len(INNOCENT) >= 40


@pytest.mark.parametrize(("message", "kind", "secrets"), LEAKS)
def test_leaking_messages_are_masked(message: str, kind: str, secrets: tuple[str, ...]) -> None:
    result = moderate(message)

    assert result.flagged
    assert kind in kinds(result), result.findings
    assert MASK in result.text
    for secret in secrets:
        assert secret not in result.text, result.text


@pytest.mark.parametrize("message", INNOCENT)
def test_innocent_messages_pass_untouched(message: str) -> None:
    result = moderate(message)

    assert result.text == message
    assert result.findings == ()
    assert not result.flagged


@pytest.mark.parametrize(("message", "kind", "secrets"), LEAKS)
def test_moderating_masked_text_finds_nothing_new(message: str, kind: str, secrets: tuple[str, ...]) -> None:
    masked = moderate(message).text

    again = moderate(masked)

    assert again.findings == ()
    assert again.text == masked


def test_masking_preserves_the_rest_of_the_message() -> None:
    message = "Hola Juan, mi cel es 11 5432 1098, avisame cuando llegues. Son $15.000 el 15/03."

    result = moderate(message)

    assert result.text == f"Hola Juan, mi cel es {MASK}, avisame cuando llegues. Son $15.000 el 15/03."


def test_findings_are_spans_of_the_original_text() -> None:
    message = "Mail: juan (at) gmail (dot) com — cel: once 5432 1098 — ig: @juanp"

    result = moderate(message)

    spans = {(finding.kind, message[finding.start : finding.end]) for finding in result.findings}
    assert spans == {
        ("email", "juan (at) gmail (dot) com"),
        ("telefono", "once 5432 1098"),
        ("red_social", "@juanp"),
    }
    assert result.text == f"Mail: {MASK} — cel: {MASK} — ig: {MASK}"


def test_spans_account_for_characters_dropped_by_normalisation() -> None:
    message = "cel 1\u200b1\u200b5432\u200b1098 ok"

    result = moderate(message)

    assert result.text == f"cel {MASK} ok"
    (finding,) = result.findings
    assert message[finding.start : finding.end] == "1\u200b1\u200b5432\u200b1098"


def test_overlapping_findings_merge_into_one_mask() -> None:
    result = moderate("dale, wa.me/5491154321098 y listo")

    assert kinds(result) == {"red_social", "telefono"}
    assert result.text == f"dale, {MASK} y listo"


def test_adjacent_findings_merge_into_one_mask() -> None:
    result = moderate("contacto: juan@gmail.com / 11 5432 1098 / @juanp")

    assert kinds(result) == {"email", "telefono", "red_social"}
    assert result.text == f"contacto: {MASK}"


def test_separate_findings_get_separate_masks() -> None:
    result = moderate("mail juan@gmail.com y cel 11 5432 1098")

    assert result.text == f"mail {MASK} y cel {MASK}"
    assert [f.kind for f in result.findings] == ["email", "telefono"]


def test_findings_are_sorted_and_typed() -> None:
    result = moderate("ig @juanp, web juanp.com.ar, tel 11 5432 1098, mail juan@juanp.com")

    assert list(result.findings) == sorted(result.findings, key=lambda f: (f.start, f.end, f.kind))
    assert all(isinstance(f, Finding) for f in result.findings)
    assert [f.kind for f in result.findings] == ["red_social", "enlace", "telefono", "email"]


def test_a_contact_word_does_not_reach_across_another_finding() -> None:
    # the 7-digit number is only suspicious right after a contact word; the link in between stops it
    result = moderate("wsp https://example.com/a/b/c/d 4567890")

    assert result.text == f"wsp {MASK} 4567890"
    assert moderate(result.text).findings == ()


def test_digits_next_to_a_finding_are_judged_as_they_will_look_once_it_is_masked() -> None:
    # "…Ab1 1 5 4 3 2 1 0 9" glues the first digit to the link; once the link is masked the rest is a
    # phone written digit by digit, so it is masked in the first pass already
    result = moderate("bit.ly/3xYz9Ab1 1 5 4 3 2 1 0 9 8x0")

    assert result.text == f"{MASK} 8x0"
    assert moderate(result.text).findings == ()


@pytest.mark.parametrize(
    "message",
    [
        "bit.ly/3xYz9Ab1 1 5 4 3 2 1 0 9 8x0",
        "llamame al +54 9 11 5432-1098ID de pago MP 98765432109",
        "llamame al +54 9 11 5432-1098Iwsp: juan_plomero",
        "wsp https://example.com/a/b/c/d 4567890",
        "pedido gomez.com 1154321098",
        "juan@gmail.com@pepe 11 5432 1098",
    ],
)
def test_masked_text_is_final(message: str) -> None:
    """Cases found by fuzzing: what a mask leaves next to it must not become a new finding."""
    check_invariants(message)


def test_the_result_is_deterministic() -> None:
    message = "once cinco cuatro tres dos uno cero nueve ocho, juan arroba gmail punto com"

    assert moderate(message) == moderate(message)


def test_findings_and_flagged() -> None:
    assert moderate("hola").flagged is False
    assert moderate("tel 11 5432 1098").flagged is True


# --- properties ------------------------------------------------------------------------------------

PIECES = [message for message, _, _ in LEAKS] + INNOCENT + [MASK, "@", ".", " punto ", " arroba ", "#", "0"]


def visible_letters(text: str) -> str:
    """The letters and digits a reader sees, masks left out."""
    return "".join(c for c in text.replace(MASK, " ") if c.isalnum())


def check_invariants(text: str) -> None:
    result = moderate(text)

    assert len(result.text) <= len(text) + len(MASK) * len(result.findings)
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
    if not result.findings:
        assert result.text == text
    else:
        # every finding is replaced by a mask; nothing outside the findings is lost, nothing inside survives
        assert result.text.count(MASK) > text.count(MASK)
        covered = [False] * len(text)
        for finding in result.findings:
            covered[finding.start : finding.end] = [True] * (finding.end - finding.start)
        outside = "".join(" " if hidden else c for c, hidden in zip(text, covered, strict=True))
        assert visible_letters(result.text) == visible_letters(outside)
    again = moderate(result.text)
    assert again.findings == ()
    assert again.text == result.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_arbitrary_unicode_never_raises_and_is_idempotent(text: str) -> None:
    check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PIECES),
            st.text(alphabet="0123456789 .-/()+@:,#xXoO[]", max_size=12),
            st.text(max_size=8),
        ),
        max_size=40,
    ).map(lambda parts: " ".join(parts)[:2000])
)
def test_mixed_realistic_messages_never_raise_and_are_idempotent(text: str) -> None:
    check_invariants(text)
