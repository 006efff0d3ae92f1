"""Test support for the payments service: a MercadoPago API stand-in and a direct harness."""
