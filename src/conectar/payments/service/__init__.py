"""Use cases of the payments service, by topic, that work in the caller's unit of work: they take a session
and never commit. The flows, which open short units of work of their own and never hold one across a call
to the provider or another service, are in ``payments/flows/``."""
