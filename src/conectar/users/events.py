"""Events the users service consumes: it keeps copies of account, KYC and chat status."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import (
    ChatBanLifted,
    ChatInfractionRecorded,
    EventEnvelope,
    KycApproved,
    KycRejected,
    KycSubmitted,
    PersonalDataErased,
    UserBanned,
    UserRegistered,
    UserUnbanned,
)
from conectar.platform.app import ServiceContext
from conectar.platform.handlers import EventHandlers
from conectar.users import deletion, service
from conectar.users import repository as repo
from conectar.users.models import UserProfile

handlers = EventHandlers[ServiceContext]()


class ProfileNotYetKnown(RuntimeError):
    """A status event arrived before the profile's UserRegistered; the bus retries it later."""


async def _profile(session: AsyncSession, user_id: uuid.UUID) -> UserProfile:
    profile = await repo.profile(session, user_id, lock=True)
    if profile is None:
        raise ProfileNotYetKnown(str(user_id))
    return profile


@handlers.on(UserRegistered)
async def on_user_registered(
    ctx: ServiceContext, session: AsyncSession, event: UserRegistered, envelope: EventEnvelope
) -> None:
    await repo.insert_profile_if_missing(
        session,
        user_id=event.user_id,
        email=event.email,
        rol=event.rol,
        nombre=event.nombre,
        apellido=event.apellido,
        fecha_creacion=event.fecha_creacion,
    )


@handlers.on(UserBanned)
async def on_user_banned(
    ctx: ServiceContext, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
) -> None:
    service.apply_account_status(
        await _profile(session, event.user_id), is_active=False, at=envelope.occurred_at
    )


@handlers.on(UserUnbanned)
async def on_user_unbanned(
    ctx: ServiceContext, session: AsyncSession, event: UserUnbanned, envelope: EventEnvelope
) -> None:
    service.apply_account_status(
        await _profile(session, event.user_id), is_active=True, at=envelope.occurred_at
    )


@handlers.on(KycSubmitted)
async def on_kyc_submitted(
    ctx: ServiceContext, session: AsyncSession, event: KycSubmitted, envelope: EventEnvelope
) -> None:
    service.apply_kyc_state(await _profile(session, event.user_id), "EN_REVISION", envelope.occurred_at)


@handlers.on(KycApproved)
async def on_kyc_approved(
    ctx: ServiceContext, session: AsyncSession, event: KycApproved, envelope: EventEnvelope
) -> None:
    service.apply_kyc_state(await _profile(session, event.user_id), "APROBADO", envelope.occurred_at)


@handlers.on(KycRejected)
async def on_kyc_rejected(
    ctx: ServiceContext, session: AsyncSession, event: KycRejected, envelope: EventEnvelope
) -> None:
    service.apply_kyc_state(await _profile(session, event.user_id), "RECHAZADO", envelope.occurred_at)


@handlers.on(ChatInfractionRecorded)
async def on_chat_infraction(
    ctx: ServiceContext, session: AsyncSession, event: ChatInfractionRecorded, envelope: EventEnvelope
) -> None:
    service.apply_chat_status(
        await _profile(session, event.user_id),
        infracciones=event.infracciones_chat,
        banned=event.is_chat_banned,
        at=envelope.occurred_at,
    )


@handlers.on(ChatBanLifted)
async def on_chat_ban_lifted(
    ctx: ServiceContext, session: AsyncSession, event: ChatBanLifted, envelope: EventEnvelope
) -> None:
    service.apply_chat_status(
        await _profile(session, event.user_id), infracciones=0, banned=False, at=envelope.occurred_at
    )


@handlers.on(PersonalDataErased)
async def on_personal_data_erased(
    ctx: ServiceContext, session: AsyncSession, event: PersonalDataErased, envelope: EventEnvelope
) -> None:
    """One service has erased its part of a deletion (the saga in ``deletion``)."""
    await deletion.record_erasure(session, event)
