"""Every legacy call the layer serves, in one table (docs/legacy.md lists the same).

Each entry: the call as the original frontend sends it (method and path under /api/v1), the frontend
functions that send it, the row of issue 20's table it answers, the v1 calls it stands for, and its
adapter — a declared alias (:func:`calls.alias`) or a small function named after the call — or, for a
call the frontend already makes in v1's words, :func:`calls.forward` (the same request on the same path
under /api/v1, unchanged). Nothing else under /legacy/api/v1 is served (404): this table is the whole
surface of the legacy API, and ``conectar_legacy_requests_total`` counts each line by name, so a line
nobody calls any more can be deleted. tests/legacy_frontend/calls.py records every call of the original
frontend and which line serves it.
"""

from __future__ import annotations

from . import mappings, pagos, profesionales, search, trabajos
from .calls import LegacyCall, LegacyRequest, alias, forward


def _ban(data: object, _request: LegacyRequest) -> object:
    return mappings.ban(data) if isinstance(data, dict) else data


def _trabajos(data: object, _request: LegacyRequest) -> object:
    return mappings.trabajo(data) if isinstance(data, dict) else data


LEGACY_CALLS: tuple[LegacyCall, ...] = (
    # --- row 1: /chat_ofertas → the caller's role's paths ------------------------------------------------
    LegacyCall(
        "GET",
        "/chat_ofertas/ofertas",
        "ofertasService.getMyOfertas",
        1,
        (
            "GET /professional/ofertas",
            "GET /cliente/ofertas",
            "GET /chat/my-chats",
            "GET /public/professional/{id}",
        ),
        trabajos.get_my_ofertas,
    ),
    LegacyCall(
        "GET",
        "/chat_ofertas/trabajos",
        "trabajosService.getMyTrabajos",
        1,
        ("GET /professional/trabajos", "GET /cliente/trabajos"),
        trabajos.get_my_trabajos,
    ),
    LegacyCall(
        "GET",
        "/chat_ofertas/trabajos/{trabajo_id}",
        "trabajosService.getTrabajoById",
        1,
        ("GET /professional/trabajos/{trabajo_id}", "GET /cliente/trabajo/{trabajo_id}"),
        trabajos.get_trabajo_by_id,
    ),
    LegacyCall(
        "GET",
        "/chat_ofertas/trabajos/{trabajo_id}/timeline",
        "trabajosService.getTrabajoTimeline",
        1,
        ("GET /professional/trabajos/{trabajo_id}", "GET /cliente/trabajo/{trabajo_id}"),
        trabajos.get_trabajo_timeline,
    ),
    LegacyCall(
        "PUT",
        "/chat_ofertas/trabajos/{trabajo_id}",
        "trabajosService.updateTrabajo (iniciar, completar, aprobar)",
        1,
        (
            "POST /professional/trabajos/{trabajo_id}/completar",
            "POST /cliente/trabajo/{trabajo_id}/finalizar",
        ),
        trabajos.update_trabajo,
    ),
    LegacyCall(
        "POST",
        "/chat_ofertas/trabajos/{trabajo_id}/cancelar",
        "trabajosService.cancelarTrabajo",
        1,
        ("POST /professional/trabajos/{trabajo_id}/cancelar", "POST /cliente/trabajo/{trabajo_id}/cancelar"),
        trabajos.cancelar_trabajo,
    ),
    # --- row 2: search ----------------------------------------------------------------------------------------
    LegacyCall(
        "POST",
        "/search",
        "searchService.searchProfessionals",
        2,
        ("POST /search", "GET /public/oficios"),
        search.search_professionals,
    ),
    # --- row 3: the admin home --------------------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/admin/pagos/dashboard",
        "paymentService.adminGetDashboard",
        3,
        ("GET /admin/pagos/dashboard",),
        pagos.admin_get_dashboard,
    ),
    # --- row 4: a professional's payments ----------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/pagos/historial",
        "paymentService.getPaymentHistory",
        4,
        ("GET /pagos/historial",),
        pagos.get_payment_history,
    ),
    # --- row 5: published services and hiring one -------------------------------------------------------------
    LegacyCall(
        "GET",
        "/servicios",
        "publicService.getProyectosPublicados",
        5,
        ("GET /servicios", "GET /public/oficios"),
        profesionales.get_proyectos_publicados,
    ),
    LegacyCall(
        "POST",
        "/cliente/servicios/{servicio_id}/contratar",
        "clienteService.contratarProyecto",
        5,
        ("POST /cliente/servicios/{servicio_id}/contratar",),
        profesionales.contratar_proyecto,
    ),
    # --- row 6: KYC review ------------------------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/admin/kyc/pending",
        "adminService.listPendingKYC",
        6,
        ("GET /admin/kyc/pendientes",),
        alias("GET", "/admin/kyc/pendientes"),
    ),
    LegacyCall(
        "PUT",
        "/admin/kyc/{profesional_id}/approve",
        "adminService.approveKYC",
        6,
        ("POST /admin/kyc/approve/{profesional_id}",),
        alias("POST", "/admin/kyc/approve/{profesional_id}"),
    ),
    LegacyCall(
        "PUT",
        "/admin/kyc/{profesional_id}/reject",
        "adminService.rejectKYC",
        6,
        ("POST /admin/kyc/reject/{profesional_id}",),
        alias("POST", "/admin/kyc/reject/{profesional_id}", body=mappings.kyc_reject_body),
    ),
    # --- row 7: a professional's own published services -----------------------------------------------------------
    LegacyCall(
        "GET",
        "/profesional/servicios/me",
        "professionalService.getMisProyectosPublicados",
        7,
        ("GET /professional/servicios",),
        alias("GET", "/professional/servicios", answer=profesionales.servicios_publicados),
    ),
    LegacyCall(
        "POST",
        "/profesional/servicios",
        "professionalService.publicarProyecto",
        7,
        ("POST /professional/servicios",),
        alias("POST", "/professional/servicios", answer=profesionales.servicios_publicados, stream=True),
    ),
    LegacyCall(
        "PUT",
        "/profesional/servicios/{servicio_id}",
        "professionalService.actualizarProyecto",
        7,
        ("PUT /professional/servicios/{servicio_id}",),
        alias(
            "PUT",
            "/professional/servicios/{servicio_id}",
            answer=profesionales.servicios_publicados,
            stream=True,
        ),
    ),
    LegacyCall(
        "DELETE",
        "/profesional/servicios/{servicio_id}",
        "professionalService.eliminarProyecto",
        7,
        ("DELETE /professional/servicios/{servicio_id}",),
        alias("DELETE", "/professional/servicios/{servicio_id}"),
    ),
    # --- row 8: a client's offers -------------------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/cliente/ofertas",
        "clienteService.listOfertas",
        8,
        ("GET /cliente/ofertas", "GET /chat/my-chats", "GET /public/professional/{id}"),
        trabajos.list_ofertas_cliente,
    ),
    # --- row 9: portfolios ----------------------------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/professional/portfolio",
        "professionalService.listPortfolio, portfolioService.getMyPortfolio",
        9,
        ("GET /professional/portfolio",),
        alias("GET", "/professional/portfolio", answer=profesionales.portfolio),
    ),
    LegacyCall(
        "POST",
        "/professional/portfolio",
        "professionalService.createPortfolioItem, portfolioService.createPortfolioItem",
        9,
        ("POST /professional/portfolio",),
        alias("POST", "/professional/portfolio", answer=profesionales.portfolio, stream=True),
    ),
    LegacyCall(
        "POST",
        "/professional/portfolio/{item_id}/image",
        "professionalService.uploadPortfolioImage, portfolioService.uploadPortfolioImage",
        9,
        ("POST /professional/portfolio/{item_id}/image",),
        alias("POST", "/professional/portfolio/{item_id}/image", answer=profesionales.portfolio, stream=True),
    ),
    LegacyCall(
        "GET",
        "/public/professional/{profesional_id}/portfolio",
        "publicService.getProfessionalPortfolio, professionalService.getPublicPortfolio, "
        "portfolioService.getPublicPortfolio",
        9,
        ("GET /public/professional/{profesional_id}/portfolio",),
        alias("GET", "/public/professional/{profesional_id}/portfolio", answer=profesionales.portfolio),
    ),
    # --- row 10: the public profile's reviews ----------------------------------------------------------------------
    LegacyCall(
        "GET",
        "/public/professional/{profesional_id}",
        "publicService.getProfessionalProfile, professionalService.getPublicProfile",
        10,
        ("GET /public/professional/{profesional_id}",),
        alias("GET", "/public/professional/{profesional_id}", answer=profesionales.perfil_publico),
    ),
    # --- row 11: trabajos with ``estado`` on their v1 paths --------------------------------------------------------
    LegacyCall(
        "GET",
        "/admin/trabajos",
        "adminService.listAllTrabajos",
        11,
        ("GET /admin/trabajos",),
        trabajos.list_all_trabajos,
    ),
    LegacyCall(
        "GET",
        "/cliente/trabajos",
        "clienteService.listTrabajos",
        11,
        ("GET /cliente/trabajos",),
        trabajos.list_trabajos_cliente,
    ),
    LegacyCall(
        "GET",
        "/cliente/trabajo/{trabajo_id}",
        "clienteService.getTrabajo",
        11,
        ("GET /cliente/trabajo/{trabajo_id}",),
        alias("GET", "/cliente/trabajo/{trabajo_id}", answer=_trabajos),
    ),
    LegacyCall(
        "GET",
        "/professional/trabajos",
        "professionalService.listTrabajos",
        11,
        ("GET /professional/trabajos",),
        trabajos.list_trabajos_profesional,
    ),
    # --- row 13: ban and unban --------------------------------------------------------------------------------------
    LegacyCall(
        "POST",
        "/admin/users/{user_id}/ban",
        "adminService.banUser",
        13,
        ("POST /admin/users/{user_id}/ban",),
        alias("POST", "/admin/users/{user_id}/ban", answer=_ban),
    ),
    LegacyCall(
        "POST",
        "/admin/users/{user_id}/unban",
        "adminService.unbanUser",
        13,
        ("POST /admin/users/{user_id}/unban",),
        alias("POST", "/admin/users/{user_id}/unban", answer=_ban),
    ),
    # --- rows 14 and 15: v1 calls the original frontend does not make, served under /legacy so that a legacy
    # client's session and payment keep its per-client settings (docs/legacy.md, "Per-client settings") ---
    forward("POST", "/auth/refresh", "none (row 14: a refresh keeps the client's token lifetime)", 14),
    forward("POST", "/auth/logout", "none (row 14: ends a longer-lived token at once)", 14),
    forward(
        "POST",
        "/cliente/trabajo/{trabajo_id}/pagar",
        "none (row 15: a payment link asked for again returns to the client's pages)",
        15,
    ),
    # --- the calls the frontend makes in v1's own words: forwarded unchanged -------------------------------------
    forward("GET", "/admin/disputas", "disputeService.getAllDisputes"),
    forward("POST", "/admin/disputas/{dispute_id}/resolver", "disputeService.resolveDispute"),
    forward("GET", "/admin/metrics/financials", "adminService.getFinancialMetrics"),
    forward("GET", "/admin/metrics/users", "adminService.getUserMetrics"),
    forward("GET", "/admin/oficios", "adminService.listOficios, oficiosService.adminListOficios"),
    forward("POST", "/admin/oficios", "adminService.createOficio, oficiosService.adminCreateOficio"),
    forward("PUT", "/admin/oficios/{oficio_id}", "oficiosService.adminUpdateOficio"),
    forward(
        "GET", "/admin/oficios/{oficio_id}/servicios-instant", "adminService.listServiciosInstantPorOficio"
    ),
    forward("PATCH", "/admin/oficios/{oficio_id}/toggle", "oficiosService.adminToggleOficio"),
    forward("GET", "/admin/pagos/retiros", "paymentService.adminListWithdrawals"),
    forward("POST", "/admin/pagos/retiros/{retiro_id}/aprobar", "paymentService.adminApproveWithdrawal"),
    forward("POST", "/admin/pagos/retiros/{retiro_id}/rechazar", "paymentService.adminRejectWithdrawal"),
    forward("POST", "/admin/servicios-instant", "adminService.createServicioInstant"),
    forward("POST", "/admin/trabajo/{trabajo_id}/cancelar", "adminService.cancelarTrabajo"),
    forward("POST", "/admin/trabajo/{trabajo_id}/simular-pago", "adminService.simularPago"),
    forward("GET", "/admin/users", "adminService.listAllUsers"),
    forward("GET", "/admin/users/search", "adminService.searchUsers"),
    forward("POST", "/auth/forgot-password", "authService.forgotPassword"),
    forward("POST", "/auth/login", "authService.login"),
    forward("POST", "/auth/register", "authService.register"),
    forward("POST", "/auth/reset-password", "authService.resetPassword"),
    forward("GET", "/cliente/ofertas/{oferta_id}", "clienteService.getOferta"),
    forward("POST", "/cliente/ofertas/{oferta_id}/accept", "clienteService.acceptOferta"),
    forward("POST", "/cliente/ofertas/{oferta_id}/reject", "clienteService.rejectOferta"),
    forward("POST", "/cliente/trabajo/{trabajo_id}/cancelar", "clienteService.cancelarTrabajo"),
    forward("POST", "/cliente/trabajo/{trabajo_id}/finalizar", "clienteService.finalizarTrabajo"),
    forward("POST", "/cliente/trabajo/{trabajo_id}/resena", "clienteService.crearResena"),
    forward("POST", "/disputas", "disputeService.createDispute"),
    forward("GET", "/disputas/mis-disputas", "disputeService.getMyDisputes"),
    forward("GET", "/disputas/{dispute_id}", "disputeService.getDispute"),
    forward("POST", "/disputas/{dispute_id}/cancelar", "disputeService.cancelDispute"),
    forward("POST", "/disputas/{dispute_id}/evidencias", "disputeService.addEvidence"),
    forward("GET", "/disputas/{dispute_id}/mensajes", "disputeService.getDisputeMessages"),
    forward("POST", "/disputas/{dispute_id}/mensajes", "disputeService.sendMessage"),
    forward("GET", "/gamification/leaderboard", "gamificationService.getLeaderboard"),
    forward("GET", "/notificaciones", "notificationService.getNotifications"),
    forward("PUT", "/notificaciones/leer-todas", "notificationService.markAllAsRead"),
    forward("GET", "/notificaciones/no-leidas/contador", "notificationService.getUnreadCount"),
    forward("GET", "/notificaciones/preferencias", "notificationService.getPreferences"),
    forward("PUT", "/notificaciones/preferencias", "notificationService.updatePreferences"),
    forward("POST", "/notificaciones/push/desregistrar", "notificationService.unregisterPushToken"),
    forward("POST", "/notificaciones/push/registrar", "notificationService.registerPushToken"),
    forward("PUT", "/notificaciones/{notification_id}/leer", "notificationService.markAsRead"),
    forward("GET", "/pagos/balance", "paymentService.getBalance"),
    forward("POST", "/pagos/retiros", "paymentService.requestWithdrawal"),
    forward("GET", "/professional/kyc/status", "professionalService.getKYCStatus"),
    forward("GET", "/professional/me", "professionalService.getMe"),
    forward(
        "PUT",
        "/professional/me",
        "professionalService.updateLocation, professionalService.updateOficios, professionalService.updatePayoutInfo, professionalService.updateProfile",
    ),
    forward("GET", "/professional/ofertas", "professionalService.listOfertas"),
    forward(
        "POST", "/professional/ofertas", "chatService.sendOfferMessage, professionalService.createOferta"
    ),
    forward("PUT", "/professional/portfolio/{item_id}", "portfolioService.updatePortfolioItem"),
    forward(
        "DELETE",
        "/professional/portfolio/{item_id}",
        "portfolioService.deletePortfolioItem, professionalService.deletePortfolioItem",
    ),
    forward("GET", "/public/oficios", "oficiosService.getAll, publicService.getOficios"),
    forward("GET", "/public/professional/{profesional_id}/resenas", "publicService.getReviews"),
    forward("POST", "/resenas/{review_id}/responder", "reviewService.respondToReview"),
    forward("GET", "/users/me", "userService.getMe"),
    forward("PUT", "/users/me", "userService.updateMe"),
    forward("POST", "/users/me/avatar", "userService.uploadAvatar"),
    forward("POST", "/users/me/change-password", "userService.changePassword"),
)
