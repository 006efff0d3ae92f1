"""Object storage: a local folder in standalone mode, S3 (or MinIO) through boto3 in distributed mode.

Public objects (avatars, portfolio images) get a URL anyone can load; private objects (KYC documents)
never do: they are streamed by the service that owns them, to the people allowed to see them.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import ClientError

from conectar.platform.errors import NotFound
from conectar.platform.settings import Settings

CHUNK_SIZE = 64 * 1024
LIST_PAGE_SIZE = 1000


@dataclass(frozen=True)
class StoredObject:
    key: str
    modified_at: datetime


class Storage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str, *, public: bool) -> None: ...

    async def delete(self, key: str, *, public: bool) -> None: ...

    async def exists(self, key: str, *, public: bool) -> bool: ...

    def stream(self, key: str, *, public: bool) -> AsyncIterator[bytes]:
        """The object's bytes in chunks; raises NotFound before the first chunk when it is missing."""

    def objects(self, prefix: str, *, public: bool) -> AsyncIterator[list[StoredObject]]:
        """Every object whose key starts with ``prefix``, in pages (order unspecified)."""

    def public_url(self, key: str) -> str: ...

    async def ping(self) -> None: ...


def _safe_key(key: str) -> str:
    parts = [p for p in key.split("/") if p]
    if not parts or any(p in {".", ".."} or "\\" in p for p in parts):
        raise ValueError(f"unsafe storage key: {key!r}")
    return "/".join(parts)


class LocalStorage:
    def __init__(self, root: Path, *, public_base: str = "/media") -> None:
        self.public_root = (root / "media").resolve()
        self.private_root = (root / "private").resolve()
        self.public_base = public_base.rstrip("/")

    def _path(self, key: str, public: bool) -> Path:
        base = self.public_root if public else self.private_root
        path = (base / _safe_key(key)).resolve()
        if base not in path.parents:
            raise ValueError("storage key escapes its folder")
        return path

    async def put(self, key: str, data: bytes, content_type: str, *, public: bool) -> None:
        path = self._path(key, public)

        def write() -> None:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".tmp")
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)

        await asyncio.to_thread(write)

    async def delete(self, key: str, *, public: bool) -> None:
        path = self._path(key, public)
        await asyncio.to_thread(lambda: path.unlink(missing_ok=True))

    async def exists(self, key: str, *, public: bool) -> bool:
        return self._path(key, public).is_file()

    async def stream(self, key: str, *, public: bool) -> AsyncIterator[bytes]:
        path = self._path(key, public)
        if not path.is_file():
            raise NotFound("Archivo no encontrado")
        handle = await asyncio.to_thread(open, path, "rb")
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
                yield chunk
        finally:
            handle.close()

    async def objects(self, prefix: str, *, public: bool) -> AsyncIterator[list[StoredObject]]:
        base = self.public_root if public else self.private_root
        folder = self._path(prefix, public)

        def listing() -> list[StoredObject]:
            found: list[StoredObject] = []
            for directory, _dirs, files in os.walk(folder):
                for name in files:
                    path = Path(directory) / name
                    try:
                        modified = path.stat().st_mtime
                    except FileNotFoundError:  # deleted meanwhile
                        continue
                    key = path.relative_to(base).as_posix()
                    found.append(StoredObject(key, datetime.fromtimestamp(modified, UTC)))
            return found

        found = await asyncio.to_thread(listing)
        for start in range(0, len(found), LIST_PAGE_SIZE):
            yield found[start : start + LIST_PAGE_SIZE]

    def public_url(self, key: str) -> str:
        return f"{self.public_base}/{_safe_key(key)}"

    async def ping(self) -> None:
        self.public_root.mkdir(parents=True, exist_ok=True)
        self.private_root.mkdir(parents=True, exist_ok=True)


class S3Storage:
    def __init__(self, settings: Settings) -> None:
        self.public_bucket = settings.s3_public_bucket
        self.private_bucket = settings.s3_private_bucket
        self.endpoint = settings.s3_endpoint_url
        self.public_base = (
            settings.s3_public_url.rstrip("/")
            if settings.s3_public_url
            else f"{(self.endpoint or 'https://s3.amazonaws.com').rstrip('/')}/{self.public_bucket}"
        )
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id.get_secret_value()
            if settings.s3_access_key_id
            else None,
            aws_secret_access_key=(
                settings.s3_secret_access_key.get_secret_value() if settings.s3_secret_access_key else None
            ),
            config=BotoConfig(
                retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=3, read_timeout=30
            ),
        )
        self._buckets_ready = False

    def _bucket(self, public: bool) -> str:
        return self.public_bucket if public else self.private_bucket

    async def ensure_buckets(self) -> None:
        if self._buckets_ready:
            return

        def create() -> None:
            for bucket in (self.public_bucket, self.private_bucket):
                try:
                    self.client.head_bucket(Bucket=bucket)
                except ClientError:
                    self.client.create_bucket(Bucket=bucket)
            # Anyone may read the public bucket's objects (never list them); the private one has no policy.
            policy = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": ["s3:GetObject"],
                        "Resource": [f"arn:aws:s3:::{self.public_bucket}/*"],
                    }
                ],
            }
            self.client.put_bucket_policy(Bucket=self.public_bucket, Policy=json.dumps(policy))

        await asyncio.to_thread(create)
        self._buckets_ready = True

    async def put(self, key: str, data: bytes, content_type: str, *, public: bool) -> None:
        await self.ensure_buckets()
        await asyncio.to_thread(
            self.client.put_object,
            Bucket=self._bucket(public),
            Key=_safe_key(key),
            Body=data,
            ContentType=content_type,
        )

    async def delete(self, key: str, *, public: bool) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self._bucket(public), Key=_safe_key(key))

    async def exists(self, key: str, *, public: bool) -> bool:
        try:
            await asyncio.to_thread(self.client.head_object, Bucket=self._bucket(public), Key=_safe_key(key))
        except ClientError:
            return False
        return True

    async def stream(self, key: str, *, public: bool) -> AsyncIterator[bytes]:
        try:
            response = await asyncio.to_thread(
                self.client.get_object, Bucket=self._bucket(public), Key=_safe_key(key)
            )
        except ClientError as exc:
            raise NotFound("Archivo no encontrado") from exc
        body = response["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, CHUNK_SIZE):
                yield chunk
        finally:
            body.close()

    async def objects(self, prefix: str, *, public: bool) -> AsyncIterator[list[StoredObject]]:
        await self.ensure_buckets()
        request: dict[str, Any] = {
            "Bucket": self._bucket(public),
            "Prefix": _safe_key(prefix) + "/",
            "MaxKeys": LIST_PAGE_SIZE,
        }
        while True:
            page = await asyncio.to_thread(self.client.list_objects_v2, **request)
            found = [StoredObject(item["Key"], item["LastModified"]) for item in page.get("Contents", [])]
            if found:
                yield found
            if not page.get("IsTruncated"):
                return
            request["ContinuationToken"] = page["NextContinuationToken"]

    def public_url(self, key: str) -> str:
        return f"{self.public_base}/{_safe_key(key)}"

    async def ping(self) -> None:
        await self.ensure_buckets()


def build_storage(settings: Settings) -> Storage:
    if settings.resolved_storage_backend == "s3":
        return S3Storage(settings)
    return LocalStorage(settings.data_dir)
