"""The fields of a record: `FieldValue`, and `RecordFields`, the mapping that builds them lazily.

A page of 100 records carries ~2,300 field entries. Validating every one into a model when the
page arrived cost more than all the client's other work on the request together (python -m
benchmarks --only client), while a screen reads only the fields it shows. `RecordFields` keeps
the decoded entries and builds each `FieldValue` the first time it is read.

Laziness must not turn a bad response into a late crash: `normalised_entry` accepts any entry
(any JSON value, and any Python value) and `build_entry` never raises, so nothing about the
fields can fail once the response has been parsed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import islice
from typing import Any

from pydantic import GetCoreSchemaHandler, SerializerFunctionWrapHandler, ValidationError
from pydantic_core import CoreSchema, core_schema

from kizen_tui.api.model_base import KizenModel


class FieldValue(KizenModel):
    """One field of a record: `{id, name, field_type, display_name, value}`.

    Summarised relationships (more than 100 values) carry `value_summary: {"count": N}` instead
    of `value`; fetch the values through the field-values endpoint.
    """

    id: str
    name: str | None = None
    field_type: str | None = None
    display_name: str | None = None
    value: Any = None
    value_summary: dict[str, Any] | None = None

    @property
    def is_summarized(self) -> bool:
        """True when the value is replaced by a count (fetch the list separately)."""
        return self.value_summary is not None and "value" not in self.model_fields_set

    @property
    def summary_count(self) -> int | None:
        """The number of values of a summarised relationship, if given."""
        count = (self.value_summary or {}).get("count")
        return count if isinstance(count, int) else None


_TEXT_KEYS = ("name", "field_type", "display_name")
_KNOWN_KEYS = ("id", *_TEXT_KEYS, "value", "value_summary")
_TEXT_ONLY = frozenset({str})


def _well_formed(entry: dict[Any, Any]) -> bool:
    """True when the entry already has the shape FieldValue validates (what the API sends)."""
    ident = entry.get("id")
    if type(ident) is not str or not ident:
        return False
    for text_key in _TEXT_KEYS:
        text = entry.get(text_key)
        if text is not None and type(text) is not str:
            return False
    summary = entry.get("value_summary")
    return summary is None or type(summary) is dict


def normalised_entry(key: str, entry: Any) -> dict[str, Any]:
    """One entry in the shape FieldValue validates (a copy when anything had to change).

    A bare value becomes `{"value": ...}`, a missing or blank id becomes the key, non-text
    names and types become text, and a value_summary that is not an object becomes
    `{"count": ...}`.
    """
    if not isinstance(entry, dict):
        entry = {"value": entry}
    elif _well_formed(entry):
        return entry
    entry = dict(entry)
    ident = entry.get("id")
    if not isinstance(ident, str) or not ident:
        entry["id"] = key
    for text_key in _TEXT_KEYS:
        if entry.get(text_key) is not None and not isinstance(entry[text_key], str):
            entry[text_key] = str(entry[text_key])
    if entry.get("value_summary") is not None and not isinstance(entry["value_summary"], dict):
        entry["value_summary"] = {"count": entry["value_summary"]}
    return entry


def build_entry(key: str, entry: Any) -> FieldValue:
    """The FieldValue of one entry; never raises."""
    if type(entry) is dict and entry.get("id"):
        # What the API sends validates as it is; pydantic rejects every other shape the
        # normalisation would change (a non-text id, name or type, a non-object summary), so
        # trying it first is exact, and saves checking each entry twice.
        try:
            return FieldValue.__pydantic_validator__.validate_python(entry)
        except ValidationError:
            pass
    elif isinstance(entry, FieldValue):
        return entry
    data = normalised_entry(key, entry)
    try:
        return FieldValue.model_validate(data)
    except ValidationError:
        # Only unknown keys pydantic cannot keep get here (a lone surrogate in a key, which JSON
        # can carry, or a non-text key from Python) and odd values from Python callers: keep the
        # known keys, already normalised, as they are.
        known = {k: data[k] for k in _KNOWN_KEYS if k in data}
        return FieldValue.model_construct(_fields_set=set(known), **known)


def coerce_entries(raw: Any) -> dict[str, Any]:
    """The `fields` of a record as `{key: entry}`, entries left as they are.

    Takes the map by field id the API sends, a list of entries (keyed by id, else name, else
    position; non-objects dropped), null, or junk (no fields).
    """
    if isinstance(raw, dict):
        if set(map(type, raw)) <= _TEXT_ONLY:  # as JSON keys always are (a check done in C)
            return dict(raw)  # a copy: the caller may reuse its dict
        return {str(key): entry for key, entry in raw.items()}
    if isinstance(raw, list):
        return {str(e.get("id") or e.get("name") or i): e for i, e in enumerate(raw)
                if isinstance(e, dict)}
    return {}


def _identity(key: str, entry: Any) -> tuple[str | None, str]:
    """(api name, id) of an entry, as its FieldValue will have them, without building it."""
    if isinstance(entry, FieldValue):
        return entry.name, entry.id
    data = normalised_entry(key, entry)
    return data.get("name"), data["id"]


def _dump(fields: Mapping[str, FieldValue], handler: SerializerFunctionWrapHandler) -> Any:
    return handler(dict(fields.items()))


class RecordFields(Mapping[str, FieldValue]):
    """A record's fields by key (the field id, as the API sends them), each built on first read.

    Read-only; compares equal to a dict of the same FieldValues, and serialises as one.
    """

    __slots__ = ("_entries", "_index", "_scanned")

    def __init__(self, raw: Any = None) -> None:
        """`raw` as `coerce_entries` takes it; entries may also be FieldValues."""
        # Entries are replaced by their FieldValue once built (the dict is our own copy). The
        # name index starts as None: each container allocated per record is ~100 more per page
        # for the garbage collector to count and walk.
        self._entries = coerce_entries(raw)
        self._index: dict[str, str] | None = None
        self._scanned = 0

    @classmethod
    def validate(cls, raw: Any) -> RecordFields:
        """The pydantic validator: any input is accepted (see `coerce_entries`)."""
        return raw if isinstance(raw, RecordFields) else cls(raw)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        as_dict = handler.generate_schema(dict[str, FieldValue])
        return core_schema.no_info_plain_validator_function(
            cls.validate, json_schema_input_schema=as_dict,
            serialization=core_schema.wrap_serializer_function_ser_schema(_dump, schema=as_dict),
        )

    def __getitem__(self, key: str) -> FieldValue:
        entry = self._entries[key]
        if type(entry) is FieldValue:
            return entry
        built = self._entries[key] = build_entry(key, entry)
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __repr__(self) -> str:
        return f"RecordFields({dict(self.items())!r})"

    def find(self, key: str) -> FieldValue | None:
        """The entry under `key`, else the first entry whose api name or id is `key`."""
        if key in self._entries:
            return self[key]
        found = None if self._index is None else self._index.get(key)
        if found is None and self._scanned < len(self._entries):
            found = self._scan_for(key)
        return None if found is None else self[found]

    def _scan_for(self, key: str) -> str | None:
        # Index names and ids in order, only as far as the first match: the name field, which
        # every label needs, usually comes first, and no entry is looked at twice. The first
        # entry wins for each name and id, as a scan in order would find it.
        index = self._index = {} if self._index is None else self._index
        for entry_key, entry in islice(self._entries.items(), self._scanned, None):
            self._scanned += 1
            name, ident = _identity(entry_key, entry)
            if name is not None:
                index.setdefault(name, entry_key)
            index.setdefault(ident, entry_key)
            if key in (name, ident):
                return index[key]
        return None
