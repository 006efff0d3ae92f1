"""Request and response models of the users service."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conectar.contracts.identity import UserRead

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    nombre: Name | None = None
    apellido: Name | None = None
    telefono: Annotated[str | None, Field(max_length=40)] = None


class PasswordChange(BaseModel):
    current_password: Annotated[str, Field(min_length=1, max_length=128)]
    new_password: Annotated[str, Field(min_length=8, max_length=128)]


class MessageResponse(BaseModel):
    message: str
    success: bool = True


class UserPage(BaseModel):
    users: list[UserRead]
    total: int
    page: int
    limit: int
    totalPages: int


class UserMetrics(BaseModel):
    total_clientes: int
    total_profesionales: int
    total_pro_pendientes_kyc: int
    total_pro_aprobados: int


class BanResponse(BaseModel):
    message: str
    user: UserRead
