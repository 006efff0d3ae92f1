"""Demo data: accounts to log in with (and, as services land, their catalogues and professionals)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from conectar.admin import auth_context
from conectar.auth import repository as auth_repo
from conectar.auth import service as auth_service
from conectar.contracts.identity import Rol
from conectar.platform.settings import Settings


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
)


async def seed_demo(settings: Settings, console: Console) -> None:
    created = []
    async with auth_context(settings) as ctx:
        for demo in DEMO_ACCOUNTS:
            async with ctx.db.session(write=False) as session:
                if await auth_repo.account_by_email(session, demo.email) is not None:
                    continue
            await auth_service.create_account(
                ctx,
                email=demo.email,
                password=demo.password,
                nombre=demo.nombre,
                apellido=demo.apellido,
                rol=demo.rol,
            )
            created.append(demo)
    table = Table("rol", "email", "contraseña", title="Cuentas de demostración")
    for demo in DEMO_ACCOUNTS:
        table.add_row(demo.rol.value, demo.email, demo.password)
    console.print(table)
    if not created:
        console.print("Los datos de demostración ya estaban cargados.")


async def seed_demo_if_fresh(settings: Settings, console: Console) -> None:
    await seed_demo(settings, console)
