"""Legacy clients at the edge: the original Next.js frontend, served without bending the v1 contract.

The original frontend (Comision-3-Plus/ConectarProfesionales, ``frontend/``) calls paths and reads
field names of the monolith this platform replaced. With ``CONECTAR_LEGACY_CLIENTS_ENABLED`` its
``NEXT_PUBLIC_API_URL`` points at ``http://<gateway>/legacy``: it calls ``/legacy/api/v1/...``, and only
there do declared aliases and small adapters (``table.py``) turn its calls into v1 calls and v1 answers
into the shapes its pages read. ``/api/v1`` is untouched, for our web app and every SPEC client; the core
services never learn a legacy name. Every legacy route is counted (``metrics.py``) so that the layer can
be retired call by call. docs/legacy.md is the operator's guide.
"""

from .middleware import (
    LEGACY_API,
    LEGACY_PREFIX,
    LegacyClients,
    LegacyClientsMiddleware,
    LegacyCorsMiddleware,
)

__all__ = ["LEGACY_API", "LEGACY_PREFIX", "LegacyClients", "LegacyClientsMiddleware", "LegacyCorsMiddleware"]
