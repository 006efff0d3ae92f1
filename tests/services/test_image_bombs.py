"""Image bombs: a 10 KB PNG that declares 8,900 × 8,900 pixels (79 Mpx, under the twice-the-limit at which
Pillow itself raises) is refused by every endpoint that takes an image, from its header, without the
process's memory growing; and private files reach the staff sandboxed by their CSP."""

from __future__ import annotations

import gc
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from tests.factories import PDF, Account, approved_professional, create_admin, paid_trabajo, register
from tests.services.conftest import LiveStandalone

API = "/api/v1"
MEGABYTE_KB = 1024
GROWTH_LIMIT_KB = 50 * MEGABYTE_KB
STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def bomb_png() -> bytes:
    out = io.BytesIO()
    Image.new("1", (8900, 8900)).save(out, format="PNG", optimize=True)
    return out.getvalue()


BOMB = bomb_png()  # built (and its 79 MB of pixels freed) once, before anything is measured


def status_kb(field: str) -> int:
    match = re.search(rf"^{field}:\s+(\d+) kB$", STATUS.read_text(), re.MULTILINE)
    assert match is not None, field
    return int(match.group(1))


def reset_peak() -> bool:
    """Reset the process's peak resident size (VmHWM), where the kernel allows it (Linux ≥ 4.0)."""
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        return False
    return True


@dataclass
class Measured:
    response: httpx.Response
    rss_growth_kb: int
    peak_growth_kb: int | None


async def measured(send: Callable[[], Awaitable[httpx.Response]]) -> Measured:
    """The response of ``send`` and how much the process's resident memory grew meanwhile: at the end, and
    at its peak (when the peak can be reset)."""
    gc.collect()
    before = status_kb("VmRSS")
    peak_known = reset_peak()
    response = await send()
    gc.collect()
    after = status_kb("VmRSS")
    peak = status_kb("VmHWM") if peak_known else None
    return Measured(response, after - before, None if peak is None else peak - before)


@dataclass
class Targets:
    """Somebody allowed to upload to each image endpoint, and where."""

    user: Account
    pro: Account
    portfolio_item: str
    cliente: Account
    disputa: str
    kyc_pro: Account


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture(scope="module")
async def targets(live: LiveStandalone, admin: Account) -> Targets:
    api = live.client
    user = await register(api, "CLIENTE")
    pro = (await approved_professional(api, admin)).account
    item = await api.post(
        f"{API}/professional/portfolio",
        headers=pro.headers,
        json={"titulo": "Baño completo", "descripcion": "Cerámicos y grifería"},
    )
    assert item.status_code == 201, item.text
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro)
    disputa = await api.post(
        f"{API}/disputas",
        headers=cliente.headers,
        json={
            "trabajo_id": trabajo_id,
            "tipo": "CALIDAD_TRABAJO",
            "descripcion": "La pérdida sigue igual que antes.",
        },
    )
    assert disputa.status_code == 201, disputa.text
    kyc_pro = await register(api, "PROFESIONAL")
    return Targets(
        user=user,
        pro=pro,
        portfolio_item=str(item.json()["id"]),
        cliente=cliente,
        disputa=str(disputa.json()["id"]),
        kyc_pro=kyc_pro,
    )


def upload_request(
    targets: Targets, endpoint: str
) -> tuple[str, Account, list[tuple[str, tuple[str, bytes, str]]]]:
    """(path, uploader, multipart files) that send the bomb to ``endpoint``."""
    file = ("foto.png", BOMB, "image/png")
    if endpoint == "avatar":
        return f"{API}/users/me/avatar", targets.user, [("file", file)]
    if endpoint == "portfolio":
        return f"{API}/professional/portfolio/{targets.portfolio_item}/image", targets.pro, [("file", file)]
    if endpoint == "dispute evidence":
        return f"{API}/disputas/{targets.disputa}/evidencias", targets.cliente, [("file", file)]
    assert endpoint == "kyc"
    return f"{API}/professional/kyc/upload", targets.kyc_pro, [("files", ("dni.png", BOMB, "image/png"))]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("endpoint", ["avatar", "portfolio", "dispute evidence", "kyc"])
async def test_a_79_megapixel_png_is_refused_without_growing_memory(
    live: LiveStandalone, targets: Targets, endpoint: str
) -> None:
    assert len(BOMB) < 20_000
    path, uploader, files = upload_request(targets, endpoint)

    result = await measured(lambda: live.client.post(path, headers=uploader.headers, files=files))

    assert result.response.status_code == 400, result.response.text
    assert "demasiado grande" in result.response.json()["detail"]
    assert result.rss_growth_kb < GROWTH_LIMIT_KB, f"RSS grew by {result.rss_growth_kb // MEGABYTE_KB} MB"
    if result.peak_growth_kb is not None:
        assert result.peak_growth_kb < GROWTH_LIMIT_KB, (
            f"RSS peaked {result.peak_growth_kb // MEGABYTE_KB} MB above where it started"
        )


async def test_nothing_was_kept_from_the_refused_uploads(live: LiveStandalone, targets: Targets) -> None:
    api = live.client
    me = (await api.get(f"{API}/users/me", headers=targets.user.headers)).json()
    assert me["avatar_url"] is None
    item = await api.get(
        f"{API}/professional/portfolio/{targets.portfolio_item}", headers=targets.pro.headers
    )
    assert item.json()["imagenes"] == []
    evidence = await api.get(f"{API}/disputas/{targets.disputa}/evidencias", headers=targets.cliente.headers)
    assert evidence.json() == []
    kyc = (await api.get(f"{API}/professional/kyc/status", headers=targets.kyc_pro.headers)).json()
    assert (kyc["estado_verificacion"], kyc["documentos"]) == ("PENDIENTE", [])


async def test_private_files_reach_the_staff_sandboxed(
    live: LiveStandalone, admin: Account, targets: Targets
) -> None:
    api = live.client
    pro = await register(api, "PROFESIONAL")
    uploaded = await api.post(
        f"{API}/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    profile_id = (await api.get(f"{API}/professional/me", headers=pro.headers)).json()["id"]
    doc_id = (await api.get(f"{API}/professional/kyc/status", headers=pro.headers)).json()["documentos"][0][
        "id"
    ]
    kyc_pdf = await api.get(f"{API}/admin/kyc/{profile_id}/documentos/{doc_id}", headers=admin.headers)

    added = await api.post(
        f"{API}/disputas/{targets.disputa}/evidencias",
        headers=targets.cliente.headers,
        files={"file": ("factura.pdf", PDF, "application/pdf")},
    )
    assert added.status_code == 201, added.text
    evidence_pdf = await api.get(
        f"{API}/disputas/{targets.disputa}/evidencias/{added.json()['id']}", headers=admin.headers
    )

    for response in (kyc_pdf, evidence_pdf):
        assert response.status_code == 200, response.text
        assert (response.headers["content-type"], response.content) == ("application/pdf", PDF)
        directives = [d.strip() for d in response.headers["content-security-policy"].split(";")]
        assert "sandbox" in directives
        assert "default-src 'none'" in directives
        assert response.headers["content-disposition"].startswith("attachment;")
