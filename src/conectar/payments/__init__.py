"""The payments service: checkout, verified webhooks, the escrow ledger, refunds, retiros."""
