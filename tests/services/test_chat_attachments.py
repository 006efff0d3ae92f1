"""Attachments in chat (SPEC §12): participants send images and PDFs; images are sniffed, measured before
decoding and re-encoded without metadata (a phone photo's GPS position never reaches the other side, nor
the stored file, nor the thumbnail); files are private to the two participants and staff (404 for anyone
else), served as downloads with ``nosniff``; 10 MB, 20 per conversation a day; delivered over
the WebSocket like any message; citable as evidence in a dispute on that conversation's trabajo."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
from PIL import Image
from sqlalchemy import select

from conectar.chat import attachments
from conectar.chat.models import FeedItem
from conectar.contracts.personal_data import AuditRecord
from conectar.contracts.routing import MULTIPART_ALLOWANCE, upload_limit
from tests.factories import (
    PDF,
    Account,
    approved_professional,
    create_admin,
    deletion_requested,
    eventually,
    open_chat,
    paid_trabajo,
    register,
)
from tests.services.conftest import LiveStandalone

API = "/api/v1"
TEST_CLIENT_IP = "203.0.113.10"
MARKERS = (b"MarcaSecreta", b"ModeloSecreto", b"Exif")


def gps_jpeg(size: tuple[int, int] = (1200, 900)) -> bytes:
    """A phone photo: a JPEG carrying the camera's make and model and a GPS position in its EXIF block."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "MarcaSecreta"
    exif[0x0110] = "ModeloSecreto"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (34.0, 36.0, 12.34), "W", (58.0, 22.0, 55.5)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo does carry a position
    return data


def bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8900, 8900)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def assert_clean_webp(data: bytes, max_side: int) -> None:
    image = Image.open(io.BytesIO(data))
    assert image.format == "WEBP"
    assert max(image.size) <= max_side
    assert not image.getexif()
    assert "exif" not in image.info
    assert "xmp" not in image.info
    assert "icc_profile" not in image.info
    for marker in MARKERS:
        assert marker not in data


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def pair(api: httpx.AsyncClient) -> tuple[Account, Account, str]:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    return cliente, pro, await open_chat(api, cliente, pro)


async def upload(
    api: httpx.AsyncClient,
    who: Account,
    chat_id: str,
    data: bytes,
    name: str = "foto.jpg",
    content_type: str = "image/jpeg",
    text: str | None = None,
) -> httpx.Response:
    fields = {"text": text} if text is not None else None
    return await api.post(
        f"{API}/chat/{chat_id}/adjuntos",
        headers=who.headers,
        files={"file": (name, data, content_type)},
        data=fields,
    )


def stored_path(live: LiveStandalone, url_or_key: str) -> Path:
    return Path(live.settings.data_dir) / "private" / url_or_key


