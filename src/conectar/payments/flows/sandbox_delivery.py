"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx
import structlog
from sqlalchemy import select, update

from conectar.payments.models import SandboxWebhookDelivery, table_of
from conectar.payments.service.sandbox_delivery import delivery_url
from conectar.payments.signature import sign
from conectar.platform.db import utcnow
from conectar.platform.workqueue import Dead, Done, Job, Outcome, RetryAfter

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)


async def deliver_job(rt: PaymentsRuntime, job: Job) -> Outcome:
    """The ``payments.sandbox-webhooks`` handler: send the delivery the job names, unless it was
    acknowledged already."""
    delivery_id = uuid.UUID(str(job.payload["delivery_id"]))
    table = table_of(SandboxWebhookDelivery)
    async with rt.db.session(write=False) as session:
        row = (await session.execute(select(table).where(table.c.id == delivery_id))).mappings().first()
    if row is None:
        return Dead(f"sandbox webhook delivery {delivery_id} does not exist")
    if row["handled_at"] is not None:
        return Done()
    return await deliver(rt, dict(row))


async def deliver(rt: PaymentsRuntime, row: Mapping[str, Any]) -> Outcome:
    """Post one owed webhook and record the answer on its row; retry later unless acknowledged."""
    url = delivery_url(str(row["url"]), str(row["data_id"]), str(row["topic"]))
    request_id = str(uuid.uuid4())
    headers = {
        "content-type": "application/json",
        "x-request-id": request_id,
        "x-signature": sign(
            rt.webhook_secret(), data_id=str(row["data_id"]), request_id=request_id, ts=int(time.time())
        ),
        "user-agent": "MercadoPago WebHook v1.0 payment (sandbox)",
    }
    base = rt.platform.base_url
    local = rt.local_client() if url.startswith(base + "/") else None
    body = json.dumps(row["body"])
    values: dict[str, Any]
    outcome: Outcome
    try:
        if local is not None:
            response = await local.post(url[len(base) :], content=body, headers=headers)
        else:
            response = await rt.http().post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        reason = f"{type(exc).__name__}: {str(exc)[:300]}"
        values, outcome = {"last_error": reason}, RetryAfter(reason)
    else:
        if response.status_code in (200, 201):
            values = {"last_status_code": response.status_code, "handled_at": utcnow(), "last_error": None}
            outcome = Done()
        else:
            reason = f"{response.status_code} from the notification URL"
            values = {"last_status_code": response.status_code, "last_error": reason}
            outcome = RetryAfter(reason)
    async with rt.db.session() as session:
        await session.execute(
            update(SandboxWebhookDelivery).where(SandboxWebhookDelivery.id == row["id"]).values(**values)
        )
    if isinstance(outcome, RetryAfter):
        log.info("sandbox_webhook_not_acknowledged", delivery_id=str(row["id"]), reason=outcome.reason)
    return outcome
