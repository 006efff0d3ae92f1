"""Local stand-ins of the external providers the platform talks to, written from their published
documentation, for tests and development. A development tool shipped with the code (like the payment
sandbox); no service imports it (an import-linter contract in pyproject.toml says so).

- ``mercadopago``: the MercadoPago API (Checkout Pro preferences, payments, refunds, payouts, chargebacks).
- ``fcm``: Firebase Cloud Messaging's HTTP v1 API and Google's OAuth 2.0 token endpoint.
- ``sendgrid``: SendGrid's v3 Mail Send API.
- ``smtp``: an SMTP server that catches mail (aiosmtpd, a development dependency, imported when it starts).
- ``server``: the thread runner they share (``ServerThread``) and ``free_port``.

``python -m conectar.standins mercadopago|fcm|sendgrid|smtp --port N`` runs one in the foreground.
"""
