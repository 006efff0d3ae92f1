"""A memo of verified access tokens, so a client's token is checked once, not on every request.

Decoding and checking an EdDSA signature is the gateway's largest cost per request. A token is the
same string for its whole life (15 minutes by default), so the claims verified the first time are kept
until the token expires; revocation is still checked on every request.
"""

from __future__ import annotations

import time

from conectar.platform.errors import NotAuthenticated
from conectar.platform.security import Principal, RevocationList

from .policies import Verifier

MAX_TOKENS = 20_000


class VerifiedTokens:
    def __init__(
        self, verifier: Verifier, revocations: RevocationList, *, max_tokens: int = MAX_TOKENS
    ) -> None:
        self.verifier = verifier
        self.revocations = revocations
        self.max_tokens = max_tokens
        self._principals: dict[str, Principal] = {}

    async def verify(self, token: str) -> Principal:
        principal = self._principals.get(token)
        if principal is not None and principal.exp > time.time():
            if await self.revocations.is_revoked(principal.jti):
                raise NotAuthenticated("Sesión cerrada")
            return principal
        principal = await self.verifier.verify(token)  # signature, claims and revocation
        if len(self._principals) >= self.max_tokens:
            self._evict()
        self._principals[token] = principal
        return principal

    def _evict(self) -> None:
        now = time.time()
        expired = [token for token, principal in self._principals.items() if principal.exp <= now]
        for token in expired:
            del self._principals[token]
        # Still full: drop the oldest half (dicts keep insertion order).
        if len(self._principals) >= self.max_tokens:
            for token in list(self._principals)[: self.max_tokens // 2]:
                del self._principals[token]
