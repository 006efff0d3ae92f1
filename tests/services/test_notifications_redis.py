"""Live fan-out across replicas: each process keeps one Redis subscription and hands messages to the
streams open in it, so a notice handled by one replica reaches a stream held by another."""

from __future__ import annotations

import asyncio
import uuid

from conectar.notifications.live import STOP, LiveHub
from conectar.platform.kv import RedisStore
from tests.services.conftest import REDIS_URL


async def test_a_notice_reaches_a_stream_on_another_replica(namespace: str) -> None:
    one, two = RedisStore(REDIS_URL, namespace=namespace), RedisStore(REDIS_URL, namespace=namespace)
    hub_one, hub_two = LiveHub(one), LiveHub(two)
    await hub_one.start()
    await hub_two.start()
    person, someone_else = uuid.uuid4(), uuid.uuid4()
    try:
        async with hub_two.listen(person) as mine, hub_two.listen(someone_else) as theirs:
            assert hub_two.open_streams(person) == 1
            await hub_one.publish(person, "notificacion", {"id": "n1", "tipo": "oferta_aceptada"})
            item = await asyncio.wait_for(mine.get(), 5)
            assert item == {"e": "notificacion", "d": {"id": "n1", "tipo": "oferta_aceptada"}}
            assert theirs.empty()
            hub_two.close_streams()
            assert await asyncio.wait_for(mine.get(), 1) is STOP
        assert hub_two.open_streams(person) == 0
    finally:
        await hub_one.stop()
        await hub_two.stop()
        await one.close()
        await two.close()
