"""The provider stand-ins (``conectar.standins``) ship with the code but run on the runtime lock: importing
any of them needs no development dependency (aiosmtpd, pytest), and the command runs each of them."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import conectar.standins
from conectar.standins.__main__ import DEFAULT_PORTS, parser

MODULES = sorted(
    f"conectar.standins.{module.name}" for module in pkgutil.iter_modules(conectar.standins.__path__)
)


def test_every_standin_imports_without_the_development_dependencies() -> None:
    blocked = ("aiosmtpd", "pytest", "hypothesis", "moto")
    script = "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in blocked)
    script += "".join(f"import {module}\n" for module in MODULES)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert {"conectar.standins.mercadopago", "conectar.standins.smtp", "conectar.standins.server"} <= set(
        MODULES
    )


@pytest.mark.parametrize("provider", ["mercadopago", "fcm", "sendgrid", "smtp"])
def test_the_command_runs_every_provider(provider: str) -> None:
    args = parser().parse_args([provider, "--port", "4321"])
    assert (args.provider, args.port) == (provider, 4321)
    assert provider in DEFAULT_PORTS
