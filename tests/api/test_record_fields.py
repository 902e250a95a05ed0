"""`Record.fields`: entries are built on first read, read like a dict, and never fail late."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizen_tui.api import record_fields
from kizen_tui.api.models import FieldValue, Page, Record
from kizen_tui.api.record_fields import RecordFields, build_entry
from tests.api.conftest import FIELD_ID, FIELD_ID_2, RECORD_ID, page_json, record_json

LONE = json.loads('"odd \\ud800 key"')  # a lone surrogate, as JSON can carry one


def entry(field_id: str, name: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    return {"id": field_id, "name": name, "field_type": "text", "display_name": name.title(),
            "value": value, **extra}


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every field entry built into a FieldValue from here on (the step the laziness saves)."""
    seen: list[Any] = []

    def counting(key: str, entry: Any) -> FieldValue:
        seen.append(entry)
        return build_entry(key, entry)

    monkeypatch.setattr(record_fields, "build_entry", counting)
    return seen


def test_a_page_is_parsed_without_building_any_field(validations):
    body = record_json(fields={FIELD_ID: entry(FIELD_ID, "name", "Acme"),
                               FIELD_ID_2: entry(FIELD_ID_2, "city", "Oslo")})
    page = Page[Record].model_validate(page_json([body] * 50))
    assert validations == []
    first = page.results[0].fields[FIELD_ID_2]
    assert first.value == "Oslo" and len(validations) == 1
    assert page.results[0].fields[FIELD_ID_2] is first  # built once
    assert len(validations) == 1


def test_fields_read_like_the_dict_they_replace():
    body = record_json(fields={FIELD_ID: entry(FIELD_ID, "name", "Acme"),
                               FIELD_ID_2: entry(FIELD_ID_2, "city", "Oslo", extra_key=1)})
    fields = Record.model_validate(body).fields
    expected = {FIELD_ID: FieldValue.model_validate(body["fields"][FIELD_ID]),
                FIELD_ID_2: FieldValue.model_validate(body["fields"][FIELD_ID_2])}
    assert list(fields) == [FIELD_ID, FIELD_ID_2] and len(fields) == 2
    assert FIELD_ID in fields and "name" not in fields
    assert fields == expected and dict(fields.items()) == expected
    assert fields.get("missing") is None
    with pytest.raises(KeyError):
        fields["missing"]
    assert fields[FIELD_ID_2].model_extra == {"extra_key": 1}
    assert "FieldValue(id=" in repr(fields)


def test_the_caller_s_dict_is_not_shared():
    body = record_json()
    record = Record.model_validate(body)
    body["fields"][FIELD_ID_2] = entry(FIELD_ID_2, "late")
    assert list(record.fields) == [FIELD_ID]


def test_dumps_are_those_of_a_dict_of_field_values():
    fields = {FIELD_ID: {"id": FIELD_ID, "name": "name", "value": "Acme", "new": [1]},
              FIELD_ID_2: {"id": FIELD_ID_2, "value_summary": {"count": 250}}}
    record = Record.model_validate(record_json(fields=fields))
    assert record.model_dump(mode="json", exclude_unset=True)["fields"] == fields
    assert record.model_dump()["fields"][FIELD_ID_2] == {
        "id": FIELD_ID_2, "name": None, "field_type": None, "display_name": None,
        "value": None, "value_summary": {"count": 250}}
    assert json.loads(record.model_dump_json())["fields"][FIELD_ID]["value"] == "Acme"
    assert record.fields[FIELD_ID_2].is_summarized
    assert not record.fields[FIELD_ID].is_summarized


@pytest.mark.parametrize(("raw", "expected"), [
    (None, {}),
    ("junk", {}),
    (7, {}),
    ({"k": 5}, {"k": {"id": "k", "value": 5}}),
    ({"k": {"value": None}}, {"k": {"id": "k", "value": None}}),
    ({"k": {"id": "", "name": 3, "field_type": 1.5, "display_name": True}},
     {"k": {"id": "k", "name": "3", "field_type": "1.5", "display_name": "True"}}),
    ({"k": {"id": "x", "value_summary": 12}}, {"k": {"id": "x", "value_summary": {"count": 12}}}),
    ({1: {"id": "a"}, "2": {"value": 2}}, {"1": {"id": "a"}, "2": {"id": "2", "value": 2}}),
    ([{"id": "a", "value": 1}, {"name": "nm"}, 3, {"value": 4}, {"id": 7}],
     {"a": {"id": "a", "value": 1}, "nm": {"id": "nm", "name": "nm"}, "3": {"id": "3", "value": 4},
      "7": {"id": "7"}}),
], ids=["null", "text", "number", "bare value", "no id", "odd text keys", "count only",
        "non-text key", "list of entries"])
