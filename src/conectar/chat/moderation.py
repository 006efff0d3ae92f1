"""Contact-detail moderation for chat messages (SPEC §4).

``moderate(text)`` finds the phone numbers, e-mail addresses, links and social-network handles that people
write into a chat to take a deal off the platform, and returns the text with each of them replaced by
:data:`MASK`.  It is a pure function: no I/O, no state beyond precompiled patterns, deterministic, and it
never raises.

How it works
------------
1. **Normalisation** builds a second version of the text in which obfuscations are undone, keeping for
   every normalised character the span of the original text it came from:

   * characters: accents are folded (``á`` → ``a``), full-width and "fancy" letters and digits become
     ASCII (``１``, ``𝟏``, ``①``, keycap ``1️⃣``), zero-width and format characters are dropped (and masked
     with the character before them), a letter ``o``/``O`` next to digits becomes ``0`` and ``l``/``I``
     between digits becomes ``1``; everything is lower-cased (the patterns run without IGNORECASE);
   * words: Spanish numbers become digits (``once`` → ``11``, ``cuarenta y cinco`` → ``45``,
     ``cuatrocientos cincuenta y seis`` → ``456``, ``cero`` → ``0``), ``guion`` becomes ``-`` and ``más``
     before a number becomes ``+``.

2. **Detection** runs on the normalised text:

   * e-mail: ``@`` and its spellings (``arroba``, ``(at)``, ``[arroba]``, `` at ``) followed by a domain
     whose dots may be spelled too (``punto``, ``(dot)``, `` . ``), or by a well-known provider
     (``juan arroba gmail``); ``juanperez88 de gmail``; ``mi gmail es juanperez88``;
   * links: ``http(s)://``, ``www.``, bare domains with common TLDs, spelled ``… punto com``, and the short
     hosts people use for contact (``wa.me``, ``t.me``, ``bit.ly``, ``linktr.ee``…); a link to a social
     network or messenger is reported as ``red_social``, any other as ``enlace``;
   * social: ``@handle`` (not ``tod@s``), ``arroba handle``, and a handle written next to a platform name
     (``ig: juan.perez``, ``mi insta es juanperez``, ``juan_88 en insta``, ``buscame en face como Juan
     Perez``); a bare platform name (``no tengo WhatsApp``) is innocent;
   * phones: runs of digit groups joined by spaces, dots, dashes, slashes or parentheses, after the shapes
     that are *not* phone numbers (prices, dates, times, decimals, thousands, measurements, dimensions,
     invoice numbers, CUIT) have been blanked out.  A run of 10–15 digits is a phone; so is an 8–9 digit
     run written like one (``4567-8901``, ``45 67 89 01``, digit by digit) or after ``+``; 7–9 digits
     count next to a contact word (``cel``, ``wsp``, ``llamame``…).  Runs that look like something else
     (years ``2019-2020``, price ranges ``15000-20000``, lists ``60 80 100 120``, reference numbers
     ``pedido 2000004567891``) are still phones when ``phonenumbers`` recognises a valid number in them.

3. **Masking** maps every finding back to the original text; overlapping findings, and findings separated
   only by spaces or punctuation, are replaced by one :data:`MASK`.  Masking is final: the boundaries the
   patterns use treat the brackets of a mask as letters, and digits next to a finding are also judged as
   they will look once it is masked, so moderating a moderated text finds nothing new.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

import phonenumbers

__all__ = ["MASK", "Finding", "Kind", "ModerationResult", "moderate"]

Kind = Literal["telefono", "email", "enlace", "red_social"]

MASK: Final = "[dato oculto]"


@dataclass(frozen=True)
class Finding:
    """One contact detail: its kind and its span ``[start, end)`` in the original text."""

    kind: Kind
    start: int
    end: int


@dataclass(frozen=True)
class ModerationResult:
    """The masked text and what was found in the original."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.findings)


# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------

# Word boundaries.  Those of the patterns that find things treat the brackets of a mask as letters, and
# those of the patterns that excuse things (a reference number, a unit) do not: either way, masking a
# finding cannot turn its neighbourhood into a new finding, so moderating masked text finds nothing new.
_WORD_START = r"(?<![^\W\d_])(?<!\])"
_WORD_END = r"(?![^\W\d_])(?!\[)"
_EXCUSE_START = r"(?<![^\W\d_])"
_EXCUSE_END = r"(?![^\W\d_])"

# Characters people slip into numbers and addresses to dodge filters, and combining marks.
_DROPPED: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\ufe0e\ufe0f\u20e3\u180e")


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """The ASCII stand-in of a non-ASCII character, ``""`` to drop it, or the character itself."""
    if char in _DROPPED:
        return ""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return ""
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return str(digit)
    if category.startswith("Z"):
        return " "
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) == 1 and base.isascii():
        return base
    return char


