"""Pagination parameters shared by every list endpoint.

A page number is bounded so that ``(page - 1) * limit`` always fits the databases' integers (an unbounded
``?page=`` was a 500); endpoints whose contract clamps instead of refusing use :func:`clamp`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

MAX_PAGE = 100_000
MAX_LIMIT = 100

Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Página, desde 1")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Elementos por página (1–100)")]


def clamp(page: int, limit: int) -> tuple[int, int]:
    """(page, limit) brought into range, for lists whose contract clamps rather than refuses."""
    return min(max(page, 1), MAX_PAGE), min(max(limit, 1), MAX_LIMIT)
