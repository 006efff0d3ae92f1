"""An SMTP server that catches mail (aiosmtpd): keeps every message it accepts; can be stopped and started
again on the same port to play an outage. ``python -m conectar.standins smtp --port 1025`` for development.

aiosmtpd is a development dependency (``requirements/dev.lock``), imported only when a catcher starts, so
importing this module never needs it."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any

from conectar.standins.server import free_port

if TYPE_CHECKING:
    from aiosmtpd.controller import Controller

# Addresses the server refuses for good (550), to play a permanent failure.
REFUSED_PREFIX = "rechazado"


@dataclass(frozen=True)
class CaughtMail:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        assert body.get_content_subtype() == subtype, f"no text/{subtype} part"
        content = body.get_content()
        assert isinstance(content, str)
        return content

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def html(self) -> str:
        return self.part("html")


class _Handler:
    def __init__(self, catcher: MailCatcher) -> None:
        self.catcher = catcher

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith(REFUSED_PREFIX):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = BytesParser(policy=policy.default).parsebytes(envelope.original_content or envelope.content)
        assert isinstance(parsed, EmailMessage)
        with self.catcher.lock:
            self.catcher.messages.append(
                CaughtMail(sender=envelope.mail_from, recipients=list(envelope.rcpt_tos), message=parsed)
            )
        return "250 Message accepted for delivery"


class MailCatcher:
    def __init__(self, port: int | None = None, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port or free_port(host)
        self.messages: list[CaughtMail] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        if self._controller is None:
            from aiosmtpd.controller import Controller  # a development dependency: see the module's docstring

            controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            controller.start()
            self._controller = controller

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[CaughtMail]:
        with self.lock:
            return [m for m in self.messages if address in m.recipients]

    async def wait_for(
        self,
        predicate: Callable[[CaughtMail], bool],
        timeout: float = 15.0,  # noqa: ASYNC109 (a polling deadline that fails the test, not a cancel scope)
    ) -> CaughtMail:
        """The first caught message ``predicate`` accepts, waiting up to ``timeout`` seconds (then an
        ``AssertionError``, for tests)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            with self.lock:
                found = next((m for m in self.messages if predicate(m)), None)
            if found is not None:
                return found
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("no matching e-mail arrived in time")
            await asyncio.sleep(0.05)
