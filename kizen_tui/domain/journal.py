"""The local write journal: one entry per successful write, with what it changed, for undo.

Pure data and rules; reading and appending the JSON-lines file is `kizen_tui.ui.journal_store`.

Decisions:
- Values are stored as **wire values** (what a write body carries), computed by the field's
  codec, so a revert body can be built without the field definitions and compared with the
  server later. Each change also keeps the before/after text shown to the user.
- Multi-value fields store the items added and removed, never whole lists: a revert removes
  what was added and adds back what was removed, so other people's items are untouched and
  summarised relationships (whose full list is never read) can be reverted too.
- A revert of a revert is allowed from the journal screen, but `u` walks back through writes
  that have not been reverted yet, like an editor's undo stack.
- Secrets never get here: an entry holds record data, the profile name and the request id only.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import UTC, datetime
from typing import Any, Literal

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.codecs.base import FieldCodec, label_of
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import codec_for
from kizen_tui.domain.journal_stale import stale_changes
from kizen_tui.domain.text import safe_text

__all__ = ["ACTIONS", "JournalChange", "JournalEntry", "JournalFormatError", "NotRevertible",
           "RevertPlan", "changes_between", "changes_from_draft", "diff_lines",
           "inverse_changes", "last_revertible", "new_entry", "revert_lines", "revert_plan",
           "reverted_ids", "stale_changes"]

#: Write actions that are journaled.
ACTIONS = ("patch", "put", "add", "upsert", "archive", "unarchive")
JOURNAL_VERSION = 1

RevertKind = Literal["patch", "archive", "unarchive"]


class JournalFormatError(ValueError):
    """A journal line that is not a valid entry (it is skipped and reported, never fatal)."""


class NotRevertible(ValueError):
    """An entry that cannot be reverted; the message says why."""


@dataclass(frozen=True)
class JournalChange:
    """What one write did to one field: a new value ("set") or items added/removed ("items")."""

    field: str
    label: str
    kind: Literal["set", "items"] = "set"
    before: Any = None
    after: Any = None
    added: list[Any] = dc_field(default_factory=list)
    removed: list[Any] = dc_field(default_factory=list)
    before_text: str = ""
    after_text: str = ""


@dataclass(frozen=True)
class JournalEntry:
    """One successful write."""

    id: str
    time: str
    """ISO 8601 UTC."""
    profile: str
    object: str
    record_id: str
    record_label: str
    action: str
    """patch, put, add, upsert, archive or unarchive."""
    result: str | None = None
    """For add and upsert: created, updated or unarchived."""
    changes: tuple[JournalChange, ...] = ()
    request_id: str | None = None
    reverts: str | None = None
    """The id of the entry this write reverted, if it was a revert."""

    def to_line(self) -> str:
        """One JSON line (no line breaks: `json.dumps` escapes them)."""
        data = asdict(self)
        data["version"] = JOURNAL_VERSION
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)

    @classmethod
    def from_line(cls, line: str) -> JournalEntry:
        """Parse one journal line.

        Raises:
            JournalFormatError: not JSON, or not an entry.
        """
        try:
            data = json.loads(line)
        except ValueError as error:
            raise JournalFormatError(f"not JSON: {error}") from None
        if not isinstance(data, dict):
            raise JournalFormatError("not a JSON object")
        for key in ("id", "time", "profile", "object", "record_id", "action"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise JournalFormatError(f"missing or invalid {key!r}")
        if data["action"] not in ACTIONS:
            raise JournalFormatError(f"unknown action {data['action']!r}")
        raw_changes = data.get("changes") or []
        if not isinstance(raw_changes, list) or not all(isinstance(c, dict) for c in raw_changes):
            raise JournalFormatError("invalid 'changes'")
        try:
            changes = tuple(_change_from_dict(c) for c in raw_changes)
        except (TypeError, ValueError) as error:
            raise JournalFormatError(f"invalid change: {error}") from None
        return cls(id=data["id"], time=data["time"], profile=data["profile"],
                   object=data["object"], record_id=data["record_id"],
                   record_label=_text(data.get("record_label")) or data["record_id"],
                   action=data["action"], result=_text(data.get("result")), changes=changes,
                   request_id=_text(data.get("request_id")), reverts=_text(data.get("reverts")))

    @property
    def when(self) -> datetime | None:
        """The time as an aware datetime (None if unreadable)."""
        try:
            return datetime.fromisoformat(self.time)
        except ValueError:
            return None

    @property
    def title(self) -> str:
        """A one-line summary: "patch Acme Corporation (3 fields)" (safe for the terminal)."""
        what = self.action if not self.result else f"{self.action} ({self.result})"
        if self.reverts:
            what = f"revert: {what}"
        label = safe_text(self.record_label, single_line=True, max_len=60)
        count = f" · {len(self.changes)} field{'s' if len(self.changes) != 1 else ''}" if (
            self.changes) else ""
        return f"{what} {label}{count}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _change_from_dict(data: dict[str, Any]) -> JournalChange:
    name = data.get("field")
    if not isinstance(name, str) or not name:
        raise ValueError("a change needs a field name")
    kind = data.get("kind", "set")
    if kind not in ("set", "items"):
        raise ValueError(f"unknown change kind {kind!r}")
    added, removed = data.get("added") or [], data.get("removed") or []
    if not isinstance(added, list) or not isinstance(removed, list):
        raise ValueError("added/removed must be lists")
    return JournalChange(field=name, label=_text(data.get("label")) or name, kind=kind,
                         before=data.get("before"), after=data.get("after"), added=added,
                         removed=removed, before_text=str(data.get("before_text") or ""),
                         after_text=str(data.get("after_text") or ""))


def new_entry(*, profile: str, object: str, record: Record | None, record_id: str = "",
              record_label: str = "", action: str, result: str | None = None,
              changes: Iterable[JournalChange] = (), request_id: str | None = None,
              reverts: str | None = None, now: datetime | None = None) -> JournalEntry:
    """A new entry with a fresh id and the current time.

    Args:
        record: the record as the write returned it (its id and label are used when given).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown journal action {action!r}")
    rid = (record.id if record is not None else "") or record_id
    label = (record.label if record is not None and record.label != record.id else "") or (
        record_label or rid)
    return JournalEntry(id=uuid.uuid4().hex, time=(now or datetime.now(UTC)).isoformat(),
                        profile=profile, object=object, record_id=rid, record_label=label,
                        action=action, result=result, changes=tuple(changes),
                        request_id=request_id, reverts=reverts)


