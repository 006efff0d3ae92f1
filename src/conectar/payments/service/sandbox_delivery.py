"""The sandbox's webhook sender: the ``payments.sandbox-webhooks`` job signs each owed notification exactly
as MercadoPago does and posts it to the preference's ``notification_url``, retried (the kernel work queue's
backoff, capped at a minute) until it is acknowledged with 200/201.

In standalone mode a notification URL on this platform's own address is delivered in-process to this
service's app (tests drive the platform without a listening socket); anything else goes over HTTP.

Idempotent: a delivery already acknowledged (``handled_at``) is not sent again; one sent twice (a worker
died before finishing its job) is a duplicate notification, which the receiver stores once.
"""

from __future__ import annotations

from urllib.parse import urlencode


def delivery_url(url: str, data_id: str, topic: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({'data.id': data_id, 'type': topic})}"
