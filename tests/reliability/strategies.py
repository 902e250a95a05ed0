"""Hypothesis strategies for hostile Kizen responses.

Valid shapes come from the published contract (`tests/data/records-openapi.json`, walked by
`from_schema`) and, where the contract is vague, from API-NOTES.md: the `fields` map keyed by
field UUID, the value shape of each of the 24 field types (§4), field definitions (§3). `mutate`
then breaks them: nulls, wrong types, missing and extra keys, huge strings and lists, deep
nesting, and hostile text (the corpus plus generated text from every Unicode category).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from kizen_tui.api.models import FieldType
from tests.reliability.corpus import HOSTILE_TEXTS, HOSTILE_VALUES, deep_nesting

OPENAPI = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "records-openapi.json").read_text())
SCHEMAS: dict[str, Any] = OPENAPI["components"]["schemas"]
FIELD_TYPES = [t.value for t in FieldType]

# Every Unicode category, surrogates included (JSON carries them as \ud800 escapes).
any_char = st.characters(codec=None, categories=None)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.text(any_char, max_size=30),
    st.text(st.sampled_from("\x1b[]0;m\x07\x9b\x00\r\n\t/@"), max_size=20),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE_TEXTS), st.text(any_char, max_size=8)),
)
uuid_like = st.uuids().map(str)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Valid JSON for an OpenAPI 3.0 schema (the subset records-openapi.json uses)."""
    schema = _resolve(schema)
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    choices = schema.get("oneOf") or schema.get("anyOf")
    if choices:
        return st.one_of([from_schema(c, depth + 1) for c in choices])
    kind = schema.get("type")
    base: st.SearchStrategy[Any]
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        base = st.fixed_dictionaries(
            {k: from_schema(v, depth + 1) for k, v in props.items() if k in required},
            optional={k: from_schema(v, depth + 1) for k, v in props.items()
                      if k not in required})
    elif kind == "array":
        base = st.lists(from_schema(schema.get("items", {}), depth + 1), max_size=3)
    elif kind == "string":
        base = uuid_like if schema.get("format") == "uuid" else st.text(max_size=12)
    elif kind == "integer":
        base = st.integers(0, 10_000)
    elif kind == "number":
        base = st.floats(allow_nan=False, allow_infinity=False)
    elif kind == "boolean":
        base = st.booleans()
    elif kind == "null":
        base = st.none()
    else:
        base = st.none() | st.text(max_size=5)
    return st.none() | base if schema.get("nullable") else base


option = st.fixed_dictionaries({"id": uuid_like, "name": hostile_text, "code": st.text(max_size=6)})
ref = st.fixed_dictionaries({"id": uuid_like}, optional={"name": hostile_text,
                                                         "display_name": hostile_text})
VALUE_SHAPES: dict[str, st.SearchStrategy[Any]] = {
    "text": hostile_text, "longtext": hostile_text, "wysiwyg": hostile_text,
    "email": hostile_text, "phonenumber": hostile_text | st.fixed_dictionaries(
        {"formatted": hostile_text, "e164": st.text(max_size=15)}),
    "integer": st.integers(), "decimal": st.floats(allow_nan=False) | st.text(max_size=12),
    "money": st.fixed_dictionaries({"currency": hostile_text, "symbol": hostile_text,
                                    "amount": st.floats(allow_nan=False) | st.text(max_size=8)}),
    "date": st.dates().map(str) | hostile_text,
    "datetime": st.datetimes().map(lambda d: d.isoformat() + "-05:00") | hostile_text,
    "checkbox": st.booleans() | st.none(),
    "dropdown": option, "radio": option, "status": option, "yesnomaybe": option,
    "choices": option, "selector": option, "rating": option | st.integers(0, 10),
    "checkboxes": st.lists(option, max_size=4), "dynamictags": st.lists(option, max_size=4),
    "timezone": st.sampled_from(["America/Chicago", "Europe/Paris"]) | hostile_text,
    "team_selector": st.fixed_dictionaries({"id": uuid_like, "first_name": hostile_text,
                                            "last_name": hostile_text, "email": hostile_text}),
    "relationship": ref | st.lists(ref, max_size=4),
    "files": st.lists(st.fixed_dictionaries({"id": uuid_like, "name": hostile_text}), max_size=3),
}
field_type = st.sampled_from(FIELD_TYPES) | hostile_text


