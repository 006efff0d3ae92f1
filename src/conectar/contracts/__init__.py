"""Integration-event schemas, internal API models and the public routing table shared by services."""
