"""money movements become jobs of the kernel work queue; trabajos show where their money really is

``money_actions`` stops being a queue: every action still owed (``pending``, or ``running`` when the old
worker died holding it) becomes a queued job of ``chat.money`` (key ``<id>:1``, its first round), and the
queue columns (attempts, next_attempt_at and their index) go. What stays is the domain record: what was
asked, what came of it (``done``, ``refused``, ``superseded``), the refusal's status and time, and what staff
decided (resolution, resolved_by, resolved_at).

The old code set LIBERADO / CANCELADO_REEMBOLSADO when it *decided* a release or refund, before payments
answered. So that no trabajo keeps saying what did not happen:

- a release or refund still owed puts its trabajo back in flight (LIBERANDO / REEMBOLSANDO) until the job
  gets payments' answer;
- one that payments refused (the old ``failed``) puts it in LIBERACION_RECHAZADA / REEMBOLSO_RECHAZADO,
  where staff see it (``/admin/trabajos/dinero-observado``, ``conectar_chat_money_awaiting_staff``);
- both are marked ``anunciado`` in their payload: WorkCompleted or JobCancelled was already published when
  they were decided, and is not published again when payments accepts them.

A refused checkout (the old ``failed`` open) is ``refused``: the client asking for the link tries again.

Revision ID: 0114cd69650b
Revises: 805c6f994e5f
Create Date: 2026-12-04 23:09:51.960180+00:00

"""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from conectar.platform.db import UTCDateTime, utcnow

revision: str = "0114cd69650b"
down_revision: str | None = "805c6f994e5f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

QUEUE = "chat.money"
IN_FLIGHT = {"release": ("LIBERADO", "LIBERANDO"), "refund": ("CANCELADO_REEMBOLSADO", "REEMBOLSANDO")}
REFUSED = {
    "release": ("LIBERADO", "LIBERACION_RECHAZADA"),
    "refund": ("CANCELADO_REEMBOLSADO", "REEMBOLSO_RECHAZADO"),
}
# Downgrade: what the old code showed for each new state.
OLD_STATE = {
    "LIBERANDO": "LIBERADO",
    "LIBERACION_RECHAZADA": "LIBERADO",
    "REEMBOLSANDO": "CANCELADO_REEMBOLSADO",
    "REEMBOLSO_RECHAZADO": "CANCELADO_REEMBOLSADO",
    "CERRADO_POR_ADMIN": "CANCELADO",
}

money_actions = sa.table(
    "money_actions",
    sa.column("id", sa.Uuid()),
    sa.column("trabajo_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("created_at", UTCDateTime()),
    sa.column("ask_round", sa.Integer()),
    sa.column("refused_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)
# Downgrade: the queue columns back.
queue_columns = sa.table(
    "money_actions",
    sa.column("attempts", sa.Integer()),
    sa.column("next_attempt_at", UTCDateTime()),
)
trabajos = sa.table(
    "trabajos",
    sa.column("id", sa.Uuid()),
    sa.column("estado_escrow", sa.String()),
    sa.column("fecha_actualizacion", UTCDateTime()),
)
work_jobs = sa.table(
    "work_jobs",
    sa.column("id", sa.Uuid()),
    sa.column("queue", sa.String()),
    sa.column("key", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("run_after", UTCDateTime()),
    sa.column("created_at", UTCDateTime()),
    sa.column("updated_at", UTCDateTime()),
)


def _move_trabajo(bind: sa.Connection, trabajo_id: uuid.UUID, moves: tuple[str, str]) -> bool:
    """Move the trabajo from the state the old code showed to the true one; whether it moved."""
    before, after = moves
    result = bind.execute(
        trabajos.update()
        .where(trabajos.c.id == trabajo_id, trabajos.c.estado_escrow == before)
        .values(estado_escrow=after, fecha_actualizacion=utcnow())
    )
    return bool(result.rowcount == 1)


def _upgrade_rows() -> None:
    bind = op.get_bind()
    now = utcnow()
    bind.execute(money_actions.update().values(ask_round=1, updated_at=money_actions.c.created_at))
    columns = (money_actions.c.id, money_actions.c.trabajo_id, money_actions.c.kind, money_actions.c.payload)
    rows = bind.execute(
        sa.select(*columns, money_actions.c.status).where(
            money_actions.c.status.in_(["pending", "running", "failed"])
        )
    ).all()
    jobs: list[dict[str, Any]] = []
    for row in rows:
        payload = dict(row.payload or {})
        owed = row.status in ("pending", "running")
        moves = (IN_FLIGHT if owed else REFUSED).get(row.kind)
        if moves is not None and _move_trabajo(bind, row.trabajo_id, moves):
            payload["anunciado"] = True
        values: dict[str, Any] = {"payload": payload, "status": "pending" if owed else "refused"}
        if not owed:
            values["refused_at"] = now
        bind.execute(money_actions.update().where(money_actions.c.id == row.id).values(**values))
        if owed:
            jobs.append(
                {
                    "id": uuid.uuid4(),
                    "queue": QUEUE,
                    "key": f"{row.id}:1",
                    "payload": {"action_id": str(row.id), "round": 1},
                    "status": "queued",
                    "attempts": 0,
                    "run_after": now,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    if jobs:
        bind.execute(work_jobs.insert(), jobs)


def upgrade() -> None:
    with op.batch_alter_table("money_actions") as batch_op:
        batch_op.add_column(sa.Column("ask_round", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("refusal_status", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    _upgrade_rows()
    op.drop_index(op.f("ix_money_actions_status_next_attempt_at"), table_name="money_actions")
    with op.batch_alter_table("money_actions") as batch_op:
        batch_op.alter_column("ask_round", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("updated_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column("attempts")
        batch_op.drop_column("next_attempt_at")


def downgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("money_actions") as batch_op:
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    bind.execute(queue_columns.update().values(attempts=0, next_attempt_at=utcnow()))
    bind.execute(money_actions.update().where(money_actions.c.status == "refused").values(status="failed"))
    bind.execute(money_actions.update().where(money_actions.c.status == "superseded").values(status="done"))
    for new, old in OLD_STATE.items():
        bind.execute(
            trabajos.update()
            .where(trabajos.c.estado_escrow == new)
            .values(estado_escrow=old, fecha_actualizacion=utcnow())
        )
    bind.execute(work_jobs.delete().where(work_jobs.c.queue == QUEUE))
    with op.batch_alter_table("money_actions") as batch_op:
        batch_op.alter_column("attempts", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("next_attempt_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.drop_column("updated_at")
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolved_by")
        batch_op.drop_column("resolution")
        batch_op.drop_column("refused_at")
        batch_op.drop_column("refusal_status")
        batch_op.drop_column("ask_round")
    op.create_index(
        op.f("ix_money_actions_status_next_attempt_at"),
        "money_actions",
        ["status", "next_attempt_at"],
        unique=False,
    )
