"""Photos and PDFs in the web chat (SPEC §12, issue 15): sent from the conversation's form, shown inline as
thumbnails (PDFs as a named link), relayed by the web app only to the two participants — without the
photo's GPS position — and refusals said in Spanish under the form."""

from __future__ import annotations

import html as html_lib
import io
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from tests.factories import (
    PDF,
    Account,
    approved_professional,
    create_admin,
    open_chat,
    paid_trabajo,
    register,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_attachments import MARKERS, gps_jpeg
from tests.services.test_web_pages import Browser

API = "/api/v1"
THUMBNAIL = re.compile(r'src="/chat/adjuntos/([0-9a-f-]{36})/miniatura"')
FILE_LINK = re.compile(r'class="attachment-file" href="/chat/adjuntos/([0-9a-f-]{36})"')


async def signed_in(live: LiveStandalone, account: Account) -> Browser:
    browser = Browser(live.base_url, live.base_url)
    await browser.login(account.email)
    return browser


@pytest.fixture
async def people(live: LiveStandalone) -> AsyncIterator[tuple[Account, Account, str, Browser, Browser]]:
    cliente = await register(live.client, "CLIENTE")
    pro = await register(live.client, "PROFESIONAL")
    chat_id = await open_chat(live.client, cliente, pro)
    client_browser, pro_browser = await signed_in(live, cliente), await signed_in(live, pro)
    yield cliente, pro, chat_id, client_browser, pro_browser
    await client_browser.close()
    await pro_browser.close()


async def send(
    browser: Browser, chat_id: str, name: str, data: bytes, content_type: str, text: str = ""
) -> httpx.Response:
    await browser.get(f"/chat/{chat_id}")
    return await browser.post(
        f"/chat/{chat_id}/adjuntos", {"text": text}, files={"file": (name, data, content_type)}
    )


async def test_a_photo_is_sent_from_the_form_and_shown_to_both_without_its_position(
    live: LiveStandalone, people: tuple[Account, Account, str, Browser, Browser]
) -> None:
    _, _, chat_id, client_browser, pro_browser = people
    sent = await send(client_browser, chat_id, "perdida.jpg", gps_jpeg(), "image/jpeg", "Así gotea")
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/chat/{chat_id}"

    page = await pro_browser.get(f"/chat/{chat_id}")
    (adjunto_id,) = THUMBNAIL.findall(page.text)
    assert "Así gotea" in html_lib.unescape(page.text)
    thumb = await pro_browser.get(f"/chat/adjuntos/{adjunto_id}/miniatura")
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/webp"
    assert thumb.headers["x-content-type-options"] == "nosniff"
    assert Image.open(io.BytesIO(thumb.content)).format == "WEBP"
    full = await client_browser.get(f"/chat/adjuntos/{adjunto_id}")
    assert full.status_code == 200
    assert full.headers["content-disposition"].startswith("attachment")
    for marker in MARKERS:
        assert marker not in full.content
        assert marker not in thumb.content

    stranger = await signed_in(live, await register(live.client, "CLIENTE"))
    try:
        assert (await stranger.get(f"/chat/adjuntos/{adjunto_id}")).status_code == 404
        assert (await stranger.get(f"/chat/adjuntos/{adjunto_id}/miniatura")).status_code == 404
    finally:
        await stranger.close()
    anonymous = Browser(live.base_url, live.base_url)
    try:
        refused = await anonymous.get(f"/chat/adjuntos/{adjunto_id}")
        assert refused.status_code == 303
        assert refused.headers["location"].startswith("/login")
    finally:
        await anonymous.close()


async def test_a_pdf_is_shown_as_a_named_link(people: tuple[Account, Account, str, Browser, Browser]) -> None:
    _, _, chat_id, client_browser, pro_browser = people
    sent = await send(pro_browser, chat_id, "presupuesto.pdf", PDF, "application/pdf")
    assert sent.status_code == 303
    page = await client_browser.get(f"/chat/{chat_id}")
    (adjunto_id,) = FILE_LINK.findall(page.text)
    assert "presupuesto.pdf" in page.text
    download = await client_browser.get(f"/chat/adjuntos/{adjunto_id}")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


async def test_what_is_not_a_photo_or_a_pdf_is_refused_in_spanish_under_the_form(
    people: tuple[Account, Account, str, Browser, Browser],
) -> None:
    _, _, chat_id, client_browser, _ = people
    refused = await send(client_browser, chat_id, "foto.jpg", b"no soy una imagen", "image/jpeg")
    assert refused.status_code == 400
    assert 'class="attach-form" open' in refused.text
    text = html_lib.unescape(refused.text)
    assert re.search(r'role="alert">[^<]*(imagen|PDF)[^<]*<', text), text[-3000:]
    empty = await client_browser.post(f"/chat/{chat_id}/adjuntos", {"text": "sin archivo"})
    assert empty.status_code == 400
    assert "Elegí una foto o un PDF" in html_lib.unescape(empty.text)
    page = await client_browser.get(f"/chat/{chat_id}")
    assert not THUMBNAIL.findall(page.text)


async def test_a_photo_of_the_conversation_is_cited_in_a_dispute(live: LiveStandalone) -> None:
    admin = await create_admin(live.settings, live.client)
    pro = (await approved_professional(live.client, admin)).account
    cliente = await register(live.client, "CLIENTE")
    trabajo_id = await paid_trabajo(live.client, cliente, pro)
    trabajo = (await live.client.get(f"{API}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    web = await signed_in(live, cliente)
    try:
        sent = await send(web, trabajo["chat_id"], "caño-roto.jpg", gps_jpeg(), "image/jpeg")
        assert sent.status_code == 303
        page = await web.get(f"/trabajos/{trabajo_id}")
        (adjunto_id,) = re.findall(r'name="adjuntos" value="([0-9a-f-]{36})"', page.text)
        texto = "El caño sigue perdiendo agua igual que antes del arreglo, adjunto la foto."
        form = {"tipo": "CALIDAD_TRABAJO", "descripcion": texto, "adjuntos": [adjunto_id]}
        review = await web.post(f"/trabajos/{trabajo_id}/disputa", form)
        assert review.status_code == 200
        assert 'data-dispute="adjuntos">' in review.text
        assert f'name="adjuntos" value="{adjunto_id}"' in review.text  # carried to the "yes"
        opened = await web.post(f"/trabajos/{trabajo_id}/disputa", {**form, "paso": "confirmar"})
        assert opened.status_code == 303
        (disputa,) = (await live.client.get(f"{API}/disputas/mis-disputas", headers=cliente.headers)).json()
        assert [a["id"] for a in disputa["adjuntos"]] == [adjunto_id]
        after = await web.get(f"/trabajos/{trabajo_id}")
        assert f'href="/chat/adjuntos/{adjunto_id}"' in after.text.split('id="disputa-abierta"')[1]
    finally:
        await web.close()
