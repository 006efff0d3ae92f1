"""Offers and trabajos: the original /chat_ofertas calls (row 1), offers with the other party's name,
avatar and rating (row 8), and trabajos with an ``estado`` (row 11).

The original backend answered /chat_ofertas for "whoever is calling"; v1 has a path per role
(``/professional/...`` for professionals, ``/cliente/...`` for clients). The adapter picks the path from the
caller's verified role, and the service behind it checks the role and the ownership as for any v1 call:
a client asking for someone else's trabajo gets the service's own 404 or 403.
"""

from __future__ import annotations

import asyncio
from typing import Any

from conectar.contracts.identity import Rol
from conectar.platform.errors import BusinessRuleError, Forbidden

from . import mappings
from .calls import Answer, LegacyRequest
from .upstream import V1, gather

SOLO_PARTES = "Solo el cliente o el profesional del trabajo"
# Our professional's cancel wants a reason (10–500 characters); the original frontend sends none.
MOTIVO_CANCELACION_PROFESIONAL = "Cancelado por el profesional desde la aplicación"
# Public profiles looked up for a client's offers (each one a v1 call; upstream.MAX_CALLS bounds them all).
PROFILES = 20


def _rol(request: LegacyRequest) -> Rol:
    principal = request.v1.require_principal()
    if principal.rol not in (Rol.CLIENTE, Rol.PROFESIONAL):
        raise Forbidden(SOLO_PARTES)
    return principal.rol


def _trabajo_path(rol: Rol, trabajo_id: str) -> str:
    return (
        f"/professional/trabajos/{trabajo_id}" if rol is Rol.PROFESIONAL else f"/cliente/trabajo/{trabajo_id}"
    )


