import asyncio
import io
import threading
import time
from typing import Any
from unittest.mock import patch

import pytest
from PIL import Image

from conectar.platform import uploads
from conectar.platform.errors import BusinessRuleError
from conectar.platform.uploads import process_image, sniff_document
from tests.conftest import image_bytes


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "WEBP"])
async def test_real_images_are_reencoded(fmt: str) -> None:
    full, thumb = await process_image(image_bytes(fmt, (1200, 800)), max_side=512, thumbnail_side=128)
    assert full.content_type == "image/webp"
    decoded = Image.open(io.BytesIO(full.data))
    assert decoded.format == "WEBP"
    assert max(decoded.size) == 512
    assert thumb is not None
    assert max(Image.open(io.BytesIO(thumb.data)).size) == 128


async def test_metadata_is_stripped() -> None:
    original = image_bytes("JPEG", exif=True)
    assert b"SecretCamera" in original
    full, _ = await process_image(original, max_side=512)
    assert b"SecretCamera" not in full.data
    assert b"GPS-Leaking" not in full.data
    assert not Image.open(io.BytesIO(full.data)).getexif()


async def test_exif_orientation_is_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    Image.new("RGB", (400, 200), (200, 30, 30)).save(out, format="JPEG", exif=exif.tobytes())
    full, thumb = await process_image(out.getvalue(), max_side=100, thumbnail_side=50)
    assert (full.width, full.height) == (50, 100)
    assert thumb is not None
    assert (thumb.width, thumb.height) == (25, 50)


async def test_transparency_survives() -> None:
    full, _ = await process_image(image_bytes("PNG", mode="RGBA"), max_side=512)
    assert Image.open(io.BytesIO(full.data)).mode == "RGBA"


@pytest.mark.parametrize(
    "data",
    [
        b"not an image at all",
        b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # a JPEG signature with nothing behind it
        b"%PDF-1.4\n%%EOF",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
    ],
)
async def test_non_images_are_refused(data: bytes) -> None:
    with pytest.raises(BusinessRuleError):
        await process_image(data, max_side=512)


async def test_other_image_formats_are_refused() -> None:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(BusinessRuleError, match="Formato"):
        await process_image(out.getvalue(), max_side=512)


async def test_decompression_bombs_are_refused() -> None:
    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG", optimize=True)
    assert len(out.getvalue()) < 1_000_000
    with pytest.raises(BusinessRuleError, match="demasiado grande"):
        await process_image(out.getvalue(), max_side=512)
    with pytest.raises(BusinessRuleError, match="demasiado grande"):
        await uploads.check_image_size(out.getvalue())


def test_documents_are_sniffed_by_content() -> None:
    assert sniff_document(b"%PDF-1.7 ...") == ("application/pdf", "pdf")
    assert sniff_document(image_bytes("JPEG")) == ("image/jpeg", "jpg")
    assert sniff_document(image_bytes("PNG")) == ("image/png", "png")
    assert sniff_document(b"MZ\x90\x00 windows executable") is None
    assert sniff_document(image_bytes("GIF")) is None


def one_bit_png(size: tuple[int, int]) -> bytes:
    """A PNG of one-bit pixels: a few KB on the wire, ``width × height`` bytes once decoded."""
    out = io.BytesIO()
    Image.new("1", size).save(out, format="PNG", optimize=True)
    return out.getvalue()


def animated_gif(size: tuple[int, int], frames: int) -> bytes:
    """An animated GIF whose frames differ by one pixel (so the encoder keeps every frame, each tiny)."""
    images = []
    for index in range(frames):
        frame = Image.new("P", size, 0)
        frame.putpixel((index, 0), 1)
        images.append(frame)
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=40, loop=0)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb_79_megapixels() -> bytes:
    data = one_bit_png((8900, 8900))  # 79.2 Mpx: above the cap, under the twice-the-cap Pillow raises at
    assert len(data) < 20_000
    return data


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
async def test_images_over_the_pixel_cap_are_refused_from_the_header(bomb_79_megapixels: bytes) -> None:
    with (
        patch.object(Image.Image, "load", side_effect=AssertionError("decoded")),
        pytest.raises(BusinessRuleError, match="demasiado grande"),
    ):
        await process_image(bomb_79_megapixels, max_side=512)
    with pytest.raises(BusinessRuleError, match="demasiado grande"):
        await process_image(one_bit_png((8000, 5001)), max_side=512)  # one row over 40 Mpx
    assert uploads.MAX_IMAGE_PIXELS == 40_000_000


async def test_images_at_the_pixel_cap_still_work() -> None:
    side = (8000, 5000)
    assert side[0] * side[1] == 40_000_000  # exactly the cap
    out = io.BytesIO()
    Image.new("L", side, 128).save(out, format="JPEG", quality=50)
    full, thumb = await process_image(out.getvalue(), max_side=1600, thumbnail_side=400)
    assert (full.width, full.height) == (1600, 1000)
    assert thumb is not None
    assert (thumb.width, thumb.height) == (400, 250)


async def test_animations_must_fit_the_frame_budget() -> None:
    small = animated_gif((200, 200), 12)
    full, _ = await process_image(small, max_side=512)
    assert (full.width, full.height) == (200, 200)
    assert getattr(Image.open(io.BytesIO(small)), "n_frames", 1) == 12

    big = animated_gif((2000, 2000), 30)  # 4 Mpx a frame: fine alone, 120 Mpx as an animation
    assert len(big) < 100_000
    assert getattr(Image.open(io.BytesIO(big)), "n_frames", 1) == 30
    with pytest.raises(BusinessRuleError, match="animación"):
        await process_image(big, max_side=512)
    assert uploads.MAX_IMAGE_PIXELS >= 2000 * 2000
    assert uploads.MAX_ANIMATION_PIXELS < 2000 * 2000 * 30


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
async def test_stored_images_are_measured_without_decoding(bomb_79_megapixels: bytes) -> None:
    await uploads.check_image_size(image_bytes("PNG", (800, 600)))
    await uploads.check_image_size(image_bytes("JPEG", (800, 600)))
    with (
        patch.object(Image.Image, "load", side_effect=AssertionError("decoded")),
        pytest.raises(BusinessRuleError, match=r"El archivo dni\.png es demasiado grande"),
    ):
        await uploads.check_image_size(bomb_79_megapixels, label="El archivo dni.png")
    with pytest.raises(BusinessRuleError, match="no es una imagen válida"):
        await uploads.check_image_size(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


async def test_at_most_two_images_are_decoded_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    active = peak = 0
    lock = threading.Lock()
    real = uploads._process

    def counting(*args: Any) -> Any:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.05)
            return real(*args)
        finally:
            with lock:
                active -= 1

    monkeypatch.setattr(uploads, "_process", counting)
    data = image_bytes("PNG", (64, 64))
    results = await asyncio.gather(*(process_image(data, max_side=32) for _ in range(8)))
    assert len(results) == 8
    assert peak == 2
    assert uploads.MAX_CONCURRENT_DECODES == 2
