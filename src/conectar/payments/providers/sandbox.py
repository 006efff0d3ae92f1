"""The built-in MercadoPago sandbox: preferences, a checkout page (see ``sandbox_api``), payments,
refunds, chargebacks and payouts, kept as MercadoPago-shaped documents in the payments database, and
signed webhooks owed to each preference's ``notification_url`` (a delivery row and its job on the
``payments.sandbox-webhooks`` work queue, written in the unit of work that owes the webhook).

The payments service reads it exactly as it reads MercadoPago: through the provider port, whose payment
lookups parse the same JSON shapes (also served over HTTP under ``/api/v1/pagos/sandbox/v1``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.payments.models import (
    SandboxIdempotency,
    SandboxPayment,
    SandboxPayout,
    SandboxPreference,
    SandboxWebhookDelivery,
    table_of,
)
from conectar.payments.money import provider_decimal, wire_number
from conectar.payments.providers.base import (
    CreatedPreference,
    PayoutRequest,
    PreferenceRequest,
    ProviderNotFound,
    ProviderPayment,
    ProviderPayout,
    ProviderRefundInfo,
    ProviderRejected,
    parse_payment,
    parse_payout,
    payout_body,
    preference_body,
)
from conectar.platform.db import Database, insert_ignore, new_id, utcnow
from conectar.platform.workqueue import WorkQueues

COLLECTOR_ID = 1_000_000_001
CHECKOUT_PATH = "/api/v1/pagos/sandbox/checkout"
CHECKOUT_TOKEN_PARAM = "token"
LINK_KEY_LABEL = b"conectar/payments/sandbox-checkout-link/v1"
WEBHOOKS_QUEUE = "payments.sandbox-webhooks"


def _numeric_id() -> str:
    return str(10_000_000_000 + secrets.randbelow(89_999_999_999))


def _iso(value: Any = None) -> str:
    return (value or utcnow()).isoformat()


@dataclass(frozen=True)
class CheckoutResult:
    payment: dict[str, Any]
    preference: dict[str, Any]
    created: bool


class LinkCheck(StrEnum):
    VALID = "valid"
    INVALID = "invalid"  # missing, malformed, or signed for another preference, payer or expiry
    EXPIRED = "expired"


class CheckoutAlreadyDecided(Exception):
    """The checkout link was used already: its one decision (approve or reject) is made."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class CheckoutLinks:
    """Signed, expiring links to the checkout page: whoever holds the ``init_point`` may decide, knowing the
    preference id is not enough. The token is ``<expiry>.<signature>``: an HMAC-SHA256, keyed with a key
    derived from the platform's secret, over the preference id, the payer's e-mail and the expiry."""

    key: bytes = field(repr=False)
    ttl_seconds: float

    @classmethod
    def from_secret(cls, secret: str, ttl_seconds: float) -> CheckoutLinks:
        return cls(hmac.new(secret.encode(), LINK_KEY_LABEL, hashlib.sha256).digest(), ttl_seconds)

    def _signature(self, preference_id: str, payer: str, expires: int) -> str:
        message = f"{preference_id}\n{payer.strip().lower()}\n{expires}".encode()
        digest = hmac.new(self.key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def token(self, preference_id: str, payer: str, *, now: float | None = None) -> str:
        expires = int((time.time() if now is None else now) + self.ttl_seconds)
        return f"{expires}.{self._signature(preference_id, payer, expires)}"

    def check(
        self, token: str | None, preference_id: str, payer: str, *, now: float | None = None
    ) -> LinkCheck:
        expires_text, _, signature = (token or "").partition(".")
        if not expires_text.isdigit() or len(expires_text) > 12 or not signature:
            return LinkCheck.INVALID
        expected = self._signature(preference_id, payer, int(expires_text))
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            return LinkCheck.INVALID
        if int(expires_text) <= (time.time() if now is None else now):
            return LinkCheck.EXPIRED
        return LinkCheck.VALID


def payer_of(preference: dict[str, Any]) -> str:
    return str((preference.get("payer") or {}).get("email") or "")


def _decision_key(preference_id: str) -> str:
    return f"checkout:{preference_id}"


class SandboxProvider:
    """Payment and payout ports on the sandbox's own records."""

    name = "sandbox"

    def __init__(
        self,
        db: Database,
        *,
        base_url: str,
        links: CheckoutLinks,
        queues: WorkQueues,
        send_webhooks: bool = True,
    ) -> None:
        self.db = db
        self.base_url = base_url.rstrip("/")
        self.links = links
        self.queues = queues
        self.send_webhooks = send_webhooks

    # --- idempotency ---------------------------------------------------------------------------------

    async def _remembered(self, session: AsyncSession, key: str) -> dict[str, Any] | None:
        found = await session.get(SandboxIdempotency, key)
        return dict(found.response) if found is not None else None

    async def _remember(
        self, session: AsyncSession, key: str, operation: str, response: dict[str, Any]
    ) -> bool:
        return await insert_ignore(
            session,
            table_of(SandboxIdempotency),
            {"idempotency_key": key, "operation": operation, "response": response, "created_at": utcnow()},
        )

    # --- preferences ---------------------------------------------------------------------------------

    async def create_preference(self, idempotency_key: str, request: PreferenceRequest) -> CreatedPreference:
        async with self.db.session() as session:
            document = await self._remembered(session, idempotency_key)
            if document is None:
                preference_id = f"{COLLECTOR_ID}-{uuid.uuid4()}"
                query = urlencode(
                    {CHECKOUT_TOKEN_PARAM: self.links.token(preference_id, request.payer_email)}
                )
                init_point = f"{self.base_url}{CHECKOUT_PATH}/{preference_id}?{query}"
                document = {
                    "id": preference_id,
                    "init_point": init_point,
                    "sandbox_init_point": init_point,
                    "collector_id": COLLECTOR_ID,
                    "client_id": "sandbox",
                    "operation_type": "regular_payment",
                    "date_created": _iso(),
                    **preference_body(request),
                }
                if await self._remember(session, idempotency_key, "preference", document):
                    session.add(
                        SandboxPreference(
                            id=preference_id,
                            idempotency_key=idempotency_key,
                            external_reference=request.external_reference,
                            document=document,
                        )
                    )
                else:  # a concurrent call with the same key won
                    document = await self._remembered(session, idempotency_key) or document
        return CreatedPreference(id=str(document["id"]), init_point=str(document["init_point"]))

    async def preference(self, preference_id: str) -> dict[str, Any] | None:
        async with self.db.session(write=False) as session:
            found = await session.get(SandboxPreference, preference_id)
            return dict(found.document) if found is not None else None

    # --- payments ------------------------------------------------------------------------------------

    async def payment_document(self, payment_id: str) -> dict[str, Any] | None:
        async with self.db.session(write=False) as session:
            found = await session.get(SandboxPayment, payment_id)
            return dict(found.document) if found is not None else None

    async def get_payment(self, payment_id: str) -> ProviderPayment:
        document = await self.payment_document(payment_id)
        if document is None:
            raise ProviderNotFound(f"Payment not found: {payment_id}", status=404)
        return parse_payment(document)

    async def search_documents(self, external_reference: str) -> list[dict[str, Any]]:
        async with self.db.session(write=False) as session:
            rows = (
                await session.execute(
                    select(SandboxPayment.document)
                    .where(SandboxPayment.external_reference == external_reference)
                    .order_by(SandboxPayment.created_at.desc())
                )
            ).scalars()
            return [dict(document) for document in rows]

    async def search_payments(self, external_reference: str) -> list[ProviderPayment]:
        return [parse_payment(document) for document in await self.search_documents(external_reference)]

    async def decision(self, preference_id: str) -> str | None:
        """The status decided through the checkout link (``approved`` or ``rejected``), or None while
        the link is unused."""
        async with self.db.session(write=False) as session:
            found = await self._remembered(session, _decision_key(preference_id))
        return str(found["status"]) if found is not None else None

    async def checkout(self, preference_id: str, status: str, *, once: bool = False) -> CheckoutResult:
        """A person approved or rejected the checkout: the payment exists and a webhook is owed.

        An already approved preference is not paid twice (a double submit returns the first payment).
        ``once`` (the checkout link's decision) claims the link in the same unit of work, under a unique
        key: a second decision raises :class:`CheckoutAlreadyDecided` and changes nothing.
        """
        if status not in ("approved", "rejected"):
            raise ValueError(status)
        async with self.db.session() as session:
            preference_row = await session.get(SandboxPreference, preference_id)
            if preference_row is None:
                raise ProviderNotFound("Preference not found", status=404)
            preference = dict(preference_row.document)
            if once and not await self._remember(
                session, _decision_key(preference_id), "checkout", {"status": status}
            ):
                earlier = await self._remembered(session, _decision_key(preference_id))
                raise CheckoutAlreadyDecided(str((earlier or {}).get("status", "")))
            approved = (
                await session.execute(
                    select(SandboxPayment)
                    .where(SandboxPayment.preference_id == preference_id, SandboxPayment.status == "approved")
                    .limit(1)
                )
            ).scalar_one_or_none()
            if approved is not None:
                if once:  # paid already (the admin's test hook): the link's decision is that payment
                    claim = await session.get(SandboxIdempotency, _decision_key(preference_id))
                    if claim is not None:
                        claim.response = {"status": "approved"}
                return CheckoutResult(dict(approved.document), preference, created=False)
            item = preference["items"][0]
            now = utcnow()
            payment_id = _numeric_id()
            document: dict[str, Any] = {
                "id": int(payment_id),
                "status": status,
                "status_detail": "accredited" if status == "approved" else "cc_rejected_other_reason",
                "transaction_amount": item["unit_price"],
                "transaction_amount_refunded": 0,
                "currency_id": item["currency_id"],
                "external_reference": preference.get("external_reference"),
                "description": item["title"],
                "date_created": _iso(now),
                "date_approved": _iso(now) if status == "approved" else None,
                "date_last_updated": _iso(now),
                "payer": {"email": preference.get("payer", {}).get("email")},
                "collector_id": COLLECTOR_ID,
                "payment_method_id": "visa",
                "payment_type_id": "credit_card",
                "operation_type": "regular_payment",
                "binary_mode": True,
                "live_mode": False,
                "refunds": [],
                "metadata": {"preference_id": preference_id},
            }
            session.add(
                SandboxPayment(
                    id=payment_id,
                    preference_id=preference_id,
                    external_reference=preference.get("external_reference"),
                    status=status,
                    document=document,
                )
            )
            await self._owe_webhook(
                session, preference.get("notification_url"), payment_id, "payment.created"
            )
        return CheckoutResult(document, preference, created=True)

    async def refund_payment(
        self, idempotency_key: str, payment_id: str, amount: Decimal | None = None
    ) -> ProviderRefundInfo:
        async with self.db.session() as session:
            response = await self._remembered(session, idempotency_key)
            if response is None:
                query = select(SandboxPayment).where(SandboxPayment.id == payment_id)
                if not self.db.sqlite:
                    query = query.with_for_update()
                payment = (await session.execute(query)).scalar_one_or_none()
                if payment is None:
                    raise ProviderNotFound("Payment not found", status=404)
                document = dict(payment.document)
                if document["status"] != "approved":
                    raise ProviderRejected(
                        f"Payment {payment_id} cannot be refunded: {document['status']}", status=400
                    )
                total = provider_decimal(document["transaction_amount"])
                refunded = amount if amount is not None else total
                response = {
                    "id": int(_numeric_id()),
                    "payment_id": int(payment_id),
                    "amount": wire_number(refunded),
                    "status": "approved",
                    "refund_mode": "standard",
                    "date_created": _iso(),
                    "source": {"id": str(COLLECTOR_ID), "name": "Conectar", "type": "collector"},
                }
                full = refunded == total
                document.update(
                    {
                        "status": "refunded" if full else "approved",
                        "status_detail": "refunded" if full else "partially_refunded",
                        "transaction_amount_refunded": wire_number(refunded),
                        "refunds": [*document.get("refunds", []), response],
                        "date_last_updated": _iso(),
                    }
                )
                payment.document = document
                payment.status = document["status"]
                payment.updated_at = utcnow()
                await self._remember(session, idempotency_key, "refund", response)
                preference = await session.get(SandboxPreference, payment.preference_id)
                url = preference.document.get("notification_url") if preference else None
                await self._owe_webhook(session, url, payment_id, "payment.updated")
        return ProviderRefundInfo(
            id=str(response["id"]),
            amount=provider_decimal(response["amount"]),
            status=str(response["status"]),
        )

    async def charge_back(self, payment_id: str) -> dict[str, Any]:
        """Sandbox control: the payer's bank takes an approved payment back (a chargeback)."""
        async with self.db.session() as session:
            payment = await session.get(SandboxPayment, payment_id)
            if payment is None:
                raise ProviderNotFound("Payment not found", status=404)
            document = dict(payment.document)
            document.update(
                {"status": "charged_back", "status_detail": "settled", "date_last_updated": _iso()}
            )
            payment.document = document
            payment.status = "charged_back"
            payment.updated_at = utcnow()
            preference = await session.get(SandboxPreference, payment.preference_id)
            url = preference.document.get("notification_url") if preference else None
            await self._owe_webhook(session, url, payment_id, "payment.updated")
        return document

    async def chargeback_payment_ids(self, chargeback_id: str) -> list[str]:
        # Sandbox chargebacks are reported on the payment itself; a chargeback id "cb-<payment>" maps back.
        if chargeback_id.startswith("cb-"):
            return [chargeback_id[3:]]
        raise ProviderNotFound("Chargeback not found", status=404)

    # --- payouts -------------------------------------------------------------------------------------

    async def create_payout(self, idempotency_key: str, request: PayoutRequest) -> ProviderPayout:
        async with self.db.session() as session:
            document = await self._remembered(session, idempotency_key)
            if document is None:
                payout_id = _numeric_id()
                body = payout_body(request)
                body["transaction"]["to"]["accounts"][0]["status_detail"] = "approved"
                document = {
                    "id": int(payout_id),
                    "status": "processed",
                    "created_date": _iso(),
                    "last_updated_date": _iso(),
                    **body,
                }
                if await self._remember(session, idempotency_key, "payout", document):
                    session.add(
                        SandboxPayout(
                            id=payout_id, external_reference=request.external_reference, document=document
                        )
                    )
                else:
                    document = await self._remembered(session, idempotency_key) or document
        return parse_payout(document)

    async def get_payout(self, payout_id: str) -> ProviderPayout:
        async with self.db.session(write=False) as session:
            found = await session.get(SandboxPayout, payout_id)
            if found is None:
                raise ProviderNotFound("Payout not found", status=404)
            return parse_payout(found.document)

    # --- webhooks ------------------------------------------------------------------------------------

    async def _owe_webhook(
        self, session: AsyncSession, url: str | None, payment_id: str, action: str
    ) -> None:
        """Owe a signed webhook: its delivery row and its job, in the caller's unit of work."""
        if not self.send_webhooks or not url:
            return
        delivery_id = new_id()
        session.add(
            SandboxWebhookDelivery(
                id=delivery_id,
                url=url,
                topic="payment",
                data_id=payment_id,
                body={
                    "id": int(_numeric_id()),
                    "live_mode": False,
                    "type": "payment",
                    "date_created": _iso(),
                    "user_id": COLLECTOR_ID,
                    "api_version": "v1",
                    "action": action,
                    "data": {"id": payment_id},
                },
            )
        )
        await self.queues.enqueue(
            session, WEBHOOKS_QUEUE, {"delivery_id": str(delivery_id)}, key=str(delivery_id)
        )
