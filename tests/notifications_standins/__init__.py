"""Local servers the notifications tests talk to: an SMTP catcher (aiosmtpd) and a runner for the
FCM and SendGrid stand-ins of ``conectar.notifications.standins``."""
