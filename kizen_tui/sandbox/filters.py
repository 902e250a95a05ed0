"""Compile the search filter wire format (API-NOTES §2.2–2.4) into parameterised SQL.

Semantics where the notes are silent [I]:
- Text conditions are case-insensitive (ASCII case folding). Negated conditions (`!=`,
  `!contains`, `!starts_with`, `!ends_with`, `is_none_of`, `!has`, `!has_any`, `has_none`,
  `!contains` on relationships) also match blank values, like Django's `exclude()`.
- `has`/`has_all` and relationship `contains` with several ids need all of them; `has_any` and
  `is_any_of` need one; `!has`/`!contains` negate `has`/`contains`.
- Dates and datetimes: a plain `YYYY-MM-DD` value means that whole UTC day (`>` is after the
  day, `<=` up to its end); a full ISO instant compares exactly, except `=`/`!=`, which mean the
  24 hours from that instant (what the UI sends for "on day X" in the user's timezone).
  `month_equals` takes 1-12 (of the UTC date).
- Option values may be given by option id or code (contacts' `email_status` slugs). An unknown
  but well-formed id matches nothing.
- Stage `time_in_stage` takes `comparison_value` in days; `entered_stage`/`left_stage` take a
  number of days ago or a `YYYY-MM-DD` date.
- A field may be named as `"custom"::<uuid>`, a bare UUID or an api name, whatever its `type`.
- A condition a field type does not allow, an unknown field, or `value: null` is an error (400).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from kizen_tui.sandbox import filterkinds as k
from kizen_tui.sandbox import timeutil
from kizen_tui.sandbox.filterops import ALLOWED, STAGE_OPS, FilterError, allowed_for
from kizen_tui.sandbox.schema import OPTION_TYPES, FieldDef, ObjectDef
from kizen_tui.sandbox.store import Store

_CUSTOM_RE = re.compile(r'^"custom"::(.+)$')
_DAY_US = 86_400_000_000
_CMP = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=", "!=": "<>"}
_NEGATED = {"!=", "!contains", "!starts_with", "!ends_with", "is_none_of", "!has", "!has_any",
            "has_none"}


class Compiler:
    """Builds one WHERE clause (over table alias `t`) and its parameters."""

    def __init__(self, store: Store, obj: ObjectDef) -> None:
        self.store = store
        self.obj = obj
        self.params: list[Any] = []
        self.now = timeutil.now_us()

    def p(self, value: Any) -> str:
        """Add a parameter; returns its placeholder."""
        self.params.append(value)
        return "?"

    def plist(self, values: list[Any]) -> str:
        """Placeholders for a list of parameters, e.g. `(?,?)` (`(NULL)` when empty)."""
        return "(" + (",".join(self.p(v) for v in values) or "NULL") + ")"

    # -- tree ---------------------------------------------------------------------------------

    def where(self, body: dict[str, Any]) -> str:
        """The SQL of a whole search body's `query`/`and` (TRUE when there is none)."""
        groups = body.get("query") or []
        if not isinstance(groups, list):
            raise FilterError("`query` must be a list of filter groups.")
        parts = [self.group(g, i) for i, g in enumerate(groups)]
        parts = [p for p in parts if p]
        joiner = " AND " if body.get("and", True) is not False else " OR "
        return "(" + joiner.join(parts) + ")" if parts else "1"

    def group(self, group: Any, index: int) -> str:
        """The SQL of one filter group."""
        if not isinstance(group, dict) or not isinstance(group.get("filters", []), list):
            raise FilterError(f"Filter group {index + 1} must be an object with a `filters` list.")
        parts = [self.condition(c, f"group {index + 1}, filter {i + 1}")
                 for i, c in enumerate(group.get("filters") or [])]
        joiner = " AND " if group.get("and", True) is not False else " OR "
        return "(" + joiner.join(parts) + ")" if parts else ""

    def condition(self, cond: Any, where: str) -> str:
        """The SQL of one condition."""
        if not isinstance(cond, dict):
            raise FilterError(f"{where}: a condition must be an object.")
        if cond.get("type") == "tags" and "ids" in cond:  # contacts' tag filter category
            cond = {**cond, "field": "tags", "value": cond["ids"]}
        fd = self.resolve(cond.get("field"), where)
        op = cond.get("condition")
        if "value" not in cond or cond["value"] is None:
            raise FilterError(f"{where}: `value` must not be null.")
        allowed = STAGE_OPS if fd.is_stage else allowed_for(fd)
        if op not in allowed:
            raise FilterError(f"{where}: condition {op!r} is not valid for field {fd.name!r} "
                              f"({fd.field_type}); use one of {sorted(allowed)}.")
        sql = self.dispatch(fd)(self, fd, op, cond["value"], cond)
        return f"({sql})"

    def resolve(self, key: Any, where: str) -> FieldDef:
        """The field a condition names."""
        if not isinstance(key, str):
            raise FilterError(f"{where}: `field` must be a string.")
        match = _CUSTOM_RE.match(key)
        fd = self.obj.get_field(match.group(1) if match else key)
        if fd is None:
            raise FilterError(f"{where}: unknown field {key!r}.")
        return fd

    def dispatch(self, fd: FieldDef) -> Callable[..., str]:
        """The compiler method for a field's kind."""
        if fd.is_stage:
            return k.stage
        kind = fd.field_type
        table: dict[str, Callable[..., str]] = {
            "checkbox": k.checkbox, "date": k.date, "datetime": k.datetime_,
            "phonenumber": k.phone, "rating": k.rating, "timezone": k.option,
            "team_selector": k.team, "checkboxes": k.multi, "dynamictags": k.multi,
            "files": k.files, "relationship": k.relationship,
        }
        fn = table.get(kind)
        if fn is None and kind in OPTION_TYPES:
            fn = k.option
        if fn is None and kind in ("integer", "decimal", "money"):
            fn = k.number
        return fn or k.text

    # -- shared helpers -----------------------------------------------------------------------

    def col(self, fd: FieldDef) -> str:
        """The qualified column of a field."""
        return f't."{fd.column}"'

    def negate(self, op: str, positive: str, blank: str) -> str:
        """`positive`, or for a negated op `NOT positive OR blank`."""
        return f"{blank} OR NOT ({positive})" if op in _NEGATED else positive

    def compare(self, expr: str, op: str, value: Any) -> str:
        """`expr <op> value` for the comparison operators."""
        return f"{expr} {_CMP[op]} {self.p(value)}"


def compile_where(store: Store, obj: ObjectDef, body: dict[str, Any]) -> tuple[str, list[Any]]:
    """The WHERE clause and parameters of a search body's filters."""
    compiler = Compiler(store, obj)
    return compiler.where(body), compiler.params


__all__ = ["ALLOWED", "Compiler", "FilterError", "compile_where"]
