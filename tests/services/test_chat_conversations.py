"""Conversations, messages, moderation and the real-time feed (SPEC §4), standalone."""

from __future__ import annotations

import json
import uuid
from typing import Any

import aiohttp
import httpx

from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import LiveStandalone


async def pair(api: httpx.AsyncClient) -> tuple[Account, Account, dict[str, Any]]:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    response = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert response.status_code == 201, response.text
    return cliente, pro, response.json()


async def send(api: httpx.AsyncClient, who: Account, chat_id: str, text: str) -> httpx.Response:
    return await api.post(
        "/api/v1/chat/send-message", headers=who.headers, json={"chat_id": chat_id, "text": text}
    )


async def test_one_conversation_per_pair_opened_by_either_participant(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    assert chat["cliente_nombre"] == "Nombre Apellido"
    assert chat["unread_count"] == 0
    again = await api.post(
        "/api/v1/chat/create",
        headers=pro.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert again.status_code == 200
    assert again.json()["id"] == chat["id"]
    stranger = await register(api, "CLIENTE")
    refused = await api.post(
        "/api/v1/chat/create",
        headers=stranger.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert refused.status_code == 403
    swapped = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(pro.id), "profesional_id": str(cliente.id)},
    )
    assert swapped.status_code == 400
    unknown = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(uuid.uuid4())},
    )
    assert unknown.status_code == 404
    assert (await api.post("/api/v1/chat/create", json={"cliente_id": str(cliente.id)})).status_code == 401


async def test_messages_unread_counts_and_read_receipts(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    for text in ("Hola, ¿podés venir el martes?", "Es una pérdida en la cocina"):
        sent = await send(api, cliente, chat["id"], text)
        assert sent.status_code == 200
    body = sent.json()
    assert body["tipo"] == "texto"
    assert body["sender_nombre"] == "Nombre Apellido"
    assert body["read"] is False
    assert (await send(api, cliente, chat["id"], "")).status_code == 422
    assert (await send(api, cliente, chat["id"], "x" * 2001)).status_code == 422

    mine = (await api.get("/api/v1/chat/my-chats", headers=pro.headers)).json()
    assert mine["total_unread"] == 2
    assert mine["chats"][0]["id"] == chat["id"]
    assert mine["chats"][0]["last_message"] == "Es una pérdida en la cocina"
    unread = (await api.get("/api/v1/chat/unread-count", headers=pro.headers)).json()
    assert unread == {"unread_count": 2, "count": 2, "total_unread": 2}  # the original key, and the new ones

    history = (await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=pro.headers)).json()
    assert [m["text"] for m in history] == ["Hola, ¿podés venir el martes?", "Es una pérdida en la cocina"]
    older = await api.get(
        f"/api/v1/chat/messages/{chat['id']}",
        headers=pro.headers,
        params={"before": history[1]["timestamp"], "limit": 10},
    )
    assert [m["text"] for m in older.json()] == ["Hola, ¿podés venir el martes?"]

    marked = await api.post(f"/api/v1/chat/mark-read/{chat['id']}", headers=pro.headers)
    assert marked.json()["marked"] == 2
    assert (await api.get("/api/v1/chat/unread-count", headers=pro.headers)).json()["count"] == 0
    history = (await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=cliente.headers)).json()
    assert all(m["read"] for m in history)


async def test_only_participants_and_admins_see_a_conversation(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    await send(api, cliente, chat["id"], "Hola")
    outsider = await register(api, "PROFESIONAL")
    peek = await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=outsider.headers)
    assert peek.status_code == 403
    assert "Hola" not in peek.text
    assert (await send(api, outsider, chat["id"], "me meto")).status_code == 403
    assert (
        await api.post(f"/api/v1/chat/mark-read/{chat['id']}", headers=outsider.headers)
    ).status_code == 403
    admin = await create_admin(live.settings, api)
    seen = await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=admin.headers)
    assert seen.status_code == 200
    assert [m["text"] for m in seen.json()] == ["Hola"]
    assert (await send(api, admin, chat["id"], "soy admin")).status_code == 403
    assert (await api.get(f"/api/v1/chat/messages/{uuid.uuid4()}", headers=admin.headers)).status_code == 404
    # the refused requests left the conversation as it was: nothing stored, nothing marked read
    history = (await api.get(f"/api/v1/chat/messages/{chat['id']}", headers=cliente.headers)).json()
    assert [(m["text"], m["read"]) for m in history] == [("Hola", False)]
    assert (await api.get("/api/v1/chat/unread-count", headers=pro.headers)).json()["count"] == 1
    mine = (await api.get("/api/v1/chat/my-chats", headers=outsider.headers)).json()
    assert mine["chats"] == []


