"""Uploaded files: bounded reads, content sniffing, and images re-encoded without their metadata.

A file's declared name and content type are never trusted: images must decode as the format their bytes
say, documents must start with their format's signature.

Images are measured before they are decoded: the header's width × height (and, for animations, × the
number of frames) must stay within :data:`MAX_IMAGE_PIXELS` and :data:`MAX_ANIMATION_PIXELS`, so a
10 KB file cannot ask for hundreds of megabytes of pixels. Decoding happens only in a small pool of
:data:`MAX_CONCURRENT_DECODES` threads, so however many uploads arrive together, at most that many decoded
images are in memory at once.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import hashlib
import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from fastapi import UploadFile
from PIL import Image, ImageOps, UnidentifiedImageError

from conectar.platform.errors import BusinessRuleError

MAX_IMAGE_PIXELS = 40_000_000
"""Largest image (one frame) accepted, in pixels (≈ 6300 × 6300); checked on the header, before decoding."""
MAX_ANIMATION_PIXELS = 100_000_000
"""Largest animated image accepted: width × height × frames (e.g. 200 frames of 700 × 700)."""
MAX_CONCURRENT_DECODES = 2
"""Images decoded (or measured) at the same time by one process; further uploads wait their turn."""

# Pillow's own guard stays on as a second line: it warns above the cap and raises above twice it. The
# refusal that matters is ours (:func:`_check_size`), which is exact and happens before any decoding.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
READ_CHUNK = 256 * 1024
_MEGAPIXELS = MAX_IMAGE_PIXELS // 1_000_000

_decoder = ThreadPoolExecutor(max_workers=MAX_CONCURRENT_DECODES, thread_name_prefix="image-decoder")
_T = TypeVar("_T")


async def _in_decoder(work: Callable[[], _T]) -> _T:
    """Run ``work`` in the bounded decoder pool (a caller waiting its turn holds only the file's bytes)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(_decoder, context.run, work)


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


def _too_large(label: str, size: str = "") -> BusinessRuleError:
    return BusinessRuleError(f"{label} es demasiado grande{size}: el máximo es de {_MEGAPIXELS} megapíxeles")


def _check_size(image: Image.Image, label: str) -> None:
    """Refuse an opened (not yet decoded) image whose header asks for more pixels than the caps allow."""
    frames = getattr(image, "n_frames", 1)  # counted from the frame headers; no frame is decoded
    width, height = image.size  # read after counting: a GIF frame may enlarge the canvas
    pixels = width * height
    if pixels > MAX_IMAGE_PIXELS:
        raise _too_large(label, f" ({width} × {height} píxeles)")
    if pixels * frames > MAX_ANIMATION_PIXELS:
        raise BusinessRuleError(
            f"{label} es una animación demasiado grande ({frames} cuadros de {width} × {height})"
        )


def _open(data: bytes, label: str) -> Image.Image:
    """The image with only its header read (format, size, frames), refused if over the caps."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:  # Pillow's own guard, at twice the cap
        raise _too_large(label) from exc
    try:
        if image.format not in IMAGE_FORMATS:
            raise BusinessRuleError("Formato de imagen no permitido (JPEG, PNG, GIF o WebP)")
        _check_size(image, label)
    except BaseException:
        image.close()
        raise
    return image


_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    Image.DecompressionBombError,
)


def _decode(data: bytes, max_side: int) -> Image.Image:
    try:
        with _open(data, "La imagen") as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))  # the same bytes, already measured and verified
        if image.format == "JPEG":
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result is far larger than we keep.
            image.draft(None, (2 * max_side, 2 * max_side))
        image.load()
    except BusinessRuleError:
        raise
    except _UNREADABLE as exc:
        raise BusinessRuleError("El archivo no es una imagen válida") from exc
    return image


# Modes that resample as they are, so a large image is reduced before its (copying) conversion to RGB.
_RESAMPLABLE = frozenset({"L", "LA", "RGB", "RGBA"})


def _fitted(size: tuple[int, int], max_side: int) -> tuple[int, int]:
    width, height = size
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _encode(image: Image.Image, max_side: int) -> ProcessedImage:
    if image.mode == "1":
        image = image.convert("L")  # exact, and resamplable
    if image.mode in _RESAMPLABLE and max(image.size) > max_side:
        image = image.resize(_fitted(image.size, max_side), Image.Resampling.LANCZOS, reducing_gap=2.0)
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
    with _decode(data, max(max_side, thumb_side or 0)) as image:
        ImageOps.exif_transpose(image, in_place=True)  # no copy unless the EXIF orientation asks for one
        full = _encode(image, max_side)
        thumb = _encode(image, thumb_side) if thumb_side else None
    return full, thumb


async def process_image(
    data: bytes, *, max_side: int, thumbnail_side: int | None = None
) -> tuple[ProcessedImage, ProcessedImage | None]:
    """Decode, check and re-encode an image (WebP, metadata stripped), optionally with a thumbnail.

    Images over the pixel caps are refused from their header, before decoding; decoding runs in the
    bounded decoder pool."""
    return await _in_decoder(functools.partial(_process, data, max_side, thumbnail_side))


def _measure(data: bytes, label: str) -> None:
    try:
        with _open(data, label):
            pass
    except BusinessRuleError:
        raise
    except _UNREADABLE as exc:
        raise BusinessRuleError(f"{label} no es una imagen válida") from exc


async def check_image_size(data: bytes, *, label: str = "La imagen") -> None:
    """Refuse an image kept as uploaded (never decoded here, but shown to people) whose header is unreadable
    or declares more pixels than the caps; only the header is read."""
    await _in_decoder(functools.partial(_measure, data, label))


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


async def check_document(data: bytes, *, label: str = "El archivo") -> tuple[str, str] | None:
    """:func:`sniff_document` for a document kept as uploaded; a JPEG or PNG must also have a readable
    header within the pixel caps (it is shown to people), else BusinessRuleError."""
    sniffed = sniff_document(data)
    if sniffed is not None and sniffed[0].startswith("image/"):
        await check_image_size(data, label=label)
    return sniffed


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


THUMBNAIL_SIDE = 400
"""Longest side of the thumbnails shown in lists and conversations (portfolio, chat attachments)."""

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_TAIL_BYTES = 2048
_PDF_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def check_pdf(data: bytes, *, label: str = "El PDF") -> None:
    """Refuse bytes that do not hold the skeleton of a PDF: the ``%PDF-x.y`` header at the very start, at
    least one indirect object, and an end-of-file marker near the end after a ``trailer`` or a
    ``startxref`` whose offset falls inside the file. Cheap (no object is parsed) and strict only where every
    PDF writer agrees; what a PDF draws or runs is not judged here (private files are served sandboxed)."""
    damaged = BusinessRuleError(f"{label} está dañado o no es un PDF válido")
    if not _PDF_HEADER.match(data[:16]):
        raise damaged
    tail = data[-_PDF_TAIL_BYTES:]
    if b"%%EOF" not in tail:
        raise damaged
    if _PDF_OBJECT.search(data) is None:
        raise damaged
    found = _PDF_STARTXREF.search(tail)
    if found is not None:
        if int(found.group(1)) >= len(data):
            raise damaged
    elif b"trailer" not in data:
        raise damaged


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_filename(
    name: str | None, extension: str, *, default_stem: str = "archivo", limit: int = 120
) -> str:
    """A name to show and to download a file as: the uploaded name's last path part without control or
    path characters, cut to ``limit`` characters, with the extension of what is actually stored."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = _UNSAFE_NAME.sub("_", stem).strip(" ._")[: max(1, limit - len(extension) - 1)]
    return f"{stem or default_stem}.{extension}"
