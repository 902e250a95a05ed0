"""Filter values to their wire form: numbers, dates, datetimes, months, options, tags, ids.

Every function raises `FilterError(part="value")` with a message a person can act on; the
compiler adds the path. Wire shapes follow API-NOTES.md §2.4: dates `YYYY-MM-DD`, datetimes ISO
UTC with milliseconds, option values as option ids, ratings as strings.
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from kizen_tui.api.models import FieldOption, TagOption
from kizen_tui.domain.filter_model import FilterError

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_TRUE = frozenset({"true", "yes", "checked", "on", "1"})
_FALSE = frozenset({"false", "no", "unchecked", "off", "0"})
#: The values contacts' default email_status field takes (slugs, not option ids) [K1].
EMAIL_STATUS_SLUGS = ("opted_in", "not_opted_in", "unsubscribed_from_all", "suppression_list")
_MAX_LISTED = 25


def problem(reason: str) -> FilterError:
    """A value error (part "value")."""
    return FilterError(reason, part="value")


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else type(value).__name__


def scalar(value: Any) -> Any:
    """`value` itself, or the only item of a one-item list; a longer list is an error."""
    if isinstance(value, list | tuple):
        if len(value) != 1:
            raise problem("expected a single value, got a list of " + str(len(value)))
        return value[0]
    return value


def as_list(value: Any) -> list[Any]:
    """`value` as a list (a single value becomes a one-item list)."""
    return list(value) if isinstance(value, list | tuple) else [value]


def as_text(value: Any) -> str:
    """A text value (numbers are turned into their text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    raise problem(f"expected text, got {_shown(value)}")


def as_number(value: Any) -> int | float:
    """A finite number; numeric strings are accepted."""
    if isinstance(value, bool):
        raise problem(f"expected a number, got {value}")
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise problem(f"expected a number, got {value!r}") from None
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise problem(f"expected a number, got {_shown(value)}")


def as_whole_number(value: Any) -> int | float:
    """A number for an integer field: a whole float (`1e3`, `1000.0`) becomes an int, a
    fraction stays (`seats > 2.5` still means something)."""
    number = as_number(value)
    return int(number) if isinstance(number, float) and number.is_integer() else number


def as_count(value: Any) -> int:
    """A whole number >= 0 (a count of files)."""
    number = as_number(value)
    if (isinstance(number, float) and not number.is_integer()) or number < 0:
        raise problem(f"expected a count (a whole number >= 0), got {value!r}")
    return int(number)


def as_rating(value: Any) -> str:
    """A rating as the API wants it: the whole number as a string (`"3"`)."""
    number = as_number(value)
    if (isinstance(number, float) and not number.is_integer()) or not 0 <= number <= 10:
        raise problem(f"expected a rating from 0 to 10, got {value!r}")
    return str(int(number))


def as_month(value: Any) -> int:
    """A month 1-12, from a number or an English month name (`march`, `Mar`)."""
    if isinstance(value, str) and value.strip().isalpha():
        key = value.strip().lower()
        for i, name in enumerate(MONTHS, start=1):
            if len(key) >= 3 and name.startswith(key):
                return i
        raise problem(f"expected a month (1-12 or a month name), got {value!r}")
    number = as_number(value)
    if number not in range(1, 13) or (isinstance(number, float) and not number.is_integer()):
        raise problem(f"expected a month from 1 to 12, got {value!r}")
    return int(number)


def as_bool(value: Any) -> bool:
    """A checkbox value: true/false, yes/no, checked/unchecked."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise problem(f"expected true or false, got {value!r}")


def _parse_date(text: str) -> date:
    if not _DATE_RE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def as_date(value: Any) -> str:
    """A date as `YYYY-MM-DD`."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return _parse_date(value.strip()).isoformat()
        except ValueError:
            pass
    raise problem(f"expected a date YYYY-MM-DD, got {_shown(value)}")


def format_utc(moment: datetime) -> str:
    """ISO UTC with milliseconds (`2024-12-01T06:00:00.000Z`); naive means UTC."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def as_datetime(value: Any, *, keep_date: bool = False) -> str:
    """A datetime as ISO UTC with milliseconds.

    A plain date means midnight UTC of that date, or stays a plain date when `keep_date`
    (the UI's `between` takes plain dates, API-NOTES.md §2.4). Naive datetimes are UTC.
    """
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            day = _parse_date(text)
        except ValueError:
            try:
                return format_utc(datetime.fromisoformat(text))
            except ValueError:
                raise problem("expected a date YYYY-MM-DD or a datetime "
                              f"YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM], got {value!r}") from None
    else:
        raise problem(f"expected a date or datetime, got {_shown(value)}")
    if keep_date:
        return day.isoformat()
    return format_utc(datetime(day.year, day.month, day.day, tzinfo=UTC))


def plain_date(value: Any) -> date | None:
    """The date if `value` is a plain date (no time of day), else None."""
    if isinstance(value, datetime):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return _parse_date(value.strip())
        except ValueError:
            return None
    return None


def as_id(value: Any, what: str) -> str:
    """An id (employee, record): a non-empty string, or the `id` of an object."""
    if isinstance(value, dict):
        value = value.get("id")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise problem(f"expected {what} id, got {_shown(value)}")


#: How to get an id into the bar, said where a name was given instead.
_RECORD_ID_HINT = ("relationships are filtered by record id: pick the records in the builder "
                   "(f), or copy a record's id with y")
#: The team_selector / owner value meaning "the current user" (API-NOTES.md §2.4).
IS_ME = "is_me"


def as_record_id(value: Any) -> str:
    """A related record's id: a UUID (or an object with one), in its canonical form.

    Kizen ids are UUIDs, so anything else (a record's name, most often) would match nothing;
    it is refused rather than sent.
    """
    text = as_id(value, "a record")
    if not looks_like_uuid(text):
        raise problem(f"expected a record id (a UUID), got {text!r}; {_RECORD_ID_HINT}")
    return canonical_uuid(text)


def as_employee_id(value: Any) -> str:
    """A team member's id (a UUID, in its canonical form), or `is_me` for the current user."""
    text = as_id(value, "an employee")
    if text.casefold() == IS_ME:
        return IS_ME
    if not looks_like_uuid(text):
        raise problem(f"expected a team member id (a UUID) or {IS_ME}, got {text!r}; "
                      "for the current user write `is me` (e.g. `owner is me`)")
    return canonical_uuid(text)


def canonical_uuid(text: str) -> str:
    """A UUID as Kizen writes ids (lower case, dashed): `ABCD…` and `abcd-…` match the same."""
    return str(uuid.UUID(text))


def looks_like_uuid(value: str) -> bool:
    """True for a UUID, with or without dashes."""
    return bool(_UUID_RE.fullmatch(value))


class OptionResolver:
    """Resolves option values given by id, label (case-insensitive) or code to option ids."""

    def __init__(self, options: Sequence[FieldOption | TagOption], *, field_label: str,
                 what: str = "option", loaded: bool = True) -> None:
        """`loaded=False` means the options are unknown (dynamic tags not fetched)."""
        self.options = list(options)
        self.field_label = field_label
        self.what = what
        self.loaded = loaded

    def labels(self) -> list[str]:
        """The option labels (names, else ids), in order."""
        return [o.name or o.id for o in self.options]

    def find(self, value: Any) -> FieldOption | TagOption | None:
        """The option `value` names (id, then label, then code), or None.

        Raises:
            FilterError: several options share that label.
        """
        if isinstance(value, dict):
            value = value.get("id") or value.get("name")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise problem(f"expected an {self.what} label or id, got {_shown(value)}")
        for option in self.options:
            if option.id == value:
                return option
        key = value.strip().casefold()
        named = [o for o in self.options if (o.name or "").strip().casefold() == key]
        if len(named) > 1:
            raise problem(f"{self.what} label {value!r} is ambiguous in {self.field_label}; "
                          f"use its id: {', '.join(o.id for o in named)}")
        if named:
            return named[0]
        coded = [o for o in self.options if (getattr(o, "code", None) or "").casefold() == key]
        return coded[0] if len(coded) == 1 else None

    def resolve(self, value: Any) -> str:
        """The option id for `value`.

        Raises:
            FilterError: unknown label (listing the valid ones), or options not loaded.
        """
        option = self.find(value)
        if option is not None:
            return option.id
        text = str(value.get("id") if isinstance(value, dict) else value)
        if not self.options and looks_like_uuid(text):
            return text  # nothing to check against; an id is the best guess
        if not self.loaded:
            raise problem(f"cannot resolve {self.what} {text!r}: the {self.what}s of "
                          f"{self.field_label} are not loaded; use {self.what} ids")
        raise problem(f"unknown {self.what} {text!r} for {self.field_label}; "
                      f"valid {self.what}s: {listing(self.labels())}")


def listing(labels: Sequence[str]) -> str:
    """`labels` joined for a message, cut after a sane number."""
    if not labels:
        return "(none)"
    shown = ", ".join(labels[:_MAX_LISTED])
    more = len(labels) - _MAX_LISTED
    return shown + (f", … ({more} more)" if more > 0 else "")


def slug(text: str) -> str:
    """`Opted In` -> `opted_in`."""
    return re.sub(r"[\s-]+", "_", text.strip().lower())


def email_status_slug(value: Any, resolver: OptionResolver) -> str:
    """Contacts' email_status value: one of the snake_case slugs, from a slug, label, code or id."""
    if isinstance(value, str) and slug(value) in EMAIL_STATUS_SLUGS:
        return slug(value)
    option = resolver.find(value)
    if option is not None:
        for candidate in (getattr(option, "code", None), option.name):
            if candidate and slug(candidate) in EMAIL_STATUS_SLUGS:
                return slug(candidate)
        if option.name:
            return slug(option.name)
    labels = resolver.labels() or list(EMAIL_STATUS_SLUGS)
    raise problem(f"unknown email status {value!r}; valid values: {listing(labels)}")
