"""`RecordDraft`: a record's original values plus the user's pending changes.

The draft is what the edit screen owns (DESIGN.md "State"). It turns pending changes into one
PATCH `fields` list, maps the positional 400 error envelope back onto fields, survives autosave,
and detects concurrent changes before anything is sent.

Decisions:
- Entries are addressed by api `name` (API-NOTES.md §0: `id` or `name`, never both).
- Multi-value fields are never written whole: pending additions and removals become ONE entry
  `{"name", "add_values", "remove_values"}` (the FieldRequest schema allows both keys), so a
  concurrent change to other items is not overwritten and summarised relationships (more than
  100 values, whose full list we never hold) stay editable. A new record writes `value` instead.
- Text that does not parse is kept with its error and left out of `to_patch()`; nothing typed is
  lost. Local validation problems are reported by `errors`; the caller decides whether to send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, Literal

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain import draft_support as support
from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, system_now
from kizen_tui.domain.codecs.choices import DynamicTagsCodec
from kizen_tui.domain.draft_support import (
    UNSET,
    Change,
    ChangeKind,
    Conflict,
    ItemStatus,
    MappedErrors,
    Pending,
)
from kizen_tui.domain.fields import codec_for

__all__ = ["Change", "ChangeKind", "Conflict", "ItemStatus", "MappedErrors", "RecordDraft"]



class RecordDraft:
    """The original values of a record and the changes pending on it.

    Args:
        record: the record as last read from the server.
        fields: the object's field definitions (the draft only knows these fields).
        tz: the zone datetimes are typed in (None: local).
        clock: the current time, for "today"/"now".
    """

    def __init__(self, record: Record, fields: Sequence[FieldDef], *, tz: tzinfo | None = None,
                 clock: Callable[[], datetime] = system_now) -> None:
        self.record_id = record.id
        """The record's id ("" for a record not created yet)."""
        self.object_type = record.object_type
        """The object the record belongs to, as the record reported it."""
        self.dropped_fields: list[str] = []
        """Pending fields `from_dict` could not restore (field gone or no longer editable)."""
        self._defs = {f.name: f for f in fields}
        self._codecs = {f.name: codec_for(f, tz=tz, clock=clock) for f in fields}
        self._original, self._summarized = self._read(record)
        self._pending: dict[str, Pending] = {}
        self._server_errors: dict[str, list[str]] = {}
        self._seen: dict[str, Any] = {}
        """Newer server values of edited fields whose original is kept (see `observe`)."""
        self._learn_tags(self._original)

    @classmethod
    def new(cls, fields: Sequence[FieldDef], object_type: str | None = None,
            **kwargs: Any) -> RecordDraft:
        """A draft for a record that does not exist yet (all fields start empty)."""
        return cls(Record(id="", object_type=object_type), fields, **kwargs)

    # -- reading -----------------------------------------------------------------------------

    def _read(self, record: Record) -> tuple[dict[str, Any], dict[str, int | None]]:
        values: dict[str, Any] = {}
        summarized: dict[str, int | None] = {}
        for name, codec in self._codecs.items():
            entry = record.field(name) or record.field(self._defs[name].id)
            if entry is not None and entry.value_summary is not None and (
                    entry.is_summarized or entry.value is None):
                summarized[name] = entry.summary_count
            values[name] = codec.from_raw(None if entry is None else entry.value)
        return values, summarized

    def _learn_tags(self, values: Mapping[str, Any]) -> None:
        for name, codec in self._codecs.items():
            if isinstance(codec, DynamicTagsCodec):
                codec.learn(values.get(name) or [])

    @property
    def is_new(self) -> bool:
        """True for a record that does not exist on the server yet."""
        return not self.record_id

    @property
    def fields(self) -> list[FieldDef]:
        """The field definitions, in order."""
        return list(self._defs.values())

    def codec(self, name: str) -> FieldCodec:
        """The codec of a field (KeyError for a field the draft does not know)."""
        if name not in self._codecs:
            raise KeyError(f"unknown field {name!r}")
        return self._codecs[name]

    def original(self, name: str) -> Any:
        """The field's value as last read from the server (domain value)."""
        self.codec(name)
        return self._original[name]

    def server_value(self, name: str) -> Any:
        """The field's value on the server as last seen: a newer one than the original when
        `observe` saw one (the change pending on it is then a conflict to resolve on save)."""
        return self._seen.get(name, self.original(name))

    def observe(self, fresh: Record) -> None:
        """Note the server's values of the edited fields without making them the originals
        (a concurrent change is still caught on save), for "was: …" and the review."""
        support.observe(self, fresh)

    def summary_count(self, name: str) -> int | None:
        """For a summarised relationship, how many values it has (None if unknown)."""
        return self._summarized.get(name)

    def is_summarized(self, name: str) -> bool:
        """True when the server sent only a count; add and remove items instead of replacing."""
        return name in self._summarized

    def value(self, name: str) -> Any:
        """The field's value with pending changes applied (the original if the text is bad)."""
        pending = self._pending.get(name)
        if pending is None or pending.error is not None:
            return self.original(name)
        if pending.value is UNSET:
            return self._apply(pending, self._original[name])
        return pending.value

    def text(self, name: str) -> str:
        """What the field's editor should show: the text typed, else the formatted value."""
        pending = self._pending.get(name)
        if pending is not None and pending.text is not None:
            return pending.text
        return self.codec(name).format(self.value(name))

    def item_states(self, name: str) -> list[tuple[Any, ItemStatus]]:
        """The items of a multi-value field as an editor shows them: the original items
        ("kept", or "removed" when their removal is pending), then pending additions. For a
        new record every item is "added"; a summarised field lists only pending items."""
        return support.item_states(self, name)

    @staticmethod
    def _apply(pending: Pending, items: list[Any]) -> list[Any]:
        kept = [item for item in items if item not in pending.removed]
        return kept + [item for item in pending.added if item not in kept]

    # -- editing -----------------------------------------------------------------------------

    def _editable(self, name: str) -> FieldCodec:
        codec = self.codec(name)
        if not codec.is_editable:
            raise ValueError(f"{self._defs[name].label} cannot be edited")
        self._server_errors.pop(name, None)
        return codec

    def set_value(self, name: str, value: Any) -> None:
        """Set a field to a domain value (a multi-value field becomes additions/removals).

        Raises:
            KeyError: unknown field. ValueError: read-only field, or replacing the whole list of
                a summarised relationship (add and remove items instead).
        """
        codec = self._editable(name)
        value = codec.coerce(value)
        original = self._original[name]
        if codec.is_multi and not self.is_new:
            if name in self._summarized:
                raise ValueError(f"{self._defs[name].label} has too many values to replace; "
                                 "add or remove items instead")
            pending = Pending(added=[i for i in value if i not in original],
                               removed=[i for i in original if i not in value])
            self._store(name, pending)
        elif self._same(name, value, original):
            self._pending.pop(name, None)
        else:
            self._pending[name] = Pending(value=value)

    def set_text(self, name: str, text: str) -> None:
        """Set a field from what the user typed. Text that does not parse is kept with its
        error (see `errors`) instead of raising; text equal to the original's is no change."""
        codec = self._editable(name)
        if text == codec.format(self._original[name]):
            self._pending.pop(name, None)
            return
        try:
            value = codec.parse(text)
            self.set_value(name, value)
        except (FieldParseError, ValueError) as error:
            self._pending[name] = Pending(text=text, error=str(error))
            return
        if name in self._pending:
            self._pending[name].text = text

    def add_item(self, name: str, item: Any) -> None:
        """Add one item to a multi-value field (cancels a pending removal of it)."""
        codec = self._multi(name)
        item = codec.coerce_item(item)
        if self.is_new:  # a new record writes its whole list
            self.set_value(name, [*self.value(name), item])
            return
        pending = self._items_pending(name)
        if item in pending.removed:
            pending.removed.remove(item)
        elif item not in pending.added and (name in self._summarized
                                            or item not in self._original[name]):
            pending.added.append(item)
        self._store(name, pending)

    def remove_item(self, name: str, item: Any) -> None:
        """Remove one item from a multi-value field (cancels a pending addition of it)."""
        codec = self._multi(name)
        item = codec.coerce_item(item)
        if self.is_new:
            self.set_value(name, [i for i in self.value(name) if i != item])
            return
        # the record's own copy of the item carries its label for the review screen
        item = next((i for i in self._original[name] if i == item), item)
        pending = self._items_pending(name)
        if item in pending.added:
            pending.added.remove(item)
        elif item not in pending.removed and (name in self._summarized
                                              or item in self._original[name]):
            pending.removed.append(item)
        self._store(name, pending)

    def _multi(self, name: str) -> FieldCodec:
        codec = self._editable(name)
        if not codec.is_multi:
            raise ValueError(f"{self._defs[name].label} holds a single value")
        return codec

    def _items_pending(self, name: str) -> Pending:
        pending = self._pending.get(name)
        if pending is None or pending.error is not None:
            return Pending()
        return Pending(added=list(pending.added), removed=list(pending.removed))

    def _store(self, name: str, pending: Pending) -> None:
        if pending.added or pending.removed or pending.value is not UNSET:
            self._pending[name] = pending
        else:
            self._pending.pop(name, None)

    def revert(self, name: str) -> None:
        """Drop the pending change (and any server error) of one field."""
        self.codec(name)
        self._pending.pop(name, None)
        self._server_errors.pop(name, None)
        if name in self._seen:  # nothing pending: the server's value is the original now
            self._original[name] = self._seen.pop(name)

    def revert_all(self) -> None:
        """Drop every pending change."""
        self._pending.clear()
        self._server_errors.clear()
        self._original.update(self._seen)
        self._seen.clear()

    def _same(self, name: str, a: Any, b: Any) -> bool:
        if self._codecs[name].is_multi and isinstance(a, list) and isinstance(b, list):
            return set(a) == set(b)
        return bool(a == b)

    # -- what will be sent -------------------------------------------------------------------

    def _ordered(self) -> list[str]:
        """Pending field names in field-definition order (stable, whatever the edit order)."""
        return [name for name in self._defs if name in self._pending]

    @property
    def is_dirty(self) -> bool:
        """True when anything is pending, including text that does not parse."""
        return bool(self._pending)

    @property
    def pending_fields(self) -> list[str]:
        """Names of the fields with pending changes, in field order."""
        return self._ordered()

    @property
    def changes(self) -> list[Change]:
        """Pending changes with valid values: one "changed" per single-value field, one
        "added" and/or one "removed" (lists of items) per multi-value field."""
        out: list[Change] = []
        for name in self._ordered():
            pending, label = self._pending[name], self._defs[name].label
            if pending.error is not None:
                continue
            if self._codecs[name].is_multi and not self.is_new:
                if pending.added:
                    out.append(Change(name, label, "added", None, list(pending.added)))
                if pending.removed:
                    out.append(Change(name, label, "removed", list(pending.removed), None))
            else:
                out.append(Change(name, label, "changed", self._original[name], self.value(name)))
        return out

    @property
    def errors(self) -> dict[str, list[str]]:
        """Problems per field: text that does not parse, local validation, server errors."""
        out: dict[str, list[str]] = {}
        names = self._ordered()
        if self.is_new:  # a new record must fill every required field, touched or not
            names += [n for n, f in self._defs.items()
                      if f.is_required and self._codecs[n].is_editable and n not in names]
        for name in names:
            problems = self._problems(name)
            if problems:
                out[name] = problems
        for name, messages in self._server_errors.items():
            out.setdefault(name, []).extend(m for m in messages if m not in out.get(name, []))
        return out

    def _problems(self, name: str) -> list[str]:
        pending, codec = self._pending.get(name), self._codecs[name]
        if pending is not None and pending.error is not None:
            return [pending.error]
        if not codec.is_multi or self.is_new:
            return codec.validate(self.value(name))
        assert pending is not None
        problems = [p for item in pending.added for p in codec.validate_item(item)]
        if name not in self._summarized and self._defs[name].is_required and not self.value(name):
            problems.append("This field is required")
        return problems

    def to_patch(self) -> list[dict[str, Any]]:
        """The `fields` list of one PATCH (or add) body: only changed fields, in `sent_order`."""
        entries = []
        for name in self.sent_order:
            pending, codec = self._pending[name], self._codecs[name]
            if codec.is_multi and not self.is_new:
                entry: dict[str, Any] = {"name": name}
                if pending.added:
                    entry["add_values"] = [codec.item_to_wire(i) for i in pending.added]
                if pending.removed:
                    entry["remove_values"] = [codec.item_to_wire(i) for i in pending.removed]
            else:
                entry = {"name": name, "value": codec.to_wire(self.value(name))}
            entries.append(entry)
        return entries

    @property
    def sent_order(self) -> list[str]:
        """Field names in the order of the `to_patch()` entries (to map positional errors)."""
        return [name for name in self._ordered() if self._pending[name].error is None]

    # -- errors, autosave, concurrent changes, review (implemented in draft_support) ---------

    def map_errors(self, field_errors: Any, non_field_errors: Iterable[Any] = (), *,
                   sent_order: Sequence[str] | None = None) -> MappedErrors:
        """Map a 400 error envelope back onto fields and remember it for `errors`.

        Args:
            field_errors: the envelope's `fields`: positional (item n answers entry n of the
                request, `{}` meaning fine), or a `{field: messages}` dict.
            non_field_errors: the envelope's `non_field_errors` (for the banner).
            sent_order: the order the request was built in, if the draft changed since.
        """
        return support.map_errors(self, field_errors, non_field_errors, sent_order=sent_order)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot: record id, object, original values, pending edits."""
        return support.to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], fields: Sequence[FieldDef],
                  **kwargs: Any) -> RecordDraft:
        """Restore a draft saved by `to_dict` against the current field definitions.

        Pending edits of fields that no longer exist or are no longer editable are listed in
        `dropped_fields`; text that did not parse is parsed again (the definition may differ).
        """
        return support.from_dict(cls, data, fields, **kwargs)

    def conflicts(self, fresh: Record) -> list[Conflict]:
        """Edited fields whose server value changed since this draft's original was read.

        A field is not in conflict when the server already holds what this draft would write.
        Summarised relationships are skipped (their lists are not compared).
        """
        return support.conflicts(self, fresh)

    def rebase(self, fresh: Record, keep: Mapping[str, Literal["mine", "theirs"]] | None = None,
               *, only: Iterable[str] | None = None) -> None:
        """Make `fresh` the new original, keeping pending edits unless `keep[name]` is "theirs".

        Edits that now equal the server value disappear; item additions/removals already done
        on the server are dropped.

        Args:
            fresh: the record as just read.
            keep: per conflicting field, whose value wins.
            only: the fields `fresh` was read with (`get_record(field_names=...)`); the
                originals of other fields are kept. None: `fresh` is the whole record.
        """
        support.rebase(self, fresh, keep, only=only)

    def diff_lines(self) -> list[str]:
        """One human-readable line per change for the review screen (safe for the terminal):
        "Amount: $1,200.50 → $1,500.00", "Tags: + VIP, Lead", "Tags: − Old"."""
        return support.diff_lines(self)
