"""The kernel's bounded date and datetime parameters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import TypeAdapter, ValidationError

from conectar.platform.dates import MAX_YEAR, MIN_YEAR, BoundedDate, BoundedDateTime

DATES = TypeAdapter(BoundedDate)
MOMENTS = TypeAdapter(BoundedDateTime)


@pytest.mark.parametrize("text", [f"{MIN_YEAR}-01-01", "2025-02-28", f"{MAX_YEAR}-12-31"])
def test_dates_in_range_are_accepted(text: str) -> None:
    value = DATES.validate_python(text)
    assert value == date.fromisoformat(text)
    value + timedelta(days=1)  # a filter is widened by a day; that must not overflow


@pytest.mark.parametrize(
    "text", ["0001-01-01", f"{MIN_YEAR - 1}-12-31", f"{MAX_YEAR + 1}-01-01", "9999-12-31"]
)
def test_dates_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        DATES.validate_python(text)
    [error] = caught.value.errors()
    assert error["type"] == "date_out_of_range"
    assert f"{MIN_YEAR} y {MAX_YEAR}" in error["msg"]


@pytest.mark.parametrize(
    "text",
    [f"{MIN_YEAR}-01-01T00:00:00+14:00", "2025-06-01T12:00:00Z", f"{MAX_YEAR}-12-31T23:59:59.999999-14:00"],
)
def test_moments_in_range_are_accepted_and_convert_to_utc(text: str) -> None:
    value = MOMENTS.validate_python(text)
    assert value.tzinfo is not None
    value.astimezone(UTC)


@pytest.mark.parametrize(
    "text",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59.999999-14:00", f"{MAX_YEAR + 1}-01-01T00:00:00Z"],
)
def test_moments_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        MOMENTS.validate_python(text)
    assert caught.value.errors()[0]["type"] == "date_out_of_range"


def test_the_range_is_documented_in_the_schema() -> None:
    for adapter, fmt in ((DATES, "date"), (MOMENTS, "date-time")):
        schema = adapter.json_schema()
        assert schema["format"] == fmt
        assert f"{MIN_YEAR} y {MAX_YEAR}" in schema["description"]


@pytest.mark.parametrize("value", ["2025-06-01T12:00:00", datetime(2025, 6, 1, 12)])
def test_moments_without_an_offset_are_refused(value: str | datetime) -> None:
    # The kernel's UTC columns refuse naive datetimes (that was a 500); RFC 3339 requires the offset.
    with pytest.raises(ValidationError) as caught:
        MOMENTS.validate_python(value)
    assert caught.value.errors()[0]["type"] == "timezone_aware"


def test_aware_moments_are_kept_as_given() -> None:
    aware = datetime(MAX_YEAR, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert MOMENTS.validate_python(aware) == aware
