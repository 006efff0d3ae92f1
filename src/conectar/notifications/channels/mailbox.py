"""Standalone e-mail: each message is written as an ``.eml`` file under ``<data dir>/mailbox/`` and read
by the staff at ``/api/v1/dev/mailbox`` (the web app's ``/admin/correo``)."""

from __future__ import annotations

import asyncio
import builtins
import os
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path

from conectar.notifications.channels.base import OutgoingEmail
from conectar.notifications.channels.mail import build_mime
from conectar.notifications.settings import NotificationSettings

MESSAGE_ID = re.compile(r"^[0-9A-Za-z_-]{1,80}$")


@dataclass(frozen=True)
class StoredMessage:
    id: str
    to: str
    subject: str
    date: datetime
    size: int


class Mailbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, message_id: str) -> Path | None:
        if not MESSAGE_ID.match(message_id):
            return None
        path = self.folder / f"{message_id}.eml"
        return path if path.is_file() else None

    def write(self, message: EmailMessage, hint: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        safe = re.sub(r"[^0-9A-Za-z]", "", hint)[:12] or "msg"
        message_id = f"{stamp}-{safe}"
        final = self.folder / f"{message_id}.eml"
        temporary = self.folder / f".{message_id}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(message.as_bytes(policy=policy.SMTP))
        temporary.replace(final)
        return message_id

    def read(self, message_id: str) -> EmailMessage | None:
        path = self.path(message_id)
        if path is None:
            return None
        with path.open("rb") as handle:
            parsed = BytesParser(policy=policy.default).parse(handle)
        assert isinstance(parsed, EmailMessage)
        return parsed

    def list(self, limit: int = 200) -> list[StoredMessage]:
        if not self.folder.is_dir():
            return []
        paths = sorted(self.folder.glob("*.eml"), reverse=True)[:limit]
        found = []
        for path in paths:
            with path.open("rb") as handle:
                headers = BytesParser(policy=policy.default).parse(handle, headersonly=True)
            stat = path.stat()
            found.append(
                StoredMessage(
                    id=path.stem,
                    to=str(headers.get("To", "")),
                    subject=str(headers.get("Subject", "")),
                    date=datetime.fromtimestamp(stat.st_mtime, UTC),
                    size=stat.st_size,
                )
            )
        return found

    def addressed_to(self, addresses: Iterable[str]) -> builtins.list[StoredMessage]:
        """Every message addressed to one of ``addresses`` (case-insensitive), newest first."""
        wanted = {address.strip().lower() for address in addresses if address and address.strip()}
        if not wanted or not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.eml"), reverse=True):
            try:
                with path.open("rb") as handle:
                    headers = BytesParser(policy=policy.default).parse(handle, headersonly=True)
                stat = path.stat()
            except FileNotFoundError:
                continue  # deleted meanwhile
            to = [str(value) for value in headers.get_all("To", [])]
            if any(address.lower() in wanted for _, address in getaddresses(to)):
                found.append(
                    StoredMessage(
                        id=path.stem,
                        to=", ".join(to),
                        subject=str(headers.get("Subject", "")),
                        date=datetime.fromtimestamp(stat.st_mtime, UTC),
                        size=stat.st_size,
                    )
                )
        return found

    def delete_to(self, addresses: Iterable[str]) -> int:
        """Delete every message addressed to one of ``addresses`` (a deleted person's); how many went."""
        removed = 0
        for message in self.addressed_to(addresses):
            path = self.path(message.id)
            if path is not None:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    def clear(self) -> int:
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.glob("*.eml"):
            path.unlink(missing_ok=True)
            removed += 1
        return removed


def body_of(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    content = part.get_content()
    return content if isinstance(content, str) else None


class MailboxTransport:
    name = "mailbox"

    def __init__(self, mailbox: Mailbox, settings: NotificationSettings) -> None:
        self.mailbox = mailbox
        self.settings = settings

    async def send(self, email: OutgoingEmail) -> str | None:
        s = self.settings
        message = build_mime(
            email, from_address=s.email_from_address, from_name=s.email_from_name, reply_to=s.email_reply_to
        )
        hint = email.message_id.strip("<>").partition("@")[0] or str(time.time_ns())
        return await asyncio.to_thread(self.mailbox.write, message, hint)

    async def close(self) -> None:
        return None
