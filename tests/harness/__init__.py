"""Test-only harnesses: services run without the platform around them, and the helpers their tests share
(``payments``, ``notifications``, ``notification_queues``). The provider stand-ins they talk to are in
``conectar.standins``."""
