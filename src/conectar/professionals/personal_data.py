"""The professionals service's part of a person's data (SPEC §14): its export and its erasure.

Export: the professional profile (with the exact location and payout account: they are the person's own),
verification state, oficios, instant services with prices, the services they published, weekly hours and
blocked periods, portfolio with its images, KYC document metadata
and files, reviews received (copies), experience awards; and, as a client, their favourites and the copies
of the reviews they wrote.

Erasure, in the deletion's unit of work (idempotent):

- as a client: their favourites go; the copies of their name on the reviews they wrote read "Usuario
  eliminado" (the reviews stay for the professional, tied to the user id only); a pending account copy goes;
- as a professional: the profile stays as a pseudonym (its id is what chat and payments hold) with every
  personal field erased (names and e-mail become the pseudonyms, avatar, description, location, rate,
  payout account, rejection reason emptied), hidden everywhere (search rows removed, public profile and
  portfolio 404, out of the KYC queue); their oficios, instant and published services, portfolio (files
  too), clients' favourites of them, review copies about them and read models keyed by them are deleted;
- KYC documents stay (their uploaded file names replaced by neutral ones) until the retention job erases
  them ``kyc_retention_days`` after the deletion (``retention``): ``eliminado_at`` marks when.

A person is remembered in ``usuarios_eliminados`` so that events about them already on their way when
they were erased (a name change, a review they wrote) cannot bring copies of their data back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.personal_data import (
    DELETED_APELLIDO,
    DELETED_DISPLAY_NAME,
    DELETED_NOMBRE,
    pseudonymous_email,
)
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.personal_data import ExportFile, PersonalDataExport, PersonalDataHooks, StoredFile
from conectar.professionals import repository as repo
from conectar.professionals import search_index
from conectar.professionals.models import KycDocumento, PortfolioImagen, ProfessionalProfile
from conectar.professionals.service import disponibilidad
from conectar.professionals.service.common import profile_read
from conectar.professionals.service.kyc import document_read
from conectar.professionals.service.portfolio import item_read
from conectar.professionals.service.profiles import offer_read
from conectar.professionals.service.public import resena_read
from conectar.professionals.service.publicados import publicado_read


def _extension(key: str) -> str:
    name = key.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else "bin"


def _kyc_path(doc: KycDocumento) -> str:
    return f"kyc/{doc.id}-{doc.nombre_archivo}"


def _image_path(image: PortfolioImagen) -> str:
    return f"portfolio/{image.item_id}/{image.orden + 1:02d}-{image.id}.{_extension(image.imagen_key)}"


async def _professional_part(
    session: AsyncSession, profile: ProfessionalProfile
) -> tuple[dict[str, Any], list[ExportFile]]:
    oficios = await repo.oficios_of(session, profile.id)
    offers = await repo.offers_of(session, profile.id)
    publicados = await repo.publicados_of(session, profile.id)
    items = await repo.portfolio_items(session, profile.id)
    images = await repo.images_of(session, [i.id for i in items])
    docs = await repo.kyc_documents(session, profile.id)
    reviews = await repo.all_reviews_of(session, profile.id)
    awards = await repo.xp_awards_of(session, profile.id)
    franjas = await disponibilidad.semanal_of(session, profile.id)
    bloqueos = await repo.bloqueos_of(session, profile.id, ending_after=datetime.min.replace(tzinfo=UTC))
    files = [
        ExportFile(_image_path(image), StoredFile(image.imagen_key, public=True))
        for item in items
        for image in images[item.id]
    ]
    files += [ExportFile(_kyc_path(doc), StoredFile(doc.storage_key, public=False)) for doc in docs]
    data = {
        "perfil": profile_read(profile, oficios).model_dump(mode="json"),
        "verificacion": {
            "estado_verificacion": profile.estado_verificacion,
            "fecha_envio": profile.kyc_enviado_at,
            "fecha_revision": profile.kyc_revisado_at,
            "motivo_rechazo": profile.kyc_motivo_rechazo,
        },
        "servicios_instant": [offer_read(o, s).model_dump(mode="json") for o, s in offers],
        "servicios_publicados": [publicado_read(s, o).model_dump(mode="json") for s, o in publicados],
        "portfolio": [
            {
                **item_read(item, images[item.id]).model_dump(mode="json"),
                "archivos": [_image_path(image) for image in images[item.id]],
            }
            for item in items
        ],
        "documentos_kyc": [
            {**document_read(doc).model_dump(mode="json"), "archivo": _kyc_path(doc)} for doc in docs
        ],
        "resenas_recibidas": [resena_read(r).model_dump(mode="json") for r in reviews],
        "experiencia": [
            {"fuente": a.fuente, "fuente_id": a.fuente_id, "puntos": a.puntos, "fecha": a.otorgado_at}
            for a in awards
        ],
        "disponibilidad": {
            "semanal": [f.model_dump(mode="json") for f in franjas],
            "bloqueos": [{"desde": b.desde, "hasta": b.hasta} for b in bloqueos],
        },
        "fecha_eliminacion": profile.eliminado_at,
    }
    return data, files


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_user(session, user_id)
        favourites = await repo.favourites_of_client(session, user_id)
        written = await repo.reviews_written_by(session, user_id)
        data: dict[str, Any] = {
            "perfil_profesional": None,
            "favoritos": [
                {"profesional_id": f.profesional_id, "fecha": f.fecha_creacion} for f in favourites
            ],
            "resenas_escritas": [
                {"profesional_id": r.profesional_id, **resena_read(r).model_dump(mode="json")}
                for r in written
            ],
        }
        files: list[ExportFile] = []
        if profile is not None:
            data["perfil_profesional"], files = await _professional_part(session, profile)
    return PersonalDataExport(data=data, files=files)


def _pseudonymise(profile: ProfessionalProfile, deleted_at: datetime) -> None:
    now = utcnow()
    profile.email = pseudonymous_email(profile.usuario_id)
    profile.nombre, profile.apellido, profile.avatar_url = DELETED_NOMBRE, DELETED_APELLIDO, None
    profile.is_active_copy = False
    profile.account_copy_at = profile.account_status_at = now
    profile.descripcion = None
    profile.latitude = profile.longitude = None
    profile.payout_account = None
    profile.tarifa_por_hora_centavos = None
    profile.acepta_instant = False
    profile.kyc_motivo_rechazo = None
    profile.tiempo_respuesta_mediano_min = None
    if profile.eliminado_at is None:
        profile.eliminado_at = deleted_at
    profile.fecha_actualizacion = now


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    user_id = event.user_id
    await repo.mark_erased(session, user_id, event.requested_at)
    await repo.erase_client_data(session, user_id, DELETED_DISPLAY_NAME)
    profile = await repo.profile_by_user(session, user_id, lock=True)
    if profile is None:
        return []
    images = await repo.delete_portfolio(session, profile.id)
    await repo.erase_professional_rows(session, profile)
    # The documents themselves wait for the retention period; the names the person gave their files go.
    for index, doc in enumerate(reversed(await repo.kyc_documents(session, profile.id)), start=1):
        doc.nombre_archivo = f"documento-{doc.envio}-{index}.{_extension(doc.storage_key)}"
    _pseudonymise(profile, event.requested_at)
    await search_index.sync(session, profile)
    return [
        StoredFile(key, public=True) for image in images for key in (image.imagen_key, image.thumbnail_key)
    ]


HOOKS = PersonalDataHooks(export=export, erase=erase)
