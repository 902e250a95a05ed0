"""Filter cases for the integration tests: values picked from the data, and what they mean.

For every filter kind this module says, in plain Python and independently of the compiler and
of the sandbox, which records a spec op with a value should return (`matches`), and picks values
from the records themselves (`pick`) so each case is neither trivially empty nor everything.

Values are normalised per field first (`normalise`): text stays text, numbers (money: the
amount) are numbers, datetimes aware `datetime`s, single options/people their id (email_status:
its code, the slug Kizen filters it by), multi-values and relationships sets of ids, files a
count. Semantics (API-NOTES §2.4-2.5, and the choices kizen_tui/domain/filters.py documents):

- text compares case-insensitively (ASCII); negated ops also match blanks, as `!=` on every kind;
- a plain date on a datetime field means that whole UTC day: `=` is inside it, `<`/`>=` compare
  with its midnight, `<=`/`>` with the next midnight;
  `between` of plain dates covers both whole days; `month_equals` is the UTC month;
- `contains`/`=` on checkboxes and tags is "has it", `has_all` all of them, `has_none` and
  `not_any_of` none of them; relationship `contains` one id is "related to it".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from tests.integration.helpers import fold

Case = tuple[str, Any]
"""(spec op, spec value); the value is None for ops that take none."""


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def normalise(kind: FieldKind, field: FieldDef, raw: Any) -> Any:
    """A record's raw field value in the form `matches` compares."""
    if kind in (FieldKind.MULTI, FieldKind.RELATIONSHIP):
        items = raw if isinstance(raw, list) else [] if raw is None else [raw]
        return {item["id"] for item in items}
    if kind is FieldKind.FILES:
        return len(raw or [])
    if raw is None:
        return None
    if kind is FieldKind.NUMBER:
        return float(raw["amount"] if isinstance(raw, dict) else raw)
    if kind is FieldKind.DATETIME:
        return _instant(raw)
    if kind is FieldKind.RATING:
        return int(raw["code"])
    if kind in (FieldKind.SINGLE, FieldKind.STAGE, FieldKind.PERSON):
        return raw["code"] if field.name == "email_status" else raw["id"]
    return raw


# --- what each op means -------------------------------------------------------------------


def _text(op: str, v: str | None, x: Any) -> bool:
    if v is None:
        return op.startswith("not_") or op == "!="
    s, t = fold(v), fold(str(x))
    hit = {"=": s == t, "!=": s == t, "contains": t in s, "not_contains": t in s,
           "starts_with": s.startswith(t), "not_starts_with": s.startswith(t),
           "ends_with": s.endswith(t), "not_ends_with": s.endswith(t)}[op]
    return not hit if op.startswith("not_") or op == "!=" else hit


def _compare(op: str, v: Any, x: Any) -> bool:
    if op == "!=":
        return v is None or v != x
    if v is None:
        return False
    if op == "between":
        return bool(x[0] <= v <= x[1])
    return bool({"=": v == x, "<": v < x, "<=": v <= x, ">": v > x, ">=": v >= x}[op])


def _e164(typed: str) -> str:
    """A typed phone number as stored: 10 digits without a country code are North American."""
    digits = re.sub(r"\D", "", typed)
    return "+" + ("1" + digits if len(digits) == 10 and not typed.startswith("+") else digits)


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(), UTC)


def _datetime(op: str, v: datetime | None, x: Any) -> bool:
    if op == "month_equals":
        return v is not None and v.month == x
    if op == "between":
        end = _midnight(x[1]) + timedelta(days=1) - timedelta(microseconds=1)
        return v is not None and _midnight(x[0]) <= v <= end
    start = _midnight(x)
    if op in ("=", "!="):
        inside = v is not None and start <= v < start + timedelta(days=1)
        return inside if op == "=" else not inside
    if op in ("<=", ">"):  # the whole day D: "<= D" is "< D+1", "> D" is ">= D+1"
        return _compare({"<=": "<", ">": ">="}[op], v, start + timedelta(days=1))
    return _compare(op, v, start)


def _date(op: str, v: str | None, x: Any) -> bool:
    if op == "month_equals":
        return v is not None and int(v[5:7]) == x
    return _compare(op, v, x)


def _one_of(op: str, v: Any, wanted: list[Any]) -> bool:
    if op in ("=", "is_any_of"):
        return v is not None and v in wanted
    return v is None or v not in wanted  # != and not_any_of


def _multi(op: str, have: set[str], wanted: list[str]) -> bool:
    some, every = bool(have & set(wanted)), set(wanted) <= have
    return {"contains": every, "=": every, "has_all": every, "not_contains": not every,
            "!=": not every, "has_any": some, "is_any_of": some, "has_none": not some,
            "not_any_of": not some}[op]


