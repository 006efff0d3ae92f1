"""What search engines read: absolute addresses on the configured public URL, schema.org JSON-LD (escaped
so no name or review can close its ``<script>``), ``robots.txt`` and ``sitemap.xml``.

Every absolute address is built from ``Settings.base_url`` (``CONECTAR_PUBLIC_URL``), the one address of
the site: canonical links, Open Graph cards, the sitemap and JSON-LD agree with each other and with the
links the platform e-mails and the checkout's return pages.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from markupsafe import Markup

from conectar.web import cities, oficios
from conectar.web.apimodels import PublicProfile, SearchCard

SITE_NAME = "ConectarProfesionales"
REVIEWS_IN_JSONLD = 10

# Pages only a signed-in person sees (and the plumbing): nothing there for a search engine.
PRIVATE_PATHS = (
    "/admin",
    "/profesional/",
    "/profesional$",
    "/chat",
    "/trabajos",
    "/pedidos",
    "/cuenta",
    "/notificaciones",
    "/pagos/",
    "/ofertas/",
    "/disputas/",
    "/sesion/",
    "/logout",
    "/live",
    "/api/",
    "/*?next=",
)

_JSON_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def absolute(base_url: str, path: str) -> str:
    """``path`` on the site's public address."""
    return base_url.rstrip("/") + (path if path.startswith("/") else "/" + path)


def json_ld(data: Any) -> Markup:
    """``data`` as the body of a ``<script type="application/ld+json">``: JSON whose ``<``, ``>`` and ``&``
    are written as ``\\u`` escapes, so text from people (a name, a review saying ``</script>``) can never
    end the element or open another one; the JSON parses to exactly the same values."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Markup(text.translate(_JSON_ESCAPES))  # noqa: S704 -- escaped above: no <, > or & left


def landing_path(oficio: oficios.OficioLike, place: cities.City) -> str:
    return f"/{oficios.landing_slug(oficio)}/{place.slug}"


def landing_title(oficio: oficios.OficioLike, place: cities.City) -> str:
    return f"{oficios.professionals_title(oficio)} en {place.nombre}"


def _rating(pro: PublicProfile | SearchCard) -> dict[str, Any] | None:
    if not pro.total_resenas:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": round(float(pro.rating_promedio), 1),
        "reviewCount": pro.total_resenas,
        "bestRating": 5,
        "worstRating": 1,
    }


def _image(base_url: str, url: str | None) -> str | None:
    if not url:
        return None
    return url if url.startswith(("http://", "https://")) else absolute(base_url, url)


def profile_jsonld(base_url: str, pro: PublicProfile) -> dict[str, Any]:
    """A professional's public profile as a schema.org ``LocalBusiness`` run by a ``Person``: the trades,
    the rate, the instant services as offers, the rating and the latest reviews."""
    url = absolute(base_url, f"/profesionales/{pro.id}")
    name = f"{pro.nombre} {pro.apellido}".strip()
    trades = [o.nombre for o in pro.oficios]
    business: dict[str, Any] = {
        "@type": "LocalBusiness",
        "@id": url + "#negocio",
        "name": name,
        "url": url,
        "description": (pro.descripcion or "").strip()
        or (f"{name}: {', '.join(trades)}. Profesional verificado en {SITE_NAME}." if trades else name),
        "address": {"@type": "PostalAddress", "addressCountry": "AR"},
        "founder": {"@type": "Person", "name": name},
        "currenciesAccepted": "ARS",
        "paymentAccepted": "MercadoPago",
    }
    image = _image(base_url, pro.avatar_url)
    if image:
        business["image"] = image
    if trades:
        business["knowsAbout"] = trades
    if pro.tarifa_por_hora is not None:
        business["priceRange"] = f"ARS {pro.tarifa_por_hora:.2f} por hora"
    if pro.servicios_instant:
        business["makesOffer"] = [
            {
                "@type": "Offer",
                "name": s.nombre,
                "description": s.descripcion or s.nombre,
                "price": f"{s.precio_fijo:.2f}",
                "priceCurrency": "ARS",
                "url": url + "#servicios",
            }
            for s in pro.servicios_instant
        ]
    rating = _rating(pro)
    if rating is not None:
        business["aggregateRating"] = rating
    if pro.resenas:
        business["review"] = [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": r.nombre_cliente},
                "datePublished": r.fecha_creacion.date().isoformat(),
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": r.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
                **({"reviewBody": r.texto_resena} if r.texto_resena else {}),
            }
            for r in pro.resenas[:REVIEWS_IN_JSONLD]
        ]
    return {"@context": "https://schema.org", **business}


def breadcrumbs(base_url: str, trail: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(base_url, path)}
            for i, (name, path) in enumerate(trail, start=1)
        ],
    }


def landing_jsonld(
    base_url: str,
    oficio: oficios.OficioLike,
    place: cities.City,
    results: Sequence[SearchCard],
    *,
    total: int,
    first_position: int = 1,
) -> dict[str, Any]:
    """An oficio-in-city page: its breadcrumb and the list of the professionals shown, each a
    ``LocalBusiness`` serving that place, with its rating."""
    path = landing_path(oficio, place)
    title = landing_title(oficio, place)
    area: dict[str, Any] = {"@type": "City", "name": place.nombre}
    if place.provincia != place.nombre:
        area["containedInPlace"] = {"@type": "AdministrativeArea", "name": place.provincia}
    items = []
    for position, card in enumerate(results, start=first_position):
        url = absolute(base_url, f"/profesionales/{card.id}")
        business: dict[str, Any] = {
            "@type": "LocalBusiness",
            "@id": url + "#negocio",
            "name": f"{card.nombre} {card.apellido}".strip(),
            "url": url,
            "areaServed": area,
            "knowsAbout": oficio.nombre,
            "address": {"@type": "PostalAddress", "addressLocality": place.nombre, "addressCountry": "AR"},
        }
        image = _image(base_url, card.avatar_url)
        if image:
            business["image"] = image
        if card.tarifa_por_hora is not None:
            business["priceRange"] = f"ARS {card.tarifa_por_hora:.2f} por hora"
        rating = _rating(card)
        if rating is not None:
            business["aggregateRating"] = rating
        items.append({"@type": "ListItem", "position": position, "item": business})
    return {
        "@context": "https://schema.org",
        "@graph": [
            breadcrumbs(base_url, [("Inicio", "/"), (title, path)]),
            {
                "@type": "ItemList",
                "@id": absolute(base_url, path) + "#profesionales",
                "name": title,
                "numberOfItems": total,
                "itemListElement": items,
            },
        ],
    }


def robots_txt(base_url: str) -> str:
    # Only Disallow lines: everything else is allowed, and crawlers that take the first matching rule
    # (not the longest, as Google does) read the same thing.
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in PRIVATE_PATHS]
    lines += ["", f"Sitemap: {absolute(base_url, '/sitemap.xml')}", ""]
    return "\n".join(lines)


def sitemap_xml(urls: Iterable[tuple[str, str | None]]) -> str:
    """A ``urlset`` of (address, ``lastmod`` date or None)."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, lastmod in urls:
        modified = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{escape(loc)}</loc>{modified}</url>")
    parts.append("</urlset>")
    return "\n".join(parts) + "\n"
