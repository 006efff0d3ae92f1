"""What search engines read, as pure functions: JSON-LD that no text can break out of, robots.txt, the
sitemap's XML and the schema.org shapes of a profile and a landing page."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from xml.etree import ElementTree

from conectar.web import seo
from conectar.web.apimodels import PublicProfile, SearchCard
from conectar.web.cities import BY_SLUG

BASE = "https://conectar.example"


def test_json_ld_cannot_close_its_script_element_and_parses_back_the_same() -> None:
    data = {"name": "Ana </script><script>alert(1)</script>", "text": "a & b <!-- c -->\u2028"}
    text = str(seo.json_ld(data))
    for dangerous in ("<", ">", "&", "\u2028"):
        assert dangerous not in text
    assert json.loads(text) == data


def profile(**changes: object) -> PublicProfile:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "usuario_id": uuid.uuid4(),
        "nombre": "Juan",
        "apellido": "Pérez",
        "nivel": "ORO",
        "radio_cobertura_km": 10,
        "acepta_instant": True,
        "tarifa_por_hora": Decimal("15000"),
        "rating_promedio": 4.75,
        "total_resenas": 2,
        "trabajos_completados": 3,
        "oficios": [{"id": uuid.uuid4(), "nombre": "Plomería"}],
        "servicios_instant": [{"id": uuid.uuid4(), "nombre": "Cambio de canilla", "precio_fijo": "18000"}],
        "resenas": [
            {
                "id": uuid.uuid4(),
                "rating": 5,
                "texto_resena": "Impecable",
                "nombre_cliente": "Lucía",
                "fecha_creacion": datetime(2025, 3, 1, tzinfo=UTC),
            }
        ],
        "fecha_creacion": datetime(2024, 1, 1, tzinfo=UTC),
        **changes,
    }
    return PublicProfile.model_validate(values)


def test_a_profile_is_a_local_business_with_its_rating_reviews_and_offers() -> None:
    pro = profile()
    data = seo.profile_jsonld(BASE, pro)
    assert data["@type"] == "LocalBusiness"
    assert data["url"] == f"{BASE}/profesionales/{pro.id}"
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": 4.8,
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert data["review"][0]["reviewRating"]["ratingValue"] == 5
    assert data["review"][0]["datePublished"] == "2025-03-01"
    assert data["makesOffer"][0]["price"] == "18000.00"
    assert data["makesOffer"][0]["priceCurrency"] == "ARS"
    assert data["priceRange"] == "ARS 15000.00 por hora"
    assert "image" not in data  # no photo, no image
    unrated = seo.profile_jsonld(BASE, profile(total_resenas=0, rating_promedio=0, resenas=[]))
    assert "aggregateRating" not in unrated  # a rating with no reviews is not a rating
    assert "review" not in unrated
    assert seo.profile_jsonld(BASE, profile(avatar_url="/media/a.webp"))["image"] == f"{BASE}/media/a.webp"


def test_a_landing_page_lists_local_businesses_serving_the_place() -> None:
    oficio = type("O", (), {"id": uuid.uuid4(), "nombre": "Gas"})()
    card = SearchCard.model_validate(
        {
            "id": uuid.uuid4(),
            "nombre": "Ana",
            "apellido": "Gómez",
            "nivel": "PLATA",
            "rating_promedio": 4,
            "total_resenas": 1,
        }
    )
    place = BY_SLUG["palermo"]
    data = seo.landing_jsonld(BASE, oficio, place, [card], total=1)
    crumbs, listing = data["@graph"]
    assert crumbs["itemListElement"][-1] == {
        "@type": "ListItem",
        "position": 2,
        "name": "Gasistas en Palermo",
        "item": f"{BASE}/gasistas/palermo",
    }
    item = listing["itemListElement"][0]
    assert item["position"] == 1
    assert item["item"]["areaServed"] == {
        "@type": "City",
        "name": "Palermo",
        "containedInPlace": {"@type": "AdministrativeArea", "name": "CABA"},
    }
    assert item["item"]["aggregateRating"]["reviewCount"] == 1


def test_robots_and_sitemap() -> None:
    robots = seo.robots_txt(BASE)
    assert robots.startswith("User-agent: *\n")
    assert f"Sitemap: {BASE}/sitemap.xml" in robots
    assert "Disallow: /admin" in robots
    assert "Disallow: /profesionales" not in robots
    xml = seo.sitemap_xml([(f"{BASE}/", None), (f"{BASE}/buscar?a=1&b=2", "2025-03-01")])
    root = ElementTree.fromstring(xml)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert [loc.text for loc in root.iter(f"{ns}loc")] == [f"{BASE}/", f"{BASE}/buscar?a=1&b=2"]
    assert [m.text for m in root.iter(f"{ns}lastmod")] == ["2025-03-01"]