# Spanish number words (accents already folded).  Hundreds, tens and units combine into one number.
_UNIT_WORDS: Final = {
    "cero": 0, "sero": 0, "zero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5,
    "sinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "nuebe": 9,
}  # fmt: skip
_TEEN_WORDS: Final = {
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciseis": 16,
    "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veintiuno": 21, "veintidos": 22,
    "veintitres": 23, "veinticuatro": 24, "veinticinco": 25, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
_TEN_WORDS: Final = {
    "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
    "ochenta": 80, "noventa": 90,
}  # fmt: skip
_HUNDRED_WORDS: Final = {
    "ciento": 100, "cien": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400,
    "quinientos": 500, "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
}  # fmt: skip
_WORD_VALUES: Final = {**_UNIT_WORDS, **_TEEN_WORDS, **_TEN_WORDS, **_HUNDRED_WORDS}


_NUMBER_TOKEN = re.compile(
    rf"{_WORD_START}(?:{'|'.join(sorted(_WORD_VALUES, key=len, reverse=True))}|y|guion|mas){_WORD_END}"
)
# A letter O or l among digits: "11 54 32 1O 98", "O11", "1l45"
_ZERO_AMONG_DIGITS = re.compile(rf"(?<=\d)[oO]++{_WORD_END}|{_WORD_START}[oO]++(?=\d)")
_ONE_AMONG_DIGITS = re.compile(r"(?<=\d)[lI]++(?=\d)")


@dataclass(frozen=True)
class _Normalised:
    text: str
    starts: list[int]  # original index where normalised character i begins
    ends: list[int]  # original index where it ends (exclusive)

    @property
    def lower(self) -> str:
        return _lower(self.text)

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _lower(text: str) -> str:
    """Lower case, same length (patterns run on it without IGNORECASE, which is several times slower)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _identity(text: str) -> _Normalised:
    return _Normalised(text, list(range(len(text))), list(range(1, len(text) + 1)))


def _fold(text: str) -> _Normalised:
    if text.isascii():
        return _identity(text)
    table = {ord(c): _fold_char(c) for c in set(_NON_ASCII.findall(text))}
    folded = text.translate(table)
    dropped = {chr(code) for code, replacement in table.items() if not replacement}
    if not dropped:
        return _identity(folded)
    starts = [index for index, char in enumerate(text) if char not in dropped]
    ends = [index + 1 for index in starts]
    kept = 0
    for index, char in enumerate(text):
        if char in dropped:
            if kept:  # a dropped mark belongs to the character before it
                ends[kept - 1] = index + 1
        else:
            kept += 1
    return _Normalised(folded, starts, ends)


_AMONG_DIGITS_HINT = re.compile(r"\d[oOlI]|[oO]\d")
_DIGIT_NEXT = re.compile(r"\s*+\d")


def _replace_among_digits(text: str) -> str:
    if _AMONG_DIGITS_HINT.search(text):
        text = _ZERO_AMONG_DIGITS.sub(lambda m: "0" * len(m.group()), text)
        text = _ONE_AMONG_DIGITS.sub(lambda m: "1" * len(m.group()), text)
    return text


def _word_replacements(text: str) -> list[tuple[int, int, str]]:
    """Spans of number words (and "guion", "más") with the digits or sign that replace them."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _NUMBER_TOKEN.finditer(text)]

    def joined(i: int) -> bool:  # token i follows token i - 1 after nothing but spaces
        return i < len(tokens) and text[tokens[i - 1][1] : tokens[i][0]].isspace()

    def word(i: int) -> str:
        return tokens[i][2] if i < len(tokens) else ""

    replacements: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        current = word(i)
        j = i + 1
        value = _WORD_VALUES.get(current)
        if value is not None:
            width = 3 if value >= 100 else 1
            following = word(j) if joined(j) else ""
            if current in _HUNDRED_WORDS and following in _WORD_VALUES and following not in _HUNDRED_WORDS:
                value += _WORD_VALUES[following]
                current = following
                j += 1
            if (
                current in _TEN_WORDS
                and joined(j)
                and word(j) == "y"
                and joined(j + 1)
                and word(j + 1) in _UNIT_WORDS
            ):
                value += _UNIT_WORDS[word(j + 1)]
                j += 2
            replacements.append((tokens[i][0], tokens[j - 1][1], str(value).zfill(width)))
        elif current == "guion":
            replacements.append((tokens[i][0], tokens[i][1], "-"))
        elif current == "mas" and (
            _DIGIT_NEXT.match(text, tokens[i][1]) or (joined(j) and word(j) in _WORD_VALUES)
        ):
            replacements.append((tokens[i][0], tokens[i][1], "+"))
        i = j
    return replacements


def _normalise(text: str) -> _Normalised:
    folded = _fold(text)
    source = _replace_among_digits(folded.text)
    replacements = _word_replacements(_lower(source))
    if not replacements:
        return _Normalised(source, folded.starts, folded.ends)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for start, end, replacement in replacements:
        pieces.append(source[position:start])
        starts.extend(folded.starts[position:start])
        ends.extend(folded.ends[position:start])
        original_start, original_end = folded.span(start, end)
        pieces.append(replacement)
        starts.extend([original_start] * len(replacement))
        ends.extend([original_end] * len(replacement))
        position = end
    pieces.append(source[position:])
    starts.extend(folded.starts[position:])
    ends.extend(folded.ends[position:])
    return _Normalised("".join(pieces), starts, ends)


# --------------------------------------------------------------------------------------------------
# E-mail, links and social handles
# --------------------------------------------------------------------------------------------------

_AT = r"(?:\s*+@\s*+|\s*+[(\[{<]\s*+(?:at|arroba|@)\s*+[)\]}>]\s*+|\s++(?:arroba|at)\s++)"
_DOT = r"(?:\s*+\.\s*+|\s*+[(\[{<]\s*+(?:dot|punto|\.)\s*+[)\]}>]\s*+|\s++(?:dot|punto)\s++)"
_SPELLED_DOT = r"(?:\s++(?:punto|dot)\s++|\s*+[(\[{<]\s*+(?:punto|dot|\.)\s*+[)\]}>]\s*+|\s++\.\s*+|\.\s++)"
_LOCAL_DOT = r"(?:\.|\s*+[(\[{<]\s*+(?:dot|punto)\s*+[)\]}>]\s*+|\s++(?:dot|punto)\s++)"
_LOCAL_PART = r"[a-z0-9_%+\-]++"
_LOCAL = rf"{_LOCAL_PART}(?:{_LOCAL_DOT}{_LOCAL_PART})*"
_LABEL = r"[a-z0-9][a-z0-9\-]*+"
_EMAIL_TLD = (
    r"(?:com|net|org|ar|es|edu|gob|gov|io|me|info|co|uy|cl|mx|br|py|pe|us|biz|app|dev|online|site"
    r"|live|tech|xyz)"
)
_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|live|icloud|protonmail|proton|aol|msn|fibertel|arnet|speedy)"
)
_AT_HINT = re.compile(r"@|arroba|\bat\b")
_EMAIL_PATTERNS: Final = (
    # juan.perez@empresa.com.ar
    re.compile(
        rf"(?<![\w.\]]){_LOCAL_PART}(?:\.{_LOCAL_PART})*@{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,24}}(?![\w\[])"
    ),
    # juan arroba gmail punto com / juan (at) gmail (dot) com / juan @ gmail . com
    re.compile(
        rf"(?<![\w.\]]){_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_EMAIL_TLD}(?![\w\[])",
    ),
    # juan arroba gmail
    re.compile(rf"(?<![\w.\]]){_LOCAL}{_AT}{_PROVIDERS}(?![\w\[])"),
)

