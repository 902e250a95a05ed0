r"""The one-line filter query: what people type in the filter bar.

Examples::

    status in (Open, Pending) and amount >= 10000 and owner is me
    name contains "acme"
    close_date between 2026-01-01 and 2026-03-31
    tags has any (vip, churn-risk)
    email is not blank
    not (stage = Won)
    (status = Open and amount > 5000) or priority = High
    "Close Date" > 2026-01-01
    signed_on month = 3

Grammar (EBNF; keywords are case-insensitive)::

    query     = [ or_expr ] ;
    or_expr   = and_expr { "or" and_expr } ;
    and_expr  = unary { "and" unary } ;
    unary     = "not" unary | "(" or_expr ")" | condition ;
    condition = field ( operator operand
                      | "between" value "and" value
                      | "is" [ "not" ] "blank" | "is" "me" | "is" [ "not" ] "checked" ) ;
    field     = word { word } | string ;
    operator  = "=" | "!=" | "<" | "<=" | ">" | ">="
              | [ "not" ] "contains" | [ "not" ] "starts" "with" | [ "not" ] "ends" "with"
              | [ "not" ] "in" | "has" [ "any" | "all" | "none" ] | "month" "=" ;
    operand   = value | "(" value { "," value } ")" ;
    value     = word | string ;
    string    = '"' { char | escape } '"' | "'" { char | escape } "'" ;
    escape    = "\" ( '"' | "'" | "\" | "n" | "t" | "r" | "u" hex hex hex hex ) ;
    word      = a run of characters other than white space, quotes, "(", ")", ",",
                "=", "<", ">" and "!=" ;

Meaning:

- `and` binds tighter than `or`; `not` tighter than both. Kizen filters have two levels (groups
  of conditions, joined by one and/or), so `a and (b or c)` and `(a and b) or (c and d)` work, a
  third level of parentheses is an error.
- `not` applies the opposite operator (`=`/`!=`, `<`/`>=`, `contains`/`not contains`,
  `in`/`not in`, `has any`/`has none`, `is blank`/`is not blank`, ...) and De Morgan's rule to
  groups; `between`, `month =`, `is me` and `has all` have no opposite, so `not` on them is an
  error.
- A field is its api name or display name, in any case; a multi-word display name may be written
  bare when an operator follows (`Close Date > 2026-01-01`), or quoted.
- Values are typed by their field: numbers for number, money, files and rating fields,
  `true`/`false` for checkboxes, `YYYY-MM-DD` dates, ISO datetimes, option labels (any case),
  codes or ids; quote values with spaces, commas, parentheses, quotes or keywords.
- `in` is "is any of"; `has x` is "has x" for checkboxes/tags (one value), `has any/all/none`
  take lists; `contains (id1, id2)` works for relationships; `month = 3` (or `month = march`)
  matches dates in a month.

Each operator is a Kizen CLI spec op (`filter_model`): `=`, `!=`, `<`, `<=`, `>`, `>=`,
`contains`, `not contains`->not_contains, `starts with`->starts_with, `ends with`->ends_with,
`not starts with`, `not ends with`, `in`->is_any_of, `not in`->not_any_of, `has`->contains,
`has any`->has_any, `has all`->has_all, `has none`->has_none, `between`, `month =`->month_equals,
`is blank`, `is not blank`->not_blank, `is me`, `is checked`, `is not checked`->not_checked.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kizen_tui.api.models import TagOption
from kizen_tui.domain import filter_values as fv
from kizen_tui.domain.filter_complete import Suggestion, complete
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filter_lexer import QueryError, literal, tokenize
from kizen_tui.domain.filter_model import (
    NO_VALUE_OPS,
    Condition,
    FilterError,
    Group,
    canonical_op,
    from_spec,
)
from kizen_tui.domain.filter_parser import Parser
from kizen_tui.domain.filter_tree import (
    CondNode,
    conditions,
    flatten,
    op_phrase,
    push_not,
    to_group,
)
from kizen_tui.domain.filters import FieldsArg, TagMap, compile_condition

__all__ = ["QueryError", "Suggestion", "complete", "format_query", "parse_query"]

_OPTION_KINDS = frozenset({FieldKind.SINGLE, FieldKind.STAGE, FieldKind.TIMEZONE,
                           FieldKind.MULTI})


def parse_query(text: str, fields: FieldsArg, *, tags: TagMap | None = None,
                contacts: bool | None = None) -> Group:
    """Parse a one-line query into a normalized `Group` (empty text is the empty filter).

    Every condition is checked as `compile_filter` would check it, so a parsed query compiles.

    Raises:
        QueryError: with `.position` (character offset) and a caret line in the message.
    """
    index = fields if isinstance(fields, FieldIndex) and contacts is None else FieldIndex(
        fields, contacts=contacts)
    parser = Parser(text, tokenize(text), index)
    tree = parser.parse()
    if tree is not None:
        tree = push_not(tree, text, index)
    for node in conditions(tree):
        try:
            compile_condition(node.cond, index, tags=tags)
        except FilterError as exc:
            raise QueryError(exc.reason, text, *_span_of(node, exc.part), part=exc.part
                             ) from None
    return to_group(flatten(tree) if tree is not None else None, text)


def _span_of(node: CondNode, part: str | None) -> tuple[int, int]:
    if part == "field":
        return node.field_span
    if part == "op":
        return node.not_span or node.op_span
    if part == "value" and node.value_span[1] > node.value_span[0]:
        return node.value_span
    return node.field_span[0], max(node.value_span[1], node.op_span[1])


def format_query(model: Group | Condition | dict[str, Any], fields: FieldsArg, *,
                 tags: TagMap | None = None, contacts: bool | None = None) -> str:
    """The one-line form of a model or CLI spec (`parse_query` of it gives the model back,
    exactly for normalized models, else an equivalent one).

    Fields are written by api name, option ids as their labels, inner groups in parentheses.
    """
    group = from_spec(model)
    index = fields if isinstance(fields, FieldIndex) and contacts is None else FieldIndex(
        fields, contacts=contacts)
    return _format_group(group, index, tags or {})


def _format_group(group: Group, index: FieldIndex, tags: TagMap) -> str:
    joiner = " and " if group.mode == "all" else " or "
    parts = [_format_condition(item, index, tags) if isinstance(item, Condition)
             else f"({_format_group(item, index, tags)})" for item in group.items]
    return joiner.join(parts)


def _format_condition(cond: Condition, index: FieldIndex, tags: TagMap) -> str:
    try:
        field = index.resolve(cond.field)
        kind = index.kind(field) if field is not None else None
    except FilterError:
        field, kind = None, None
    name = literal(field.name if field is not None else cond.field)
    op = canonical_op(cond.op) or cond.op
    phrase = op_phrase(op, kind)
    if op in NO_VALUE_OPS:
        return f"{name} {phrase}"

    def value_text(value: Any) -> str:
        return _format_value(value, field, kind, tags)

    value = cond.value
    if op == "between" and isinstance(value, list | tuple) and len(value) == 2:
        return f"{name} between {value_text(value[0])} and {value_text(value[1])}"
    if isinstance(value, list | tuple):
        return f"{name} {phrase} ({', '.join(value_text(v) for v in value)})"
    return f"{name} {phrase} {value_text(value)}"


def _format_value(value: Any, field: Any, kind: FieldKind | None, tags: TagMap) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return _format_number(value, field)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        value = value.get("id", value.get("name", ""))
    text = str(value)
    if field is not None and kind in _OPTION_KINDS:
        text = _option_label(text, field, tags)
    return literal(text)


def _format_number(value: int | float | Decimal, field: Any) -> str:
    """A number as typed back: a whole value on an integer field without `.0` (a spec may
    carry 1000.0, and `1e3` parses to a float)."""
    whole = (value.is_integer() if isinstance(value, float)
             else isinstance(value, Decimal) and value.is_finite()
             and value == value.to_integral_value())
    if whole and field is not None and field.field_type == "integer":
        return str(int(value))
    return str(value)


def _option_label(text: str, field: Any, tags: TagMap) -> str:
    """The label of the option whose id is `text`, when that label reads back as the same
    option; else `text` unchanged."""
    raw_tags = tags.get(field.id, tags.get(field.name)) or []
    options = [*field.options, *(t if isinstance(t, TagOption) else TagOption.model_validate(t)
                                 for t in raw_tags)]
    resolver = fv.OptionResolver(options, field_label=field.name)
    for option in resolver.options:
        if option.id == text and option.name:
            try:
                same = resolver.find(option.name)
            except FilterError:
                return text
            return option.name if same is option else text
    return text
