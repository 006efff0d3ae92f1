"""The service's moving parts, built from settings at startup: channels, their delivery queues, live
fan-out."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.notifications import delivery, flows
from conectar.notifications.catalog import Canal
from conectar.notifications.channels.base import EmailTransport
from conectar.notifications.channels.fcm import FcmClient, PushChannel
from conectar.notifications.channels.mail import EmailChannel
from conectar.notifications.channels.mailbox import Mailbox, MailboxTransport
from conectar.notifications.live import LiveHub, StopSignals
from conectar.notifications.settings import EmailProvider, NotificationSettings, mailbox_dir
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit
from conectar.platform.workqueue import Backoff, QueueSpec

log = structlog.get_logger(__name__)

RUNTIME_KEY = "notifications"


def build_email_transport(settings: NotificationSettings, ctx: ServiceContext) -> EmailTransport:
    provider = settings.resolved_email_provider(ctx.settings)
    if provider is EmailProvider.SENDGRID:
        from conectar.notifications.channels.sendgrid import SendGridTransport

        return SendGridTransport(settings)
    if provider is EmailProvider.SMTP:
        from conectar.notifications.channels.smtp import SmtpTransport

        return SmtpTransport(settings)
    if not ctx.settings.standalone:
        log.warning("email_to_local_mailbox", reason="no SMTP or SendGrid configured")
    return MailboxTransport(Mailbox(mailbox_dir(ctx.settings)), settings)


@dataclass
class Runtime:
    ctx: ServiceContext
    settings: NotificationSettings
    live: LiveHub
    email: EmailTransport
    push: FcmClient | None
    handlers: dict[Canal, flows.DeliveryHandler] = field(default_factory=dict)
    stop_signals: StopSignals = field(init=False)

    def __post_init__(self) -> None:
        self.stop_signals = StopSignals(self.live)

    @property
    def base_url(self) -> str:
        return self.ctx.settings.base_url

    @property
    def push_enabled(self) -> bool:
        return self.push is not None

    def burst(self, canal: Canal) -> tuple[float, float]:
        """(gathering delay, minimum interval) of chat bursts on ``canal``."""
        s = self.settings
        if canal is Canal.EMAIL:
            return s.notifications_chat_email_delay_seconds, s.notifications_chat_email_min_interval_seconds
        return s.notifications_chat_push_delay_seconds, s.notifications_chat_push_min_interval_seconds

    async def enqueue_delivery(
        self, session: AsyncSession, canal: Canal, delivery_id: uuid.UUID, due: datetime | None = None
    ) -> None:
        """The delivery's job on its channel's queue, in the caller's unit of work."""
        await delivery.enqueue(self.ctx.queues, session, canal, delivery_id, due=due)

    def queue_specs(self) -> list[QueueSpec]:
        """One work queue per outbound channel (``notifications.email``, ``notifications.push``)."""
        s = self.settings
        return [
            QueueSpec(
                name=delivery.queue_of(canal),
                handler=handler,
                concurrency=s.notifications_concurrency,
                batch_size=s.notifications_batch_size,
                lease_seconds=s.notifications_lease_seconds,
                max_attempts=s.notifications_max_attempts,
                backoff=Backoff(
                    base_seconds=s.notifications_retry_base_seconds,
                    cap_seconds=s.notifications_retry_max_seconds,
                ),
                poll_seconds=s.notifications_poll_seconds,
                on_dead=handler.on_dead,
            )
            for canal, handler in self.handlers.items()
        ]

    def publish_after_commit(
        self, session: AsyncSession, user_id: uuid.UUID, event: str, data: dict[str, Any]
    ) -> None:
        on_commit(session, lambda: self.live.publish_soon(user_id, event, data))

    # --- lifecycle --------------------------------------------------------------------------------

    @classmethod
    def build(cls, ctx: ServiceContext, settings: NotificationSettings) -> Runtime:
        settings.check(ctx.settings)
        push = FcmClient.from_settings(settings) if settings.push_enabled else None
        runtime = cls(
            ctx=ctx,
            settings=settings,
            live=LiveHub(ctx.kv),
            email=build_email_transport(settings, ctx),
            push=push,
        )
        lease = settings.notifications_lease_seconds
        email_channel = EmailChannel(
            runtime.email,
            resolve=partial(flows.resolve, ctx),
            all_read=partial(flows.all_read, ctx),
            base_url=ctx.settings.base_url,
            from_address=settings.email_from_address,
        )
        runtime.handlers[Canal.EMAIL] = flows.DeliveryHandler(
            Canal.EMAIL,
            email_channel,
            ctx.db,
            max_attempts=settings.notifications_max_attempts,
            send_timeout=delivery.send_timeout(settings.smtp_timeout_seconds * 2 + 5, lease),
        )
        if push is not None:
            push_channel = PushChannel(
                push,
                devices=partial(flows.devices, ctx),
                prune=partial(flows.prune, ctx),
                all_read=partial(flows.all_read, ctx),
            )
            runtime.handlers[Canal.PUSH] = flows.DeliveryHandler(
                Canal.PUSH,
                push_channel,
                ctx.db,
                max_attempts=settings.notifications_max_attempts,
                send_timeout=delivery.send_timeout(settings.fcm_timeout_seconds * 3 + 5, lease),
            )
        return runtime

    async def start(self) -> None:
        await self.live.start()
        self.stop_signals.install()
        log.info(
            "notifications_channels",
            email=self.email.name,
            push="fcm" if self.push is not None else "off",
        )

    async def stop(self) -> None:
        self.stop_signals.restore()
        await self.live.stop()
        await self.email.close()
        if self.push is not None:
            await self.push.close()


def runtime_of(ctx: ServiceContext) -> Runtime:
    runtime: Runtime = ctx.extras[RUNTIME_KEY]
    return runtime
