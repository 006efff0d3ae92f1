"""E-mail over SMTP with aiosmtplib."""

from __future__ import annotations

import aiosmtplib

from conectar.notifications.channels.base import OutgoingEmail, TransportError
from conectar.notifications.channels.mail import build_mime
from conectar.notifications.settings import NotificationSettings, SmtpSecurity


class SmtpTransport:
    name = "smtp"

    def __init__(self, settings: NotificationSettings) -> None:
        assert settings.smtp_host
        self.settings = settings
        self.host = settings.smtp_host
        self.port = settings.smtp_port

    async def send(self, email: OutgoingEmail) -> str | None:
        s = self.settings
        message = build_mime(
            email, from_address=s.email_from_address, from_name=s.email_from_name, reply_to=s.email_reply_to
        )
        security = s.smtp_security
        try:
            await aiosmtplib.send(
                message,
                sender=s.email_from_address,
                recipients=[email.to_address],
                hostname=self.host,
                port=self.port,
                username=s.smtp_username,
                password=s.smtp_password.get_secret_value() if s.smtp_password else None,
                use_tls=security is SmtpSecurity.TLS,
                start_tls={SmtpSecurity.STARTTLS: True, SmtpSecurity.NONE: False}.get(security),
                validate_certs=s.smtp_validate_certs,
                timeout=s.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [error.code for error in exc.recipients]
            permanent = bool(codes) and all(500 <= code < 600 for code in codes)
            raise TransportError(f"SMTP destinatario rechazado {codes}", permanent=permanent) from exc
        except aiosmtplib.SMTPAuthenticationError as exc:
            raise TransportError(f"SMTP autenticación rechazada ({exc.code})") from exc
        except aiosmtplib.SMTPResponseException as exc:
            # 5xx to MAIL FROM / DATA: the server will not take this message; 4xx: try later.
            raise TransportError(f"SMTP {exc.code}", permanent=500 <= exc.code < 600) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise TransportError(f"SMTP no disponible ({type(exc).__name__})") from exc
        return email.message_id

    async def close(self) -> None:
        return None
