"""SQLite storage of the sandbox: one table per object, side tables for lists and links.

Layout (API-NOTES gives the wire shapes; this is only how the sandbox keeps them):

- `r_<object api name>`: one row per record. `rid` (internal integer key), `id` (UUID),
  `archived`, the record's access flags, a few summary counters, and one typed column per
  single-value field (`f_<api name>`): text as TEXT (the identifier with NOCASE collation),
  numbers and money amounts as INTEGER/REAL, dates as `YYYY-MM-DD`, datetimes as INTEGER
  microseconds since the epoch (UTC), choices, stages, timezones and team members as the
  option's ordinal, ratings as the number.
- `mv(fno, rid, val, pos)`: checkboxes (option ordinal), dynamic tags (`tags.rowid`) and files
  (`files.rowid`).
- `links(link, src, dst, pos)`: one row per related pair; both relationship fields of a pair read
  the same row from opposite ends, so the two sides can never disagree.
- `tags`, `files`, `grp`/`grp_member` (static groups), `stage_history`, `meta`.

One connection, shared by the in-process app and a uvicorn thread, guarded by a re-entrant lock.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from kizen_tui.sandbox.indexes import IndexDef, object_indexes
from kizen_tui.sandbox.schema import FieldDef, ObjectDef

_SQL_TYPES = {
    "integer": "INTEGER", "decimal": "REAL", "money": "REAL", "checkbox": "INTEGER",
    "datetime": "INTEGER", "rating": "INTEGER", "team_selector": "INTEGER",
    "timezone": "INTEGER",
}

_COMMON_DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tags (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    fno INTEGER NOT NULL, name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tags_field ON tags (fno, name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS files (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, size_bytes INTEGER, content_type TEXT);
CREATE TABLE IF NOT EXISTS mv (fno INTEGER NOT NULL, rid INTEGER NOT NULL,
    val INTEGER NOT NULL, pos INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS links (link INTEGER NOT NULL, src INTEGER NOT NULL,
    dst INTEGER NOT NULL, pos INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS grp (id TEXT PRIMARY KEY, obj TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grp_member (gid TEXT NOT NULL, rid INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS stage_history (rid INTEGER NOT NULL, stage INTEGER NOT NULL,
    entered INTEGER NOT NULL, left INTEGER);
"""

#: Side-table indexes hold every column their lookups read, so filters and the rendering of a
#: page never visit the side tables' rows (a `has` filter lists ~20,000 rids at 100,000 records).
_SIDE_INDEXES = """
CREATE INDEX IF NOT EXISTS mv_rec ON mv (fno, rid, pos, val);
CREATE INDEX IF NOT EXISTS mv_val ON mv (fno, val, rid);
CREATE INDEX IF NOT EXISTS links_src ON links (link, src, pos, dst);
CREATE INDEX IF NOT EXISTS links_dst ON links (link, dst, pos, src);
CREATE INDEX IF NOT EXISTS grp_member_gid ON grp_member (gid, rid);
CREATE INDEX IF NOT EXISTS stage_history_rid ON stage_history (rid);
"""


def column_type(fd: FieldDef) -> str:
    """The SQLite column declaration of a single-value field."""
    if fd.name == "name" or (fd.name == "email" and fd.is_default):
        return "TEXT COLLATE NOCASE"
    if fd.field_type in ("dropdown", "radio", "status", "yesnomaybe", "choices", "selector"):
        return "INTEGER"
    return _SQL_TYPES.get(fd.field_type, "TEXT")


def table_ddl(obj: ObjectDef) -> str:
    """CREATE TABLE for an object's records."""
    cols = [
        "rid INTEGER PRIMARY KEY", "id TEXT NOT NULL UNIQUE",
        "archived INTEGER NOT NULL DEFAULT 0", "can_view INTEGER NOT NULL DEFAULT 1",
        "can_edit INTEGER NOT NULL DEFAULT 1", "can_remove INTEGER NOT NULL DEFAULT 1",
        "n_activities INTEGER NOT NULL DEFAULT 0", "n_team INTEGER NOT NULL DEFAULT 0",
        "lead_sources TEXT", "n_addresses INTEGER NOT NULL DEFAULT 0",
        "suppressed INTEGER NOT NULL DEFAULT 0", "stage_entered INTEGER",
    ]
    cols += [f'"{fd.column}" {column_type(fd)}' for fd in obj.fields if fd.column]
    return f'CREATE TABLE IF NOT EXISTS "{obj.table}" ({", ".join(cols)})'


def index_ddl(obj: ObjectDef) -> list[str]:
    """CREATE INDEX statements for an object's table (run after bulk loading; see `indexes`)."""
    return [ix.ddl for ix in object_indexes(obj)]


