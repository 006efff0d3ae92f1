"""The kernel's sweep of orphan files (platform/orphan_files.py) on both storages: listing a prefix in pages
(local folder, S3 through a moto server), and deleting exactly the files older than the grace period that
no row names — never a named file, never a young one, never one outside the family's prefix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import String, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform import storage as storage_module
from conectar.platform.db import Database
from conectar.platform.orphan_files import StoredFiles, named_by, sweep
from conectar.platform.storage import LocalStorage, S3Storage, Storage
from tests.services.conftest import s3_settings
from tests.services.test_orphan_files import age as age_file

DAY = timedelta(days=1)


def s3(endpoint: str) -> S3Storage:
    return S3Storage(s3_settings(endpoint))


async def listed(storage: Storage, prefix: str, *, public: bool) -> list[list[str]]:
    return [sorted(item.key for item in page) async for page in storage.objects(prefix, public=public)]


@pytest.mark.parametrize("backend", ["local", "s3"])
async def test_a_prefix_is_listed_in_pages_with_its_files_only(
    backend: str, tmp_path: Path, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage_module, "LIST_PAGE_SIZE", 2)
    storage: Storage = LocalStorage(tmp_path) if backend == "local" else s3(s3_endpoint)
    await storage.ping()
    before = datetime.now(UTC) - timedelta(seconds=5)
    for key in ("avatars/1/a.webp", "avatars/1/b.webp", "avatars/2/c.webp"):
        await storage.put(key, b"x", "image/webp", public=True)
    await storage.put("avatarsx/3/d.webp", b"x", "image/webp", public=True)  # a neighbouring prefix
    await storage.put("avatars/4/e.webp", b"x", "image/webp", public=False)  # the other visibility

    pages = await listed(storage, "avatars", public=True)
    assert [len(page) for page in pages] == [2, 1]
    assert sorted(key for page in pages for key in page) == [
        "avatars/1/a.webp",
        "avatars/1/b.webp",
        "avatars/2/c.webp",
    ]
    async for page in storage.objects("avatars", public=True):
        assert all(before < item.modified_at <= datetime.now(UTC) + timedelta(seconds=5) for item in page)
    assert await listed(storage, "avatars", public=False) == [["avatars/4/e.webp"]]
    assert await listed(storage, "nothing", public=True) == []


def age(storage: LocalStorage, key: str, *, public: bool, by: timedelta) -> None:
    age_file(storage._path(key, public), by)


async def test_the_sweep_deletes_old_files_no_row_names_and_nothing_else(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    named_keys = {"kyc/1/doc.pdf"}
    asked: list[list[str]] = []

    async def referenced(session: AsyncSession, keys: Sequence[str]) -> set[str]:
        asked.append(sorted(keys))
        return named_keys.intersection(keys)

    family = StoredFiles("kyc", public=False, referenced=referenced)
    files = {
        "kyc/1/doc.pdf": 2 * DAY,  # named by a row: kept however old
        "kyc/2/orphan.pdf": 2 * DAY,  # an old orphan: deleted
        "kyc/2/orphan.pdf.tmp": 2 * DAY,  # a write cut off half-way: deleted
        "kyc/3/young.pdf": timedelta(hours=1),  # maybe its row is being written: kept
    }
    for key, old in files.items():
        await storage.put(key, b"%PDF", "application/pdf", public=False)
        age(storage, key, public=False, by=old)
    await storage.put("kyc/2/orphan.pdf", b"x", "application/pdf", public=True)  # public: not this family
    age(storage, "kyc/2/orphan.pdf", public=True, by=2 * DAY)
    await storage.put("avatars/9/old.webp", b"x", "image/webp", public=False)  # another prefix
    age(storage, "avatars/9/old.webp", public=False, by=2 * DAY)

    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'sweep.db'}")
    try:
        deleted = await sweep("test", db, storage, [family], grace=DAY)
    finally:
        await db.dispose()

    assert deleted == 2
    assert asked == [["kyc/1/doc.pdf", "kyc/2/orphan.pdf", "kyc/2/orphan.pdf.tmp"]]  # the young one unasked
    assert await storage.exists("kyc/1/doc.pdf", public=False)
    assert not await storage.exists("kyc/2/orphan.pdf", public=False)
    assert not await storage.exists("kyc/2/orphan.pdf.tmp", public=False)
    assert await storage.exists("kyc/3/young.pdf", public=False)
    assert await storage.exists("kyc/2/orphan.pdf", public=True)
    assert await storage.exists("avatars/9/old.webp", public=False)


async def test_a_family_that_fails_does_not_keep_the_others_from_being_swept(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    for key in ("kyc/1/old.pdf", "chat/1/old.pdf"):
        await storage.put(key, b"x", "application/pdf", public=False)
        age(storage, key, public=False, by=2 * DAY)

    async def unreachable(session: AsyncSession, keys: Sequence[str]) -> set[str]:
        raise ConnectionError("the database went away")

    async def nobody(session: AsyncSession, keys: Sequence[str]) -> set[str]:
        return set()

    families = [
        StoredFiles("kyc", public=False, referenced=unreachable),
        StoredFiles("chat", public=False, referenced=nobody),
    ]
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'sweep.db'}")
    try:
        with pytest.raises(RuntimeError, match="kyc"):
            await sweep("test", db, storage, families, grace=DAY)
    finally:
        await db.dispose()
    assert await storage.exists("kyc/1/old.pdf", public=False)  # never deleted without the rows' answer
    assert not await storage.exists("chat/1/old.pdf", public=False)


class _Base(DeclarativeBase):
    pass


class _Photo(_Base):
    __tablename__ = "photos"
    id: Mapped[int] = mapped_column(primary_key=True)
    image_key: Mapped[str] = mapped_column(String(255))
    thumbnail_key: Mapped[str | None] = mapped_column(String(255), nullable=True)


async def test_the_keys_named_by_any_of_several_columns_are_found_in_one_query(either_url: str) -> None:
    db = Database(either_url)
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(_Base.metadata.create_all)
        async with db.session() as session:
            session.add_all(
                [
                    _Photo(id=1, image_key="p/1.webp", thumbnail_key="p/1-t.webp"),
                    _Photo(id=2, image_key="p/2.webp", thumbnail_key=None),
                    _Photo(id=3, image_key="p/3.webp", thumbnail_key="p/2.webp"),  # a key in both columns
                ]
            )
        statements: list[str] = []
        event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        referenced = named_by(_Photo.image_key, _Photo.thumbnail_key)
        asked = ["p/1.webp", "p/1-t.webp", "p/2.webp", "p/9.webp", "p/9-t.webp"]
        async with db.session(write=False) as session:
            found = await referenced(session, asked)
        assert found == {"p/1.webp", "p/1-t.webp", "p/2.webp"}
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    finally:
        async with db.engine.begin() as connection:
            await connection.run_sync(_Base.metadata.drop_all)
        await db.dispose()