_LINK_TLD = (
    r"(?:com|net|org|ar|io|info|biz|app|dev|site|online|store|shop|tech|xyz|edu|gob|gov|uy|cl|mx|br|py"
    r"|pe|co|tv|link|page|website|blog|club|ws)"
)
_SPELLED_TLD = rf"(?:com(?:{_DOT}ar)?|net|org|info|ar)"
_SHORT_HOSTS = (
    r"(?:wa|t|m|fb|ig|telegram)\.me|bit\.ly|linktr\.ee|youtu\.be|goo\.gl|tiny\.cc|cutt\.ly|wa\.link"
    r"|instagr\.am|fb\.watch|tinyurl\.com|x\.com"
)
_PATH = r"(?:[/?#][^\s<>\"'\[\]]*+)?"
# (prefilter, pattern): the pattern only runs when the cheap prefilter finds something
_URL_PATTERNS: Final = (
    (
        re.compile(r":\s*/"),
        re.compile(r"(?<![\w\]])(?:https?|hxxps?|ftp)\s*+:\s*+/\s*+/\s*+[^\s<>\"'\[\]]++"),
    ),
    (re.compile("www"), re.compile(rf"(?<![\w.\]])www\d?\.{_LABEL}(?:\.{_LABEL})*{_PATH}")),
    (
        re.compile("www"),
        re.compile(rf"(?<![\w.\]])www\d?{_DOT}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_LINK_TLD}(?![\w\[]){_PATH}"),
    ),
    (
        re.compile(r"\.(?:me|ly|ee|be|gl|cc|link|am|watch|com)"),
        re.compile(rf"(?<![\w.@\-/\]])(?:{_SHORT_HOSTS})(?![\w\[]){_PATH}"),
    ),
    (
        re.compile(rf"[a-z0-9]\.{_LINK_TLD}(?![\w\-\[])"),
        re.compile(rf"(?<![\w.@\-/\]])(?:{_LABEL}\.)+{_LINK_TLD}(?![\w\-\[]){_PATH}"),
    ),
    (
        re.compile(r"(?:punto|dot|\.)[\s)\]}>]*+(?:com|net|org|info|ar)(?![\w\[])"),
        re.compile(
            rf"(?<![\w.@\-\]]){_LABEL}(?:{_DOT}{_LABEL})*{_SPELLED_DOT}{_SPELLED_TLD}(?![\w\[])",
        ),
    ),
)
_TRAILING_PUNCTUATION = ".,;:!?)]}¡¿…'\""

_SOCIAL_HOST = re.compile(
    r"wa\.me|whats\s*app|t\.me|telegram|instagr|ig\.me|facebook|fb\.|m\.me|tiktok|twitter|x\.com|threads"
    r"|linkedin|snapchat|youtu",
)

_AT_HANDLE = re.compile(
    r"(?<![\w@.+\-\]])(?P<at>@|arroba\s++)(?=[a-z0-9_.]*[a-z])(?P<handle>[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?)"
)

