"""Record writes: add, PATCH, PUT, upsert, archive, unarchive, move.

Choices where API-NOTES is silent [I]:
- Names are unique per object case-sensitively; contact emails case-insensitively. A clash with
  an active record is a positional `value` error "A record with this name already exists."
- Archived conflicts. add `unarchive` / upsert `oncreate_unarchive` (default "prompt"): when an
  archived record holds the identifier, "prompt" answers 400 with the positional envelope plus
  `archived_record: {id, display_name}`, and non_field_errors
  `['An archived record with this name already exists: "<name>" (id <uuid>). Send
  unarchive="unarchive" to restore it or unarchive="overwrite" to create a new record.']`
  ("email" for contacts; upsert names its own parameter). "unarchive" restores that record and
  applies the fields (action "unarchived"; required fields need not be sent, the record has
  them); "overwrite" renames the archived record out of the
  way — names get " (archived <first 8 characters of its id>)", emails get
  "+archived-<8 characters>" before the @ — and creates a new one (action "created").
  PATCH/PUT `archived_conflict` and upsert `onupdate_archived_conflict`: renaming onto an archived
  record's identifier is a positional 400 unless "overwrite", which renames the archived one.
- PUT requires `fields` and every required field, but leaves fields it does not name unchanged.
- add answers 200 with the full record plus `action` and `display_name`; upsert answers 201
  (created/unarchived) or 200 (updated). A new record's owner defaults to the demo user and a
  new pipeline record starts in the first stage.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from kizen_tui.sandbox import entries, values
from kizen_tui.sandbox.entries import Entry, Parsed
from kizen_tui.sandbox.http import ApiError, bad_request, forbidden
from kizen_tui.sandbox.schema import ObjectDef
from kizen_tui.sandbox.store import Store
from kizen_tui.sandbox.timeutil import now_us

ADD_MODES = ("prompt", "unarchive", "overwrite")


def _choice(body: dict[str, Any], key: str, allowed: tuple[str, ...], default: str | None) -> Any:
    value = body.get(key)
    if value is None:
        return default
    if value not in allowed:
        raise ApiError(400, {"non_field_errors": [f'{key}: "{value}" is not a valid choice.'],
                             "fields": [], key: [f'"{value}" is not a valid choice.']})
    return value


def _what(obj: ObjectDef) -> str:
    return "contact with this email" if obj.is_contacts else "record with this name"


class Writer:
    """Write operations on one store (each runs in one transaction, rolled back on error)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._raw_names: dict[int, str | None] = {}

    # -- identifier conflicts ----------------------------------------------------------------

    def holder(self, obj: ObjectDef, value: str, *, archived: bool,
               exact: bool) -> sqlite3.Row | None:
        """The record holding an identifier (names compare exactly, emails case-insensitively)."""
        return self.store.find_by_identifier(obj, value, archived=archived,
                                             exact=exact and not obj.is_contacts)

    def rename_archived(self, obj: ObjectDef, row: sqlite3.Row) -> None:
        """Move an archived record's identifier out of the way ("overwrite")."""
        col, tag = f"f_{obj.identifier}", row["id"][:8]
        old = row[col] or ""
        if obj.is_contacts:
            local, _, domain = old.partition("@")
            new = f"{local}+archived-{tag}@{domain}"
        else:
            suffix = f" (archived {tag})"
            new = old[: 255 - len(suffix)] + suffix
        self.store.update(obj, row["rid"], {col: new})

    def check_identifier(self, obj: ObjectDef, parsed: Parsed, raw_len: int, *,
                         rid: int | None, overwrite: bool) -> None:
        """Reject a new identifier held by another active record, or by an archived one."""
        sets, value = parsed.value_of(obj.identifier)
        if not sets or value is None:
            return
        index = self._position(obj, parsed, raw_len)
        active = self.holder(obj, value, archived=False, exact=True)
        if active is not None and active["rid"] != rid:
            self._error(parsed, index, f"A {_what(obj)} already exists.")
            return
        archived = self.holder(obj, value, archived=True, exact=True)
        if archived is not None and archived["rid"] != rid:
            if overwrite:
                self.rename_archived(obj, archived)
            else:
                self._error(parsed, index, f"An archived {_what(obj)} already exists. Send "
                            'archived_conflict="overwrite" to rename the archived record.')

    def _position(self, obj: ObjectDef, parsed: Parsed, raw_len: int) -> int | None:
        """The request position of the last entry writing the identifier (None if added)."""
        return next((i for i in reversed(range(raw_len))
                     if self._raw_names.get(i) == obj.identifier), None)

    def _error(self, parsed: Parsed, index: int | None, message: str) -> None:
        if index is None:
            parsed.non_field.append(message)
        else:
            parsed.errors[index].setdefault("value", []).append(message)

    # -- applying entries --------------------------------------------------------------------

    def apply(self, obj: ObjectDef, rid: int, parsed: Parsed, now: int) -> None:
        """Store the entries of a write on record `rid` and bump `updated` (if anything)."""
        if not parsed.entries:
            return
        cols: dict[str, Any] = {}
        for entry in parsed.entries:
            fd = entry.fd
            if fd.column:
                cols[fd.column] = entry.value
            elif fd.relation is not None:
                self._relate(obj, rid, entry)
            else:
                current = self.store.multi(fd, [rid])[rid]
                self.store.set_multi(fd, rid, self._merge(current, entry))
        stage = obj.by_name.get("stage")
        if stage is not None and stage.column in cols:
            self.change_stage(obj, rid, cols.pop(stage.column), now)
        cols["f_updated"] = now
        self.store.update(obj, rid, cols)

    @staticmethod
    def _merge(current: list[int], entry: Entry) -> list[int]:
        if entry.replaces:
            return list(entry.value)
        merged = current + [v for v in entry.add or [] if v not in current]
        return [v for v in merged if v not in (entry.remove or [])]

    def _relate(self, obj: ObjectDef, rid: int, entry: Entry) -> None:
        fd, rel = entry.fd, entry.fd.relation
        assert rel is not None
        inverse = self.store.objects[rel.target].by_name[rel.inverse]
        new = self._merge(self.store.related(fd, [rid])[rid], entry)
        self.store.unlink(fd, rid)
        for pos, other in enumerate(new):
            if not inverse.is_multi:  # the other record's single slot now points here
                self.store.unlink(inverse, other)
            self.store.link(fd, rid, other, pos)

    def change_stage(self, obj: ObjectDef, rid: int, stage: int | None, now: int) -> None:
        """Move a pipeline record to a stage, keeping the stage history."""
        row = self.store.rows(obj, [rid])[rid]
        if stage is None or row["f_stage"] == stage:
            return
        with self.store.lock:
            self.store.conn.execute("UPDATE stage_history SET left = ? WHERE rid = ? AND left IS "
                                    "NULL", (now, rid))
            self.store.conn.execute("INSERT INTO stage_history VALUES (?, ?, ?, NULL)",
                                    (rid, stage, now))
        self.store.update(obj, rid, {"f_stage": stage, "stage_entered": now, "f_updated": now})

    def insert(self, obj: ObjectDef, now: int) -> int:
        """A new empty record (owner: the demo user; pipelines: first stage)."""
        cols: dict[str, Any] = {"id": _new_id(), "f_created": now, "f_updated": now,
                                "f_owner": 0}
        rid = self.store.insert(obj, cols)
        if "stage" in obj.by_name:
            self.store.update(obj, rid, {"f_stage": 0, "stage_entered": now})
            with self.store.lock:
                self.store.conn.execute("INSERT INTO stage_history VALUES (?, 0, ?, NULL)",
                                        (rid, now))
        return rid

    # -- operations --------------------------------------------------------------------------

    def _parse(self, obj: ObjectDef, raw: list[Any]) -> Parsed:
        # Remember which request position names which field, to place identifier errors.
        self._raw_names = {}
        for i, item in enumerate(raw):
            if isinstance(item, dict):
                fd = obj.get_field(item.get("name") or item.get("id") or "")
                self._raw_names[i] = fd.name if fd else None
        return entries.parse(self.store, obj, raw)

    def create(self, obj: ObjectDef, raw: list[Any], mode: str, mode_key: str,
               *, archived_exact: bool, lookup: str | None = None) -> tuple[int, str, Parsed]:
        """Create (or unarchive) a record; returns (rid, action, parsed write)."""
        parsed = self._parse(obj, raw)
        if lookup is not None and not parsed.value_of(obj.identifier)[0]:
            parsed.entries.append(Entry(obj.by_name[obj.identifier], lookup))
        sets, ident = parsed.value_of(obj.identifier)
        archived = None
        if sets and ident is not None:
            archived = self.holder(obj, ident, archived=True, exact=archived_exact)
        if archived is None or mode != "unarchive":
            # A restored record already holds its required fields; only a new one needs them.
            entries.require(obj, parsed)
        if archived is not None and mode == "prompt":
            self._prompt(obj, parsed, len(raw), archived, mode_key)
        if archived is not None and mode == "unarchive":
            self.check_identifier(obj, parsed, len(raw), rid=archived["rid"], overwrite=False)
            if not parsed.ok:
                raise parsed.fail()
            self.store.update(obj, archived["rid"], {"archived": 0})
            self.apply(obj, archived["rid"], parsed, now_us())
            return archived["rid"], "unarchived", parsed
        if archived is not None:
            self.rename_archived(obj, archived)
        self.check_identifier(obj, parsed, len(raw), rid=None, overwrite=False)
        if not parsed.ok:
            raise parsed.fail()
        now = now_us()
        rid = self.insert(obj, now)
        self.apply(obj, rid, parsed, now)
        return rid, "created", parsed

    def _prompt(self, obj: ObjectDef, parsed: Parsed, raw_len: int, archived: sqlite3.Row,
                mode_key: str) -> None:
        label = "email" if obj.is_contacts else "name"
        shown = archived[f"f_{obj.identifier}"]
        parsed.non_field.append(
            f'An archived record with this {label} already exists: "{shown}" (id '
            f'{archived["id"]}). Send {mode_key}="unarchive" to restore it or '
            f'{mode_key}="overwrite" to create a new record.')
        index = self._position(obj, parsed, raw_len)
        if index is not None:
            self._error(parsed, index, f"An archived record with this {label} already exists.")
        body = parsed.envelope()
        body["archived_record"] = {"id": archived["id"],
                                   "display_name": values.display_name(obj, archived)}
        raise ApiError(400, body)

    def update(self, obj: ObjectDef, row: sqlite3.Row, raw: list[Any], *, full: bool,
               overwrite: bool) -> Parsed:
        """PATCH/PUT (and upsert's update): returns the parsed write."""
        if not row["can_edit"]:
            raise forbidden()
        parsed = self._parse(obj, raw)
        if full:
            entries.require(obj, parsed)
        self.check_identifier(obj, parsed, len(raw), rid=row["rid"], overwrite=overwrite)
        if not parsed.ok:
            raise parsed.fail()
        self.apply(obj, row["rid"], parsed, now_us())
        return parsed

    def archive(self, obj: ObjectDef, row: sqlite3.Row) -> None:
        """DELETE: archive the record."""
        if not row["can_remove"]:
            raise forbidden()
        self.store.update(obj, row["rid"], {"archived": 1, "f_updated": now_us()})

    def unarchive(self, obj: ObjectDef, row: sqlite3.Row | None) -> None:
        """Restore an archived record (404 when there is no archived record with that id)."""
        if row is None or not row["archived"] or not row["can_view"]:
            raise ApiError(404, {"detail": "Not found.", "code": "not_found"})
        if not row["can_remove"]:
            raise forbidden()
        active = self.holder(obj, row[f"f_{obj.identifier}"] or "", archived=False, exact=True)
        if active is not None:
            raise bad_request(f"An active {_what(obj)} already exists.", "unique")
        self.store.update(obj, row["rid"], {"archived": 0, "f_updated": now_us()})


def _new_id() -> str:
    return str(uuid.uuid4())
