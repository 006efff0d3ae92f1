"""Events the professionals service consumes.

- UserRegistered (PROFESIONAL): create the profile (insert-or-ignore; also created on first use).
- UserUpdated, UserBanned, UserUnbanned: the copies of names, avatar and account status (newest wins by
  event time; kept aside until the profile exists).
- WorkCompleted, ReviewCreated (chat service): completed trabajos, reviews, rating, experience and level.
- ReviewReplied (chat service): the professional's answer under the public review (retried until the
  review's ReviewCreated has arrived).
- MessageSent (chat service): the response-time read model (``service.response_time``), timed by the
  envelope's ``occurred_at``.
- JobCancelled (chat service): the trabajos the professional cancelled (``service.cancellations``), for
  ``cancelaciones_90d``, timed by the envelope's ``occurred_at``.
- AccountDeletionRequested: handled by the kernel with this service's ``personal_data.HOOKS``; afterwards
  account events about the deleted person are ignored and reviews they wrote arrive as "Usuario eliminado".
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import (
    EventEnvelope,
    JobCancelled,
    MessageSent,
    ReviewCreated,
    ReviewReplied,
    UserBanned,
    UserRegistered,
    UserUnbanned,
    UserUpdated,
    WorkCompleted,
    parse_event,
)
from conectar.contracts.identity import Rol
from conectar.platform.app import ServiceContext
from conectar.platform.consumer import EventHandlerFn
from conectar.professionals.service import cancellations, profiles, reputation, response_time


def handlers(ctx: ServiceContext) -> Mapping[str, EventHandlerFn]:
    async def on_user_registered(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserRegistered)
        if event.rol != Rol.PROFESIONAL.value:
            return
        await profiles.create_profile(
            session,
            usuario_id=event.user_id,
            email=event.email,
            nombre=event.nombre,
            apellido=event.apellido,
            is_active=True,
            fecha_creacion=event.fecha_creacion,
        )

    async def on_user_updated(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserUpdated)
        await profiles.record_account_copy(
            session,
            event.user_id,
            at=envelope.occurred_at,
            names=(event.nombre, event.apellido, event.avatar_url),
        )

    async def on_user_banned(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserBanned)
        await profiles.record_account_copy(session, event.user_id, at=envelope.occurred_at, is_active=False)

    async def on_user_unbanned(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserUnbanned)
        await profiles.record_account_copy(session, event.user_id, at=envelope.occurred_at, is_active=True)

    async def on_work_completed(session: AsyncSession, envelope: EventEnvelope) -> None:
        await reputation.work_completed(ctx, session, parse_event(envelope, WorkCompleted))

    async def on_review_created(session: AsyncSession, envelope: EventEnvelope) -> None:
        await reputation.review_created(ctx, session, parse_event(envelope, ReviewCreated))

    async def on_review_replied(session: AsyncSession, envelope: EventEnvelope) -> None:
        await reputation.review_replied(session, parse_event(envelope, ReviewReplied))

    async def on_message_sent(session: AsyncSession, envelope: EventEnvelope) -> None:
        await response_time.message_sent(session, parse_event(envelope, MessageSent), envelope.occurred_at)

    async def on_job_cancelled(session: AsyncSession, envelope: EventEnvelope) -> None:
        await cancellations.job_cancelled(session, parse_event(envelope, JobCancelled), envelope.occurred_at)

    return {
        UserRegistered.event_type(): on_user_registered,
        UserUpdated.event_type(): on_user_updated,
        UserBanned.event_type(): on_user_banned,
        UserUnbanned.event_type(): on_user_unbanned,
        WorkCompleted.event_type(): on_work_completed,
        ReviewCreated.event_type(): on_review_created,
        ReviewReplied.event_type(): on_review_replied,
        MessageSent.event_type(): on_message_sent,
        JobCancelled.event_type(): on_job_cancelled,
    }
