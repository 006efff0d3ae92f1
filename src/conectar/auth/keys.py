"""Signing keys: Ed25519 pairs stored encrypted, published as a JWKS, rotated without breaking tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.auth.models import SigningKey
from conectar.platform.db import Database, utcnow

ALGORITHM = "EdDSA"
SIGNER_CACHE_SECONDS = 30.0


def _kek(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"conectar-auth-signing-keys", info=b"kek").derive(
        secret_key.encode()
    )


def encrypt_private_key(key: Ed25519PrivateKey, secret_key: str) -> bytes:
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    nonce = os.urandom(12)
    return nonce + AESGCM(_kek(secret_key)).encrypt(nonce, raw, b"ed25519")


def decrypt_private_key(blob: bytes, secret_key: str) -> Ed25519PrivateKey:
    raw = AESGCM(_kek(secret_key)).decrypt(blob[:12], blob[12:], b"ed25519")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_jwk(key: Ed25519PrivateKey, kid: str) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": ALGORITHM, "use": "sig"})
    return jwk


def _kid(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest()[:12]).decode().rstrip("=")


async def create_key(session: AsyncSession, secret_key: str) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    kid = _kid(private)
    row = SigningKey(
        kid=kid,
        algorithm=ALGORITHM,
        private_key_encrypted=encrypt_private_key(private, secret_key),
        public_jwk=public_jwk(private, kid),
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return row


async def active_key(session: AsyncSession) -> SigningKey | None:
    result = await session.execute(
        select(SigningKey)
        .where(SigningKey.retired_at.is_(None))
        .order_by(SigningKey.created_at.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def published_keys(session: AsyncSession) -> list[SigningKey]:
    now = utcnow()
    result = await session.execute(
        select(SigningKey)
        .where(or_(SigningKey.retired_at.is_(None), SigningKey.publish_until > now))
        .order_by(SigningKey.created_at.desc())
    )
    return list(result.scalars())


async def rotate(session: AsyncSession, secret_key: str, access_ttl_seconds: int) -> SigningKey:
    """Make a new signing key; earlier ones stay published until their last tokens expire."""
    now = utcnow()
    result = await session.execute(
        select(SigningKey).where(SigningKey.retired_at.is_(None)).with_for_update()
    )
    for old in result.scalars():
        old.retired_at = now
        # Other replicas may keep signing with the old key for up to SIGNER_CACHE_SECONDS.
        old.publish_until = now + timedelta(seconds=access_ttl_seconds + SIGNER_CACHE_SECONDS + 60)
    return await create_key(session, secret_key)


@dataclass
class Signer:
    kid: str
    private_key: Ed25519PrivateKey


class KeyRing:
    """The current signing key of this replica, re-read from the database every few seconds."""

    def __init__(self, db: Database, secret_key: str) -> None:
        self.db = db
        self.secret_key = secret_key
        self._signer: Signer | None = None
        self._loaded_at = 0.0

    async def ensure_key(self) -> None:
        async with self.db.session(write=True) as session:
            if await active_key(session) is None:
                await create_key(session, self.secret_key)
        self._loaded_at = 0.0

    async def signer(self) -> Signer:
        if self._signer is not None and time.monotonic() - self._loaded_at < SIGNER_CACHE_SECONDS:
            return self._signer
        async with self.db.session(write=False) as session:
            row = await active_key(session)
        if row is None:
            await self.ensure_key()
            async with self.db.session(write=False) as session:
                row = await active_key(session)
            assert row is not None
        self._signer = Signer(row.kid, decrypt_private_key(row.private_key_encrypted, self.secret_key))
        self._loaded_at = time.monotonic()
        return self._signer

    def forget(self) -> None:
        self._signer = None