async def test_contact_details_are_masked_and_three_strikes_ban_the_sender(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    first = await send(api, pro, chat["id"], "Llamame al 11 4567-8901 y arreglamos")
    assert first.status_code == 200
    assert "4567" not in first.json()["text"]
    assert "arreglamos" in first.json()["text"]
    innocent = await send(api, pro, chat["id"], "Te cobro $15.000 por el arreglo en Av. Corrientes 1234")
    assert innocent.json()["text"] == "Te cobro $15.000 por el arreglo en Av. Corrientes 1234"
    await send(api, pro, chat["id"], "escribime a juan.perez arroba gmail punto com")
    third = await send(api, pro, chat["id"], "mi insta es @juanplomero")
    assert third.status_code == 200
    banned = await send(api, pro, chat["id"], "hola?")
    assert banned.status_code == 403

    async def copied() -> bool:
        me = (await api.get("/api/v1/users/me", headers=pro.headers)).json()
        return bool(me["infracciones_chat"] == 3 and me["is_chat_banned"])

    await eventually(copied)
    # The other participant is not affected.
    assert (await send(api, cliente, chat["id"], "¿Seguís ahí?")).status_code == 200

    admin = await create_admin(live.settings, api)
    assert (
        await api.post(f"/api/v1/admin/chat/users/{pro.id}/unban", headers=pro.headers)
    ).status_code == 403
    lifted = await api.post(f"/api/v1/admin/chat/users/{pro.id}/unban", headers=admin.headers)
    assert lifted.json() == {"user_id": str(pro.id), "infracciones_chat": 0, "is_chat_banned": False}
    assert (await send(api, pro, chat["id"], "Perdón, sigo por acá")).status_code == 200

    async def reset() -> bool:
        me = (await api.get("/api/v1/users/me", headers=pro.headers)).json()
        return bool(me["infracciones_chat"] == 0 and not me["is_chat_banned"])

    await eventually(reset)


class Socket:
    def __init__(self, session: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.session = session
        self.ws = ws

    async def frame(self, timeout: float = 5.0) -> dict[str, Any]:
        message = await self.ws.receive(timeout=timeout)
        assert message.type == aiohttp.WSMsgType.TEXT, message
        data: dict[str, Any] = json.loads(message.data)
        return data

    async def feed(self, kind: str, timeout: float = 5.0) -> dict[str, Any]:
        while True:
            frame = await self.frame(timeout)
            if frame["type"] == "feed" and frame["kind"] == kind:
                return frame

    async def close(self) -> None:
        await self.ws.close()
        await self.session.close()


async def connect(
    live: LiveStandalone, account: Account, cursor: int | None = None, *, via_message: bool = False
) -> Socket:
    session = aiohttp.ClientSession()
    url = live.base_url.replace("http", "ws") + "/api/v1/chat/ws"
    params: dict[str, str] = {}
    if not via_message:
        params["token"] = account.access_token
        if cursor is not None:
            params["cursor"] = str(cursor)
    ws = await session.ws_connect(url, params=params)
    if via_message:
        await ws.send_str(json.dumps({"type": "auth", "token": account.access_token, "cursor": cursor}))
    socket = Socket(session, ws)
    hello = await socket.frame()
    assert hello["type"] == "hello"
    return socket


async def test_websocket_pushes_to_every_device_and_catches_up_without_gaps(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    pro_phone = await connect(live, pro)
    pro_laptop = await connect(live, pro, via_message=True)
    client_phone = await connect(live, cliente)
    await send(api, cliente, chat["id"], "¿Tenés turno mañana?")
    for device in (pro_phone, pro_laptop, client_phone):
        frame = await device.feed("message")
        assert frame["data"]["text"] == "¿Tenés turno mañana?"
    last_seen = frame["seq"]

    # Over the socket: send, then the other side reads it and the sender sees the receipt.
    await pro_phone.ws.send_str(
        json.dumps({"type": "send", "chat_id": chat["id"], "text": "Sí, a las 10", "ref": "a1"})
    )
    while (ack := await pro_phone.frame())["type"] != "ack":
        pass
    assert ack["ref"] == "a1"
    assert ack["message"]["text"] == "Sí, a las 10"
    assert (await client_phone.feed("message"))["data"]["text"] == "Sí, a las 10"
    await api.post(f"/api/v1/chat/mark-read/{chat['id']}", headers=cliente.headers)
    receipt = await pro_laptop.feed("read")
    assert receipt["data"]["reader_id"] == str(cliente.id)

    # The client's phone drops; three messages arrive meanwhile; it reconnects from its cursor.
    await client_phone.close()
    for i in range(3):
        await send(api, pro, chat["id"], f"mensaje {i}")
    back = await connect(live, cliente, cursor=last_seen)
    seqs, texts = [], []
    while len(texts) < 4:
        frame = await back.frame()
        if frame["type"] == "feed":
            seqs.append(frame["seq"])
            if frame["kind"] == "message":
                texts.append(frame["data"]["text"])
    assert texts == ["Sí, a las 10", "mensaje 0", "mensaje 1", "mensaje 2"]
    assert seqs == sorted(set(seqs))
    assert seqs[0] == last_seen + 1
    for socket in (pro_phone, pro_laptop, back):
        await socket.close()


async def test_websocket_refuses_bad_tokens_and_banned_senders(live: LiveStandalone) -> None:
    async with aiohttp.ClientSession() as session:
        url = live.base_url.replace("http", "ws") + "/api/v1/chat/ws"
        ws = await session.ws_connect(url, params={"token": "nonsense"})
        message = await ws.receive(timeout=5)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == 4401
    api = live.client
    _, pro, chat = await pair(api)
    for text in ("wsp 11 2222 3333", "mail: pro@example.com", "t.me/plomero"):
        await send(api, pro, chat["id"], text)
    socket = await connect(live, pro)
    await socket.ws.send_str(json.dumps({"type": "send", "chat_id": chat["id"], "text": "hola", "ref": "x"}))
    while (frame := await socket.frame())["type"] != "error":
        pass
    assert frame["status"] == 403
    await socket.ws.send_str("not json")
    assert (await socket.frame())["status"] == 422
    await socket.ws.send_str(json.dumps({"type": "ping", "ref": "p"}))
    assert (await socket.frame()) == {"type": "pong", "ref": "p"}
    await socket.close()


async def test_message_sent_event_knows_whether_the_recipient_was_online(live: LiveStandalone) -> None:
    from sqlalchemy import select

    api = live.client
    cliente, pro, chat = await pair(api)
    await send(api, cliente, chat["id"], "nadie me ve")
    socket = await connect(live, pro)
    await send(api, cliente, chat["id"], "ahora sí")
    await socket.feed("message")
    chat_ctx = live.ctx("chat")
    async with chat_ctx.db.session(write=False) as session:
        outbox = chat_ctx.tables.outbox
        rows = (
            (await session.execute(select(outbox.c.payload).where(outbox.c.type == "MessageSent")))
            .scalars()
            .all()
        )
    mine = {row["preview"]: row["recipient_connected"] for row in rows if row["chat_id"] == chat["id"]}
    assert mine == {"nadie me ve": False, "ahora sí": True}
    await socket.close()


async def test_reading_a_conversation_settles_its_new_message_notice(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    await send(api, cliente, chat["id"], "¿Podés pasar hoy?")

    async def notice(read: bool) -> bool:
        inbox = (await api.get("/api/v1/notificaciones", headers=pro.headers)).json()["notificaciones"]
        about_chat = [n for n in inbox if chat["id"] in str(n)]
        return bool(about_chat) and all(n["leida"] is read for n in about_chat)

    async def unread() -> int:
        return int(
            (await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)).json()["count"]
        )

    await eventually(lambda: notice(False))
    before = await unread()
    await api.post(f"/api/v1/chat/mark-read/{chat['id']}", headers=pro.headers)
    await eventually(lambda: notice(True))
    assert await unread() == before - 1


async def test_absurd_page_numbers_are_refused_or_clamped_not_a_server_error(live: LiveStandalone) -> None:
    api = live.client
    cliente, _pro, _chat = await pair(api)
    huge = "99999999999999999999"
    assert (
        await api.get("/api/v1/cliente/trabajos", headers=cliente.headers, params={"page": huge})
    ).status_code == 422
    assert (
        await api.get("/api/v1/disputas/mis-disputas", headers=cliente.headers, params={"page": huge})
    ).status_code == 422
    inbox = await api.get("/api/v1/notificaciones", headers=cliente.headers, params={"page": 10**9})
    assert inbox.status_code == 200
    assert inbox.json()["notificaciones"] == []
