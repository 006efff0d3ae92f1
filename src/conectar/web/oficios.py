"""Oficios as people write them: "plomero", "Plomería", "plomeria", "pérdida de gas" and "electricista
matriculado" all name an oficio of the catalogue; and the readable addresses of the landing pages
(``/plomeros/cordoba``).

The catalogue is data (the staff add oficios), so nothing here lists the oficios that exist: it knows how
people call the usual trades (the professional's noun, common jobs) and falls back to the oficio's own name.
Matching ignores accents, case and punctuation.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class OficioLike(Protocol):
    @property
    def id(self) -> uuid.UUID: ...

    @property
    def nombre(self) -> str: ...


MAX_QUERY = 120


def normalize(text: str) -> str:
    """Lower case, no accents, words separated by one space: ``"Pérdida de GAS!"`` → ``"perdida de gas"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", plain))


def slugify(text: str) -> str:
    """``"Reparación de electrodomésticos"`` → ``"reparacion-de-electrodomesticos"``."""
    return normalize(text).replace(" ", "-")


@dataclass(frozen=True)
class Trade:
    """How people call the professionals of an oficio, and words that point to it."""

    singular: str
    plural: str
    words: tuple[str, ...] = ()


# Keyed by the oficio's normalized name (the demo catalogue's, and the usual Argentine trades).
TRADES: dict[str, Trade] = {
    "plomeria": Trade(
        "plomero",
        "plomeros",
        (
            "plomera",
            "plomeras",
            "agua",
            "perdida de agua",
            "canilla",
            "caneria",
            "desague",
            "destapacion",
            "destapar",
            "inodoro",
            "sanitario",
            "termotanque",
        ),
    ),
    "electricidad": Trade(
        "electricista",
        "electricistas",
        ("luz", "enchufe", "tomacorriente", "tablero", "cortocircuito", "luminaria", "instalacion electrica"),
    ),
    "gas": Trade(
        "gasista",
        "gasistas",
        ("perdida de gas", "olor a gas", "estufa", "calefon", "hermeticidad", "cocina a gas"),
    ),
    "carpinteria": Trade(
        "carpintero", "carpinteros", ("carpintera", "madera", "mueble", "muebles", "placard")
    ),
    "pintura": Trade("pintor", "pintores", ("pintora", "pintar", "empapelado", "empapelar")),
    "albanileria": Trade(
        "albañil", "albañiles", ("revoque", "contrapiso", "construccion", "obra", "mamposteria", "humedad")
    ),
    "jardineria": Trade(
        "jardinero", "jardineros", ("jardinera", "jardin", "poda", "cesped", "pasto", "parquizacion")
    ),
    "limpieza": Trade(
        "profesional de limpieza", "profesionales de limpieza", ("limpiar", "limpiador", "limpiadora")
    ),
    "cerrajeria": Trade(
        "cerrajero", "cerrajeros", ("cerradura", "llave", "llaves", "apertura de puerta", "puerta trabada")
    ),
    "climatizacion": Trade(
        "técnico en climatización",
        "técnicos en climatización",
        (
            "aire acondicionado",
            "aire",
            "split",
            "calefaccion",
            "refrigeracion",
            "frigorista",
            "climatizador",
        ),
    ),
    "reparacion de electrodomesticos": Trade(
        "técnico en electrodomésticos",
        "técnicos en electrodomésticos",
        (
            "electrodomestico",
            "electrodomesticos",
            "lavarropas",
            "heladera",
            "horno",
            "microondas",
            "secarropas",
        ),
    ),
}


def trade_of(oficio: OficioLike) -> Trade | None:
    return TRADES.get(normalize(oficio.nombre))


def _keywords(oficio: OficioLike) -> set[str]:
    name = normalize(oficio.nombre)
    words = {name}
    trade = TRADES.get(name)
    if trade is not None:
        words |= {normalize(trade.singular), normalize(trade.plural), *(normalize(w) for w in trade.words)}
    return words


