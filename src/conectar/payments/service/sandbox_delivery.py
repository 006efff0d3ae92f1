"""The sandbox's webhook sender: signs each owed notification exactly as MercadoPago does and posts it
to the preference's ``notification_url``, retried (durable queue) until it is acknowledged with 200/201.

In standalone mode a notification URL on this platform's own address is delivered in-process to this
service's app (tests drive the platform without a listening socket); anything else goes over HTTP.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from sqlalchemy import update

from conectar.payments.models import SandboxWebhookDelivery
from conectar.payments.signature import sign
from conectar.platform.db import utcnow

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime


class DeliveryRefused(RuntimeError):
    pass


def delivery_url(url: str, data_id: str, topic: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({'data.id': data_id, 'type': topic})}"


async def deliver(rt: PaymentsRuntime, row: Mapping[str, Any]) -> None:
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
    if local is not None:
        response = await local.post(url[len(base) :], content=body, headers=headers)
    else:
        response = await rt.http().post(url, content=body, headers=headers)
    async with rt.db.session() as session:
        acknowledged = response.status_code in (200, 201)
        values: dict[str, Any] = {"last_status_code": response.status_code}
        if acknowledged:
            values.update(status="done", handled_at=utcnow(), last_error=None)
        await session.execute(
            update(SandboxWebhookDelivery).where(SandboxWebhookDelivery.id == row["id"]).values(**values)
        )
    if not acknowledged:
        raise DeliveryRefused(f"{response.status_code} from the notification URL")
