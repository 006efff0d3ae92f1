"""The kernel's sweep of orphan files (``conectar.platform.orphan_files``) against the real flows, for every
family of files a service declares: a file a row names survives however old it is; a file no row names is
deleted once it is older than the grace period, and kept while it is younger.

The real files are made by the real API flows on a standalone platform (avatar, data export, portfolio
image, KYC documents, chat attachment, dispute evidence, pedido photo), then aged past the grace period on
disk. A wrong declaration (a wrong column, prefix or public flag) deletes a real file or keeps an old
orphan: either fails here."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from conectar.chat.models import Adjunto, DisputaEvidencia
from conectar.platform import orphan_files
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.jobs import JobRunner, PeriodicJob
from conectar.platform.settings import Settings
from conectar.professionals.models import KycDocumento
from conectar.services import SERVICES
from conectar.users import exports
from conectar.users.models import DataExport
from tests.conftest import image_bytes
from tests.factories import PDF, create_admin
from tests.services.conftest import Standalone
from tests.services.test_chat_attachments import gps_jpeg, upload
from tests.services.test_chat_audit import open_dispute, simulate_payment, unpaid_trabajo
from tests.services.test_chat_pedidos import new_pedido
from tests.services.test_professionals_portfolio import PORTFOLIO, add_image, media_key
from tests.services.test_professionals_support import create_oficio
from tests.services.test_users_personal_data import _export_ready

API = "/api/v1"
GRACE = timedelta(hours=24)
OLD = timedelta(days=2)


@dataclass(frozen=True)
class Family:
    """Where a flow stores its files (what the service's declaration must say)."""

    service: str
    prefix: str
    public: bool

    def path(self, settings: Settings, key: str) -> Path:
        return Path(settings.data_dir) / ("media" if self.public else "private") / key


AVATARS = Family("users", "avatars", public=True)
EXPORTS = Family("users", "exports", public=False)
PORTFOLIO_IMAGES = Family("professionals", "portfolio", public=True)
KYC = Family("professionals", "kyc", public=False)
ATTACHMENTS = Family("chat", "chat", public=False)
EVIDENCE = Family("chat", "disputas", public=False)
PEDIDO_PHOTOS = Family("chat", "pedidos", public=True)
FAMILIES = (AVATARS, EXPORTS, PORTFOLIO_IMAGES, KYC, ATTACHMENTS, EVIDENCE, PEDIDO_PHOTOS)
SERVICES_WITH_FILES = {family.service for family in FAMILIES}


@dataclass(frozen=True)
class RealFiles:
    """The keys of the files the flows stored, per family, as the rows or the API answers name them."""

    keys: dict[Family, list[str]]


def age(path: Path, by: timedelta) -> None:
    """Make a stored file look ``by`` old (its modification time, what the sweep reads)."""
    then = time.time() - by.total_seconds()
    os.utime(path, (then, then))


def files_under(settings: Settings, family: Family) -> set[str]:
    """The keys of every file stored under the family's folder (read from the disk, not the storage)."""
    root = Path(settings.data_dir) / ("media" if family.public else "private")
    folder = root / family.prefix
    return {path.relative_to(root).as_posix() for path in folder.rglob("*") if path.is_file()}


def sweep_job(ctx: ServiceContext) -> PeriodicJob:
    runner: JobRunner = ctx.extras["jobs"]
    [job] = [job for job in runner.jobs if job.name == f"{ctx.name}-sweep-orphan-files"]
    return job


async def put_orphan(standalone: Standalone, family: Family, key: str, *, older_than_now: timedelta) -> None:
    ctx = standalone.ctx(family.service)
    await ctx.storage.put(key, b"nadie me nombra", "application/octet-stream", public=family.public)
    if older_than_now:
        age(family.path(standalone.settings, key), older_than_now)


def orphan_keys(family: Family, real_key: str) -> list[str]:
    """Keys no row names: beside a real file (in its very folder), in a folder no row knows, and right
    under the prefix; for pedido photos also in a folder that is not a pedido id."""
    folder = real_key.rsplit("/", 1)[0]
    keys = [
        f"{folder}/{uuid.uuid4().hex}.webp",
        f"{family.prefix}/{uuid.uuid4()}/{uuid.uuid4().hex}.pdf",
        f"{family.prefix}/{uuid.uuid4().hex}.bin",
    ]
    if family == PEDIDO_PHOTOS:
        keys.append(f"{family.prefix}/no-es-un-pedido/{uuid.uuid4().hex}.webp")
    return keys


@pytest.fixture(scope="module")
async def real_files(standalone: Standalone) -> RealFiles:
    """One of each kind of file, stored by its real flow; then every stored file made two days old."""
    api, settings = standalone.client, standalone.settings
    admin = await create_admin(settings, api)
    keys: dict[Family, list[str]] = {family: [] for family in FAMILIES}

    # A client and an approved professional (whose KYC documents stay), a trabajo paid and disputed.
    cliente, pro, chat_id, trabajo_id = await unpaid_trabajo(api, admin)
    await simulate_payment(api, admin, trabajo_id)
    disputa = await open_dispute(api, cliente, trabajo_id)

    avatar = await api.post(
        f"{API}/users/me/avatar",
        headers=cliente.headers,
        files={"file": ("yo.png", image_bytes("PNG"), "image/png")},
    )
    assert avatar.status_code == 200, avatar.text
    keys[AVATARS].append(media_key(avatar.json()["avatar_url"]))

    item = await api.post(PORTFOLIO, json={"titulo": "Baño completo"}, headers=pro.headers)
    assert item.status_code == 201, item.text
    image = await add_image(api, pro.headers, item.json()["id"], image_bytes("PNG", size=(900, 600)))
    assert image.status_code == 200, image.text
    [imagen] = image.json()["imagenes"]
    keys[PORTFOLIO_IMAGES] += [media_key(imagen["imagen_url"]), media_key(imagen["thumbnail_url"])]

    photo = await upload(api, cliente, chat_id, gps_jpeg((320, 240)), "antes.jpg")
    assert photo.status_code == 201, photo.text
    factura = await upload(api, pro, chat_id, PDF, "factura.pdf", "application/pdf")
    assert factura.status_code == 201, factura.text

    evidencia = await api.post(
        f"{API}/disputas/{disputa['id']}/evidencias",
        headers=cliente.headers,
        files={"file": ("foto.pdf", PDF, "application/pdf")},
    )
    assert evidencia.status_code == 201, evidencia.text

    oficio = await create_oficio(api, admin)
    pedido = await new_pedido(api, cliente, oficio["id"])
    fotos = await api.post(
        f"{API}/pedidos/{pedido['id']}/fotos",
        files=[("file", ("canilla.jpg", gps_jpeg((640, 480)), "image/jpeg"))],
        headers=cliente.headers,
    )
    assert fotos.status_code == 200, fotos.text
    keys[PEDIDO_PHOTOS] += [media_key(url) for url in fotos.json()["fotos"]]

    asked = await api.post(f"{API}/users/me/exportar", headers=cliente.headers)
    assert asked.status_code == 202, asked.text
    export_id = asked.json()["id"]
    done = await _export_ready(api, cliente, export_id)
    assert done.status_code == 200, done.text

    # The private files' keys, from the rows that name them.
    async with standalone.ctx("users").db.session(write=False) as session:
        export = await session.get(DataExport, uuid.UUID(export_id))
        assert export is not None
        assert export.storage_key is not None
        keys[EXPORTS].append(export.storage_key)
    async with standalone.ctx("professionals").db.session(write=False) as session:
        me = await api.get(f"{API}/professional/me", headers=pro.headers)
        documentos = await session.execute(
            select(KycDocumento.storage_key).where(KycDocumento.profesional_id == uuid.UUID(me.json()["id"]))
        )
        keys[KYC] += documentos.scalars()
    async with standalone.ctx("chat").db.session(write=False) as session:
        adjuntos = (
            await session.execute(select(Adjunto).where(Adjunto.chat_id == uuid.UUID(chat_id)))
        ).scalars()
        for adjunto in adjuntos:
            keys[ATTACHMENTS] += [adjunto.storage_key] + (
                [adjunto.thumbnail_key] if adjunto.thumbnail_key else []
            )
        evidencias = await session.execute(
            select(DisputaEvidencia.storage_key).where(
                DisputaEvidencia.disputa_id == uuid.UUID(disputa["id"])
            )
        )
        keys[EVIDENCE] += evidencias.scalars()

    assert len(keys[ATTACHMENTS]) == 3, "a photo with its thumbnail and a PDF"
    for family in FAMILIES:
        assert keys[family], family
        assert all(key.startswith(f"{family.prefix}/") for key in keys[family]), (family, keys[family])
        # Every file the flows left under the folder is one a row names (a leftover would be a flow's bug).
        assert files_under(settings, family) == set(keys[family]), family
        for key in keys[family]:
            assert await standalone.ctx(family.service).storage.exists(key, public=family.public), key
            age(family.path(settings, key), OLD)
    return RealFiles(keys)


async def assert_real_files_kept(standalone: Standalone, real_files: RealFiles) -> None:
    for family, keys in real_files.keys.items():
        storage = standalone.ctx(family.service).storage
        for key in keys:
            assert await storage.exists(key, public=family.public), (
                f"{family}: the real file {key} was deleted"
            )


@pytest.mark.parametrize("family", FAMILIES, ids=lambda family: f"{family.service}-{family.prefix}")
async def test_a_named_file_survives_an_old_orphan_goes_and_a_young_one_stays(
    standalone: Standalone, real_files: RealFiles, family: Family
) -> None:
    ctx = standalone.ctx(family.service)
    old = orphan_keys(family, real_files.keys[family][0])
    young = orphan_keys(family, real_files.keys[family][0])
    for key in old:
        await put_orphan(standalone, family, key, older_than_now=OLD)
    for key in young:
        await put_orphan(standalone, family, key, older_than_now=timedelta(0))
    stored = files_under(standalone.settings, family)

    definition = SERVICES[family.service].definition()
    deleted = await orphan_files.sweep(family.service, ctx.db, ctx.storage, definition.files, grace=GRACE)

    await assert_real_files_kept(standalone, real_files)
    for key in old:
        assert not await ctx.storage.exists(key, public=family.public), f"the old orphan {key} was kept"
    for key in young:
        assert await ctx.storage.exists(key, public=family.public), f"the young orphan {key} was deleted"
    assert deleted == len(old)
    # Nothing of the family's folder went but the old orphans.
    assert files_under(standalone.settings, family) == stored - set(old)


async def test_the_kernel_runs_a_sweep_job_for_each_service_that_stores_files(standalone: Standalone) -> None:
    with_job: set[str] = set()
    for name in standalone.host.services:
        definition = SERVICES[name].definition()
        files = getattr(definition, "files", ())  # the web app's definition is not a service's
        declared = {(f.prefix, f.public) for f in files}
        assert declared == {(f.prefix, f.public) for f in FAMILIES if f.service == name}, name
        ctx: ServiceContext | None = getattr(standalone.host.services[name].state, "ctx", None)
        if ctx is None:  # the web app: no database, no jobs
            assert not files
            continue
        runner: JobRunner = ctx.extras["jobs"]
        sweeps = [job for job in runner.jobs if job.name.endswith("-sweep-orphan-files")]
        if sweeps:
            with_job.add(name)
            [job] = sweeps
            assert job.name == f"{name}-sweep-orphan-files"
            assert job.interval_seconds == standalone.settings.orphan_files_interval_seconds
    assert with_job == SERVICES_WITH_FILES == {"users", "professionals", "chat"}


async def test_the_job_sweeps_every_family_with_the_configured_grace(
    standalone: Standalone, real_files: RealFiles
) -> None:
    """Run through the service's job runner, as the kernel does: an hour past the configured grace is
    deleted, an hour short of it is kept."""
    grace = timedelta(hours=standalone.settings.orphan_files_grace_hours)
    old: dict[Family, str] = {}
    young: dict[Family, str] = {}
    for family in FAMILIES:
        old[family], young[family] = (orphan_keys(family, real_files.keys[family][0])[0] for _ in range(2))
        await put_orphan(standalone, family, old[family], older_than_now=grace + timedelta(hours=1))
        await put_orphan(standalone, family, young[family], older_than_now=grace - timedelta(hours=1))

    for service in SERVICES_WITH_FILES:
        ctx = standalone.ctx(service)
        runner: JobRunner = ctx.extras["jobs"]
        assert await runner.run_once(sweep_job(ctx))

    await assert_real_files_kept(standalone, real_files)
    for family in FAMILIES:
        storage = standalone.ctx(family.service).storage
        assert not await storage.exists(old[family], public=family.public), family
        assert await storage.exists(young[family], public=family.public), family


async def test_the_zip_of_an_export_still_being_built_is_kept_until_the_export_fails(
    standalone: Standalone, real_files: RealFiles
) -> None:
    """A run that stored the zip and failed before recording it stores it again at the same key on its next
    attempt: while the export is PENDIENTE its zip is kept however old; once FALLIDA it is an orphan."""
    ctx = standalone.ctx("users")
    user_id, export_id = uuid.uuid4(), uuid.uuid4()
    async with ctx.db.session() as session:
        session.add(
            DataExport(id=export_id, user_id=user_id, estado=exports.PENDIENTE, fecha_creacion=utcnow())
        )
    key = exports.file_key(user_id, export_id)
    await put_orphan(standalone, EXPORTS, key, older_than_now=OLD)
    files = SERVICES["users"].definition().files

    assert await orphan_files.sweep("users", ctx.db, ctx.storage, files, grace=GRACE) == 0
    assert await ctx.storage.exists(key, public=False)

    async with ctx.db.session() as session:
        row = await session.get(DataExport, export_id)
        assert row is not None
        row.estado = exports.FALLIDA
    assert await orphan_files.sweep("users", ctx.db, ctx.storage, files, grace=GRACE) == 1
    assert not await ctx.storage.exists(key, public=False)
    await assert_real_files_kept(standalone, real_files)