def matches(kind: FieldKind, op: str, v: Any, x: Any, *, ids: Callable[[Any], Any],
            me: str) -> bool:
    """Whether a record whose normalised value is `v` matches spec `op` with value `x`.

    `ids` turns the spec value (labels) into what `normalise` produced (ids or codes).
    """
    if op in ("is_blank", "not_blank"):
        blank = v is None or v == set() or (kind is FieldKind.FILES and v == 0)
        return blank == (op == "is_blank")
    if kind is FieldKind.CHECKBOX:
        wanted = {"is_checked": True, "not_checked": False}.get(op, x)
        return (v is True) == wanted
    if kind in (FieldKind.TEXT, FieldKind.LONGTEXT):
        return _text(op, v, x)
    if kind is FieldKind.PHONE:
        return v is not None and (v == _e164(x) if op == "=" else str(x) in v)
    if kind in (FieldKind.NUMBER, FieldKind.FILES, FieldKind.RATING) and op not in (
            "is_any_of", "not_any_of"):
        return _compare(op, v, [float(i) for i in x] if op == "between" else float(x))
    if kind is FieldKind.DATE:
        return _date(op, v, x)
    if kind is FieldKind.DATETIME:
        return _datetime(op, v, x)
    if kind in (FieldKind.MULTI, FieldKind.RELATIONSHIP):
        return _multi(op, v, [ids(i) for i in (x if isinstance(x, list) else [x])])
    if op == "is_me":
        return v == me
    return _one_of(op, v, [ids(i) for i in (x if isinstance(x, list) else [x])])


# --- values picked from the data ------------------------------------------------------------


def _middle(values: list[Any]) -> Any:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _quartiles(values: list[Any]) -> list[Any]:
    ordered = sorted(values)
    return [ordered[len(ordered) // 4], ordered[3 * len(ordered) // 4]]


def _common(values: list[Any], n: int) -> list[Any]:
    return [k for k, _ in Counter(values).most_common(n)]


def _flat(values: list[Any]) -> list[Any]:
    return [i for v in values for i in (v if isinstance(v, list | set) else [v])]


def _phone_text(e164: str) -> str:
    digits = e164[2:]
    if e164.startswith("+1") and len(digits) == 10:  # written the way people type it
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return e164


def pick(kind: FieldKind, op: str, present: list[Any], label: Callable[[Any], Any]) -> Any:
    """A spec value for `op`, from the non-blank normalised values of a field.

    `label` turns an id back into what a person would type (an option's label).
    """
    if op in ("is_blank", "not_blank", "is_me", "is_checked", "not_checked"):
        return None
    if kind is FieldKind.CHECKBOX:
        return True
    if kind is FieldKind.TEXT:
        text = _middle([v for v in present if v.isascii() and len(v) > 6])
        cut = {"starts_with": text[:3], "not_starts_with": text[:3], "ends_with": text[-3:],
               "not_ends_with": text[-3:], "contains": text[2:5].upper(),
               "not_contains": text[2:5]}
        return cut.get(op, text.upper() if op == "=" else text)
    if kind is FieldKind.PHONE:
        value = _middle(present)
        return _phone_text(value) if op == "=" else value[2:7]
    if kind is FieldKind.FILES:
        return 2 if op == "<" else 1
    if kind in (FieldKind.NUMBER, FieldKind.RATING) and op not in ("is_any_of", "not_any_of"):
        if op == "between":  # numbers only: ratings have no between
            return _quartiles(present)
        middle = _middle(present)
        return middle if kind is FieldKind.NUMBER else int(middle)
    if kind in (FieldKind.DATE, FieldKind.DATETIME):
        days = [v.date().isoformat() if isinstance(v, datetime) else v for v in present]
        if op == "month_equals":
            return int(_middle(days)[5:7])
        return _quartiles(days) if op == "between" else _middle(days)
    if op == "has_all":  # two values that some record holds together
        pairs = [tuple(sorted(v))[:2] for v in present if isinstance(v, set) and len(v) > 1]
        return [label(i) for i in _common(pairs, 1)[0]]
    values = _flat(present)
    if op in ("is_any_of", "not_any_of", "has_any", "has_all", "has_none"):
        return [label(v) for v in _common(values, 2)]
    return label(_common(values, 1)[0])


def cases(index: FieldIndex, field: FieldDef) -> list[Case]:
    """Every valid op of a field (both checkbox values for `=`)."""
    out: list[Case] = [(op, None) for op in index.ops(field)]
    if index.kind(field) is FieldKind.CHECKBOX:
        out = [c for c in out if c[0] != "="] + [("=", True), ("=", False)]
    return out



# --- the same case as a one-line query ------------------------------------------------------

_PHRASES = {"not_contains": "not contains", "starts_with": "starts with",
            "ends_with": "ends with", "not_starts_with": "not starts with",
            "not_ends_with": "not ends with", "is_any_of": "in", "not_any_of": "not in",
            "has_any": "has any", "has_all": "has all", "has_none": "has none",
            "month_equals": "month =", "is_blank": "is blank", "not_blank": "is not blank",
            "is_me": "is me", "is_checked": "is checked", "not_checked": "is not checked"}


def _quoted(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def query_text(field: str, op: str, value: Any) -> str:
    """The one-line query of a spec condition, written by hand from the grammar."""
    head = f"{_quoted(field)} {_PHRASES.get(op, op)}"
    if value is None:
        return head
    if op == "between":
        return f"{head} {_quoted(value[0])} and {_quoted(value[1])}"
    if isinstance(value, list):
        return f"{head} ({', '.join(_quoted(v) for v in value)})"
    return f"{head} {_quoted(value)}"
