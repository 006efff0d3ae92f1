"""The composition root's list of services: how to build each app and where its migrations live.

Only this module, ``standalone`` and the CLI may import more than one service. A service's modules are
imported when its app is built, never before: ``conectar serve chat`` loads chat and the kernel, not the
other six services (about 1.8 s and 40 MB less per process; the standalone host imports them all).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from conectar.platform.infra import Infrastructure

SRC = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    # The web app owns no database (and so has no migrations).
    database: bool = True

    @property
    def app_module(self) -> str:
        return f"conectar.{self.name}.app"

    @property
    def migrations(self) -> Path:
        return SRC / self.name / "migrations"

    def definition(self) -> Any:
        """The service's ``ServiceDefinition`` (its module imported now)."""
        return importlib.import_module(self.app_module).DEFINITION

    def create_app(self, infra: Infrastructure) -> FastAPI:
        application: FastAPI = importlib.import_module(self.app_module).create_app(infra)
        return application


SERVICES: dict[str, ServiceEntry] = {
    entry.name: entry
    for entry in (
        ServiceEntry("auth"),
        ServiceEntry("users"),
        ServiceEntry("professionals"),
        ServiceEntry("chat"),
        ServiceEntry("payments"),
        ServiceEntry("notifications"),
        ServiceEntry("web", database=False),
    )
}