def test_every_shape_of_fields_is_normalised(raw: Any, expected: dict[str, Any]):
    record = Record.model_validate({"id": RECORD_ID, "fields": raw})
    assert {k: v.model_dump(exclude_unset=True) for k, v in record.fields.items()} == expected


def test_an_unknown_key_pydantic_refuses_is_dropped_not_raised_later():
    record = Record.model_validate(record_json(fields={"k": {"id": "x", LONE: 1, "value": 2}}))
    assert record.fields["k"].value == 2 and record.fields["k"].id == "x"
    assert record.field("x") is record.fields["k"]


def test_field_values_given_as_models_are_kept():
    value = FieldValue(id=FIELD_ID, name="name", value="Acme")
    record = Record(id=RECORD_ID, fields={FIELD_ID: value})  # type: ignore[arg-type]
    assert record.fields[FIELD_ID] is value and record.field("name") is value


AMBIGUOUS = {
    "k1": {"id": "shared", "name": "alpha", "value": 1},
    "k2": {"id": "beta", "name": "shared", "value": 2},
    "k3": {"id": "k1", "name": "gamma", "value": 3},
    "k4": {"id": "x", "name": "alpha", "value": 4},
    "k5": {"id": "delta", "value": 5},
}
# the key wins over k3's id; k1's id comes before k2's name; k1's name before k4's
FOUND = {"k1": 1, "shared": 1, "alpha": 1, "beta": 2, "gamma": 3, "x": 4, "delta": 5,
         "k5": 5, "nope": None}


@pytest.mark.parametrize("order", [list(FOUND), list(reversed(FOUND)),
                                   ["delta", "alpha", "nope", "shared", "k1"]])
def test_field_finds_by_key_then_first_name_or_id_match(order: list[str]):
    # names are indexed as far as each lookup needs: the order of lookups must not matter
    record = Record.model_validate(record_json(fields=AMBIGUOUS))
    assert {key: record.value(key) for key in order} == {key: FOUND[key] for key in order}


def test_copies_and_pickles_keep_the_fields():
    record = Record.model_validate(record_json(fields=AMBIGUOUS))
    assert record.value("beta") == 2  # some entries built, some not
    for twin in (copy.deepcopy(record), pickle.loads(pickle.dumps(record)),
                 record.model_copy(deep=True)):
        assert twin == record and twin.fields is not record.fields
        assert {key: twin.value(key) for key in FOUND} == FOUND


json_leaf = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
             | st.text(st.characters(codec=None, categories=None), max_size=6))
json_any = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=8)
entry_keys = st.sampled_from(["id", "name", "field_type", "display_name", "value",
                              "value_summary", "count", LONE])
hostile_entries = st.one_of(json_any, st.dictionaries(entry_keys | st.text(max_size=3),
                                                      json_any, max_size=6))


@settings(max_examples=300, deadline=None)
@given(fields=st.dictionaries(st.text(max_size=4), hostile_entries, max_size=5)
       | st.lists(hostile_entries, max_size=5) | json_any)
def test_reading_any_parsed_fields_never_raises(fields: Any):
    # the JSON round trip gives exactly what a response body can hold
    record = Record.model_validate(json.loads(json.dumps({"id": RECORD_ID, "fields": fields})))
    for key, value in record.fields.items():
        assert isinstance(value, FieldValue) and isinstance(value.id, str)
        assert record.field(key) is value
        assert record.field(value.id) is not None
        assert value.name is None or isinstance(value.name, str)
    assert isinstance(record.label, str)
    assert record.model_dump()["fields"].keys() == record.fields.keys()
    # JSON mode replaces lone surrogates in keys, so only its length is comparable
    assert len(record.model_dump(mode="json")["fields"]) <= len(record.fields)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(json_any, max_size=6))
def test_well_formed_entries_build_as_pydantic_would(values: list[Any]):
    raw = {f"f{i}": entry(f"f{i}", f"n{i}", v) for i, v in enumerate(values)}
    fields = RecordFields(json.loads(json.dumps(raw)))
    assert {k: v.model_dump() for k, v in fields.items()} == {
        k: FieldValue.model_validate(v).model_dump() for k, v in raw.items()}
