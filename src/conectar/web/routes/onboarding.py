"""A new professional's first steps, one at a time, with progress: profile, oficios, zone (on a map),
payout account, documents, portfolio (issue 16, item 5).

Every step saves through the same public API as the profile editor (``routes/professional.py``) and moves
on; any step but the oficios can wait ("Después"). Finishing needs at least one oficio: a professional
without one never appears in a search. Where a step stands is read from the API each time (the profile,
the KYC status, the portfolio), so the stepper and the dashboard's progress always agree with the profile
editor; the API keeps no "onboarding finished" mark, and none is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from conectar.web.apimodels import KycStatus, Oficio, PortfolioItem, Profile
from conectar.web.cities import BY_SLUG, nearest
from conectar.web.core import W, Web, file_part, money_input, role_required
from conectar.web.forms import submit

router = APIRouter(prefix="/profesional/empezar", dependencies=[role_required("PROFESIONAL")])

KYC_MAX_FILES = 5
NEEDS_ONE_OFICIO = "Elegí al menos un oficio: sin oficio no aparecés en ninguna búsqueda."


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    why: str


STEPS = (
    Step("perfil", "Tu perfil", "Tu tarifa y cómo trabajás: es lo primero que leen los clientes."),
    Step("oficios", "Tus oficios", "Aparecés en las búsquedas de los oficios que elijas."),
    Step("zona", "Tu zona", "Los clientes ven a qué distancia estás, nunca tu dirección."),
    Step("cobro", "Tu cuenta para cobrar", "Ahí transferimos lo que ganás."),
    Step("documentos", "Tus documentos", "Verificamos tu identidad para que los clientes confíen en vos."),
    Step(
        "portfolio", "Tu portfolio", "Fotos de trabajos hechos: los perfiles con fotos reciben más consultas."
    ),
)
BY_SLUG_STEP = {step.slug: step for step in STEPS}


@dataclass(frozen=True)
class Progress:
    """Which steps are done, from the API's answers."""

    done: dict[str, bool]

    @property
    def count(self) -> int:
        return sum(self.done.values())

    @property
    def total(self) -> int:
        return len(STEPS)

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total)

    @property
    def next_slug(self) -> str | None:
        return next((step.slug for step in STEPS if not self.done[step.slug]), None)


def progress_of(me: Profile, kyc: KycStatus | None, items: list[PortfolioItem]) -> Progress:
    return Progress(
        {
            "perfil": me.tarifa_por_hora is not None and bool(me.descripcion),
            "oficios": bool(me.oficios),
            "zona": me.latitude is not None,
            "cobro": bool(me.payout_account),
            "documentos": kyc is not None and (kyc.estado_verificacion in ("EN_REVISION", "APROBADO")),
            "portfolio": bool(items),
        }
    )


async def current(w: Web) -> tuple[Profile, KycStatus | None, list[PortfolioItem], Progress]:
    none: list[PortfolioItem] = []
    me, kyc, items = await asyncio.gather(
        w.api.get_model("/professional/me", Profile),
        w.api.soft_model("/professional/kyc/status", KycStatus, None),
        w.api.soft_model("/professional/portfolio", list[PortfolioItem], none),
    )
    return me, kyc, items, progress_of(me, kyc, items)


def _after(slug: str) -> str:
    index = [step.slug for step in STEPS].index(slug)
    return (
        f"/profesional/empezar/{STEPS[index + 1].slug}"
        if index + 1 < len(STEPS)
        else "/profesional/empezar/listo"
    )