# -- building changes -----------------------------------------------------------------------


def _after_value(codec: FieldCodec, name: str, after: Record | None, fallback: Any) -> Any:
    """The field's domain value in the record a write returned (with return_all_fields an
    absent field is blank); the value sent when there is no record."""
    if after is None:
        return fallback
    entry = after.field(name) or after.field(codec.field.id)
    return codec.from_raw(None if entry is None else entry.value)


def _resolve_by_name(item: Any, after_items: list[Any]) -> Any:
    """A `{"name": ...}` item (a tag created by name) as `{"id": ...}` when the written record
    shows it, so a later revert can remove it by id."""
    if not (isinstance(item, dict) and "name" in item and "id" not in item):
        return item
    wanted = str(item["name"]).strip().casefold()
    for raw in after_items:
        if isinstance(raw, dict) and (label_of(raw) or "").strip().casefold() == wanted and (
                isinstance(raw.get("id"), str)):
            return {"id": raw["id"]}
    return item


def changes_from_draft(draft: RecordDraft, after: Record | None = None) -> list[JournalChange]:
    """The journal changes of a write built from `draft` (call before the draft is reset).

    Args:
        draft: the draft whose `to_patch()` was sent.
        after: the record the write returned (values as the server stored them).
    """
    out: list[JournalChange] = []
    for name in draft.sent_order:
        codec = draft.codec(name)
        label = codec.field.label
        if codec.is_multi and not draft.is_new:
            out.append(_items_change(draft, name, after))
            continue
        before = draft.original(name)
        now = _after_value(codec, name, after, draft.value(name))
        out.append(JournalChange(
            field=name, label=label, before=codec.to_wire(before), after=codec.to_wire(now),
            before_text=codec.display_value(before), after_text=codec.display_value(now)))
    return out


def changes_between(fields: Sequence[FieldDef], names: Iterable[str], before: Record | None,
                    after: Record | None) -> list[JournalChange]:
    """"set" changes of the named fields between two reads of a record (upsert: the record
    read just before the write, or None for a record that did not exist, and the result)."""
    defs = {f.name: f for f in fields}
    out = []
    for name in names:
        if name not in defs:
            continue
        codec = codec_for(defs[name])
        old = _after_value(codec, name, before, codec.empty()) if before else codec.empty()
        new = _after_value(codec, name, after, codec.empty())
        out.append(JournalChange(
            field=name, label=defs[name].label, before=codec.to_wire(old),
            after=codec.to_wire(new), before_text=codec.display_value(old),
            after_text=codec.display_value(new)))
    return out


