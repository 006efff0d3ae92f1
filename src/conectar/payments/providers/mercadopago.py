"""MercadoPago through the official SDK.

The SDK is synchronous and builds its URLs on ``https://api.mercadopago.com``; we inject our own
:class:`SdkHttpClient` (the SDK's documented extension point) that sends on a pooled httpx client to the
configured API root (a local stand-in in tests), parses JSON numbers as ``Decimal``, retries timeouts,
429 and 5xx a few times with the same headers (so a POST keeps its idempotency key), and turns failures
into the port's errors. Calls run on a worker thread so they never block the event loop.

Every POST carries an ``X-Idempotency-Key`` that the caller persisted before calling.
"""

from __future__ import annotations

import asyncio
import json
import time
import warnings
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import httpx
import mercadopago
import structlog
from mercadopago.config import RequestOptions
from mercadopago.core import MPBase
from mercadopago.http import HttpClient

from conectar.payments.money import wire_number
from conectar.payments.providers.base import (
    CreatedPreference,
    PayoutRequest,
    PreferenceRequest,
    ProviderError,
    ProviderNotFound,
    ProviderPayment,
    ProviderPayout,
    ProviderRefundInfo,
    ProviderRejected,
    ProviderUnavailable,
    parse_payment,
    parse_payout,
    parse_refund,
    payout_body,
    preference_body,
)

log = structlog.get_logger(__name__)

SDK_API_ROOT = "https://api.mercadopago.com"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class SdkHttpClient(HttpClient):  # type: ignore[misc]
    """The SDK's transport on httpx, pointed at ``api_url``."""

    def __init__(
        self,
        api_url: str,
        *,
        timeout: float,
        max_retries: int = 2,
        backoff_seconds: float = 0.25,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__()
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_seconds = backoff_seconds
        self._sleep = sleep
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            limits=httpx.Limits(max_connections=50, max_keepalive_connections=20),
        )

    def close(self) -> None:
        self._client.close()

    def _url(self, url: str) -> str:
        if url.startswith(SDK_API_ROOT):
            return self.api_url + url[len(SDK_API_ROOT) :]
        return url

    def request(
        self,
        method: str,
        url: str,
        maxretries: int | None = None,
        retry_on: Any = None,
        backoff_factor: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        headers = {k: str(v) for k, v in (kwargs.get("headers") or {}).items()}
        data = kwargs.get("data")
        params = kwargs.get("params")
        target = self._url(url)
        failure: ProviderError = ProviderUnavailable("sin respuesta")
        for attempt in range(self.max_retries + 1):
            if attempt:
                self._sleep(self.backoff_seconds * 2 ** (attempt - 1))
            try:
                response = self._client.request(method, target, headers=headers, content=data, params=params)
            except httpx.TimeoutException as exc:
                failure = ProviderUnavailable(f"timeout: {type(exc).__name__}")
                continue
            except httpx.TransportError as exc:
                failure = ProviderUnavailable(f"connection: {type(exc).__name__}")
                continue
            body = _json(response)
            if response.status_code in RETRY_STATUSES:
                failure = ProviderUnavailable(
                    f"MercadoPago respondió {response.status_code}", status=response.status_code, body=body
                )
                continue
            return {"status": response.status_code, "response": body}
        raise failure


def _json(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return json.loads(response.content, parse_float=Decimal)
    except ValueError:
        return {"message": response.text[:200], "error": "invalid_response"}


def _document(result: Mapping[str, Any]) -> dict[str, Any]:
    status = int(result["status"])
    body = result.get("response")
    if 200 <= status < 300 and isinstance(body, dict):
        return body
    message = body.get("message") if isinstance(body, dict) else None
    text = f"MercadoPago respondió {status}: {message or 'sin detalle'}"
    if status == 404:
        raise ProviderNotFound(text, status=status, body=body)
    if status in RETRY_STATUSES:
        raise ProviderUnavailable(text, status=status, body=body)
    raise ProviderRejected(text, status=status, body=body)


class _Payouts(MPBase):  # type: ignore[misc]
    """``/v1/payouts``: the SDK has no resource for it, so we add one on the SDK's base."""

    def create(self, body: dict[str, Any], request_options: RequestOptions) -> Any:
        return self._post(uri="/v1/payouts", data=body, request_options=request_options)

    def get(self, payout_id: str) -> Any:
        return self._get(uri="/v1/payouts/" + self._path_param(payout_id))


class MercadoPagoProvider:
    """The payment and payout ports on MercadoPago (Checkout Pro, payments, refunds, payouts)."""

    name = "mercadopago"

    def __init__(
        self,
        access_token: str,
        *,
        api_url: str,
        timeout_seconds: float,
        max_retries: int = 2,
        http_client: SdkHttpClient | None = None,
    ) -> None:
        self._token = access_token
        self._timeout = float(timeout_seconds)
        self.http = http_client or SdkHttpClient(api_url, timeout=self._timeout, max_retries=max_retries)
        self.sdk = mercadopago.SDK(access_token, http_client=self.http, request_options=self._options())

    def _options(self, idempotency_key: str | None = None) -> RequestOptions:
        options = RequestOptions(access_token=self._token, connection_timeout=self._timeout, max_retries=0)
        if idempotency_key is not None:
            options.custom_headers = {"x-idempotency-key": idempotency_key}
        return options

    async def _call(self, fn: Callable[[], Any]) -> dict[str, Any]:
        def run() -> Any:
            with warnings.catch_warnings():
                # The SDK deprecates notification_url in favour of panel-configured webhooks; the
                # contract (SPEC §6) sends it with each preference.
                warnings.simplefilter("ignore", DeprecationWarning)
                return fn()

        result = await asyncio.to_thread(run)
        return _document(result)

    async def create_preference(self, idempotency_key: str, request: PreferenceRequest) -> CreatedPreference:
        body = preference_body(request)
        options = self._options(idempotency_key)
        document = await self._call(lambda: self.sdk.preference(options).create(body))
        return CreatedPreference(id=str(document["id"]), init_point=str(document["init_point"]))

    async def get_payment(self, payment_id: str) -> ProviderPayment:
        document = await self._call(lambda: self.sdk.payment().get(payment_id))
        return parse_payment(document)

    async def search_payments(self, external_reference: str) -> list[ProviderPayment]:
        filters = {"external_reference": external_reference, "sort": "date_created", "criteria": "desc"}
        document = await self._call(lambda: self.sdk.payment().search(filters))
        return [parse_payment(item) for item in document.get("results") or [] if isinstance(item, dict)]

    async def refund_payment(
        self, idempotency_key: str, payment_id: str, amount: Decimal | None = None
    ) -> ProviderRefundInfo:
        body = None if amount is None else {"amount": wire_number(amount)}
        options = self._options(idempotency_key)
        document = await self._call(lambda: self.sdk.refund(options).create(payment_id, body))
        return parse_refund(document)

    async def chargeback_payment_ids(self, chargeback_id: str) -> list[str]:
        document = await self._call(lambda: self.sdk.chargeback().get(chargeback_id))
        return [str(item) for item in document.get("payments") or []]

    async def create_payout(self, idempotency_key: str, request: PayoutRequest) -> ProviderPayout:
        body = payout_body(request)
        payouts = _Payouts(self._options(), self.http)
        options = self._options(idempotency_key)
        document = await self._call(lambda: payouts.create(body, options))
        return parse_payout(document)

    async def get_payout(self, payout_id: str) -> ProviderPayout:
        payouts = _Payouts(self._options(), self.http)
        document = await self._call(lambda: payouts.get(payout_id))
        return parse_payout(document)

    async def close(self) -> None:
        self.http.close()
