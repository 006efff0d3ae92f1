"""E-mail plumbing without a network: the MIME message, SendGrid's body, the mailbox folder, and how a
chat burst folds into one message."""

from __future__ import annotations

import uuid
from pathlib import Path

from conectar.notifications.channels.base import OutgoingEmail
from conectar.notifications.channels.mail import build_mime, message_id_for
from conectar.notifications.channels.mailbox import Mailbox, body_of
from conectar.notifications.channels.sendgrid import mail_send_body
from conectar.notifications.dispatch import ChatMessage, fold_burst
from conectar.notifications.settings import NotificationSettings
from conectar.standins.sendgrid import validate

EMAIL = OutgoingEmail(
    to_address="ana@example.com",
    to_name="Ana Pérez",
    subject="Tenés una oferta ñandú",
    text="Hola Ana:\n\nhttps://x.example/chat/1\n",
    html="<p>Hola Ana:</p>",
    message_id=message_id_for(str(uuid.UUID(int=5)), "no-responder@conectar.example"),
    headers={"X-Conectar-Tipo": "oferta_recibida"},
)


def test_the_mime_message_has_text_then_html_and_stable_ids() -> None:
    message = build_mime(
        EMAIL, from_address="no-responder@conectar.example", from_name="Conectar", reply_to=None
    )
    assert message["Message-ID"] == "<00000000000000000000000000000005@conectar.example>"
    assert message["To"] == "Ana Pérez <ana@example.com>"
    assert message["From"] == "Conectar <no-responder@conectar.example>"
    assert message["Subject"] == "Tenés una oferta ñandú"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Conectar-Tipo"] == "oferta_recibida"
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]


def test_sendgrid_body_follows_the_v3_mail_send_schema() -> None:
    settings = NotificationSettings(
        email_from_address="no-responder@conectar.example", email_from_name="Conectar"
    )
    body = mail_send_body(EMAIL, settings)
    assert body["personalizations"] == [{"to": [{"email": "ana@example.com", "name": "Ana Pérez"}]}]
    assert body["from"] == {"email": "no-responder@conectar.example", "name": "Conectar"}
    assert [c["type"] for c in body["content"]] == ["text/plain", "text/html"]
    assert body["categories"] == ["oferta_recibida"]
    assert validate(body) == []


def test_the_sendgrid_standin_refuses_what_sendgrid_refuses() -> None:
    settings = NotificationSettings()
    good = mail_send_body(EMAIL, settings)
    assert [f for _, f in validate({**good, "personalizations": []})] == ["personalizations"]
    assert [f for _, f in validate({**good, "content": list(reversed(good["content"]))})] == ["content"]
    assert [f for _, f in validate({**good, "subject": ""})] == ["subject"]
    assert [f for _, f in validate({**good, "headers": {"Subject": "x"}})] == ["headers"]
    assert [f for _, f in validate({**good, "from": {"email": "nope"}})] == ["from.email"]


def test_the_mailbox_keeps_eml_files(tmp_path: Path) -> None:
    mailbox = Mailbox(tmp_path / "mailbox")
    assert mailbox.list() == []
    message = build_mime(EMAIL, from_address="a@b.example", from_name="A", reply_to="soporte@b.example")
    stored = mailbox.write(message, "abc-123")
    assert stored.endswith("-abc123")
    assert (tmp_path / "mailbox" / f"{stored}.eml").stat().st_mode & 0o777 == 0o600
    [entry] = mailbox.list()
    assert entry.id == stored
    assert entry.subject == "Tenés una oferta ñandú"
    read = mailbox.read(stored)
    assert read is not None
    assert body_of(read, "plain") == EMAIL.text
    assert body_of(read, "html") == "<p>Hola Ana:</p>\n"
    assert read["Reply-To"] == "soporte@b.example"
    assert mailbox.read("../../etc/passwd") is None
    assert mailbox.path("x" * 200) is None
    assert mailbox.clear() == 1


def test_a_chat_burst_folds_into_one_context() -> None:
    notification = uuid.uuid4()
    chat = "https://x.example/chat/1"

    def msg(sender: str, text: str) -> ChatMessage:
        return ChatMessage(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), sender, text)

    context = fold_burst(
        {}, msg("Ana", "hola"), notification_id=notification, chat_url=chat, base_url="https://x.example"
    )
    assert context["contador"] == 1
    assert context["titulo"] == "Mensaje nuevo de Ana"
    assert context["url"] == chat
    context = fold_burst(
        context,
        msg("Ana", "¿estás?"),
        notification_id=notification,
        chat_url=chat,
        base_url="https://x.example",
    )
    other = uuid.uuid4()
    context = fold_burst(
        context,
        msg("Bruno", "buenas"),
        notification_id=other,
        chat_url="https://x.example/chat/2",
        base_url="https://x.example",
    )
    assert context["contador"] == 3
    assert context["remitentes"] == ["Ana", "Bruno"]
    assert context["titulo"] == "3 mensajes nuevos de Ana, Bruno"
    assert context["mensaje"] == "buenas"
    assert context["url"] == "https://x.example/chat"  # several chats: the chat list
    assert context["notificaciones"] == [str(notification), str(other)]
    for name in ("Carla", "Dora"):
        context = fold_burst(
            context, msg(name, "x"), notification_id=other, chat_url=chat, base_url="https://x.example"
        )
    assert context["titulo"] == "5 mensajes nuevos de Ana, Bruno, Carla y otros"