def _items_change(draft: RecordDraft, name: str, after: Record | None) -> JournalChange:
    codec = draft.codec(name)
    added = removed = []
    for change in draft.changes:
        if change.field == name and change.kind == "added":
            added = list(change.new)
        elif change.field == name and change.kind == "removed":
            removed = list(change.old)
    entry = after.field(name) if after is not None else None
    raw_items = entry.value if entry is not None and isinstance(entry.value, list) else []
    wire_added = [_resolve_by_name(codec.item_to_wire(i), raw_items) for i in added]
    return JournalChange(
        field=name, label=codec.field.label, kind="items", added=wire_added,
        removed=[codec.item_to_wire(i) for i in removed],
        before_text=codec.display_value(removed), after_text=codec.display_value(added))


# -- reverting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RevertPlan:
    """How to undo an entry: a PATCH restoring values, an archive, or an unarchive."""

    kind: RevertKind
    fields: list[dict[str, Any]] = dc_field(default_factory=list)
    """The PATCH `fields` (for kind "patch")."""


def revert_plan(entry: JournalEntry) -> RevertPlan:
    """What undoes `entry`.

    Raises:
        NotRevertible: the entry holds nothing that can be restored.
    """
    if entry.action == "archive":
        return RevertPlan("unarchive")
    if entry.action in ("unarchive", "add") or (
            entry.action == "upsert" and entry.result in ("created", "unarchived")):
        return RevertPlan("archive")
    fields = []
    for change in entry.changes:
        if change.kind == "items":
            item: dict[str, Any] = {"name": change.field}
            if change.removed:
                item["add_values"] = list(change.removed)
            if change.added:
                item["remove_values"] = list(change.added)
            if len(item) > 1:
                fields.append(item)
        else:
            fields.append({"name": change.field, "value": change.before})
    if not fields:
        raise NotRevertible("this write changed no field values that can be restored")
    return RevertPlan("patch", fields)


def inverse_changes(entry: JournalEntry) -> list[JournalChange]:
    """The changes a revert of `entry` makes (before and after swapped), for its own entry."""
    return [JournalChange(field=c.field, label=c.label, kind=c.kind, before=c.after,
                          after=c.before, added=list(c.removed), removed=list(c.added),
                          before_text=c.after_text, after_text=c.before_text)
            for c in entry.changes]


def reverted_ids(entries: Sequence[JournalEntry]) -> set[str]:
    """Ids of entries that a later entry reverted."""
    return {e.reverts for e in entries if e.reverts}


def last_revertible(entries: Sequence[JournalEntry], profile: str) -> JournalEntry | None:
    """The newest write of `profile` that is not a revert and was not reverted (what `u` undoes)."""
    done = reverted_ids(entries)
    for entry in reversed(entries):
        if entry.profile == profile and not entry.reverts and entry.id not in done:
            return entry
    return None


def diff_lines(entry: JournalEntry) -> list[str]:
    """One line per change, safe for the terminal: "Tier: Gold → Silver", "Tags: + VIP"."""
    lines = []
    for change in entry.changes:
        label = safe_text(change.label, single_line=True)
        if change.kind == "items":
            if change.added:
                lines.append(f"{label}: + {_short(change.after_text, change.added)}")
            if change.removed:
                lines.append(f"{label}: − {_short(change.before_text, change.removed)}")
        else:
            lines.append(f"{label}: {_shown(change.before_text)} → {_shown(change.after_text)}")
    return lines


def _short(text: str, items: list[Any]) -> str:
    return safe_text(text, single_line=True, max_len=80) or json.dumps(items)[:80]


def _shown(text: str) -> str:
    return safe_text(text, single_line=True, max_len=80) or "(empty)"


def revert_lines(entry: JournalEntry) -> list[str]:
    """What reverting `entry` will do, one line each (safe for the terminal)."""
    plan = revert_plan(entry)
    label = safe_text(entry.record_label, single_line=True, max_len=60)
    if plan.kind == "archive":
        return [f"Archive {label} (it was created or restored by this write)"]
    if plan.kind == "unarchive":
        return [f"Unarchive {label} (restore the archived record)"]
    lines = []
    for change in entry.changes:
        name = safe_text(change.label, single_line=True)
        if change.kind == "items":
            if change.added:
                lines.append(f"{name}: − {_short(change.after_text, change.added)}")
            if change.removed:
                lines.append(f"{name}: + {_short(change.before_text, change.removed)}")
        else:
            lines.append(f"{name}: {_shown(change.after_text)} → {_shown(change.before_text)}")
    return lines
