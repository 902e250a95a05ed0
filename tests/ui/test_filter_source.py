"""What the filter bar accepts (`filter_source`): queries, specs, wire bodies, @files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filters import Condition, Group
from kizen_tui.ui.screens import filter_source
from kizen_tui.ui.screens.filter_source import (
    FilterInputError,
    filter_from_model,
    filter_from_spec,
    resolve_filter,
)
from tests.domain.filter_fixtures import DEALS, fid, oid

FIELDS = FieldIndex(DEALS)
QUERY = "status in (Open, Pending) and amount >= 10000"
SPEC = {"all": [{"field": "status", "op": "is_any_of", "value": ["Open", "Pending"]},
                {"field": "amount", "op": ">=", "value": 10000}]}
BODY = {"and": True, "query": [{"and": True, "filters": [
    {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{fid(11)}',
     "condition": "is_any_of", "value": [oid(11), oid(12)]},
    {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{fid(12)}',
     "condition": ">=", "value": 10000}]}]}


def test_query_spec_and_wire_agree() -> None:
    typed = resolve_filter(QUERY, FIELDS)
    pasted = resolve_filter(json.dumps(SPEC, indent=2), FIELDS)
    wire = resolve_filter(json.dumps(BODY), FIELDS)
    assert typed is not None and pasted is not None and wire is not None
    assert typed.body == pasted.body == wire.body == BODY
    assert typed.text == pasted.text == QUERY
    assert typed.spec == pasted.spec == SPEC
    assert wire.group is None and wire.spec == BODY and json.loads(wire.text) == BODY


def test_empty_text_and_empty_filters_are_no_filter() -> None:
    assert resolve_filter("  ", FIELDS) is None
    assert resolve_filter('{"all": []}', FIELDS) is None
    assert resolve_filter('{"query": []}', FIELDS) is None
    assert filter_from_spec(None, FIELDS) is None
    assert filter_from_model(Group("any", [Group("all", [])]), FIELDS) is None


def test_query_error_keeps_its_position() -> None:
    with pytest.raises(FilterInputError) as caught:
        resolve_filter("status = Open and amount > lots", FIELDS)
    error = caught.value
    assert (error.position, error.end) == (27, 31)
    assert str(error).splitlines()[-1] == "  " + " " * 27 + "^^^^"


def test_json_error_position_counts_leading_space() -> None:
    with pytest.raises(FilterInputError) as caught:
        resolve_filter('  {"all": [}', FIELDS)
    assert caught.value.position == 11 and "not valid JSON" in caught.value.reason


def test_spec_errors_name_the_condition() -> None:
    with pytest.raises(FilterInputError, match=r"all\[1\].*unknown field 'amout'"):
        resolve_filter(json.dumps({"all": [SPEC["all"][0],
                                           {"field": "amout", "op": ">", "value": 1}]}), FIELDS)
    with pytest.raises(FilterInputError, match="not a Kizen filter spec"):
        resolve_filter('{"every": []}', FIELDS)
    with pytest.raises(FilterInputError, match="null"):
        filter_from_spec({"query": [{"filters": [{"value": None}]}]}, FIELDS)


def test_model_from_the_builder_is_normalized() -> None:
    model = Group("all", [Group("all", [Condition("status", "=", "Open")])])
    active = filter_from_model(model, FIELDS)
    assert active is not None and active.group == Group("all", [Condition("status", "=", "Open")])
    assert active.text == "status = Open"


def test_at_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.json").write_text(json.dumps(SPEC), encoding="utf-8")
    active = resolve_filter("@spec.json", FIELDS, cwd=tmp_path)
    assert active is not None and active.body == BODY and active.text == QUERY
    assert resolve_filter(f"@ {tmp_path / 'spec.json'}", FIELDS) == active
    with pytest.raises(FilterInputError, match="cannot read"):
        resolve_filter("@missing.json", FIELDS, cwd=tmp_path)
    with pytest.raises(FilterInputError, match="write the file after @"):
        resolve_filter("@", FIELDS)
    (tmp_path / "bad.json").write_text('{"all": [\n}', encoding="utf-8")
    with pytest.raises(FilterInputError, match="line 2, column 1"):
        resolve_filter("@bad.json", FIELDS, cwd=tmp_path)
    monkeypatch.setattr(filter_source, "MAX_FILE_BYTES", 10)
    with pytest.raises(FilterInputError, match="too big"):
        resolve_filter("@spec.json", FIELDS, cwd=tmp_path)
