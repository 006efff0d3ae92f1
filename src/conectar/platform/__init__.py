"""The kernel every service stands on: settings, database, events, auth verification, HTTP, storage,
observability and errors. It holds no domain logic and knows no service."""