@st.composite
def field_entry(draw: st.DrawFn) -> dict[str, Any]:
    """One `{id, name, field_type, display_name, value}` entry with a value of its type."""
    kind = draw(field_type)
    entry: dict[str, Any] = {"id": draw(uuid_like), "name": draw(hostile_text),
                             "field_type": kind, "display_name": draw(hostile_text)}
    if kind == "relationship" and draw(st.booleans()):
        entry["value_summary"] = {"count": draw(st.integers(101, 10**6))}
    else:
        entry["value"] = draw(VALUE_SHAPES.get(kind, hostile_text))
    return entry


fields_map = st.lists(field_entry(), max_size=8).map(lambda es: {e["id"]: e for e in es})


@st.composite
def record_json(draw: st.DrawFn, schema: str = "EntityRecordDetail") -> dict[str, Any]:
    """A record as the contract describes it, with a realistic `fields` map."""
    body = draw(from_schema(SCHEMAS[schema]))
    body["fields"] = draw(fields_map)
    if draw(st.booleans()):
        body["display_name"] = draw(hostile_text)
    return body


@st.composite
def page_json(draw: st.DrawFn) -> dict[str, Any]:
    """A page of search results (PaginatedEntityRecordListList)."""
    body = draw(from_schema(SCHEMAS["PaginatedEntityRecordListList"]))
    body["results"] = draw(st.lists(record_json("EntityRecordList"), max_size=4))
    return body


@st.composite
def field_def_json(draw: st.DrawFn) -> dict[str, Any]:
    """A field definition as `GET /api/custom-objects/{id}/fields` sends it (API-NOTES §3)."""
    kind = draw(field_type)
    return {
        "id": draw(uuid_like), "name": draw(hostile_text), "display_name": draw(hostile_text),
        "field_type": kind, "category": draw(uuid_like | st.none()),
        "is_required": draw(st.booleans()), "is_read_only": draw(st.booleans()),
        "is_hidden": draw(st.booleans()), "order": draw(st.integers(-5, 500) | st.none()),
        "options": draw(st.lists(option, max_size=4)),
        "relation": draw(st.none() | st.fixed_dictionaries(
            {"cardinality": st.sampled_from(["one_to_one", "many_to_one", "one_to_many",
                                             "many_to_many"]) | hostile_text,
             "related_object_object_name": hostile_text})),
        "money_options": draw(st.none() | st.fixed_dictionaries(
            {"currency": hostile_text, "symbol": hostile_text})),
        "access": draw(st.none() | st.fixed_dictionaries({"view": st.booleans(),
                                                          "edit": st.booleans()})),
    }


wrong_type = st.one_of(st.sampled_from(HOSTILE_VALUES[:17]), hostile_text, st.integers(),
                       st.lists(st.integers(), max_size=3))


@st.composite
def mutate(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """`value` with random damage: nulls, wrong types, dropped/extra keys, huge or deep values."""
    roll = draw(st.integers(0, 19))
    if roll == 0:
        return None
    if roll == 1:
        return draw(wrong_type)
    if roll == 2 and depth < 3:
        return draw(st.sampled_from(["x" * 100_000, list(range(5_000)), deep_nesting(150)]))
    if isinstance(value, dict) and depth < 6:
        out = {}
        for key, item in value.items():
            if draw(st.integers(0, 9)) == 0:
                continue  # a missing key
            out[key] = draw(mutate(item, depth + 1))
        for _ in range(draw(st.integers(0, 2))):
            out[draw(hostile_text)] = draw(wrong_type)  # an unexpected key
        return out
    if isinstance(value, list) and depth < 6:
        return [draw(mutate(item, depth + 1)) for item in value]
    if isinstance(value, str) and roll < 6:
        return draw(hostile_text)
    return value


def mutated(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from `strategy`, then damage it with `mutate`."""
    return strategy.flatmap(lambda value: mutate(value))
