"""Codecs for fields that point at other things: relationships, team members (owner), files.

Values are `Ref`s (id + label). Typed text is only ever ids: finding a record or an employee by
name needs a search, which is I/O, so the UI resolves names with a picker and hands the draft a
`Ref`; `parse` accepts UUIDs (comma- or space-separated for multi-value relationships).
"""

from __future__ import annotations

import re
from typing import Any

from kizen_tui.domain.codecs.base import (
    FieldCodec,
    FieldParseError,
    Ref,
    as_list,
    quote,
    ref_from_raw,
    unique,
)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


class RefCodec(FieldCodec):
    """Shared behaviour of single `Ref` values; `multi` switches to lists of refs."""

    noun = "record"

    @property
    def multi(self) -> bool:
        """Whether the value is a list (overridden per type)."""
        return False

    @property
    def is_multi(self) -> bool:
        """True for list-valued fields (to-many relationships, files)."""
        return self.multi

    def empty(self) -> Any:
        """[] for list-valued fields, else None."""
        return [] if self.multi else None

    def _from_raw(self, raw: Any) -> Any:
        refs = [r for r in (ref_from_raw(item) for item in as_list(raw)) if r is not None]
        if self.multi:
            return unique(refs)
        return refs[0] if refs else None

    def _display_raw(self, raw: Any) -> str | None:
        refs = self._from_raw(raw)
        refs = refs if isinstance(refs, list) else [refs] if refs else []
        return ", ".join(str(ref) for ref in refs) or None

    def _value_text(self, value: Any) -> str:
        refs = value if isinstance(value, list) else [value]
        return ", ".join(str(ref) for ref in refs)

    def _format(self, value: Any) -> str:
        refs = value if isinstance(value, list) else [value]
        return ", ".join(ref.id or "" for ref in refs)

    def format_item(self, item: Any) -> str:
        """The editing text of one item: its id."""
        return item.id or ""

    def parse_item(self, text: str) -> Any:
        """One id as a `Ref`."""
        text = text.strip()
        if not _UUID.fullmatch(text):
            raise FieldParseError(
                f"{quote(text)} is not a {self.noun} id: pick the {self.noun} with search")
        return Ref(text)

    def _parse(self, text: str) -> Any:
        tokens = [t for t in re.split(r"[\s,;]+", text) if t]
        if not all(_UUID.fullmatch(token) for token in tokens):
            return self.parse_item(text)  # raises, quoting the whole text ("Acme Corp")
        refs = unique([self.parse_item(token) for token in tokens])
        if not self.multi and len(refs) > 1:
            raise FieldParseError(f"{quote(text)}: only one {self.noun} can be chosen")
        return refs if self.multi else refs[0]

    def _coerce(self, value: Any) -> Any:
        if self.multi:
            items = value if isinstance(value, list | tuple | set | frozenset) else [value]
            return unique([self.coerce_item(item) for item in items])
        return self.coerce_item(value)

    def coerce_item(self, item: Any) -> Any:
        """A `Ref` from a Ref, an `{id, name}` dict or a bare id."""
        return item if isinstance(item, Ref) else (ref_from_raw(item) or item)

    def _to_wire(self, value: Any) -> Any:
        if self.multi:
            return [self.item_to_wire(item) for item in value]
        return {"id": value.id}

    def item_to_wire(self, item: Any) -> Any:
        """`{"id": ...}`."""
        return {"id": item.id}

    def _validate(self, value: Any) -> list[str]:
        items = value if self.multi and isinstance(value, list) else [value]
        if self.multi and not isinstance(value, list):
            return [f"Must be a list of {self.noun}s"]
        if not all(isinstance(item, Ref) and item.id for item in items):
            return [f"Must be a {self.noun}"]
        return []

    def validate_item(self, item: Any) -> list[str]:
        """Problems with one item."""
        return [] if isinstance(item, Ref) and item.id else [f"Must be a {self.noun}"]


class RelationshipCodec(RefCodec):
    """`relationship`: one related record (`{"id"}` on the wire) or, for to-many cardinalities,
    a list changed with add_values/remove_values of `{"id"}`. Records and contacts are shown by
    display name, name, first + last name or email."""

    @property
    def multi(self) -> bool:
        """Per the `relation` block's cardinality (API-NOTES.md §3)."""
        return self.field.is_multi

    @property
    def input_hint(self) -> str:
        """What to type."""
        target = self.field.relation.related_object_name if self.field.relation else None
        what = f"{target} record" if target else "record"
        return f"{what} id{'s, comma-separated' if self.multi else ''}; search by name to pick"


class TeamSelectorCodec(RefCodec):
    """`team_selector` (and the default `owner` field): one employee, written as the bare
    employee UUID string (API-NOTES.md §4)."""

    noun = "team member"
    hint = "team member id; search by name to pick"

    def _to_wire(self, value: Any) -> Any:
        return value.id


class FilesCodec(RefCodec):
    """`files`: a read-only list of files shown by name (uploading is out of scope)."""

    noun = "file"
    writable = False
    hint = "read-only"

    @property
    def multi(self) -> bool:
        """Always a list."""
        return True

    def item_to_wire(self, item: Any) -> Any:
        """Files are written as uploaded-file UUIDs (API-NOTES.md §4)."""
        return item.id
