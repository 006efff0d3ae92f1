"""Payment and payout providers behind one port: the built-in sandbox and MercadoPago."""
