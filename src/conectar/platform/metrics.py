"""Prometheus metrics shared by every service (labelled by service, so standalone keeps them apart)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

REQUESTS = Counter(
    "conectar_http_requests_total", "HTTP requests handled", ["service", "method", "route", "status"]
)
REQUEST_LATENCY = Histogram(
    "conectar_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
OUTBOX_BACKLOG = Gauge("conectar_outbox_backlog", "Outbox events waiting to be published", ["service"])
OUTBOX_PUBLISHED = Counter("conectar_outbox_published_total", "Outbox events published", ["service"])
OUTBOX_DEAD = Counter(
    "conectar_outbox_dead_total", "Outbox events that exhausted their attempts", ["service"]
)
EVENTS_HANDLED = Counter(
    "conectar_events_handled_total", "Events handled by consumers", ["service", "type", "outcome"]
)
INBOX_BATCHES = Counter(
    "conectar_inbox_batches_total",
    "Transactions shared by deliveries that arrived together: committed, or fell back to one event each",
    ["service", "outcome"],
)
ORPHAN_FILES_DELETED = Counter(
    "conectar_orphan_files_deleted_total",
    "Stored files no row named any more, deleted by the sweep (a flow cut off between storing and recording)",
    ["service", "prefix"],
)
CONSUMER_FAILURES = Counter(
    "conectar_consumer_failures_total", "Event handler failures (each retried)", ["service", "type"]
)
DEAD_LETTERS = Counter(
    "conectar_dead_letters_total", "Events moved to a dead-letter queue", ["service", "type"]
)
UPSTREAM_REQUESTS = Counter(
    "conectar_gateway_upstream_requests_total", "Requests the gateway sent upstream", ["upstream", "outcome"]
)
CIRCUIT_OPEN = Gauge("conectar_gateway_circuit_open", "1 while an upstream's circuit is open", ["upstream"])
RATE_LIMITED = Counter(
    "conectar_rate_limited_total", "Requests refused by a rate limit", ["service", "limit"]
)
DB_CONNECTIONS_REPLACED = Counter(
    "conectar_db_connections_replaced_total",
    "Pooled PostgreSQL connections found dropped by the server and replaced before a unit of work used them",
    ["database", "where"],
)

# The event pipeline, end to end (issue 12).
OUTBOX_DEAD_ROWS = Gauge(
    "conectar_outbox_dead_rows",
    "Outbox rows that exhausted their publish attempts (measured with the backlog)",
    ["service"],
)
OUTBOX_PUBLISH_DELAY = Histogram(
    "conectar_outbox_publish_delay_seconds",
    "From an event's occurred_at to the broker's confirm of its publish",
    ["service"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0),
)
EVENT_CONSUME_LAG = Histogram(
    "conectar_event_consume_lag_seconds",
    "From an event's occurred_at to its handler's committed effect in a consuming service",
    ["service", "type"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0),
)
DEAD_LETTER_QUEUE_DEPTH = Gauge(
    "conectar_dead_letter_queue_depth",
    "Events parked in a consuming service's dead-letter queue (measured periodically)",
    ["service"],
)
