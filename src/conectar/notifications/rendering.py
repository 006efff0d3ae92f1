"""Jinja2 rendering of everything people read: short texts and e-mails (HTML and plain text), in es-AR."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import InvalidOperation
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

from conectar.contracts.money import ars, group_thousands
from conectar.notifications.catalog import Kind


def pesos(value: Any) -> str:
    """The ``pesos`` filter: :func:`conectar.contracts.money.ars`, or the value as it came when it is
    not a number."""
    try:
        return ars(value)
    except (InvalidOperation, ValueError):
        return str(value)


def miles(value: Any) -> str:
    """The ``miles`` filter: a whole number with es-AR thousands (``5000`` → ``5.000``), or the value as it
    came when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    return ("-" if value < 0 else "") + group_thousands(str(abs(value)))


def truncar(value: Any, length: int = 200) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _environment(*, autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("conectar.notifications", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=autoescape),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pesos"] = pesos
    env.filters["truncar"] = truncar
    env.filters["miles"] = miles
    return env


_templates = _environment(autoescape=False)


@lru_cache(maxsize=256)
def _short(source: str) -> Template:
    return _templates.from_string(source)


def render_short(source: str, context: dict[str, Any]) -> str:
    """A plain-text line (title, message, subject): no HTML escaping, whitespace collapsed."""
    return " ".join(_short(source).render(**context).split())


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(kind: Kind, context: dict[str, Any]) -> RenderedEmail:
    values = {"kind": kind, **context}
    subject = render_short(kind.asunto, values)
    values["asunto"] = subject
    html = _templates.get_template(f"email/{kind.tipo.value}.html.j2").render(**values)
    text = _templates.get_template(f"email/{kind.tipo.value}.txt.j2").render(**values)
    return RenderedEmail(subject=subject, text=text, html=html)
