"""What a visitor was doing when the site asked them to sign in, finished once they did.

"Enviar mensaje" or "Contratar" pressed while signed out does not lose the intent: the action is kept in the
sealed session (:attr:`SessionData.pending`, so nobody can plant one in someone else's browser), the login
and registration pages say what happens next, and whichever of the two the person completes carries it
out: the conversation with that professional is opened, or the hire's summary is shown before paying.
A pending action is forgotten after :data:`PENDING_TTL_SECONDS`, once done, or when the person signs out.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from conectar.web.api import ApiError
from conectar.web.apimodels import Chat, PublicProfile
from conectar.web.core import Web
from conectar.web.session import SessionData

PENDING_TTL_SECONDS = 30 * 60
CONTACT = "contactar"
HIRE = "contratar"
ACTIONS = frozenset({CONTACT, HIRE})


@dataclass(frozen=True)
class PendingAction:
    """``accion`` on the professional's public profile ``profesional_id`` (and the instant service
    ``servicio_id`` for a hire); ``nombre`` and ``servicio`` are only for telling the person."""

    accion: str
    profesional_id: uuid.UUID
    nombre: str
    servicio_id: uuid.UUID | None = None
    servicio: str = ""
    at: int = 0

    def store(self, session: SessionData) -> None:
        session.pending = {
            "accion": self.accion,
            "profesional_id": str(self.profesional_id),
            "nombre": self.nombre[:120],
            "servicio_id": str(self.servicio_id) if self.servicio_id else "",
            "servicio": self.servicio[:120],
            "at": str(self.at or int(time.time())),
        }
        session.dirty = True

    @classmethod
    def of(cls, session: SessionData, now: float | None = None) -> PendingAction | None:
        """The session's pending action, None when there is none, it expired or it is malformed."""
        raw = session.pending
        if not isinstance(raw, dict):
            return None
        try:
            action = cls(
                accion=str(raw["accion"]),
                profesional_id=uuid.UUID(str(raw["profesional_id"])),
                nombre=str(raw.get("nombre") or ""),
                servicio_id=uuid.UUID(str(raw["servicio_id"])) if raw.get("servicio_id") else None,
                servicio=str(raw.get("servicio") or ""),
                at=int(raw.get("at") or 0),
            )
        except (KeyError, ValueError):
            return None
        if action.accion not in ACTIONS or (action.accion == HIRE and action.servicio_id is None):
            return None
        if (now if now is not None else time.time()) - action.at > PENDING_TTL_SECONDS:
            return None
        return action

    @property
    def profile_path(self) -> str:
        return f"/profesionales/{self.profesional_id}"

    @property
    def summary_path(self) -> str:
        return f"/profesionales/{self.profesional_id}/contratar/{self.servicio_id}"

    def promise(self) -> str:
        """What happens once the person is in, as the login and registration pages say it."""
        if self.accion == CONTACT:
            return f"Ingresá o creá tu cuenta para escribirle a {self.nombre}: después te llevamos a la conversación."
        return (
            f"Ingresá o creá tu cuenta para contratar «{self.servicio}» con {self.nombre}: "
            "después vas a ver el resumen antes de pagar."
        )


def forget(session: SessionData) -> None:
    if session.pending is not None:
        session.pending = None
        session.dirty = True


async def open_chat(w: Web, profesional_id: uuid.UUID) -> Chat:
    """The signed-in client's conversation with the professional of public profile ``profesional_id``
    (opened, or found: one per pair)."""
    pro = await w.api.get_model(f"/public/professional/{profesional_id}", PublicProfile, auth=False)
    return await w.api.post_model(
        "/chat/create", Chat, {"cliente_id": w.session.user_id, "profesional_id": str(pro.usuario_id)}
    )


async def finish(w: Web) -> str | None:
    """Carry out the session's pending action for the person who just signed in; where to go then (None:
    nothing was pending, the usual destination applies). The action is forgotten whatever comes of it."""
    session = w.session
    action = PendingAction.of(session)
    forget(session)
    if action is None:
        return None
    if session.rol != "CLIENTE":
        what = "inician conversaciones" if action.accion == CONTACT else "contratan servicios"
        session.flash(f"Ingresaste con una cuenta que no es de cliente: solo los clientes {what}.", "warn")
        return action.profile_path
    if action.accion == HIRE:
        session.flash("Revisá el resumen y confirmá para pagar.", "info")
        return action.summary_path
    try:
        chat = await open_chat(w, action.profesional_id)
    except ApiError as exc:
        session.flash(exc.message, "error")
        return action.profile_path
    session.flash(f"Listo: ya podés escribirle a {action.nombre}.")
    return f"/chat/{chat.id}"
