"""The channel port: what a delivery queue's handler hands a channel, and what the channel answers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class Status(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # nothing to send (no device, already read): done, not an error
    RETRY = "retry"  # a transient failure: try again later
    FAILED = "failed"  # a permanent failure: straight to the dead-letter state


@dataclass(frozen=True)
class DeliveryJob:
    """A delivery, as its queue's handler hands it to its channel (``attempt`` counts from 1).

    ``context`` is the handler's own copy: a channel may write its progress into it as it goes (push:
    the devices that have the message), and an attempt that ends without an outcome (its send timed out)
    is recorded with the context as it stands."""

    id: uuid.UUID
    notification_id: uuid.UUID
    user_id: uuid.UUID
    tipo: str
    address: str | None
    context: dict[str, Any]
    attempt: int


@dataclass(frozen=True)
class Outcome:
    status: Status
    # Why (never an address, a name, a token or a body): kept on the delivery and the attempt.
    detail: str | None = None
    provider_id: str | None = None
    retry_after: float | None = None
    # A replacement for the delivery's stored context (push progress across retries).
    context: dict[str, Any] | None = None

    @classmethod
    def sent(cls, provider_id: str | None = None, **kwargs: Any) -> Outcome:
        return cls(Status.SENT, provider_id=provider_id, **kwargs)

    @classmethod
    def skipped(cls, detail: str) -> Outcome:
        return cls(Status.SKIPPED, detail=detail)

    @classmethod
    def retry(cls, detail: str, *, retry_after: float | None = None, **kwargs: Any) -> Outcome:
        return cls(Status.RETRY, detail=detail, retry_after=retry_after, **kwargs)

    @classmethod
    def failed(cls, detail: str, **kwargs: Any) -> Outcome:
        return cls(Status.FAILED, detail=detail, **kwargs)


class Channel(Protocol):
    """Delivers one delivery. Raising means a transient failure (retried with backoff)."""

    name: str

    async def deliver(self, job: DeliveryJob) -> Outcome: ...


class TransportError(Exception):
    """A provider refused or failed a send. ``permanent`` failures are not retried."""

    def __init__(self, detail: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent
        self.retry_after = retry_after


@dataclass(frozen=True)
class OutgoingEmail:
    to_address: str
    to_name: str
    subject: str
    text: str
    html: str
    message_id: str
    headers: dict[str, str] = field(default_factory=dict)


class EmailTransport(Protocol):
    name: str

    async def send(self, email: OutgoingEmail) -> str | None:
        """Hand the message over; returns the provider's id for it. Raises TransportError."""

    async def close(self) -> None: ...
