"""Run a stand-in for development: ``python -m conectar.notifications.standins fcm --port 9099``.

``fcm`` writes a service-account key next to the data folder (``--key``) whose ``token_uri`` points at
the stand-in; set ``CONECTAR_FCM_SERVICE_ACCOUNT_FILE`` to it and ``CONECTAR_FCM_ENDPOINT`` to the
stand-in's URL. ``sendgrid --api-key K``: set ``CONECTAR_SENDGRID_API_KEY=K`` and
``CONECTAR_SENDGRID_BASE_URL`` to the stand-in's URL.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from conectar.notifications.standins import fcm, sendgrid


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m conectar.notifications.standins")
    parser.add_argument("provider", choices=["fcm", "sendgrid"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9099)
    parser.add_argument("--project", default="conectar-dev")
    parser.add_argument("--key", type=Path, default=Path("var/fcm-standin-service-account.json"))
    parser.add_argument("--api-key", default="SG.standin")
    args = parser.parse_args()
    if args.provider == "fcm":
        info = fcm.generate_service_account(
            project_id=args.project, token_uri=f"http://{args.host}:{args.port}/token"
        )
        args.key.parent.mkdir(parents=True, exist_ok=True)
        fcm.write_service_account(args.key, info)
        state = fcm.FcmState(project_id=args.project)
        state.add_account(info)
        print(f"FCM stand-in: key written to {args.key}")
        app = fcm.create_app(state)
    else:
        app = sendgrid.create_app(sendgrid.SendGridState(api_key=args.api_key))
    uvicorn.run(app, host=args.host, port=args.port)


if __name__ == "__main__":
    main()
