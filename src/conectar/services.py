"""The composition root's list of services: how to build each app and where its migrations live.

Only this module, ``standalone`` and the CLI may import more than one service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from conectar.auth import app as auth_app
from conectar.chat import app as chat_app
from conectar.notifications import app as notifications_app
from conectar.payments import app as payments_app
from conectar.platform.infra import Infrastructure
from conectar.professionals import app as professionals_app
from conectar.users import app as users_app
from conectar.web import app as web_app

SRC = Path(__file__).resolve().parent


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    create_app: Callable[[Infrastructure], FastAPI]
    # The web app owns no database (and so has no migrations).
    database: bool = True

    @property
    def migrations(self) -> Path:
        return SRC / self.name / "migrations"


SERVICES: dict[str, ServiceEntry] = {
    entry.name: entry
    for entry in (
        ServiceEntry("auth", auth_app.create_app),
        ServiceEntry("users", users_app.create_app),
        ServiceEntry("professionals", professionals_app.create_app),
        ServiceEntry("chat", chat_app.create_app),
        ServiceEntry("payments", payments_app.create_app),
        ServiceEntry("notifications", notifications_app.create_app),
        ServiceEntry("web", web_app.create_app, database=False),
    )
}
