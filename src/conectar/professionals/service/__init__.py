"""Use cases of the professionals service, by topic. They never commit: each opens its own short units of
work (``ctx.db.session()``), never across a call to another service or slow CPU work."""
