"""The files the chat service stores, and the rows that name them (the kernel sweeps the rest)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat.models import Adjunto, DisputaEvidencia, Pedido
from conectar.platform.orphan_files import StoredFiles, named_by


async def pedido_photos(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """A pedido's photos are a list in its row (``pedidos/<pedido id>/<file>``)."""
    ids: set[uuid.UUID] = set()
    for key in keys:
        try:
            ids.add(uuid.UUID(key.split("/")[1]))
        except (IndexError, ValueError):  # not a key a pedido could name
            continue
    if not ids:
        return set()
    named: set[str] = set()
    for photos in (await session.execute(select(Pedido.fotos_keys).where(Pedido.id.in_(ids)))).scalars():
        named.update(photos or [])
    return named.intersection(keys)


FILES = (
    StoredFiles("chat", public=False, referenced=named_by(Adjunto.storage_key, Adjunto.thumbnail_key)),
    StoredFiles("disputas", public=False, referenced=named_by(DisputaEvidencia.storage_key)),
    StoredFiles("pedidos", public=True, referenced=pedido_photos),
)