_PLATFORM = (
    r"(?:whats\s?app|whatsapp|wsp|wpp|wapp|wasap|watsap|guasap|instagram|insta|ig|telegram|facebook|face|fb"
    r"|tik\s?tok|twitter|snapchat|snap|linkedin|discord|threads|skype)"
)
_MAIL_WORDS = r"(?:gmail|hotmail|outlook|yahoo|e-?mail|mail|correo)"
_FILLER = (
    r"(?:es|soy|como|usuario|user|nombre|mio|personal|de|del|el|la|me|encontras|buscame|figuro|aparezco"
    r"|estoy|esta|queda|aca|ahi|nuevo)"
)
_HANDLE_TOKEN = r"@?[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?"
_PLATFORM_HANDLE = re.compile(
    rf"{_WORD_START}(?:{_PLATFORM}|(?P<mail>{_MAIL_WORDS}))(?P<intro>\s*(?:[:=]|-+>?|→)?\s*(?:{_FILLER}\s*[:=]?\s+){{0,3}})"
    rf"(?P<handle>{_HANDLE_TOKEN})(?![\w@\[])",
)
_FIND_ME_AS = re.compile(
    rf"{_WORD_START}(?:busca|encontra|agrega|segui)\w*\s+"
    rf"(?:(?:en|por)\s+{_PLATFORM}\s+como\s+(?P<h1>{_HANDLE_TOKEN})(?![\w@\[])"
    rf"|como\s+(?P<h2>{_HANDLE_TOKEN})\s+(?:en|por)\s+{_PLATFORM}{_WORD_END})",
)
# "juan.perez88 de gmail"
_LOCAL_AT_PROVIDER = re.compile(
    rf"(?<![\w.@\]])(?P<local>[a-z0-9_.%+\-]{{3,40}})\s+(?:de|en)\s+{_PROVIDERS}{_WORD_END}"
)
_STRONG_INTRO = re.compile(r"[:=>→]|-|\b(?:es|soy|usuario|user|nombre)\b")
# "plomeria.gomez (instagram)", "juan_88 en insta"
_HANDLE_THEN_PLATFORM = re.compile(
    rf"(?<![\w@.\]])(?P<handle>@?[a-z0-9_][a-z0-9_.]{{1,28}}[a-z0-9_])(?!\w)\s*+(?:[(\[\-]\s*+)?"
    rf"(?:(?:en|por|de)\s++)?(?:(?:el|mi)\s++)?{_PLATFORM}{_WORD_END}"
)

# Words that follow a platform name in innocent sentences ("mi insta es privado").
_NOT_HANDLES: Final = frozenset(
    """
    a abierta abierto abrazo aca activa activo ahi ahora al algo alla anda antes aqui arroba asi audio
    audios avisame ayer besos bien buen buena buenas bueno canal casi celu celular cerrada cerrado chau
    comercial como con contacto correo cosa cual cualquier cuando cuenta dale de del despues dia donde el
    ella ellos email empresa en enlace entonces es esa escribi escribime escribo ese eso esta estas este
    esto estos face facebook fb fijate fijese foto fotos funciona genial gmail gracias grupo hablame
    hablamos hablemos hola hotmail hoy ig igual info insta instagram la laboral las le les link listo
    llamame lo los luego mail mal mala malo mandame mando mas me mejor menos mensaje mensajes mi mia mio mis
    misma mismo mucho muy nada negocio ni no nombre nos nuestro nueva nuevo numero nunca o ok otra otro
    outlook pagina para pasame paso peor perfecto perfil pero personal poco por porque privada privado
    publica publico que quien saludos se ser si siempre sin sobre solo su sus tambien tampoco tan te
    telefono telegram tengo tiene tiktok toda todas todo todos trabajo trabajos tu tus twitter un una uno
    usuario vemos ves video videos vieja viejo whatsapp wpp wsp y ya yahoo
    """.split()  # noqa: SIM905
)

_MASK_IN_TEXT = re.compile(re.escape(MASK))


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING_PUNCTUATION:
        end -= 1
    return end


_WORD_BEFORE = re.compile(r"(?<![\w.@\]])[a-z]{2,20}\s++$")
_WORDS_AFTER = re.compile(r"\s++([a-z]{2,20})(?![\w@.\[])")


def _extend_back(text: str, start: int) -> int:
    """A name written with spaces before "arroba": "juan perez arroba gmail punto com"."""
    for _ in range(2):
        match = _WORD_BEFORE.search(text, max(0, start - 24), start)
        if match is None or match.group().strip() in _NOT_HANDLES:
            break
        start = match.start()
    return start


def _extend_forward(text: str, end: int) -> int:
    """A name written with spaces after the platform: "mi face es juan perez plomeria"."""
    for _ in range(3):
        match = _WORDS_AFTER.match(text, end)
        if match is None or match.group(1) in _NOT_HANDLES:
            break
        end = match.end()
    return end


def _find_emails(text: str) -> list[tuple[Kind, int, int]]:
    found: list[tuple[Kind, int, int]] = []
    if not _AT_HINT.search(text):
        return found
    for index, pattern in enumerate(_EMAIL_PATTERNS):
        for match in pattern.finditer(text):
            start = match.start()
            if index > 0 and text[start : text.find(" ", start, match.end())].isalpha():
                start = _extend_back(text, start)  # a spelled-out address may spell the name with spaces
            found.append(("email", start, match.end()))
    return found


def _find_links(text: str) -> list[tuple[Kind, int, int]]:
    found: list[tuple[Kind, int, int]] = []
    for hint, pattern in _URL_PATTERNS:
        if not hint.search(text):
            continue
        for match in pattern.finditer(text):
            end = _strip_trailing(text, match.start(), match.end())
            if end <= match.start():
                continue
            kind: Kind = "red_social" if _SOCIAL_HOST.search(text, match.start(), end) else "enlace"
            found.append((kind, match.start(), end))
    return found


def _is_handle(handle: str, intro: str) -> bool:
    bare = handle.lstrip("@")
    if bare.replace(".", "").isdigit() or len(bare) < 3:
        return False  # numbers are the phone detector's business
    if handle.startswith("@") or _is_strong(bare):
        return True
    return len(bare) >= 4 and bare.lower() not in _NOT_HANDLES and bool(_STRONG_INTRO.search(intro))


