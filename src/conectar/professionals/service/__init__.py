"""Use cases of the professionals service, by topic, that work in the caller's unit of work: they take a
session and never commit. The flows, which open their own short units of work (never across a call to
another service or slow CPU work), are in ``professionals/flows/``."""
