"""The auth service: accounts, password hashes, sessions (refresh tokens), reset tokens and signing keys."""