_PLATFORM_KEYS: Final = (
    *("mail", "correo", "gmail", "hotmail", "outlook", "yahoo"),
    *("wsp", "wpp", "wapp", "whats", "wasap", "watsap", "guasap", "insta", "ig", "telegram", "face", "fb"),
    *("tik", "twitter", "snap", "linkedin", "discord", "threads", "skype"),
)


def _is_strong(handle: str) -> bool:
    """Looks like a user name, not a word: has a digit, a dot or an underscore."""
    return any(c in handle for c in "._") or any(c.isdigit() for c in handle)


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match, also those starting inside another: a rejected "gmail ig" must not hide "ig: juan"."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


def _find_handles(lower: str) -> list[tuple[Kind, int, int]]:
    found: list[tuple[Kind, int, int]] = []
    if "@" in lower or "arroba" in lower:
        for match in _overlapping(_AT_HANDLE, lower):
            handle = match.group("handle")
            if match.group("at") == "@" or (handle not in _NOT_HANDLES and len(handle) >= 3):
                found.append(("red_social", match.start(), match.end()))
    if any(provider in lower for provider in ("gmail", "hotmail", "yahoo", "outlook", "icloud")):
        for match in _overlapping(_LOCAL_AT_PROVIDER, lower):
            if _is_strong(match.group("local")):
                found.append(("email", match.start(), match.end()))
    if not any(key in lower for key in _PLATFORM_KEYS):
        return found
    for match in _overlapping(_HANDLE_THEN_PLATFORM, lower):
        handle = match.group("handle")
        if handle.startswith("@") or (_is_strong(handle) and not handle.replace(".", "").isdigit()):
            found.append(("red_social", match.start("handle"), match.end("handle")))
    for match in _overlapping(_PLATFORM_HANDLE, lower):
        handle, intro = match.group("handle"), match.group("intro")
        if match.group("mail") is not None:
            # "mi gmail es juanperez88", "mail: juan.perez"; but "el mail es importante" is a sentence
            if _is_handle(handle, intro) and (_is_strong(handle) or ":" in intro):
                found.append(("email", match.start("handle"), match.end("handle")))
        elif _is_handle(handle, intro):
            end = match.end("handle")
            if not _is_strong(handle) and not handle.startswith("@"):
                end = _extend_forward(lower, end)
            found.append(("red_social", match.start("handle"), end))
    if "como" not in lower:
        return found
    for match in _overlapping(_FIND_ME_AS, lower):
        group = "h1" if match.group("h1") is not None else "h2"
        handle = match.group(group)
        if handle not in _NOT_HANDLES and len(handle.lstrip("@")) >= 3:
            end = match.end(group)
            if group == "h1" and not _is_strong(handle) and not handle.startswith("@"):
                end = _extend_forward(lower, end)
            found.append(("red_social", match.start(group), end))
    return found


# --------------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------------

