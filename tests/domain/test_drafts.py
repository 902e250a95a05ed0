"""RecordDraft: every kind of change, one PATCH body valid against the contract, error mapping,
autosave round trip, concurrent-change detection and rebase."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.drafts import Change, Conflict, RecordDraft
from kizen_tui.domain.fields import Ref
from tests.contract import validate
from tests.domain.test_fields import CHICAGO, NOW, U1, U2, U3, field

RID = "0f0e0d0c-0000-4000-8000-00000000abcd"
KEYS = ["text", "longtext", "email", "integer", "money", "date", "datetime", "checkbox",
        "dropdown", "checkboxes", "dynamictags", "rating", "timezone", "relationship",
        "relationship_many", "team_selector", "files", "unknown"]
SUMMARISED = FieldDef.model_validate({"id": "f-contacts", "name": "contacts",
                                      "display_name": "Contacts", "field_type": "relationship",
                                      "relation": {"cardinality": "many_to_many"}})
FIELDS = [*(field(k) for k in KEYS), SUMMARISED,
          field("text", name="locked", id="f-locked", display_name="Locked", is_read_only=True)]
ORIGINAL: dict[str, Any] = {
    "text": "Acme", "longtext": "notes", "email": "a@b.co", "integer": 5,
    "money": {"currency": "USD", "symbol": "$", "amount": 1200.5}, "date": "2026-03-05",
    "datetime": "2026-03-05T15:30:45.123456Z", "checkbox": True,
    "dropdown": {"id": "opt-red", "code": "red", "name": "Red"},
    "checkboxes": [{"id": "opt-a", "name": "A"}], "dynamictags": [{"id": U1, "name": "VIP"}],
    "rating": 3, "timezone": "America/Chicago", "relationship": {"id": U1, "name": "Acme Inc"},
    "relationship_many": [{"id": U1, "name": "One"}, {"id": U2, "name": "Two"}],
    "team_selector": {"id": U3, "first_name": "Ada", "last_name": "Lovelace"},
    "files": [{"id": U1, "filename": "a.pdf"}], "unknown": {"x": 1}, "locked": "fixed",
}


def record(changes: dict[str, Any] | None = None, rid: str = RID) -> Record:
    """The test record, with some values replaced (None: field left out, as the API does)."""
    values = {**ORIGINAL, **(changes or {})}
    fields: dict[str, Any] = {}
    for fd in FIELDS:
        entry = {"id": fd.id, "name": fd.name, "field_type": fd.field_type,
                 "display_name": fd.label}
        if fd.name == "contacts":
            fields[fd.id] = {**entry, "value_summary": {"count": 250}}
        elif values.get(fd.name) is not None:
            fields[fd.id] = {**entry, "value": values[fd.name]}
    return Record.model_validate({"id": rid, "object_type": "deals", "fields": fields,
                                  "client_info": None, "access": {"view": True, "edit": True}})


def draft(rec: Record | None = None) -> RecordDraft:
    return RecordDraft(rec or record(), FIELDS, tz=CHICAGO, clock=lambda: NOW)


def check_contract(d: RecordDraft) -> None:
    validate({"fields": d.to_patch()}, "PatchedEntityRecordUpdateRequest")


def test_fresh_draft_is_clean() -> None:
    d = draft()
    assert not d.is_dirty
    assert (d.to_patch(), d.changes, d.errors, d.diff_lines(), d.sent_order) == ([], [], {}, [],
                                                                                 [])
    assert d.original("money") == Decimal("1200.5")
    assert d.value("relationship") == Ref(U1)
    assert d.text("datetime") == "2026-03-05 09:30:45"


@pytest.mark.parametrize(
    ("name", "text", "wire"),
    [
        ("text", "Globex", "Globex"),
        ("text", "", None),
        ("integer", "1,000", 1000),
        ("money", "$1,500", 1500),
        ("date", "tomorrow", "2026-03-06"),
        ("datetime", "2026-03-05 10:00", "2026-03-05T16:00:00.000Z"),
        ("checkbox", "no", False),
        ("dropdown", "blue", {"id": "opt-blue"}),
        ("rating", "5", 5),
        ("timezone", "Europe/Paris", "Europe/Paris"),
        ("relationship", U2, {"id": U2}),
        ("team_selector", U1, U1),
    ],
)
def test_single_value_change(name: str, text: str, wire: Any) -> None:
    d = draft()
    d.set_text(name, text)
    assert d.is_dirty
    assert d.to_patch() == [{"name": name, "value": wire}]
    assert d.sent_order == [name]
    [change] = d.changes
    assert (change.field, change.kind, change.old) == (name, "changed", d.original(name))
    assert d.errors == {}
    check_contract(d)


def test_text_equal_to_the_original_is_no_change() -> None:
    d = draft()
    d.set_text("datetime", d.text("datetime"))  # prefill has seconds; nothing may be lost
    d.set_text("money", "1200.50")  # same amount, other spelling
    d.set_text("text", "Acme")
    assert not d.is_dirty


def test_typing_back_the_original_reverts() -> None:
    d = draft()
    d.set_text("integer", "6")
    d.set_text("integer", "5")
    assert not d.is_dirty


def test_unparsable_text_is_kept_with_its_error_and_not_sent() -> None:
    d = draft()
    d.set_text("integer", "12x")
    d.set_text("text", "Globex")
    assert d.is_dirty
    assert d.errors == {"integer": ["'12x' is not a number"]}
    assert d.text("integer") == "12x"
    assert d.value("integer") == 5
    assert d.to_patch() == [{"name": "text", "value": "Globex"}]
    assert d.sent_order == ["text"]
    assert d.changes == [Change("text", "Text", "changed", "Acme", "Globex")]
    d.set_text("integer", "13")
    assert d.errors == {}
    assert {"name": "integer", "value": 13} in d.to_patch()


def test_local_validation_errors() -> None:
    d = draft()
    d.set_text("text", "x" * 300)
    d.set_value("email", "nope")
    d.set_value("rating", 9)
    assert d.errors == {"text": ["At most 255 characters (300 given)"],
                        "email": ["'nope' is not an email address"],
                        "rating": ["Must be a rating from 1 to 5"]}


def test_required_field_cannot_be_cleared() -> None:
    d = RecordDraft(record(), [field("text", is_required=True)])
    d.set_text("text", "  ")
    assert d.errors == {"text": ["This field is required"]}
    assert d.to_patch() == [{"name": "text", "value": None}]


def test_set_value_coerces_and_clears() -> None:
    d = draft()
    d.set_value("relationship", U2)
    d.set_value("money", 99.9)
    d.set_value("date", "2026-01-02")
    d.set_value("checkbox", False)
    d.set_value("team_selector", None)
    assert d.value("relationship") == Ref(U2)
    assert d.value("money") == Decimal("99.9")
    assert d.value("date") == date(2026, 1, 2)
    assert d.to_patch() == [
        {"name": "money", "value": 99.9}, {"name": "date", "value": "2026-01-02"},
        {"name": "checkbox", "value": False}, {"name": "relationship", "value": {"id": U2}},
        {"name": "team_selector", "value": None}]
    check_contract(d)


def test_patch_order_follows_field_order_not_edit_order() -> None:
    d = draft()
    d.set_text("timezone", "UTC")
    d.set_text("text", "B")
    assert d.sent_order == ["text", "timezone"]


def test_read_only_and_unknown_fields_refuse_edits() -> None:
    d = draft()
    for name in ("locked", "files", "unknown"):
        with pytest.raises(ValueError, match="cannot be edited"):
            d.set_text(name, "x")
    with pytest.raises(KeyError):
        d.set_value("nope", 1)
    with pytest.raises(ValueError, match="single value"):
        d.add_item("text", "x")


# -- multi-value fields ----------------------------------------------------------------------

def test_add_and_remove_items_make_one_entry() -> None:
    d = draft()
    d.add_item("checkboxes", "opt-b")
    d.remove_item("checkboxes", "opt-a")
    assert d.to_patch() == [{"name": "checkboxes", "add_values": [{"id": "opt-b"}],
                             "remove_values": [{"id": "opt-a"}]}]
    assert d.value("checkboxes") == ["opt-b"]
    assert [c.kind for c in d.changes] == ["added", "removed"]
    assert d.changes[0] == Change("checkboxes", "Checkboxes", "added", None, ["opt-b"])
    check_contract(d)


@pytest.mark.parametrize(
    "steps",
    [
        [("add", "opt-b"), ("remove", "opt-b")],  # add then remove cancels out
        [("remove", "opt-a"), ("add", "opt-a")],  # remove then add cancels out
        [("add", "opt-a")],  # already there
        [("remove", "opt-b")],  # not there
    ],
)
def test_item_changes_that_cancel_out(steps: list[tuple[str, str]]) -> None:
    d = draft()
    for op, item in steps:
        (d.add_item if op == "add" else d.remove_item)("checkboxes", item)
    assert not d.is_dirty
    assert d.to_patch() == []


def test_setting_a_whole_list_sends_only_the_difference() -> None:
    d = draft()
    d.set_text("checkboxes", "B, Red, dark")
    assert d.to_patch() == [{"name": "checkboxes",
                             "add_values": [{"id": "opt-b"}, {"id": "opt-red-dark"}],
                             "remove_values": [{"id": "opt-a"}]}]
    d.set_value("relationship_many", [U2, U3])
    assert d.to_patch()[-1] == {"name": "relationship_many", "add_values": [{"id": U3}],
                                "remove_values": [{"id": U1}]}
    d.set_value("checkboxes", ["opt-a"])
    assert d.sent_order == ["relationship_many"]


def test_dynamic_tags_known_by_name_new_by_name() -> None:
    d = draft()
    d.add_item("dynamictags", "vip")  # already on the record, known by name: no change
    d.add_item("dynamictags", "Prospect")
    d.remove_item("dynamictags", {"id": U1, "name": "VIP"})
    assert d.to_patch() == [{"name": "dynamictags", "add_values": [{"name": "Prospect"}],
                             "remove_values": [{"id": U1}]}]
    check_contract(d)


def test_summarised_relationship_takes_items_only() -> None:
    d = draft()
    assert d.is_summarized("contacts") and d.summary_count("contacts") == 250
    d.add_item("contacts", U1)
    d.remove_item("contacts", Ref(U2, "Someone"))  # not in our (empty) view, still sent
    assert d.to_patch() == [{"name": "contacts", "add_values": [{"id": U1}],
                             "remove_values": [{"id": U2}]}]
    with pytest.raises(ValueError, match="too many values"):
        d.set_value("contacts", [U3])
    d.set_text("contacts", U3)
    assert "too many values" in d.errors["contacts"][0]
    assert d.text("contacts") == U3


def test_invalid_added_item_is_reported() -> None:
    d = draft()
    d.add_item("checkboxes", "opt-zzz")
    assert d.errors == {"checkboxes": ["'opt-zzz' is not one of: A, B, Red, dark"]}


def test_revert() -> None:
    d = draft()
    d.set_text("text", "B")
    d.add_item("checkboxes", "opt-b")
    d.revert("text")
    assert d.sent_order == ["checkboxes"]
    d.revert_all()
    assert not d.is_dirty


# -- errors from the server ------------------------------------------------------------------

def test_map_positional_errors() -> None:
    d = draft()
    d.set_text("text", "Dup")
    d.set_text("money", "5")
    d.add_item("dynamictags", "Prospect")
    assert d.sent_order == ["text", "money", "dynamictags"]
    body = d.to_patch()
    check_contract(d)
    mapped = d.map_errors(
        [{"value": ["Record with this name already exists."]}, {},
         {"add_values": {"0": [{"message": "Tag limit", "code": "limit_exceeded"}]}},
         {"value": ["orphan"]}],
        ["Something went wrong", "\x1b[31mred"],
    )
    assert len(body) == 3
    assert mapped.fields == {"text": ["Record with this name already exists."],
                             "dynamictags": ["Adding Prospect: Tag limit"]}
    assert mapped.banner == ["Something went wrong", "␛[31mred", "orphan"]
    fields_map, banner = mapped  # also unpacks as a plain pair
    assert d.errors == fields_map
    assert banner is mapped.banner
    d.set_text("text", "Unique")  # editing a field clears its server error
    assert "text" not in d.errors and "dynamictags" in d.errors


def test_item_errors_name_the_item_by_label() -> None:
    d = draft()
    d.add_item("checkboxes", "opt-b")
    d.remove_item("checkboxes", "opt-a")
    mapped = d.map_errors([{"add_values": {"0": ["nope"]}, "remove_values": {"7": ["gone"]}}])
    assert mapped.fields == {"checkboxes": ["Adding B: nope", "Removing 7: gone"]}


def test_map_errors_with_explicit_order_and_dict_form() -> None:
    d = draft()
    mapped = d.map_errors([{"value": [{"message": "bad", "code": "invalid"}]}], [],
                          sent_order=["email"])
    assert mapped.fields == {"email": ["bad"]}
    mapped = d.map_errors({"f-integer": ["too big"], "money": "neg", "mystery": ["?"]})
    assert mapped.fields == {"integer": ["too big"], "money": ["neg"]}
    assert mapped.banner == ["mystery: ?"]


def test_error_envelope_shape_is_the_contract_one() -> None:
    envelope: dict[str, Any] = {"non_field_errors": ["x"],
                "fields": [{"value": ["bad"], "add_values": [], "remove_values": []}]}
    validate(envelope, "ErrorResponse")
    d = draft()
    d.set_text("text", "B")
    assert d.map_errors(envelope["fields"], envelope["non_field_errors"]).fields == {
        "text": ["bad"]}


# -- autosave --------------------------------------------------------------------------------

def _edited() -> RecordDraft:
    d = draft()
    d.set_text("text", "Globex [VIP]")
    d.set_text("integer", "12x")
    d.set_text("money", "1,500.25")
    d.set_text("datetime", "2026-03-06 08:00")
    d.set_value("relationship", Ref(U2, "Globex"))
    d.add_item("checkboxes", "opt-b")
    d.remove_item("relationship_many", U1)
    d.add_item("dynamictags", "Prospect")
    d.add_item("contacts", U3)
    return d


def test_autosave_round_trip() -> None:
    d = _edited()
    saved = json.loads(json.dumps(d.to_dict()))
    back = RecordDraft.from_dict(saved, FIELDS, tz=CHICAGO, clock=lambda: NOW)
    assert back.record_id == RID and back.object_type == "deals"
    assert back.to_patch() == d.to_patch()
    assert back.errors == d.errors == {"integer": ["'12x' is not a number"]}
    assert back.text("integer") == "12x"
    assert back.diff_lines() == d.diff_lines()
    assert back.value("relationship").label == "Globex"
    assert back.original("money") == Decimal("1200.5")
    assert back.is_summarized("contacts")
    assert back.conflicts(record()) == []


def test_autosave_drops_fields_that_are_gone_or_locked() -> None:
    d = draft()
    d.set_text("text", "B")
    d.set_text("email", "x@y.zz")
    saved = d.to_dict()
    fields = [field("text", is_read_only=True), field("integer")]
    back = RecordDraft.from_dict(saved, fields)
    assert sorted(back.dropped_fields) == ["email", "text"]
    assert not back.is_dirty


# -- concurrent changes ----------------------------------------------------------------------

def test_conflicts_only_for_edited_fields_changed_elsewhere() -> None:
    d = draft()
    d.set_text("money", "1500")
    d.set_text("text", "Globex")
    d.set_text("integer", "7")
    fresh = record({"money": {"amount": 1300}, "text": "Globex", "longtext": "theirs",
                    "integer": 5})
    assert d.conflicts(fresh) == [
        Conflict("money", "Money", Decimal("1200.5"), Decimal("1300"), Decimal("1500"))]


def test_conflict_on_multi_value_shows_the_merged_result() -> None:
    d = draft()
    d.add_item("checkboxes", "opt-b")
    fresh = record({"checkboxes": [{"id": "opt-a"}, {"id": "opt-red-dark"}]})
    [conflict] = d.conflicts(fresh)
    assert conflict.theirs == ["opt-a", "opt-red-dark"]
    assert conflict.mine == ["opt-a", "opt-red-dark", "opt-b"]
    already = record({"checkboxes": [{"id": "opt-a"}, {"id": "opt-b"}]})
    assert d.conflicts(already) == []  # they made the same change


def test_conflict_on_cleared_field_and_on_bad_text() -> None:
    d = draft()
    d.set_text("integer", "oops")
    d.set_text("text", "Mine")
    conflicts = d.conflicts(record({"integer": None, "text": "Theirs"}))
    assert [(c.field, c.theirs, c.mine) for c in conflicts] == [
        ("text", "Theirs", "Mine"), ("integer", None, "oops")]


def test_rebase_keeps_mine_or_takes_theirs() -> None:
    d = draft()
    d.set_text("money", "1500")
    d.set_text("text", "Mine")
    d.add_item("checkboxes", "opt-b")
    d.remove_item("checkboxes", "opt-a")
    fresh = record({"money": {"amount": 1300}, "text": "Theirs",
                    "checkboxes": [{"id": "opt-b"}]}, rid=RID)
    d.rebase(fresh, {"money": "mine", "text": "theirs"})
    assert d.original("money") == Decimal("1300")
    assert d.to_patch() == [{"name": "money", "value": 1500}]  # item changes already done
    assert d.conflicts(fresh) == []


def test_rebase_drops_edits_equal_to_the_new_server_value() -> None:
    d = draft()
    d.set_text("text", "Same")
    d.rebase(record({"text": "Same"}))
    assert not d.is_dirty
    with pytest.raises(ValueError, match="'mine' or 'theirs'"):
        d.rebase(record(), {"text": "both"})  # type: ignore[dict-item]


# -- review ----------------------------------------------------------------------------------

def test_diff_lines() -> None:
    d = _edited()
    assert d.diff_lines() == [
        "Text: Acme → Globex [VIP]",
        "Integer: '12x' not sent: '12x' is not a number",
        "Money: $1,200.50 → $1,500.25",
        "Datetime: 2026-03-05 09:30 → 2026-03-06 08:00",
        "Checkboxes: + B",
        "Dynamictags: + Prospect",
        "Relationship: Acme Inc → Globex",
        "Relationship_Many: − One",
        "Contacts: + " + U3,
    ]


def test_diff_lines_are_terminal_safe() -> None:
    d = draft()
    d.set_text("longtext", "line1\nline2 \x1b]52;c;aGk=\x07")
    d.set_value("text", None)
    assert d.diff_lines() == ["Text: Acme → (empty)",
                              "Longtext: notes → line1⏎line2 ␛]52;c;aGk=␇"]


# -- new records -----------------------------------------------------------------------------

def test_new_record_draft() -> None:
    fields = [field("text", is_required=True), field("checkboxes"), field("integer",
                                                                          is_required=True)]
    d = RecordDraft.new(fields, object_type="deals")
    assert d.is_new
    assert d.errors == {"text": ["This field is required"],
                        "integer": ["This field is required"]}
    d.set_text("text", "Acme")
    d.add_item("checkboxes", "opt-a")
    d.add_item("checkboxes", "opt-b")
    d.remove_item("checkboxes", "opt-a")
    d.set_text("integer", "3")
    assert d.errors == {}
    assert d.to_patch() == [{"name": "text", "value": "Acme"},
                            {"name": "checkboxes", "value": [{"id": "opt-b"}]},
                            {"name": "integer", "value": 3}]
    validate({"fields": d.to_patch()}, "EntityRecordAddRequest")
