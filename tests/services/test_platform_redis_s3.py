"""The distributed adapters of the key-value store and object storage, against real servers."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from conectar.platform.errors import NotFound
from conectar.platform.kv import RedisStore
from conectar.platform.security import RevocationList
from conectar.platform.storage import S3Storage
from tests.services.conftest import REDIS_URL, s3_settings
from tests.tcp_proxy import TcpProxy


@pytest.fixture
async def redis_store() -> AsyncIterator[RedisStore]:
    store = RedisStore(REDIS_URL, namespace=f"t{uuid.uuid4().hex[:10]}")
    await store.ping()
    yield store
    keys = [k async for k in store.client.scan_iter(f"{store.prefix}*")]
    if keys:
        await store.client.delete(*keys)
    await store.close()


async def test_redis_gcra_matches_the_memory_algorithm(redis_store: RedisStore) -> None:
    decisions = [await redis_store.gcra("login", 3, 60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 0 < decisions[-1].retry_after <= 20
    assert not (await redis_store.gcra("login", 3, 60, peek=True)).allowed
    assert (await redis_store.gcra("other", 3, 60, peek=True)).allowed


async def test_redis_gcra_is_atomic_under_concurrency(redis_store: RedisStore) -> None:
    decisions = await asyncio.gather(*(redis_store.gcra("burst", 10, 60) for _ in range(50)))
    assert sum(d.allowed for d in decisions) == 10


async def test_revocations_are_shared_and_expire(redis_store: RedisStore) -> None:
    other_replica = RedisStore(REDIS_URL, namespace=redis_store.prefix.rstrip(":"))
    import time

    await RevocationList(redis_store).revoke("jti-1", int(time.time()) - 4)
    assert await RevocationList(other_replica).is_revoked("jti-1")
    assert not await RevocationList(other_replica).is_revoked("jti-2")
    ttl = await redis_store.client.pttl(f"{redis_store.prefix}revoked:jti-1")
    assert 0 < ttl <= 1100
    await other_replica.close()


async def test_redis_pubsub_fans_out(redis_store: RedisStore) -> None:
    async with redis_store.subscribe("room") as messages:
        await asyncio.sleep(0.05)
        await redis_store.publish("room", "hola")
        assert await asyncio.wait_for(anext(messages), 5) == "hola"


async def test_s3_storage_round_trip(s3_endpoint: str) -> None:
    settings = s3_settings(s3_endpoint)
    storage = S3Storage(settings)
    await storage.ping()
    payload = b"x" * 200_000
    await storage.put("kyc/1/doc.pdf", payload, "application/pdf", public=False)
    assert await storage.exists("kyc/1/doc.pdf", public=False)
    assert not await storage.exists("kyc/1/doc.pdf", public=True)
    chunks = [chunk async for chunk in storage.stream("kyc/1/doc.pdf", public=False)]
    assert b"".join(chunks) == payload
    assert len(chunks) > 1
    await storage.put("avatars/1/a.webp", b"img", "image/webp", public=True)
    public_url = storage.public_url("avatars/1/a.webp")
    assert public_url.endswith(f"{settings.s3_public_bucket}/avatars/1/a.webp")
    async with httpx.AsyncClient() as anonymous:
        assert (await anonymous.get(public_url)).content == b"img"
    policy = json.loads(storage.client.get_bucket_policy(Bucket=settings.s3_public_bucket)["Policy"])
    assert policy["Statement"][0]["Action"] == ["s3:GetObject"]
    await storage.delete("kyc/1/doc.pdf", public=False)
    with pytest.raises(NotFound):
        async for _ in storage.stream("kyc/1/doc.pdf", public=False):
            pass
    with pytest.raises(ValueError):
        await storage.put("../escape", b"", "text/plain", public=True)


async def test_redis_ttls_lists_a_prefix_of_this_namespace_only(redis_store: RedisStore) -> None:
    neighbour = RedisStore(REDIS_URL, namespace=redis_store.prefix.rstrip(":") + "x")
    await redis_store.set("revoked:a", "1", 60)
    await redis_store.set("revoked:b", "1", 5)
    await redis_store.set("other:c", "1", 60)
    await neighbour.set("revoked:z", "1", 60)
    found = await redis_store.ttls("revoked:")
    assert set(found) == {"revoked:a", "revoked:b"}
    assert 55 < found["revoked:a"] <= 60
    assert 0 < found["revoked:b"] <= 5
    await neighbour.delete("revoked:z")
    await neighbour.close()


async def test_a_process_mirrors_revocations_while_subscribed_and_asks_redis_when_not(
    redis_store: RedisStore,
) -> None:
    import time

    from conectar.platform.sessions import SessionWatch

    exp = int(time.time()) + 600
    auth = RevocationList(redis_store)
    await auth.revoke("before", exp)
    replica = RedisStore(REDIS_URL, namespace=redis_store.prefix.rstrip(":"))
    name = f"mirror-{uuid.uuid4().hex[:8]}"
    replica.client.connection_pool.connection_kwargs["client_name"] = name
    revocations = RevocationList(replica)
    sessions = SessionWatch(replica, revocations)
    await sessions.start()
    try:
        assert revocations.mirrored
        assert await revocations.is_revoked("before")  # loaded from Redis on subscribing
        await auth.revoke("after", exp)
        for _ in range(50):
            if "after" in revocations._heard:
                break
            await asyncio.sleep(0.02)
        assert await revocations.is_revoked("after")  # heard on the channel

        # Redis drops the subscriber's connection: the mirror is off until it has subscribed and loaded again.
        admin = RedisStore(REDIS_URL, namespace="admin")
        subscribers = [c for c in await admin.client.client_list(_type="pubsub") if c["name"] == name]
        assert subscribers
        for client in subscribers:
            await admin.client.client_kill_filter(_id=client["id"])
        for _ in range(100):
            if not revocations.mirrored:
                break
            await asyncio.sleep(0.01)
        assert not revocations.mirrored
        await redis_store.set("revoked:while-away", "1", 60)  # its announcement was missed
        assert await revocations.is_revoked("while-away")  # asked Redis
        for _ in range(300):
            if revocations.mirrored:
                break
            await asyncio.sleep(0.02)
        assert revocations.mirrored
        await redis_store.set("revoked:unannounced", "1", 60)
        assert not await revocations.is_revoked("unannounced")  # mirrored: memory answers alone
        await admin.close()
    finally:
        await sessions.stop()
        await replica.close()


async def test_redis_existing_answers_for_many_keys_at_once(redis_store: RedisStore) -> None:
    await redis_store.set("revoked:a", "1", 60)
    await redis_store.set("revoked:c", "1", 60)
    assert await redis_store.existing(["revoked:a", "revoked:b", "revoked:c"]) == {"revoked:a", "revoked:c"}
    assert await redis_store.existing([]) == frozenset()


@pytest.fixture
def redis_proxy() -> Iterator[TcpProxy]:
    target = urlsplit(REDIS_URL)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 6379).start()
    yield proxy
    proxy.restore()


def _through(proxy: TcpProxy, namespace: str) -> RedisStore:
    store = RedisStore(
        f"redis://127.0.0.1:{proxy.port}{urlsplit(REDIS_URL).path}", namespace=namespace.rstrip(":")
    )
    store.pubsub_ping_seconds = 0.3
    store.pubsub_pong_timeout_seconds = 0.5
    return store


async def test_a_subscription_whose_connection_went_silent_raises(
    redis_store: RedisStore, redis_proxy: TcpProxy
) -> None:
    proxied = _through(redis_proxy, redis_store.prefix)
    try:
        async with proxied.subscribe("room") as messages:
            await asyncio.sleep(0.05)
            await redis_store.publish("room", "antes")
            assert await asyncio.wait_for(anext(messages), 5) == "antes"
            await asyncio.sleep(1.0)  # quiet: pinged and answered, still subscribed
            await redis_store.publish("room", "sigue")
            assert await asyncio.wait_for(anext(messages), 5) == "sigue"
            redis_proxy.blackhole()  # no FIN, no RST: only the silence tells
            await redis_store.publish("room", "perdido")
            with pytest.raises(ConnectionError):
                await asyncio.wait_for(anext(messages), 5)
    finally:
        await proxied.close()


async def test_the_mirror_turns_off_when_its_subscription_goes_silent_and_catches_up_after(
    redis_store: RedisStore, redis_proxy: TcpProxy
) -> None:
    import time

    from conectar.platform.sessions import SessionWatch

    replica = _through(redis_proxy, redis_store.prefix)
    revocations = RevocationList(replica)
    sessions = SessionWatch(replica, revocations)
    await sessions.start()
    try:
        assert revocations.mirrored
        redis_proxy.blackhole()
        await RevocationList(redis_store).revoke("while-silent", int(time.time()) + 600)  # announcement lost
        for _ in range(300):
            if revocations._heard.get("while-silent"):
                break
            await asyncio.sleep(0.02)
        # Subscribed again on a new connection, the list loaded again: the lost revocation is known.
        assert await revocations.is_revoked("while-silent")
        assert revocations.mirrored
    finally:
        await sessions.stop()
        await replica.close()