_NUM = r"(?<![\d.,])\d[\d.,]*+"
# An amount or a quantity before its unit: not the last group of a longer run ("11 5432 1098 hs"), and
# never longer than a quantity is ("1154321098hs" stays a candidate).
_QUANTITY = r"(?<![\d.,])(?<!\d[ \t.\-/])(?:\d{1,3}(?:\.\d{3})++|\d{1,7}+)(?:,\d++)?"
# Number shapes that are not phone numbers; they are blanked out before digit runs are collected.  Each
# pattern comes with strings one of which must be present for it to match at all (None: no such hint).
_NOT_PHONES: Final[tuple[tuple[tuple[str, ...] | None, re.Pattern[str]], ...]] = (
    # prices: $15.000, $ 1.250.000, u$s 300
    (("$", "usd", "ars", "€", "eur"), re.compile(rf"(?:\$|u\$s|us\$|usd|ars|€|eur)\s*{_NUM}")),
    # amounts, measurements and quantities: 15.000 pesos, 20 lucas, 12500 + IVA, 30%, 3,5 m2, 220 V,
    # 12 mm, 80 L, 45 km, 3 cuotas, 15 dias
    (
        None,
        re.compile(
            rf"{_QUANTITY}\s*(?:pesos?|mangos|lucas?|palos?|mil(?:lones|lon)?|k|usd|u\$s|dolares?|dls|ars|euros?"
            rf"|\+\s*iva|%|m2|m3|m|mts?2?|metros?|cm|mm|km|kg|kgs|grs?|g|lts?|l|litros?|cc|v|volts?|w|watts?"
            rf"|kw|kva|hp|cv|amp|amperes|hs|hrs?|h|horas?|min|minutos?|seg|dias?|semanas?|meses|mes|anos?"
            rf"|pulgadas?|pulg|cuotas?|unidades|uds?|u|personas|ambientes|amb|pisos?|°c?|ºc?|\"|''){_EXCUSE_END}",
        ),
    ),
    # dimensions: 2 x 1,20 / 60x40x30
    (
        ("x", "×"),
        re.compile(
            r"(?<![\d.,])\d++(?:[.,]\d++)?\s*+[x×]\s*+\d++(?:[.,]\d++)?(?:\s*+[x×]\s*+\d++(?:[.,]\d++)?)?"
        ),
    ),
    # dates: 15/03/2025, 15-03-25, 2025-03-15, and day/month or fractions: 15/04, 3/4
    (
        ("/", "-", "."),
        re.compile(
            r"(?<![\d.,/\-])(?:0?[1-9]|[12]\d|3[01])\s*([/.\-])\s*(?:0?[1-9]|1[0-2])\s*\1\s*(?:19\d\d|20\d\d|\d\d)"
            r"(?![\d/\-]|\.\d)"
        ),
    ),
    (
        ("/", "-", "."),
        re.compile(
            r"(?<![\d.,/\-])(?:19|20)\d\d([/.\-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d/\-]|\.\d)"
        ),
    ),
    (("/",), re.compile(r"(?<![\d.,/\-])\d{1,2}/\d{1,2}(?![\d/\-])")),
    # times: 14:30, 9.30 hs, 14h30
    ((":",), re.compile(r"(?<![\d.,])\d{1,2}\s*:\s*\d{2}(?!\d)")),
    (
        ("h", "am", "pm"),
        re.compile(rf"(?<![\d.,])\d{{1,2}}[.h]\d{{2}}\s*(?:hs|hrs?|h|horas|am|pm){_EXCUSE_END}"),
    ),
    # thousands and decimals: 1.250.000, 15.000,50, 3,5
    ((".",), re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d|[.,]\d)")),
    ((",",), re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,])")),
    # invoice numbers 0001-00012345 and CUIT/CUIL 20-12345678-3
    (("-",), re.compile(r"(?<!\d)00\d{2,3}\s*-\s*\d{4,8}(?!\d)")),
    (("-",), re.compile(r"(?<!\d)(?:20|23|24|27|30|33|34)\s*-\s*\d{8}\s*-\s*\d(?!\d)")),
    (("cui",), re.compile(r"(?<!\w)cui[tl]\W{0,4}\d{2}\D?\d{8}\D?\d(?!\d)")),
)
_DIGIT_RUN = re.compile(r"(?:\+[ \t]*)?\(?\d+(?:[ \t.\-\u2010-\u2015/()_*|,~\u00b7\u2022]{1,4}\d+)*")
_DIGITS = re.compile(r"\d+")
_CONTACT_WORDS = re.compile(
    rf"{_WORD_START}(?:tel|telefono|tel[eé]f|cel|celu|celular|movil|whats\s?app|whats|wsp|wpp|wapp|wasap"
    rf"|watsap|guasap|llam\w*|escrib\w*|agend\w*|contact\w*|mi\s+(?:numero|nro|num|n°)"
    rf"|numero\s+(?:de\s+)?(?:tel\w*|cel\w*|contacto|whats\w*|wsp)){_WORD_END}",
)
# Reference numbers: a run of digits without separators right after one of these words is not a phone.
_REFERENCE_WORDS = re.compile(
    rf"{_EXCUSE_START}(?:serie|s/n|n/s|sn|pedido|orden|operacion|comprobante|factura|cbu|cvu|dni|cuit|cuil"
    rf"|legajo|expediente|tracking|seguimiento|envio|reclamo|ticket|codigo|transaccion|referencia|ref|id"
    rf"|cliente|medidor|nis|partida|lote|patente|poliza|socio|afiliado){_EXCUSE_END}",
)
# what may stand between the reference word and the number: "nro.", "de pago MP es", "#"
_REFERENCE_GAP = re.compile(r"(?:\s*+[:#.\-]?\s*+(?:[a-z°º]{1,15}\.?)?){0,5}\s*+[:#.\-]?\s*+")
_REFERENCE_REACH: Final = 40
_CONTEXT_BEFORE: Final = 30  # characters between a contact word and the number after it
_CONTEXT_AFTER: Final = 20  # ... and between a number and a contact word after it
_MAX_LIBRARY_CALLS: Final = 16
_MARGIN: Final = 20  # around a candidate run, where the shapes that are not phones are looked for
_MAX_ROUNDS: Final = 4  # of judging runs again as they will look once the findings next to them are masked


@dataclass(frozen=True)
class _Run:
    start: int  # first digit
    end: int  # after the last digit
    groups: tuple[str, ...]
    prefix: int  # where the run starts with its "+" or "(", if any
    plus: bool


def _digit_runs(work: str, start: int, end: int) -> list[_Run]:
    """Runs of digit groups; a comma only joins groups of one or two digits (spelled-out numbers)."""
    runs: list[_Run] = []
    for match in _DIGIT_RUN.finditer(work, start, end):
        prefix: int | None = match.start()
        groups: list[re.Match[str]] = []
        for group in _DIGITS.finditer(work, match.start(), match.end()):
            if groups:
                gap = work[groups[-1].end() : group.start()]
                if "," in gap and (len(groups[-1].group()) > 2 or len(group.group()) > 2):
                    runs.append(_run(work, groups, prefix))
                    prefix = None
                    groups = []
            groups.append(group)
        if groups:
            runs.append(_run(work, groups, prefix))
    return runs


def _run(work: str, groups: list[re.Match[str]], prefix: int | None) -> _Run:
    start = groups[0].start()
    first = start if prefix is None else prefix
    return _Run(start, groups[-1].end(), tuple(g.group() for g in groups), first, "+" in work[first:start])


def _is_year(group: str) -> bool:
    return len(group) == 4 and group[:2] in ("19", "20")