async def test_a_photo_reaches_the_other_side_without_its_gps_position(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    photo = gps_jpeg()

    sent = await upload(api, cliente, chat_id, photo, "pérdida cocina.jpg", text="Así quedó la pérdida")

    assert sent.status_code == 201, sent.text
    message = sent.json()
    assert (message["tipo"], message["text"], message["sender_id"]) == (
        "adjunto",
        "Así quedó la pérdida",
        str(cliente.id),
    )
    adjunto = message["adjunto"]
    assert set(adjunto) == {"id", "nombre", "content_type", "tamano", "url", "thumbnail_url"}
    assert adjunto["nombre"] == "pérdida cocina.webp"  # the name of what is stored
    assert adjunto["content_type"] == "image/webp"
    assert adjunto["url"] == f"{API}/chat/adjuntos/{adjunto['id']}"
    assert adjunto["thumbnail_url"] == f"{API}/chat/adjuntos/{adjunto['id']}/thumbnail"

    # The other participant downloads it: a private download, re-encoded, with nothing of the camera's.
    full = await api.get(adjunto["url"], headers=pro.headers)
    assert full.status_code == 200, full.text
    assert full.headers["content-type"] == "image/webp"
    assert full.headers["content-disposition"].startswith("attachment;")
    assert "p%C3%A9rdida%20cocina.webp" in full.headers["content-disposition"]
    assert full.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in full.headers["content-security-policy"]
    assert full.headers["cache-control"] == "private, no-store"
    assert len(full.content) == adjunto["tamano"]
    assert_clean_webp(full.content, attachments.IMAGE_MAX_SIDE)
    assert Image.open(io.BytesIO(full.content)).size == (1200, 900)

    thumb = await api.get(adjunto["thumbnail_url"], headers=cliente.headers)
    assert thumb.status_code == 200, thumb.text
    assert thumb.headers["content-type"] == "image/webp"
    assert thumb.headers["x-content-type-options"] == "nosniff"
    assert thumb.headers["content-disposition"].startswith("attachment;")
    assert_clean_webp(thumb.content, 400)
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 400

    # What storage holds is the clean file too, under the private folder, never under the public one.
    files = sorted((Path(live.settings.data_dir) / "private" / "chat" / chat_id).iterdir())
    assert [f.name for f in files] == [
        f"{uuid.UUID(adjunto['id']).hex}-thumb.webp",
        f"{uuid.UUID(adjunto['id']).hex}.webp",
    ]
    for path in files:
        assert_clean_webp(path.read_bytes(), attachments.IMAGE_MAX_SIDE)
    assert not (Path(live.settings.data_dir) / "media" / "chat").exists()

    # The conversation lists it as a message with its attachment, for both sides.
    for who in (cliente, pro):
        history = (await api.get(f"{API}/chat/messages/{chat_id}", headers=who.headers)).json()
        assert history[-1]["id"] == message["id"]
        assert history[-1]["adjunto"] == adjunto
    chats = (await api.get(f"{API}/chat/my-chats", headers=pro.headers)).json()["chats"]
    assert chats[0]["last_message"] == "Así quedó la pérdida"


async def test_a_pdf_is_kept_as_sent_and_has_no_thumbnail(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)

    sent = await upload(api, pro, chat_id, PDF, "presupuesto.pdf", "application/pdf")

    assert sent.status_code == 201, sent.text
    adjunto = sent.json()["adjunto"]
    assert (adjunto["nombre"], adjunto["content_type"], adjunto["tamano"]) == (
        "presupuesto.pdf",
        "application/pdf",
        len(PDF),
    )
    assert adjunto["thumbnail_url"] is None
    assert sent.json()["text"] == ""
    got = await api.get(adjunto["url"], headers=cliente.headers)
    assert got.status_code == 200, got.text
    assert (got.headers["content-type"], got.content) == ("application/pdf", PDF)
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert (await api.get(f"{adjunto['url']}/thumbnail", headers=cliente.headers)).status_code == 404
    chats = (await api.get(f"{API}/chat/my-chats", headers=cliente.headers)).json()["chats"]
    assert chats[0]["last_message"] == "📎 presupuesto.pdf"


@pytest.mark.parametrize(
    ("name", "data", "content_type", "says"),
    [
        ("foto.jpg", b"esto es texto, no una foto\n" * 20, "image/jpeg", "imágenes"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "image/jpeg", "no es una imagen válida"),
        ("doc.pdf", b"%PDF-1.4\nnada mas", "application/pdf", "PDF"),
        ("doc.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\nstartxref\n999999\n%%EOF\n", "application/pdf", "PDF"),
        ("pagina.html", b"<html><script>alert(1)</script></html>", "image/png", "imágenes"),
        ("vacio.png", b"", "image/png", "vacío"),
    ],
    ids=["text-named-jpg", "broken-jpeg", "pdf-without-structure", "pdf-xref-outside", "html", "empty"],
)
async def test_what_is_not_an_image_or_a_pdf_is_refused(
    live: LiveStandalone, name: str, data: bytes, content_type: str, says: str
) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    refused = await upload(api, cliente, chat_id, data, name, content_type)
    assert refused.status_code == 400, refused.text
    assert says in refused.json()["detail"]
    assert (await api.get(f"{API}/chat/messages/{chat_id}", headers=pro.headers)).json() == []
    assert not (Path(live.settings.data_dir) / "private" / "chat" / chat_id).exists()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
async def test_a_pixel_bomb_is_refused_from_its_header(live: LiveStandalone) -> None:
    api = live.client
    cliente, _, chat_id = await pair(api)
    bomb = bomb_png()
    assert len(bomb) < 20_000
    refused = await upload(api, cliente, chat_id, bomb, "plano.png", "image/png")
    assert refused.status_code == 400, refused.text
    assert "demasiado grande" in refused.json()["detail"]


async def test_more_than_10_mb_is_refused_without_reading_it(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    # A body over the operation's limit: the gateway refuses it from its declared length (413).
    huge = b"\x00" * (attachments.MAX_BYTES + MULTIPART_ALLOWANCE + 1)
    refused = await upload(api, cliente, chat_id, huge, "video.jpg")
    assert refused.status_code == 413, refused.text
    assert refused.json()["detail"] == "El archivo supera el tamaño máximo de 10 MB"
    # A file one byte over 10 MB inside a body the gateway lets through: the service refuses it (400).
    just_over = b"%PDF-1.4\n" + b"\x00" * (attachments.MAX_BYTES - 8)
    assert len(just_over) == attachments.MAX_BYTES + 1
    refused = await upload(api, cliente, chat_id, just_over, "manual.pdf", "application/pdf")
    assert refused.status_code == 400, refused.text
    assert refused.json()["detail"] == "El archivo supera el tamaño máximo de 10 MB"
    # A body sent without a declared length is counted as it streams and cut at the limit.
    boundary = "limite-de-prueba"

    async def streamed() -> Any:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
        ).encode()
        for _ in range(11):
            yield b"\x00" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    cut = await api.post(
        f"{API}/chat/{chat_id}/adjuntos",
        headers={**cliente.headers, "content-type": f"multipart/form-data; boundary={boundary}"},
        content=streamed(),
    )
    assert cut.status_code == 413, cut.text
    assert cut.json()["detail"] == "El archivo supera el tamaño máximo de 10 MB"
    # Other multipart uploads keep the gateway's general limit: a 12 MB body is not refused as too large.
    other = await api.post(
        f"{API}/users/me/avatar", headers=cliente.headers, files={"file": ("a.png", huge, "image/png")}
    )
    assert other.status_code == 400, other.text
    assert (await api.get(f"{API}/chat/messages/{chat_id}", headers=pro.headers)).json() == []


def test_the_gateway_limit_applies_to_this_operation_only() -> None:
    chat_id = uuid.uuid4()
    assert upload_limit("POST", f"{API}/chat/{chat_id}/adjuntos") == 10 * 1024 * 1024
    assert upload_limit("POST", f"{API}/chat/{chat_id}/adjuntos/") == 10 * 1024 * 1024
    assert upload_limit("PUT", f"{API}/chat/{chat_id}/adjuntos") is None
    assert upload_limit("POST", f"{API}/chat/{chat_id}/otra-cosa") is None
    assert upload_limit("POST", f"{API}/chat/a/b/adjuntos") is None
    assert upload_limit("POST", f"{API}/users/me/avatar") is None


async def test_twenty_files_a_day_per_conversation(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    for i in range(attachments.PER_DAY - 2):
        sent = await upload(api, cliente, chat_id, PDF, f"factura-{i}.pdf", "application/pdf")
        assert sent.status_code == 201, sent.text
    # Three at once for the last two places: exactly two are stored.
    racing = await asyncio.gather(
        *(upload(api, cliente, chat_id, PDF, f"carrera-{i}.pdf", "application/pdf") for i in range(3))
    )
    assert sorted(r.status_code for r in racing) == [201, 201, 429], [r.text for r in racing]

    refused = await upload(api, cliente, chat_id, gps_jpeg((64, 64)))
    assert refused.status_code == 429, refused.text
    assert "20 archivos por día" in refused.json()["detail"]
    assert 0 < int(refused.headers["retry-after"]) <= 24 * 3600
    # The quota is the conversation's (SPEC §12): the other participant is refused too; another
    # conversation of the same person is not, and text messages are not counted.
    other = await upload(api, pro, chat_id, PDF, "respuesta.pdf", "application/pdf")
    assert other.status_code == 429, other.text
    elsewhere = await open_chat(api, await register(api, "CLIENTE"), pro)
    assert (await upload(api, pro, elsewhere, PDF, "respuesta.pdf", "application/pdf")).status_code == 201
    text = await api.post(
        f"{API}/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "¿Llegaron?"}
    )
    assert text.status_code == 200, text.text
    history = (
        await api.get(f"{API}/chat/messages/{chat_id}", headers=pro.headers, params={"limit": 200})
    ).json()
    mine = [m for m in history if m["sender_id"] == str(cliente.id) and m["tipo"] == "adjunto"]
    assert len(mine) == attachments.PER_DAY
    stored = list((Path(live.settings.data_dir) / "private" / "chat" / chat_id).iterdir())
    assert len(stored) == attachments.PER_DAY  # the refused racer's and the other's files were removed


async def test_captions_are_moderated_and_a_chat_banned_sender_cannot_upload(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    first = await upload(
        api, pro, chat_id, PDF, "presupuesto.pdf", "application/pdf", text="wsp 11 2222 3333"
    )
    assert first.status_code == 201, first.text
    assert "2222" not in first.json()["text"]
    for caption in ("mail: pro@example.com", "t.me/plomero"):
        assert (
            await upload(api, pro, chat_id, PDF, "p.pdf", "application/pdf", text=caption)
        ).status_code == 201
    # Three infractions: the chat is blocked, for files as for text.
    banned = await upload(api, pro, chat_id, gps_jpeg((64, 64)))
    assert banned.status_code == 403, banned.text
    assert "bloqueado" in banned.json()["detail"]
    text = await api.post(
        f"{API}/chat/send-message", headers=pro.headers, json={"chat_id": chat_id, "text": "hola"}
    )
    assert text.status_code == 403
    # A file name carrying contact details is replaced by a neutral one, without an infraction (a camera's
    # names are full of digits).
    named = await upload(api, cliente, chat_id, PDF, "llamame al 11 4444 5555.pdf", "application/pdf")
    assert named.status_code == 201, named.text
    assert named.json()["adjunto"]["nombre"] == "documento.pdf"
    again = await upload(api, cliente, chat_id, PDF, "otro.pdf", "application/pdf")
    assert again.status_code == 201, again.text
    long_caption = await upload(api, cliente, chat_id, PDF, "x.pdf", "application/pdf", text="a" * 501)
    assert long_caption.status_code == 422


async def test_only_participants_and_staff_see_a_file(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    sent = await upload(api, cliente, chat_id, gps_jpeg((300, 200)))
    assert sent.status_code == 201, sent.text
    adjunto = sent.json()["adjunto"]
    stranger = await register(api, "CLIENTE")
    other_pro = await register(api, "PROFESIONAL")

    for who in (stranger, other_pro):
        for url in (adjunto["url"], adjunto["thumbnail_url"]):
            got = await api.get(url, headers=who.headers)
            assert got.status_code == 404, got.text
        # Nor can they send files into it, nor may staff (read-only).
        assert (await upload(api, who, chat_id, PDF, "x.pdf", "application/pdf")).status_code == 403
    assert (await upload(api, admin, chat_id, PDF, "x.pdf", "application/pdf")).status_code == 403
    assert (await api.get(f"{API}/chat/adjuntos/{uuid.uuid4()}", headers=cliente.headers)).status_code == 404
    assert (await api.get(adjunto["url"])).status_code == 401
    assert (await upload(api, cliente, str(uuid.uuid4()), PDF, "x.pdf", "application/pdf")).status_code == 404

    # Staff read it, and each read is in the staff audit trail.
    for url in (adjunto["url"], adjunto["thumbnail_url"]):
        got = await api.get(url, headers=admin.headers)
        assert got.status_code == 200, got.text
        assert got.headers["content-disposition"].startswith("attachment;")
    data = await live.ctx("users").clients.call(
        "chat", "GET", "/internal/v1/audit", params={"recurso_id": chat_id, "limit": 100}
    )
    views = [AuditRecord.model_validate(e) for e in data["entradas"] if e["accion"] == "chat.adjunto.ver"]
    assert len(views) == 2
    assert {v.detalle["adjunto_id"] for v in views} == {adjunto["id"]}
    assert {v.detalle["miniatura"] for v in views} == {True, False}
    assert all(v.actor_id == admin.id for v in views)
    # A participant's own downloads are not staff actions.
    await api.get(adjunto["url"], headers=pro.headers)
    data = await live.ctx("users").clients.call(
        "chat", "GET", "/internal/v1/audit", params={"recurso_id": chat_id, "limit": 100}
    )
    assert len([e for e in data["entradas"] if e["accion"] == "chat.adjunto.ver"]) == 2


async def test_a_file_is_delivered_over_the_websocket_and_raises_message_sent(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    url = live.base_url.replace("http", "ws") + f"{API}/chat/ws"
    async with aiohttp.ClientSession() as session:
        sockets = [await session.ws_connect(url, params={"token": a.access_token}) for a in (pro, cliente)]
        for ws in sockets:
            assert json.loads((await ws.receive(timeout=5)).data)["type"] == "hello"
        sent = await upload(api, cliente, chat_id, gps_jpeg((320, 240)), "pérdida.jpg", text="Mirá")
        assert sent.status_code == 201, sent.text
        for ws in sockets:
            frame: dict[str, Any] = {}
            while frame.get("kind") != "message":
                frame = json.loads((await ws.receive(timeout=5)).data)
            assert frame["data"]["id"] == sent.json()["id"]
            assert frame["data"]["tipo"] == "adjunto"
            assert frame["data"]["adjunto"] == sent.json()["adjunto"]
            assert frame["data"]["sender_nombre"] == sent.json()["sender_nombre"]
            await ws.close()

    chat_ctx = live.ctx("chat")
    outbox = chat_ctx.tables.outbox
    async with chat_ctx.db.session(write=False) as db:
        rows = (
            (await db.execute(select(outbox.c.payload).where(outbox.c.type == "MessageSent"))).scalars().all()
        )
    event = next(r for r in rows if r["message_id"] == sent.json()["id"])
    assert (event["tipo"], event["preview"], event["recipient_connected"]) == ("adjunto", "Mirá", True)


async def test_a_dispute_cites_files_of_its_conversation(live: LiveStandalone, admin: Account) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    chat_id = await open_chat(api, cliente, pro)
    photo = (await upload(api, cliente, chat_id, gps_jpeg((320, 240)), "antes.jpg")).json()["adjunto"]
    factura = (await upload(api, pro, chat_id, PDF, "factura.pdf", "application/pdf")).json()["adjunto"]
    other_cliente, other_pro, other_chat = await pair(api)
    foreign = (await upload(api, other_cliente, other_chat, PDF, "ajeno.pdf", "application/pdf")).json()
    body = {"trabajo_id": trabajo_id, "tipo": "CALIDAD_TRABAJO", "descripcion": "La pérdida sigue igual."}

    refused = await api.post(
        f"{API}/disputas", headers=cliente.headers, json={**body, "adjuntos": [foreign["adjunto"]["id"]]}
    )
    assert refused.status_code == 400, refused.text
    assert "conversación de este trabajo" in refused.json()["detail"]
    unknown = await api.post(
        f"{API}/disputas", headers=cliente.headers, json={**body, "adjuntos": [str(uuid.uuid4())]}
    )
    assert unknown.status_code == 400, unknown.text
    state = (await api.get(f"{API}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    assert state["estado_escrow"] == "PAGADO_EN_ESCROW"  # a refused dispute changed nothing

    opened = await api.post(
        f"{API}/disputas", headers=cliente.headers, json={**body, "adjuntos": [factura["id"], photo["id"]]}
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["adjuntos"] == [photo, factura]
    disputa_id = opened.json()["id"]

    listed = (await api.get(f"{API}/admin/disputas", headers=admin.headers, params={"limit": 100})).json()
    mine = next(d for d in listed if d["id"] == disputa_id)
    assert mine["adjuntos"] == [photo, factura]
    one = (await api.get(f"{API}/disputas/{disputa_id}", headers=pro.headers)).json()
    assert one["adjuntos"] == [photo, factura]
    got = await api.get(factura["url"], headers=admin.headers)
    assert (got.status_code, got.content) == (200, PDF)
    assert other_pro.id != pro.id


async def test_the_sender_s_export_holds_their_files_and_their_deletion_drops_the_names(
    live: LiveStandalone,
) -> None:
    api = live.client
    cliente, pro, chat_id = await pair(api)
    from_pro = await upload(api, pro, chat_id, gps_jpeg((64, 64)), "del profesional.jpg")
    assert from_pro.status_code == 201, from_pro.text
    named = await upload(api, cliente, chat_id, PDF, "Presupuesto de Zoraida Quintana.pdf", "application/pdf")
    assert named.status_code == 201, named.text
    adjunto = named.json()["adjunto"]

    response = await live.ctx("users").clients.request(
        "chat", "GET", f"/internal/v1/personal-data/{cliente.id}/export"
    )
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("chat.json"))
    [sent] = data["adjuntos_enviados"]  # only what the person sent, not the other party's
    assert (sent["id"], sent["nombre"], sent["tamano"]) == (adjunto["id"], adjunto["nombre"], len(PDF))
    member = sent["archivo"].split("/", 2)[-1]
    assert archive.read(next(n for n in archive.namelist() if n.endswith(member))) == PDF

    deletion = deletion_requested(cliente.id, cliente.rol)
    await live.publish(deletion, producer="users")

    async def renamed() -> bool:
        history = (await api.get(f"{API}/chat/messages/{chat_id}", headers=pro.headers)).json()
        return bool(history[-1]["adjunto"]["nombre"] == "documento.pdf")

    await eventually(renamed)
    # The professional keeps the file, under the neutral name, also in their real-time feed.
    got = await api.get(adjunto["url"], headers=pro.headers)
    assert (got.status_code, got.content) == (200, PDF)
    assert "Zoraida" not in got.headers["content-disposition"]
    chat_ctx = live.ctx("chat")
    async with chat_ctx.db.session(write=False) as db:
        items = (await db.execute(select(FeedItem.payload).where(FeedItem.user_id == pro.id))).scalars().all()
    assert items
    assert not any("Zoraida" in json.dumps(item) for item in items)
    chats = (await api.get(f"{API}/chat/my-chats", headers=pro.headers)).json()["chats"]
    assert chats[0]["last_message"] == "📎 documento.pdf"
