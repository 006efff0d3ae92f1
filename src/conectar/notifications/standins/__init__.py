"""Local stand-ins of the providers the service talks to (FCM, SendGrid), written from their published
documentation, for tests and development: ``python -m conectar.notifications.standins fcm|sendgrid``."""
