"""Where a request goes: a service, the web app, the legacy upstream, or nowhere (404).

The routing table is the public one from ``conectar.contracts.routing``: the longest prefix wins, on whole
path segments (exactly ``route_for``'s rule, looked up segment by segment instead of scanning every
prefix). The gateway's own paths (/health, /metrics, /docs, /openapi.json, /media) are answered by its
routes before this is asked; anything under them that those routes do not answer is a 404, never
forwarded; so is anything under /internal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from conectar.contracts.routing import GATEWAY_PATHS, WEB_SERVICE

INTERNAL_PREFIX = "/internal"
LEGACY = "legacy"
# Paths never sent to the web app even when it is enabled.
NOT_WEB_PREFIXES: tuple[str, ...] = (
    "/api",
    "/docs",
    "/health",
    "/metrics",
    "/media",
    "/openapi.json",
    "/.well-known",
)


class TargetKind(StrEnum):
    SERVICE = "service"
    WEB = "web"
    LEGACY = "legacy"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    upstream: str = ""
    # A low-cardinality name of the route for logs and metrics (never the concrete path).
    label: str = "<unmatched>"

    @property
    def forwarded(self) -> bool:
        return self.kind is not TargetKind.NOT_FOUND


NOT_FOUND = Target(TargetKind.NOT_FOUND)


def under(path: str, prefix: str) -> bool:
    """``path`` is ``prefix`` or below it, on whole segments."""
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def has_dot_segments(path: str) -> bool:
    return "/." in path and any(segment in (".", "..") for segment in path.split("/"))


def is_ambiguous(path: str) -> bool:
    """Paths another server might read differently from us (dot segments, empty segments, backslashes,
    NUL): never routed, so nothing can reach a reserved path such as /internal through a rewrite."""
    return (
        not path.startswith("/") or "//" in path or "\\" in path or "\x00" in path or has_dot_segments(path)
    )


class PrefixTable:
    """Path prefixes (each mapped to a value), matched on whole segments, the longest first."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        table: dict[str, str] = {}
        for prefix, value in entries:
            key = prefix.rstrip("/") or "/"
            # The first entry for a prefix wins, as in ``route_for``.
            table.setdefault(key, value)
        self._table = table

    def longest(self, path: str) -> tuple[str, str] | None:
        """The longest prefix of ``path`` in the table and its value."""
        candidate = path
        table = self._table
        while candidate:
            value = table.get(candidate)
            if value is not None:
                return candidate, value
            candidate = candidate[: candidate.rfind("/")]
        value = table.get("/")
        return ("/", value) if value is not None else None

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and self.longest(path) is not None


def prefix_set(prefixes: Iterable[str]) -> PrefixTable:
    return PrefixTable((prefix, prefix) for prefix in prefixes)


RESERVED = prefix_set([INTERNAL_PREFIX, *GATEWAY_PATHS])
NOT_WEB = prefix_set([INTERNAL_PREFIX, *NOT_WEB_PREFIXES])


class RoutingTable:
    def __init__(
        self, routes: Sequence[tuple[str, str]], *, web_enabled: bool = False, legacy_enabled: bool = False
    ) -> None:
        self.routes = tuple(routes)
        self.web_enabled = web_enabled
        self.legacy_enabled = legacy_enabled
        self._prefixes = PrefixTable(self.routes)

    @property
    def services(self) -> tuple[str, ...]:
        """The services the routes reach, in the order they first appear."""
        return tuple(dict.fromkeys(service for _, service in self.routes))

    def service_for(self, path: str) -> str | None:
        """The service owning ``path``: ``conectar.contracts.routing.route_for`` with this table."""
        match = self._prefixes.longest(path)
        return match[1] if match else None

    def target(self, path: str) -> Target:
        if is_ambiguous(path) or path in RESERVED:
            return NOT_FOUND
        match = self._prefixes.longest(path)
        if match is not None:
            prefix, service = match
            return Target(TargetKind.SERVICE, service, f"{prefix.rstrip('/')}/*")
        if self.web_enabled and path not in NOT_WEB:
            return Target(TargetKind.WEB, WEB_SERVICE, "web")
        if self.legacy_enabled:
            return Target(TargetKind.LEGACY, LEGACY, "legacy")
        return NOT_FOUND
