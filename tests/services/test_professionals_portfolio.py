"""The portfolio: items, real images re-encoded with a thumbnail, ordering, deletes that remove files, and
refusals (an item that is not yours is 404 for every operation)."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
from PIL import Image

from tests.conftest import image_bytes
from tests.factories import register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API

PORTFOLIO = f"{API}/professional/portfolio"


def media_key(url: str) -> str:
    assert url.startswith("/media/"), url
    return url.removeprefix("/media/")


async def add_image(
    api: httpx.AsyncClient, headers: dict[str, str], item_id: str, data: bytes | None = None
) -> httpx.Response:
    return await api.post(
        f"{PORTFOLIO}/{item_id}/image",
        files={"file": ("foto.jpg", data or image_bytes("JPEG", exif=True), "image/jpeg")},
        headers=headers,
    )


async def test_items_images_thumbnails_and_order(standalone: Standalone, api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    created = await api.post(
        PORTFOLIO,
        json={"titulo": "Baño completo", "descripcion": "Cerámicos y grifería"},
        headers=pro.headers,
    )
    assert created.status_code == 201, created.text
    item = created.json()
    me = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    assert {k: item[k] for k in ("profesional_id", "titulo", "descripcion", "imagenes")} == {
        "profesional_id": me["id"],
        "titulo": "Baño completo",
        "descripcion": "Cerámicos y grifería",
        "imagenes": [],
    }
    assert "fecha_creacion" in item
    for _ in range(3):
        response = await add_image(api, pro.headers, item["id"], image_bytes("PNG", size=(900, 600)))
        assert response.status_code == 200, response.text
    images = response.json()["imagenes"]
    assert [i["orden"] for i in images] == [0, 1, 2]
    storage = standalone.ctx("professionals").storage
    for image in images:
        for url in (image["imagen_url"], image["thumbnail_url"]):
            served = await api.get(url)
            assert served.status_code == 200
            decoded = Image.open(io.BytesIO(served.content))
            assert decoded.format == "WEBP"
        thumb = Image.open(io.BytesIO((await api.get(image["thumbnail_url"])).content))
        assert max(thumb.size) <= 400
        assert await storage.exists(media_key(image["imagen_url"]), public=True)
    # Metadata is stripped.
    with_exif = await add_image(api, pro.headers, item["id"])
    newest = with_exif.json()["imagenes"][-1]
    assert not Image.open(io.BytesIO((await api.get(newest["imagen_url"])).content)).getexif()
    # Deleting an image removes its files and keeps the order contiguous.
    second = images[1]
    after = await api.delete(f"{PORTFOLIO}/{item['id']}/image/{second['id']}", headers=pro.headers)
    assert after.status_code == 200
    assert [i["orden"] for i in after.json()["imagenes"]] == [0, 1, 2]
    assert second["id"] not in [i["id"] for i in after.json()["imagenes"]]
    assert not await storage.exists(media_key(second["imagen_url"]), public=True)
    assert not await storage.exists(media_key(second["thumbnail_url"]), public=True)
    listed = await api.get(PORTFOLIO, headers=pro.headers)
    assert [i["id"] for i in listed.json()] == [item["id"]]
    # Updating and deleting the item.
    updated = await api.put(
        f"{PORTFOLIO}/{item['id']}", json={"titulo": "Baño renovado"}, headers=pro.headers
    )
    assert (updated.json()["titulo"], updated.json()["descripcion"]) == (
        "Baño renovado",
        "Cerámicos y grifería",
    )
    remaining = after.json()["imagenes"]
    assert (await api.delete(f"{PORTFOLIO}/{item['id']}", headers=pro.headers)).status_code == 204
    for image in remaining:
        assert not await storage.exists(media_key(image["imagen_url"]), public=True)
        assert not await storage.exists(media_key(image["thumbnail_url"]), public=True)
    assert (await api.get(PORTFOLIO, headers=pro.headers)).json() == []


async def test_at_most_ten_images_per_item_in_any_avatar_format(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    item = (await api.post(PORTFOLIO, json={"titulo": "Muchas fotos"}, headers=pro.headers)).json()
    formats = ["JPEG", "PNG", "GIF", "WEBP"] * 3
    for fmt in formats[:10]:
        response = await add_image(api, pro.headers, item["id"], image_bytes(fmt, size=(20, 20)))
        assert response.status_code == 200, fmt
    eleventh = await add_image(api, pro.headers, item["id"], image_bytes("JPEG", size=(20, 20)))
    assert eleventh.status_code == 400
    assert len((await api.get(f"{PORTFOLIO}/{item['id']}", headers=pro.headers)).json()["imagenes"]) == 10


async def test_bad_images_and_bad_input(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    item = (await api.post(PORTFOLIO, json={"titulo": "Fotos"}, headers=pro.headers)).json()
    for data in (b"no soy una imagen", b"%PDF-1.4 documento", image_bytes("JPEG")[:40]):
        response = await add_image(api, pro.headers, item["id"], data)
        assert response.status_code == 400
    # A real picture (it decodes: the bytes after its end are ignored) up to 5 MB is taken, one byte more is not.
    picture = image_bytes("JPEG")
    largest = picture + b"\0" * (5 * 1024 * 1024 - len(picture))
    assert (await add_image(api, pro.headers, item["id"], largest)).status_code == 200
    too_big = await add_image(api, pro.headers, item["id"], largest + b"\0")
    assert too_big.status_code == 400
    assert "tamaño máximo" in too_big.json()["detail"]
    for body in ({"titulo": ""}, {"titulo": "x" * 201}, {"titulo": "ok", "descripcion": "x" * 1001}, {}):
        assert (await api.post(PORTFOLIO, json=body, headers=pro.headers)).status_code == 422
    client = await register(api, "CLIENTE")
    assert (await api.post(PORTFOLIO, json={"titulo": "x"}, headers=client.headers)).status_code == 403
    assert (await api.get(PORTFOLIO, headers=client.headers)).status_code == 403


async def test_an_item_that_is_not_yours_is_404_for_everything(api: httpx.AsyncClient) -> None:
    owner, intruder = await register(api, "PROFESIONAL"), await register(api, "PROFESIONAL")
    item = (await api.post(PORTFOLIO, json={"titulo": "Mío"}, headers=owner.headers)).json()
    image = (await add_image(api, owner.headers, item["id"])).json()["imagenes"][0]
    url = f"{PORTFOLIO}/{item['id']}"
    attempts: list[Any] = [
        api.get(url, headers=intruder.headers),
        api.put(url, json={"titulo": "Robado"}, headers=intruder.headers),
        api.delete(url, headers=intruder.headers),
        add_image(api, intruder.headers, item["id"]),
        add_image(api, intruder.headers, item["id"], b"no es una imagen"),
        api.delete(f"{url}/image/{image['id']}", headers=intruder.headers),
    ]
    for attempt in attempts:
        assert (await attempt).status_code == 404
    unknown = f"{PORTFOLIO}/{uuid.uuid4()}"
    assert (await api.get(unknown, headers=owner.headers)).status_code == 404
    assert (await api.delete(f"{url}/image/{uuid.uuid4()}", headers=owner.headers)).status_code == 404
    # Still intact.
    kept = (await api.get(url, headers=owner.headers)).json()
    assert (kept["titulo"], len(kept["imagenes"])) == ("Mío", 1)


async def test_public_portfolio_of_any_existing_professional(api: httpx.AsyncClient) -> None:
    pro = await register(api, "PROFESIONAL")
    profile = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()
    older = (await api.post(PORTFOLIO, json={"titulo": "Primero"}, headers=pro.headers)).json()
    newer = (await api.post(PORTFOLIO, json={"titulo": "Segundo"}, headers=pro.headers)).json()
    await add_image(api, pro.headers, older["id"])
    public = await api.get(f"{API}/public/professional/{profile['id']}/portfolio")
    assert public.status_code == 200
    assert [i["id"] for i in public.json()] == [newer["id"], older["id"]]
    assert len(public.json()[1]["imagenes"]) == 1
    by_user = await api.get(f"{API}/public/professional/{pro.id}/portfolio")
    assert by_user.json() == public.json()
    assert (await api.get(f"{API}/public/professional/{uuid.uuid4()}/portfolio")).status_code == 404
