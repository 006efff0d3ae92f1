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


# --- what the search box understands: how it matched, instant services, suggestions --------------------

EXACT, WORD, CLOSE = "exacto", "palabra", "parecido"
# TRADES are written without accents (they are matched normalized); shown to people, they get them back.
_ACCENTED = {
    "perdida": "pérdida",
    "instalacion": "instalación",
    "electrica": "eléctrica",
    "caneria": "cañería",
    "desague": "desagüe",
    "destapacion": "destapación",
    "calefon": "calefón",
    "jardin": "jardín",
    "cesped": "césped",
    "parquizacion": "parquización",
    "construccion": "construcción",
    "mamposteria": "mampostería",
    "calefaccion": "calefacción",
    "refrigeracion": "refrigeración",
    "electrodomestico": "electrodoméstico",
    "electrodomesticos": "electrodomésticos",
}


def match_how(oficios: Sequence[OficioLike], text: str | None) -> tuple[OficioLike | None, str]:
    """:func:`match`, and how: ``exacto`` (an id, the name or its slug), ``palabra`` (the professional's noun
    or a word about the job) or ``parecido`` (a shared stem or a typo: the page says what it understood)."""
    found = match(oficios, text)
    if found is None:
        return None, ""
    query = normalize(text or "")
    try:
        uuid.UUID((text or "").strip())
    except ValueError:
        score = _score(query, found)
        return found, EXACT if score >= 1000 else (WORD if score >= 100 else CLOSE)
    return found, EXACT


class ServiceLike(Protocol):
    @property
    def nombre(self) -> str: ...

    @property
    def oficio_id(self) -> uuid.UUID | None: ...


def _service_score(query: str, name: str) -> int:
    if query == name:
        return 1000
    words = name.split()
    tokens = [t for t in query.split() if len(t) >= 3]
    if tokens and all(
        any(w.startswith(t) or (len(w) >= 5 and t.startswith(w[:5])) for w in words) for t in tokens
    ):
        return 200 + len(tokens)
    ratio = difflib.SequenceMatcher(a=query, b=name).ratio() if len(query) >= 5 else 0.0
    return int(ratio * 100) if ratio >= 0.8 else 0  # a typo: the closest name wins


def match_service(services: Sequence[ServiceLike], text: str | None) -> ServiceLike | None:
    """The instant service ``text`` names ("cambio de cuerito", "apertura de puerta", with typos), among
    those people can hire; None when none fits."""
    query = normalize(text or "")
    if not query:
        return None
    scored = [
        (s, svc) for svc in services if svc.oficio_id and (s := _service_score(query, normalize(svc.nombre)))
    ]
    if not scored:
        return None
    scored.sort(key=lambda pair: (-pair[0], normalize(pair[1].nombre)))
    return scored[0][1]


@dataclass(frozen=True)
class Suggestion:
    """One line under the search box: what to search (``texto``) and what it is (an oficio, a word for
    one, or an instant service of one)."""

    texto: str
    detalle: str
    oficio_id: uuid.UUID
    tipo: str  # "oficio", "palabra", "servicio"


def _vocabulary(
    oficios: Sequence[OficioLike], services: Sequence[ServiceLike]
) -> list[tuple[str, Suggestion]]:
    """Every phrase the box can suggest, normalized, with what it stands for."""
    entries: list[tuple[str, Suggestion]] = []
    for oficio in oficios:
        entries.append((normalize(oficio.nombre), Suggestion(oficio.nombre, "Oficio", oficio.id, "oficio")))
        trade = trade_of(oficio)
        if trade is None:
            continue
        for word in (trade.singular, trade.plural, *trade.words):
            shown = " ".join(_ACCENTED.get(w, w) for w in word.split(" "))
            text = shown[:1].upper() + shown[1:]
            entries.append((normalize(word), Suggestion(text, oficio.nombre, oficio.id, "palabra")))
    seen: set[tuple[str, uuid.UUID]] = set()
    names = {o.id: o.nombre for o in oficios}
    for service in services:
        key = normalize(service.nombre)
        if service.oficio_id is None or service.oficio_id not in names or (key, service.oficio_id) in seen:
            continue
        seen.add((key, service.oficio_id))
        detail = f"Precio fijo · {names[service.oficio_id]}"
        entries.append((key, Suggestion(service.nombre, detail, service.oficio_id, "servicio")))
    return entries


def suggest(
    oficios: Sequence[OficioLike], services: Sequence[ServiceLike], text: str | None, limit: int = 8
) -> list[Suggestion]:
    """What to offer under the search box for ``text``: phrases that start with it, then phrases with a
    word that starts with it, then close ones (typos), oficios first on a tie; one line per phrase."""
    query = normalize(text or "")
    if len(query) < 2:
        return []
    ranked: list[tuple[int, int, str, Suggestion]] = []
    for phrase, suggestion in _vocabulary(oficios, services):
        if phrase.startswith(query):
            rank = 0
        elif any(word.startswith(query) for word in phrase.split()) or f" {query}" in f" {phrase}":
            rank = 1
        elif len(query) >= 4 and (
            difflib.SequenceMatcher(a=query, b=phrase[: len(query) + 2]).ratio() >= 0.75
            or any(
                difflib.SequenceMatcher(a=query, b=w).ratio() >= 0.8 for w in phrase.split() if len(w) >= 4
            )
        ):
            rank = 2
        else:
            continue
        kind = {"oficio": 0, "palabra": 1, "servicio": 2}[suggestion.tipo]
        ranked.append((rank, kind, phrase, suggestion))
    ranked.sort(key=lambda item: (item[0], item[1], len(item[2]), item[2]))
    found: list[Suggestion] = []
    texts: set[str] = set()
    stems: set[tuple[uuid.UUID, str]] = set()
    for _, _, phrase, suggestion in ranked:
        # One line per word family: "Plomero" stands for plomera, plomeros, plomeras.
        stem = (
            (suggestion.oficio_id, phrase[:5])
            if " " not in phrase and suggestion.tipo != "servicio"
            else None
        )
        if phrase in texts or (stem is not None and stem in stems):
            continue
        texts.add(phrase)
        if stem is not None:
            stems.add(stem)
        found.append(suggestion)
        if len(found) == limit:
            break
    return found


def box_words(oficios: Sequence[OficioLike]) -> list[str]:
    """What the search box offers without JavaScript (a ``<datalist>``): each oficio and the professional's
    noun for it."""
    words: list[str] = []
    for oficio in oficios:
        words.append(oficio.nombre)
        trade = trade_of(oficio)
        if trade is not None:
            words.append(trade.singular[:1].upper() + trade.singular[1:])
    return sorted(dict.fromkeys(words), key=normalize)


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
