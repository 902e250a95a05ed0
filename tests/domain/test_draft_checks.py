"""Regression tests of the draft: server errors that name a field outside the positional
envelope, and server values seen after the draft's originals (restored drafts)."""

from __future__ import annotations

from kizen_tui.domain.drafts import RecordDraft
from tests.domain.test_drafts import FIELDS, draft, record
from tests.domain.test_fields import CHICAGO, NOW


def test_a_required_field_the_write_left_out_is_marked_under_it() -> None:
    d = RecordDraft.new(FIELDS, object_type="deals", tz=CHICAGO, clock=lambda: NOW)
    d.set_text("text", "Globex")
    mapped = d.map_errors([{}], ['Field "integer" is required.', 'Field "f-email" is required.',
                                 'Field "gone" is required.', "Something else"])
    assert mapped.fields == {"integer": ["This field is required"],
                             "email": ["This field is required"]}
    assert mapped.banner == ['Field "gone" is required.', "Something else"]
    assert d.errors["integer"] == ["This field is required"]
    d.set_text("integer", "3")  # filling it in clears the server's word
    assert "integer" not in d.errors


def test_required_is_claimed_on_an_existing_record_too() -> None:
    d = draft()
    d.set_text("text", "Globex")
    mapped = d.map_errors([], ['Field "integer" is required'])
    assert mapped == ({"integer": ["This field is required"]}, [])


def test_observed_server_values_show_as_was_without_hiding_the_conflict() -> None:
    d = draft()
    d.set_text("integer", "42")
    d.set_text("text", "Globex")
    fresh = record({"integer": 7})
    d.observe(fresh)
    assert d.server_value("integer") == 7 and d.original("integer") == 5
    assert d.server_value("text") == "Acme"
    assert "Integer: 7 → 42" in d.diff_lines()
    assert [c.field for c in d.conflicts(fresh)] == ["integer"]  # still caught on save
    d.rebase(fresh, {"integer": "mine"}, only=["integer"])
    assert d.server_value("integer") == d.original("integer") == 7


def test_reverting_an_observed_field_takes_the_server_value() -> None:
    d = draft()
    d.set_text("integer", "42")
    d.observe(record({"integer": 7}))
    d.revert("integer")
    assert d.value("integer") == 7 and d.text("integer") == "7" and not d.is_dirty
