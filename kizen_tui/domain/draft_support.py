"""Parts of `RecordDraft` kept apart to keep `drafts.py` small: the value types it returns,
mapping a 400 envelope back onto fields, the autosave format, concurrent-change detection and
the review lines.

The functions take the draft as their first argument and may use its private state (this
module is the draft's own helper); `RecordDraft` exposes them as methods.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.codecs.serial import dump_value, load_value
from kizen_tui.domain.text import safe_text

if TYPE_CHECKING:
    from kizen_tui.domain.drafts import RecordDraft

ChangeKind = Literal["changed", "added", "removed"]
ItemStatus = Literal["kept", "added", "removed"]
UNSET: Any = object()
"""Marks a pending entry that sets no whole value (items only, or text that did not parse)."""
FORMAT_VERSION = 1

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
class Pending:
    """What is pending on one field (internal to the draft)."""

    value: Any = UNSET
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    text: str | None = None
    error: str | None = None


def item_states(draft: RecordDraft, name: str) -> list[tuple[Any, ItemStatus]]:
    """`RecordDraft.item_states`."""
    codec = draft.codec(name)
    if not codec.is_multi:
        raise ValueError(f"{draft._defs[name].label} holds a single value")
    if draft.is_new:
        return [(item, "added") for item in draft.value(name)]
    pending = draft._pending.get(name)
    if pending is None or pending.error is not None:
        pending = Pending()
    original = draft._original[name]
    out: list[tuple[Any, ItemStatus]] = [
        (item, "removed" if item in pending.removed else "kept") for item in original]
    out += [(item, "removed") for item in pending.removed if item not in original]
    return out + [(item, "added") for item in pending.added]


def map_errors(draft: RecordDraft, field_errors: Any, non_field_errors: Iterable[Any] = (), *,
               sent_order: Sequence[str] | None = None) -> MappedErrors:
    """`RecordDraft.map_errors`: server errors per field, plus banner messages."""
    order = list(draft.sent_order if sent_order is None else sent_order)
    by_field: dict[str, list[str]] = {}
    banner = flatten(list(non_field_errors))
    if isinstance(field_errors, dict):
        for key, detail in field_errors.items():
            name, messages = _resolve(draft, str(key)), flatten(detail)
            if name is None:
                banner += [f"{safe_text(str(key), single_line=True)}: {m}" for m in messages]
            elif messages:
                by_field.setdefault(name, []).extend(messages)
    else:
        for index, entry in enumerate(field_errors or []):
            name = order[index] if index < len(order) else None
            messages = _entry_messages(draft, name, entry)
            if name is None:
                banner += messages
            elif messages:
                by_field.setdefault(name, []).extend(messages)
    banner = _claim_required(draft, banner, by_field)
    draft._server_errors = by_field
    return MappedErrors(by_field, banner)


#: How the server names a required field the write left out (a non-field error: the field was
#: not sent, so no entry of the positional envelope answers for it).
_REQUIRED = re.compile(r'^Field "(?P<name>[^"]+)" is required\.?$')
#: Said under the field, in the words of the local check of a new record.
REQUIRED_MESSAGE = "This field is required"


def _claim_required(draft: RecordDraft, banner: list[str],
                    by_field: dict[str, list[str]]) -> list[str]:
    """Move "Field "x" is required." from the banner to the field it names (when the draft
    knows it); returns what stays in the banner."""
    rest = []
    for message in banner:
        match = _REQUIRED.match(message)
        name = _resolve(draft, match["name"]) if match else None
        if name is None:
            rest.append(message)
        elif REQUIRED_MESSAGE not in by_field.setdefault(name, []):
            by_field[name].append(REQUIRED_MESSAGE)
    return rest


def _resolve(draft: RecordDraft, key: str) -> str | None:
    if key in draft._defs:
        return key
    return next((n for n, f in draft._defs.items() if f.id == key), None)


def _entry_messages(draft: RecordDraft, name: str | None, entry: Any) -> list[str]:
    if not isinstance(entry, dict):
        return flatten(entry)
    pending = draft._pending.get(name) if name else None
    lists = {"add_values": ("Adding", pending.added),
             "remove_values": ("Removing", pending.removed)} if pending else {}
    messages: list[str] = []
    for key, detail in entry.items():
        if isinstance(detail, dict) and key in lists:  # {"<index>": [messages]} per item
            verb, items = lists[key]
            for index, sub in detail.items():
                what = _item_label(draft, str(name), items, str(index))
                messages += [f"{verb} {what}: {m}" for m in flatten(sub)]
        elif key in lists and len(lists[key][1]) == 1:  # one item sent: it is the culprit
            verb, items = lists[key]
            what = _item_label(draft, str(name), items, "0")
            messages += [f"{verb} {what}: {m}" for m in flatten(detail)]
        else:
            messages += flatten(detail)
    return messages


def _item_label(draft: RecordDraft, name: str, items: list[Any], index: str) -> str:
    if index.isdigit() and int(index) < len(items):
        return draft._codecs[name].display_value([items[int(index)]])
    return safe_text(index, single_line=True)


# -- autosave ----------------------------------------------------------------------------


def to_dict(draft: RecordDraft) -> dict[str, Any]:
    """A JSON-serialisable snapshot: record id, object, original values, pending edits."""
    pending = {}
    for name, p in draft._pending.items():
        entry: dict[str, Any] = {"added": dump_value(p.added), "removed": dump_value(p.removed)}
        if p.value is not UNSET:
            entry["value"] = dump_value(p.value)
        if p.text is not None:
            entry["text"] = p.text
        if p.error is not None:
            entry["error"] = p.error
        pending[name] = entry
    return {"version": FORMAT_VERSION, "record_id": draft.record_id,
            "object_type": draft.object_type,
            "original": {n: dump_value(v) for n, v in draft._original.items()},
            "summarized": dict(draft._summarized), "pending": pending}


def from_dict(cls: type[RecordDraft], data: Mapping[str, Any], fields: Sequence[FieldDef],
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
            _restore(draft, name, entry)
    return draft


def _restore(draft: RecordDraft, name: str, entry: Mapping[str, Any]) -> None:
    codec = draft._codecs[name]
    pending = Pending(added=[codec.coerce_item(i) for i in load_value(entry["added"])],
                       removed=[codec.coerce_item(i) for i in load_value(entry["removed"])],
                       text=entry.get("text"))
    if "value" in entry:
        pending.value = codec.coerce(load_value(entry["value"]))
    draft._store(name, pending)


# -- concurrent changes ------------------------------------------------------------------


def conflicts(draft: RecordDraft, fresh: Record) -> list[Conflict]:
    """Edited fields whose server value changed since this draft's original was read.

    A field is not in conflict when the server already holds what this draft would write.
    Summarised relationships are skipped (their lists are not compared).
    """
    theirs_all, fresh_summary = draft._read(fresh)
    out = []
    for name in draft._ordered():
        if name in draft._summarized or name in fresh_summary:
            continue
        original, theirs = draft._original[name], theirs_all[name]
        if draft._same(name, original, theirs):
            continue
        pending = draft._pending[name]
        if pending.error is not None:
            mine: Any = pending.text
        elif draft._codecs[name].is_multi and not draft.is_new:
            mine = draft._apply(pending, theirs)
        else:
            mine = pending.value
        if not draft._same(name, theirs, mine):
            out.append(Conflict(name, draft._defs[name].label, original, theirs, mine))
    return out


def observe(draft: RecordDraft, fresh: Record) -> None:
    """`RecordDraft.observe`."""
    values, _ = draft._read(fresh)
    for name in draft._ordered():
        if name in draft._summarized or draft._same(name, values[name], draft._original[name]):
            draft._seen.pop(name, None)
        else:
            draft._seen[name] = values[name]


def rebase(draft: RecordDraft, fresh: Record,
           keep: Mapping[str, Literal["mine", "theirs"]] | None = None, *,
           only: Iterable[str] | None = None) -> None:
    """`RecordDraft.rebase`: `fresh` becomes the original (of the `only` fields, if given)."""
    keep = dict(keep or {})
    if bad := {k: v for k, v in keep.items() if v not in ("mine", "theirs")}:
        raise ValueError(f"keep must map fields to 'mine' or 'theirs', got {bad}")
    draft.record_id = fresh.id or draft.record_id
    values, summarized = draft._read(fresh)
    names = set(draft._codecs) if only is None else set(only) & set(draft._codecs)
    for name in names:  # fields `fresh` was not read with keep their originals
        draft._original[name] = values[name]
        draft._seen.pop(name, None)
        draft._summarized.pop(name, None)
        if name in summarized:
            draft._summarized[name] = summarized[name]
    draft._learn_tags(draft._original)
    for name in list(draft._pending):
        if name not in names:
            continue
        pending = draft._pending[name]
        if keep.get(name) == "theirs":
            del draft._pending[name]
        elif draft._codecs[name].is_multi and pending.error is None and not draft.is_new:
            now = draft._original[name]
            known = name not in draft._summarized
            pending.added = [i for i in pending.added if not (known and i in now)]
            pending.removed = [i for i in pending.removed if not known or i in now]
            draft._store(name, pending)
        elif pending.error is None and draft._same(name, pending.value, draft._original[name]):
            del draft._pending[name]
    draft._server_errors.clear()


# -- review ------------------------------------------------------------------------------


def diff_lines(draft: RecordDraft) -> list[str]:
    """One human-readable line per change for the review screen (safe for the terminal):
    "Amount: $1,200.50 → $1,500.00", "Tags: + VIP, Lead", "Tags: − Old"."""
    lines = []
    for name in draft._ordered():
        pending, codec = draft._pending[name], draft._codecs[name]
        label = safe_text(draft._defs[name].label, single_line=True)
        if pending.error is not None:
            typed = safe_text(pending.text or "", single_line=True, max_len=60)
            lines.append(f"{label}: '{typed}' not sent: {safe_text(pending.error)}")
        elif codec.is_multi and not draft.is_new:
            if pending.added:
                lines.append(f"{label}: + {codec.display_value(pending.added)}")
            if pending.removed:
                lines.append(f"{label}: − {codec.display_value(pending.removed)}")
        else:
            old = codec.display_value(draft.server_value(name)) or "(empty)"
            new = codec.display_value(draft.value(name)) or "(empty)"
            lines.append(f"{label}: {old} → {new}")
    return lines


def flatten(detail: Any) -> list[str]:
    """Messages from an error detail: a string, `{message, code}`, lists/dicts of those."""
    if detail is None or detail == {} or detail == []:
        return []
    if isinstance(detail, str):
        return [safe_text(detail, single_line=True)]
    if isinstance(detail, dict):
        if isinstance(detail.get("message"), str):
            return [safe_text(detail["message"], single_line=True)]
        return [m for sub in detail.values() for m in flatten(sub)]
    if isinstance(detail, list | tuple):
        return [m for sub in detail for m in flatten(sub)]
    return [safe_text(str(detail), single_line=True)]
