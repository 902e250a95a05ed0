"""Datetime storage and rendering: stored as UTC microseconds, shown in the business timezone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

#: The business's timezone: datetimes are rendered with its offset, like the live service
#: (API-NOTES §4 shows `-05:00`).
BUSINESS_TZ = ZoneInfo("America/Chicago")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def now_us() -> int:
    """The current time as microseconds since the epoch."""
    return to_us(datetime.now(UTC))


def to_us(moment: datetime) -> int:
    """An aware datetime as microseconds since the epoch."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int) -> datetime:
    """Microseconds since the epoch as an aware UTC datetime."""
    return EPOCH + timedelta(microseconds=us)


def render(us: int) -> str:
    """A stored datetime as ISO 8601 with the business's offset."""
    return from_us(us).astimezone(BUSINESS_TZ).isoformat()


def parse_datetime(text: str) -> int | None:
    """An ISO 8601 datetime (or a plain date, as midnight UTC) as microseconds; None if invalid.

    A datetime without an offset is taken as UTC.
    """
    if not isinstance(text, str):
        return None
    if _DATE_RE.match(text):
        day = parse_date(text)
        return to_us(datetime(day.year, day.month, day.day, tzinfo=UTC)) if day else None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return to_us(moment)


def parse_date(text: object) -> date | None:
    """A `YYYY-MM-DD` date, or None if `text` is not one."""
    if not isinstance(text, str) or not _DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_bounds(day: date) -> tuple[int, int]:
    """The first and last microsecond of a UTC day."""
    start = to_us(datetime(day.year, day.month, day.day, tzinfo=UTC))
    return start, start + 86_400_000_000 - 1
