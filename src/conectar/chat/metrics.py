"""The chat service's Prometheus metrics: the figures an operator pages on.

Counters and the histogram move where the thing happens, once its transaction commits (messages,
moderation, bans) or when a frame leaves for a socket (fan-out). ``conectar_chat_sockets_open`` is this
replica's own count. ``conectar_chat_escrow_overdue_trabajos`` is a database-wide level: every replica
measures it every :data:`GAUGE_SECONDS` with :class:`EscrowOverdueGauge` and exports the same figure
(alerts take ``max()``). The money refusals and the trabajos awaiting staff are in ``chat/money.py``.
"""

from __future__ import annotations

from datetime import timedelta

import structlog
from prometheus_client import Counter, Gauge, Histogram

from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.settings import ChatSettings
from conectar.platform.db import Database, utcnow
from conectar.platform.tasks import Repeating

log = structlog.get_logger(__name__)

GAUGE_SECONDS = 30.0
# How late the automatic release may be before a trabajo counts as overdue: the timers run every minute
# (``chat_timer_interval_seconds``), so a trabajo still waiting after this the timer did not move.
OVERDUE_GRACE = timedelta(minutes=10)
# The timed transition whose time the gauge watches: the automatic release out of PAGADO_EN_ESCROW.
AUTO_RELEASE = next(t for t in sm.TRANSITIONS if t.name == "liberar_automaticamente")

MESSAGES = Counter("conectar_chat_messages_total", "Chat messages people sent (stored)")
MESSAGES_MASKED = Counter(
    "conectar_chat_messages_masked_total",
    "Chat messages in which moderation masked contact data (each one an infraction of its sender)",
)
BANS = Counter(
    "conectar_chat_bans_total", "Chat bans applied (a sender reached the infractions that ban the chat)"
)
SOCKETS_OPEN = Gauge("conectar_chat_sockets_open", "Real-time sockets open on this replica")
FANOUT_SECONDS = Histogram(
    "conectar_chat_fanout_seconds",
    "From a message's commit to its frame being sent on a socket of a recipient (whichever replica holds "
    "the socket; one observation per recipient socket)",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ESCROW_OVERDUE = Gauge(
    "conectar_chat_escrow_overdue_trabajos",
    "Trabajos still in PAGADO_EN_ESCROW more than 10 minutes after their automatic release time "
    "(marked finished + chat_auto_release_hours) (database-wide)",
)


async def measure_escrow_overdue(db: Database, settings: ChatSettings) -> int:
    """Set ``conectar_chat_escrow_overdue_trabajos`` from the database; the count."""
    timer = AUTO_RELEASE.timer
    assert timer is not None
    assert AUTO_RELEASE.source is not None
    due_before = utcnow() - timedelta(hours=settings.hours(timer.period_setting)) - OVERDUE_GRACE
    async with db.session(write=False) as session:
        count = await repo.count_due(session, AUTO_RELEASE.source, timer.since_field, due_before)
    ESCROW_OVERDUE.set(count)
    return count


def escrow_overdue_gauge(
    db: Database, settings: ChatSettings, interval_seconds: float = GAUGE_SECONDS
) -> Repeating:
    """Keeps ``conectar_chat_escrow_overdue_trabajos`` current in this replica."""
    return Repeating(
        "chat-escrow-overdue-gauge", interval_seconds, lambda: measure_escrow_overdue(db, settings)
    )
