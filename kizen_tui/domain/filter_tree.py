"""The one-line query's syntax tree: operator phrases, nodes, and the rewrites to a `Group`.

After parsing, `push_not` applies every `not` (opposite operators on conditions, De Morgan on
groups), `flatten` merges same-mode groups, and `to_group` checks that at most two levels remain
(Kizen's groups of conditions) and builds the model.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filter_lexer import QueryError
from kizen_tui.domain.filter_model import NEGATED_OPS, Condition, Group, Mode

OP_PHRASES: dict[tuple[str, ...], str] = {
    ("=",): "=", ("!=",): "!=", ("<",): "<", ("<=",): "<=", (">",): ">", (">=",): ">=",
    ("contains",): "contains", ("not", "contains"): "not_contains",
    ("starts", "with"): "starts_with", ("ends", "with"): "ends_with",
    ("not", "starts", "with"): "not_starts_with", ("not", "ends", "with"): "not_ends_with",
    ("in",): "is_any_of", ("not", "in"): "not_any_of",
    ("has",): "contains", ("has", "any"): "has_any", ("has", "all"): "has_all",
    ("has", "none"): "has_none",
    ("between",): "between", ("month", "="): "month_equals",
    ("is", "blank"): "is_blank", ("is", "not", "blank"): "not_blank", ("is", "me"): "is_me",
    ("is", "checked"): "is_checked", ("is", "not", "checked"): "not_checked",
}
#: The phrase `format_query` writes for each spec op.
OP_WORDS: dict[str, str] = {op: " ".join(p) for p, op in reversed(OP_PHRASES.items())}
OP_WORDS["contains"] = "contains"
OP_START_WORDS = frozenset(p[0] for p in OP_PHRASES if p[0].isalpha())


def op_phrase(op: str, kind: FieldKind | None = None) -> str:
    """How the query language writes `op` (`has` for contains on multi-option fields)."""
    if op == "contains" and kind is FieldKind.MULTI:
        return "has"
    return OP_WORDS.get(op, op)


@dataclass
class CondNode:
    """A parsed condition with the spans of its parts (for error positions)."""

    cond: Condition
    field: FieldDef
    kind: FieldKind
    field_span: tuple[int, int]
    op_span: tuple[int, int]
    value_span: tuple[int, int]
    not_span: tuple[int, int] | None = None

    @property
    def start(self) -> int:
        """Where the condition starts."""
        return self.field_span[0]


@dataclass
class BoolNode:
    """Conditions or groups joined by `and` (all) or `or` (any)."""

    mode: Mode
    items: list[Node]
    start: int
    end: int


@dataclass
class NotNode:
    """`not <child>`."""

    child: Node
    start: int
    end: int


Node = CondNode | BoolNode | NotNode


def node_start(node: Node) -> int:
    """Where `node` starts in the query."""
    return node.start


def node_end(node: Node) -> int:
    """Where `node` ends in the query."""
    if isinstance(node, CondNode):
        return max(node.value_span[1], node.op_span[1])
    return node.end


def push_not(node: Node, query: str, index: FieldIndex, negate: bool = False,
             not_span: tuple[int, int] | None = None) -> Node:
    """`node` with every `not` applied: De Morgan on groups, opposite operators on conditions."""
    if isinstance(node, NotNode):
        return push_not(node.child, query, index, not negate, (node.start, node.start + 3))
    if isinstance(node, BoolNode):
        mode: Mode = ("any" if node.mode == "all" else "all") if negate else node.mode
        items = [push_not(item, query, index, negate, not_span) for item in node.items]
        return BoolNode(mode, items, node.start, node.end)
    if not negate:
        return node
    return _negated(node, query, index, not_span or node.field_span)


def _negated(node: CondNode, query: str, index: FieldIndex,
             not_span: tuple[int, int]) -> CondNode:
    cond = node.cond
    if node.kind is FieldKind.CHECKBOX and cond.op == "=":
        return dataclasses.replace(node, cond=Condition(cond.field, "=", not cond.value),
                                   not_span=not_span)
    opposite = NEGATED_OPS.get(cond.op)
    phrase = op_phrase(cond.op, node.kind)
    if opposite is None:
        raise QueryError(f"'not' cannot be applied to '{phrase}': it has no opposite "
                         "operator", query, *not_span, part="op")
    if opposite not in index.ops(node.field):
        raise QueryError(f"'not' cannot be applied to '{phrase}' on field "
                         f"{node.field.name!r}: '{op_phrase(opposite, node.kind)}' is not "
                         f"available for {node.field.field_type} fields", query, *not_span,
                         part="op")
    return dataclasses.replace(node, cond=Condition(cond.field, opposite, cond.value),
                               not_span=not_span)


def flatten(node: Node) -> Node:
    """Merge nested groups of the same mode (`a and (b and c)` is `a and b and c`)."""
    if not isinstance(node, BoolNode):
        return node
    items: list[Node] = []
    for child in (flatten(item) for item in node.items):
        if isinstance(child, BoolNode) and child.mode == node.mode:
            items.extend(child.items)
        else:
            items.append(child)
    return BoolNode(node.mode, items, node.start, node.end)


_TOO_DEEP = ("too deeply nested: a Kizen filter is groups of conditions joined by one "
             "and/or, like (a and b) or (c and d); this part would be a third level")


def to_group(node: Node | None, query: str) -> Group:
    """The model of a flattened, negation-free tree (at most two levels, else an error)."""
    if node is None:
        return Group("all", [])
    if isinstance(node, CondNode):
        return Group("all", [node.cond])
    assert isinstance(node, BoolNode)
    items: list[Condition | Group] = []
    for child in node.items:
        if isinstance(child, CondNode):
            items.append(child.cond)
            continue
        assert isinstance(child, BoolNode)
        conds: list[Condition | Group] = []
        for grand in child.items:
            if not isinstance(grand, CondNode):
                raise QueryError(_TOO_DEEP, query, node_start(grand), node_end(grand))
            conds.append(grand.cond)
        items.append(Group(child.mode, conds))
    return Group(node.mode, items)


def conditions(node: Node | None) -> list[CondNode]:
    """Every condition node of a tree, in order."""
    if node is None:
        return []
    if isinstance(node, CondNode):
        return [node]
    if isinstance(node, NotNode):
        return conditions(node.child)
    return [c for item in node.items for c in conditions(item)]
