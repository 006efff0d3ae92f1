"""Settings only the professionals service reads."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from conectar.platform.app import ServiceContext


class ProfessionalsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONECTAR_", env_file=".env", extra="ignore")

    # KYC documents of a rejected (and still rejected) or deleted professional are erased this many days
    # after the rejection or the deletion (SPEC §14).
    kyc_retention_days: int = Field(default=180, ge=0)
    # How often the retention job looks for documents past that period (one replica at a time).
    kyc_retention_interval_seconds: float = Field(default=3600, gt=0)


def professionals_settings(ctx: ServiceContext) -> ProfessionalsSettings:
    """The service's own settings, read from the environment once per service context."""
    found = ctx.extras.get("professionals_settings")
    if not isinstance(found, ProfessionalsSettings):
        found = ctx.extras["professionals_settings"] = ProfessionalsSettings()
    return found
