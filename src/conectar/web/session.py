"""The browser session: one HttpOnly cookie holding the API tokens, sealed with AES-GCM.

The cookie carries the access and refresh tokens, who the person is (for the header, without an API
call), the CSRF secret and one-time flash messages. It is encrypted and authenticated with a key derived
from ``CONECTAR_SECRET_KEY``: nobody can read the tokens from it or forge one. Anonymous visitors get a
session too (only a CSRF secret), so that login and registration forms are protected as well.

CSRF: every form carries the session's CSRF secret (``csrf_token`` field, or the ``X-CSRF-Token`` header
for HTMX and fetch calls) and every unsafe request must echo it; since the secret lives only inside the
sealed cookie, another site can neither read nor guess it (the synchroniser-token pattern without
server-side state).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from conectar.web.apimodels import TokenPair, User

COOKIE_NAME = "cp_session"
VERSION = b"1"
NONCE_BYTES = 12
# Refresh the access token this long before it expires.
REFRESH_MARGIN_SECONDS = 30
MAX_FLASHES = 4
TRANSIENT = frozenset({"dirty", "fresh"})


def derive_key(secret: str, purpose: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=b"conectar-web", info=purpose.encode()).derive(
        secret.encode()
    )


@dataclass
class SessionData:
    """What the cookie holds. ``access`` and ``refresh`` are the API tokens of a signed-in person."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    access: str | None = None
    refresh: str | None = None
    exp: int = 0
    user_id: str | None = None
    rol: str | None = None
    nombre: str = ""
    email: str = ""
    flashes: list[list[str]] = field(default_factory=list)
    # What a signed-out visitor was doing when asked to sign in (``web/journeys.py``): finished after.
    pending: dict[str, str] | None = None
    # Not stored: whether the cookie must be written back, and whether it came without one.
    dirty: bool = field(default=False, compare=False)
    fresh: bool = field(default=False, compare=False)

    def csrf_token(self) -> str:
        """The secret to put in a form; a visitor's first form is what makes their session worth a cookie."""
        if self.fresh:
            self.fresh = False
            self.dirty = True
        return self.csrf

    @property
    def signed_in(self) -> bool:
        return bool(self.access and self.refresh and self.user_id)

    def access_expiring(self, now: float | None = None) -> bool:
        return self.exp - (now if now is not None else time.time()) < REFRESH_MARGIN_SECONDS

    def sign_in(self, tokens: TokenPair, user: User) -> None:
        """Start a signed-in session (a new CSRF secret too: nothing from before login carries over)."""
        self.csrf = secrets.token_urlsafe(24)
        self.set_tokens(tokens)
        self.user_id = str(user.id)
        self.rol = user.rol
        self.nombre = user.nombre
        self.email = user.email
        self.dirty = True

    def set_tokens(self, tokens: TokenPair) -> None:
        self.access = tokens.access_token
        self.refresh = tokens.refresh_token
        self.exp = int(time.time()) + (tokens.expires_in or 900)
        self.dirty = True

    def sign_out(self) -> None:
        self.access = self.refresh = self.user_id = self.rol = None
        self.exp = 0
        self.nombre = self.email = ""
        self.pending = None
        self.csrf = secrets.token_urlsafe(24)
        self.dirty = True

    def flash(self, text: str, kind: str = "ok") -> None:
        self.flashes = [*self.flashes[-(MAX_FLASHES - 1) :], [kind, text]]
        self.dirty = True

    def pop_flashes(self) -> list[list[str]]:
        found = self.flashes
        if found:
            self.flashes = []
            self.dirty = True
        return found


STORED = frozenset(f.name for f in fields(SessionData)) - TRANSIENT


class SessionCodec:
    """Seals and opens session cookies (and other small secrets the web app parks outside itself)."""

    def __init__(self, secret: str) -> None:
        self._aead = AESGCM(derive_key(secret, "session-cookie"))

    def seal_json(self, payload: Any) -> str:
        raw = json.dumps(payload, separators=(",", ":")).encode()
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, raw, VERSION)
        return VERSION.decode() + "." + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")

    def open_json(self, value: str | None) -> Any:
        """The payload sealed in ``value``; None when missing, tampered with or sealed with another key."""
        if not value or not value.startswith(VERSION.decode() + "."):
            return None
        body = value[len(VERSION) + 1 :]
        try:
            blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return json.loads(self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], VERSION))
        except Exception:  # InvalidTag, bad base64 or JSON: not ours
            return None

    def seal(self, data: SessionData) -> str:
        return self.seal_json({k: v for k, v in asdict(data).items() if k not in TRANSIENT})

    def open(self, value: str | None) -> SessionData | None:
        payload = self.open_json(value)
        if not isinstance(payload, dict):
            return None
        try:
            # A field this version does not know (a newer replica wrote it) is dropped, not fatal.
            return SessionData(**{k: v for k, v in payload.items() if k in STORED})
        except TypeError:
            return None


def csrf_valid(session: SessionData, presented: str | None) -> bool:
    return bool(presented) and secrets.compare_digest(session.csrf.encode(), str(presented).encode())


def token_fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
