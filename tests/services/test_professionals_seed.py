"""The demo seed: catalog, 200 approved professionals with portfolios over real cities; idempotent; usable
through the platform right after (what `make run` does on a fresh data folder)."""

from __future__ import annotations

import asyncio
import io
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from sqlalchemy import func, select

from conectar import seed
from conectar.professionals.models import PortfolioImagen, ProfessionalProfile, professional_search
from conectar.standalone import migrate_all
from tests.conftest import standalone_settings
from tests.services.conftest import running_standalone

API = "/api/v1"


async def test_demo_seed_is_complete_idempotent_and_usable(tmp_path: Path) -> None:
    settings = standalone_settings(tmp_path)
    await asyncio.to_thread(migrate_all, settings)
    out = io.StringIO()
    await seed.seed_demo(settings, Console(file=out, width=200))
    assert "profesionales de demostración nuevos: 200" in out.getvalue()
    assert "admin@conectarprofesionales.com.ar" in out.getvalue()
    again = io.StringIO()
    await seed.seed_demo(settings, Console(file=again, width=200))
    assert "ya estaban cargados" in again.getvalue()
    assert "Historia de demostración" in out.getvalue()
    assert "Historia de demostración" not in again.getvalue()  # the history is made once

    async with seed.professionals_context(settings) as ctx, ctx.db.session(write=False) as session:
        approved = await session.execute(
            select(func.count())
            .select_from(ProfessionalProfile)
            .where(ProfessionalProfile.estado_verificacion == "APROBADO")
        )
        assert approved.scalar_one() == seed.DEMO_PROS + 1  # and the printed demo professional
        assert (
            await session.execute(select(func.count()).select_from(professional_search))
        ).scalar_one() >= 200
        keys = (
            await session.execute(select(PortfolioImagen.imagen_key, PortfolioImagen.thumbnail_key))
        ).all()
        assert len(keys) == seed.DEMO_PROS
        for image_key, thumb_key in keys[:20]:
            assert await ctx.storage.exists(image_key, public=True)
            assert await ctx.storage.exists(thumb_key, public=True)

    async with running_standalone(tmp_path) as platform:
        api = platform.client
        oficios = (await api.get(f"{API}/public/oficios")).json()
        assert {o["nombre"] for o in oficios} >= set(seed.OFICIOS)
        login = await api.post(
            f"{API}/auth/login",
            data={"username": f"profesional001@{seed.DEMO_PRO_DOMAIN}", "password": seed.DEMO_PRO_PASSWORD},
        )
        assert login.status_code == 200
        me = await api.get(
            f"{API}/professional/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}
        )
        assert me.json()["estado_verificacion"] == "APROBADO"
        found = 0
        for oficio in oficios:
            results = await api.get(
                f"{API}/search/professionals",
                params={"oficio_id": oficio["id"], "lat": -34.6037, "lng": -58.3816, "limit": 50},
            )
            found += len(results.json())
        assert found > 10
        public = await api.get(f"{API}/public/professional/{me.json()['id']}")
        assert public.status_code == 200
        assert public.json()["portfolio"][0]["imagenes"][0]["thumbnail_url"]
        # The demo professional that `make run` prints can do the whole story: approved, complete profile.
        demo = seed.DEMO_ACCOUNTS[2]
        pablo = await api.post(f"{API}/auth/login", data={"username": demo.email, "password": demo.password})
        profile = (
            await api.get(
                f"{API}/professional/me", headers={"Authorization": f"Bearer {pablo.json()['access_token']}"}
            )
        ).json()
        assert profile["estado_verificacion"] == "APROBADO"
        assert profile["payout_account"]
        assert [o["nombre"] for o in profile["oficios"]] == ["Plomería"]
        public_pablo = await api.get(f"{API}/public/professional/{profile['id']}")
        assert public_pablo.status_code == 200
        # A marketplace in use: reviewed jobs on the profiles, released money, a client with a history.
        assert public_pablo.json()["total_resenas"] == 3
        assert public_pablo.json()["rating_promedio"] > 4
        pablo_headers = {"Authorization": f"Bearer {pablo.json()['access_token']}"}
        balance = (await api.get(f"{API}/pagos/balance", headers=pablo_headers)).json()
        assert Decimal(str(balance["disponible"])) > 0, balance
        carla_demo = seed.DEMO_ACCOUNTS[1]
        carla = await api.post(
            f"{API}/auth/login", data={"username": carla_demo.email, "password": carla_demo.password}
        )
        carla_headers = {"Authorization": f"Bearer {carla.json()['access_token']}"}
        trabajos = (await api.get(f"{API}/cliente/trabajos", headers=carla_headers)).json()
        assert trabajos
        assert {t["estado_escrow"] for t in trabajos} == {"LIBERADO"}
        offers = (await api.get(f"{API}/cliente/ofertas", headers=carla_headers)).json()
        waiting = [o for o in offers if o["estado"] == "OFERTADO"]
        assert len(waiting) == 1  # waiting for the demo client, with a visit, after a photo of the problem
        assert waiting[0]["visita_desde"]
        messages = (
            await api.get(f"{API}/chat/messages/{waiting[0]['chat_id']}", headers=carla_headers)
        ).json()
        assert any(m["tipo"] == "adjunto" for m in messages)
        favoritos = (await api.get(f"{API}/favoritos", headers=carla_headers)).json()
        assert [f["id"] for f in favoritos] == [profile["id"]]
        assert public_pablo.json()["disponibilidad_semanal"]
        diego_demo = seed.DEMO_ACCOUNTS[3]
        diego = await api.post(
            f"{API}/auth/login", data={"username": diego_demo.email, "password": diego_demo.password}
        )
        diego_headers = {"Authorization": f"Bearer {diego.json()['access_token']}"}
        (pedido,) = (await api.get(f"{API}/pedidos/mios", headers=diego_headers)).json()
        assert (pedido["estado"], pedido["total_ofertas"]) == ("ABIERTO", 1)
        for email in seed.story_pros():
            one = await api.post(
                f"{API}/auth/login", data={"username": email, "password": seed.DEMO_PRO_PASSWORD}
            )
            mine = (
                await api.get(
                    f"{API}/professional/me",
                    headers={"Authorization": f"Bearer {one.json()['access_token']}"},
                )
            ).json()
            rated = (await api.get(f"{API}/public/professional/{mine['id']}")).json()
            assert rated["total_resenas"] >= 1, email
