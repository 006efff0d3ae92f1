"""The memo of verified tokens: one verification per token, revocation checked every time."""

from __future__ import annotations

import time
import uuid

import pytest

from conectar.contracts.identity import Rol
from conectar.platform.errors import NotAuthenticated
from conectar.platform.kv import MemoryStore
from conectar.platform.security import Principal, RevocationList, VerifiedTokens


class CountingVerifier:
    """Stands in for the kernel's TokenVerifier: every token is valid for ``ttl`` seconds."""

    def __init__(self, revocations: RevocationList, ttl: int = 900) -> None:
        self.revocations = revocations
        self.ttl = ttl
        self.calls = 0

    async def verify(self, token: str) -> Principal:
        self.calls += 1
        now = int(time.time())
        principal = Principal(uuid.uuid4(), Rol.CLIENTE, jti=f"jti-{token}", exp=now + self.ttl, iat=now)
        if await self.revocations.is_revoked(principal.jti):
            raise NotAuthenticated("Sesión cerrada")
        return principal


def memo(ttl: int = 900, max_tokens: int = 100) -> tuple[VerifiedTokens, CountingVerifier, RevocationList]:
    revocations = RevocationList(MemoryStore())
    verifier = CountingVerifier(revocations, ttl)
    return VerifiedTokens(verifier, revocations, max_tokens=max_tokens), verifier, revocations


async def test_a_token_is_verified_once() -> None:
    tokens, verifier, _ = memo()
    first = await tokens.verify("a")
    assert await tokens.verify("a") is first
    await tokens.verify("b")
    assert verifier.calls == 2


async def test_revocation_is_checked_on_every_request() -> None:
    tokens, _, revocations = memo()
    principal = await tokens.verify("a")
    await revocations.revoke(principal.jti, principal.exp)
    with pytest.raises(NotAuthenticated):
        await tokens.verify("a")


async def test_expired_entries_are_verified_again() -> None:
    tokens, verifier, _ = memo(ttl=-1)
    await tokens.verify("a")
    await tokens.verify("a")
    assert verifier.calls == 2


async def test_the_memo_stays_bounded() -> None:
    tokens, verifier, _ = memo(max_tokens=10)
    for index in range(25):
        await tokens.verify(str(index))
    assert len(tokens._principals) <= 10
    await tokens.verify("24")
    assert verifier.calls == 25  # the newest survived
