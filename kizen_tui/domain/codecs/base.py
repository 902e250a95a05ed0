"""The codec contract shared by every field type, and helpers for tolerant reading of raw values.

A codec translates between four representations of one field's value:

- the **raw** value, as the API sends it in `FieldValue.value` (any JSON shape; the live service
  is not consistent, API-NOTES.md §4);
- the **domain** value (`Decimal`, `date`, an option id, a `Ref`, a list of those, or None);
- the **editing text**, what an editor is prefilled with (`format`) and what `parse` reads;
- the **wire** value written in a `FieldRequest` (`to_wire`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, ClassVar

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.text import safe_text

#: Shown for a value a codec cannot make sense of, before falling back to JSON.
EMPTY = ""
#: Keys of a `{value: ...}` wrapper (K3: read-back values are sometimes wrapped).
_WRAPPER_KEYS = frozenset(
    {"value", "display_value", "field_type", "id", "name", "display_name", "value_summary"}
)


class FieldParseError(ValueError):
    """Raised by `parse` when text cannot be read as a value of the field's type.

    The message is written for the user, e.g. "'12x' is not a number".
    """


@dataclass(frozen=True, eq=False)
class Ref:
    """A reference to something with an id and a label: a related record, an employee, a file,
    a dynamic tag.

    Two refs are equal when their ids are equal; the label is only for showing. A ref without an
    id names something by label only (a new dynamic tag, written as `{"name": ...}`).
    """

    id: str | None
    label: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        """What identity compares on: the id, or the case-folded label when there is no id."""
        if self.id:
            return ("id", self.id.lower())
        return ("name", (self.label or "").strip().casefold())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __str__(self) -> str:
        return self.label or self.id or ""


def unwrap(raw: Any) -> Any:
    """Strip `{value: ...}` wrappers (and `FieldValue`-shaped dicts) around a raw value."""
    for _ in range(8):  # bounded: hostile input may nest arbitrarily deep
        if isinstance(raw, dict) and "value" in raw and raw.keys() <= _WRAPPER_KEYS:
            raw = raw["value"]
        else:
            break
    return raw


def compact_json(raw: Any) -> str:
    """Compact, deterministic JSON of any value (the display of last resort); never raises."""
    try:
        return json.dumps(raw, ensure_ascii=False, separators=(",", ":"), default=str,
                          sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        return repr(raw)


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def label_of(raw: Any) -> str | None:
    """The best human label of a record, contact, employee, option or file dict."""
    if not isinstance(raw, dict):
        return _text(raw) if isinstance(raw, str) else None
    for key in ("display_name", "full_name", "name", "label", "filename", "file_name"):
        if found := _text(raw.get(key)):
            return found
    first, last = _text(raw.get("first_name")), _text(raw.get("last_name"))
    if first or last:
        return " ".join(p for p in (first, last) if p)
    return _text(raw.get("email"))


def ref_from_raw(raw: Any) -> Ref | None:
    """A `Ref` from a raw `{id, name, ...}` dict or a bare id; None for anything else."""
    raw = unwrap(raw)
    if isinstance(raw, Ref):
        return raw
    if isinstance(raw, str) and raw.strip():
        return Ref(raw.strip())
    if isinstance(raw, int) and not isinstance(raw, bool):
        return Ref(str(raw))
    if isinstance(raw, dict):
        ident = raw.get("id", raw.get("uuid"))
        ident = str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else None
        label = label_of(raw)
        if ident or label:
            return Ref(ident, label)
    return None


def as_list(raw: Any) -> list[Any]:
    """A raw multi-value as a list: unwraps, wraps a lone item, drops nulls."""
    raw = unwrap(raw)
    if raw is None or raw == "":
        return []
    if isinstance(raw, list | tuple):
        return [unwrap(item) for item in raw if item is not None]
    if isinstance(raw, dict) and isinstance(raw.get("results"), list):
        return [unwrap(item) for item in raw["results"] if item is not None]
    return [raw]


def unique(items: list[Any]) -> list[Any]:
    """Items in order with duplicates removed (items must be hashable)."""
    seen: set[Any] = set()
    out = []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def system_now() -> datetime:
    """The current time (aware, UTC); codecs take a clock so tests can fix "today"."""
    return datetime.now(UTC)


class FieldCodec:
    """Reads, shows, parses, writes and validates the values of one field.

    Subclasses override the `_`-prefixed hooks; the public methods add the shared behaviour
    (never raising on display, safe text, required checks).

    Attributes:
        field: the field definition this codec serves.
        tz: the time zone datetimes are shown and typed in (None: the machine's local zone).
        clock: returns the current time; "today" and "now" are read from it.
    """

    #: The domain value of an empty field.
    empty_value: ClassVar[Any] = None
    #: False for types that can be shown but never written (files, unknown types).
    writable: ClassVar[bool] = True
    #: A short hint for the editor's placeholder.
    hint: ClassVar[str] = ""

    def __init__(self, field: FieldDef, *, tz: tzinfo | None = None,
                 clock: Callable[[], datetime] = system_now) -> None:
        self.field = field
        self.tz = tz
        self.clock = clock

    # -- properties -------------------------------------------------------------------------

    @property
    def is_multi(self) -> bool:
        """True when the value is a list changed by adding and removing items."""
        return False

    @property
    def is_editable(self) -> bool:
        """True when the user may edit this field (type is writable, field not read-only)."""
        return self.writable and self.field.is_editable

    @property
    def input_hint(self) -> str:
        """A placeholder for the editor, e.g. "YYYY-MM-DD"."""
        return self.hint

    # -- reading and showing ----------------------------------------------------------------

    def from_raw(self, raw: Any) -> Any:
        """The domain value of a raw API value; unknown shapes give the empty value, never raise."""
        try:
            value = self._from_raw(unwrap(raw))
        except (TypeError, ValueError, ArithmeticError, KeyError, AttributeError, OSError):
            value = None  # OSError: an epoch timestamp out of the platform's range
        return self.empty() if value is None else value

    def empty(self) -> Any:
        """A fresh empty domain value (a new list for multi-value fields)."""
        return list(self.empty_value) if isinstance(self.empty_value, list | tuple) else (
            self.empty_value)

    def display(self, raw: Any, *, single_line: bool = False) -> str:
        """Text for the grid (`single_line=True`) or the detail view; never raises."""
        try:
            text = self._display_raw(unwrap(raw))
        except Exception:  # a malformed value must not take the screen down
            text = None
        if text is None:
            bare = unwrap(raw)
            if bare is None or bare == "" or bare == [] or bare == {}:
                text = EMPTY
            else:  # show what is there rather than a blank: the user may need to see it
                text = bare if isinstance(bare, str) else compact_json(bare)
        return safe_text(text, single_line=single_line)

    def display_value(self, value: Any, *, single_line: bool = True) -> str:
        """Text for a domain value (review screen, grid after an edit); never raises."""
        try:
            text = "" if self.is_empty(value) else self._value_text(value)
        except Exception:
            text = compact_json(value)
        return safe_text(text, single_line=single_line)

    def format(self, value: Any) -> str:
        """The editing text for a domain value: what an editor is prefilled with.

        It is faithful (not passed through `safe_text`), so `parse(format(v)) == v`; an editor
        must show it as content.
        """
        return "" if self.is_empty(value) else self._format(value)

    # -- writing ----------------------------------------------------------------------------

    def parse(self, text: str) -> Any:
        """Read what the user typed; empty text means an empty field.

        Raises:
            FieldParseError: the text is not a value of this type.
        """
        if not self.writable:
            raise FieldParseError(f"{self.field.label} cannot be edited here")
        text = text.strip() if self._strip else text
        if not text.strip():
            return self.empty()
        return self._parse(text)

    def coerce(self, value: Any) -> Any:
        """Normalise a loosely typed domain value (e.g. a bare id for a `Ref`, a float for a
        Decimal); used where values enter a draft. Invalid values are left for `validate`."""
        return self.empty() if value is None else self._coerce(value)

    def to_wire(self, value: Any) -> Any:
        """The JSON value to send in a `FieldRequest` (`None` clears the field)."""
        return None if self.is_empty(value) else self._to_wire(value)

    def item_to_wire(self, item: Any) -> Any:
        """The wire form of one item in `add_values`/`remove_values` (multi-value fields)."""
        raise TypeError(f"{self.field.label} is not a multi-value field")

    def coerce_item(self, item: Any) -> Any:
        """Normalise one item of a multi-value field (see `coerce`)."""
        return item

    def format_item(self, item: Any) -> str:
        """The editing text of one item of a multi-value field."""
        return str(item)

    def parse_item(self, text: str) -> Any:
        """Read one item of a multi-value field."""
        return self.parse(text)

    def validate_item(self, item: Any) -> list[str]:
        """Local problems with one item of a multi-value field."""
        return []

    def validate(self, value: Any) -> list[str]:
        """Local problems with a domain value, as messages for the user (empty: fine)."""
        if self.is_empty(value):
            return ["This field is required"] if self.field.is_required else []
        return self._validate(value)

    def is_empty(self, value: Any) -> bool:
        """True for the value of a blank field."""
        return value is None or value == "" or value == []

    # -- hooks --------------------------------------------------------------------------------

    #: Whether `parse` strips surrounding whitespace first (not for long text).
    _strip: ClassVar[bool] = True

    def _from_raw(self, raw: Any) -> Any:
        return raw

    def _display_raw(self, raw: Any) -> str | None:
        value = self.from_raw(raw)
        return None if self.is_empty(value) else self._value_text(value)

    def _value_text(self, value: Any) -> str:
        return self._format(value)

    def _format(self, value: Any) -> str:
        return str(value)

    def _parse(self, text: str) -> Any:
        return text

    def _coerce(self, value: Any) -> Any:
        return value

    def _to_wire(self, value: Any) -> Any:
        return value

    def _validate(self, value: Any) -> list[str]:
        return []


def quote(text: str) -> str:
    """`text` quoted for an error message, made safe and kept short."""
    return "'" + safe_text(text, max_len=40, single_line=True) + "'"


def one_of(labels: list[str], limit: int = 10) -> str:
    """"A, B, C" for an error message, shortened past `limit` entries."""
    shown = [safe_text(label, max_len=40, single_line=True) for label in labels[:limit]]
    more = len(labels) - limit
    return ", ".join(shown) + (f", … ({more} more)" if more > 0 else "")
