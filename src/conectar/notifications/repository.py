"""All SQL of the notifications service."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo
from conectar.contracts.personal_data import is_pseudonymous_email
from conectar.notifications.catalog import Canal, Tipo
from conectar.notifications.models import (
    DEAD,
    PENDING,
    SENT,
    SKIPPED,
    Delivery,
    DeliveryAttempt,
    DeviceToken,
    Notification,
    Preference,
    TrabajoCopy,
    UserCopy,
)
from conectar.platform.db import get_row, insert_ignore, lock_key, utcnow

MAX_DEVICES_PER_USER = 20


def _table(model: Any) -> Any:
    return model.__table__


# --- copies of other services' data -----------------------------------------------------------------


async def user(session: AsyncSession, user_id: uuid.UUID) -> UserCopy | None:
    return await session.get(UserCopy, user_id)


async def apply_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    at: datetime,
    email: str | None = None,
    nombre: str | None = None,
    apellido: str | None = None,
    rol: str | None = None,
) -> None:
    """Create or update the copy of a person; values older than what is stored are ignored, except an
    e-mail address the copy does not have yet."""
    if await insert_ignore(
        session,
        _table(UserCopy),
        {
            "id": user_id,
            "email": email,
            "nombre": nombre or "",
            "apellido": apellido or "",
            "rol": rol,
            "updated_at": at,
        },
    ):
        return
    copy = await get_row(session, UserCopy, user_id, lock=True)
    assert copy is not None  # not inserted above: it exists
    if copy.email is not None and is_pseudonymous_email(copy.email):
        return  # the person was deleted: a late or repeated event must not bring their data back
    newer = at >= copy.updated_at
    if email is not None and (newer or copy.email is None):
        copy.email = email
    if newer:
        if nombre is not None:
            copy.nombre = nombre
        if apellido is not None:
            copy.apellido = apellido
        if rol is not None:
            copy.rol = rol
        copy.updated_at = at
    elif rol is not None and copy.rol is None:
        copy.rol = rol


async def fill_user_from_account(session: AsyncSession, account: AccountInfo) -> None:
    """Read-through: what the auth service answered, never newer than an event we applied."""
    await apply_user(
        session,
        account.id,
        at=account.fecha_creacion,
        email=account.email,
        nombre=account.nombre,
        apellido=account.apellido,
        rol=account.rol.value,
    )


async def trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> TrabajoCopy | None:
    return await session.get(TrabajoCopy, trabajo_id)


async def apply_trabajo(
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    *,
    cliente_id: uuid.UUID,
    profesional_id: uuid.UUID,
    precio_final: str | None = None,
) -> None:
    if await insert_ignore(
        session,
        _table(TrabajoCopy),
        {
            "id": trabajo_id,
            "cliente_id": cliente_id,
            "profesional_id": profesional_id,
            "precio_final": precio_final,
            "fecha_creacion": utcnow(),
        },
    ):
        return
    if precio_final is not None:
        await session.execute(
            update(TrabajoCopy)
            .where(TrabajoCopy.id == trabajo_id, TrabajoCopy.precio_final.is_(None))
            .values(precio_final=precio_final)
        )


# --- notifications (the inbox) ----------------------------------------------------------------------


async def insert_notification(session: AsyncSession, values: dict[str, Any]) -> Notification | None:
    """Store a notification, unless the person already has one for this event or dedupe key: the
    stored row, or None."""
    now = utcnow()
    row = {
        "id": uuid.uuid4(),
        "leida": False,
        "contador": 1,
        "fecha_creacion": now,
        "fecha_actualizacion": now,
        "ultima_actividad": now,
        **values,
    }
    if not await insert_ignore(session, _table(Notification), row):
        return None
    return await session.get(Notification, row["id"])


async def unread_in_group(session: AsyncSession, user_id: uuid.UUID, grupo: str) -> Notification | None:
    """The newest unread notification of a group (a chat's burst), locked for folding into it."""
    query = (
        select(Notification)
        .where(Notification.user_id == user_id, Notification.grupo == grupo, Notification.leida.is_(False))
        .order_by(Notification.ultima_actividad.desc())
        .limit(1)
        .with_for_update()
    )
    return (await session.execute(query)).scalar_one_or_none()


def _inbox(user_id: uuid.UUID, *, unread_only: bool) -> Any:
    condition = and_(Notification.user_id == user_id, Notification.in_app.is_(True))
    if unread_only:
        condition = and_(condition, Notification.leida.is_(False))
    return condition


async def inbox_page(
    session: AsyncSession, user_id: uuid.UUID, *, offset: int, limit: int, unread_only: bool
) -> tuple[list[Notification], int]:
    condition = _inbox(user_id, unread_only=unread_only)
    total = (
        await session.execute(select(func.count()).select_from(Notification).where(condition))
    ).scalar_one()
    rows = await session.execute(
        select(Notification)
        .where(condition)
        .order_by(Notification.ultima_actividad.desc(), Notification.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


async def unread_count(session: AsyncSession, user_id: uuid.UUID) -> int:
    result = await session.execute(
        select(func.count()).select_from(Notification).where(_inbox(user_id, unread_only=True))
    )
    return int(result.scalar_one())


async def mark_read(
    session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID
) -> Notification | None:
    found = (
        await session.execute(
            select(Notification)
            .where(
                Notification.id == notification_id,
                Notification.user_id == user_id,
                Notification.in_app.is_(True),
            )
            .with_for_update()
        )
    ).scalar_one_or_none()
    if found is not None and not found.leida:
        found.leida = True
        found.fecha_leida = utcnow()
    return found


async def mark_group_read(session: AsyncSession, user_id: uuid.UUID, grupo: str, until: datetime) -> int:
    """Mark read a group's notices (a conversation's "new messages") last active before ``until``."""
    now = utcnow()
    result = await session.execute(
        update(Notification)
        .where(
            Notification.user_id == user_id,
            Notification.grupo == grupo,
            Notification.leida.is_(False),
            Notification.ultima_actividad <= until,
        )
        .values(leida=True, fecha_leida=now, fecha_actualizacion=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def mark_all_read(session: AsyncSession, user_id: uuid.UUID) -> int:
    now = utcnow()
    result = await session.execute(
        update(Notification)
        .where(_inbox(user_id, unread_only=True))
        .values(leida=True, fecha_leida=now, fecha_actualizacion=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def count_unread_among(session: AsyncSession, ids: Sequence[uuid.UUID]) -> int:
    if not ids:
        return 0
    result = await session.execute(
        select(func.count())
        .select_from(Notification)
        .where(Notification.id.in_(ids), Notification.leida.is_(False))
    )
    return int(result.scalar_one())


# --- deliveries -------------------------------------------------------------------------------------


async def insert_delivery(session: AsyncSession, values: dict[str, Any]) -> uuid.UUID | None:
    """Store a delivery unless the person already has one of this event on this channel (or a burst is
    gathering under its ``coalesce_key``): the new row's id, or None."""
    now = utcnow()
    row = {
        "id": uuid.uuid4(),
        "status": PENDING,
        "attempts": 0,
        "coalesced": 1,
        "next_attempt_at": now,
        "fecha_creacion": now,
        "fecha_actualizacion": now,
        **values,
    }
    if not await insert_ignore(session, _table(Delivery), row):
        return None
    delivery_id: uuid.UUID = row["id"]
    return delivery_id


async def gathering_delivery(session: AsyncSession, coalesce_key: str) -> Delivery | None:
    """The delivery still gathering a burst under ``coalesce_key``, locked for folding into it."""
    query = select(Delivery).where(Delivery.coalesce_key == coalesce_key).with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def last_sent_at(
    session: AsyncSession, user_id: uuid.UUID, channel: Canal, tipo: Tipo
) -> datetime | None:
    result = await session.execute(
        select(func.max(Delivery.sent_at)).where(
            Delivery.user_id == user_id, Delivery.channel == channel.value, Delivery.tipo == tipo.value
        )
    )
    value: datetime | None = result.scalar_one_or_none()
    return value


async def close_burst(session: AsyncSession, delivery_id: uuid.UUID) -> Delivery | None:
    """Stop a delivery gathering its burst (the messages that come after start a new one), and read what
    it gathered. The row lock orders this after any fold in progress; a fold that comes after finds no
    gathering row (on PostgreSQL its locked read re-checks ``coalesce_key`` on the newest version)."""
    row = await delivery(session, delivery_id, lock=True)
    if row is not None and row.coalesce_key is not None:
        row.coalesce_key = None
        row.fecha_actualizacion = utcnow()
        await session.flush()
    return row


async def record_attempt(
    session: AsyncSession, delivery_id: uuid.UUID, *, values: dict[str, Any], attempt: dict[str, Any]
) -> bool:
    """Record an attempt and its outcome on a delivery that is still pending; False when it is not
    (another run of its job finished it first: that outcome stands)."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == PENDING)
        .values(fecha_actualizacion=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return False
    session.add(DeliveryAttempt(delivery_id=delivery_id, **attempt))
    return True


async def revive_delivery(session: AsyncSession, delivery_id: uuid.UUID) -> bool:
    """A dead delivery gets a new round of attempts (its job was retried by an operator)."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DEAD)
        .values(status=PENDING, attempts=0, fecha_actualizacion=utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def deliveries_page(
    session: AsyncSession, *, status: str | None, channel: str | None, offset: int, limit: int
) -> tuple[list[Delivery], int]:
    conditions = []
    if status:
        conditions.append(Delivery.status == status)
    if channel:
        conditions.append(Delivery.channel == channel)
    where = and_(*conditions) if conditions else and_(True)
    total = (await session.execute(select(func.count()).select_from(Delivery).where(where))).scalar_one()
    rows = await session.execute(
        select(Delivery).where(where).order_by(Delivery.fecha_creacion.desc()).offset(offset).limit(limit)
    )
    return list(rows.scalars()), int(total)


async def attempts_of(session: AsyncSession, delivery_ids: Iterable[uuid.UUID]) -> list[DeliveryAttempt]:
    """Each delivery's attempts in the order they were made (an admin's retry numbers them afresh)."""
    ids = list(delivery_ids)
    if not ids:
        return []
    rows = await session.execute(
        select(DeliveryAttempt)
        .where(DeliveryAttempt.delivery_id.in_(ids))
        .order_by(DeliveryAttempt.delivery_id, DeliveryAttempt.started_at, DeliveryAttempt.number)
    )
    return list(rows.scalars())


async def delivery(session: AsyncSession, delivery_id: uuid.UUID, *, lock: bool = False) -> Delivery | None:
    return await get_row(session, Delivery, delivery_id, lock=lock)


async def purge_before(session: AsyncSession, cutoff: datetime) -> tuple[int, int]:
    """Delete finished deliveries and done-with notifications older than ``cutoff`` (attempts cascade).

    A notification is done with once read, or at once if it is not in the inbox (e-mail or push only,
    like the password reset): nobody can mark those read."""
    finished = (SENT, SKIPPED, DEAD)
    deliveries = await session.execute(
        delete(Delivery).where(Delivery.status.in_(finished), Delivery.fecha_actualizacion < cutoff)
    )
    # Keep a notification while a delivery of it is still on its way.
    busy = select(Delivery.notification_id).where(Delivery.status.not_in(finished))
    notifications = await session.execute(
        delete(Notification).where(
            or_(Notification.leida.is_(True), Notification.in_app.is_(False)),
            Notification.ultima_actividad < cutoff,
            Notification.id.not_in(busy),
        )
    )
    return int(getattr(notifications, "rowcount", 0) or 0), int(getattr(deliveries, "rowcount", 0) or 0)


async def delivery_counts(session: AsyncSession) -> dict[tuple[str, str], int]:
    rows = await session.execute(
        select(Delivery.channel, Delivery.status, func.count())
        .where(Delivery.status.in_((PENDING, DEAD)))
        .group_by(Delivery.channel, Delivery.status)
    )
    return {(str(channel), str(status)): int(count) for channel, status, count in rows.all()}


# --- preferences ------------------------------------------------------------------------------------


async def overrides(
    session: AsyncSession, user_id: uuid.UUID, tipo: Tipo | None = None
) -> dict[tuple[Tipo, Canal], bool]:
    query = select(Preference).where(Preference.user_id == user_id)
    if tipo is not None:
        query = query.where(Preference.tipo == tipo.value)
    found: dict[tuple[Tipo, Canal], bool] = {}
    for row in (await session.execute(query)).scalars():
        try:
            found[(Tipo(row.tipo), Canal(row.channel))] = row.enabled
        except ValueError:
            continue  # a type or channel retired since
    return found


async def set_preferences(
    session: AsyncSession, user_id: uuid.UUID, values: Mapping[tuple[Tipo, Canal], bool]
) -> None:
    if not values:
        return
    now = utcnow()
    rows = [
        {
            "user_id": user_id,
            "tipo": tipo.value,
            "channel": canal.value,
            "enabled": enabled,
            "fecha_actualizacion": now,
        }
        for (tipo, canal), enabled in values.items()
    ]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    upsert = insert(_table(Preference)).values(rows)
    new = upsert.excluded
    await session.execute(
        upsert.on_conflict_do_update(
            index_elements=["user_id", "tipo", "channel"],
            set_={"enabled": new.enabled, "fecha_actualizacion": new.fecha_actualizacion},
        )
    )


# --- device tokens ----------------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def register_device(session: AsyncSession, user_id: uuid.UUID, token: str, device_type: str) -> None:
    digest = token_hash(token)
    now = utcnow()
    inserted = await insert_ignore(
        session,
        _table(DeviceToken),
        {
            "id": uuid.uuid4(),
            "user_id": user_id,
            "token": token,
            "token_hash": digest,
            "device_type": device_type,
            "last_seen_at": now,
            "fecha_creacion": now,
            "fecha_actualizacion": now,
        },
    )
    if not inserted:
        # The device was registered before (maybe by someone else who used it): it is this person's now.
        await session.execute(
            update(DeviceToken)
            .where(DeviceToken.token_hash == digest)
            .values(user_id=user_id, device_type=device_type, last_seen_at=now, fecha_actualizacion=now)
        )
    stale = (
        select(DeviceToken.id)
        .where(DeviceToken.user_id == user_id)
        .order_by(DeviceToken.last_seen_at.desc())
        .offset(MAX_DEVICES_PER_USER)
    )
    old = list((await session.execute(stale)).scalars())
    if old:
        await session.execute(delete(DeviceToken).where(DeviceToken.id.in_(old)))


async def unregister_device(session: AsyncSession, user_id: uuid.UUID, token: str) -> bool:
    result = await session.execute(
        delete(DeviceToken).where(DeviceToken.user_id == user_id, DeviceToken.token_hash == token_hash(token))
    )
    return bool(getattr(result, "rowcount", 0))


async def devices_of(session: AsyncSession, user_id: uuid.UUID) -> list[DeviceToken]:
    rows = await session.execute(
        select(DeviceToken).where(DeviceToken.user_id == user_id).order_by(DeviceToken.last_seen_at.desc())
    )
    return list(rows.scalars())


async def has_devices(session: AsyncSession, user_id: uuid.UUID) -> bool:
    result = await session.execute(select(DeviceToken.id).where(DeviceToken.user_id == user_id).limit(1))
    return result.first() is not None


async def delete_devices(session: AsyncSession, hashes: Iterable[str]) -> int:
    values = list(hashes)
    if not values:
        return 0
    result = await session.execute(delete(DeviceToken).where(DeviceToken.token_hash.in_(values)))
    return int(getattr(result, "rowcount", 0) or 0)


# --- a person's data (SPEC §14) ----------------------------------------------------------------------


async def lock_person(session: AsyncSession, user_id: uuid.UUID, *, shared: bool) -> None:
    """Order the units of work that touch one person's inbox, until this one ends (kernel ``lock_key``).

    Recording a notice takes it ``shared`` (notices of one person do not wait for each other) before it
    checks that the person is not deleted; erasing the person, and marking notices read (the live counter
    is counted in that unit of work), take it exclusive. So an erasure never misses a notice being
    recorded (it waits for its commit, or the notice sees the person deleted), and a count taken under the
    exclusive lock is the count at its commit."""
    await lock_key(session, f"notificaciones:persona:{user_id}", shared=shared)


async def erased(session: AsyncSession, user_id: uuid.UUID) -> bool:
    """True once the person's account was deleted (their copy holds the pseudonymous address)."""
    copy = await session.get(UserCopy, user_id)
    return copy is not None and copy.email is not None and is_pseudonymous_email(copy.email)


async def notifications_of(session: AsyncSession, user_id: uuid.UUID) -> list[Notification]:
    rows = await session.execute(
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.fecha_creacion, Notification.id)
    )
    return list(rows.scalars())


async def deliveries_of(session: AsyncSession, user_id: uuid.UUID) -> list[Delivery]:
    rows = await session.execute(
        select(Delivery).where(Delivery.user_id == user_id).order_by(Delivery.fecha_creacion, Delivery.id)
    )
    return list(rows.scalars())


async def delete_person(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Everything addressed to the person: their notifications, deliveries (pending ones too: their jobs
    then find nothing to send) and attempts, preferences and devices."""
    deliveries = select(Delivery.id).where(Delivery.user_id == user_id)
    await session.execute(delete(DeliveryAttempt).where(DeliveryAttempt.delivery_id.in_(deliveries)))
    await session.execute(delete(Delivery).where(Delivery.user_id == user_id))
    await session.execute(delete(Notification).where(Notification.user_id == user_id))
    await session.execute(delete(Preference).where(Preference.user_id == user_id))
    await session.execute(delete(DeviceToken).where(DeviceToken.user_id == user_id))


async def pseudonymise_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    email: str,
    nombre: str,
    apellido: str,
    rol: str | None,
    at: datetime,
) -> None:
    """The person's copy keeps only pseudonyms (created so, if we never had one: then no event can bring
    their data back)."""
    if await insert_ignore(
        session,
        _table(UserCopy),
        {"id": user_id, "email": email, "nombre": nombre, "apellido": apellido, "rol": rol, "updated_at": at},
    ):
        return
    copy = await get_row(session, UserCopy, user_id, lock=True)
    assert copy is not None  # not inserted above: it exists
    if (copy.email, copy.nombre, copy.apellido) != (email, nombre, apellido):
        copy.email, copy.nombre, copy.apellido = email, nombre, apellido
        copy.updated_at = max(copy.updated_at, at)


def _mentions(text_columns: Sequence[Any], json_column: Any, needles: Sequence[str]) -> Any:
    """Rows whose text, or JSON document as stored (with or without its non-ASCII escaped), may hold one of
    ``needles`` (a coarse filter: callers check each row)."""
    conditions = []
    for needle in needles:
        for column in text_columns:
            conditions.append(column.contains(needle, autoescape=True))
        for stored in {needle, json.dumps(needle)[1:-1]}:
            conditions.append(cast(json_column, String).contains(stored, autoescape=True))
    return or_(*conditions)


async def others_mentioning(
    session: AsyncSession, user_id: uuid.UUID, tipos: Sequence[str], needles: Sequence[str]
) -> tuple[list[Notification], list[Delivery]]:
    """Other people's notifications and deliveries of ``tipos`` that may name the person."""
    if not needles:
        return [], []
    notifications = await session.execute(
        select(Notification)
        .where(
            Notification.user_id != user_id,
            Notification.tipo.in_(list(tipos)),
            _mentions([Notification.titulo, Notification.mensaje], Notification.datos, needles),
        )
        .with_for_update()  # a chat burst may be folding into it right now
    )
    deliveries = await session.execute(
        select(Delivery)
        .where(
            Delivery.user_id != user_id,
            Delivery.tipo.in_(list(tipos)),
            _mentions([], Delivery.context, needles),
        )
        .with_for_update()
    )
    return list(notifications.scalars()), list(deliveries.scalars())
