"""deliveries on the work queue

Outbound deliveries move from the service's own workers (which claimed ``deliveries`` rows with a lease
in ``locked_until`` + ``claim_token`` and a ``sending`` state) to the kernel's work queue: one job per
delivery on ``notifications.<channel>``, keyed by the delivery id. Every delivery still pending or
sending gets its job (due when the delivery was, its attempts carried over), ``sending`` rows go back to
pending (their worker is gone with the old code: at least once, as a lease running out always meant),
and the lease columns and the claiming index go; an index for the operators' log replaces it.

Revision ID: f47f80c987fd
Revises: c08bf5f5c6a8
Create Date: 2026-12-04 23:04:35.331478+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f47f80c987fd"
down_revision: str | None = "c08bf5f5c6a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUES = ("notifications.email", "notifications.push")


DELIVERIES = sa.table(
    "deliveries",
    *(
        sa.column(name)
        for name in (
            "id",
            "attempts",
            "next_attempt_at",
            "last_error",
            "fecha_creacion",
            "fecha_actualizacion",
        )
    ),
    sa.column("channel", sa.String()),
    sa.column("status", sa.String()),
)
WORK_JOBS = sa.table(
    "work_jobs",
    *(
        sa.column(name)
        for name in (
            "id",
            "queue",
            "key",
            "payload",
            "status",
            "attempts",
            "run_after",
            "lease_token",
            "last_error",
            "correlation_id",
            "created_at",
            "updated_at",
        )
    ),
)


def _key(dialect: str) -> sa.ColumnElement[str]:
    """The delivery id as text, as ``str(uuid)`` spells it (the job's key)."""
    column = DELIVERIES.c.id
    if dialect == "postgresql":
        return sa.cast(column, sa.String())
    # SQLite keeps a Uuid as 32 hex digits.
    parts = [
        sa.func.substr(column, start, length, type_=sa.String())
        for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    ]
    dashed: sa.ColumnElement[str] = parts[0]
    for part in parts[1:]:
        dashed = dashed + "-" + part
    return sa.func.lower(dashed, type_=sa.String())


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(DELIVERIES.update().where(DELIVERIES.c.status == "sending").values(status="pending"))
    key = _key(dialect)
    payload: sa.ColumnElement[str] = sa.literal('{"delivery_id": "') + key + sa.literal('"}')
    if dialect == "postgresql":
        payload = sa.cast(payload, sa.JSON())
    # The job takes the delivery's id as its own (both unique, same type on either database).
    jobs = sa.select(
        DELIVERIES.c.id,
        sa.literal("notifications.") + DELIVERIES.c.channel,
        key,
        payload,
        sa.literal("queued"),
        DELIVERIES.c.attempts,
        DELIVERIES.c.next_attempt_at,
        sa.null(),
        DELIVERIES.c.last_error,
        sa.null(),
        DELIVERIES.c.fecha_creacion,
        DELIVERIES.c.fecha_actualizacion,
    ).where(DELIVERIES.c.status == "pending")
    op.execute(WORK_JOBS.insert().from_select(list(WORK_JOBS.c), jobs))
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_index("ix_deliveries_channel_status_next_attempt_at")
        batch_op.create_index(
            "ix_deliveries_status_channel_fecha_creacion",
            ["status", "channel", "fecha_creacion"],
            unique=False,
        )
        batch_op.drop_column("locked_until")
        batch_op.drop_column("claim_token")


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_index("ix_deliveries_status_channel_fecha_creacion")
        batch_op.create_index(
            "ix_deliveries_channel_status_next_attempt_at",
            ["channel", "status", "next_attempt_at"],
            unique=False,
        )
    # The old workers claim pending rows themselves: their jobs go.
    op.execute(WORK_JOBS.delete().where(WORK_JOBS.c.queue.in_(QUEUES)))
