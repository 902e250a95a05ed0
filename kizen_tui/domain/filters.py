"""Filters -> the Kizen records-search body (API-NOTES.md §2.2-§2.5).

`compile_filter` takes a Kizen CLI filter spec, a `Group` model or a wire body, and the object's
field definitions, and returns `{"and": bool, "query": [{"and": bool, "filters": [...]}]}`:

- a group of conditions becomes one wire group: `{"all": [c1, c2]}` is top-level `and: true`
  with one `and: true` group; `{"any": [...]}` is `and: false` with one `and: false` group;
- a group holding groups (one level down) becomes one wire group per inner group, plus one for
  its own conditions (first), joined by the outer mode: `{"any": [{"all": [a, b]}, c]}` is
  `and: false` over `[{and: false, [c]}, {and: true, [a, b]}]`;
- custom fields are `type fields_v2 / subtype custom / field "\\"custom\\"::<uuid>"`, default
  fields `type fields / subtype non_custom / field <api name>`, the pipeline stage
  `type fields_v2 / subtype non_custom / field "stage" / overwrite {"type": "stage"}`;
- ops map per field kind (`not_contains` -> `!contains`, `is_checked` -> `=` true, `is_me` ->
  `=` "is_me", multi-option `contains` -> `has` [id], ...) and values take their wire form
  (`filter_values`). A value is never null.

Decisions where the notes are silent: `has_none` on checkboxes/dynamictags is sent as the UI's
`!has_any` (same meaning); `has_all` keeps K1's `has_all` token; `=`/`contains`/`!=`/
`not_contains` on those fields take exactly one value; `choices` and `selector` fields filter like
dropdowns; a plain date on a datetime field means midnight UTC except in `between`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from kizen_tui.api.models import FieldDef, TagOption
from kizen_tui.domain import filter_values as fv
from kizen_tui.domain.filter_copy import (
    search_request_curl,
    search_request_json,
    search_request_path,
)
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind, valid_ops
from kizen_tui.domain.filter_model import (
    BLANK_OPS,
    Condition,
    FilterError,
    Group,
    canonical_op,
    check_arity,
    from_spec,
    normalize,
    to_spec,
)

__all__ = [
    "Condition", "FieldIndex", "FilterError", "Group", "TagMap", "compile_condition",
    "compile_filter", "from_spec", "normalize", "search_request_curl", "search_request_json",
    "search_request_path", "to_spec", "valid_ops",
]

#: Dynamic-tag options per dynamictags field (keyed by field id or api name).
TagMap = Mapping[str, Sequence[TagOption | Mapping[str, Any]]]
FieldsArg = Iterable[FieldDef | Mapping[str, Any]] | FieldIndex

# Spec op -> wire condition, where the two differ only by spelling.
_NEGATIVE_WIRE = {"not_contains": "!contains", "not_starts_with": "!starts_with",
                  "not_ends_with": "!ends_with", "not_any_of": "is_none_of"}
_MULTI_WIRE = {"=": "has", "contains": "has", "!=": "!has", "not_contains": "!has",
               "is_any_of": "has_any", "has_any": "has_any", "not_any_of": "!has_any",
               "has_none": "!has_any", "has_all": "has_all"}
_LISTY = frozenset({"is_any_of", "not_any_of", "has_any", "has_all", "has_none", "between"})
_MAX_DEPTH_HINT = ("groups nest only one level: the Kizen search format is a list of groups "
                   "of conditions")


def compile_filter(spec: Any, fields: FieldsArg, *, tags: TagMap | None = None,
                   contacts: bool | None = None) -> dict[str, Any]:
    """Compile a filter to the records-search body `{"and": bool, "query": [...]}`.

    Args:
        spec: a Kizen CLI spec dict, a `Group`/`Condition`, or a wire body with `"query"`
            (checked, then passed through).
        fields: the object's field definitions (`FieldDef`s, the raw JSON list of
            `GET /api/custom-objects/{id}/fields`, or a `FieldIndex`).
        tags: options of dynamictags fields (not in the field definitions), by field id/name.
        contacts: whether the object is contacts (None: guessed from an email_status field).

    Raises:
        FilterError: the first problem, with its path (`all[1]`) and the valid choices.
    """
    if isinstance(spec, dict) and "query" in spec:
        return check_wire(spec)
    group = from_spec(spec)
    index = fields if isinstance(fields, FieldIndex) and contacts is None else FieldIndex(
        fields, contacts=contacts)
    return _compile_group(group, index, tags or {})


def _compile_group(group: Group, index: FieldIndex, tags: TagMap) -> dict[str, Any]:
    outer_and = group.mode == "all"
    own: list[dict[str, Any]] = []
    nested: list[dict[str, Any]] = []
    for i, item in enumerate(group.items):
        path = f"{group.mode}[{i}]"
        if isinstance(item, Condition):
            own.append(compile_condition(item, index, tags=tags, path=path))
            continue
        if not item.items:
            raise FilterError("an inner group needs at least one condition", path=path)
        filters = []
        for j, sub in enumerate(item.items):
            sub_path = f"{path}.{item.mode}[{j}]"
            if isinstance(sub, Group):
                raise FilterError(_MAX_DEPTH_HINT, path=sub_path)
            filters.append(compile_condition(sub, index, tags=tags, path=sub_path))
        nested.append({"and": item.mode == "all", "filters": filters})
    query = ([{"and": outer_and, "filters": own}] if own else []) + nested
    return {"and": outer_and, "query": query}


def compile_condition(cond: Condition, fields: FieldsArg, *, tags: TagMap | None = None,
                      path: str = "") -> dict[str, Any]:
    """One condition's wire dict `{type, subtype, field, condition, value}`.

    Raises:
        FilterError: located at `path`, with `part` "field", "op" or "value".
    """
    index = fields if isinstance(fields, FieldIndex) else FieldIndex(fields)
    try:
        field = index.lookup(cond.field)
        kind = index.kind(field)
        op = _check_op(cond.op, field, index)
        check_arity(op, cond.value)
        condition, value = _wire_value(field, kind, op, cond.value, index, tags or {})
    except FilterError as exc:
        raise exc.at(path) from None
    return _shape(field, kind, index.is_default(field), condition, value)


def _check_op(raw_op: str, field: FieldDef, index: FieldIndex) -> str:
    op = canonical_op(raw_op)
    allowed = index.ops(field)
    if op is not None and op in allowed:
        return op
    where = f"field {field.name!r} ({field.field_type})"
    if op in BLANK_OPS and index.is_default(field):
        raise FilterError(f"Kizen offers no blank checks on the default field {field.name!r} "
                          "(created, updated, owner, email_status and stage have none)", part="op")
    raise FilterError(f"operator {raw_op!r} is not available for {where}; valid operators: "
                      f"{', '.join(allowed)}", part="op")


def _shape(field: FieldDef, kind: FieldKind, default: bool, condition: str,
           value: Any) -> dict[str, Any]:
    if kind is FieldKind.STAGE:
        return {"type": "fields_v2", "subtype": "non_custom", "field": "stage",
                "overwrite": {"type": "stage"}, "condition": condition, "value": value}
    if default:
        return {"type": "fields", "subtype": "non_custom", "field": field.name,
                "condition": condition, "value": value}
    return {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{field.id}',
            "condition": condition, "value": value}


def _wire_value(field: FieldDef, kind: FieldKind, op: str, value: Any, index: FieldIndex,
                tags: TagMap) -> tuple[str, Any]:
    if op in BLANK_OPS:
        return "is_blank", op == "is_blank"
    label = f"field {field.name!r}"
    if kind is FieldKind.MULTI:
        return _multi(field, op, value, _multi_resolver(field, tags, label))
    if kind in (FieldKind.SINGLE, FieldKind.STAGE, FieldKind.TIMEZONE):
        resolver = fv.OptionResolver(field.options, field_label=label)
        convert: Callable[[Any], Any] = resolver.resolve
        if index.is_default(field) and field.name == "email_status":
            def convert(v: Any) -> Any:
                return fv.email_status_slug(v, resolver)
        elif kind is FieldKind.TIMEZONE and not field.options:
            convert = fv.as_text  # IANA names are their own ids
        return _one_or_list(op, value, convert)
    handler = _integer if field.field_type == "integer" else _SIMPLE[kind]
    return handler(op, value)


def _one_or_list(op: str, value: Any, convert: Callable[[Any], Any]) -> tuple[str, Any]:
    wire_op = _NEGATIVE_WIRE.get(op, op)
    if op in _LISTY:
        return wire_op, [convert(v) for v in value]
    return wire_op, convert(fv.scalar(value))


def _multi_resolver(field: FieldDef, tags: TagMap, label: str) -> fv.OptionResolver:
    if field.field_type != "dynamictags":
        return fv.OptionResolver(field.options, field_label=label)
    raw = tags.get(field.id, tags.get(field.name))
    loaded = raw is not None
    options = [t if isinstance(t, TagOption) else TagOption.model_validate(t) for t in raw or []]
    return fv.OptionResolver(options or field.options, field_label=label, what="tag",
                             loaded=loaded or bool(field.options))


def _multi(field: FieldDef, op: str, value: Any,
           resolver: fv.OptionResolver) -> tuple[str, Any]:
    if op not in _LISTY and isinstance(value, list | tuple) and len(value) != 1:
        raise fv.problem(f"'{op}' takes one value on {field.field_type} fields; use has_any, "
                         "has_all or has_none for several")
    return _MULTI_WIRE[op], [resolver.resolve(v) for v in fv.as_list(value)]


def _text(op: str, value: Any) -> tuple[str, Any]:
    return _NEGATIVE_WIRE.get(op, op), fv.as_text(fv.scalar(value))


def _number(op: str, value: Any, convert: Callable[[Any], int | float] = fv.as_number
            ) -> tuple[str, Any]:
    if op == "between":
        low, high = (convert(v) for v in value)
        if low > high:
            raise fv.problem(f"between needs low <= high, got {low} and {high}")
        return op, [low, high]
    return op, convert(fv.scalar(value))


def _integer(op: str, value: Any) -> tuple[str, Any]:
    # 1e3 on an integer field is sent (and shown) as 1000, not 1000.0.
    return _number(op, value, fv.as_whole_number)


def _temporal(convert: Callable[..., str]) -> Callable[[str, Any], tuple[str, Any]]:
    def handler(op: str, value: Any) -> tuple[str, Any]:
        if op == "month_equals":
            return op, fv.as_month(fv.scalar(value))
        if op == "between":
            low, high = (convert(v, keep_date=True) for v in value)
            if low[:10] > high[:10]:
                raise fv.problem(f"between needs the earlier date first, got {low} and {high}")
            return op, [low, high]
        return op, convert(fv.scalar(value))
    return handler


#: A plain date bound on a datetime field means the whole day: `<= D` is `< D+1`, `> D` is
#: `>= D+1` (midnight UTC), so the same query on a date and a datetime field agrees.
_WHOLE_DAY_BOUNDS = {"<=": "<", ">": ">="}


def _datetime(op: str, value: Any) -> tuple[str, Any]:
    day = fv.plain_date(fv.scalar(value)) if op in _WHOLE_DAY_BOUNDS else None
    if day is not None:
        return _WHOLE_DAY_BOUNDS[op], fv.as_datetime(day + timedelta(days=1))
    return _temporal(fv.as_datetime)(op, value)


def _date(value: Any, keep_date: bool = True) -> str:
    # keep_date only gives dates the call shape of as_datetime: a date is always a date.
    return fv.as_date(value)


def _checkbox(op: str, value: Any) -> tuple[str, Any]:
    if op in ("is_checked", "not_checked"):
        return "=", op == "is_checked"
    return "=", fv.as_bool(fv.scalar(value))


def _rating(op: str, value: Any) -> tuple[str, Any]:
    return _one_or_list(op, value, fv.as_rating)


def _person(op: str, value: Any) -> tuple[str, Any]:
    if op == "is_me":
        return "=", "is_me"
    return _one_or_list(op, value, fv.as_employee_id)


def _relationship(op: str, value: Any) -> tuple[str, Any]:
    # Every relationship condition takes a list of record ids, even contains.
    return _NEGATIVE_WIRE.get(op, op), [fv.as_record_id(v) for v in fv.as_list(value)]


def _files(op: str, value: Any) -> tuple[str, Any]:
    return op, fv.as_count(fv.scalar(value))


_SIMPLE: dict[FieldKind, Callable[[str, Any], tuple[str, Any]]] = {
    FieldKind.TEXT: _text,
    FieldKind.LONGTEXT: _text,
    FieldKind.PHONE: _text,
    FieldKind.CHECKBOX: _checkbox,
    FieldKind.NUMBER: _number,
    FieldKind.DATE: _temporal(_date),
    FieldKind.DATETIME: _datetime,
    FieldKind.RATING: _rating,
    FieldKind.PERSON: _person,
    FieldKind.RELATIONSHIP: _relationship,
    FieldKind.FILES: _files,
}


def check_wire(body: dict[str, Any]) -> dict[str, Any]:
    """Check a wire-format filter (`{"and", "query": [{"and", "filters": [...]}]}`) and return
    a copy with the top-level `and` defaulted to true.

    Raises:
        FilterError: `query` is not a list of groups with a `filters` list of dicts, an `and`
            is not a boolean, or a `value` is null (the API rejects null).
    """
    if not isinstance(body.get("query"), list):
        raise FilterError('a wire filter needs a "query" list of groups')
    if not isinstance(body.get("and", True), bool):
        raise FilterError('"and" must be true or false')
    for i, group in enumerate(body["query"]):
        path = f"query[{i}]"
        if not isinstance(group, dict) or not isinstance(group.get("filters"), list):
            raise FilterError('a group must be an object with a "filters" list', path=path)
        if not isinstance(group.get("and", True), bool):
            raise FilterError('"and" must be true or false', path=path)
        for j, clause in enumerate(group["filters"]):
            clause_path = f"{path}.filters[{j}]"
            if not isinstance(clause, dict):
                raise FilterError("a filter must be an object", path=clause_path)
            if "value" in clause and _has_null(clause["value"]):
                raise FilterError('"value" is null; the Kizen API rejects null values (use '
                                  'is_blank with true/false to test for empty fields)',
                                  path=clause_path, part="value")
    out = copy.deepcopy(body)
    out.setdefault("and", True)
    return out


def _has_null(value: Any) -> bool:
    if isinstance(value, list):
        return any(v is None for v in value)
    return value is None
