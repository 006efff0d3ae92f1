"""What the kernel's strict JSON check costs: ``loads_strict`` against plain ``json.loads``, and a request
through a small FastAPI app with and without ``StrictJSONMiddleware`` (ASGI calls in this process, no
network), for a few typical bodies of the API and a larger one.

    python bench/strict_json.py [--rounds 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from starlette.types import ASGIApp, Message

from conectar.platform.jsonbody import StrictJSONMiddleware, loads_strict

BODIES: dict[str, bytes] = {
    "register": json.dumps(
        {
            "email": "ana.perez@example.com",
            "password": "clave-segura-123",
            "nombre": "Ana",
            "apellido": "Pérez",
            "rol": "CLIENTE",
        },
        ensure_ascii=False,
    ).encode(),
    "search": json.dumps(
        {
            "oficio_id": "0b7c7f0e-7d0a-4b8e-9a51-3c2d9c1c9f10",
            "lat": -34.6037,
            "lng": -58.3816,
            "radio_km": 10,
        }
    ).encode(),
    "chat": json.dumps(
        {"chat_id": "0b7c7f0e-7d0a-4b8e-9a51-3c2d9c1c9f10", "text": "Hola, ¿podés venir el martes? 😀"},
        ensure_ascii=False,
    ).encode(),
    "list_100": json.dumps(
        [{"id": i, "nombre": f"item {i}", "precio": i * 1.5, "tags": ["a", "b"]} for i in range(100)]
    ).encode(),
}


class Anything(BaseModel):
    model_config = {"extra": "allow"}


def build_app(strict: bool) -> ASGIApp:
    app = FastAPI()

    @app.post("/echo")
    async def echo(body: Anything | list[Any]) -> dict[str, bool]:
        return {"ok": True}

    if strict:
        app.add_middleware(StrictJSONMiddleware)
    return app


async def call(app: ASGIApp, body: bytes) -> int:
    status = 0
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/echo",
        "raw_path": b"/echo",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    await app(scope, receive, send)
    return status


def per_call_us(fn: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            fn()
        samples.append((time.perf_counter() - started) / rounds * 1e6)
    return min(samples)


async def request_us(app: ASGIApp, body: bytes, rounds: int) -> float:
    for _ in range(200):
        assert await call(app, body) == 200
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(rounds):
            await call(app, body)
        samples.append((time.perf_counter() - started) / rounds * 1e6)
    return statistics.median(samples)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20000)
    args = parser.parse_args()
    plain_app, strict_app = build_app(strict=False), build_app(strict=True)
    for name, body in BODIES.items():
        plain = per_call_us(lambda body=body: json.loads(body), args.rounds)  # type: ignore[misc]
        strict = per_call_us(lambda body=body: loads_strict(body), args.rounds)  # type: ignore[misc]
        rounds = max(args.rounds // 10, 200)
        without = await request_us(plain_app, body, rounds)
        with_check = await request_us(strict_app, body, rounds)
        print(
            f"strict_json body={name} bytes={len(body)} json_loads_us={plain:.2f} loads_strict_us={strict:.2f} "
            f"request_us={without:.1f} request_strict_us={with_check:.1f} "
            f"added_us={with_check - without:.1f}"
        )


if __name__ == "__main__":
    asyncio.run(main())
