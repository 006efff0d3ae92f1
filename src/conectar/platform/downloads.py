"""Private file downloads: streamed from storage to the one person allowed to see them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

from fastapi.responses import StreamingResponse

from conectar.platform.storage import Storage


async def open_stream(storage: Storage, key: str, *, public: bool) -> AsyncIterator[bytes]:
    """The object's bytes with the first chunk already read, so a missing object raises NotFound here —
    before a response has started — instead of breaking a download half-way."""
    chunks = storage.stream(key, public=public)
    first = await anext(chunks, b"")

    async def body() -> AsyncIterator[bytes]:
        if first:
            yield first
        async for chunk in chunks:
            yield chunk

    return body()


def attachment(filename: str) -> str:
    """A Content-Disposition for ``filename``: an ASCII fallback plus the exact name (RFC 6266/5987)."""
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in filename
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


# A private file never runs anything on our origin, whatever a browser makes of it: no script, no plugin,
# no frame around it, a unique opaque origin (``sandbox``), for PDFs as for images.
PRIVATE_FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"


def private_download(
    body: AsyncIterator[bytes], *, filename: str, content_type: str, size: int | None = None
) -> StreamingResponse:
    headers = {
        "Content-Disposition": attachment(filename),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": PRIVATE_FILE_CSP,
    }
    if size is not None:
        headers["Content-Length"] = str(size)
    return StreamingResponse(body, media_type=content_type, headers=headers)
