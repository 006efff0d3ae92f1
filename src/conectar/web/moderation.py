"""Telling the sender, gently, that part of their message was hidden.

The chat service masks contact details before it stores a message (SPEC §4: phones, e-mails, links,
social handles become ``[dato oculto]``) and answers with the stored text; it does not say what it hid.
The web app knows what the person typed and what was stored, so it finds the hidden parts itself and names
them in plain words ("un teléfono", "un e-mail"), with the reason. ``static/js/live.js`` does the same for
messages sent through the live channel.
"""

from __future__ import annotations

import re

MASK = "[dato oculto]"  # chat.moderation.MASK: the web app may not import the service
BAN_AFTER = 3  # SPEC §4: the third infraction blocks the chat

_EMAIL = re.compile(r"@|\barroba\b|\bgmail\b|\bhotmail\b|\byahoo\b|\boutlook\b", re.I)
_SOCIAL = re.compile(
    r"\b(insta(gram)?|ig|face(book)?|fb|telegram|t\.me|wa\.me|whats?app|wsp|tiktok|twitter|x\.com)\b", re.I
)
_LINK = re.compile(r"https?://|www\.|\.(com|ar|net|org|ly|ee)\b|\bpunto\s+com\b", re.I)
_DIGIT = re.compile(r"\d")

KIND_WORDS = {
    "email": "un e-mail",
    "red_social": "una red social",
    "enlace": "un enlace",
    "telefono": "un teléfono",
}


def was_masked(sent: str, stored: str) -> bool:
    return stored.count(MASK) > sent.count(MASK)


def hidden_parts(sent: str, stored: str) -> list[str]:
    """The pieces of ``sent`` that became ``[dato oculto]`` in ``stored``: the stored text is the sent one
    with some pieces replaced by the mask, so the text between masks is found in order in what was sent."""
    chunks = stored.split(MASK)
    parts: list[str] = []
    at = 0
    for index, chunk in enumerate(chunks):
        found = sent.find(chunk, at) if chunk else at
        if found < 0:
            break
        if index > 0 and found > at:
            parts.append(sent[at:found].strip())
        at = found + len(chunk)
    if len(chunks) > 1 and not chunks[-1] and at < len(sent):
        parts.append(sent[at:].strip())
    return [part for part in parts if part]


def kind_of(piece: str) -> str:
    if _SOCIAL.search(piece):
        return "red_social"
    if _EMAIL.search(piece):
        return "email"
    if _LINK.search(piece):
        return "enlace"
    return "telefono" if _DIGIT.search(piece) else "dato"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " y " + words[-1]


def notice(sent: str, stored: str) -> str | None:
    """What to tell the sender when ``stored`` hid part of ``sent`` (None when nothing was hidden)."""
    if not was_masked(sent, stored):
        return None
    kinds = list(dict.fromkeys(kind_of(piece) for piece in hidden_parts(sent, stored)))
    named = [KIND_WORDS[k] for k in kinds if k in KIND_WORDS]
    what = f"lo que parecía {_join(named)}" if named else "unos datos de contacto"
    return (
        f"Ocultamos {what} de tu mensaje. Para cuidarte, los datos de contacto se comparten recién "
        "cuando contratás por la plataforma: así tu pago queda protegido. El resto del mensaje se envió. "
        f"Si pasa {BAN_AFTER} veces, el chat se bloquea."
    )
