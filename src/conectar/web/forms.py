"""Sending a form to the API, one way for every page: call it, and when the API refuses, show the same page
again with each refusal under its field (and what was typed kept, by the page's own renderer).

    saved = await submit(
        w.api.put_model("/users/me", User, body),
        lambda errors: account_page(w, errors=errors, values=fields, section="datos"),
    )
    if isinstance(saved, Response):
        return saved  # the form again, 400, with the refusals under their fields
    ...  # saved is the User the API answered

A 422's ``detail[].loc`` names the field (the API's name; ``aliases`` maps it to the form's) and its
message is written in Spanish (:func:`conectar.web.api.error_text`); any other refusal is one message at
the top of the form (``__all__``), or under a field the page names.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from fastapi.responses import Response

from conectar.web.api import ApiContractError, ApiError

T = TypeVar("T")

GENERAL = "__all__"

Rerender = Callable[[dict[str, str]], Awaitable[Response]]
"""The page with its form again, given the refusals by field (``__all__``: the top of the form)."""

Special = Callable[[ApiError], Awaitable[Response | None]]
"""A refusal that is not the form's to show (a redirect, another page): its response, or None."""


def form_errors(
    error: ApiError,
    *,
    aliases: Mapping[str, str] | None = None,
    field: str | None = None,
    general: Callable[[ApiError], str | None] | None = None,
    general_to: str | None = None,
    general_if: Callable[[ApiError], bool] | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A refusal as the form shows it: messages by field name, never empty.

    - ``aliases``: API field names to the form's (``{"username": "email"}``);
    - a refusal not about one field is ``__all__``, with ``general(error)`` as its text when that gives one
      (``error.message`` otherwise);
    - ``general_to``: that message goes under this field instead (only when ``general_if(error)``, if given);
    - ``field``: the form has one field: its own message, or the first one, goes under it;
    - ``extra``: entries the page wants beside the messages (which form of the page was sent…).
    """
    found = error.field_errors(aliases)
    if not found:
        found = {GENERAL: (general(error) if general else None) or error.message}
    if general_to and GENERAL in found and (general_if is None or general_if(error)):
        found[general_to] = found.pop(GENERAL)
    if field is not None:
        found = {field: found.get(field) or next(iter(found.values()))}
    return {**(extra or {}), **found}


async def submit(
    call: Awaitable[T],
    rerender: Rerender,
    *,
    special: Special | None = None,
    aliases: Mapping[str, str] | None = None,
    field: str | None = None,
    general: Callable[[ApiError], str | None] | None = None,
    general_to: str | None = None,
    general_if: Callable[[ApiError], bool] | None = None,
    extra: Mapping[str, str] | None = None,
) -> T | Response:
    """The API's answer to ``call``, or, when it refuses, the page again with the refusal by field
    (:func:`form_errors`). ``special`` sees the refusal first: a response it returns is used instead.

    An answer that does not fit its model is not a refusal: the API did what was asked, so showing the form
    again would invite a second submit. It propagates (the "not available" page, 502)."""
    try:
        return await call
    except ApiContractError:
        raise
    except ApiError as exc:
        if special is not None:
            response = await special(exc)
            if response is not None:
                return response
        return await rerender(
            form_errors(
                exc,
                aliases=aliases,
                field=field,
                general=general,
                general_to=general_to,
                general_if=general_if,
                extra=extra,
            )
        )
