"""Public files of the local storage backend (standalone), served from ``<data dir>/media``.

Only plain relative paths inside that folder are served: no dot segments, no hidden files, no
backslashes, and nothing a symlink leads outside. Images are shown inline; anything else is a download,
and every file is sandboxed by its CSP so an uploaded document can never run script on our origin.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from conectar.platform.errors import NotFound

CACHE_CONTROL = "public, max-age=3600"
MEDIA_CSP = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox"
EXTRA_TYPES = {".webp": "image/webp", ".avif": "image/avif", ".heic": "image/heic", ".mp4": "video/mp4"}
INLINE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "image/avif",
        "image/heic",
        "video/mp4",
        "application/pdf",
    }
)


def media_file(root: Path, key: str) -> Path:
    """The file under ``root`` named by ``key``; NotFound for anything unsafe or missing."""
    parts = key.split("/")
    if not key or any(not part or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        raise NotFound("Archivo no encontrado")
    base = root.resolve()
    try:
        path = base.joinpath(*parts).resolve()
    except (OSError, RuntimeError) as exc:
        raise NotFound("Archivo no encontrado") from exc
    if base not in path.parents or not path.is_file():
        raise NotFound("Archivo no encontrado")
    return path


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in EXTRA_TYPES:
        return EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name, strict=True)
    return guessed or "application/octet-stream"


def media_router(data_dir: Path) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    root = data_dir / "media"

    @router.api_route("/media/{key:path}", methods=["GET", "HEAD"])
    async def media(key: str) -> FileResponse:
        path = media_file(root, key)
        media_type = content_type(path)
        headers = {"Cache-Control": CACHE_CONTROL, "Content-Security-Policy": MEDIA_CSP}
        if media_type in INLINE_TYPES:
            return FileResponse(path, media_type=media_type, headers=headers)
        return FileResponse(
            path,
            media_type=media_type,
            headers=headers,
            filename=path.name,
            content_disposition_type="attachment",
        )

    return router
