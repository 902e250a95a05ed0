"""Screen-share masking: the pure function, and the grid and detail pane using it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.masking import (
    EMAIL_MASK,
    FULL_MASK,
    PHONE_MASK,
    MaskPolicy,
    mask_display,
    mask_text,
)
from kizen_tui.ui.widgets.field_table import FieldTable
from kizen_tui.ui.widgets.record_grid import GridColumn, cell_text

ON = MaskPolicy(enabled=True)


@pytest.mark.parametrize(("text", "expected"), [
    ("call +1 312-555-0100 now", f"call {PHONE_MASK} now"),
    ("(312) 555-0100", PHONE_MASK),
    ("312.555.0100", PHONE_MASK),
    ("+44 20 7946 0958", PHONE_MASK),
    ("+13125550100", PHONE_MASK),
    ("mail jo.o'brien+x@exämple.co.uk ok", f"mail {EMAIL_MASK} ok"),
    ("a@b.io, c@d.io", f"{EMAIL_MASK}, {EMAIL_MASK}"),
])
def test_contact_details_in_text_are_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", [
    "2026-03-05", "2026-03-05 15:00", "1,200.50", "12345678", "12:30:45", "v 1.2.3.4.5",
    "$1,234,567,890", "id 550e8400-e29b-41d4-a716-446655440000", "Acme Corporation", "",
    "[VIP] O'Brien [/]", "␛[31mred␛[0m Industries",
])
def test_other_text_is_left_alone(text: str) -> None:
    assert mask_text(text) == text


def field(kind: str, name: str = "f") -> FieldDef:
    return FieldDef(id=f"id-{name}", name=name, field_type=kind)


def test_policy_masks_contact_types_and_chosen_fields_whole() -> None:
    policy = ON.with_field("notes")
    assert mask_display("jo@example.com", field("email"), policy) == FULL_MASK
    assert mask_display("+1 312 555 0100", field("phonenumber"), policy) == FULL_MASK
    assert mask_display("anything", field("text", "notes"), policy) == FULL_MASK
    assert mask_display("anything", field("text", "other"), policy) == "anything"
    assert mask_display("2026-03-05", field("date"), policy) == "2026-03-05"
    assert mask_display("3125550100", field("integer"), policy) == "3125550100"
    assert mask_display("ring 312 555 0100", field("relationship"), policy) == f"ring {PHONE_MASK}"
    assert mask_display("jo@x.io", None, policy) == EMAIL_MASK
    assert policy.with_field("notes").fields == frozenset()


def test_disabled_or_absent_policy_changes_nothing() -> None:
    for policy in (None, MaskPolicy(), ON.toggled()):
        assert mask_display("jo@example.com", field("email"), policy) == "jo@example.com"


@settings(max_examples=200, derandomize=True)
@given(local=st.from_regex(r"[a-z0-9._+]{1,12}", fullmatch=True),
       host=st.from_regex(r"[a-z0-9]{1,10}\.(com|io|co\.uk)", fullmatch=True),
       before=st.text(st.sampled_from("ab ,;(\n"), max_size=5),
       after=st.text(st.sampled_from("ab ,;)\n"), max_size=5))
def test_no_email_survives_masking_in_any_surrounding(local: str, host: str, before: str,
                                                      after: str) -> None:
    email = f"{local}@{host}"
    assert email not in mask_text(f"{before}{email}{after}")


@settings(max_examples=200, derandomize=True)
@given(digits=st.lists(st.integers(0, 9), min_size=10, max_size=11),
       sep=st.sampled_from(["", " ", "-", "."]), plus=st.booleans())
def test_no_phone_number_survives_masking(digits: list[int], sep: str, plus: bool) -> None:
    raw = "".join(map(str, digits))
    groups = [raw[:3], raw[3:6], raw[6:]]
    phone = ("+" if plus else "") + sep.join(groups)
    assert raw not in "".join(ch for ch in mask_text(f"tel {phone}.") if ch.isdigit())


def record(**values: Any) -> Record:
    return Record.model_validate({"id": "r1", "display_name": values.pop("label", "Jo"), "fields": {
        f"id-{k}": {"id": f"id-{k}", "name": k, "field_type": t, "value": v}
        for k, (t, v) in values.items()}})


def test_grid_cells_and_field_table_cells_use_the_policy() -> None:
    rec = record(label="jo@example.com", email=("email", "jo@example.com"),
                 phone=("phonenumber", "+13125550100"), notes=("text", "fine"))
    cols = [GridColumn("label", "Name"), GridColumn("email", "Email", field("email", "email")),
            GridColumn("notes", "Notes", field("text", "notes"))]
    cells = [cell_text(rec, c.field, ON.with_field("notes")).plain for c in cols]
    assert cells == [EMAIL_MASK, FULL_MASK, FULL_MASK]
    assert [cell_text(rec, c.field).plain for c in cols] == ["jo@example.com", "jo@example.com",
                                                             "fine"]
    from kizen_tui.ui.widgets.field_table import FieldRow
    row = FieldRow(field("phonenumber", "phone"), rec.field("phone"))
    assert FieldTable._cells(row, api_names=False, mask=ON)[2].plain == FULL_MASK
