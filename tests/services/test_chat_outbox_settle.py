"""The chat's outbox relay batches with its own settle (CONECTAR_CHAT_OUTBOX_SETTLE_MS); the other services
with CONECTAR_OUTBOX_SETTLE_MS."""

from __future__ import annotations

from pathlib import Path

import pytest

from conectar.chat.app import create_app
from conectar.platform.infra import build_infrastructure
from conectar.platform.settings import Mode, load_settings
from tests.services.conftest import Standalone


async def test_the_chat_relay_settles_longer_than_the_others(standalone: Standalone) -> None:
    assert standalone.ctx("chat").extras["relay"].settle_seconds == pytest.approx(0.050)
    default = standalone.settings.outbox_settle_ms / 1000
    for service in ("auth", "users", "professionals", "payments", "notifications"):
        assert standalone.ctx(service).extras["relay"].settle_seconds == pytest.approx(default)


async def test_the_chat_settle_comes_from_its_own_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONECTAR_CHAT_OUTBOX_SETTLE_MS", "20")
    monkeypatch.setenv("CONECTAR_OUTBOX_SETTLE_MS", "80")  # the others' setting does not reach the chat
    infra = build_infrastructure(load_settings(mode=Mode.STANDALONE, data_dir=tmp_path))
    app = create_app(infra)
    assert app.state.ctx.extras["relay"].settle_seconds == pytest.approx(0.020)
    await app.state.ctx.db.dispose()