async def step_page(
    w: Web,
    slug: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    me, kyc, items, progress = await current(w)
    oficios: list[Oficio] = []
    if slug == "oficios":
        oficios = await w.api.get_model("/public/oficios", list[Oficio], auth=False)
    ciudad = (
        nearest(me.latitude, me.longitude) if me.latitude is not None and me.longitude is not None else None
    )
    index = [step.slug for step in STEPS].index(slug)
    return await w.render_form(
        "professional/onboarding.html",
        steps=STEPS,
        step=BY_SLUG_STEP[slug],
        number=index + 1,
        next_url=_after(slug),
        progress=progress,
        me=me,
        kyc=kyc,
        items=items,
        oficios=oficios,
        ciudad=ciudad,
        errors=errors,
        values=values,
    )


@router.get("")
async def start(w: W) -> Response:
    """Where the person left off: the first step not done (or the end)."""
    *_, progress = await current(w)
    return w.redirect(f"/profesional/empezar/{progress.next_slug or 'listo'}")


@router.get("/listo")
async def review(w: W) -> Response:
    return await finish_page(w)


async def finish_page(w: Web, errors: dict[str, str] | None = None) -> Response:
    me, kyc, _, progress = await current(w)
    return await w.render_form(
        "professional/onboarding_done.html",
        steps=STEPS,
        progress=progress,
        me=me,
        kyc=kyc,
        errors=errors,
    )


@router.post("/terminar")
async def finish(w: W) -> Response:
    """Done with the first steps: refused without an oficio; the rest may come later."""
    me = await w.api.get_model("/professional/me", Profile)
    if not me.oficios:
        return await finish_page(w, {"oficios": NEEDS_ONE_OFICIO})
    w.session.flash(
        "¡Listo! Tu perfil está armado. Cuando verifiquemos tu documentación vas a aparecer en las búsquedas."
        if me.estado_verificacion != "APROBADO"
        else "¡Listo! Tu perfil está armado y ya aparecés en las búsquedas de tu zona."
    )
    return w.redirect("/profesional")


@router.get("/{slug}")
async def show_step(slug: str, w: W) -> Response:
    if slug not in BY_SLUG_STEP:
        return w.redirect("/profesional/empezar")
    return await step_page(w, slug)


Saver = Callable[[Web, dict[str, str]], Awaitable[Any]]


async def _save_profile(w: Web, fields: dict[str, str]) -> Any:
    body: dict[str, Any] = {
        "tarifa_por_hora": money_input(fields.get("tarifa_por_hora")),
        "descripcion": fields.get("descripcion") or None,
        "acepta_instant": fields.get("acepta_instant") == "1",
    }
    if fields.get("radio_cobertura_km"):
        body["radio_cobertura_km"] = fields["radio_cobertura_km"]
    return await w.api.put("/professional/profile", body)


async def _save_oficios(w: Web, fields: dict[str, str]) -> Any:
    form = await w.form()
    ids = [str(v) for v in form.getlist("oficio_ids") if isinstance(v, str)]
    return await w.api.put("/professional/profile/oficios", {"oficio_ids": ids})


async def _save_payout(w: Web, fields: dict[str, str]) -> Any:
    return await w.api.put(
        "/professional/payout-info", {"payout_account": fields.get("payout_account", "").replace(" ", "")}
    )


SAVERS: dict[str, Saver] = {"perfil": _save_profile, "oficios": _save_oficios, "cobro": _save_payout}


@router.post("/{slug}")
async def save_step(slug: str, w: W) -> Response:
    """Save one step and go to the next; the same step again with the refusals under their fields."""
    if slug not in BY_SLUG_STEP:
        return w.redirect("/profesional/empezar")
    fields = await w.fields()
    if fields.get("accion") == "despues":  # this one can wait
        return w.redirect(_after(slug))

    async def again(errors: dict[str, str]) -> Response:
        return await step_page(w, slug, errors=errors, values=fields)

    if slug == "oficios":
        form = await w.form()
        if not [v for v in form.getlist("oficio_ids") if isinstance(v, str)]:
            return await again({"oficio_ids": NEEDS_ONE_OFICIO})
    if slug in SAVERS:
        saved = await submit(SAVERS[slug](w, fields), again, aliases={"oficio_ids": "oficio_ids"})
    elif slug == "zona":
        saved = await _save_zone(w, fields, again)
    elif slug == "documentos":
        saved = await _save_documents(w, again)
    else:
        saved = await _save_portfolio(w, fields, again)
    if isinstance(saved, Response):
        return saved
    return w.redirect(_after(slug), f"Guardado: {BY_SLUG_STEP[slug].title.lower()}.")


async def _save_zone(
    w: Web, fields: dict[str, str], again: Callable[[dict[str, str]], Awaitable[Response]]
) -> Any:
    lat, lng = fields.get("latitude"), fields.get("longitude")
    city = BY_SLUG.get(fields.get("ciudad") or "")
    if city is not None and (not lat or not lng):
        lat, lng = str(city.lat), str(city.lng)
    if not lat or not lng:
        return await again({"ubicacion": "Marcá tu ubicación en el mapa o elegí una ciudad"})
    return await submit(
        w.api.put("/professional/profile/location", {"latitude": lat, "longitude": lng}),
        again,
        aliases={"latitude": "ubicacion", "longitude": "ubicacion"},
    )


async def _save_documents(w: Web, again: Callable[[dict[str, str]], Awaitable[Response]]) -> Any:
    uploads = await w.files("files")
    if not uploads:
        return await again({"files": "Elegí al menos un archivo"})
    files = [file_part("files", u, await u.read(), "documento") for u in uploads[:KYC_MAX_FILES]]
    return await submit(w.api.post("/professional/kyc/upload", files=files), again, field="files")


async def _save_portfolio(
    w: Web, fields: dict[str, str], again: Callable[[dict[str, str]], Awaitable[Response]]
) -> Any:
    item = await submit(
        w.api.post_model(
            "/professional/portfolio",
            PortfolioItem,
            {"titulo": fields.get("titulo", ""), "descripcion": fields.get("descripcion", "")},
        ),
        again,
    )
    if isinstance(item, Response):
        return item
    for upload in await w.files("imagenes"):
        data = await upload.read()
        image = file_part("file", upload, data, "imagen")
        saved = await submit(
            w.api.post(f"/professional/portfolio/{item.id}/image", files=[image]), again, field="imagenes"
        )
        if isinstance(saved, Response):
            return saved
    return item