def _classify(run: _Run, around: _Surroundings) -> bool:
    text = around.text
    groups = run.groups
    digits = sum(len(g) for g in groups)
    if digits < 7 or max(len(g) for g in groups) > 15:
        return False
    # Shapes that look like something else are still phones if phonenumbers knows them as valid numbers.
    if len(groups) == 1 and around.after_reference_word(run):
        return around.library_says_phone(run)  # número de serie 202301150045, pedido 2000004567891
    if len(groups) > 1 and all(_is_year(g) for g in groups):
        return around.near_contact_word(run) or around.library_says_phone(run)  # 2019-2020, 2019 2020
    if all(len(g) >= 3 and g.endswith("00") for g in groups):
        return around.library_says_phone(run)  # 15000-20000, 150000 200000: a price range
    if len(groups) >= 3 and (all(g.endswith("0") for g in groups) or _is_progression(groups)):
        # lists: 60 80 100 120, 1, 2, 3, 4, 5, 6, 7, 8, 12 13 14 15
        return around.near_contact_word(run) or around.library_says_phone(run)
    before = text[run.prefix - 1] if run.prefix > 0 else " "
    before2 = text[run.prefix - 2] if run.prefix > 1 else " "
    after = text[run.end] if run.end < len(text) else " "
    glued = (
        _is_letter(before) or (before == "-" and _is_letter(before2)) or before == "#" or _is_letter(after)
    )
    if digits >= 10:
        return True
    if glued:
        return False  # model numbers: XR-2500, T60, SN12345678
    if run.plus and digits >= 8:
        return True
    if "," in text[run.start : run.end]:
        return around.near_contact_word(run)
    if digits >= 8 and (len(groups) >= 3 or tuple(len(g) for g in groups[-2:]) == (4, 4)):
        return True  # 4567-8901, 45 67 89 01, spelled-out digits
    return around.near_contact_word(run) or around.library_says_phone(run)


def _is_progression(groups: tuple[str, ...]) -> bool:
    values = [int(g) for g in groups]
    step = values[1] - values[0]
    return step != 0 and all(b - a == step for a, b in itertools.pairwise(values))


def _is_letter(char: str) -> bool:
    return char.isalpha() or char in "[]"  # the brackets of a mask count as letters (see _WORD_START)


class _Surroundings:
    """What is around a run of digits: contact words, reference words, other findings."""

    def __init__(self, text: str, barriers: list[tuple[int, int]]) -> None:
        self.text = text
        self._contact_words: tuple[list[int], list[int]] | None = None
        self._reference_ends: list[int] | None = None
        ordered = sorted(barriers)
        self._barrier_starts = [start for start, _ in ordered]
        self._barrier_reach = list(itertools.accumulate((end for _, end in ordered), max))
        self._library_calls = 0

    def _blocked(self, start: int, end: int) -> bool:
        count = bisect.bisect_left(self._barrier_starts, end)  # barriers that start before the gap ends
        return count > 0 and self._barrier_reach[count - 1] > start

    def near_contact_word(self, run: _Run) -> bool:
        """A contact word ("cel", "wsp", "llamame"…) just before or after the run, no finding between."""
        if self._contact_words is None:
            found = [(m.start(), m.end()) for m in _CONTACT_WORDS.finditer(self.text)]
            self._contact_words = ([start for start, _ in found], [end for _, end in found])
        starts, ends = self._contact_words
        before = bisect.bisect_right(ends, run.prefix) - 1  # the closest word ending before the run
        if (
            before >= 0
            and run.prefix - ends[before] <= _CONTEXT_BEFORE
            and not self._blocked(ends[before], run.prefix)
        ):
            return True
        after = bisect.bisect_left(starts, run.end)  # the closest word starting after it
        return (
            after < len(starts)
            and starts[after] - run.end <= _CONTEXT_AFTER
            and not self._blocked(run.end, starts[after])
        )

    def after_reference_word(self, run: _Run) -> bool:
        """The run follows "pedido", "n° de serie", "CBU"…"""
        if self._reference_ends is None:
            self._reference_ends = [m.end() for m in _REFERENCE_WORDS.finditer(self.text)]
        index = bisect.bisect_right(self._reference_ends, run.prefix) - 1
        if index < 0:
            return False
        end = self._reference_ends[index]
        if run.prefix - end > _REFERENCE_REACH or self._blocked(end, run.prefix):
            return False
        gap = _REFERENCE_GAP.match(self.text, end, run.prefix)
        return gap is not None and gap.end() == run.prefix

    def library_says_phone(self, run: _Run) -> bool:
        """``phonenumbers`` finds a valid number in the run (Argentine unless it has a country code)."""
        self._library_calls += 1
        if self._library_calls > _MAX_LIBRARY_CALLS:
            return False
        try:
            candidate = self.text[run.prefix : run.end]
            matcher = phonenumbers.PhoneNumberMatcher(candidate, "AR", leniency=phonenumbers.Leniency.VALID)
            return any(_digit_count(match.raw_string) >= 7 for match in matcher)
        except Exception:  # the library must never take moderation down
            return False


def _digit_count(text: str) -> int:
    return sum(1 for char in text if char.isdigit())


