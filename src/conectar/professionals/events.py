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
)
from conectar.contracts.identity import Rol
from conectar.platform.app import ServiceContext
from conectar.platform.handlers import EventHandlers
from conectar.professionals.service import cancellations, profiles, reputation, response_time

handlers = EventHandlers[ServiceContext]()


@handlers.on(UserRegistered)
async def on_user_registered(
    ctx: ServiceContext, session: AsyncSession, event: UserRegistered, envelope: EventEnvelope
) -> None:
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


@handlers.on(UserUpdated)
async def on_user_updated(
    ctx: ServiceContext, session: AsyncSession, event: UserUpdated, envelope: EventEnvelope
) -> None:
    await profiles.record_account_copy(
        session,
        event.user_id,
        at=envelope.occurred_at,
        names=(event.nombre, event.apellido, event.avatar_url),
    )


@handlers.on(UserBanned)
async def on_user_banned(
    ctx: ServiceContext, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
) -> None:
    await profiles.record_account_copy(session, event.user_id, at=envelope.occurred_at, is_active=False)


@handlers.on(UserUnbanned)
async def on_user_unbanned(
    ctx: ServiceContext, session: AsyncSession, event: UserUnbanned, envelope: EventEnvelope
) -> None:
    await profiles.record_account_copy(session, event.user_id, at=envelope.occurred_at, is_active=True)


@handlers.on(WorkCompleted)
async def on_work_completed(
    ctx: ServiceContext, session: AsyncSession, event: WorkCompleted, envelope: EventEnvelope
) -> None:
    await reputation.work_completed(ctx, session, event)


@handlers.on(ReviewCreated)
async def on_review_created(
    ctx: ServiceContext, session: AsyncSession, event: ReviewCreated, envelope: EventEnvelope
) -> None:
    await reputation.review_created(ctx, session, event)


@handlers.on(ReviewReplied)
async def on_review_replied(
    ctx: ServiceContext, session: AsyncSession, event: ReviewReplied, envelope: EventEnvelope
) -> None:
    await reputation.review_replied(session, event)


async def fold_response_times(
    ctx: ServiceContext, session: AsyncSession, messages: list[tuple[MessageSent, EventEnvelope]]
) -> None:
    await response_time.fold_messages(
        session, [(event, envelope.occurred_at) for event, envelope in messages]
    )


@handlers.on(MessageSent, prepare=fold_response_times)
async def on_message_sent(
    ctx: ServiceContext, session: AsyncSession, event: MessageSent, envelope: EventEnvelope
) -> None:
    await response_time.message_sent(session, event, envelope.occurred_at)


@handlers.on(JobCancelled)
async def on_job_cancelled(
    ctx: ServiceContext, session: AsyncSession, event: JobCancelled, envelope: EventEnvelope
) -> None:
    await cancellations.job_cancelled(session, event, envelope.occurred_at)
