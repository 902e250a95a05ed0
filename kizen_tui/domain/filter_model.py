"""The filter model every front end shares, and the official Kizen CLI's JSON filter spec.

A filter is a `Group` (`all` = AND, `any` = OR) of `Condition`s and, one level down, of further
groups of conditions: the same shape as the Kizen CLI spec (API-NOTES.md §2.5)::

    {"any": [{"all": [{"field": "status", "op": "=", "value": "Open"}, ...]}, ...]}

Operators are the CLI spec's op names (`not_contains`, `not_any_of`, `is_blank`, ...), never the
wire tokens: `filters.compile_filter` maps them per field type. The builder, the one-line query
(`query.py`) and the CLI spec all convert to and from this model, so any of them can be shown as
any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Mode = Literal["all", "any"]

#: Ops that take no value.
NO_VALUE_OPS: tuple[str, ...] = ("is_blank", "not_blank", "is_me", "is_checked", "not_checked")
#: Ops that take one value.
SCALAR_OPS: tuple[str, ...] = (
    "=", "!=", "<", "<=", ">", ">=", "contains", "not_contains", "starts_with", "ends_with",
    "not_starts_with", "not_ends_with", "month_equals",
)
#: Ops that take a list (`between` exactly two items).
LIST_OPS: tuple[str, ...] = ("is_any_of", "not_any_of", "has_any", "has_all", "has_none", "between")
ALL_OPS: tuple[str, ...] = NO_VALUE_OPS + SCALAR_OPS + LIST_OPS
BLANK_OPS = frozenset({"is_blank", "not_blank"})

#: Wire tokens and common spellings accepted as op names, mapped to the spec op.
OP_ALIASES: dict[str, str] = {
    "==": "=",
    "!contains": "not_contains",
    "!starts_with": "not_starts_with",
    "!ends_with": "not_ends_with",
    "is_none_of": "not_any_of",
    "!has_any": "has_none",
    "is_not_blank": "not_blank",
}

#: The op that means "not <op>", where one exists. `between`, `month_equals`, `is_me` and
#: `has_all` have none. Comparisons flip (`not a < 5` is `a >= 5`).
NEGATED_OPS: dict[str, str] = {
    "=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
    "contains": "not_contains", "not_contains": "contains",
    "starts_with": "not_starts_with", "not_starts_with": "starts_with",
    "ends_with": "not_ends_with", "not_ends_with": "ends_with",
    "is_any_of": "not_any_of", "not_any_of": "is_any_of",
    "has_any": "has_none", "has_none": "has_any",
    "is_blank": "not_blank", "not_blank": "is_blank",
    "is_checked": "not_checked", "not_checked": "is_checked",
}


class FilterError(ValueError):
    """An invalid filter. The message starts with the path of the offending part (`all[1]`).

    Attributes:
        reason: the message without the path.
        path: where in the spec/model the problem is (`all[1]`, `any[0].all[2]`, `query[0]`).
        part: which part of the condition is wrong: "field", "op", "value", or None.
    """

    def __init__(self, reason: str, *, path: str = "", part: str | None = None) -> None:
        self.reason = reason
        self.path = path
        self.part = part
        super().__init__(f"{path}: {reason}" if path else reason)

    def at(self, path: str) -> FilterError:
        """The same error located at `path` (kept if it already has one)."""
        if self.path:
            return self
        return FilterError(self.reason, path=path, part=self.part)


@dataclass
class Condition:
    """One condition: `field` (api name, display name or field id), a spec `op`, and a value.

    `value` is None exactly for the no-value ops (`is_blank`, `is_me`, ...), a list for the list
    ops, and a single value otherwise (a list is also accepted where the field holds lists).
    """

    field: str
    op: str
    value: Any = None


@dataclass
class Group:
    """A group of conditions (and, one level down, of groups) joined by AND (`all`) or OR (`any`).

    An empty top-level group means "no filter" (every record).
    """

    mode: Mode = "all"
    items: list[Condition | Group] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.mode not in ("all", "any"):
            raise FilterError(f"a group's mode must be 'all' or 'any', not {self.mode!r}")

    def conditions(self) -> list[Condition]:
        """Every condition in this group and its subgroups, in order."""
        out: list[Condition] = []
        for item in self.items:
            out.extend([item] if isinstance(item, Condition) else item.conditions())
        return out


def canonical_op(op: Any) -> str | None:
    """The spec op for `op` (aliases resolved, case-insensitive), or None if unknown."""
    if not isinstance(op, str):
        return None
    key = op.strip().lower()
    key = OP_ALIASES.get(key, key)
    return key if key in ALL_OPS else None


def from_spec(spec: Any) -> Group:
    """Turn a Kizen CLI filter spec (or a model) into a `Group`, checking its structure.

    Accepts `{"all": [...]}` / `{"any": [...]}` groups of `{"field", "op", "value"}` conditions
    (groups nested one level), a bare condition (wrapped in `all`), a `Group` or a `Condition`.
    Fields, operators per field type and values are checked later, by `compile_filter`.

    Raises:
        FilterError: the spec is not a group/condition, a key is unknown, an op is unknown, a
            value is missing, null, or not a list where the op needs one.
    """
    if isinstance(spec, Group):
        return spec
    if isinstance(spec, Condition):
        return Group("all", [spec])
    if not isinstance(spec, dict):
        raise FilterError(f"a filter spec must be a JSON object, not {type(spec).__name__}")
    if "all" in spec or "any" in spec:
        return _group_from_spec(spec, "")
    if "field" in spec:
        return Group("all", [_condition_from_spec(spec, "all[0]")])
    raise FilterError(
        f'a filter spec needs "all", "any" or "field" (got keys: {", ".join(sorted(spec))})')


def _group_from_spec(spec: dict[str, Any], path: str) -> Group:
    if len(spec) != 1:
        raise FilterError('a group must be exactly {"all": [...]} or {"any": [...]}', path=path)
    ((mode, children),) = spec.items()
    if not isinstance(children, list):
        raise FilterError(f'"{mode}" must be a list of conditions or groups', path=path)
    items: list[Condition | Group] = []
    for i, child in enumerate(children):
        child_path = f"{path}.{mode}[{i}]" if path else f"{mode}[{i}]"
        if isinstance(child, dict) and ("all" in child or "any" in child):
            items.append(_group_from_spec(child, child_path))
        elif isinstance(child, dict) and "field" in child:
            items.append(_condition_from_spec(child, child_path))
        else:
            raise FilterError('expected a condition {"field", "op", "value"} or a group',
                              path=child_path)
    return Group("all" if mode == "all" else "any", items)


def _condition_from_spec(spec: dict[str, Any], path: str) -> Condition:
    unknown = set(spec) - {"field", "op", "value"}
    if unknown:
        raise FilterError(f"unknown keys in condition: {', '.join(sorted(unknown))}", path=path)
    ref = spec.get("field")
    if not isinstance(ref, str) or not ref.strip():
        raise FilterError('"field" must be a field api name, display name or id',
                          path=path, part="field")
    op = canonical_op(spec.get("op"))
    if op is None:
        raise FilterError(f"unknown op {spec.get('op')!r}; valid ops: {', '.join(ALL_OPS)}",
                          path=path, part="op")
    check_arity(op, spec.get("value"), has_value="value" in spec, path=path)
    return Condition(ref, op, spec.get("value"))


def check_arity(op: str, value: Any, *, has_value: bool = True, path: str = "") -> None:
    """Check that `value` has the shape `op` needs (none, one value, or a list).

    Raises:
        FilterError: with part "value".
    """
    def fail(reason: str) -> FilterError:
        return FilterError(reason, path=path, part="value")

    if op in NO_VALUE_OPS:
        if value is not None:
            raise fail(f"op '{op}' takes no value")
        return
    if value is None:
        word = "null" if has_value else "missing"
        raise fail(f"the value of '{op}' is {word}; the Kizen API rejects null values "
                   "(use is_blank / not_blank to test for empty fields)")
    if op in LIST_OPS:
        if not isinstance(value, list | tuple):
            raise fail(f"op '{op}' needs a list value")
        if not value:
            raise fail(f"op '{op}' needs at least one value")
        if op == "between" and len(value) != 2:
            raise fail("op 'between' needs exactly two values [low, high]")
    if isinstance(value, list | tuple) and any(v is None for v in value):
        raise fail("a list value must not contain null")


def to_spec(model: Group | Condition) -> dict[str, Any]:
    """The Kizen CLI filter spec of `model` (`{"all": [...]}` / `{"any": [...]}`)."""
    if isinstance(model, Condition):
        return to_spec(Group("all", [model]))
    return {model.mode: [_item_spec(item) for item in model.items]}


def _item_spec(item: Condition | Group) -> dict[str, Any]:
    if isinstance(item, Group):
        return to_spec(item)
    out: dict[str, Any] = {"field": item.field, "op": item.op}
    if item.op not in NO_VALUE_OPS:
        out["value"] = list(item.value) if isinstance(item.value, tuple) else item.value
    return out


def normalize(group: Group) -> Group:
    """An equivalent group in canonical form: same-mode subgroups merged into their parent,
    one-item subgroups unwrapped, and a top level holding a single group replaced by it.

    `query.parse_query` returns normalized groups; `format_query` round-trips them exactly.
    """
    items: list[Condition | Group] = []
    for item in group.items:
        if isinstance(item, Group):
            sub = normalize(item)
            if sub.mode == group.mode or len(sub.items) == 1:
                items.extend(sub.items)
            elif sub.items:
                items.append(sub)
        else:
            items.append(item)
    if len(items) == 1 and isinstance(items[0], Group):
        return items[0]
    mode: Mode = group.mode if len(items) > 1 else "all"
    return Group(mode, items)