def _score(query: str, oficio: OficioLike) -> int:
    """How well ``query`` (normalized) names ``oficio``: 0 when it does not."""
    name = normalize(oficio.nombre)
    if query in (name, slugify(oficio.nombre).replace("-", " ")):
        return 1000
    padded = f" {query} "
    best = 0
    for keyword in _keywords(oficio):
        if f" {keyword} " in padded:  # a whole word or phrase of the query
            best = max(best, 100 * len(keyword.split()) + len(keyword))
    if best:
        return best
    tokens = [token for token in query.split() if len(token) >= 4]
    first = name.split()[0]
    for token in tokens:
        # plomero ~ plomeria, electricista ~ electricidad, cerrajero ~ cerrajeria (a shared stem)
        shared = len(_common_prefix(token, first))
        if shared >= 5 or (shared >= 4 and shared == len(token)):
            best = max(best, 10 + shared)
    if best:
        return best
    singles = [keyword for keyword in _keywords(oficio) if " " not in keyword and len(keyword) >= 5]
    for token in tokens:
        if len(token) >= 5 and difflib.get_close_matches(token, singles, n=1, cutoff=0.8):
            best = max(best, 5)  # a typo: "plomeor", "electrisista"
    return best


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


def match(oficios: Sequence[OficioLike], text: str | None) -> OficioLike | None:
    """The oficio that ``text`` names: an oficio id, its name or slug in any case and with or without
    accents, the professional's noun ("gasista" → Gas), or a few words about the job ("pérdida de gas");
    None when nothing fits (or when the text is longer than anyone types into a search box: the scoring
    compares words pairwise, and a page must not spend CPU on a pasted essay)."""
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_QUERY:
        return None
    try:
        wanted = uuid.UUID(raw)
    except ValueError:
        pass
    else:
        return next((o for o in oficios if o.id == wanted), None)
    query = normalize(raw)
    if not query:
        return None
    scored = [(score, oficio) for oficio in oficios if (score := _score(query, oficio)) > 0]
    if not scored:
        return None
    scored.sort(key=lambda pair: (-pair[0], normalize(pair[1].nombre)))
    return scored[0][1]


# --- landing pages: /plomeros/cordoba --------------------------------------------------------------------


def landing_slug(oficio: OficioLike) -> str:
    """The oficio's part of a landing page's address: the professionals' noun when it is one word
    ("plomeros", "gasistas"), the oficio's name otherwise ("limpieza", "climatizacion")."""
    trade = trade_of(oficio)
    if trade is not None and " " not in trade.plural:
        return slugify(trade.plural)
    # A name with no Latin letters slugs to nothing, and "//place" would be a link to another host.
    return slugify(oficio.nombre) or f"oficio-{str(oficio.id)[:8]}"


def by_landing_slug(oficios: Sequence[OficioLike], slug: str) -> tuple[OficioLike | None, bool]:
    """(the oficio, whether ``slug`` is its canonical one) for a landing page's address; other spellings
    of it (``plomeria``, ``plomero``) are found too, to be redirected to the canonical address."""
    for oficio in oficios:
        if landing_slug(oficio) == slug:
            return oficio, True
    found = match(oficios, slug.replace("-", " "))
    if found is not None and _score(normalize(slug.replace("-", " ")), found) >= 100:
        return found, False
    return None, False


def professionals_title(oficio: OficioLike) -> str:
    """``Plomeros``, ``Técnicos en climatización``; ``Profesionales de Herrería`` for an oficio nobody
    described here."""
    trade = trade_of(oficio)
    if trade is not None:
        return trade.plural[:1].upper() + trade.plural[1:]
    return f"Profesionales de {oficio.nombre}"


def professional_noun(oficio: OficioLike, count: int) -> str:
    """The noun that agrees with ``count``: ``plomero``/``plomeros``, ``profesional de Herrería``."""
    trade = trade_of(oficio)
    if trade is not None:
        return trade.singular if count == 1 else trade.plural
    return f"profesional de {oficio.nombre}" if count == 1 else f"profesionales de {oficio.nombre}"
