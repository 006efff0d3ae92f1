"""payments initial schema

Besides the tables, the ledger's database guards: a trigger keeps each account's balance equal to the
sum of its entries; entries and transactions cannot be updated or deleted; a new account starts at zero;
on PostgreSQL a deferred constraint trigger refuses to commit a transaction whose entries do not sum to
zero (or that has fewer than two), and a balance cannot be written except by posting.

Revision ID: efe130488a19
Revises:
Create Date: 2026-11-28 20:50:28.586624+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "efe130488a19"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


POSTGRES_LEDGER_GUARDS = [
    """
    CREATE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE ledger_accounts SET balance_centavos = balance_centavos + NEW.amount_centavos
        WHERE id = NEW.account_id;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry()
    """,
    """
    CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the ledger is posting only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$
    """,
    """
    CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()
    """,
    """
    CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()
    """,
    """
    CREATE FUNCTION ledger_guard_balance() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' AND NEW.balance_centavos <> 0 THEN
            RAISE EXCEPTION 'a ledger account starts at zero' USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.balance_centavos IS DISTINCT FROM OLD.balance_centavos
           AND pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION 'ledger balances change only by posting entries'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER ledger_accounts_balance_guard BEFORE INSERT OR UPDATE ON ledger_accounts
    FOR EACH ROW EXECUTE FUNCTION ledger_guard_balance()
    """,
    """
    CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        txn uuid;
        total bigint;
        legs integer;
    BEGIN
        IF TG_TABLE_NAME = 'ledger_transactions' THEN
            txn := NEW.id;
        ELSE
            txn := NEW.transaction_id;
        END IF;
        SELECT COALESCE(SUM(amount_centavos), 0), COUNT(*) INTO total, legs
        FROM ledger_entries WHERE transaction_id = txn;
        IF total <> 0 OR legs < 2 THEN
            RAISE EXCEPTION 'ledger transaction % does not balance (sum %, % entries)', txn, total, legs
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()
    """,
    """
    CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()
    """,
]

SQLITE_LEDGER_GUARDS = [
    """
    CREATE TRIGGER ledger_entries_apply AFTER INSERT ON ledger_entries BEGIN
        UPDATE ledger_accounts SET balance_centavos = balance_centavos + NEW.amount_centavos
        WHERE id = NEW.account_id;
    END
    """,
    *(
        f"""
        CREATE TRIGGER {table}_no_{op_name.lower()} BEFORE {op_name} ON {table} BEGIN
            SELECT RAISE(ABORT, 'the ledger is posting only');
        END
        """
        for table in ("ledger_entries", "ledger_transactions")
        for op_name in ("UPDATE", "DELETE")
    ),
    """
    CREATE TRIGGER ledger_accounts_start_at_zero BEFORE INSERT ON ledger_accounts
    WHEN NEW.balance_centavos <> 0 BEGIN
        SELECT RAISE(ABORT, 'a ledger account starts at zero');
    END
    """,
]

POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS ledger_transactions_balanced ON ledger_transactions",
    "DROP TRIGGER IF EXISTS ledger_entries_balanced ON ledger_entries",
    "DROP TRIGGER IF EXISTS ledger_accounts_balance_guard ON ledger_accounts",
    "DROP TRIGGER IF EXISTS ledger_transactions_immutable ON ledger_transactions",
    "DROP TRIGGER IF EXISTS ledger_entries_immutable ON ledger_entries",
    "DROP TRIGGER IF EXISTS ledger_entries_apply ON ledger_entries",
    "DROP FUNCTION IF EXISTS ledger_check_balanced()",
    "DROP FUNCTION IF EXISTS ledger_guard_balance()",
    "DROP FUNCTION IF EXISTS ledger_refuse_change()",
    "DROP FUNCTION IF EXISTS ledger_apply_entry()",
]


def _ledger_guards() -> None:
    dialect = op.get_bind().dialect.name
    for statement in POSTGRES_LEDGER_GUARDS if dialect == "postgresql" else SQLITE_LEDGER_GUARDS:
        op.execute(statement)


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "inbox_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("handler", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "handler", name=op.f("pk_inbox_events")),
    )
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("trabajo_id", sa.Uuid(), nullable=True),
        sa.Column("balance_centavos", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "NOT (kind IN ('ESCROW', 'PAYABLE', 'IN_TRANSIT')) OR balance_centavos >= 0",
            name=op.f("ck_ledger_accounts_non_negative"),
        ),
        sa.CheckConstraint(
            "kind IN ('CLIENT_FUNDING', 'ESCROW', 'PAYABLE', 'IN_TRANSIT', 'PAID_OUT', 'REVENUE', 'CLIENT_REFUNDS', 'LOSSES')",
            name=op.f("ck_ledger_accounts_kind_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_accounts")),
        sa.UniqueConstraint("code", name=op.f("uq_ledger_accounts_code")),
        sa.UniqueConstraint("trabajo_id", name=op.f("uq_ledger_accounts_trabajo_id")),
    )
    op.create_index("ix_ledger_accounts_kind_owner_id", "ledger_accounts", ["kind", "owner_id"], unique=False)
    op.create_table(
        "ledger_transactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("trabajo_id", sa.Uuid(), nullable=True),
        sa.Column("cliente_id", sa.Uuid(), nullable=True),
        sa.Column("profesional_id", sa.Uuid(), nullable=True),
        sa.Column("payout_id", sa.Uuid(), nullable=True),
        sa.Column("funded_trabajo_id", sa.Uuid(), nullable=True),
        sa.Column("escrow_exit_trabajo_id", sa.Uuid(), nullable=True),
        sa.Column("amount_centavos", sa.BigInteger(), nullable=False),
        sa.Column("fee_centavos", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=True),
        sa.Column("description", sa.String(length=256), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('FUNDING', 'RELEASE', 'REFUND', 'CHARGEBACK', 'REVERSAL_AFTER_RELEASE', 'PAYOUT_RESERVE', 'PAYOUT_PAID', 'PAYOUT_REVERSAL')",
            name=op.f("ck_ledger_transactions_kind_valid"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_transactions")),
        sa.UniqueConstraint(
            "escrow_exit_trabajo_id", name=op.f("uq_ledger_transactions_escrow_exit_trabajo_id")
        ),
        sa.UniqueConstraint("funded_trabajo_id", name=op.f("uq_ledger_transactions_funded_trabajo_id")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_ledger_transactions_idempotency_key")),
    )
    op.create_index(
        "ix_ledger_transactions_cliente_id_created_at",
        "ledger_transactions",
        ["cliente_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_ledger_transactions_kind_created_at", "ledger_transactions", ["kind", "created_at"], unique=False
    )
    op.create_index(
        op.f("ix_ledger_transactions_payout_id"), "ledger_transactions", ["payout_id"], unique=False
    )
    op.create_index(
        "ix_ledger_transactions_profesional_id_created_at",
        "ledger_transactions",
        ["profesional_id", "created_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_ledger_transactions_trabajo_id"), "ledger_transactions", ["trabajo_id"], unique=False
    )
    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("correlation_id", sa.String(length=128), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    op.create_index(
        "ix_outbox_events_status_next_attempt_at",
        "outbox_events",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_table(
        "payment_intents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trabajo_id", sa.Uuid(), nullable=False),
        sa.Column("cliente_id", sa.Uuid(), nullable=False),
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("amount_centavos", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=256), nullable=False),
        sa.Column("payer_email", sa.String(length=254), nullable=False),
        sa.Column("back_urls", sa.JSON(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("estado", sa.String(length=24), nullable=False),
        sa.Column("preference_key", sa.String(length=64), nullable=False),
        sa.Column("preference_id", sa.String(length=128), nullable=True),
        sa.Column("payment_url", sa.String(length=1024), nullable=True),
        sa.Column("payment_id", sa.String(length=64), nullable=True),
        sa.Column("provider_status", sa.String(length=32), nullable=True),
        sa.Column("comision_centavos", sa.BigInteger(), nullable=True),
        sa.Column("liberado_centavos", sa.BigInteger(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reconciled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "estado IN ('PENDIENTE', 'RECHAZADO', 'APROBADO', 'LIBERADO', 'REEMBOLSO_PENDIENTE', 'REEMBOLSADO', 'CONTRACARGO')",
            name=op.f("ck_payment_intents_estado_valid"),
        ),
        sa.CheckConstraint("amount_centavos > 0", name=op.f("ck_payment_intents_amount_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_intents")),
        sa.UniqueConstraint("preference_key", name=op.f("uq_payment_intents_preference_key")),
        sa.UniqueConstraint("trabajo_id", name=op.f("uq_payment_intents_trabajo_id")),
    )
    op.create_index(op.f("ix_payment_intents_cliente_id"), "payment_intents", ["cliente_id"], unique=False)
    op.create_index(
        "ix_payment_intents_estado_last_reconciled_at",
        "payment_intents",
        ["estado", "last_reconciled_at"],
        unique=False,
    )
    op.create_index(op.f("ix_payment_intents_payment_id"), "payment_intents", ["payment_id"], unique=False)
    op.create_index(
        op.f("ix_payment_intents_preference_id"), "payment_intents", ["preference_id"], unique=False
    )
    op.create_index(
        op.f("ix_payment_intents_profesional_id"), "payment_intents", ["profesional_id"], unique=False
    )
    op.create_table(
        "payout_account_copies",
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("payout_account", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("profesional_id", name=op.f("pk_payout_account_copies")),
    )
    op.create_table(
        "payout_batches",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("total_centavos", sa.BigInteger(), nullable=False),
        sa.Column("cantidad", sa.Integer(), nullable=False),
        sa.Column("bank_reference", sa.String(length=128), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("paid_by", sa.Uuid(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("estado IN ('ABIERTO', 'PAGADO')", name=op.f("ck_payout_batches_estado_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_batches")),
        sa.UniqueConstraint("bank_reference", name=op.f("uq_payout_batches_bank_reference")),
    )
    op.create_table(
        "provider_notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=True),
        sa.Column("resource_id", sa.String(length=64), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=48), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'dead')", name=op.f("ck_provider_notifications_status_valid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_notifications")),
        sa.UniqueConstraint(
            "source", "external_id", name=op.f("uq_provider_notifications_source_external_id")
        ),
    )
    op.create_index(
        "ix_provider_notifications_status_next_attempt_at",
        "provider_notifications",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_table(
        "provider_requests",
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("operation", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_id", sa.String(length=128), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("idempotency_key", name=op.f("pk_provider_requests")),
    )
    op.create_index(
        op.f("ix_provider_requests_subject_id"), "provider_requests", ["subject_id"], unique=False
    )
    op.create_table(
        "refunds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("trabajo_id", sa.Uuid(), nullable=False),
        sa.Column("amount_centavos", sa.BigInteger(), nullable=False),
        sa.Column("motivo", sa.String(length=500), nullable=False),
        sa.Column("origen", sa.String(length=20), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("provider_refund_id", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "estado IN ('PENDIENTE', 'APROBADO', 'FALLIDO')", name=op.f("ck_refunds_estado_valid")
        ),
        sa.CheckConstraint("amount_centavos > 0", name=op.f("ck_refunds_amount_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_refunds_idempotency_key")),
        sa.UniqueConstraint("trabajo_id", name=op.f("uq_refunds_trabajo_id")),
    )
    op.create_table(
        "sandbox_idempotency",
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=32), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("idempotency_key", name=op.f("pk_sandbox_idempotency")),
    )
    op.create_table(
        "sandbox_payments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("preference_id", sa.String(length=64), nullable=False),
        sa.Column("external_reference", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_payments")),
    )
    op.create_index(
        op.f("ix_sandbox_payments_external_reference"),
        "sandbox_payments",
        ["external_reference"],
        unique=False,
    )
    op.create_index(
        op.f("ix_sandbox_payments_preference_id"), "sandbox_payments", ["preference_id"], unique=False
    )
    op.create_table(
        "sandbox_payouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("external_reference", sa.String(length=64), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_payouts")),
    )
    op.create_index(
        op.f("ix_sandbox_payouts_external_reference"), "sandbox_payouts", ["external_reference"], unique=False
    )
    op.create_table(
        "sandbox_preferences",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("external_reference", sa.String(length=64), nullable=True),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_preferences")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_sandbox_preferences_idempotency_key")),
    )
    op.create_index(
        op.f("ix_sandbox_preferences_external_reference"),
        "sandbox_preferences",
        ["external_reference"],
        unique=False,
    )
    op.create_table(
        "sandbox_webhook_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=1024), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("data_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'dead')", name=op.f("ck_sandbox_webhook_deliveries_status_valid")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_webhook_deliveries")),
    )
    op.create_index(
        "ix_sandbox_webhook_deliveries_status_next_attempt_at",
        "sandbox_webhook_deliveries",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_table(
        "ledger_entries",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("transaction_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=False),
        sa.Column("amount_centavos", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_centavos <> 0", name=op.f("ck_ledger_entries_amount_nonzero")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["ledger_accounts.id"], name=op.f("fk_ledger_entries_account_id_ledger_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["transaction_id"],
            ["ledger_transactions.id"],
            name=op.f("fk_ledger_entries_transaction_id_ledger_transactions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index(op.f("ix_ledger_entries_account_id"), "ledger_entries", ["account_id"], unique=False)
    op.create_index(
        op.f("ix_ledger_entries_transaction_id"), "ledger_entries", ["transaction_id"], unique=False
    )
    op.create_table(
        "payouts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("amount_centavos", sa.BigInteger(), nullable=False),
        sa.Column("payout_account", sa.String(length=64), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("provider_payout_id", sa.String(length=64), nullable=True),
        sa.Column("provider_status", sa.String(length=32), nullable=True),
        sa.Column("batch_id", sa.Uuid(), nullable=True),
        sa.Column("bank_reference", sa.String(length=128), nullable=True),
        sa.Column("motivo", sa.String(length=500), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("approved_by", sa.Uuid(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_reconciled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "estado IN ('SOLICITADO', 'EN_PROCESO', 'PAGADO', 'FALLIDO', 'RECHAZADO')",
            name=op.f("ck_payouts_estado_valid"),
        ),
        sa.CheckConstraint("amount_centavos > 0", name=op.f("ck_payouts_amount_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["payout_batches.id"], name=op.f("fk_payouts_batch_id_payout_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payouts")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payouts_idempotency_key")),
    )
    op.create_index(op.f("ix_payouts_batch_id"), "payouts", ["batch_id"], unique=False)
    op.create_index("ix_payouts_estado_fecha_creacion", "payouts", ["estado", "fecha_creacion"], unique=False)
    op.create_index(op.f("ix_payouts_profesional_id"), "payouts", ["profesional_id"], unique=False)
    # ### end Alembic commands ###
    _ledger_guards()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_DROP:
            op.execute(statement)
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_index(op.f("ix_payouts_profesional_id"), table_name="payouts")
    op.drop_index("ix_payouts_estado_fecha_creacion", table_name="payouts")
    op.drop_index(op.f("ix_payouts_batch_id"), table_name="payouts")
    op.drop_table("payouts")
    op.drop_index(op.f("ix_ledger_entries_transaction_id"), table_name="ledger_entries")
    op.drop_index(op.f("ix_ledger_entries_account_id"), table_name="ledger_entries")
    op.drop_table("ledger_entries")
    op.drop_index(
        "ix_sandbox_webhook_deliveries_status_next_attempt_at", table_name="sandbox_webhook_deliveries"
    )
    op.drop_table("sandbox_webhook_deliveries")
    op.drop_index(op.f("ix_sandbox_preferences_external_reference"), table_name="sandbox_preferences")
    op.drop_table("sandbox_preferences")
    op.drop_index(op.f("ix_sandbox_payouts_external_reference"), table_name="sandbox_payouts")
    op.drop_table("sandbox_payouts")
    op.drop_index(op.f("ix_sandbox_payments_preference_id"), table_name="sandbox_payments")
    op.drop_index(op.f("ix_sandbox_payments_external_reference"), table_name="sandbox_payments")
    op.drop_table("sandbox_payments")
    op.drop_table("sandbox_idempotency")
    op.drop_table("refunds")
    op.drop_index(op.f("ix_provider_requests_subject_id"), table_name="provider_requests")
    op.drop_table("provider_requests")
    op.drop_index("ix_provider_notifications_status_next_attempt_at", table_name="provider_notifications")
    op.drop_table("provider_notifications")
    op.drop_table("payout_batches")
    op.drop_table("payout_account_copies")
    op.drop_index(op.f("ix_payment_intents_profesional_id"), table_name="payment_intents")
    op.drop_index(op.f("ix_payment_intents_preference_id"), table_name="payment_intents")
    op.drop_index(op.f("ix_payment_intents_payment_id"), table_name="payment_intents")
    op.drop_index("ix_payment_intents_estado_last_reconciled_at", table_name="payment_intents")
    op.drop_index(op.f("ix_payment_intents_cliente_id"), table_name="payment_intents")
    op.drop_table("payment_intents")
    op.drop_index("ix_outbox_events_status_next_attempt_at", table_name="outbox_events")
    op.drop_table("outbox_events")
    op.drop_index(op.f("ix_ledger_transactions_trabajo_id"), table_name="ledger_transactions")
    op.drop_index("ix_ledger_transactions_profesional_id_created_at", table_name="ledger_transactions")
    op.drop_index(op.f("ix_ledger_transactions_payout_id"), table_name="ledger_transactions")
    op.drop_index("ix_ledger_transactions_kind_created_at", table_name="ledger_transactions")
    op.drop_index("ix_ledger_transactions_cliente_id_created_at", table_name="ledger_transactions")
    op.drop_table("ledger_transactions")
    op.drop_index("ix_ledger_accounts_kind_owner_id", table_name="ledger_accounts")
    op.drop_table("ledger_accounts")
    op.drop_table("job_leases")
    op.drop_table("inbox_events")
    # ### end Alembic commands ###
