"""Professionals' pages: published services and hiring them (row 5), a professional's own published
services (row 7), portfolios (row 9), the public profile's reviews (row 10)."""

from __future__ import annotations

import asyncio
from typing import Any

from . import mappings
from .calls import Answer, LegacyRequest
from .upstream import Reply


async def get_proyectos_publicados(request: LegacyRequest) -> Answer:
    """GET /servicios (publicService.getProyectosPublicados): every hireable service, each with an ``id``
    and its professional and oficio nested."""
    query = [(k, v) for k, v in request.query if k in ("oficio_id", "lat", "lng")]
    servicios, oficios = await asyncio.gather(
        request.v1.all_pages("/servicios", query, limit=100), request.v1.json("GET", "/public/oficios")
    )
    by_id = {str(o["id"]): o for o in oficios or []}
    return Answer([mappings.servicio(s, by_id, request.settings.base_url) for s in servicios])


async def contratar_proyecto(request: LegacyRequest) -> Answer | Reply:
    """POST /cliente/servicios/{servicio_id}/contratar (clienteService.contratarProyecto): the legacy id
    of a published service names the service and its professional; v1 takes the second in the body."""
    ids = mappings.split_servicio_id(request.params["servicio_id"])
    if ids is None:
        # A plain id: a service a professional published (v1 needs no body; one sent goes along).
        return await request.v1.call(
            "POST", f"/cliente/servicios/{request.uuid('servicio_id')}/contratar", stream_body=True
        )
    servicio_id, profesional_id = ids
    return await request.v1.call(
        "POST",
        f"/cliente/servicios/{servicio_id}/contratar",
        json_body={"profesional_id": str(profesional_id)},
    )


def servicios_publicados(data: Any, _request: LegacyRequest) -> Any:
    """A professional's own published service, or a list of them, as the publish page reads them (an
    ``answer`` for :func:`calls.alias`)."""
    if isinstance(data, list):
        return [mappings.servicio_publicado(item) for item in data if isinstance(item, dict)]
    return mappings.servicio_publicado(data) if isinstance(data, dict) else data


def portfolio(data: Any, request: LegacyRequest) -> Any:
    """A portfolio item, or a list of them, with ``imagenes_urls[]`` (an ``answer`` for :func:`calls.alias`)."""
    base_url = request.settings.base_url
    if isinstance(data, list):
        return [mappings.portfolio_item(item, base_url) for item in data]
    return mappings.portfolio_item(data, base_url)


def perfil_publico(data: Any, request: LegacyRequest) -> Any:
    """GET /public/professional/{id} (publicService.getProfessionalProfile): reviews with ``comentario``,
    ``cliente_nombre``, ``created_at``; the portfolio with ``imagenes_urls[]``."""
    return mappings.perfil_publico(data, request.settings.base_url)
