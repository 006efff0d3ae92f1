"""A local HTTP stand-in of the MercadoPago API, written from its published documentation, to test the
MercadoPago adapter (the official SDK) without the network: ``python -m conectar.standins mercadopago``.

Same paths, shapes and status codes as api.mercadopago.com for what the platform uses:

- ``POST /checkout/preferences`` (Checkout Pro) → 201 with ``id``, ``init_point``, ``sandbox_init_point``;
  400 ``{"message", "error": "bad_request", "status": 400, "cause": [...]}`` for invalid items or
  ``auto_return`` without ``back_urls.success``; ``GET /checkout/preferences/{id}``.
- ``GET /v1/payments/{id}`` → 200, or 404 ``{"message": "Payment not found", "error": "not_found", …}``;
  ``GET /v1/payments/search?external_reference=`` → ``{"paging", "results"}``.
- ``POST /v1/payments/{id}/refunds`` (no body: full refund; ``{"amount"}``: partial) → 201 refund;
  400 when the payment is not refundable or the amount exceeds what is left; the payment turns
  ``refunded`` / ``partially_refunded``; ``GET /v1/payments/{id}/refunds``.
- ``POST /v1/payouts`` (``X-Idempotency-Key`` required) → 201; ``GET /v1/payouts/{id}``.
- ``GET /v1/chargebacks/{id}``.
- Every call needs ``Authorization: Bearer <token>`` (401 ``unauthorized`` otherwise). A POST repeated
  with the same ``X-Idempotency-Key`` answers the first response again.

Test controls (not part of MercadoPago): buyer payments and later status changes, injected faults (an
error status, or a delay before or after doing the work, to make the client time out), and the log of
received requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
import time
import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from conectar.standins.server import ServerThread

COLLECTOR_ID = 123456789
ACCESS_TOKEN = "TEST-1234567890-standin-access-token"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def _number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def error(status: int, message: str, code: str, causes: list[dict[str, Any]] | None = None) -> JSONResponse:
    return JSONResponse({"message": message, "error": code, "status": status, "cause": causes or []}, status)


@dataclass
class Fault:
    method: str
    path_prefix: str
    status: int | None = None
    delay_before: float = 0.0
    delay_after: float = 0.0
    times: int = 1


@dataclass
class Received:
    method: str
    path: str
    idempotency_key: str | None
    authorization: str | None
    body: Any
    at: float


@dataclass
class State:
    preferences: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    payouts: dict[str, dict[str, Any]] = field(default_factory=dict)
    chargebacks: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotent: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)


class MercadoPagoStandIn:
    """The stand-in app plus a server on a thread. Use as a context manager or start()/stop()."""

    def __init__(self, token: str = ACCESS_TOKEN) -> None:
        self.token = token
        self.state = State()
        self.lock = threading.Lock()
        self._thread: ServerThread | None = None
        self.app = Starlette(
            routes=[
                Route("/checkout/preferences", self.create_preference, methods=["POST"]),
                Route("/checkout/preferences/{preference_id}", self.get_preference, methods=["GET"]),
                Route("/v1/payments/search", self.search_payments, methods=["GET"]),
                Route("/v1/payments/{payment_id}", self.get_payment, methods=["GET"]),
                Route("/v1/payments/{payment_id}/refunds", self.create_refund, methods=["POST"]),
                Route("/v1/payments/{payment_id}/refunds", self.list_refunds, methods=["GET"]),
                Route("/v1/payouts", self.create_payout, methods=["POST"]),
                Route("/v1/payouts/{payout_id}", self.get_payout, methods=["GET"]),
                Route("/v1/chargebacks/{chargeback_id}", self.get_chargeback, methods=["GET"]),
            ]
        )

    # --- server ----------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._thread.port if self._thread is not None else 0

    @property
    def url(self) -> str:
        return self._thread.url if self._thread is not None else ""

    def start(self, *, host: str = "127.0.0.1", port: int | None = None) -> MercadoPagoStandIn:
        """Serve on ``host:port`` (a free port by default) on a thread of its own."""
        self._thread = ServerThread(self.asgi, host=host, port=port).start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()

    def __enter__(self) -> MercadoPagoStandIn:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def asgi(self) -> Any:
        """The ASGI app to serve: the routes behind logging, authentication, faults and idempotency."""
        return self._guarded

    async def _guarded(self, scope: Any, receive: Any, send: Any) -> None:
        """Log, authenticate, inject faults and replay idempotent POSTs around the routes."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        raw = await request.body()
        try:
            body = json.loads(raw, parse_float=Decimal) if raw else None
        except ValueError:
            body = "<invalid json>"
        key = request.headers.get("x-idempotency-key")
        method, path = request.method, request.url.path
        with self.lock:
            self.state.requests.append(
                Received(method, path, key, request.headers.get("authorization"), body, time.time())
            )
            fault = self._take_fault(method, path)

        async def replay_receive() -> dict[str, Any]:
            return {"type": "http.request", "body": raw, "more_body": False}

        if fault is not None and fault.delay_before:
            await asyncio.sleep(fault.delay_before)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            response: Response = error(401, "invalid access token", "unauthorized")
        elif fault is not None and fault.status is not None:
            response = error(
                fault.status, "injected failure", "internal_error" if fault.status >= 500 else "error"
            )
        elif body == "<invalid json>":
            response = error(400, "Invalid JSON body", "bad_request")
        elif method == "POST" and key is not None and (path, key) in self.state.idempotent:
            status, payload = self.state.idempotent[(path, key)]
            response = JSONResponse(_jsonable(payload), status)
        else:
            captured: dict[str, Any] = {}

            async def capture(message: MutableMapping[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    captured["status"] = message["status"]
                    captured["headers"] = message.get("headers", [])
                elif message["type"] == "http.response.body":
                    captured["body"] = captured.get("body", b"") + message.get("body", b"")

            await self.app(scope, replay_receive, capture)
            payload = json.loads(captured.get("body") or b"null", parse_float=Decimal)
            if method == "POST" and key is not None and captured["status"] < 500:
                with self.lock:
                    self.state.idempotent[(path, key)] = (captured["status"], payload)
            response = JSONResponse(_jsonable(payload), captured["status"])
        if fault is not None and fault.delay_after:
            await asyncio.sleep(fault.delay_after)
        await response(scope, replay_receive, send)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.state.faults:
            if fault.method in (method, "*") and path.startswith(fault.path_prefix):
                fault.times -= 1
                if fault.times <= 0:
                    self.state.faults.remove(fault)
                return fault
        return None

    # --- test controls ---------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path_prefix: str,
        *,
        status: int | None = None,
        delay_before: float = 0.0,
        delay_after: float = 0.0,
        times: int = 1,
    ) -> None:
        """The next ``times`` matching requests answer ``status``, or wait (before or after doing the
        work: after means the work is done but the answer comes too late)."""
        with self.lock:
            self.state.faults.append(Fault(method, path_prefix, status, delay_before, delay_after, times))

    def received(self, method: str | None = None, path_prefix: str = "") -> list[Received]:
        with self.lock:
            return [
                r
                for r in self.state.requests
                if (method is None or r.method == method) and r.path.startswith(path_prefix)
            ]

    def pay(
        self,
        preference_id: str,
        status: str = "approved",
        *,
        amount: Decimal | None = None,
        currency: str | None = None,
        external_reference: str | None = None,
    ) -> dict[str, Any]:
        """A buyer pays the preference at MercadoPago (the test may tamper with amount or currency)."""
        with self.lock:
            preference = self.state.preferences[preference_id]
            item = preference["items"][0]
            payment_id = str(10_000_000_000 + secrets.randbelow(89_999_999_999))
            now = _now()
            payment = {
                "id": int(payment_id),
                "status": status,
                "status_detail": {"approved": "accredited", "rejected": "cc_rejected_other_reason"}.get(
                    status, "pending_contingency"
                ),
                "transaction_amount": amount if amount is not None else Decimal(str(item["unit_price"])),
                "transaction_amount_refunded": 0,
                "currency_id": currency or item.get("currency_id", "ARS"),
                "external_reference": external_reference or preference.get("external_reference"),
                "description": item.get("title"),
                "date_created": now,
                "date_approved": now if status == "approved" else None,
                "date_last_updated": now,
                "collector_id": COLLECTOR_ID,
                "payer": {"email": preference.get("payer", {}).get("email"), "id": "1234"},
                "payment_method_id": "visa",
                "payment_type_id": "credit_card",
                "operation_type": "regular_payment",
                "live_mode": False,
                "binary_mode": preference.get("binary_mode", False),
                "refunds": [],
                "order": {"id": 1, "type": "mercadopago"},
            }
            self.state.payments[payment_id] = payment
            copied: dict[str, Any] = json.loads(json.dumps(_jsonable(payment)))
            return copied

    def set_payment_status(self, payment_id: str, status: str) -> None:
        """Something happened at MercadoPago (e.g. ``charged_back``, or a refund from the panel)."""
        with self.lock:
            payment = self.state.payments[payment_id]
            payment["status"] = status
            payment["date_last_updated"] = _now()
            if status == "charged_back":
                chargeback_id = f"{payment_id}0001"
                self.state.chargebacks[chargeback_id] = {
                    "id": chargeback_id,
                    "payments": [int(payment_id)],
                    "currency": payment["currency_id"],
                    "amount": payment["transaction_amount"],
                    "coverage_applied": False,
                    "coverage_eligible": True,
                    "documentation_required": False,
                    "documentation_status": "not_supplied",
                    "date_created": _now(),
                }

    def set_payout_status(self, payout_id: str, status: str, detail: str | None = None) -> None:
        with self.lock:
            payout = self.state.payouts[payout_id]
            payout["status"] = status
            payout["transaction"]["to"]["accounts"][0]["status_detail"] = detail
            payout["last_updated_date"] = _now()

    # --- API -------------------------------------------------------------------------------------------

    async def create_preference(self, request: Request) -> JSONResponse:
        body = await _json_body(request)
        if not isinstance(body, dict):
            return error(400, "body must be a JSON object", "bad_request")
        items = body.get("items")
        causes = []
        if not isinstance(items, list) or not items:
            causes.append({"code": "invalid_items", "description": "items needed"})
        else:
            for item in items:
                price = item.get("unit_price") if isinstance(item, dict) else None
                quantity = item.get("quantity") if isinstance(item, dict) else None
                if not isinstance(item, dict) or not item.get("title"):
                    causes.append({"code": "invalid_title", "description": "item.title needed"})
                if not isinstance(quantity, int) or quantity < 1:
                    causes.append({"code": "invalid_quantity", "description": "item.quantity must be > 0"})
                if not isinstance(price, int | Decimal) or isinstance(price, bool) or price <= 0:
                    causes.append({"code": "invalid_unit_price", "description": "unit_price invalid"})
                if isinstance(item, dict) and item.get("currency_id") not in (None, "ARS"):
                    causes.append({"code": "invalid_currency_id", "description": "currency_id invalid"})
        back_urls = body.get("back_urls") or {}
        if body.get("auto_return") and not back_urls.get("success"):
            return error(400, "auto_return invalid. back_url.success must be defined", "invalid_auto_return")
        if causes:
            return error(400, "Invalid preference", "bad_request", causes)
        preference_id = f"{COLLECTOR_ID}-{uuid.uuid4()}"
        document = {
            **body,
            "id": preference_id,
            "collector_id": COLLECTOR_ID,
            "client_id": "6295877106812064",
            "operation_type": "regular_payment",
            "marketplace": "NONE",
            "marketplace_fee": 0,
            "date_created": _now(),
            "expires": False,
            "init_point": f"https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id={preference_id}",
            "sandbox_init_point": f"https://sandbox.mercadopago.com.ar/checkout/v1/redirect?pref_id={preference_id}",
            "items": [{**item, "currency_id": item.get("currency_id", "ARS")} for item in items or []],
        }
        with self.lock:
            self.state.preferences[preference_id] = document
        return JSONResponse(_jsonable(document), 201)

    async def get_preference(self, request: Request) -> JSONResponse:
        found = self.state.preferences.get(request.path_params["preference_id"])
        if found is None:
            return error(404, "Preference not found", "not_found")
        return JSONResponse(_jsonable(found))

    async def get_payment(self, request: Request) -> JSONResponse:
        found = self.state.payments.get(request.path_params["payment_id"])
        if found is None:
            return error(
                404, "Payment not found", "not_found", [{"code": 2000, "description": "Payment not found"}]
            )
        return JSONResponse(_jsonable(found))

    async def search_payments(self, request: Request) -> JSONResponse:
        reference = request.query_params.get("external_reference")
        with self.lock:
            results = [
                p for p in self.state.payments.values() if reference in (None, p.get("external_reference"))
            ]
        results.sort(key=lambda p: p["date_created"], reverse=True)
        return JSONResponse(
            _jsonable({"paging": {"total": len(results), "limit": 30, "offset": 0}, "results": results[:30]})
        )

    async def create_refund(self, request: Request) -> JSONResponse:
        payment_id = request.path_params["payment_id"]
        body = await _json_body(request)
        with self.lock:
            payment = self.state.payments.get(payment_id)
            if payment is None:
                return error(
                    404,
                    "Payment not found",
                    "not_found",
                    [{"code": 2000, "description": "Payment not found"}],
                )
            if payment["status"] != "approved":
                return error(
                    400,
                    f"Payment not refundable: status {payment['status']}",
                    "bad_request",
                    [
                        {
                            "code": 2063,
                            "description": "The action requested is not valid for the current payment state",
                        }
                    ],
                )
            total = Decimal(str(payment["transaction_amount"]))
            refunded = Decimal(str(payment.get("transaction_amount_refunded") or 0))
            amount = (
                Decimal(str(body["amount"]))
                if isinstance(body, dict) and "amount" in body
                else total - refunded
            )
            if amount <= 0 or amount > total - refunded:
                return error(
                    400, "Invalid refund amount", "bad_request", [{"code": 4071, "description": "amount"}]
                )
            refund = {
                "id": int(str(20_000_000_000 + secrets.randbelow(89_999_999_999))),
                "payment_id": int(payment_id),
                "amount": amount,
                "metadata": {},
                "source": {"id": str(COLLECTOR_ID), "name": "Conectar", "type": "collector"},
                "date_created": _now(),
                "unique_sequence_number": None,
                "refund_mode": "standard",
                "adjustment_amount": 0,
                "status": "approved",
                "reason": None,
                "labels": [],
                "partition_details": [],
            }
            payment["refunds"].append(refund)
            payment["transaction_amount_refunded"] = refunded + amount
            full = refunded + amount == total
            payment["status"] = "refunded" if full else "approved"
            payment["status_detail"] = "refunded" if full else "partially_refunded"
            payment["date_last_updated"] = _now()
        return JSONResponse(_jsonable(refund), 201)

    async def list_refunds(self, request: Request) -> JSONResponse:
        payment = self.state.payments.get(request.path_params["payment_id"])
        if payment is None:
            return error(404, "Payment not found", "not_found")
        return JSONResponse(_jsonable(payment["refunds"]))

    async def create_payout(self, request: Request) -> JSONResponse:
        if not request.headers.get("x-idempotency-key"):
            return error(400, "X-Idempotency-Key header is required", "bad_request")
        body = await _json_body(request)
        try:
            transaction = body["transaction"]
            destination = transaction["to"]["accounts"][0]
            total = Decimal(str(transaction["total_amount"]))
            parts = sum(Decimal(str(a["amount"])) for a in transaction["to"]["accounts"])
        except (KeyError, IndexError, TypeError):
            return error(400, "Invalid payout body", "bad_request")
        if total <= 0 or parts != total:
            return error(400, "total_amount must equal the accounts' amounts", "bad_request")
        if not destination.get("number") and not destination.get("alias"):
            return error(400, "destination account needed", "bad_request")
        payout_id = str(30_000_000_000 + secrets.randbelow(89_999_999_999))
        document = {
            "id": int(payout_id),
            "status": "approved",
            "external_reference": body.get("external_reference"),
            "description": body.get("description"),
            "created_date": _now(),
            "last_updated_date": _now(),
            "transaction": {
                **transaction,
                "to": {"accounts": [{**a, "status_detail": None} for a in transaction["to"]["accounts"]]},
            },
        }
        with self.lock:
            self.state.payouts[payout_id] = document
        return JSONResponse(_jsonable(document), 201)

    async def get_payout(self, request: Request) -> JSONResponse:
        found = self.state.payouts.get(request.path_params["payout_id"])
        if found is None:
            return error(404, "Payout not found", "not_found")
        return JSONResponse(_jsonable(found))

    async def get_chargeback(self, request: Request) -> JSONResponse:
        found = self.state.chargebacks.get(request.path_params["chargeback_id"])
        if found is None:
            return error(404, "Chargeback not found", "not_found")
        return JSONResponse(_jsonable(found))


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw:
        return None
    with contextlib.suppress(ValueError):
        return json.loads(raw, parse_float=Decimal)
    return None


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
