"""SQL for one filter condition, per field kind (semantics documented in `filters.py`)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.catalog import DEMO_USER_ID, EMPLOYEES
from kizen_tui.sandbox.filterops import FilterError
from kizen_tui.sandbox.phones import normalize_phone
from kizen_tui.sandbox.schema import FieldDef

if TYPE_CHECKING:
    from kizen_tui.sandbox.filters import Compiler

_DAY = 86_400_000_000
_LIKE = {"contains": "%{}%", "!contains": "%{}%", "starts_with": "{}%", "!starts_with": "{}%",
         "ends_with": "%{}", "!ends_with": "%{}"}


def _str(value: Any, fd: FieldDef) -> str:
    if not isinstance(value, str):
        raise FilterError(f"Field {fd.name!r}: expected a string value, got {value!r}.")
    return value


def _list(value: Any, fd: FieldDef) -> list[Any]:
    if not isinstance(value, list):
        raise FilterError(f"Field {fd.name!r}: this condition takes a list, got {value!r}.")
    return value


def _number(value: Any, fd: FieldDef) -> float:
    if isinstance(value, bool):
        raise FilterError(f"Field {fd.name!r}: expected a number, got {value!r}.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FilterError(f"Field {fd.name!r}: expected a number, got {value!r}.") from None
    if not math.isfinite(number):
        raise FilterError(f"Field {fd.name!r}: expected a finite number.")
    return number


def _pair(value: Any, fd: FieldDef) -> list[Any]:
    pair = _list(value, fd)
    if len(pair) != 2:
        raise FilterError(f"Field {fd.name!r}: `between` takes [low, high].")
    return pair


def blank(col: str, value: Any, *, text: bool = False) -> str:
    """`is_blank` true (empty) or false (has a value)."""
    if not isinstance(value, bool):
        raise FilterError("`is_blank` takes true or false.")
    empty = f"{col} IS NULL" + (f" OR {col} = ''" if text else "")
    return empty if value else f"NOT ({empty})"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """text, email, longtext, wysiwyg."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value, text=True)
    term = _str(value, fd)
    if op in ("=", "!="):
        positive = f"{col} = {c.p(term)} COLLATE NOCASE"
    else:
        pattern = _LIKE[op].format(_like_escape(term))
        positive = f"{col} LIKE {c.p(pattern)} ESCAPE '\\'"
    return c.negate(op, positive, f"{col} IS NULL OR {col} = ''")


