"""Roles and the internal account model shared by the services that need them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Rol(StrEnum):
    CLIENTE = "CLIENTE"
    PROFESIONAL = "PROFESIONAL"
    ADMIN = "ADMIN"


class AccountInfo(BaseModel):
    """The auth service's answer to ``GET /internal/v1/accounts/{id}``."""

    id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    rol: Rol
    is_active: bool
    fecha_creacion: datetime


class PasswordChangeRequest(BaseModel):
    current_password: str
    new_password: str
    keep_session_jti: str | None = None


class BanResult(BaseModel):
    id: uuid.UUID
    is_active: bool


class StaffActorInfo(BaseModel):
    """The ADMIN behind a staff action another service performs for them (for its audit record)."""

    actor_id: uuid.UUID
    ip: str | None = None


class PasswordCheck(BaseModel):
    """``POST /internal/v1/accounts/{id}/verify-password``: the person confirms who they are."""

    password: str
    address: str


class UserRead(BaseModel):
    """The public shape of a user (SPEC §1), answered by auth (register) and users (me, admin)."""

    id: uuid.UUID
    email: str
    nombre: str
    apellido: str
    rol: Rol
    is_active: bool
    fecha_creacion: datetime
    avatar_url: str | None = None
    telefono: str | None = None
    infracciones_chat: int = 0
    is_chat_banned: bool = False
    es_admin: bool
    es_profesional: bool
    es_cliente: bool

    @classmethod
    def build(cls, **fields: object) -> UserRead:
        rol = Rol(str(fields["rol"]))
        return cls.model_validate(
            {
                **fields,
                "rol": rol,
                "es_admin": rol is Rol.ADMIN,
                "es_profesional": rol is Rol.PROFESIONAL,
                "es_cliente": rol is Rol.CLIENTE,
            }
        )
