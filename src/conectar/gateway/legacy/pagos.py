"""Money: the admin home's figures (row 3) and a person's history of movements (row 4)."""

from __future__ import annotations

from . import mappings
from .calls import Answer, LegacyRequest


async def admin_get_dashboard(request: LegacyRequest) -> Answer:
    """GET /admin/pagos/dashboard (paymentService.adminGetDashboard): top-level totals."""
    return Answer(mappings.admin_dashboard(await request.v1.json("GET", "/admin/pagos/dashboard")))


async def get_payment_history(request: LegacyRequest) -> Answer:
    """GET /pagos/historial (paymentService.getPaymentHistory): the original filter and field names."""
    rol = str(request.v1.require_principal().rol)
    data = await request.v1.json(
        "GET", "/pagos/historial", query=mappings.historial_query(request.query, rol)
    )
    return Answer(mappings.historial(data, rol))
