"""Write values (API-NOTES §4 "write value") validated and turned into their stored form.

Accepted shapes: money/decimal/integer as numbers or numeric strings; choices as `{"id"}`,
`{"name"}` (exact label) or a bare option id; ratings also as a number; checkboxes, dynamic tags
and files as lists of those references (a dynamic tag named but not yet existing is created);
team members as an employee UUID or `{"id"}`; relationships as `{"id"}`, a bare id or a list of
them; dates `YYYY-MM-DD`; datetimes ISO 8601 (UTC when no offset). Messages follow Django REST
framework's wording.
"""

from __future__ import annotations

import math
import re
import uuid
from typing import Any

from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.catalog import EMPLOYEES
from kizen_tui.sandbox.phones import normalize_phone
from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef
from kizen_tui.sandbox.store import Store

TEXT_MAX = 255
LONGTEXT_MAX = 1_000_000
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_INT_RE = re.compile(r"^\s*[-+]?\d+(\.0*)?\s*$")


class WriteError(ValueError):
    """An invalid write value; `messages` go under the entry's `value` (or add/remove) key."""

    def __init__(self, *messages: str) -> None:
        super().__init__(messages[0])
        self.messages = list(messages)


def is_blank(value: Any) -> bool:
    """Whether a write value clears the field."""
    return value is None or value == "" or value == []


def coerce(store: Store, fd: FieldDef, value: Any) -> Any:
    """The stored form of a write value: a column value, or a list for list-kept fields."""
    if fd.relation is not None:
        return relation_rids(store, fd, value)
    if fd.is_multi:
        return [] if is_blank(value) else multi_values(store, fd, value)
    if is_blank(value):
        return None
    return scalar(fd, value)


def scalar(fd: FieldDef, value: Any) -> Any:
    """A single-value field's stored value."""
    kind = fd.field_type
    if kind in ("text", "email", "phonenumber", "longtext", "wysiwyg"):
        return _text(fd, value)
    if kind == "integer":
        return _integer(value)
    if kind in ("decimal", "money"):
        number = round(_number(value), fd.decimal_places)
        if fd.name == "percentage_chance_to_close" and not 0 <= number <= 1:
            raise WriteError("Ensure this value is between 0 and 1.")
        return number
    if kind == "checkbox":
        if not isinstance(value, bool):
            raise WriteError("Must be a valid boolean.")
        return int(value)
    if kind == "date":
        day = timeutil.parse_date(value)
        if day is None:
            raise WriteError("Date has wrong format. Use one of these formats instead: YYYY-MM-DD.")
        return day.isoformat()
    if kind == "datetime":
        us = timeutil.parse_datetime(value) if isinstance(value, str) else None
        if us is None:
            raise WriteError("Datetime has wrong format. Use ISO 8601.")
        return us
    if kind == "team_selector":
        return employee(value)
    if kind == "rating":
        return _rating(fd, value)
    if kind == "timezone":
        zone = fd.option_by_id(value) if isinstance(value, str) else None
        if zone is None:
            raise WriteError(f'"{value}" is not a valid timezone.')
        return zone.order
    if kind in OPTION_TYPES:
        return option_ordinal(fd, value)
    raise WriteError(f"Fields of type {kind} cannot be written.")


def _text(fd: FieldDef, value: Any) -> str:
    if not isinstance(value, str):
        raise WriteError("Not a valid string.")
    limit = LONGTEXT_MAX if fd.field_type in ("longtext", "wysiwyg") else TEXT_MAX
    if len(value) > limit:
        raise WriteError(f"Ensure this field has no more than {limit} characters.")
    if fd.field_type == "email" and not _EMAIL_RE.match(value):
        raise WriteError("Enter a valid email address.")
    if fd.field_type == "phonenumber":
        phone = normalize_phone(value)
        if phone is None:
            raise WriteError("Enter a valid phone number.")
        return phone
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WriteError("A valid integer is required.")
    if isinstance(value, str) and not _INT_RE.match(value):
        raise WriteError("A valid integer is required.")
    number = float(value)
    if not math.isfinite(number) or number != int(number):
        raise WriteError("A valid integer is required.")
    if not INT_MIN <= int(number) <= INT_MAX:
        raise WriteError(f"Ensure this value is between {INT_MIN} and {INT_MAX}.")
    return int(number)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WriteError("A valid number is required.")
    try:
        number = float(value)
    except ValueError:
        raise WriteError("A valid number is required.") from None
    if not math.isfinite(number) or abs(number) >= 1e15:
        raise WriteError("A valid number is required.")
    return number


