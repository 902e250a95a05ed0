"""Field definitions as the filter compiler sees them: kind, default-ness, valid ops, lookup.

The operators each kind allows are the Kizen UI's (API-NOTES.md §2.4/§2.5), spelled as CLI spec
ops. Default fields are told from custom ones by `is_default` when the definition carries it
(`fields/settings-search` does), else by the default api names of §3.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_model import FilterError


class FieldKind(StrEnum):
    """How a field filters: its operators and value shapes."""

    TEXT = "text"
    LONGTEXT = "longtext"
    PHONE = "phonenumber"
    CHECKBOX = "checkbox"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"
    SINGLE = "single-option"
    TIMEZONE = "timezone"
    MULTI = "multi-option"
    RATING = "rating"
    PERSON = "team member"
    RELATIONSHIP = "relationship"
    FILES = "files"
    STAGE = "stage"


TYPE_KINDS: dict[str, FieldKind] = {
    "text": FieldKind.TEXT, "email": FieldKind.TEXT,
    "longtext": FieldKind.LONGTEXT, "wysiwyg": FieldKind.LONGTEXT,
    "phonenumber": FieldKind.PHONE,
    "checkbox": FieldKind.CHECKBOX,
    "integer": FieldKind.NUMBER, "decimal": FieldKind.NUMBER, "money": FieldKind.NUMBER,
    "date": FieldKind.DATE, "datetime": FieldKind.DATETIME,
    # choices and selector are not in the UI capture; they hold options like dropdown does.
    "dropdown": FieldKind.SINGLE, "radio": FieldKind.SINGLE, "status": FieldKind.SINGLE,
    "yesnomaybe": FieldKind.SINGLE, "choices": FieldKind.SINGLE, "selector": FieldKind.SINGLE,
    "timezone": FieldKind.TIMEZONE,
    "checkboxes": FieldKind.MULTI, "dynamictags": FieldKind.MULTI,
    "rating": FieldKind.RATING,
    "team_selector": FieldKind.PERSON,
    "relationship": FieldKind.RELATIONSHIP,
    "files": FieldKind.FILES,
}

_BLANK = ("is_blank", "not_blank")
_COMPARE = ("=", "!=", "<", "<=", ">", ">=")
#: Valid spec ops per kind, in the order a UI should list them.
KIND_OPS: dict[FieldKind, tuple[str, ...]] = {
    FieldKind.TEXT: ("=", "!=", "contains", "not_contains", "starts_with", "ends_with",
                     "not_starts_with", "not_ends_with", *_BLANK),
    FieldKind.LONGTEXT: _BLANK,
    FieldKind.PHONE: ("=", "contains", *_BLANK),
    FieldKind.CHECKBOX: ("is_checked", "not_checked", "="),
    FieldKind.NUMBER: (*_COMPARE, "between", *_BLANK),
    FieldKind.DATE: (*_COMPARE, "between", "month_equals", *_BLANK),
    FieldKind.DATETIME: (*_COMPARE, "between", "month_equals", *_BLANK),
    FieldKind.SINGLE: ("=", "!=", "is_any_of", "not_any_of", *_BLANK),
    FieldKind.TIMEZONE: ("=", "!=", *_BLANK),
    FieldKind.MULTI: ("contains", "not_contains", "has_any", "has_all", "has_none", "=", "!=",
                      "is_any_of", "not_any_of", *_BLANK),
    FieldKind.RATING: (*_COMPARE, "is_any_of", "not_any_of", *_BLANK),
    FieldKind.PERSON: ("is_me", "=", "!=", "is_any_of", "not_any_of", *_BLANK),
    FieldKind.RELATIONSHIP: ("contains", "not_contains", "is_any_of", "not_any_of", *_BLANK),
    FieldKind.FILES: (">", ">=", "<", *_BLANK),
    FieldKind.STAGE: ("=", "!=", "is_any_of", "not_any_of"),
}

#: Default (non-custom) api names of every object (API-NOTES.md §2.5, §3).
DEFAULT_NAMES = frozenset({
    "name", "display_name", "owner", "created", "updated", "stage", "entity_value",
    "estimated_close_date", "actual_close_date", "percentage_chance_to_close", "reasons_lost",
})
#: Further defaults of the contacts object.
CONTACT_DEFAULT_NAMES = frozenset({
    "email", "first_name", "last_name", "mobile_phone", "home_phone", "business_phone",
    "birthday", "timezone", "email_status", "titles", "tags",
})
#: Default fields on which the Kizen UI offers no blank checks.
NO_BLANK_DEFAULTS = frozenset({"created", "updated", "owner", "email_status"})


def as_field_defs(fields: Iterable[FieldDef | Mapping[str, Any]]) -> list[FieldDef]:
    """Field definitions from `FieldDef`s or the raw JSON list of `GET .../fields`."""
    out: list[FieldDef] = []
    for i, raw in enumerate(fields):
        if isinstance(raw, FieldDef):
            out.append(raw)
            continue
        try:
            out.append(FieldDef.model_validate(raw))
        except ValidationError as exc:
            raise FilterError(f"field definition #{i} is invalid: {exc.errors()[0]['msg']}"
                              ) from None
    return out


def is_default_field(field: FieldDef, *, contacts: bool = True) -> bool:
    """True for a default (non-custom) field: `is_default` if given, else by api name."""
    if field.is_default is not None:
        return field.is_default
    return field.name in DEFAULT_NAMES or (contacts and field.name in CONTACT_DEFAULT_NAMES)


def field_kind(field: FieldDef, *, default: bool) -> FieldKind | None:
    """The filter kind of `field`, or None when its type cannot be filtered."""
    if default and field.name == "stage":
        return FieldKind.STAGE
    if default and field.name == "owner":
        return FieldKind.PERSON
    return TYPE_KINDS.get(field.field_type)


def kind_ops(field: FieldDef, kind: FieldKind, *, default: bool) -> tuple[str, ...]:
    """The spec ops valid for `field` of `kind` (blank checks removed where Kizen has none)."""
    ops = KIND_OPS[kind]
    if default and field.name in NO_BLANK_DEFAULTS:
        ops = tuple(op for op in ops if op not in _BLANK)
    return ops


def valid_ops(field: FieldDef, *, contacts: bool = True) -> list[str]:
    """The spec ops valid for `field`, in UI order (empty when its type cannot be filtered)."""
    default = is_default_field(field, contacts=contacts)
    kind = field_kind(field, default=default)
    return [] if kind is None else list(kind_ops(field, kind, default=default))


def _fold(name: str) -> str:
    """A name for case- and spacing-insensitive matching."""
    return " ".join(name.split()).casefold()


class FieldIndex:
    """An object's field definitions, looked up by id, api name or display name."""

    def __init__(self, fields: Iterable[FieldDef | Mapping[str, Any]] | FieldIndex, *,
                 contacts: bool | None = None) -> None:
        """Index `fields`; `contacts` None means "contacts if there is an email_status field"."""
        if isinstance(fields, FieldIndex):
            fields = fields.fields
        self.fields: list[FieldDef] = as_field_defs(fields)
        """The definitions, in the order given."""
        self.contacts: bool = (contacts if contacts is not None
                               else any(f.name == "email_status" for f in self.fields))
        """Whether the contacts-only default api names apply."""
        self._by_id = {f.id: f for f in self.fields}
        self._by_name = {f.name: f for f in self.fields}
        self._by_folded: dict[str, list[FieldDef]] = {}
        for f in self.fields:
            for key in {_fold(f.name), _fold(f.display_name or "")} - {""}:
                self._by_folded.setdefault(key, []).append(f)

    def resolve(self, ref: str) -> FieldDef | None:
        """The field named `ref` (id, api name, or case-insensitive api/display name).

        Raises:
            FilterError: `ref` is a display name shared by several fields.
        """
        ref = ref.strip()
        found = self._by_id.get(ref) or self._by_name.get(ref)
        if found is not None:
            return found
        matches = self._by_folded.get(_fold(ref), [])
        by_api = [f for f in matches if _fold(f.name) == _fold(ref)]
        if len(by_api) == 1:
            return by_api[0]
        if len(matches) > 1:
            names = ", ".join(f.name for f in matches)
            raise FilterError(f"field name {ref!r} is ambiguous; use an api name: {names}",
                              part="field")
        return matches[0] if matches else None

    def lookup(self, ref: str) -> FieldDef:
        """Like `resolve`, but an unknown field raises a FilterError naming the nearest ones."""
        found = self.resolve(ref)
        if found is None:
            near = self.suggest(ref)
            hint = f" (did you mean {', '.join(map(repr, near))}?)" if near else ""
            raise FilterError(f"unknown field {ref!r}{hint}", part="field")
        return found

    def suggest(self, ref: str, limit: int = 3) -> list[str]:
        """The api names of the fields whose api or display name is nearest to `ref`."""
        keys = list(self._by_folded)
        near = difflib.get_close_matches(_fold(ref), keys, n=limit * 2, cutoff=0.6)
        names: list[str] = []
        for key in near:
            for f in self._by_folded[key]:
                if f.name not in names:
                    names.append(f.name)
        return names[:limit]

    def is_default(self, field: FieldDef) -> bool:
        """True for a default (non-custom) field of this object."""
        return is_default_field(field, contacts=self.contacts)

    def kind(self, field: FieldDef) -> FieldKind:
        """The filter kind of `field`.

        Raises:
            FilterError: the field's type cannot be filtered.
        """
        kind = field_kind(field, default=self.is_default(field))
        if kind is None:
            raise FilterError(f"field {field.name!r} has type {field.field_type!r}, "
                              "which kizen-tui cannot filter on", part="field")
        return kind

    def ops(self, field: FieldDef) -> tuple[str, ...]:
        """The spec ops valid for `field`."""
        default = self.is_default(field)
        kind = field_kind(field, default=default)
        return () if kind is None else kind_ops(field, kind, default=default)
