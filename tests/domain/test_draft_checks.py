"""Regression tests of the draft's checks: server errors that name a field outside the
positional envelope, and the local checks of money and bounded numbers."""

from __future__ import annotations

from kizen_tui.domain.drafts import RecordDraft
from tests.domain.test_drafts import FIELDS, draft
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
