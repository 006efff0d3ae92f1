"""Where a person's data is still held: every column of every table of a service's database, searched.

Used by the personal-data tests (SPEC §14) at the service level (SQLite or PostgreSQL) and through the
gateway (each service's PostgreSQL database): after a deletion, nothing personal may be left; before it,
the same scan must find the person (otherwise its empty answer would prove nothing).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from conectar.platform.db import Database

# PostGIS's own catalogue tables: large, and never holding a person's data.
SKIPPED_TABLES = frozenset({"spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns"})

Dump = dict[str, list[dict[str, Any]]]


def _tables(connection: Any) -> list[str]:
    return [name for name in inspect(connection).get_table_names() if name not in SKIPPED_TABLES]


async def dump(db: Database) -> Dump:
    """Every row of every table of the database, as column → value."""
    found: Dump = {}
    async with db.engine.connect() as connection:
        for name in await connection.run_sync(_tables):
            found[name] = await _rows(connection, name)
    return found


async def _rows(connection: AsyncConnection, table: str) -> list[dict[str, Any]]:
    result = await connection.execute(text(f'SELECT * FROM "{table}"'))
    return [dict(row) for row in result.mappings().all()]


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "ignore")
    if isinstance(value, dict | list):
        return json.dumps(value, default=str, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("{", "[", '"'):
        # A JSON document read back as its stored text (SQLite): non-ASCII characters are escaped there
        # ("Luc\u00eda"), so it is searched decoded as well.
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return f"{value}\n{json.dumps(decoded, default=str, ensure_ascii=False)}"
    return str(value)


def holding(tables: Dump, *needles: str) -> list[tuple[str, str, Any]]:
    """(table, column, value) of every cell where one of ``needles`` appears, case-insensitively (JSON
    documents searched as their text)."""
    wanted = [needle.casefold() for needle in needles]
    hits: list[tuple[str, str, Any]] = []
    for name, rows in tables.items():
        for row in rows:
            for column, cell in row.items():
                content = as_text(cell).casefold()
                if any(needle in content for needle in wanted):
                    hits.append((name, column, cell))
    return hits


async def traces(db: Database, *needles: str) -> list[str]:
    """``table.column holds 'needle'`` for every place of the database still holding one of ``needles``."""
    tables = await dump(db)
    found = []
    for name, column, cell in holding(tables, *needles):
        content = as_text(cell).casefold()
        for needle in needles:
            if needle.casefold() in content:
                found.append(f"{name}.{column} holds {needle!r}")
    return sorted(set(found))
