"""Independent Python semantics of the filter conditions, over values as the API reads them.

These restate the rules documented in `kizen_tui/sandbox/filters.py` (case-insensitive text,
negations matching blanks, day-wide dates, ...) so that search results can be checked against
records fetched without filters.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

DAY = timedelta(days=1)
ONE = timedelta(microseconds=1)


def fold(text: str) -> str:
    """ASCII-only lower-casing, like SQLite's NOCASE and LIKE."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def _text(op: str, v: Any, x: Any) -> bool:
    if op == "is_blank":
        return (v is None) == x
    if v is None:
        return op.startswith("!")
    s, t = fold(v), fold(x)
    positive = {"=": s == t, "!=": s == t, "contains": t in s, "!contains": t in s,
                "starts_with": s.startswith(t), "!starts_with": s.startswith(t),
                "ends_with": s.endswith(t), "!ends_with": s.endswith(t)}[op]
    return not positive if op.startswith("!") else positive


def _compare(op: str, v: Any, x: Any) -> bool:
    if op == "between":
        return v is not None and x[0] <= v <= x[1]
    if op == "!=":
        return v is None or v != x
    if v is None:
        return False
    return {"=": v == x, "<": v < x, "<=": v <= x, ">": v > x, ">=": v >= x}[op]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _bounds(x: str) -> tuple[datetime, datetime, bool]:
    if re.match(r"^\d{4}-\d\d-\d\d$", x):
        start = datetime.combine(date.fromisoformat(x), datetime.min.time(), UTC)
        return start, start + DAY - ONE, True
    moment = _instant(x)
    return moment, moment, False


def _datetime(op: str, v: Any, x: Any) -> bool:
    if op == "is_blank":
        return (v is None) == x
    moment = _instant(v) if v is not None else None
    if op == "month_equals":
        return moment is not None and moment.month == x
    if op == "between":
        return moment is not None and _bounds(x[0])[0] <= moment <= _bounds(x[1])[1]
    lo, hi, is_day = _bounds(x)
    if op in ("=", "!="):
        hi = hi if is_day else lo + DAY - ONE
        inside = moment is not None and lo <= moment <= hi
        return inside if op == "=" else not inside
    edge = lo if op in ("<", ">=") else hi
    return _compare(op, moment, edge)


def _date(op: str, v: Any, x: Any) -> bool:
    if op == "is_blank":
        return (v is None) == x
    if op == "month_equals":
        return v is not None and int(v[5:7]) == x
    return _compare(op, v, x)


def _choice(op: str, v: Any, x: Any) -> bool:
    if op == "is_blank":
        return (v is None) == x
    if op in ("=", "is_any_of"):
        return v is not None and v in (x if op == "is_any_of" else [x])
    return v is None or v not in (x if op == "is_none_of" else [x])


def _ids(v: Any) -> set[str]:
    if v is None:
        return set()
    return {item["id"] for item in (v if isinstance(v, list) else [v])}


def _multi(op: str, v: Any, x: Any) -> bool:
    have = _ids(v)
    if op == "is_blank":
        return (not have) == x
    every, some = set(x) <= have, bool(set(x) & have)
    return {"has": every, "has_all": every, "!has": not every, "has_any": some,
            "!has_any": not some, "has_none": not some, "contains": every,
            "!contains": not every, "is_any_of": some, "is_none_of": not some}[op]


def matches(field_type: str, name: str, op: str, v: Any, x: Any) -> bool:
    """Whether a record whose read value is `v` matches condition `op` with value `x`."""
    if field_type in ("text", "email", "longtext", "wysiwyg"):
        return _text(op, v, x)
    if field_type == "phonenumber":
        if op == "is_blank":
            return (v is None) == x
        digits = re.sub(r"\D", "", x)
        e164 = "+" + ("1" + digits if len(digits) == 10 and not x.startswith("+") else digits)
        return v is not None and (v == e164 if op == "=" else digits in v)
    if field_type == "checkbox":
        return (v is True) == x
    if field_type in ("integer", "decimal", "money"):
        amount = v["amount"] if isinstance(v, dict) else v
        return (amount is None) == x if op == "is_blank" else _compare(op, amount, x)
    if field_type == "date":
        return _date(op, v, x)
    if field_type == "datetime":
        return _datetime(op, v, x)
    if field_type == "rating":
        number = int(v["code"]) if v else None
        if op in ("<", "<=", ">", ">="):
            return _compare(op, number, int(x))
        wanted = [int(i) for i in x] if isinstance(x, list) else int(x)
        return _choice(op, number, wanted)
    if field_type in ("checkboxes", "dynamictags", "relationship"):
        return _multi(op, v, x)
    if field_type == "files":
        count = len(v or [])
        return (count == 0) == x if op == "is_blank" else _compare(op, count, x)
    if field_type == "timezone":
        return _choice(op, v, x)
    return _choice(op, v["id"] if v else None, x)  # options, stage, team_selector
