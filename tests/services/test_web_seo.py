"""Issue 16, "Found by search engines": robots.txt, a sitemap of pages that exist, canonical addresses,
titles and descriptions, Open Graph cards and schema.org JSON-LD rendered on the server (profiles and the
oficio-in-place landing pages), escaped so a review cannot end its script element."""

from __future__ import annotations

import asyncio
import html
import json
import re
from typing import Any
from urllib import robotparser
from xml.etree import ElementTree

import httpx
import pytest

from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    eventually,
    register,
    released_trabajo,
)
from tests.services.conftest import LiveStandalone

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
HOSTILE = 'Excelente </script><script>alert("x")</script> & <!-- ok'


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture(scope="module")
async def plomeria(live: LiveStandalone, admin: Account) -> str:
    created = await live.client.post(
        "/api/v1/admin/oficios",
        headers=admin.headers,
        json={"nombre": "Plomería", "descripcion": "Agua, desagües y sanitarios"},
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


@pytest.fixture(scope="module")
async def pro_in_cordoba(live: LiveStandalone, admin: Account, plomeria: str) -> dict[str, Any]:
    """A verified plumber working in Córdoba, with a five-star review that tries to break out of its
    script element."""
    api = live.client
    pro = await approved_professional(api, admin)
    headers = pro.account.headers
    for method, path, body in (
        ("PUT", "/professional/profile/location", {"latitude": -31.42, "longitude": -64.19}),
        ("PUT", "/professional/profile/oficios", {"oficio_ids": [plomeria]}),
        ("PUT", "/professional/profile", {"tarifa_por_hora": "15000", "descripcion": "Plomero matriculado"}),
    ):
        answer = await api.request(method, "/api/v1" + path, headers=headers, json=body)
        assert answer.status_code == 200, answer.text
    cliente = await register(api, "CLIENTE", nombre="Lucía")
    trabajo_id = await released_trabajo(api, cliente, pro.account)
    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena",
        headers=cliente.headers,
        json={"rating": 5, "texto_resena": HOSTILE},
    )
    assert review.status_code == 201, review.text

    async def rated() -> bool:
        profile = await api.get(f"/api/v1/public/professional/{pro.profile_id}")
        return bool(profile.json()["total_resenas"] == 1)

    await eventually(rated, timeout=20, interval=0.1)
    return {"profile_id": pro.profile_id, "account": pro.account}


def jsonld_of(page: str) -> list[Any]:
    blocks = JSONLD.findall(page)
    assert blocks, "no JSON-LD on the page"
    for block in blocks:
        assert "<" not in block  # nothing in it can close or open an element
        assert ">" not in block
    return [json.loads(block) for block in blocks]


