"""Codecs for date and datetime fields.

Dates are calendar days with no zone ("YYYY-MM-DD" both ways). Datetimes arrive as ISO 8601 with
an offset, are shown and typed in the user's local zone ("YYYY-MM-DD HH:MM") and are written as
ISO 8601 in UTC with milliseconds, the form the search API also uses (API-NOTES.md §2.4).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, quote

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DATETIME = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def _date_from(text: str) -> date | None:
    match = _DATE.match(text)
    if not match:
        return None
    year, month, day = map(int, match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldParseError(f"{quote(text)} is not a valid date") from None


class DateCodec(FieldCodec):
    """`date`: a `datetime.date`; typed as YYYY-MM-DD (also "2026-3-5", "today", "tomorrow")."""

    hint = "YYYY-MM-DD or today"

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str) and len(raw.strip()) >= 10:
            return date.fromisoformat(raw.strip()[:10])  # also reads the date of a datetime
        return None

    def _format(self, value: Any) -> str:
        return value.isoformat()

    def _parse(self, text: str) -> Any:
        word = text.casefold()
        if word in _RELATIVE_DAYS:
            return self.clock().astimezone(self.tz).date() + timedelta(_RELATIVE_DAYS[word])
        found = _date_from(text)
        if found is None:
            raise FieldParseError(f"{quote(text)} is not a date (YYYY-MM-DD)")
        return found

    def _coerce(self, value: Any) -> Any:
        found = self.from_raw(value)
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return value.isoformat()

    def _validate(self, value: Any) -> list[str]:
        ok = isinstance(value, date) and not isinstance(value, datetime)
        return [] if ok else ["Must be a date"]


class DateTimeCodec(FieldCodec):
    """`datetime`: an aware `datetime`; shown and typed in local time as "YYYY-MM-DD HH:MM"."""

    hint = "YYYY-MM-DD HH:MM (local time)"

    def _from_raw(self, raw: Any) -> Any:
        if isinstance(raw, datetime):
            found = raw
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            seconds = raw / 1000 if abs(raw) > 1e11 else raw  # epoch milliseconds or seconds
            return datetime.fromtimestamp(seconds, UTC)
        elif isinstance(raw, str) and raw.strip():
            found = datetime.fromisoformat(raw.strip())
        else:
            return None
        # An offset-less timestamp from the API is UTC (the server stores UTC).
        return found if found.tzinfo is not None else found.replace(tzinfo=UTC)

    def _local(self, value: datetime) -> datetime:
        return value.astimezone(self.tz)

    def _attach_local(self, naive: datetime) -> datetime:
        if self.tz is not None:
            return naive.replace(tzinfo=self.tz)
        return naive.astimezone()  # a naive datetime is read as the machine's local time

    def _value_text(self, value: Any) -> str:
        return self._local(value).strftime("%Y-%m-%d %H:%M")

    def _format(self, value: Any) -> str:
        local = self._local(value)
        if local.second or local.microsecond:
            return local.strftime("%Y-%m-%d %H:%M:%S")
        return local.strftime("%Y-%m-%d %H:%M")

    def _parse(self, text: str) -> Any:
        word = text.casefold()
        if word == "now":
            return self.clock().astimezone(self.tz).replace(microsecond=0)
        if word in _RELATIVE_DAYS:
            start = self.clock().astimezone(self.tz).date() + timedelta(_RELATIVE_DAYS[word])
            return self._attach_local(datetime.combine(start, time()))
        match = _DATETIME.match(text)
        if match:
            year, month, day, hour, minute, second = (int(p) if p else 0 for p in match.groups())
            try:
                return self._attach_local(datetime(year, month, day, hour, minute, second))
            except ValueError:
                raise FieldParseError(f"{quote(text)} is not a valid date and time") from None
        try:
            found = datetime.fromisoformat(text)
        except ValueError:
            raise FieldParseError(
                f"{quote(text)} is not a date and time (YYYY-MM-DD HH:MM)") from None
        return found if found.tzinfo is not None else self._attach_local(found)

    def _coerce(self, value: Any) -> Any:
        found = self.from_raw(value)
        return value if found is None else found

    def _to_wire(self, value: Any) -> Any:
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _validate(self, value: Any) -> list[str]:
        ok = isinstance(value, datetime) and value.tzinfo is not None
        return [] if ok else ["Must be a date and time"]
