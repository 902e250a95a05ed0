"""Filters end to end: every op of every field type returns exactly the matching seeded records.

For each field of the four objects (real definitions from `get_object_fields`) and each op
`valid_ops` allows, a value is picked from the data, the condition is compiled twice — from a
Kizen CLI spec (`compile_filter`) and from a hand-written one-line query (`parse_query`) — and
searched through the real client. Both must return exactly the records a plain Python predicate
(`filter_cases.matches`) selects from all records fetched without a filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from kizen_tui.api import KizenClient
from kizen_tui.api.models import FieldDef, ObjectDef, TagOption
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filters import compile_filter, valid_ops
from kizen_tui.domain.query import parse_query
from kizen_tui.sandbox.catalog import business
from tests.integration.filter_cases import cases, matches, normalise, pick, query_text
from tests.integration.helpers import all_records, search_ids

OBJECTS = ["companies", "client_client", "deals", "projects"]
FIELDS = [(obj, fd.name) for obj in OBJECTS for fd in business()[obj].visible_fields]


@dataclass
class ObjectData:
    """One object's definitions, tag options and every record's raw values by field name."""

    definition: ObjectDef
    index: FieldIndex
    tags: dict[str, list[TagOption]]
    rows: dict[str, dict[str, Any]]


@pytest.fixture
def sandbox(module_sandbox: Starlette) -> Starlette:
    """These tests only read: they share one sandbox."""
    return module_sandbox


@pytest.fixture(scope="module")
def loaded() -> dict[str, ObjectData]:
    """ObjectData per object, filled by the first test that needs it."""
    return {}


async def _every_value(api: KizenClient, record_id: str, field_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        result = await api.list_field_values(record_id, field_id, page=page, page_size=100)
        items += [{"id": item.id} for item in result.results]
        if result.next is None:
            return items
        page += 1


async def object_data(api: KizenClient, loaded: dict[str, ObjectData], obj: str) -> ObjectData:
    """Fields, tags and all records of `obj` through the API (summaries expanded)."""
    if obj in loaded:
        return loaded[obj]
    definition = await api.get_object(obj)
    fields = await api.get_object_fields(definition.id)
    tags = {f.id: (await api.list_tags(definition, f.id, page_size=1000)).results
            for f in fields if f.field_type == "dynamictags"}
    rows: dict[str, dict[str, Any]] = {}
    for record in await all_records(api, obj, field_names=[f.name for f in fields]):
        values: dict[str, Any] = {}
        for f in fields:
            entry = record.field(f.name)
            if entry is not None and entry.is_summarized:
                values[f.name] = await _every_value(api, record.id, f.id)
            else:
                values[f.name] = None if entry is None else entry.value
        rows[record.id] = values
    loaded[obj] = ObjectData(definition, FieldIndex(fields), tags, rows)
    return loaded[obj]


def translators(field: FieldDef, data: ObjectData) -> tuple[Callable[[Any], Any],
                                                            Callable[[Any], Any]]:
    """(label: normalised value -> what a person types, ids: typed value -> normalised)."""
    options: list[Any] = list(data.tags.get(field.id) or field.options)
    if not options or field.field_type in ("rating", "timezone"):
        return (lambda v: v), (lambda v: v)
    key = "code" if field.name == "email_status" else "id"
    to_label = {getattr(o, key): o.name for o in options}
    to_value = {o.name: getattr(o, key) for o in options}
    return to_label.__getitem__, to_value.__getitem__


def _blank(kind: FieldKind, value: Any) -> bool:
    return value is None or value == set() or (kind is FieldKind.FILES and value == 0)


@pytest.mark.parametrize(("obj", "name"), FIELDS, ids=[f"{o}.{n}" for o, n in FIELDS])
async def test_every_op_of_every_field(asgi_api: KizenClient, loaded: dict[str, ObjectData],
                                       obj: str, name: str) -> None:
    data = await object_data(asgi_api, loaded, obj)
    field = data.index.lookup(name)
    kind = data.index.kind(field)
    label, ids = translators(field, data)
    values = {rid: normalise(kind, field, raw[name]) for rid, raw in data.rows.items()}
    present = [v for v in values.values() if not _blank(kind, v)]
    assert present, f"{obj}.{name} has no values to pick from"
    problems: list[str] = []
    for op, given in cases(data.index, field):
        x = given if given is not None else pick(kind, op, present, label)
        expected = {rid for rid, v in values.items()
                    if matches(kind, op, v, x, ids=ids, me=asgi_api.user_id)}
        condition = {"field": name, "op": op, **({} if x is None else {"value": x})}
        spec_body = compile_filter({"all": [condition]}, data.index, tags=data.tags)
        by_spec = await search_ids(asgi_api, obj, body=spec_body)
        text = query_text(name, op, x)
        query_body = compile_filter(parse_query(text, data.index, tags=data.tags), data.index,
                                    tags=data.tags)
        # the same wire body cannot give other ids; search again only when they differ
        by_query = by_spec if query_body == spec_body else await search_ids(
            asgi_api, obj, body=query_body)
        if by_spec != expected or by_query != expected:
            problems.append(f"{text!r}: expected {len(expected)}, spec gave {len(by_spec)} "
                            f"(missing {len(expected - by_spec)}, extra {len(by_spec - expected)})"
                            f", query gave {len(by_query)}")
        elif op not in ("is_blank", "not_blank") and not 0 < len(expected) < len(values):
            problems.append(f"{text!r} selects {len(expected)} of {len(values)}: pick better")
    assert not problems, "\n".join(problems)


async def test_every_filterable_field_is_covered(asgi_api: KizenClient) -> None:
    filterable = set()
    for obj in OBJECTS:
        definition = await asgi_api.get_object(obj)
        for field in await asgi_api.get_object_fields(definition.id):
            if valid_ops(field, contacts=definition.is_contacts):
                filterable.add((obj, field.name))
    assert filterable == set(FIELDS)
    types = {business()[o].by_name[n].field_type for o, n in FIELDS}
    assert len(types) == 24  # every field type of API-NOTES §4


# --- one-line query == CLI spec == hand-written wire body ------------------------------------


def _custom(field: FieldDef, condition: str, value: Any) -> dict[str, Any]:
    return {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{field.id}',
            "condition": condition, "value": value}


def _default(name: str, condition: str, value: Any) -> dict[str, Any]:
    return {"type": "fields", "subtype": "non_custom", "field": name, "condition": condition,
            "value": value}


def _option(field: FieldDef, label: str) -> str:
    return next(o.id for o in field.options if o.name == label)


def _has(raw: Any, key: str, wanted: str) -> bool:
    return isinstance(raw, dict) and raw.get(key) == wanted


async def test_query_spec_and_wire_give_the_same_records(
        api: KizenClient, loaded: dict[str, ObjectData]) -> None:
    companies = await object_data(api, loaded, "companies")
    deals = await object_data(api, loaded, "deals")
    f, d = companies.index.lookup, deals.index.lookup
    software, finance = _option(f("industry"), "Software"), _option(f("industry"), "Finance")
    gold, won = _option(f("tier"), "Gold"), _option(d("stage"), "Won")
    table: list[tuple[str, str, dict[str, Any], dict[str, Any], Callable[[dict[str, Any]],
                                                                          bool]]] = [
        ("companies", "industry in (Software, finance)",
         {"all": [{"field": "Industry", "op": "is_any_of", "value": ["Software", "Finance"]}]},
         {"and": True, "query": [{"and": True, "filters": [
             _custom(f("industry"), "is_any_of", [software, finance])]}]},
         lambda r: (r["industry"] or {}).get("id") in (software, finance)),
        ("companies", "(tier = Gold and is_partner is checked) or Employees >= 1000",
         {"any": [{"all": [{"field": "tier", "op": "=", "value": "Gold"},
                           {"field": "is_partner", "op": "is_checked"}]},
                  {"field": "employee_count", "op": ">=", "value": 1000}]},
         {"and": False, "query": [
             {"and": False, "filters": [_custom(f("employee_count"), ">=", 1000)]},
             {"and": True, "filters": [_custom(f("tier"), "=", gold),
                                       _custom(f("is_partner"), "=", True)]}]},
         lambda r: (_has(r["tier"], "id", gold) and r["is_partner"] is True)
         or (r["employee_count"] or 0) >= 1000),
        ("companies", 'not (name contains "acme") and owner is me',
         {"all": [{"field": "name", "op": "not_contains", "value": "acme"},
                  {"field": "owner", "op": "is_me"}]},
         {"and": True, "query": [{"and": True, "filters": [
             _default("name", "!contains", "acme"), _default("owner", "=", "is_me")]}]},
         lambda r: "acme" not in r["name"].lower() and _has(r["owner"], "id", api.user_id)),
        ("deals", 'stage = Won and "Value" > 100000',
         {"all": [{"field": "stage", "op": "=", "value": "won"},
                  {"field": "entity_value", "op": ">", "value": 100000}]},
         {"and": True, "query": [{"and": True, "filters": [
             {"type": "fields_v2", "subtype": "non_custom", "field": "stage",
              "overwrite": {"type": "stage"}, "condition": "=", "value": won},
             _default("entity_value", ">", 100000)]}]},
         lambda r: _has(r["stage"], "id", won) and (r["entity_value"] or {}).get(
             "amount", 0) > 100000),
    ]
    for obj, text, spec, wire, predicate in table:
        data = companies if obj == "companies" else deals
        expected = {rid for rid, row in data.rows.items() if predicate(row)}
        from_query = compile_filter(parse_query(text, data.index), data.index)
        from_spec = compile_filter(spec, data.index)
        assert from_query == from_spec, text
        found = {await search_ids(api, obj, body=body) == expected
                 for body in (from_query, from_spec, wire)}
        assert found == {True}, text
        assert 0 < len(expected) < len(data.rows), text