def phone(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """phonenumber: `=` compares the E.164 form, `contains` the digits."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value, text=True)
    term = _str(value, fd)
    if op == "=":
        return f"{col} = {c.p(normalize_phone(term) or term)}"
    digits = "".join(ch for ch in term if ch.isdigit())
    return f"{col} LIKE {c.p('%' + (digits or _like_escape(term)) + '%')} ESCAPE '\\'"


def checkbox(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """checkbox: `=` true/false (null counts as unchecked)."""
    if not isinstance(value, bool):
        raise FilterError(f"Field {fd.name!r}: expected true or false.")
    col = c.col(fd)
    return f"{col} = 1" if value else f"{col} IS NULL OR {col} = 0"


def number(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """integer, decimal, money (the amount)."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value)
    if op == "between":
        lo, hi = (_number(v, fd) for v in _pair(value, fd))
        return f"{col} BETWEEN {c.p(lo)} AND {c.p(hi)}"
    if op == "!=":
        return f"{col} IS NULL OR {col} <> {c.p(_number(value, fd))}"
    return c.compare(col, op, _number(value, fd))


def _month(value: Any, fd: FieldDef) -> int:
    month = _number(value, fd)
    if month != int(month) or not 1 <= month <= 12:
        raise FilterError(f"Field {fd.name!r}: `month_equals` takes a month 1-12.")
    return int(month)


def date(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """date: `YYYY-MM-DD` strings compare as text."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value, text=True)
    if op == "month_equals":
        return f"CAST(substr({col}, 6, 2) AS INTEGER) = {c.p(_month(value, fd))}"

    def day(v: Any) -> str:
        parsed = timeutil.parse_date(v[:10] if isinstance(v, str) else v)
        if parsed is None:
            raise FilterError(f"Field {fd.name!r}: expected a YYYY-MM-DD date, got {v!r}.")
        return parsed.isoformat()

    if op == "between":
        lo, hi = (day(v) for v in _pair(value, fd))
        return f"{col} BETWEEN {c.p(lo)} AND {c.p(hi)}"
    if op == "!=":
        return f"{col} IS NULL OR {col} <> {c.p(day(value))}"
    return c.compare(col, op, day(value))


def _bounds(value: Any, fd: FieldDef) -> tuple[int, int, bool]:
    """(first, last) microsecond a datetime filter value stands for, and whether it is a day."""
    day = timeutil.parse_date(value)
    if day is not None:
        lo, hi = timeutil.day_bounds(day)
        return lo, hi, True
    instant = timeutil.parse_datetime(value) if isinstance(value, str) else None
    if instant is None:
        raise FilterError(f"Field {fd.name!r}: expected an ISO 8601 datetime, got {value!r}.")
    return instant, instant, False


def time_compare(c: Compiler, fd: FieldDef, expr: str, op: str, value: Any) -> str:
    """Compare a microsecond expression with a datetime filter value."""
    lo, hi, is_day = _bounds(value, fd)
    if op in ("=", "!="):
        hi = hi if is_day else lo + _DAY - 1
        inside = f"{expr} BETWEEN {c.p(lo)} AND {c.p(hi)}"
        return inside if op == "=" else f"{expr} IS NULL OR NOT ({inside})"
    edge = {"<": lo, ">=": lo, "<=": hi, ">": hi}[op]
    return c.compare(expr, op, edge)


def datetime_(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """datetime (stored as UTC microseconds)."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value)
    if op == "month_equals":
        month = f"CAST(strftime('%m', {col} / 1000000, 'unixepoch') AS INTEGER)"
        return f"{month} = {c.p(_month(value, fd))}"
    if op == "between":
        lo_v, hi_v = _pair(value, fd)
        return f"{col} BETWEEN {c.p(_bounds(lo_v, fd)[0])} AND {c.p(_bounds(hi_v, fd)[1])}"
    return time_compare(c, fd, col, op, value)


def ordinal(fd: FieldDef, value: Any) -> int:
    """The stored ordinal of an option given by id or code (-1, matching nothing, if unknown)."""
    if not isinstance(value, str):
        raise FilterError(f"Field {fd.name!r}: expected an option id, got {value!r}.")
    opt = next((o for o in fd.options if value in (o.id, o.code)), None)
    return opt.order if opt else -1


def _choice(c: Compiler, col: str, op: str, values: list[int]) -> str:
    if op == "=":
        return f"{col} = {c.p(values[0])}"
    if op == "!=":
        return f"{col} IS NULL OR {col} <> {c.p(values[0])}"
    if op == "is_any_of":
        return f"{col} IN {c.plist(values)}"
    return f"{col} IS NULL OR {col} NOT IN {c.plist(values)}"


def _choice_values(op: str, value: Any, fd: FieldDef) -> list[Any]:
    return _list(value, fd) if op in ("is_any_of", "is_none_of") else [value]


def option(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """dropdown, radio, status, yesnomaybe, choices, selector, timezone."""
    if op == "is_blank":
        return blank(c.col(fd), value)
    return _choice(c, c.col(fd), op, [ordinal(fd, v) for v in _choice_values(op, value, fd)])


def rating(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """rating: numbers given as strings ("3")."""
    col = c.col(fd)
    if op == "is_blank":
        return blank(col, value)
    values = [int(_number(v, fd)) for v in _choice_values(op, value, fd)]
    if op in ("<", "<=", ">", ">="):
        return c.compare(col, op, values[0])
    return _choice(c, col, op, values)


def team(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """team_selector and owner: employee ids, or "is_me"."""
    if op == "is_blank":
        return blank(c.col(fd), value)
    ids = [DEMO_USER_ID if v == "is_me" else v for v in _choice_values(op, value, fd)]
    known = {e.id: i for i, e in enumerate(EMPLOYEES)}
    return _choice(c, c.col(fd), op, [known.get(v, -1) if isinstance(v, str) else -1 for v in ids])


def multi(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """checkboxes and dynamictags: lists of option or tag ids."""
    if op == "is_blank":
        in_mv = f"SELECT rid FROM mv WHERE fno = {c.p(fd.no)}"
        return f"t.rid NOT IN ({in_mv})" if _blank_flag(value) else f"t.rid IN ({in_mv})"
    ids = _list(value, fd)
    if fd.field_type == "checkboxes":
        vals = [ordinal(fd, v) for v in ids]
    else:
        found: dict[str, int] = {r[0]: r[1] for r in c.store.query(
            f"SELECT id, rowid FROM tags WHERE fno = ? AND id IN ({','.join('?' * len(ids))})",
            (fd.no, *ids))} if ids else {}
        vals = [found.get(v, -1) for v in ids]
    if op in ("has_any", "!has_any", "has_none"):
        sql = f"t.rid IN (SELECT rid FROM mv WHERE fno = {c.p(fd.no)} AND val IN {c.plist(vals)})"
        return sql if op == "has_any" else f"NOT ({sql})"
    every = " AND ".join(
        f"t.rid IN (SELECT rid FROM mv WHERE fno = {c.p(fd.no)} AND val = {c.p(v)})" for v in vals)
    every = every or "1"
    return every if op in ("has", "has_all") else f"NOT ({every})"


def _blank_flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FilterError("`is_blank` takes true or false.")
    return value


def files(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """files: blank checks and file counts."""
    if op == "is_blank":
        return multi(c, fd, op, value, cond)
    count = f"(SELECT COUNT(*) FROM mv WHERE mv.fno = {c.p(fd.no)} AND mv.rid = t.rid)"
    return c.compare(count, op, int(_number(value, fd)))


def relationship(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """relationship: lists of related record ids."""
    rel = fd.relation
    assert rel is not None
    near, far = ("src", "dst") if rel.forward else ("dst", "src")
    target = c.store.objects[rel.target]
    if op == "is_blank":  # links to archived or invisible records do not count, as on read
        linked = (f'SELECT l.{near} FROM links AS l JOIN "{target.table}" AS o ON o.rid = l.{far} '
                  f"WHERE l.link = {c.p(rel.link)} AND o.archived = 0 AND o.can_view = 1")
        return f"t.rid NOT IN ({linked})" if _blank_flag(value) else f"t.rid IN ({linked})"
    ids = [v for v in _list(value, fd) if isinstance(v, str)]
    found: dict[str, int] = {r[0]: r[1] for r in c.store.query(
        f'SELECT id, rid FROM "{target.table}" WHERE id IN ({",".join("?" * len(ids))})',
        ids)} if ids else {}
    rids = [found.get(v, -1) for v in ids]
    if op in ("is_any_of", "is_none_of"):
        linked = f"SELECT {near} FROM links WHERE link = {c.p(rel.link)}"
        sql = f"t.rid IN ({linked} AND {far} IN {c.plist(rids)})"
        return sql if op == "is_any_of" else f"NOT ({sql})"
    every = " AND ".join(
        f"t.rid IN (SELECT {near} FROM links WHERE link = {c.p(rel.link)} AND {far} = {c.p(r)})"
        for r in rids) or "1"
    return every if op == "contains" else f"NOT ({every})"


def stage(c: Compiler, fd: FieldDef, op: str, value: Any, cond: dict[str, Any]) -> str:
    """The pipeline stage, including time in / entered / left stage."""
    col = c.col(fd)
    if op in ("=", "!=", "is_any_of", "is_none_of"):
        return option(c, fd, op, value, cond)
    stages = [ordinal(fd, v) for v in (value if isinstance(value, list) else [value])]
    cmp_op, cmp_value = cond.get("comparison_condition"), cond.get("comparison_value")
    if op == "time_in_stage":
        sql = f"{col} IN {c.plist(stages)}"
        if cmp_op is not None and cmp_value is not None:
            days = f"(({c.p(c.now)} - t.stage_entered) / {float(_DAY)})"
            sql += f" AND {c.compare(days, _cmp(cmp_op), _number(cmp_value, fd))}"
        return sql
    moment = "h.entered" if op == "entered_stage" else "h.left"
    sql = (f"EXISTS (SELECT 1 FROM stage_history h WHERE h.rid = t.rid AND h.stage IN "
           f"{c.plist(stages)} AND {moment} IS NOT NULL")
    if cmp_op is not None and cmp_value is not None:
        if timeutil.parse_date(cmp_value) is not None:
            sql += f" AND ({time_compare(c, fd, moment, _cmp(cmp_op), cmp_value)})"
        else:
            days = f"(({c.p(c.now)} - {moment}) / {float(_DAY)})"
            sql += f" AND {c.compare(days, _cmp(cmp_op), _number(cmp_value, fd))}"
    return sql + ")"


def _cmp(op: Any) -> str:
    if op not in ("<", "<=", ">", ">=", "=", "!="):
        raise FilterError(f"Unknown comparison_condition {op!r}.")
    return str(op)
