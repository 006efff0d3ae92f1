"""SPEC §12 through the gateway's proxy hop, with every service as its own process on PostgreSQL: a phone
photo reaches the other participant without its GPS position, strangers get 404, a body over 10 MB is
refused by the gateway before it is forwarded, and the daily quota holds under concurrent uploads (the
sender's row lock, not SQLite's serialised writers)."""

from __future__ import annotations

import asyncio
import io

import httpx
from PIL import Image

from conectar.chat import attachments
from conectar.contracts.routing import MULTIPART_ALLOWANCE
from tests.factories import PDF, Account, open_chat, register
from tests.services.test_chat_attachments import assert_clean_webp, gps_jpeg

API = "/api/v1"


async def upload(
    api: httpx.AsyncClient, who: Account, chat_id: str, data: bytes, name: str, content_type: str
) -> httpx.Response:
    return await api.post(
        f"{API}/chat/{chat_id}/adjuntos", headers=who.headers, files={"file": (name, data, content_type)}
    )


async def test_a_photo_crosses_the_platform_clean_and_private(api: httpx.AsyncClient) -> None:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)

    sent = await upload(api, cliente, chat_id, gps_jpeg(), "cocina.jpg", "image/jpeg")
    assert sent.status_code == 201, sent.text
    adjunto = sent.json()["adjunto"]
    full = await api.get(adjunto["url"], headers=pro.headers)
    assert full.status_code == 200, full.text
    assert full.headers["x-content-type-options"] == "nosniff"
    assert full.headers["content-disposition"].startswith("attachment;")
    assert_clean_webp(full.content, attachments.IMAGE_MAX_SIDE)
    thumb = await api.get(adjunto["thumbnail_url"], headers=cliente.headers)
    assert thumb.status_code == 200, thumb.text
    assert_clean_webp(thumb.content, 400)
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 400
    stranger = await register(api, "CLIENTE")
    assert (await api.get(adjunto["url"], headers=stranger.headers)).status_code == 404

    huge = b"\x00" * (attachments.MAX_BYTES + MULTIPART_ALLOWANCE + 1)
    refused = await upload(api, cliente, chat_id, huge, "grande.pdf", "application/pdf")
    assert refused.status_code == 413, refused.text
    assert refused.json()["detail"] == "El archivo supera el tamaño máximo de 10 MB"


async def test_the_daily_quota_holds_under_concurrent_uploads(api: httpx.AsyncClient) -> None:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    for i in range(attachments.PER_DAY - 2):
        sent = await upload(api, cliente, chat_id, PDF, f"f{i}.pdf", "application/pdf")
        assert sent.status_code == 201, sent.text
    # Both participants race for the conversation's last two places (SPEC §12: 20 per conversation).
    racing = await asyncio.gather(
        *(upload(api, (cliente, pro)[i % 2], chat_id, PDF, f"r{i}.pdf", "application/pdf") for i in range(4))
    )
    assert sorted(r.status_code for r in racing) == [201, 201, 429, 429], [r.text for r in racing]
    history = (
        await api.get(f"{API}/chat/messages/{chat_id}", headers=pro.headers, params={"limit": 200})
    ).json()
    assert len([m for m in history if m["tipo"] == "adjunto"]) == attachments.PER_DAY
