"""Which client a request comes from, as the gateway says (``X-Conectar-Client``).

The gateway drops a caller's own header of that name on every request it forwards and writes it only when
one of its layers recognised the client and marked the request's ASGI scope (``SCOPE_KEY``): today the
legacy layer, for everything under ``/legacy/api/v1`` (docs/legacy.md). A service reads it with
``ClientHint`` to choose among per-client settings that live on the server (auth's access-token lifetime,
chat's payment return pages). It is a hint, never proof of identity (anyone may call ``/legacy``): never
grant or refuse anything on it.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Request

CLIENT_HEADER = "x-conectar-client"
# The scope key a gateway layer sets; the gateway's forwarding turns it into the header.
SCOPE_KEY = "conectar.client"
# A client's name: what settings map from (``legacy-frontend``).
_NAME = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?")


def is_client_name(value: str) -> bool:
    return _NAME.fullmatch(value) is not None


async def client_of(request: Request) -> str | None:
    """The client the gateway named for this request, or None (our own clients, or an odd value)."""
    value = request.headers.get(CLIENT_HEADER)
    if value is None or not is_client_name(value):
        return None
    return value


# A route parameter: the client the gateway named (not a documented header: callers cannot set it).
ClientHint = Annotated[str | None, Depends(client_of)]
