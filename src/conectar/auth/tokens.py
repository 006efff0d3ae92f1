"""Access tokens (EdDSA JWTs) and opaque refresh and reset tokens, stored only as hashes."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from conectar.auth.keys import ALGORITHM, Signer
from conectar.platform.db import utcnow


@dataclass(frozen=True)
class IssuedAccess:
    token: str
    jti: str
    expires_at: datetime


def issue_access_token(
    signer: Signer, *, user_id: uuid.UUID, rol: str, issuer: str, audience: str, ttl_seconds: int
) -> IssuedAccess:
    now = utcnow()
    expires = now + timedelta(seconds=ttl_seconds)
    jti = uuid.uuid4().hex
    token = jwt.encode(
        {
            "sub": str(user_id),
            "rol": rol,
            "jti": jti,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "iss": issuer,
            "aud": audience,
            "typ": "access",
        },
        signer.private_key,
        algorithm=ALGORITHM,
        headers={"kid": signer.kid},
    )
    return IssuedAccess(token=token, jti=jti, expires_at=expires)


def new_opaque_token() -> str:
    return secrets.token_urlsafe(48)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
