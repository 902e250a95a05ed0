"""The filter bar's example query: built from the object's own fields, and always valid."""

from __future__ import annotations

from typing import Any

import pytest

from kizen_tui.domain.filter_example import GENERIC_EXAMPLE, example_query
from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.query import parse_query
from tests.domain.filter_fixtures import CONTACTS, DEALS


def only(*names: str, fields: list[dict[str, Any]] = DEALS) -> FieldIndex:
    """The fixture fields named `names`, in the fixture's order."""
    return FieldIndex([f for f in fields if f["name"] in names])


def test_an_option_field_with_two_options_and_a_money_field() -> None:
    # stage is the first option field, entity_value the first money field.
    assert example_query(FieldIndex(DEALS)) == "stage in (Prospect, Won) and entity_value >= 10000"


@pytest.mark.parametrize(("index", "example"), [
    (only("status", "seats"), 'status in (Open, Pending) and seats >= 10'),
    (only("seats", "amount"), "amount >= 10000"),
    (only("percentage_chance_to_close"), "percentage_chance_to_close >= 10"),
    (only("status", "name"), "status in (Open, Pending)"),
    (only("name", "description"), "name contains acme"),
    (only("description"), GENERIC_EXAMPLE),
    (FieldIndex([]), GENERIC_EXAMPLE),
    (None, GENERIC_EXAMPLE),
])
def test_parts_the_object_lacks_are_left_out(index: FieldIndex | None, example: str) -> None:
    assert example_query(index) == example


def test_labels_and_names_that_need_quotes_are_quoted_and_hidden_fields_skipped() -> None:
    hidden = [dict(f, is_hidden=True) for f in DEALS if f["name"] == "stage"]
    status = next(f for f in DEALS if f["name"] == "status")
    first, second = status["options"][:2]
    relabelled = [dict(first, name="On Hold"), dict(second, name="in")]
    fields = [*hidden, dict(status, options=relabelled)]
    assert example_query(FieldIndex(fields)) == 'status in ("On Hold", "in")'


@pytest.mark.parametrize("fields", [DEALS, CONTACTS])
def test_the_example_parses(fields: list[dict[str, Any]]) -> None:
    parse_query(example_query(FieldIndex(fields)), fields)
