"""Settings only the web app reads (``CONECTAR_WEB_*``; see ``.env.example``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_PAYMENT_ORIGINS = (
    "https://www.mercadopago.com.ar",
    "https://www.mercadopago.com",
    "https://sandbox.mercadopago.com.ar",
)
DEFAULT_TILE_ORIGINS = ("https://tile.openstreetmap.org", "https://*.tile.openstreetmap.org")


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONECTAR_WEB_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    gateway_url: str | None = Field(
        default=None,
        description="Where the web app reaches the gateway in distributed mode (default: "
        "http://127.0.0.1:<CONECTAR_PORT>). In standalone mode it calls the gateway in the same process.",
    )
    tile_url: str = Field(
        default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="Map tiles (OpenStreetMap); the only resource pages load from another site.",
    )
    tile_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_TILE_ORIGINS),
        description="Origins allowed for map tile images in the pages' Content-Security-Policy.",
    )
    payment_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DEFAULT_PAYMENT_ORIGINS),
        description="Checkout origins a form may redirect to (MercadoPago); the platform's own is always allowed.",
    )
    api_timeout_seconds: float = Field(default=15.0, description="Timeout of one call to the public API.")

    @field_validator("tile_origins", "payment_origins", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
