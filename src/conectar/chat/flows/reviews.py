"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from conectar.chat import feed
from conectar.chat import repository as repo
from conectar.chat.models import Resena
from conectar.chat.reviews import ALREADY_REPLIED, ALREADY_REVIEWED, average, resena_read
from conectar.chat.schemas import ResenaCreate, ResenaCreated, ResenaRead
from conectar.chat.statemachine import EstadoEscrow
from conectar.contracts.events import ReviewCreated, ReviewReplied
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, Forbidden, NotFound
from conectar.platform.security import Principal


async def create(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, body: ResenaCreate
) -> ResenaCreated:
    try:
        async with ctx.db.session() as session:
            t = await repo.trabajo(session, trabajo_id, lock=True)
            if t is None:
                raise NotFound("Trabajo no encontrado")
            if t.cliente_id != principal.user_id:
                raise Forbidden("Solo el cliente del trabajo puede reseñarlo")
            if t.estado_escrow != EstadoEscrow.LIBERADO:
                raise BusinessRuleError("Solo se puede reseñar un trabajo LIBERADO (con el pago liberado)")
            if await repo.resena_for_trabajo(session, trabajo_id) is not None:
                raise BusinessRuleError(ALREADY_REVIEWED)
            resena = Resena(
                trabajo_id=t.id,
                profesional_id=t.profesional_id,
                cliente_id=t.cliente_id,
                rating=body.rating,
                texto_resena=body.texto_resena,
                fecha_creacion=utcnow(),
            )
            session.add(resena)
            await session.flush()
            total, suma = await repo.add_to_rating(session, t.profesional_id, body.rating)
            cliente = await repo.person(session, t.cliente_id)
            await ctx.outbox.add(
                session,
                ReviewCreated(
                    resena_id=resena.id,
                    trabajo_id=t.id,
                    profesional_id=t.profesional_id,
                    cliente_id=t.cliente_id,
                    cliente_nombre=cliente.nombre_completo if cliente else "",
                    rating=resena.rating,
                    texto_resena=resena.texto_resena,
                    fecha_creacion=resena.fecha_creacion,
                ),
            )
            read = resena_read(resena)
            await feed.push(ctx, session, [t.profesional_id], "resena", read.model_dump(mode="json"))
    except IntegrityError as exc:
        raise BusinessRuleError(ALREADY_REVIEWED) from exc
    return ResenaCreated(
        resena=read,
        profesional_rating_promedio=average(total, suma),
        profesional_total_resenas=total,
        mensaje="¡Gracias por tu reseña!",
    )


async def reply(ctx: ServiceContext, principal: Principal, resena_id: uuid.UUID, text: str) -> ResenaRead:
    async with ctx.db.session() as session:
        resena = await repo.resena(session, resena_id, lock=True)
        if resena is None:
            raise NotFound("Reseña no encontrada")
        if resena.profesional_id != principal.user_id:
            raise Forbidden("Solo el profesional reseñado puede responder")
        if resena.respuesta is not None:
            raise BusinessRuleError(ALREADY_REPLIED)
        resena.respuesta = text
        resena.fecha_respuesta = utcnow()
        await ctx.outbox.add(
            session,
            ReviewReplied(
                resena_id=resena.id,
                profesional_id=resena.profesional_id,
                respuesta=text,
                fecha_respuesta=resena.fecha_respuesta,
            ),
        )
        return resena_read(resena)
