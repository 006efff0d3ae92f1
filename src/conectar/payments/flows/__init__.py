"""flows: take the context, open and commit their own units of work, may call other services between them."""
