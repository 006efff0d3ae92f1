"""Fixtures and helpers shared by every test suite."""

from __future__ import annotations

import io
import secrets
import uuid
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conectar.platform.settings import Settings
from tests.hangs import (  # noqa: F401  (hooks of tests/hangs.py)
    pytest_sessionstart,
    pytest_terminal_summary,
    pytest_timeout_cancel_timer,
    pytest_timeout_set_timer,
)

TEST_SECRETS = {
    "secret_key": "test-secret-key-" + "k" * 40,
    "service_token_secret": "test-service-token-secret-" + "s" * 40,
    "mercadopago_webhook_secret": "test-mercadopago-webhook-secret-" + "w" * 40,
}


def standalone_settings(data_dir: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "mode": "standalone",
        "data_dir": data_dir,
        "rate_limit_enabled": False,
        "log_json": False,
        "outbox_poll_seconds": 0.2,
        **TEST_SECRETS,
    }
    values.update(overrides)
    return Settings(**values)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (64, 48), *, exif: bool = False, mode: str = "RGB"
) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        data[0x0131] = "GPS-Leaking-Software"  # Software
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


@pytest.fixture
def random_password() -> str:
    return secrets.token_urlsafe(12)
