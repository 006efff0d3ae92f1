"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Instant hire (SPEC §5): a trabajo at a professional's fixed price, with no offer — a catalog service at
# the named professional's price, or a service a professional published.

from __future__ import annotations

import uuid

from conectar.chat import money, remote, texts
from conectar.chat import repository as repo
from conectar.chat.conversations import lock_people
from conectar.chat.flows.conversations import open_conversation
from conectar.chat.flows.money import open_payment_now
from conectar.chat.schemas import AcceptResponse
from conectar.chat.trabajos import new_trabajo
from conectar.contracts.professionals import InstantOffer
from conectar.platform.app import ServiceContext
from conectar.platform.errors import NotFound
from conectar.platform.security import Principal


async def hireable_offer(
    ctx: ServiceContext, servicio_id: uuid.UUID, profesional_id: uuid.UUID | None
) -> InstantOffer:
    """What an instant hire takes: a service the professional published (no professional named: it has
    its own), or a catalog service at the named professional's price — or a published one, when the
    professional named is its own."""
    if profesional_id is None:
        return await remote.published_offer(ctx, servicio_id)
    try:
        return await remote.instant_offer(ctx, servicio_id, profesional_id)
    except NotFound as missing:
        try:
            offer = await remote.published_offer(ctx, servicio_id)
        except NotFound:
            raise missing from None
        if profesional_id not in (offer.usuario_id, offer.profesional_id):
            raise missing from None
        return offer


async def hire_instant(
    ctx: ServiceContext,
    principal: Principal,
    servicio_id: uuid.UUID,
    profesional_id: uuid.UUID | None,
    *,
    client: str | None = None,
) -> AcceptResponse:
    """An instant hire at the professional's fixed price (see :func:`hireable_offer`); ``client`` as for
    ``flows.ofertas.accept_offer``."""
    offer = await hireable_offer(ctx, servicio_id, profesional_id)
    profesional_id = offer.usuario_id  # the client may have named the profile id: the user id from here on
    summary = await remote.professional(ctx, profesional_id)
    conv, _ = await open_conversation(ctx, principal.user_id, profesional_id)
    async with ctx.db.session() as session:
        await lock_people(session, principal.user_id, profesional_id)
        # A second click on "Contratar" returns the hire that is still waiting for its payment.
        existing = await repo.open_instant_trabajo(
            session, principal.user_id, profesional_id, servicio_id, publicado=offer.publicado
        )
        if existing is None:
            existing = await new_trabajo(
                ctx,
                session,
                cliente_id=principal.user_id,
                profesional_id=profesional_id,
                chat_id=conv.id,
                descripcion=f"{offer.nombre}: {offer.descripcion}"[:2000]
                if offer.descripcion
                else offer.nombre,
                precio=offer.precio_fijo,
                tasa=summary.tasa_comision_actual,
                oferta_id=None,
                servicio_id=None if offer.publicado else servicio_id,
                servicio_publicado_id=servicio_id if offer.publicado else None,
                client=client,
                inline=True,  # the checkout is opened right below (open_payment_now)
            )
        else:
            await money.choose_return_client(session, existing.id, client)
        trabajo_id = existing.id
    link = await open_payment_now(ctx, trabajo_id)
    return AcceptResponse(
        oferta=None,
        trabajo_id=trabajo_id,
        payment_preference_id=link.payment_preference_id,
        payment_url=link.payment_url,
        mensaje=texts.SERVICIO_CONTRATADO,
    )
