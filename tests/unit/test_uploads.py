import io

import pytest
from PIL import Image

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
    with pytest.raises(BusinessRuleError):
        await process_image(out.getvalue(), max_side=512)


def test_documents_are_sniffed_by_content() -> None:
    assert sniff_document(b"%PDF-1.7 ...") == ("application/pdf", "pdf")
    assert sniff_document(image_bytes("JPEG")) == ("image/jpeg", "jpg")
    assert sniff_document(image_bytes("PNG")) == ("image/png", "png")
    assert sniff_document(b"MZ\x90\x00 windows executable") is None
    assert sniff_document(image_bytes("GIF")) is None
