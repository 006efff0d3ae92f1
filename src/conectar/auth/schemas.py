"""Request and response models of the auth service."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
NewPassword = Annotated[str, Field(min_length=8, max_length=128)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: EmailStr
    password: NewPassword
    nombre: Name
    apellido: Name
    rol: Literal["CLIENTE", "PROFESIONAL"] = Field(
        description="CLIENTE o PROFESIONAL; los administradores se crean con `conectar create-admin`."
    )


class TokenPair(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    refresh_token: str
    expires_in: int


class RefreshRequest(BaseModel):
    refresh_token: Annotated[str, Field(min_length=1, max_length=512)]


class LogoutRequest(BaseModel):
    refresh_token: Annotated[str | None, Field(default=None, max_length=512)] = None


class ForgotPasswordRequest(BaseModel):
    email: EmailStr


class ResetPasswordRequest(BaseModel):
    token: Annotated[str, Field(min_length=1, max_length=512)]
    new_password: NewPassword


class MessageResponse(BaseModel):
    message: str
    success: bool = True
