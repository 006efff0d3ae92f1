"""Use cases of the payments service, by topic. They never commit a caller's session: each opens short
units of work of its own, and never holds one across a call to the provider or another service."""