def option_ordinal(fd: FieldDef, ref: Any) -> int:
    """An option reference (`{"id"}`, `{"name"}` or a bare id) as the option's ordinal."""
    opt = None
    if isinstance(ref, dict) and isinstance(ref.get("id"), str):
        opt = fd.option_by_id(ref["id"])
    elif isinstance(ref, dict) and isinstance(ref.get("name"), str):
        opt = next((o for o in fd.options if o.name == ref["name"]), None)
    elif isinstance(ref, str):
        opt = fd.option_by_id(ref)
    if opt is None:
        shown = ref.get("id", ref.get("name")) if isinstance(ref, dict) else ref
        raise WriteError(f'Select a valid choice. "{shown}" is not one of the available choices.')
    return opt.order


def _rating(fd: FieldDef, value: Any) -> int:
    if isinstance(value, dict) or (isinstance(value, str) and fd.option_by_id(value)):
        return option_ordinal(fd, value) + 1
    number = _integer(value)
    if not 1 <= number <= fd.rating_max:
        raise WriteError(f"Ensure this value is between 1 and {fd.rating_max}.")
    return number


def employee(value: Any) -> int:
    """A team member reference as its ordinal."""
    ref = value.get("id") if isinstance(value, dict) else value
    index = next((i for i, e in enumerate(EMPLOYEES) if e.id == ref), None)
    if index is None:
        raise WriteError(f'Invalid pk "{ref}" - object does not exist.')
    if EMPLOYEES[index].deleted:
        raise WriteError(f'Team member "{ref}" is no longer active.')
    return index


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict | str):
        return [value]
    raise WriteError(f'Expected a list of items but got type "{type(value).__name__}".')


def multi_values(store: Store, fd: FieldDef, value: Any) -> list[int]:
    """Checkbox options, dynamic tags or files as stored values (duplicates dropped)."""
    out: list[int] = []
    for ref in _as_list(value):
        if fd.field_type == "checkboxes":
            val = option_ordinal(fd, ref)
        elif fd.field_type == "dynamictags":
            val = _tag(store, fd, ref)
        else:
            val = _file(store, ref)
        if val not in out:
            out.append(val)
    return out


def _tag(store: Store, fd: FieldDef, ref: Any) -> int:
    if isinstance(ref, dict) and isinstance(ref.get("name"), str) and "id" not in ref:
        name = ref["name"].strip()
        if not name or len(name) > TEXT_MAX:
            raise WriteError("Tag names must have 1 to 255 characters.")
        found = store.scalar("SELECT rowid FROM tags WHERE fno = ? AND name = ? COLLATE NOCASE",
                             (fd.no, name))
        if found is not None:
            return int(found)
        with store.lock:
            cur = store.conn.execute("INSERT INTO tags (id, fno, name) VALUES (?, ?, ?)",
                                     (str(uuid.uuid4()), fd.no, name))
            return int(cur.lastrowid or 0)
    tag_id = ref.get("id") if isinstance(ref, dict) else ref
    found = store.scalar("SELECT rowid FROM tags WHERE fno = ? AND id = ?", (fd.no, tag_id))
    if found is None:
        raise WriteError(f'Invalid pk "{tag_id}" - object does not exist.')
    return int(found)


def _file(store: Store, ref: Any) -> int:
    file_id = ref.get("id") if isinstance(ref, dict) else ref
    found = store.scalar("SELECT rowid FROM files WHERE id = ?", (file_id,))
    if found is None:
        raise WriteError(f'Invalid pk "{file_id}" - object does not exist.')
    return int(found)


def relation_rids(store: Store, fd: FieldDef, value: Any) -> list[int]:
    """Related record references as rids of active records the user can see."""
    if is_blank(value):
        return []
    refs = _as_list(value)
    if not fd.is_multi and len(refs) > 1:
        raise WriteError("This relationship holds a single record.")
    target = store.objects[fd.relation.target]  # type: ignore[union-attr]
    rids: list[int] = []
    for ref in refs:
        rec_id = ref.get("id") if isinstance(ref, dict) else ref
        row = store.find(target, rec_id) if isinstance(rec_id, str) else None
        if row is None or row["archived"] or not row["can_view"]:
            raise WriteError(f'Invalid pk "{rec_id}" - object does not exist.')
        if row["rid"] not in rids:
            rids.append(row["rid"])
    return rids
