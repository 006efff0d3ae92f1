"""Uploaded files: bounded reads, content sniffing, and images re-encoded without their metadata.

A file's declared name and content type are never trusted: images must decode as the format their bytes
say, documents must start with their format's signature.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass

from fastapi import UploadFile
from PIL import Image, ImageOps, UnidentifiedImageError

from conectar.platform.errors import BusinessRuleError

Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs (≈ 6300 × 6300)

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
READ_CHUNK = 256 * 1024


async def read_limited(upload: UploadFile, max_bytes: int, *, label: str = "El archivo") -> bytes:
    """Read an upload, refusing it as soon as it passes ``max_bytes``."""
    buffer = bytearray()
    while chunk := await upload.read(READ_CHUNK):
        buffer.extend(chunk)
        if len(buffer) > max_bytes:
            raise BusinessRuleError(f"{label} supera el tamaño máximo de {max_bytes // (1024 * 1024)} MB")
    if not buffer:
        raise BusinessRuleError(f"{label} está vacío")
    return bytes(buffer)


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _decode(data: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                raise BusinessRuleError("Formato de imagen no permitido (JPEG, PNG, GIF o WebP)")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except BusinessRuleError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise BusinessRuleError("El archivo no es una imagen válida") from exc
    return image


def _encode(image: Image.Image, max_side: int) -> ProcessedImage:
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if has_alpha else "RGB")
    if max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # A fresh image with only the pixels: no EXIF, GPS, ICC or comments survive.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=85, method=4)
    return ProcessedImage(out.getvalue(), "image/webp", "webp", clean.width, clean.height)


def _process(
    data: bytes, max_side: int, thumb_side: int | None
) -> tuple[ProcessedImage, ProcessedImage | None]:
    image = _decode(data)
    full = _encode(image, max_side)
    thumb = _encode(image, thumb_side) if thumb_side else None
    return full, thumb


async def process_image(
    data: bytes, *, max_side: int, thumbnail_side: int | None = None
) -> tuple[ProcessedImage, ProcessedImage | None]:
    """Decode, check and re-encode an image (WebP, metadata stripped), optionally with a thumbnail."""
    return await asyncio.to_thread(_process, data, max_side, thumbnail_side)


DOCUMENT_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def sniff_document(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG by its leading bytes, else None."""
    for signature, content_type, extension in DOCUMENT_SIGNATURES:
        if data.startswith(signature):
            return content_type, extension
    return None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
