"""Read shapes of field values (API-NOTES §4), rendered from stored rows in batches.

Choices the notes leave open [I]: ratings read as an option `{id, code, name}` whose code is the
number as a string; phone numbers read as E.164 strings; decimals read as JSON numbers; dynamic
tags read as `{id, code, name}` with the tag name as code; files read as
`{id, name, size_bytes, content_type, url}`. Blank values (null, "", empty list) are left out of
`fields`. A relationship holding more than 100 records reads as `value_summary: {count}` instead
of `value`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.catalog import EMPLOYEES
from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store

#: Relationships with more values than this are summarised (API-NOTES §4).
SUMMARY_LIMIT = 100
FILE_URL = "https://files.sandbox.kizen.local/"


def employee_json(ordinal: int) -> dict[str, Any]:
    """A team member as a team_selector value."""
    emp = EMPLOYEES[ordinal]
    return {"id": emp.id, "deleted": emp.deleted, "first_name": emp.first_name,
            "last_name": emp.last_name, "email": emp.email}


def option_json(fd: FieldDef, ordinal: int) -> dict[str, Any]:
    """An option value `{id, code, name}` (a stage reads `{id, name, status, order}`)."""
    opt = fd.options[ordinal]
    if fd.is_stage:
        return {"id": opt.id, "name": opt.name, "status": opt.status, "order": opt.order}
    return {"id": opt.id, "code": opt.code, "name": opt.name}


def display_name(obj: ObjectDef, row: sqlite3.Row) -> str:
    """The record's display name: its name, or a contact's full name (else email)."""
    if not obj.is_contacts:
        return row["f_name"] or ""
    full = " ".join(p for p in (row["f_first_name"], row["f_last_name"]) if p)
    return full or row["f_email"] or ""


def scalar_value(fd: FieldDef, raw: Any) -> Any:
    """The read value of a column-stored field (None when blank)."""
    if raw is None or raw == "":
        return None
    kind = fd.field_type
    if kind == "datetime":
        return timeutil.render(raw)
    if kind == "checkbox":
        return bool(raw)
    if kind == "money":
        return {"currency": fd.currency, "symbol": "$", "amount": raw}
    if kind == "team_selector":
        return employee_json(raw)
    if kind == "timezone":
        return fd.options[raw].id
    if kind == "rating":
        return option_json(fd, raw - 1)
    if kind in OPTION_TYPES:
        return option_json(fd, raw)
    return raw


def related_json(obj: ObjectDef, row: sqlite3.Row) -> dict[str, Any]:
    """A related record as a relationship value."""
    if obj.is_contacts:
        return {"id": row["id"], "first_name": row["f_first_name"] or "",
                "last_name": row["f_last_name"] or "", "email": row["f_email"] or ""}
    return {"id": row["id"], "name": row["f_name"] or ""}


class Renderer:
    """Renders the `fields` maps of a batch of records of one object."""

    def __init__(self, store: Store, obj: ObjectDef) -> None:
        self.store = store
        self.obj = obj

    def render(self, rows: list[sqlite3.Row], fields: list[FieldDef]) -> dict[int, dict[str, Any]]:
        """`{rid: {field_uuid: entry}}` for the given rows and fields."""
        rids = [row["rid"] for row in rows]
        out: dict[int, dict[str, Any]] = {rid: {} for rid in rids}
        for fd in fields:
            head = {"id": fd.id, "name": fd.name, "field_type": fd.field_type,
                    "display_name": fd.display_name}
            for rid, entry in self.values(fd, rows, rids).items():
                head_copy = head.copy()
                head_copy.update(entry)
                out[rid][fd.id] = head_copy
        return out

    def values(self, fd: FieldDef, rows: list[sqlite3.Row],
               rids: list[int]) -> dict[int, dict[str, Any]]:
        """`{rid: {"value": v}}` (or `value_summary`) of one field, for non-blank values."""
        column = fd.column
        if column:
            if not rows:
                return {}
            # Integer indexing: sqlite3.Row looks names up by a linear, case-folding search.
            index = rows[0].keys().index(column)
            out = {}
            for rid, row in zip(rids, rows, strict=True):
                raw = row[index]
                if raw is not None and raw != "":
                    out[rid] = {"value": scalar_value(fd, raw)}
            return out
        if fd.relation is not None:
            return self._relations(fd, rids)
        return self._multi(fd, rids)

    def _multi(self, fd: FieldDef, rids: list[int]) -> dict[int, dict[str, Any]]:
        stored = self.store.multi(fd, rids)
        if fd.field_type == "checkboxes":
            lookup = {o.order: option_json(fd, o.order) for o in fd.options}
        else:
            lookup = self._side_rows(fd.field_type, {v for vals in stored.values() for v in vals})
        return {rid: {"value": [lookup[v] for v in vals if v in lookup]}
                for rid, vals in stored.items() if vals}

    def _side_rows(self, kind: str, rowids: set[int]) -> dict[int, dict[str, Any]]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        if kind == "dynamictags":
            found = self.store.query(f"SELECT rowid, id, name FROM tags WHERE rowid IN ({marks})",
                                     list(rowids))
            return {r[0]: {"id": r[1], "code": r[2], "name": r[2]} for r in found}
        found = self.store.query(
            f"SELECT rowid, id, name, size_bytes, content_type FROM files WHERE rowid IN ({marks})",
            list(rowids))
        return {r[0]: {"id": r[1], "name": r[2], "size_bytes": r[3], "content_type": r[4],
                       "url": f"{FILE_URL}{r[1]}/{r[2]}"} for r in found}

    def _relations(self, fd: FieldDef, rids: list[int]) -> dict[int, dict[str, Any]]:
        rel = fd.relation
        assert rel is not None
        target = self.store.objects[rel.target]
        linked = self.store.related(fd, rids)
        others = self.store.rows(target, sorted({o for vals in linked.values() for o in vals}))
        out: dict[int, dict[str, Any]] = {}
        for rid in rids:
            # Archived or invisible related records are neither shown nor counted.
            shown = [others[o] for o in linked[rid]
                     if o in others and not others[o]["archived"] and others[o]["can_view"]]
            if len(shown) > SUMMARY_LIMIT:
                out[rid] = {"value_summary": {"count": len(shown)}}
            elif shown:
                items = [related_json(target, row) for row in shown]
                out[rid] = {"value": items if rel.is_list else items[0]}
        return out
