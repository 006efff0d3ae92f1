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


class BanResult(BaseModel):
    id: uuid.UUID
    is_active: bool