def _newest_first(ofertas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(ofertas, key=lambda o: str(o.get("fecha_creacion") or ""), reverse=True)


async def _chat_names(v1: V1) -> dict[str, dict[str, Any]]:
    """The caller's conversations by id: each one names both parties."""
    chats = await v1.json("GET", "/chat/my-chats")
    return {str(chat["id"]): chat for chat in (chats or {}).get("chats", [])}


async def _ofertas(
    request: LegacyRequest, path: str, rol: Rol, *, chat_ofertas: bool
) -> list[dict[str, Any]]:
    """Every offer of the caller, with the other party's name (and, for a client, the professional's
    avatar and rating from the public profile)."""
    v1 = request.v1
    ofertas, chats = await asyncio.gather(v1.all_pages(path, limit=100), _chat_names(v1))
    shape = mappings.oferta_chat_ofertas if chat_ofertas else mappings.oferta
    if rol is Rol.PROFESIONAL:
        return [
            shape(o, cliente_nombre=(chats.get(str(o["chat_id"])) or {}).get("cliente_nombre"))
            for o in ofertas
        ]
    # The professionals of the newest offers first, at most PROFILES of them (the fan-out bound): the
    # others keep the name their conversation carries, without avatar or rating.
    profesionales = list(dict.fromkeys(str(o["profesional_id"]) for o in _newest_first(ofertas)))[:PROFILES]

    async def perfil(user_id: str) -> dict[str, Any] | None:
        reply = await v1.call("GET", f"/public/professional/{user_id}")
        return reply.json() if reply.ok else None  # banned since, or no longer approved: name only

    perfiles = dict(zip(profesionales, await gather(perfil(u) for u in profesionales), strict=True))
    out = []
    for o in ofertas:
        perfil_pro = perfiles.get(str(o["profesional_id"]))
        chat = chats.get(str(o["chat_id"])) or {}
        nombre = (
            f"{perfil_pro['nombre']} {perfil_pro['apellido']}".strip()
            if perfil_pro
            else chat.get("profesional_nombre")
        )
        out.append(
            shape(
                o,
                cliente_nombre=chat.get("cliente_nombre"),
                profesional_nombre=nombre,
                profesional_avatar_url=mappings.absolute(
                    perfil_pro.get("avatar_url") if perfil_pro else None, request.settings.base_url
                ),
                profesional_rating=float(perfil_pro.get("rating_promedio") or 0) if perfil_pro else None,
            )
        )
    return out


# --- GET /chat_ofertas/ofertas (ofertasService.getMyOfertas) -----------------------------------------------


async def get_my_ofertas(request: LegacyRequest) -> Answer:
    rol = _rol(request)
    path = "/professional/ofertas" if rol is Rol.PROFESIONAL else "/cliente/ofertas"
    return Answer(await _ofertas(request, path, rol, chat_ofertas=True))


# --- GET /cliente/ofertas (clienteService.listOfertas) ---------------------------------------------------


async def list_ofertas_cliente(request: LegacyRequest) -> Answer:
    return Answer(await _ofertas(request, "/cliente/ofertas", Rol.CLIENTE, chat_ofertas=False))


# --- GET /chat_ofertas/trabajos (trabajosService.getMyTrabajos) --------------------------------------------


async def get_my_trabajos(request: LegacyRequest) -> Answer:
    rol = _rol(request)
    path = "/professional/trabajos" if rol is Rol.PROFESIONAL else "/cliente/trabajos"
    trabajos = await request.v1.all_pages(path, limit=100)
    return Answer([mappings.trabajo_chat_ofertas(t) for t in trabajos])


# --- GET /chat_ofertas/trabajos/{trabajo_id} (trabajosService.getTrabajoById) ------------------------------


async def _trabajo(request: LegacyRequest) -> tuple[Rol, dict[str, Any]]:
    rol = _rol(request)
    trabajo_id = str(request.uuid("trabajo_id"))
    return rol, await request.v1.json("GET", _trabajo_path(rol, trabajo_id))


async def get_trabajo_by_id(request: LegacyRequest) -> Answer:
    _, trabajo = await _trabajo(request)
    return Answer(mappings.trabajo_chat_ofertas(trabajo))


# --- GET /chat_ofertas/trabajos/{trabajo_id}/timeline (trabajosService.getTrabajoTimeline) -----------------


async def get_trabajo_timeline(request: LegacyRequest) -> Answer:
    _, trabajo = await _trabajo(request)
    return Answer(mappings.timeline(trabajo))


# --- PUT /chat_ofertas/trabajos/{trabajo_id} (trabajosService.updateTrabajo: iniciar, completar, aprobar) --


async def update_trabajo(request: LegacyRequest) -> Answer:
    rol = _rol(request)
    trabajo_id = str(request.uuid("trabajo_id"))
    body = await request.json_body()
    estado = body.get("estado") if isinstance(body, dict) else None
    if estado == "EN_PROCESO":
        # Work starts when the money is in escrow: "start" changes nothing, it shows the trabajo.
        if rol is not Rol.PROFESIONAL:
            raise Forbidden("Solo el profesional inicia el trabajo")
        trabajo = await request.v1.json("GET", _trabajo_path(rol, trabajo_id))
    elif estado == "COMPLETADO":
        if rol is not Rol.PROFESIONAL:
            raise Forbidden("Solo el profesional marca el trabajo como terminado")
        trabajo = await request.v1.json("POST", f"/professional/trabajos/{trabajo_id}/completar")
    elif estado == "APROBADO":
        if rol is not Rol.CLIENTE:
            raise Forbidden("Solo el cliente aprueba el trabajo")
        trabajo = await request.v1.json("POST", f"/cliente/trabajo/{trabajo_id}/finalizar")
    elif estado == "CANCELADO":
        trabajo = await _cancel(request, rol, trabajo_id)
    else:
        raise BusinessRuleError("Este cambio del trabajo no está disponible")
    return Answer(mappings.trabajo_chat_ofertas(trabajo))


# --- POST /chat_ofertas/trabajos/{trabajo_id}/cancelar (trabajosService.cancelarTrabajo) -------------------


async def _cancel(request: LegacyRequest, rol: Rol, trabajo_id: str) -> Any:
    if rol is Rol.PROFESIONAL:
        return await request.v1.json(
            "POST",
            f"/professional/trabajos/{trabajo_id}/cancelar",
            json_body={"motivo": MOTIVO_CANCELACION_PROFESIONAL},
        )
    return await request.v1.json("POST", f"/cliente/trabajo/{trabajo_id}/cancelar")


async def cancelar_trabajo(request: LegacyRequest) -> Answer:
    rol = _rol(request)
    trabajo = await _cancel(request, rol, str(request.uuid("trabajo_id")))
    return Answer(mappings.trabajo_chat_ofertas(trabajo))


# --- trabajos on their v1 paths, with ``estado`` (row 11) ---------------------------------------------------


async def list_all_trabajos(request: LegacyRequest) -> Answer:
    """GET /admin/trabajos (adminService.listAllTrabajos): every trabajo, whole."""
    query = [(k, v) for k, v in request.query if k == "estado"]
    trabajos = await request.v1.all_pages("/admin/trabajos", query, limit=100)
    return Answer([mappings.trabajo(t) for t in trabajos])


async def list_trabajos_cliente(request: LegacyRequest) -> Answer:
    """GET /cliente/trabajos (clienteService.listTrabajos)."""
    return Answer([mappings.trabajo(t) for t in await request.v1.all_pages("/cliente/trabajos", limit=100)])


async def list_trabajos_profesional(request: LegacyRequest) -> Answer:
    """GET /professional/trabajos (professionalService.listTrabajos)."""
    return Answer(
        [mappings.trabajo(t) for t in await request.v1.all_pages("/professional/trabajos", limit=100)]
    )
