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
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any, Literal, NamedTuple

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.codecs.base import FieldCodec, FieldParseError, system_now
from kizen_tui.domain.codecs.choices import DynamicTagsCodec
from kizen_tui.domain.codecs.serial import dump_value, load_value
from kizen_tui.domain.fields import codec_for
from kizen_tui.domain.text import safe_text

ChangeKind = Literal["changed", "added", "removed"]
_UNSET: Any = object()
_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Change:
    """One pending change: a new value ("changed"), or items added/removed (multi-value)."""

    field: str
    label: str
    kind: ChangeKind
    old: Any
    new: Any


@dataclass(frozen=True)
class Conflict:
    """A field someone else changed while it was being edited here."""

    field: str
    label: str
    original: Any
    theirs: Any
    mine: Any


class MappedErrors(NamedTuple):
    """Server errors mapped back: per field api name, plus messages for a banner."""

    fields: dict[str, list[str]]
    banner: list[str]


@dataclass
class _Pending:
    value: Any = _UNSET
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    text: str | None = None
    error: str | None = None


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
        self._pending: dict[str, _Pending] = {}
        self._server_errors: dict[str, list[str]] = {}
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
        if pending.value is _UNSET:
            return self._apply(pending, self._original[name])
        return pending.value

    def text(self, name: str) -> str:
        """What the field's editor should show: the text typed, else the formatted value."""
        pending = self._pending.get(name)
        if pending is not None and pending.text is not None:
            return pending.text
        return self.codec(name).format(self.value(name))

    @staticmethod
    def _apply(pending: _Pending, items: list[Any]) -> list[Any]:
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
            pending = _Pending(added=[i for i in value if i not in original],
                               removed=[i for i in original if i not in value])
            self._store(name, pending)
        elif self._same(name, value, original):
            self._pending.pop(name, None)
        else:
            self._pending[name] = _Pending(value=value)

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
            self._pending[name] = _Pending(text=text, error=str(error))
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

    def _items_pending(self, name: str) -> _Pending:
        pending = self._pending.get(name)
        if pending is None or pending.error is not None:
            return _Pending()
        return _Pending(added=list(pending.added), removed=list(pending.removed))

    def _store(self, name: str, pending: _Pending) -> None:
        if pending.added or pending.removed or pending.value is not _UNSET:
            self._pending[name] = pending
        else:
            self._pending.pop(name, None)

    def revert(self, name: str) -> None:
        """Drop the pending change (and any server error) of one field."""
        self.codec(name)
        self._pending.pop(name, None)
        self._server_errors.pop(name, None)

    def revert_all(self) -> None:
        """Drop every pending change."""
        self._pending.clear()
        self._server_errors.clear()

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

    def map_errors(self, field_errors: Any, non_field_errors: Iterable[Any] = (), *,
                   sent_order: Sequence[str] | None = None) -> MappedErrors:
        """Map a 400 error envelope back onto fields and remember it for `errors`.

        Args:
            field_errors: the envelope's `fields`: positional (item n answers entry n of the
                request, `{}` meaning fine), or a `{field: messages}` dict.
            non_field_errors: the envelope's `non_field_errors` (for the banner).
            sent_order: the order the request was built in, if the draft changed since.
        """
        order = list(self.sent_order if sent_order is None else sent_order)
        by_field: dict[str, list[str]] = {}
        banner = _flatten(list(non_field_errors))
        if isinstance(field_errors, dict):
            for key, detail in field_errors.items():
                name, messages = self._resolve(str(key)), _flatten(detail)
                if name is None:
                    banner += [f"{safe_text(str(key), single_line=True)}: {m}" for m in messages]
                elif messages:
                    by_field.setdefault(name, []).extend(messages)
        else:
            for index, entry in enumerate(field_errors or []):
                name = order[index] if index < len(order) else None
                messages = self._entry_messages(name, entry)
                if name is None:
                    banner += messages
                elif messages:
                    by_field.setdefault(name, []).extend(messages)
        self._server_errors = by_field
        return MappedErrors(by_field, banner)

    def _resolve(self, key: str) -> str | None:
        if key in self._defs:
            return key
        return next((n for n, f in self._defs.items() if f.id == key), None)

    def _entry_messages(self, name: str | None, entry: Any) -> list[str]:
        if not isinstance(entry, dict):
            return _flatten(entry)
        pending = self._pending.get(name) if name else None
        lists = {"add_values": ("Adding", pending.added),
                 "remove_values": ("Removing", pending.removed)} if pending else {}
        messages: list[str] = []
        for key, detail in entry.items():
            if isinstance(detail, dict) and key in lists:  # {"<index>": [messages]} per item
                verb, items = lists[key]
                for index, sub in detail.items():
                    what = self._item_label(str(name), items, str(index))
                    messages += [f"{verb} {what}: {m}" for m in _flatten(sub)]
            else:
                messages += _flatten(detail)
        return messages

    def _item_label(self, name: str, items: list[Any], index: str) -> str:
        if index.isdigit() and int(index) < len(items):
            return self._codecs[name].display_value([items[int(index)]])
        return safe_text(index, single_line=True)

    # -- autosave ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot: record id, object, original values, pending edits."""
        pending = {}
        for name, p in self._pending.items():
            entry: dict[str, Any] = {"added": dump_value(p.added), "removed": dump_value(p.removed)}
            if p.value is not _UNSET:
                entry["value"] = dump_value(p.value)
            if p.text is not None:
                entry["text"] = p.text
            if p.error is not None:
                entry["error"] = p.error
            pending[name] = entry
        return {"version": _FORMAT_VERSION, "record_id": self.record_id,
                "object_type": self.object_type,
                "original": {n: dump_value(v) for n, v in self._original.items()},
                "summarized": dict(self._summarized), "pending": pending}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], fields: Sequence[FieldDef],
                  **kwargs: Any) -> RecordDraft:
        """Restore a draft saved by `to_dict` against the current field definitions.

        Pending edits of fields that no longer exist or are no longer editable are listed in
        `dropped_fields`; text that did not parse is parsed again (the definition may differ).
        """
        draft = cls(Record(id=data.get("record_id") or "", object_type=data.get("object_type")),
                    fields, **kwargs)
        for name, raw in (data.get("original") or {}).items():
            if name in draft._codecs:
                draft._original[name] = draft._codecs[name].coerce(load_value(raw))
        draft._summarized = {n: c for n, c in (data.get("summarized") or {}).items()
                             if n in draft._codecs}
        draft._learn_tags(draft._original)
        for name, entry in (data.get("pending") or {}).items():
            if name not in draft._codecs or not draft._codecs[name].is_editable:
                draft.dropped_fields.append(name)
            elif "error" in entry:
                draft.set_text(name, entry.get("text") or "")
            else:
                draft._restore(name, entry)
        return draft

    def _restore(self, name: str, entry: Mapping[str, Any]) -> None:
        codec = self._codecs[name]
        pending = _Pending(added=[codec.coerce_item(i) for i in load_value(entry["added"])],
                           removed=[codec.coerce_item(i) for i in load_value(entry["removed"])],
                           text=entry.get("text"))
        if "value" in entry:
            pending.value = codec.coerce(load_value(entry["value"]))
        self._store(name, pending)

    # -- concurrent changes ------------------------------------------------------------------

    def conflicts(self, fresh: Record) -> list[Conflict]:
        """Edited fields whose server value changed since this draft's original was read.

        A field is not in conflict when the server already holds what this draft would write.
        Summarised relationships are skipped (their lists are not compared).
        """
        theirs_all, fresh_summary = self._read(fresh)
        out = []
        for name in self._ordered():
            if name in self._summarized or name in fresh_summary:
                continue
            original, theirs = self._original[name], theirs_all[name]
            if self._same(name, original, theirs):
                continue
            pending = self._pending[name]
            if pending.error is not None:
                mine: Any = pending.text
            elif self._codecs[name].is_multi and not self.is_new:
                mine = self._apply(pending, theirs)
            else:
                mine = pending.value
            if not self._same(name, theirs, mine):
                out.append(Conflict(name, self._defs[name].label, original, theirs, mine))
        return out

    def rebase(self, fresh: Record, keep: Mapping[str, Literal["mine", "theirs"]] | None = None
               ) -> None:
        """Make `fresh` the new original, keeping pending edits unless `keep[name]` is "theirs".

        Edits that now equal the server value disappear; item additions/removals already done
        on the server are dropped.
        """
        keep = dict(keep or {})
        if bad := {k: v for k, v in keep.items() if v not in ("mine", "theirs")}:
            raise ValueError(f"keep must map fields to 'mine' or 'theirs', got {bad}")
        self.record_id = fresh.id or self.record_id
        self._original, self._summarized = self._read(fresh)
        self._learn_tags(self._original)
        for name in list(self._pending):
            pending = self._pending[name]
            if keep.get(name) == "theirs":
                del self._pending[name]
            elif self._codecs[name].is_multi and pending.error is None and not self.is_new:
                now = self._original[name]
                known = name not in self._summarized
                pending.added = [i for i in pending.added if not (known and i in now)]
                pending.removed = [i for i in pending.removed if not known or i in now]
                self._store(name, pending)
            elif pending.error is None and self._same(name, pending.value, self._original[name]):
                del self._pending[name]
        self._server_errors.clear()

    # -- review ------------------------------------------------------------------------------

    def diff_lines(self) -> list[str]:
        """One human-readable line per change for the review screen (safe for the terminal):
        "Amount: $1,200.50 → $1,500.00", "Tags: + VIP, Lead", "Tags: − Old"."""
        lines = []
        for name in self._ordered():
            pending, codec = self._pending[name], self._codecs[name]
            label = safe_text(self._defs[name].label, single_line=True)
            if pending.error is not None:
                typed = safe_text(pending.text or "", single_line=True, max_len=60)
                lines.append(f"{label}: '{typed}' not sent: {safe_text(pending.error)}")
            elif codec.is_multi and not self.is_new:
                if pending.added:
                    lines.append(f"{label}: + {codec.display_value(pending.added)}")
                if pending.removed:
                    lines.append(f"{label}: − {codec.display_value(pending.removed)}")
            else:
                old = codec.display_value(self._original[name]) or "(empty)"
                new = codec.display_value(self.value(name)) or "(empty)"
                lines.append(f"{label}: {old} → {new}")
        return lines


def _flatten(detail: Any) -> list[str]:
    """Messages from an error detail: a string, `{message, code}`, lists/dicts of those."""
    if detail is None or detail == {} or detail == []:
        return []
    if isinstance(detail, str):
        return [safe_text(detail, single_line=True)]
    if isinstance(detail, dict):
        if isinstance(detail.get("message"), str):
            return [safe_text(detail["message"], single_line=True)]
        return [m for sub in detail.values() for m in _flatten(sub)]
    if isinstance(detail, list | tuple):
        return [m for sub in detail for m in _flatten(sub)]
    return [safe_text(str(detail), single_line=True)]
