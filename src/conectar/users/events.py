"""Events the users service consumes: it keeps copies of account, KYC and chat status."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

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
    parse_event,
)
from conectar.platform.app import ServiceContext
from conectar.platform.consumer import EventHandlerFn
from conectar.users import deletion, service
from conectar.users import repository as repo
from conectar.users.models import UserProfile


class ProfileNotYetKnown(RuntimeError):
    """A status event arrived before the profile's UserRegistered; the bus retries it later."""


async def _profile(session: AsyncSession, user_id: uuid.UUID) -> UserProfile:
    profile = await repo.profile(session, user_id, lock=True)
    if profile is None:
        raise ProfileNotYetKnown(str(user_id))
    return profile


async def on_user_registered(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, UserRegistered)
    await repo.insert_profile_if_missing(
        session,
        user_id=event.user_id,
        email=event.email,
        rol=event.rol,
        nombre=event.nombre,
        apellido=event.apellido,
        fecha_creacion=event.fecha_creacion,
    )


async def on_user_banned(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, UserBanned)
    service.apply_account_status(
        await _profile(session, event.user_id), is_active=False, at=envelope.occurred_at
    )


async def on_user_unbanned(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, UserUnbanned)
    service.apply_account_status(
        await _profile(session, event.user_id), is_active=True, at=envelope.occurred_at
    )


async def on_kyc_submitted(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, KycSubmitted)
    service.apply_kyc_state(await _profile(session, event.user_id), "EN_REVISION", envelope.occurred_at)


async def on_kyc_approved(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, KycApproved)
    service.apply_kyc_state(await _profile(session, event.user_id), "APROBADO", envelope.occurred_at)


async def on_kyc_rejected(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, KycRejected)
    service.apply_kyc_state(await _profile(session, event.user_id), "RECHAZADO", envelope.occurred_at)


async def on_chat_infraction(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, ChatInfractionRecorded)
    service.apply_chat_status(
        await _profile(session, event.user_id),
        infracciones=event.infracciones_chat,
        banned=event.is_chat_banned,
        at=envelope.occurred_at,
    )


async def on_chat_ban_lifted(session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, ChatBanLifted)
    service.apply_chat_status(
        await _profile(session, event.user_id), infracciones=0, banned=False, at=envelope.occurred_at
    )


def handlers(_ctx: ServiceContext) -> Mapping[str, EventHandlerFn]:
    return {
        UserRegistered.event_type(): on_user_registered,
        UserBanned.event_type(): on_user_banned,
        UserUnbanned.event_type(): on_user_unbanned,
        KycSubmitted.event_type(): on_kyc_submitted,
        KycApproved.event_type(): on_kyc_approved,
        KycRejected.event_type(): on_kyc_rejected,
        ChatInfractionRecorded.event_type(): on_chat_infraction,
        ChatBanLifted.event_type(): on_chat_ban_lifted,
        PersonalDataErased.event_type(): deletion.on_personal_data_erased,
    }
