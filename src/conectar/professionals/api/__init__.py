"""Public routes of the professionals service, by audience."""

from conectar.professionals.api import admin, professional, public

__all__ = ["admin", "professional", "public"]
