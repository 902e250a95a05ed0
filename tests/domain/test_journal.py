"""The write journal: entries built from drafts, line round trips, corrupt lines, revert bodies,
the undo stack and staleness checks; plus the draft helpers the editor relies on."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kizen_tui.api.models import Record
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import Ref
from kizen_tui.domain.journal import (
    JournalChange,
    JournalEntry,
    JournalFormatError,
    NotRevertible,
    changes_between,
    changes_from_draft,
    diff_lines,
    last_revertible,
    new_entry,
    revert_lines,
    revert_plan,
    stale_changes,
)
from tests.domain.test_drafts import FIELDS, RID, draft, record
from tests.domain.test_fields import U1, U2, U3


def edited() -> RecordDraft:
    d = draft()
    d.set_text("text", "Acme 2")
    d.set_text("dropdown", "blue")
    d.set_text("integer", "")
    d.add_item("dynamictags", "Lead")
    d.remove_item("dynamictags", Ref(U1))
    d.add_item("relationship_many", Ref(U3, "Three"))
    return d


def after_record(d: RecordDraft, **extra: Any) -> Record:
    """The record a PATCH with return_all_fields would return after `d` was sent."""
    values: dict[str, Any] = {"text": "Acme 2", "dropdown": {"id": "opt-blue", "name": "Blue"},
                              "integer": None, "dynamictags": [{"id": U2, "name": "Lead"}],
                              "relationship_many": [{"id": U1}, {"id": U2}, {"id": U3}], **extra}
    return record(values)


def test_changes_from_draft_store_wire_values_and_texts() -> None:
    d = edited()
    changes = {c.field: c for c in changes_from_draft(d, after_record(d))}
    assert changes["text"] == JournalChange("text", "Text", "set", "Acme", "Acme 2",
                                            before_text="Acme", after_text="Acme 2")
    assert changes["dropdown"].before == {"id": "opt-red"}
    assert changes["dropdown"].after == {"id": "opt-blue"}
    assert changes["integer"].before == 5 and changes["integer"].after is None
    tags = changes["dynamictags"]
    assert tags.kind == "items"
    # a tag created by name is recorded by the id the server gave it, to remove it on revert
    assert tags.added == [{"id": U2}] and tags.removed == [{"id": U1}]
    assert changes["relationship_many"].added == [{"id": U3}]
    assert list(changes) == d.sent_order


def test_entry_line_round_trip_has_no_line_breaks() -> None:
    d = edited()
    entry = new_entry(profile="demo", object="deals", record=after_record(d), action="patch",
                      changes=changes_from_draft(d, after_record(d)), request_id="req-1")
    line = entry.to_line()
    assert "\n" not in line and json.loads(line)["version"] == 1
    assert JournalEntry.from_line(line) == entry
    assert entry.record_id == RID and entry.when is not None


@pytest.mark.parametrize("line", [
    "", "not json", "[]", '{"id": "x"}',
    '{"id":"a","time":"t","profile":"p","object":"o","record_id":"r","action":"delete"}',
    '{"id":"a","time":"t","profile":"p","object":"o","record_id":"r","action":"patch",'
    '"changes":[{"kind":"set"}]}',
    '{"id":"a","time":"t","profile":"p","object":"o","record_id":"r","action":"patch",'
    '"changes":"x"}',
])
def test_corrupt_lines_raise_a_format_error(line: str) -> None:
    with pytest.raises(JournalFormatError):
        JournalEntry.from_line(line)


def entry(action: str, result: str | None = None, changes: tuple[JournalChange, ...] = (),
          **kwargs: Any) -> JournalEntry:
    return new_entry(profile=kwargs.pop("profile", "demo"), object="companies", record=None,
                     record_id=kwargs.pop("record_id", RID),
                     record_label=kwargs.pop("record_label", "Acme"),
                     action=action, result=result, changes=changes, **kwargs)


def test_revert_plans() -> None:
    d = edited()
    patch = entry("patch", changes=tuple(changes_from_draft(d, after_record(d))))
    plan = revert_plan(patch)
    assert plan.kind == "patch"
    by_name = {f["name"]: f for f in plan.fields}
    assert by_name["text"] == {"name": "text", "value": "Acme"}
    assert by_name["integer"] == {"name": "integer", "value": 5}
    assert by_name["dynamictags"] == {"name": "dynamictags", "add_values": [{"id": U1}],
                                      "remove_values": [{"id": U2}]}
    assert by_name["relationship_many"] == {"name": "relationship_many",
                                            "remove_values": [{"id": U3}]}
    assert revert_plan(entry("archive")).kind == "unarchive"
    assert revert_plan(entry("unarchive")).kind == "archive"
    assert revert_plan(entry("add", "created")).kind == "archive"
    assert revert_plan(entry("add", "unarchived")).kind == "archive"
    assert revert_plan(entry("upsert", "created")).kind == "archive"
    with pytest.raises(NotRevertible):
        revert_plan(entry("upsert", "updated"))  # previous values unknown: nothing to restore
    upsert = entry("upsert", "updated", (JournalChange("text", "Text", before="A", after="B"),))
    assert revert_plan(upsert).fields == [{"name": "text", "value": "A"}]


def test_undo_walks_back_through_unreverted_writes_of_the_profile() -> None:
    first, second = entry("patch"), entry("archive")
    other = entry("patch", profile="prod")
    revert_second = entry("unarchive", reverts=second.id)
    assert last_revertible([first, second, other], "demo") is second
    assert last_revertible([first, second, other, revert_second], "demo") is first
    assert last_revertible([other], "demo") is None
    assert last_revertible([first, entry("patch", reverts=first.id)], "demo") is None


def test_diff_and_revert_lines_are_terminal_safe() -> None:
    change = JournalChange("name", "Na\x1b[31mme", before="[b]old[/b]", after="new",
                           before_text="[b]old[/b]", after_text="new\x07")
    e = entry("patch", changes=(change,), record_label="\x1b]0;x\x07Acme")
    assert diff_lines(e) == ["Na␛[31mme: [b]old[/b] → new␇"]  # controls shown as symbols
    assert all("\x1b" not in line and "\x07" not in line
               for line in diff_lines(e) + revert_lines(e) + [e.title])
    assert revert_lines(e)[0].endswith("→ [b]old[/b]")
    assert "Archive" in revert_lines(entry("add", "created"))[0]


def test_stale_changes_detect_edits_made_after_the_write() -> None:
    d = edited()
    after = after_record(d)
    e = entry("patch", changes=tuple(changes_from_draft(d, after)))
    assert stale_changes(e, after, FIELDS) == []
    moved = after_record(d, text="Someone else", dynamictags=[])
    assert stale_changes(e, moved, FIELDS) == ["Text", "Dynamictags"]


def test_changes_between_two_reads() -> None:
    before, after = record(), record({"text": "B", "integer": 9})
    changes = changes_between(FIELDS, ["text", "integer", "nope"], before, after)
    assert [(c.field, c.before, c.after) for c in changes] == [("text", "Acme", "B"),
                                                              ("integer", 5, 9)]
    created = changes_between(FIELDS, ["text"], None, after)
    assert created[0].before is None and created[0].after == "B"


def test_item_states_show_pending_additions_and_removals() -> None:
    d = draft()
    assert d.item_states("relationship_many") == [(Ref(U1), "kept"), (Ref(U2), "kept")]
    d.remove_item("relationship_many", Ref(U1))
    d.add_item("relationship_many", Ref(U3))
    assert d.item_states("relationship_many") == [(Ref(U1), "removed"), (Ref(U2), "kept"),
                                                  (Ref(U3), "added")]
    d.add_item("contacts", Ref(U3))  # summarised: only pending items are listed
    assert d.item_states("contacts") == [(Ref(U3), "added")]
    with pytest.raises(ValueError):
        d.item_states("text")
    fresh = RecordDraft.new(FIELDS)
    fresh.add_item("checkboxes", "opt-a")
    assert fresh.item_states("checkboxes") == [("opt-a", "added")]


def test_rebase_on_a_partial_read_keeps_other_originals() -> None:
    d = draft()
    d.set_text("text", "Mine")
    partial = Record.model_validate({"id": RID, "fields": {"f-text": {
        "id": "f-text", "name": "text", "value": "Theirs"}}})
    assert [c.field for c in d.conflicts(partial)] == ["text"]
    d.rebase(partial, {"text": "mine"}, only=["text"])
    assert d.original("text") == "Theirs" and d.value("text") == "Mine"
    assert d.original("integer") == 5  # not read again, so not blanked
    assert d.to_patch() == [{"name": "text", "value": "Mine"}]