def meta(page: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert found, f"no {name}"
    return html.unescape(found.group(1))


def canonical_of(page: str) -> str:
    found = re.search(r'<link rel="canonical" href="([^"]+)">', page)
    assert found, "no canonical link"
    return html.unescape(found.group(1))


async def test_robots_txt_keeps_crawlers_on_public_pages_and_names_the_sitemap(live: LiveStandalone) -> None:
    response = await live.client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert f"Sitemap: {live.base_url}/sitemap.xml" in response.text
    rules = robotparser.RobotFileParser()
    rules.parse(response.text.splitlines())
    for public in ("/", "/buscar", "/plomeros/cordoba", "/profesionales/x", "/login", "/registro"):
        assert rules.can_fetch("Googlebot", live.base_url + public), public
    for private in (
        "/admin",
        "/admin/kyc",
        "/cuenta",
        "/chat/1",
        "/trabajos",
        "/profesional/perfil",
        "/api/v1/x",
    ):
        assert not rules.can_fetch("Googlebot", live.base_url + private), private


async def test_the_sitemap_lists_pages_that_exist(
    live: LiveStandalone, admin: Account, pro_in_cordoba: dict[str, Any]
) -> None:
    pending = await register(live.client, "PROFESIONAL")  # not verified: no public profile
    pending_profile = (await live.client.get("/api/v1/professional/me", headers=pending.headers)).json()["id"]
    response = await live.client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = [loc.text or "" for loc in root.iter(f"{SITEMAP_NS}loc")]
    assert len(urls) == len(set(urls))
    assert all(url.startswith(live.base_url + "/") for url in urls)
    paths = {url.removeprefix(live.base_url) for url in urls}
    assert {
        "/",
        "/plomeros/cordoba",
        "/plomeros/palermo",
        f"/profesionales/{pro_in_cordoba['profile_id']}",
    } <= paths
    assert f"/profesionales/{pending_profile}" not in paths

    async with httpx.AsyncClient(base_url=live.base_url, timeout=30) as crawler:
        semaphore = asyncio.Semaphore(8)

        async def status(url: str) -> tuple[str, int]:
            async with semaphore:
                return url, (await crawler.get(url)).status_code

        answers = await asyncio.gather(*(status(url) for url in urls))
    assert [answer for answer in answers if answer[1] != 200] == []


async def test_a_landing_page_lists_the_professionals_covering_the_place(
    live: LiveStandalone, pro_in_cordoba: dict[str, Any]
) -> None:
    api = live.client
    page = await api.get("/plomeros/cordoba")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Plomeros en Córdoba</h1>" in text
    assert "<title>Plomeros en Córdoba: 1 profesional verificado · ConectarProfesionales</title>" in text
    assert f'href="/profesionales/{pro_in_cordoba["profile_id"]}"' in text
    assert canonical_of(text) == f"{live.base_url}/plomeros/cordoba"
    assert meta(text, "name", "description").startswith("1 plomero verificado cubre Córdoba.")
    assert meta(text, "property", "og:url") == f"{live.base_url}/plomeros/cordoba"
    (data,) = jsonld_of(text)
    graph = {node["@type"]: node for node in data["@graph"]}
    assert graph["BreadcrumbList"]["itemListElement"][-1]["item"] == f"{live.base_url}/plomeros/cordoba"
    listing = graph["ItemList"]
    assert listing["numberOfItems"] == 1
    business = listing["itemListElement"][0]["item"]
    assert business["url"] == f"{live.base_url}/profesionales/{pro_in_cordoba['profile_id']}"
    assert business["areaServed"]["name"] == "Córdoba"
    assert business["aggregateRating"]["ratingValue"] == 5

    far = await api.get("/plomeros/ushuaia")  # nobody covers it: the page exists and says so
    assert far.status_code == 200
    assert "Todavía no hay plomeros verificados acá" in far.text
    assert pro_in_cordoba["profile_id"] not in far.text
    other_spelling = await api.get("/plomeria/cordoba")
    assert other_spelling.status_code == 301
    assert other_spelling.headers["location"] == "/plomeros/cordoba"
    second_page = await api.get("/plomeria/cordoba?page=2")  # the page a link asked for is kept
    assert second_page.status_code == 301
    assert second_page.headers["location"] == "/plomeros/cordoba?page=2"
    for missing in ("/plomeros/atlantida", "/astronautas/cordoba", "/plomeros/cordoba?page=9"):
        assert (await api.get(missing)).status_code == 404, missing


async def test_search_pages_point_search_engines_to_the_landing_page(
    live: LiveStandalone, plomeria: str
) -> None:
    page = await live.client.get(f"/buscar?oficio={plomeria}&ciudad=palermo&orden=rating")
    assert page.status_code == 200
    assert canonical_of(page.text) == f"{live.base_url}/plomeros/palermo"
    anywhere = await live.client.get("/buscar?lat=-34.6&lng=-58.4")
    assert canonical_of(anywhere.text) == f"{live.base_url}/buscar"


async def test_a_public_profile_has_canonical_open_graph_and_json_ld_with_its_rating(
    live: LiveStandalone, pro_in_cordoba: dict[str, Any]
) -> None:
    profile_id = pro_in_cordoba["profile_id"]
    by_user = await live.client.get(f"/profesionales/{pro_in_cordoba['account'].id}")
    assert by_user.status_code == 200
    text = by_user.text
    url = f"{live.base_url}/profesionales/{profile_id}"
    assert canonical_of(text) == url  # one address whichever id was used
    assert meta(text, "property", "og:url") == url
    assert meta(text, "property", "og:type") == "profile"
    assert "Plomería" in meta(text, "property", "og:title")
    assert "5,0 de 5 en 1 reseña" in meta(text, "name", "description")
    assert meta(text, "property", "og:image").startswith(live.base_url + "/static/img/og.png")
    assert re.search(r"<title>[^<]+, Plomería · 5,0 ★ \(1 reseña\) · ConectarProfesionales</title>", text)
    (data,) = jsonld_of(text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "LocalBusiness"
    assert data["url"] == url
    assert data["knowsAbout"] == ["Plomería"]
    assert data["founder"]["@type"] == "Person"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 5.0,
        "reviewCount": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    (review,) = data["review"]
    assert review["@type"] == "Review"
    assert review["reviewRating"]["ratingValue"] == 5
    assert review["author"]["name"].startswith("Lucía")
    assert review["reviewBody"] == HOSTILE  # the same words, escaped in the page
    assert '<script>alert("x")' not in text


async def test_every_public_page_has_a_title_description_and_canonical(live: LiveStandalone) -> None:
    titles = set()
    for path in ("/", "/buscar", "/login", "/registro", "/recuperar"):
        page = await live.client.get(path)
        assert page.status_code == 200, path
        title = re.search(r"<title>([^<]+)</title>", page.text)
        assert title, path
        assert title.group(1).endswith(" · ConectarProfesionales"), path
        titles.add(title.group(1))
        assert len(meta(page.text, "name", "description")) > 50, path
        assert canonical_of(page.text) == live.base_url + path
        assert meta(page.text, "property", "og:title") == html.unescape(title.group(1).rsplit(" · ", 1)[0])
    assert len(titles) == 5
