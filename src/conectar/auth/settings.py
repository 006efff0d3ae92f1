"""Settings only the auth service reads (``CONECTAR_*``).

The default access-token lifetime (``CONECTAR_ACCESS_TOKEN_TTL_SECONDS``) is a platform setting, because
the web app and the key rotation read it too.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from conectar.platform.app import ServiceContext
from conectar.platform.client_hint import is_client_name

# The longest access token a client may be given: a stolen token is usable until it expires (docs/legacy.md).
MAX_CLIENT_ACCESS_TOKEN_TTL_SECONDS = 3600
MIN_CLIENT_ACCESS_TOKEN_TTL_SECONDS = 60


class AuthSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONECTAR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    auth_client_access_token_ttl_seconds: Annotated[
        dict[
            str,
            Annotated[
                int, Field(ge=MIN_CLIENT_ACCESS_TOKEN_TTL_SECONDS, le=MAX_CLIENT_ACCESS_TOKEN_TTL_SECONDS)
            ],
        ],
        NoDecode,
    ] = Field(
        default_factory=dict,
        description="Access-token lifetime per client, as a JSON object of client name to seconds "
        '(60–3600), e.g. {"legacy-frontend": 3600}. The client is the one the gateway names '
        "(X-Conectar-Client: legacy-frontend under /legacy/api/v1); every other request gets "
        "CONECTAR_ACCESS_TOKEN_TTL_SECONDS.",
    )

    @field_validator("auth_client_access_token_ttl_seconds", mode="before")
    @classmethod
    def _parse_map(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = json.loads(value) if value.strip() else {}
        if isinstance(value, dict):
            unknown = [name for name in value if not isinstance(name, str) or not is_client_name(name)]
            if unknown:
                raise ValueError(f"not a client name: {unknown}")
        return value

    def access_token_ttl(self, client: str | None, default: int) -> int:
        """The lifetime of an access token issued to ``client`` (the default for any other)."""
        if client is None:
            return default
        return self.auth_client_access_token_ttl_seconds.get(client, default)

    def longest_access_token_ttl(self, default: int) -> int:
        """How long the longest-lived access token issued now may live (signing keys stay published as
        long)."""
        return max([default, *self.auth_client_access_token_ttl_seconds.values()])


def auth_settings(ctx: ServiceContext) -> AuthSettings:
    """The service's own settings, read from the environment once per service context."""
    found = ctx.extras.get("auth_settings")
    if not isinstance(found, AuthSettings):
        found = ctx.extras["auth_settings"] = AuthSettings()
    return found
