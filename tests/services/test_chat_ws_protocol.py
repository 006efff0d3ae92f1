"""The chat WebSocket's AsyncAPI document tells the truth: every frame a real session exchanges — each
command of the document sent, each answer and feed item received — validates against it, the server
accepts every documented command, and the document is linked from the API docs."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import jsonschema
from referencing import Registry, Resource

from conectar.chat.ws_protocol import CLIENT_FRAMES, FEED_KINDS, SERVER_FRAMES
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_conversations import pair, send


def validator_for(document: dict[str, Any], frames: list[str]) -> jsonschema.protocols.Validator:
    """A validator for "one of these frames", resolving the document's own references."""
    registry: Registry[Any] = Registry().with_resource("urn:asyncapi", Resource.opaque(document))
    schema = {"oneOf": [{"$ref": f"urn:asyncapi#/components/schemas/{name}"} for name in frames]}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)


async def test_every_frame_of_a_session_validates_against_the_document(live: LiveStandalone) -> None:
    api = live.client
    served = await api.get("/api/v1/chat/asyncapi.json")
    assert served.status_code == 200, served.text
    document = served.json()
    assert document["asyncapi"] == "3.0.0"
    assert document["channels"]["chat"]["address"] == "/api/v1/chat/ws"
    commands = [f.__name__ for f in CLIENT_FRAMES]
    answers = [f.__name__ for f in SERVER_FRAMES]
    assert set(document["components"]["messages"]) == {*commands, *answers}
    client_frames = validator_for(document, commands)
    server_frames = validator_for(document, answers)

    cliente, pro, chat = await pair(api)
    await send(api, cliente, chat["id"], "antes de conectarse")  # a feed item to catch up on
    sent_commands = [
        {"type": "ping", "ref": 1},
        {"type": "send", "chat_id": chat["id"], "text": "hola por el socket", "ref": "a"},
        {"type": "read", "chat_id": chat["id"], "ref": "b"},
        {"type": "auth", "token": pro.access_token, "ref": "c"},
        {"type": "send", "chat_id": chat["id"], "text": "", "ref": "d"},  # refused: an error frame
        {"type": "nada", "ref": "e"},  # not in the document: refused
    ]
    received: list[dict[str, Any]] = []
    url = live.base_url.replace("http", "ws") + "/api/v1/chat/ws"
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(url, params={"token": pro.access_token, "cursor": 0})
        for command in sent_commands:
            if command["type"] != "nada":
                client_frames.validate(command)  # what we send is what the document says
            await ws.send_str(json.dumps(command))
        await send(api, cliente, chat["id"], "mientras está conectado")
        while len([f for f in received if f["type"] in ("ack", "pong", "error")]) < len(sent_commands):
            received.append(json.loads((await ws.receive(timeout=5)).data))
        while sum(f["type"] == "feed" and f["kind"] == "message" for f in received) < 3:
            received.append(json.loads((await ws.receive(timeout=5)).data))
        await ws.close()

    for frame in received:
        server_frames.validate(frame)
    by_ref = {f.get("ref"): f for f in received if f["type"] in ("ack", "pong", "error")}
    assert by_ref[1]["type"] == "pong"
    assert by_ref["a"]["type"] == "ack"
    assert by_ref["a"]["message"]["text"] == "hola por el socket"
    assert by_ref["b"]["type"] == "ack"
    assert by_ref["c"]["type"] == "ack"
    assert by_ref["c"]["exp"] > 0
    assert by_ref["d"]["type"] == "error"
    assert by_ref["e"] == {"type": "error", "ref": "e", "status": 422, "detail": "Comando desconocido"}
    assert received[0]["type"] == "hello"
    assert {f["kind"] for f in received if f["type"] == "feed"} <= set(FEED_KINDS)


async def test_the_api_docs_link_the_socket_s_document(live: LiveStandalone) -> None:
    docs = await live.client.get("/openapi.json")
    assert docs.status_code == 200
    assert "/api/v1/chat/asyncapi.json" in docs.json()["info"]["description"]
