"""Archive (`d`) and undo (`u` / the journal): writes that need only a confirmation.

Both ask first, naming the record and showing exactly what will happen; both append to the
journal when they succeed and tell the screens showing that object (`record_changed` /
`record_removed`), so the grid and the detail update without a refetch of everything.

Undo reverts the newest write of this profile that has not been reverted yet: a PATCH restoring
the previous values, an unarchive for an archive, an archive for a create. If the server has
changed those fields since that write, the confirmation says so and the button says "Revert
anyway": nothing is overwritten silently.
"""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from kizen_tui.api import KizenClient, KizenError, NotFound
from kizen_tui.api.models import Record
from kizen_tui.domain.journal import (
    JournalEntry,
    NotRevertible,
    inverse_changes,
    last_revertible,
    revert_lines,
    revert_plan,
    stale_changes,
)
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.journal_store import JournalStore, journal_write
from kizen_tui.ui.screens.confirm import ConfirmScreen
from kizen_tui.ui.screens.type_confirm import (
    TypeToConfirm,
    confirmation_phrase,
    needs_typed_confirmation,
)


def tell_screens(app: KizenApp, object_name: str, *, changed: Record | None = None,
                 removed: str | None = None) -> None:
    """Call the record hooks of the topmost screen that shows `object_name` and this record
    (a record screen of another record is skipped); it passes the news on to those below."""
    from kizen_tui.ui.screens.record import RecordScreen
    from kizen_tui.ui.screens.record_actions import RecordActions

    record_id = changed.id if changed is not None else removed
    for screen in reversed(app.screen_stack):
        if not isinstance(screen, RecordActions):
            continue
        schema = screen.current_schema()
        if schema is None or schema.object.name != object_name:
            continue
        if isinstance(screen, RecordScreen) and screen.record_id != record_id:
            continue
        if changed is not None:
            screen.record_changed(changed)
        elif removed is not None:
            screen.record_removed(removed)
        return


async def archive(app: KizenApp, record: Record, schema: ObjectSchema) -> bool:
    """Ask, then archive `record`; True when it was archived."""
    label = safe_text(record.label, single_line=True, max_len=80)
    entity = safe_text(schema.object.entity_name or schema.object.label, single_line=True)
    shown_id = safe_text(record.id, single_line=True)
    body = Text(f"{entity} “{label}” (id {shown_id}) will be archived: it disappears from "
                "searches and lookups, and its data is kept.\n\nUndo with u, or from the "
                "journal (J).")
    ok = await app.push_screen_wait(ConfirmScreen(f"Archive {label}?", body, confirm="Archive",
                                                  variant="error", id="confirm-archive"))
    if not ok or not await production_guard(app, f"Archive {label} in production?",
                                            record.label, record.id):
        return False
    client = app.client
    try:
        await client.archive_record(schema.object.name, record.id)
    except KizenError as error:
        app.notify(f"Not archived: {error}", severity="error", markup=False)
        return False
    journal_write(app, method="DELETE", path_part=record.id, object=schema.object.name,
                  record=record, action="archive")
    app.notify(f"Archived {label} (u to undo)", markup=False)
    tell_screens(app, schema.object.name, removed=record.id)
    return True


async def production_guard(app: KizenApp, title: str, name: str | None,
                           fallback: str) -> bool:
    """On a production profile, ask the user to type the record's name; True to go on.

    Elsewhere it always says yes (the ordinary confirmation was already given).
    """
    if not needs_typed_confirmation(app):
        return True
    ask = TypeToConfirm(title=title, phrase=confirmation_phrase(name, fallback),
                        action_label="Confirm", what="the record's name",
                        explanation="This profile is marked production.")
    confirmed: bool = await app.push_screen_wait(ask)
    return confirmed


async def undo_last(app: KizenApp) -> None:
    """Revert the newest write of this profile that was not reverted yet."""
    read = JournalStore.default().read()
    if read.problem:
        app.notify(read.problem, severity="warning", markup=False)
    entry = last_revertible(read.entries, app.profile)
    if entry is None:
        app.notify("Nothing to undo: the journal has no write of this profile to revert.",
                   markup=False)
        return
    await revert(app, entry)


async def revert(app: KizenApp, entry: JournalEntry) -> bool:
    """Show what reverting `entry` does (and whether it would overwrite newer changes), then
    do it; True when it was reverted."""
    try:
        plan = revert_plan(entry)
    except NotRevertible as error:
        app.notify(f"Cannot undo {entry.title}: {error}", severity="warning", markup=False)
        return False
    client = app.client
    body = Text("\n".join(revert_lines(entry)))
    confirm = "Revert"
    if plan.kind == "patch":
        try:
            stale = await _stale(app, entry)
        except KizenError as error:
            app.notify(f"Cannot undo: {error}", severity="error", markup=False)
            return False
        if stale:
            confirm = "Revert anyway"
            body.append(f"\n\nChanged on the server since this write: {', '.join(stale)}. "
                        "Reverting overwrites those newer values.", style="bold red")
        body.append(safe_text(f"\n\nPATCH /api/records/{entry.object}/{entry.record_id}\n"),
                    style="bold")
        body.append(safe_text(json.dumps({"fields": plan.fields}, indent=2, ensure_ascii=False)))
    title = f"Undo: {entry.title}"
    if not await app.push_screen_wait(ConfirmScreen(title, body, confirm=confirm,
                                                    variant="warning", id="confirm-undo")):
        return False
    if not await production_guard(app, f"{title} in production?", entry.record_label,
                                  entry.record_id):
        return False
    try:
        await _apply(app, client, entry, plan.kind, plan.fields)
    except KizenError as error:
        app.notify(f"Not reverted: {error}", severity="error", markup=False)
        return False
    app.notify(f"Reverted: {entry.title}", markup=False)
    return True


async def _stale(app: KizenApp, entry: JournalEntry) -> list[str]:
    schema = await app.require_schema().schema(entry.object)
    try:
        current = await app.client.get_record(
            entry.object, entry.record_id, field_names=[c.field for c in entry.changes])
    except NotFound as error:
        raise NotFound("the record no longer exists or was archived", status=404,
                       method=error.method, path=error.path,
                       request_id=error.request_id) from None
    return stale_changes(entry, current, schema.fields)


async def _apply(app: KizenApp, client: KizenClient, entry: JournalEntry, kind: str,
                 fields: list[dict[str, Any]]) -> None:
    obj, rid = entry.object, entry.record_id
    common = {"object": obj, "reverts": entry.id}
    if kind == "patch":
        record = await client.update_record(obj, rid, fields, return_all_fields=True)
        journal_write(app, method="PATCH", path_part=rid, record=record, action="patch",
                      changes=inverse_changes(entry), **common)
        tell_screens(app, obj, changed=record)
    elif kind == "unarchive":
        restored = await client.unarchive_record(obj, rid)
        journal_write(app, method="PATCH", path_part=f"{rid}/unarchive", record=restored,
                      record_id=rid, record_label=entry.record_label, action="unarchive",
                      **common)
        if restored is not None:
            tell_screens(app, obj, changed=restored)
    else:
        await client.archive_record(obj, rid)
        journal_write(app, method="DELETE", path_part=rid, record=None, record_id=rid,
                      record_label=entry.record_label, action="archive", **common)
        tell_screens(app, obj, removed=rid)
