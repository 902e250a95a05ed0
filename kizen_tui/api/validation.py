"""Argument checks run before a request is built: bad input is a ValueError, never a request.

Catching mistakes here gives the caller a message naming the argument instead of a 400 or a 404
from the server, and keeps malformed paths (an empty object, a non-UUID id) off the wire.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from kizen_tui.api.models import FieldWrite

_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
MAX_PAGE_SIZE = 1000
UNARCHIVE_CHOICES = ("prompt", "unarchive", "overwrite")
ARCHIVED_CONFLICT_CHOICES = ("overwrite",)
Names = str | Sequence[str]


def is_uuid(value: object) -> bool:
    """True for a hyphenated UUID string (the form the API's path patterns require)."""
    return isinstance(value, str) and bool(_UUID.match(value))


def text(value: object, what: str) -> str:
    """A non-blank string, or ValueError naming `what`."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    return value


def uuid(value: object, what: str) -> str:
    """A hyphenated UUID string, or ValueError naming `what`."""
    if not is_uuid(value):
        raise ValueError(f"{what} must be a UUID like 8-4-4-4-12 hex digits, got {value!r}")
    return str(value)


def paging(page: int, page_size: int) -> None:
    """Check `page >= 1` and `1 <= page_size <= 1000`."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise ValueError(f"page must be an integer >= 1, got {page!r}")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not (
        1 <= page_size <= MAX_PAGE_SIZE
    ):
        raise ValueError(f"page_size must be an integer from 1 to {MAX_PAGE_SIZE}, "
                         f"got {page_size!r}")


def exclusive(names: tuple[str, str], first: object, second: object) -> None:
    """ValueError when both of two mutually exclusive arguments are given."""
    if first is not None and second is not None:
        raise ValueError(f"give either {names[0]} or {names[1]}, not both")


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    """None or one of `allowed`."""
    if value is not None and value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}; got {value!r}")
    return value


def name_list(value: Names | None, what: str) -> list[str] | None:
    """A list of non-empty names (a single string is one name), or None."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    for item in items:
        text(item, f"each item of {what}")
    return items


def id_list(value: Names | None, what: str) -> list[str] | None:
    """A list of UUIDs (a single string is one id), or None."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    return [uuid(item, f"each item of {what}") for item in items]


def csv(items: list[str] | None) -> str | None:
    """Comma-separated for the query string; an empty list stays present as ""."""
    return None if items is None else ",".join(items)


def flag(value: bool | None) -> str | None:
    """A query-string boolean ("true"/"false"), or None to leave it out."""
    return None if value is None else ("true" if value else "false")


def field_writes(fields: object) -> list[dict[str, Any]]:
    """Validate field writes (FieldWrite or mappings) and return their wire dicts."""
    if isinstance(fields, str | bytes | Mapping) or not isinstance(fields, Sequence):
        raise ValueError("fields must be a list of field writes ({'id' | 'name', 'value'})")
    return [_one_write(item, index) for index, item in enumerate(fields)]


def _one_write(item: object, index: int) -> dict[str, Any]:
    where = f"fields[{index}]"
    if isinstance(item, FieldWrite):
        # re-validate: a FieldWrite may have been built with model_construct or mutated
        item = item.to_wire()
    if not isinstance(item, Mapping):
        raise ValueError(f"{where} must be a FieldWrite or a mapping, got {type(item).__name__}")
    unknown = set(item) - {"id", "name", "value", "add_values", "remove_values"}
    if unknown:
        raise ValueError(f"{where} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    # an explicit null id/name means "not this one"; keep it off the wire
    data = {k: v for k, v in item.items() if not (k in ("id", "name") and v is None)}
    try:
        write = FieldWrite.model_validate(data)
    except ValidationError as exc:
        reason = "; ".join(str(e["msg"]).removeprefix("Value error, ")
                           for e in exc.errors(include_input=False, include_url=False))
        raise ValueError(f"{where}: {reason}") from None
    if write.id is not None:
        uuid(write.id, f"{where}.id")
    else:
        text(write.name, f"{where}.name")
    wire = write.to_wire()
    try:  # httpx would fail later, mid-request, on a Decimal, a datetime or NaN
        json.dumps(wire, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where} cannot be sent as JSON: {exc}") from None
    return wire