def _find_phones(text: str, barriers: list[tuple[int, int]]) -> list[tuple[Kind, int, int]]:
    """Phone numbers, also judged as they will look once the other findings are masked.

    Masking a finding changes the digits next to it ("…Ab1 1 5 4 3 2 1 0 9" loses a digit and the letter
    glued to it once the link is masked; "…1098ID de pago 98765432109" loses the "ID" that excused the
    second number once the first is masked).  The runs near findings are judged again in a view of the text
    where every finding so far is replaced by a mask-like stand-in, until that finds nothing new; so the
    masked text is final: moderating it again finds nothing new.
    """
    found = _find_phones_in(text, barriers)
    masked = barriers + [(start, end) for _, start, end in found]
    fresh = masked
    for _ in range(_MAX_ROUNDS):
        if not fresh:
            break
        view = list(text)
        for start, end in masked:
            view[start:end] = "[" + "q" * (end - start - 2) + "]" if end - start >= 2 else "q"
        near = _Spans([(max(0, start - _MARGIN), end + _MARGIN) for start, end in fresh])
        known = _Spans(masked)
        new = [f for f in _find_phones_in("".join(view), masked, near) if not known.cover(f[1], f[2])]
        found.extend(new)
        fresh = [(start, end) for _, start, end in new]
        masked = masked + fresh
    return found


def _blank_not_phones(text: str, windows: list[list[int]]) -> str:
    """The text with the shapes that are not phones (prices, dates…) in the windows blanked out."""
    if 2 * sum(end - start for start, end in windows) > len(text):
        windows = [[windows[0][0], windows[-1][1]]]  # one pass over the whole stretch is cheaper
    work = list(text)
    for window_start, window_end in windows:
        chunk = text[window_start:window_end]
        for hints, pattern in _NOT_PHONES:
            if hints is not None and not any(hint in chunk for hint in hints):
                continue
            for match in pattern.finditer(text, window_start, window_end):
                work[match.start() : match.end()] = "\x00" * (match.end() - match.start())
    return "".join(work)


def _find_phones_in(
    text: str, barriers: list[tuple[int, int]], near: _Spans | None = None
) -> list[tuple[Kind, int, int]]:
    # Only runs of at least 7 digits can be phones.  Blanking out the shapes that are not phones can only
    # split runs, so those (costlier) rules only run around the candidates.
    windows: list[list[int]] = []
    for match in _DIGIT_RUN.finditer(text):
        if near is not None and not near.overlap(match.start(), match.end()):
            continue  # far from every other finding: the first pass has judged it already
        if match.end() - match.start() >= 7 and _digit_count(match.group()) >= 7:
            start, end = max(0, match.start() - _MARGIN), min(len(text), match.end() + _MARGIN)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
    if not windows:
        return []
    work_text = _blank_not_phones(text, windows)
    around = _Surroundings(text, barriers)
    found: list[tuple[Kind, int, int]] = []
    for window_start, window_end in windows:
        for run in _digit_runs(work_text, window_start, window_end):
            if _classify(run, around):
                found.append(("telefono", run.prefix, run.end))
    return found


# --------------------------------------------------------------------------------------------------
# Masking
# --------------------------------------------------------------------------------------------------


class _Spans:
    """A union of spans, asked whether it covers a span whole."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        union: list[list[int]] = []
        for start, end in sorted(spans):
            if union and start <= union[-1][1]:
                union[-1][1] = max(union[-1][1], end)
            else:
                union.append([start, end])
        self._starts = [start for start, _ in union]
        self._ends = [end for _, end in union]

    def cover(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and end <= self._ends[index]

    def overlap(self, start: int, end: int) -> bool:
        index = bisect.bisect_left(self._starts, end) - 1  # the last span that starts before `end`
        return index >= 0 and self._ends[index] > start


def _merge_findings(findings: list[Finding]) -> tuple[Finding, ...]:
    """Same-kind findings that overlap become one; the result is sorted by position."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.kind, f.start, f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == finding.kind and finding.start <= last.end:
            merged[-1] = Finding(last.kind, last.start, max(last.end, finding.end))
        else:
            merged.append(finding)
    return tuple(sorted(merged, key=lambda f: (f.start, f.end, f.kind)))


def _mask(text: str, findings: tuple[Finding, ...]) -> str:
    spans: list[list[int]] = []
    for finding in sorted(findings, key=lambda f: f.start):
        if spans and _joinable(text[spans[-1][1] : finding.start]):
            spans[-1][1] = max(spans[-1][1], finding.end)
        else:
            spans.append([finding.start, finding.end])
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(MASK)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _joinable(gap: str) -> bool:
    """Findings overlap (negative gap), touch, or are separated only by spaces and punctuation."""
    return all(not c.isalnum() for c in gap) and "\n" not in gap


def moderate(text: str) -> ModerationResult:
    """Find the contact details in ``text`` and mask them (see the module docstring)."""
    if not text:
        return ModerationResult(text, ())
    normalised = _normalise(text)
    norm = normalised.lower
    raw: list[tuple[Kind, int, int]] = []
    raw.extend(_find_emails(norm))
    raw.extend(_find_links(norm))
    raw.extend(_find_handles(norm))
    # the domain of an e-mail address is not a link of its own, nor is "arroba gmail" a handle
    emails = _Spans([(start, end) for kind, start, end in raw if kind == "email"])
    raw = [item for item in raw if item[0] == "email" or not emails.cover(item[1], item[2])]
    barriers = [(start, end) for _, start, end in raw]
    barriers.extend((m.start(), m.end()) for m in _MASK_IN_TEXT.finditer(norm))
    raw.extend(_find_phones(norm, barriers))
    findings = [Finding(kind, *normalised.span(start, end)) for kind, start, end in raw if end > start]
    if not findings:
        return ModerationResult(text, ())
    merged = _merge_findings(findings)
    return ModerationResult(_mask(text, merged), merged)
