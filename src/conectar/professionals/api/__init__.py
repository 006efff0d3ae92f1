"""Public routes of the professionals service, by audience."""

from conectar.professionals.api import admin, favoritos, professional, public

__all__ = ["admin", "favoritos", "professional", "public"]