class Store:
    """The sandbox's SQLite database."""

    def __init__(self, db_path: str | None, objects: dict[str, ObjectDef]) -> None:
        self.path = db_path or ":memory:"
        self.objects = objects
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        if db_path:
            self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=OFF" if not db_path else "PRAGMA synchronous=NORMAL")
        self.generation = 0
        """Bumped by every write; cached counts of older generations are stale."""
        self._counts: dict[tuple[Any, ...], tuple[int, int]] = {}
        self._orders: dict[tuple[Any, ...], tuple[int, array[int]]] = {}
        self.conn.executescript(_COMMON_DDL)
        for obj in objects.values():
            self.conn.execute(table_ddl(obj))
        self._indexes = {obj.table: object_indexes(obj) for obj in objects.values()}
        self._built = self._built_indexes()

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and run the block in one transaction (rolled back on error)."""
        with self.lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")
            self.generation += 1

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Run a read query under the lock."""
        with self.lock:
            return self.conn.execute(sql, tuple(params)).fetchall()

    def query_bounded(self, sql: str, params: Iterable[Any],
                      seconds: float) -> list[sqlite3.Row] | None:
        """Run a read query, or give up (None) once it has used `seconds` of CPU time.

        For plans that are fast unless the data is unlike their estimate: the caller falls
        back to another plan. CPU time of this thread, so that load from other processes does
        not make it give up; checked every 1,000 SQLite VM steps (~0.1 ms).
        """
        deadline = time.thread_time() + seconds
        gave_up = False

        def tick() -> bool:
            nonlocal gave_up
            gave_up = time.thread_time() > deadline
            return gave_up

        with self.lock:
            self.conn.set_progress_handler(tick, 1000)
            try:
                return self.conn.execute(sql, tuple(params)).fetchall()
            except sqlite3.OperationalError:
                if not gave_up:  # a real error, not our interruption
                    raise
                return None
            finally:
                self.conn.set_progress_handler(None, 0)

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def finish_load(self) -> None:
        """Build indexes and planner statistics after bulk loading."""
        with self.lock:
            self.conn.executescript(_SIDE_INDEXES)
            for obj in self.objects.values():
                for stmt in index_ddl(obj):
                    self.conn.execute(stmt)
            self.conn.execute("ANALYZE")
            self._built = self._built_indexes()

    def _built_indexes(self) -> set[str]:
        return {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}

    def indexes(self, obj: ObjectDef) -> list[IndexDef]:
        """The search indexes of an object's table that exist (a file seeded by an older
        version may lack some)."""
        return [ix for ix in self._indexes[obj.table] if ix.name in self._built]

    def count(self, sql: str, params: list[Any]) -> int:
        """A COUNT(*) query's result, cached until the next write.

        Paging through one search repeats the same count on every page; with 100k records a
        filtered count reads up to a whole index (~1-12 ms), so it is worth keeping.
        """
        key = (sql, *params)
        with self.lock:
            cached = self._counts.get(key)
            if cached is not None and cached[0] == self.generation:
                return cached[1]
            value = int(self.conn.execute(sql, params).fetchone()[0])
            if len(self._counts) >= 256:
                self._counts.pop(next(iter(self._counts)))
            self._counts[key] = (self.generation, value)
            return value

    def ordered_rids(self, sql: str, params: list[Any]) -> array[int]:
        """Every rid a `SELECT rid ... ORDER BY ...` query returns, cached until the next write.

        Deep pages are sliced from this instead of using OFFSET, which makes SQLite walk every
        skipped row (~1 ms per 1,000): the last page of 100,000 records took 100 ms, on every
        flip. One ordering is 8 bytes per match; the last few queries are kept.
        """
        key = (sql, *params)
        with self.lock:
            cached = self._orders.get(key)
            if cached is not None and cached[0] == self.generation:
                return cached[1]
            rids = array("q", (row[0] for row in self.conn.execute(sql, params)))
            if len(self._orders) >= 4:
                self._orders.pop(next(iter(self._orders)))
            self._orders[key] = (self.generation, rids)
            return rids

    def get_meta(self, key: str) -> str | None:
        """A value of the meta table."""
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,))

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the meta table."""
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.conn.close()

    # -- records -----------------------------------------------------------------------------

    def find(self, obj: ObjectDef, record_id: str) -> sqlite3.Row | None:
        """A record row by UUID, archived or not."""
        rows = self.query(f'SELECT * FROM "{obj.table}" WHERE id = ?', (record_id,))
        return rows[0] if rows else None

    def rows(self, obj: ObjectDef, rids: list[int]) -> dict[int, sqlite3.Row]:
        """Record rows by rid."""
        if not rids:
            return {}
        marks = ",".join("?" * len(rids))
        found = self.query(f'SELECT * FROM "{obj.table}" WHERE rid IN ({marks})', rids)
        return {row["rid"]: row for row in found}

    def find_by_identifier(self, obj: ObjectDef, value: str, *, archived: bool,
                           exact: bool) -> sqlite3.Row | None:
        """The first record whose identifier (name, or email for contacts) matches `value`.

        `exact` compares case-sensitively (lookup); otherwise case-insensitively (upsert).
        """
        col = f"f_{obj.identifier}"
        extra = f' AND "{col}" = ? COLLATE BINARY' if exact else ""
        params: list[Any] = [value, int(archived)] + ([value] if exact else [])
        rows = self.query(
            f'SELECT * FROM "{obj.table}" WHERE "{col}" = ? COLLATE NOCASE AND archived = ?'
            f"{extra} ORDER BY rid LIMIT 1", params)
        return rows[0] if rows else None

    def insert(self, obj: ObjectDef, values: dict[str, Any]) -> int:
        """Insert a record row; returns its rid."""
        cols = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" * len(values))
        self.generation += 1
        with self.lock:
            cur = self.conn.execute(f'INSERT INTO "{obj.table}" ({cols}) VALUES ({marks})',
                                    tuple(values.values()))
            assert cur.lastrowid is not None
            return cur.lastrowid

    def update(self, obj: ObjectDef, rid: int, values: dict[str, Any]) -> None:
        """Set columns of a record row."""
        if not values:
            return
        sets = ", ".join(f'"{c}" = ?' for c in values)
        self.generation += 1
        with self.lock:
            self.conn.execute(f'UPDATE "{obj.table}" SET {sets} WHERE rid = ?',
                              (*values.values(), rid))

    # -- multi-values and links --------------------------------------------------------------

    def multi(self, fd: FieldDef, rids: list[int]) -> dict[int, list[int]]:
        """The multi-values of a field for several records, in their stored order."""
        out: dict[int, list[int]] = {rid: [] for rid in rids}
        if not rids:
            return out
        marks = ",".join("?" * len(rids))
        for row in self.query(f"SELECT rid, val FROM mv WHERE fno = ? AND rid IN ({marks}) "
                              "ORDER BY rid, pos", (fd.no, *rids)):
            out[row[0]].append(row[1])
        return out

    def set_multi(self, fd: FieldDef, rid: int, vals: list[int]) -> None:
        """Replace the multi-values of a field on one record."""
        self.generation += 1
        with self.lock:
            self.conn.execute("DELETE FROM mv WHERE fno = ? AND rid = ?", (fd.no, rid))
            self.conn.executemany("INSERT INTO mv VALUES (?, ?, ?, ?)",
                                  [(fd.no, rid, v, i) for i, v in enumerate(vals)])

    def related(self, fd: FieldDef, rids: list[int]) -> dict[int, list[int]]:
        """The related rids of a relationship field for several records."""
        rel = fd.relation
        assert rel is not None
        out: dict[int, list[int]] = {rid: [] for rid in rids}
        if not rids:
            return out
        near, far = ("src", "dst") if rel.forward else ("dst", "src")
        marks = ",".join("?" * len(rids))
        for row in self.query(f"SELECT {near}, {far} FROM links WHERE link = ? AND {near} IN "
                              f"({marks}) ORDER BY {near}, pos, {far}", (rel.link, *rids)):
            out[row[0]].append(row[1])
        return out

    def link(self, fd: FieldDef, rid: int, other: int, pos: int) -> None:
        """Relate two records through a relationship field (from `fd`'s side)."""
        rel = fd.relation
        assert rel is not None
        src, dst = (rid, other) if rel.forward else (other, rid)
        self.generation += 1
        with self.lock:
            self.conn.execute("INSERT INTO links VALUES (?, ?, ?, ?)", (rel.link, src, dst, pos))

    def unlink(self, fd: FieldDef, rid: int, other: int | None = None) -> None:
        """Remove one relation (or all of them when `other` is None) from `fd`'s side."""
        rel = fd.relation
        assert rel is not None
        near, far = ("src", "dst") if rel.forward else ("dst", "src")
        sql = f"DELETE FROM links WHERE link = ? AND {near} = ?"
        params: tuple[Any, ...] = (rel.link, rid)
        if other is not None:
            sql, params = sql + f" AND {far} = ?", (*params, other)
        self.generation += 1
        with self.lock:
            self.conn.execute(sql, params)
