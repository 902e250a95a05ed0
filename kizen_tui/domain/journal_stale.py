"""Whether the server still holds what a journaled write wrote (before undoing it).

A revert that would overwrite a newer change made by someone else must say so first (no silent
overwrite); this compares the record read now with an entry's "after" values, as wire values
through the field's codec, so 5 and 5.0 or two spellings of one datetime compare equal.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.fields import codec_for

if TYPE_CHECKING:
    from kizen_tui.domain.journal import JournalEntry


def _wire_ids(items: Iterable[Any]) -> set[str]:
    out = set()
    for item in items:
        if isinstance(item, dict):
            item = item.get("id") or ("name:" + str(item.get("name", "")).casefold())
        out.add(str(item))
    return out


def stale_changes(entry: JournalEntry, current: Record, fields: Sequence[FieldDef]
                  ) -> list[str]:
    """Labels of fields the server changed since `entry` wrote them (a revert would overwrite
    someone else's change); empty when the record still holds what the entry wrote."""
    defs = {f.name: f for f in fields}
    stale = []
    for change in entry.changes:
        fd = defs.get(change.field)
        if fd is None:
            continue
        codec = codec_for(fd)
        raw = current.field(fd.name) or current.field(fd.id)
        value = codec.from_raw(None if raw is None else raw.value)
        if change.kind == "items":
            if codec.is_multi and isinstance(value, list):
                now = _wire_ids(codec.item_to_wire(i) for i in value)
                if not _wire_ids(change.added) <= now or _wire_ids(change.removed) & now:
                    stale.append(change.label)
        elif _normal(codec.to_wire(value)) != _normal(change.after):
            stale.append(change.label)
    return stale


def _normal(value: Any) -> str:
    """Wire values compared as canonical JSON (numbers 5 and 5.0 are the same)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, default=str)
