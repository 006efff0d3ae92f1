"""provider notifications and sandbox webhook deliveries become jobs of the kernel work queue

The two tables stop being queues: every row still owed (``pending``) becomes a queued job of its work
queue (``payments.notifications``, ``payments.sandbox-webhooks``) with its attempts and due time, every
``dead`` row a dead job with its last error (an operator retries it with ``conectar queues``); then the
queue columns (status, attempts, next_attempt_at), their check constraint and index go. What stays is
domain information: received_at/created_at, handled_at, outcome, last_error, last_status_code.

The job's key and payload name the row by its id as text (``uuid.UUID`` form, with dashes), as the code
that enqueues them does. Set-based SQL (INSERT … SELECT, written with SQLAlchemy Core) for PostgreSQL and
SQLite (which stores a UUID as 32 hex digits).

Revision ID: 9007a1e4391a
Revises: 88fb0faa0e56
Create Date: 2026-12-04 23:03:51.123863+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9007a1e4391a"
down_revision: str | None = "88fb0faa0e56"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, queue, payload field naming the row, the row's creation time)
QUEUES = (
    ("provider_notifications", "payments.notifications", "notification_id", "received_at"),
    ("sandbox_webhook_deliveries", "payments.sandbox-webhooks", "delivery_id", "created_at"),
)
JOB_COLUMNS = (
    "id",
    "queue",
    "key",
    "payload",
    "status",
    "attempts",
    "run_after",
    "last_error",
    "created_at",
    "updated_at",
)
work_jobs = sa.table("work_jobs", *(sa.column(name) for name in JOB_COLUMNS))


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _rows(table: str, created: str) -> sa.TableClause:
    names = ("id", "status", "attempts", "next_attempt_at", "last_error", "handled_at", created)
    return sa.table(table, *(sa.column(name) for name in names))


def _quoted(value: str) -> sa.ColumnElement[str]:
    """A constant of this module as an SQL string literal (no bound parameter: the database could not
    tell its type inside json_build_object)."""
    return sa.literal_column(f"'{value}'", sa.String())


def _id_text(rows: sa.TableClause) -> sa.ColumnElement[str]:
    """The row's id as ``str(uuid.UUID)`` writes it."""
    if not _sqlite():
        return sa.cast(rows.c.id, sa.Text())
    pieces = [
        sa.func.substr(rows.c.id, start, length)
        for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
    ]
    dashed: sa.ColumnElement[str] = pieces[0]
    for piece in pieces[1:]:
        dashed = dashed.concat(_quoted("-")).concat(piece)
    return sa.func.lower(dashed)


def _job(column: str, rows: sa.TableClause, queue: str) -> sa.ScalarSelect[object]:
    """A column of the row's job, as a scalar subquery."""
    return (
        sa.select(work_jobs.c[column])
        .where(work_jobs.c.queue == _quoted(queue), work_jobs.c.key == _id_text(rows))
        .scalar_subquery()
    )


def _enqueue_owed(table: str, queue: str, field: str, created: str) -> None:
    rows = _rows(table, created)
    key = _id_text(rows)
    if _sqlite():
        new_id = sa.func.lower(sa.func.hex(sa.func.randomblob(16)))
        payload = sa.func.json_object(_quoted(field), key)
    else:
        new_id = sa.func.gen_random_uuid()
        payload = sa.func.json_build_object(_quoted(field), key)
    owed = sa.select(
        new_id,
        _quoted(queue),
        key,
        payload,
        sa.case((rows.c.status == _quoted("dead"), _quoted("dead")), else_=_quoted("queued")),
        rows.c.attempts,
        rows.c.next_attempt_at,
        rows.c.last_error,
        rows.c[created],
        rows.c.next_attempt_at,
    ).where(rows.c.status.in_([_quoted("pending"), _quoted("dead")]))
    op.execute(work_jobs.insert().from_select(list(JOB_COLUMNS), owed))


def upgrade() -> None:
    for table, queue, field, created in QUEUES:
        _enqueue_owed(table, queue, field, created)
        op.drop_index(f"ix_{table}_status_next_attempt_at", table_name=table)
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_status_valid"), type_="check")
            batch_op.drop_column("status")
            batch_op.drop_column("attempts")
            batch_op.drop_column("next_attempt_at")


def downgrade() -> None:
    for table, queue, _, created in QUEUES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("status", sa.String(length=8), nullable=False, server_default="pending")
            )
            batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
            batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        rows = _rows(table, created)
        op.execute(
            rows.update().values(
                status=sa.case(
                    (rows.c.handled_at.is_not(None), _quoted("done")),
                    (_job("status", rows, queue) == _quoted("dead"), _quoted("dead")),
                    else_=_quoted("pending"),
                ),
                attempts=sa.func.coalesce(_job("attempts", rows, queue), 0),
                next_attempt_at=sa.func.coalesce(_job("run_after", rows, queue), rows.c[created]),
            )
        )
        op.execute(work_jobs.delete().where(work_jobs.c.queue == _quoted(queue)))
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column("status", server_default=None)
            batch_op.alter_column("attempts", server_default=None)
            batch_op.alter_column("next_attempt_at", existing_type=sa.DateTime(timezone=True), nullable=False)
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_status_valid"), sa.text("status IN ('pending', 'done', 'dead')")
            )
        op.create_index(
            f"ix_{table}_status_next_attempt_at", table, ["status", "next_attempt_at"], unique=False
        )
