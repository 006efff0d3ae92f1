"""Use cases of the notifications service's API: the inbox, preferences, devices, delivery log."""

from __future__ import annotations

import math
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.notifications import delivery
from conectar.notifications import repository as repo
from conectar.notifications.catalog import OUTBOUND_CHANNELS, Canal, Tipo, kind
from conectar.notifications.models import DEAD, PENDING
from conectar.notifications.preferences import matrix
from conectar.notifications.runtime import Runtime
from conectar.notifications.schemas import (
    Canales,
    EntregaPage,
    EntregaRead,
    IntentoRead,
    NotificacionPage,
    NotificacionRead,
    PreferenciasRead,
    PreferenciasUpdate,
    notification_read,
    tipos_configurables,
)
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.pagination import clamp


async def inbox(
    session: AsyncSession, user_id: uuid.UUID, *, page: int, limit: int, unread_only: bool
) -> NotificacionPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.inbox_page(
        session, user_id, offset=(page - 1) * limit, limit=limit, unread_only=unread_only
    )
    unread = total if unread_only else await repo.unread_count(session, user_id)
    return NotificacionPage(
        notificaciones=[notification_read(row) for row in rows],
        total=total,
        no_leidas=unread,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


async def _publish_count(runtime: Runtime, session: AsyncSession, user_id: uuid.UUID) -> None:
    count = await repo.unread_count(session, user_id)
    runtime.publish_after_commit(session, user_id, "contador", {"count": count})


async def mark_read(
    runtime: Runtime, session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID
) -> NotificacionRead:
    # Under the person's exclusive lock the count published is the count at commit (concurrent marks and
    # new notices wait), so the live counter never ends on a stale number.
    await repo.lock_person(session, user_id, shared=False)
    row = await repo.mark_read(session, user_id, notification_id)
    if row is None:
        raise NotFound("Notificación no encontrada")
    await session.flush()
    await _publish_count(runtime, session, user_id)
    return notification_read(row)


async def mark_all_read(runtime: Runtime, session: AsyncSession, user_id: uuid.UUID) -> int:
    await repo.lock_person(session, user_id, shared=False)  # a notice being recorded is marked too
    updated = await repo.mark_all_read(session, user_id)
    if updated:
        runtime.publish_after_commit(session, user_id, "contador", {"count": 0})
    return updated


async def preferences(session: AsyncSession, user_id: uuid.UUID) -> PreferenciasRead:
    full = matrix(await repo.overrides(session, user_id))
    return PreferenciasRead(
        preferencias={
            tipo.value: Canales(
                email=channels[Canal.EMAIL], push=channels[Canal.PUSH], in_app=channels[Canal.IN_APP]
            )
            for tipo, channels in full.items()
        },
        tipos=tipos_configurables(),
    )


async def update_preferences(
    session: AsyncSession, user_id: uuid.UUID, body: PreferenciasUpdate
) -> PreferenciasRead:
    values: dict[tuple[Tipo, Canal], bool] = {}
    for tipo, channels in body.preferencias.items():
        for canal in Canal:
            enabled = getattr(channels, canal.value)
            if enabled is not None:
                values[(tipo, canal)] = enabled
    await repo.set_preferences(session, user_id, values)
    return await preferences(session, user_id)


async def register_device(session: AsyncSession, user_id: uuid.UUID, token: str, device_type: str) -> None:
    await repo.register_device(session, user_id, token, device_type)


async def unregister_device(session: AsyncSession, user_id: uuid.UUID, token: str) -> bool:
    return await repo.unregister_device(session, user_id, token)


# --- operators: the delivery log --------------------------------------------------------------------


async def deliveries(
    runtime: Runtime,
    session: AsyncSession,
    *,
    status: str | None,
    channel: str | None,
    page: int,
    limit: int,
) -> EntregaPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.deliveries_page(
        session, status=status, channel=channel, offset=(page - 1) * limit, limit=limit
    )
    attempts = await repo.attempts_of(session, [row.id for row in rows])
    # A pending delivery is tried next when its job is due (the queue's backoff decides when).
    found = await runtime.ctx.queues.find(
        session,
        [delivery.queue_of(canal) for canal in OUTBOUND_CHANNELS],
        [str(row.id) for row in rows if row.status == PENDING],
    )
    jobs = {uuid.UUID(key): job for key, job in found.items()}
    next_attempt = delivery.next_attempts(rows, jobs)
    by_delivery: dict[uuid.UUID, list[IntentoRead]] = {}
    for attempt in attempts:
        by_delivery.setdefault(attempt.delivery_id, []).append(
            IntentoRead(
                numero=attempt.number,
                inicio=attempt.started_at,
                fin=attempt.finished_at,
                duracion_ms=attempt.duration_ms,
                resultado=attempt.outcome,
                error=attempt.error,
            )
        )
    return EntregaPage(
        entregas=[
            EntregaRead(
                id=row.id,
                notificacion_id=row.notification_id,
                usuario_id=row.user_id,
                tipo=row.tipo,
                canal=row.channel,
                estado=row.status,
                intentos=row.attempts,
                agrupados=row.coalesced,
                proximo_intento=next_attempt.get(row.id),
                ultimo_error=row.last_error,
                enviado=row.sent_at,
                fecha_creacion=row.fecha_creacion,
                historial=by_delivery.get(row.id, []),
            )
            for row in rows
        ],
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


async def retry_delivery(runtime: Runtime, session: AsyncSession, delivery_id: uuid.UUID) -> None:
    row = await repo.delivery(session, delivery_id, lock=True)
    if row is None:
        raise NotFound("Entrega no encontrada")
    if row.status != DEAD:
        raise BusinessRuleError("Solo se pueden reintentar entregas fallidas")
    if kind(row.tipo).sensitive:
        raise BusinessRuleError("Este e-mail llevaba un enlace de un solo uso: hay que pedir uno nuevo")
    row.status = PENDING
    row.attempts = 0
    row.next_attempt_at = utcnow()
    await session.flush()
    # Its dead job gets a fresh round of attempts in this unit of work (a new one if it was purged).
    canal = Canal(row.channel)
    if not await runtime.ctx.queues.requeue(session, delivery.queue_of(canal), str(row.id)):
        await runtime.enqueue_delivery(session, canal, row.id)
