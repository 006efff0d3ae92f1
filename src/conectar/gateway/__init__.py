"""The API gateway: one public entry point that routes, authenticates, limits and forwards."""

from conectar.gateway.app import create_gateway_app

__all__ = ["create_gateway_app"]
