import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from conectar.auth.keys import Signer, decrypt_private_key, encrypt_private_key, public_jwk
from conectar.auth.tokens import issue_access_token, token_hash
from conectar.contracts.identity import Rol
from conectar.platform.errors import NotAuthenticated
from conectar.platform.kv import MemoryStore
from conectar.platform.security import RevocationList, ServiceTokens, TokenVerifier

ISS, AUD = "conectar-auth", "conectar"


def make_signer(kid: str = "k1") -> Signer:
    return Signer(kid, Ed25519PrivateKey.generate())


class Jwks:
    def __init__(self, *signers: Signer) -> None:
        self.signers = list(signers)
        self.fetches = 0

    async def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": [public_jwk(s.private_key, s.kid) for s in self.signers]}


def verifier(jwks: Jwks) -> tuple[TokenVerifier, RevocationList]:
    revocations = RevocationList(MemoryStore())
    return TokenVerifier(jwks, issuer=ISS, audience=AUD, revocations=revocations), revocations


def access(signer: Signer, ttl: int = 60, rol: str = "CLIENTE") -> str:
    return issue_access_token(
        signer, user_id=uuid.uuid4(), rol=rol, issuer=ISS, audience=AUD, ttl_seconds=ttl
    ).token


async def test_valid_token_gives_the_principal() -> None:
    signer = make_signer()
    checker, _ = verifier(Jwks(signer))
    principal = await checker.verify(access(signer, rol="PROFESIONAL"))
    assert principal.rol is Rol.PROFESIONAL
    assert principal.exp > time.time()


async def test_expired_forged_and_revoked_tokens_are_refused() -> None:
    signer = make_signer()
    checker, revocations = verifier(Jwks(signer))
    with pytest.raises(NotAuthenticated, match="expirado"):
        await checker.verify(access(signer, ttl=-60))
    forger = make_signer("k1")  # same kid, different key
    with pytest.raises(NotAuthenticated):
        await checker.verify(access(forger))
    token = access(signer)
    principal = await checker.verify(token)
    await revocations.revoke(principal.jti, principal.exp)
    with pytest.raises(NotAuthenticated):
        await checker.verify(token)


async def test_tokens_with_another_algorithm_or_audience_are_refused() -> None:
    signer = make_signer()
    checker, _ = verifier(Jwks(signer))
    hs = jwt.encode(
        {
            "sub": str(uuid.uuid4()),
            "rol": "ADMIN",
            "jti": "x",
            "iat": 1,
            "exp": 2**40,
            "iss": ISS,
            "aud": AUD,
            "typ": "access",
        },
        "s" * 64,
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(NotAuthenticated):
        await checker.verify(hs)
    wrong_aud = issue_access_token(
        signer, user_id=uuid.uuid4(), rol="CLIENTE", issuer=ISS, audience="other", ttl_seconds=60
    ).token
    with pytest.raises(NotAuthenticated):
        await checker.verify(wrong_aud)
    with pytest.raises(NotAuthenticated):
        await checker.verify("not-a-jwt")


async def test_unknown_key_id_refreshes_the_jwks_once() -> None:
    old, new = make_signer("old"), make_signer("new")
    jwks = Jwks(old)
    checker, _ = verifier(jwks)
    await checker.verify(access(old))
    assert jwks.fetches == 1
    jwks.signers.append(new)  # the auth service rotated its key
    checker._fetched_at = 0.0
    await checker.verify(access(new))
    assert jwks.fetches == 2
    await checker.verify(access(old))
    assert jwks.fetches == 2


def test_private_keys_are_encrypted_at_rest() -> None:
    key = Ed25519PrivateKey.generate()
    blob = encrypt_private_key(key, "a" * 40)
    raw = Encoding.Raw, PublicFormat.Raw
    assert decrypt_private_key(blob, "a" * 40).public_key().public_bytes(
        *raw
    ) == key.public_key().public_bytes(*raw)
    with pytest.raises(Exception):
        decrypt_private_key(blob, "b" * 40)


def test_service_tokens() -> None:
    tokens = ServiceTokens("s" * 40, "users")
    assert tokens.verify(tokens.token()) == "users"
    with pytest.raises(NotAuthenticated):
        ServiceTokens("t" * 40, "auth").verify(tokens.token())
    signer = make_signer()
    with pytest.raises(NotAuthenticated):
        tokens.verify(access(signer))


def test_opaque_tokens_are_stored_hashed() -> None:
    assert token_hash("abc") != "abc"
    assert len(token_hash("abc")) == 64


def test_weaker_password_hashes_are_flagged_for_upgrade() -> None:
    from argon2 import PasswordHasher

    from conectar.auth.passwords import needs_rehash

    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash("clave")
    assert needs_rehash(weak)
