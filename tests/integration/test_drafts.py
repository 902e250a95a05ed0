"""Editing through the domain's RecordDraft: what a person types is what the server keeps.

For every editable field of the four objects, the text one record shows for the field (the
codec's edit text) is typed into a draft of another record; the draft's PATCH goes through the
real client, and the record read back must show the same text. Server errors for a bad value
map back onto the field that caused them.
"""

from __future__ import annotations

from datetime import UTC

import pytest

from kizen_tui.api import KizenClient, ValidationFailed
from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.sandbox import seed
from kizen_tui.sandbox.catalog import business
from tests.integration.helpers import all_records, fields_of

OBJECTS = ["companies", "client_client", "deals", "projects"]
# files are read-only in kizen-tui (no upload); test_files_are_not_editable checks that
EDITABLE = [(obj, fd.name) for obj in OBJECTS for fd in business()[obj].visible_fields
            if fd.writable and fd.field_type != "files"]


def _usable(record: Record, field: FieldDef) -> bool:
    entry = record.field(field.name)
    if entry is None or entry.is_summarized or not record.access.edit:
        return False
    value = entry.value
    return not (isinstance(value, dict) and value.get("deleted"))  # no former employees


def _draft(record: Record, fields: list[FieldDef]) -> RecordDraft:
    return RecordDraft(record, fields, tz=UTC)


@pytest.mark.parametrize(("obj", "name"), EDITABLE, ids=[f"{o}.{n}" for o, n in EDITABLE])
async def test_typed_text_round_trips(asgi_api: KizenClient, obj: str, name: str) -> None:
    fields = await fields_of(asgi_api, obj)
    field = next(f for f in fields if f.name == name)
    rows = await all_records(asgi_api, obj, field_names=[name])
    source = next(r for r in rows if _usable(r, field))
    text = _draft(source, fields).text(name)
    if name == business()[obj].identifier:  # unique: type a new one in the same shape
        text = f"copy.{text}" if "@" in text else f"{text} (copy)"
    target = next(r for r in rows if r.access.edit and r.id != source.id
                  and _draft(r, fields).text(name) != text)
    draft = _draft(target, fields)
    draft.set_text(name, text)
    assert draft.errors == {} and draft.is_dirty, (text, draft.errors)
    await asgi_api.update_record(obj, target.id, draft.to_patch())
    fresh = await asgi_api.get_record(obj, target.id, include_hidden_fields=True)
    assert _draft(fresh, fields).text(name) == text
    assert _draft(fresh, fields).conflicts(fresh) == []


async def test_files_are_not_editable(asgi_api: KizenClient) -> None:
    for obj in OBJECTS:
        fields = await fields_of(asgi_api, obj)
        draft = RecordDraft.new(fields)
        for field in fields:
            if field.field_type == "files":
                assert not draft.codec(field.name).is_editable


async def test_server_errors_map_back_onto_the_draft(asgi_api: KizenClient) -> None:
    fields = await fields_of(asgi_api, "companies")
    record = await asgi_api.get_record("companies", seed.ACME_RECORD_ID)
    draft = _draft(record, fields)
    draft.set_text("name", seed.EMOJI_NAME)  # taken by another company
    draft.set_text("employee_count", "12")
    assert draft.errors == {}
    with pytest.raises(ValidationFailed) as caught:
        await asgi_api.update_record("companies", record.id, draft.to_patch())
    mapped = draft.map_errors(caught.value.field_errors, caught.value.non_field_errors)
    assert set(mapped.fields) == {"name"} and "already exists" in mapped.fields["name"][0]
    assert "name" in draft.errors and "employee_count" not in draft.errors
