"""Run a provider stand-in in the foreground for development:
``python -m conectar.standins mercadopago|fcm|sendgrid|smtp [--host H] [--port N]``.

- ``mercadopago [--token T]``: set ``CONECTAR_PAYMENT_PROVIDER=mercadopago``,
  ``CONECTAR_MERCADOPAGO_API_URL`` to the stand-in's URL and ``CONECTAR_MERCADOPAGO_ACCESS_TOKEN=T``.
- ``fcm [--project P] [--key FILE]`` writes a service-account key (``--key``) whose ``token_uri`` points at
  the stand-in; set ``CONECTAR_FCM_SERVICE_ACCOUNT_FILE`` to it and ``CONECTAR_FCM_ENDPOINT`` to the
  stand-in's URL.
- ``sendgrid [--api-key K]``: set ``CONECTAR_SENDGRID_API_KEY=K`` and ``CONECTAR_SENDGRID_BASE_URL`` to the
  stand-in's URL.
- ``smtp``: set ``CONECTAR_SMTP_HOST``, ``CONECTAR_SMTP_PORT`` and ``CONECTAR_SMTP_SECURITY=none``; each
  message caught is printed (needs the development dependencies: ``make install-dev``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import uvicorn

DEFAULT_PORTS = {"mercadopago": 9097, "sendgrid": 9098, "fcm": 9099, "smtp": 1025}


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m conectar.standins")
    parser.add_argument("provider", choices=sorted(DEFAULT_PORTS))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=int, help="default: " + ", ".join(f"{k} {v}" for k, v in DEFAULT_PORTS.items())
    )
    parser.add_argument("--token", help="mercadopago: the access token it accepts")
    parser.add_argument("--project", default="conectar-dev", help="fcm: the Firebase project id")
    parser.add_argument("--key", type=Path, default=Path("var/fcm-standin-service-account.json"))
    parser.add_argument("--api-key", default="SG.standin", help="sendgrid: the API key it accepts")
    return parser


def http_app(args: argparse.Namespace, port: int) -> Any:
    if args.provider == "mercadopago":
        from conectar.standins import mercadopago

        standin = mercadopago.MercadoPagoStandIn(args.token or mercadopago.ACCESS_TOKEN)
        print(f"MercadoPago stand-in: access token {standin.token}")
        return standin.asgi
    if args.provider == "fcm":
        from conectar.standins import fcm

        info = fcm.generate_service_account(
            project_id=args.project, token_uri=f"http://{args.host}:{port}/token"
        )
        args.key.parent.mkdir(parents=True, exist_ok=True)
        fcm.write_service_account(args.key, info)
        state = fcm.FcmState(project_id=args.project)
        state.add_account(info)
        print(f"FCM stand-in: key written to {args.key}")
        return fcm.create_app(state)
    from conectar.standins import sendgrid

    return sendgrid.create_app(sendgrid.SendGridState(api_key=args.api_key))


def catch_mail(host: str, port: int) -> None:
    from conectar.standins.smtp import MailCatcher

    catcher = MailCatcher(port, host=host)
    try:
        catcher.start()
    except ModuleNotFoundError as exc:
        sys.exit(f"{exc}: the SMTP stand-in needs the development dependencies (make install-dev)")
    print(f"SMTP stand-in on {host}:{port}; Ctrl-C to stop")
    shown = 0
    try:
        while True:
            time.sleep(0.2)
            with catcher.lock:
                new = catcher.messages[shown:]
            for mail in new:
                print(f"{mail.sender} -> {', '.join(mail.recipients)}: {mail.subject}", flush=True)
            shown += len(new)
    except KeyboardInterrupt:
        pass
    finally:
        catcher.stop()


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    port = args.port or DEFAULT_PORTS[args.provider]
    if args.provider == "smtp":
        catch_mail(args.host, port)
        return
    app = http_app(args, port)
    print(f"{args.provider} stand-in at http://{args.host}:{port}", flush=True)
    uvicorn.run(app, host=args.host, port=port, interface="asgi3")


if __name__ == "__main__":
    main()
