"""Date and datetime request parameters bounded to what every database of the platform holds.

Python's ``date`` and ``datetime`` accept years 1 to 9999, but a filter is widened or shifted before it is
compared (``hasta`` plus one day, an offset brought to UTC), which overflows at those edges:
``?hasta=9999-12-31`` and ``?before=0001-01-01T00:00:00+14:00`` were 500s ("date value out of range"); and
nothing this platform stores is older than its first year or centuries ahead. Every date or
datetime a client sends to filter or page a list is therefore a :data:`BoundedDate` or a
:data:`BoundedDateTime`: its year is between :data:`MIN_YEAR` and :data:`MAX_YEAR` (both included), and
anything else is a 422 (``date_out_of_range``) before the route runs. A datetime must also carry its
offset, as RFC 3339 (OpenAPI's ``date-time``) requires: the kernel's UTC columns refuse a naive one, which
was a 500 too; without it the answer is a 422 (``timezone_aware``).

    desde: BoundedDate | None = None
    before: Annotated[BoundedDateTime | None, Query(description="...")] = None
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, TypeVar

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

MIN_YEAR = 2000
MAX_YEAR = 2100

RANGE_TEXT = f"entre los años {MIN_YEAR} y {MAX_YEAR}"

_When = TypeVar("_When", date, datetime)


def aware_within_bounds(value: datetime) -> datetime:
    """``value`` if it has a UTC offset and its year is between MIN_YEAR and MAX_YEAR."""
    if value.utcoffset() is None:
        raise PydanticCustomError(
            "timezone_aware", "La fecha y hora debe indicar su zona horaria (por ejemplo Z o -03:00)"
        )
    return within_bounds(value)


def within_bounds(value: _When) -> _When:
    """``value`` if its year is between MIN_YEAR and MAX_YEAR; a validation error otherwise."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "date_out_of_range",
            "La fecha debe estar {range}",
            {"range": RANGE_TEXT, "min_year": MIN_YEAR, "max_year": MAX_YEAR},
        )
    return value


BoundedDate = Annotated[
    date,
    AfterValidator(within_bounds),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "description": f"Fecha (AAAA-MM-DD) {RANGE_TEXT}",
        }
    ),
]
"""A calendar date whose year is between MIN_YEAR and MAX_YEAR."""

BoundedDateTime = Annotated[
    datetime,
    AfterValidator(aware_within_bounds),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": f"Momento (RFC 3339, con zona horaria) {RANGE_TEXT}",
        }
    ),
]
"""A moment with its UTC offset, whose year (as written, before the offset is applied) is between MIN_YEAR
and MAX_YEAR."""
