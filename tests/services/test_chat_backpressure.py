"""A saturated chat replica refuses a send at once, visibly and with retry advice, instead of queueing it; what
it refused was not stored, and what it accepted is delivered (chat/backpressure.py)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from conectar.chat.backpressure import SendGate
from conectar.chat.conversations import chat_settings
from conectar.chat.ws_protocol import SERVER_FRAMES
from conectar.platform.ratelimit import RateLimiter
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_conversations import Socket, connect, pair, send
from tests.services.test_chat_ws_protocol import validator_for


async def answer(socket: Socket, ref: str | int) -> dict[str, Any]:
    """The server's answer (ack or error) to the command with this ref."""
    while True:
        frame = await socket.frame()
        if frame["type"] in ("ack", "error") and frame.get("ref") == ref:
            return frame


async def test_a_saturated_replica_refuses_sends_at_once_and_delivers_what_it_accepted(
    live: LiveStandalone,
) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    document = (await api.get("/api/v1/chat/asyncapi.json")).json()
    server_frames = validator_for(document, [f.__name__ for f in SERVER_FRAMES])
    chat_ctx = live.ctx("chat")
    gate = SendGate(max_in_flight=1, max_age_seconds=60, retry_after_ms=400)
    chat_ctx.extras["send_gate"] = gate
    pro_phone = await connect(live, pro)
    client_phone = await connect(live, cliente)
    command = {"type": "send", "chat_id": chat["id"], "text": "¿Llegó mi mensaje?", "ref": "m1"}
    try:
        with gate.admit():  # another send holds the replica's only place
            await client_phone.ws.send_str(json.dumps(command))
            refused = await asyncio.wait_for(answer(client_phone, "m1"), 2)
            over_http = await send(api, cliente, chat["id"], "por HTTP")
        server_frames.validate(refused)
        assert refused["type"] == "error"
        assert refused["status"] == 503
        assert 300 <= refused["retry_after_ms"] <= 600  # the advice, spread around 400 ms
        assert "saturado" in refused["detail"]
        assert over_http.status_code == 503
        assert int(over_http.headers["retry-after"]) >= 1

        # Nothing of a refused send was stored: no message, no feed item on either side.
        stored = await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=cliente.headers)
        assert stored.json() == []

        # With room again, the same command is accepted and reaches the other side.
        await client_phone.ws.send_str(json.dumps({**command, "ref": "m2"}))
        accepted = await answer(client_phone, "m2")
        server_frames.validate(accepted)
        assert accepted["type"] == "ack"
        assert accepted["message"]["text"] == "¿Llegó mi mensaje?"
        delivered = await pro_phone.feed("message")
        server_frames.validate(delivered)
        assert delivered["data"] == accepted["message"]
        assert gate.in_flight == 0
    finally:
        chat_ctx.extras.pop("send_gate", None)
        await pro_phone.close()
        await client_phone.close()


async def test_a_stalled_send_or_an_exhausted_pool_refuses_new_sends(live: LiveStandalone) -> None:
    api = live.client
    cliente, _pro, chat = await pair(api)
    chat_ctx = live.ctx("chat")
    pool_full = False
    gate = SendGate(max_in_flight=100, max_age_seconds=0.05, retry_after_ms=400, pool_full=lambda: pool_full)
    chat_ctx.extras["send_gate"] = gate
    socket = await connect(live, cliente)
    try:
        with gate.admit():  # one send in flight, and it is taking too long
            await asyncio.sleep(0.1)
            await socket.ws.send_str(
                json.dumps({"type": "send", "chat_id": chat["id"], "text": "a", "ref": 1})
            )
            assert (await answer(socket, 1))["status"] == 503
        pool_full = True  # every database connection of the replica is taken
        await socket.ws.send_str(json.dumps({"type": "send", "chat_id": chat["id"], "text": "b", "ref": 2}))
        assert (await answer(socket, 2))["status"] == 503
        pool_full = False
        await socket.ws.send_str(json.dumps({"type": "send", "chat_id": chat["id"], "text": "c", "ref": 3}))
        assert (await answer(socket, 3))["type"] == "ack"
    finally:
        chat_ctx.extras.pop("send_gate", None)
        await socket.close()


async def test_a_person_over_the_send_rate_gets_429_with_retry_advice(live: LiveStandalone) -> None:
    api = live.client
    cliente, _pro, chat = await pair(api)
    chat_ctx = live.ctx("chat")
    limiter, settings = chat_ctx.limiter, chat_settings(chat_ctx)
    chat_ctx.limiter = RateLimiter(chat_ctx.infra.kv, service="chat")  # the fixture runs with limits off
    chat_ctx.extras["chat_settings"] = settings.model_copy(update={"chat_messages_per_minute": 2})
    socket = await connect(live, cliente)
    try:
        for ref in (1, 2, 3):
            command = {"type": "send", "chat_id": chat["id"], "text": f"mensaje {ref}", "ref": ref}
            await socket.ws.send_str(json.dumps(command))
        assert (await answer(socket, 1))["type"] == "ack"
        assert (await answer(socket, 2))["type"] == "ack"
        refused = await answer(socket, 3)
        assert refused["status"] == 429
        assert refused["retry_after_ms"] >= 1000  # the next place frees in about 30 s: whole seconds
    finally:
        chat_ctx.limiter = limiter
        chat_ctx.extras["chat_settings"] = settings
        await socket.close()
