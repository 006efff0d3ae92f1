"""MercadoPago webhook signatures (SPEC §6).

``x-signature: ts=<seconds>,v1=<hex>`` where v1 is the lowercase hex HMAC-SHA256, keyed with the webhook
secret, of the manifest ``id:{data.id};request-id:{x-request-id};ts:{ts};``; ``data.id`` comes from the
query string, a missing part is left out, ``ts`` must be within a tolerance of our clock, the comparison
is constant-time, and an alphanumeric id is tried as received and then lower-cased.

Verification uses the official SDK's validator (same manifest, ``hmac.compare_digest``); signing is ours,
for the sandbox, built from the same rule.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from mercadopago.webhook import (
    InvalidWebhookSignatureError,
    SignatureFailureReason,
    WebhookSignatureValidator,
)


@dataclass(frozen=True)
class InvalidSignature(Exception):
    reason: str

    def __str__(self) -> str:
        return self.reason


def manifest(data_id: str | None, request_id: str | None, ts: str) -> str:
    parts = []
    if data_id:
        parts.append(f"id:{data_id}")
    if request_id:
        parts.append(f"request-id:{request_id}")
    parts.append(f"ts:{ts}")
    return ";".join(parts) + ";"


def sign(secret: str, *, data_id: str | None, request_id: str | None, ts: int) -> str:
    """The ``x-signature`` header MercadoPago would send."""
    digest = hmac.new(
        secret.encode(), manifest(data_id, request_id, str(ts)).encode(), hashlib.sha256
    ).hexdigest()
    return f"ts={ts},v1={digest}"


def verify(
    *,
    secret: str,
    x_signature: str | None,
    x_request_id: str | None,
    data_id: str | None,
    tolerance_seconds: int,
    now: float | None = None,
) -> None:
    """Raise :class:`InvalidSignature` unless the notification is signed with ``secret`` and fresh."""
    clock = time.time() if now is None else now

    def check(candidate: str | None) -> None:
        WebhookSignatureValidator.validate(
            x_signature,
            x_request_id,
            candidate,
            secret,
            tolerance_seconds=tolerance_seconds,
            now=lambda: int(clock * 1000),
        )

    try:
        try:
            check(data_id)
        except InvalidWebhookSignatureError as first:
            lowered = data_id.strip().lower() if data_id else None
            retry = (
                first.reason is SignatureFailureReason.SIGNATURE_MISMATCH
                and data_id is not None
                and data_id.strip().isalnum()
                and lowered != data_id.strip()
            )
            if not retry:
                raise
            check(lowered)
    except InvalidWebhookSignatureError as exc:
        raise InvalidSignature(str(exc.reason.value)) from exc
