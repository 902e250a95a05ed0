"""Saving an edit screen's draft: review, concurrent-change check, one request, error mapping.

Edit (PATCH): local errors stop the save; the review shows the diff and the exact body; just
before sending, the edited fields are read again and any changed on the server since the form
opened are resolved (original / theirs / mine) before a fresh review; then ONE PATCH with only
the changed fields and `return_all_fields=true` goes out. A 400/403 is mapped back onto the
editors (positional envelope) with the rest in the banner; any failure keeps the draft.

Create (add) and upsert: the same review; when an archived record holds the name (or email) the
sandbox answers 400 with `archived_record`, and the user chooses to restore it, overwrite it or
cancel; renaming onto an archived record's name in a PATCH offers `archived_conflict: overwrite`
explicitly. Nothing is overwritten by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from kizen_tui.api import (
    ApiStatusError,
    ConnectionFailed,
    KizenError,
    NotFound,
    RateLimited,
    ReadOnlyError,
    ServerError,
    Unauthorized,
    ValidationFailed,
)
from kizen_tui.api.models import Record
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.full_update import put_fields
from kizen_tui.domain.journal import changes_between, changes_from_draft
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.journal_store import journal_write
from kizen_tui.ui.screens.confirm import Choice, ChoiceScreen
from kizen_tui.ui.screens.edit_conflict import ConflictScreen
from kizen_tui.ui.screens.edit_review import ReviewScreen

if TYPE_CHECKING:
    from kizen_tui.ui.screens.edit import EditScreen

KEPT = "Your changes are kept (and autosaved); fix and press ctrl+s to try again."


async def run_save(screen: EditScreen) -> None:
    """The save flow of the screen's mode."""
    draft, form = screen.draft, screen.form
    if draft is None or form is None:
        return
    await form.complete_now()  # errors are shown and focused on every editor
    screen.show_banner([])  # a new attempt: old messages no longer apply
    form.show_all_errors = True
    form.refresh_states()
    screen.update_summary()
    if draft.errors:
        count = len(draft.errors)
        screen.show_banner([f"Fix {count} field{'s' if count != 1 else ''} before saving "
                            "(marked in red)."])
        if first := form.first_error():
            form.focus_field(first)
        return
    if screen.mode == "edit":
        await _save_edit(screen, draft)
    elif screen.mode == "create":
        await _save_create(screen, draft)
    else:
        await _save_upsert(screen, draft)


# -- edit ------------------------------------------------------------------------------------


async def _save_edit(screen: EditScreen, draft: RecordDraft) -> None:
    if not draft.is_dirty:
        screen.notify("Nothing to save: no field was changed.", markup=False)
        return
    client, obj = screen.app.client, screen.object_name
    put = screen.full_update  # PUT: the changes plus every required field (domain.full_update)
    archived_conflict: str | None = None
    note = ""
    while True:
        fields, sent_order = _edit_fields(draft, put)
        body: dict[str, Any] = {"fields": fields}
        if archived_conflict:
            body["archived_conflict"] = archived_conflict
        line = (f"PUT /api/records/{obj}/{draft.record_id}" if put else
                f"PATCH /api/records/{obj}/{draft.record_id}?return_all_fields=true")
        if not await _review(screen, draft, line, body, note):
            return
        reread = await _reread(screen, draft)
        if reread is None:
            return
        merged = reread or _edit_fields(draft, put)[0] != body["fields"]
        if screen.form is not None and merged:
            screen.form.reload()
        elif screen.form is not None:
            screen.form.refresh_states()  # the rebase may have moved an original ("was: …")
        if merged:  # what goes out is not what was reviewed, or choices were just made
            if not draft.is_dirty:
                screen.finish(None)
                screen.notify("Nothing to send: the server already has these values.",
                              markup=False)
                return
            note = ("Merged with the changes made on the server (your choices): this is the "
                    "request now." if reread else
                    "The record changed on the server: this is the updated request.")
            continue
        try:
            if put:
                record = await client.replace_record(obj, draft.record_id, fields,
                                                     archived_conflict=archived_conflict)
            else:
                record = await client.update_record(obj, draft.record_id, fields,
                                                    archived_conflict=archived_conflict,
                                                    return_all_fields=True)
        except ValidationFailed as error:
            if archived_conflict is None and _archived_name(error) and await _ask_overwrite(
                    screen, draft):
                archived_conflict, note = "overwrite", "Overwriting the archived record's name."
                continue
            _show_errors(screen, draft, error, sent_order)
            return
        except KizenError as error:
            _fail(screen, draft, error, sent_order)
            return
        _saved_edit(screen, draft, record, put)
        return


def _edit_fields(draft: RecordDraft, put: bool) -> tuple[list[dict[str, Any]], list[str]]:
    """The `fields` of the request and the field of each entry (for positional errors)."""
    return put_fields(draft) if put else (draft.to_patch(), list(draft.sent_order))


async def _review(screen: EditScreen, draft: RecordDraft, line: str, body: dict[str, Any],
                  note: str) -> bool:
    title = f"Review: {screen.record_label}"
    review = ReviewScreen(title, draft.diff_lines(), line, body, note=note)
    answer: bool = await screen.app.push_screen_wait(review)
    return answer


async def _reread(screen: EditScreen, draft: RecordDraft) -> bool | None:
    """Read the edited fields again; resolve concurrent changes; rebase onto what was read.

    Returns None when the save stops (read failed, choice cancelled), else whether concurrent
    changes were resolved (the merged request then goes back to the review).
    """
    names = list(draft.pending_fields)
    try:
        fresh = await screen.app.client.get_record(screen.object_name, draft.record_id,
                                                   field_names=names)
    except KizenError as error:
        _fail(screen, draft, error, [])
        return None
    conflicts = draft.conflicts(fresh)
    keep = {}
    if conflicts:
        answer = await screen.app.push_screen_wait(ConflictScreen(draft, conflicts))
        if answer is None:
            screen.show_banner(["Not saved: fields changed on the server since you opened the "
                                "form. Save again to choose whose values to keep."], kind="info")
            return None
        keep = answer
    draft.rebase(fresh, keep, only=names)
    return bool(conflicts)


def _saved_edit(screen: EditScreen, draft: RecordDraft, record: Record, put: bool) -> None:
    changes = changes_from_draft(draft, record)
    journal_write(screen.app, method="PUT" if put else "PATCH", path_part=draft.record_id,
                  object=screen.object_name, record=record, action="put" if put else "patch",
                  changes=changes)
    count = len(changes)
    screen.notify(f"Saved {count} field{'s' if count != 1 else ''} of "
                  f"{safe_text(record.label, single_line=True)} (u to undo)", markup=False)
    screen.finish(record)


def _archived_name(error: ValidationFailed) -> bool:
    """True when the 400 says an archived record already holds the new name or email."""
    texts = [m for entry in error.field_errors for ms in entry.values() for m in ms]
    texts += list(error.non_field_errors)
    return any("archived" in text.casefold() for text in texts)


async def _ask_overwrite(screen: EditScreen, draft: RecordDraft) -> bool:
    body = Text("An archived record already has this name. Overwriting renames the archived "
                "record out of the way and gives the name to this one.")
    answer = await screen.app.push_screen_wait(ChoiceScreen(
        "Name held by an archived record", body,
        [Choice("overwrite", "Overwrite (archived_conflict: overwrite)", "warning"),
         Choice("cancel", "Cancel")], focus="cancel", id="archived-overwrite"))
    return answer == "overwrite"


# -- create and upsert -------------------------------------------------------------------------


async def _archived_retry(screen: EditScreen, draft: RecordDraft, error: ValidationFailed,
                          sent_order: list[str], mode: str | None, declined: str) -> str | None:
    """A 400 on create/upsert: the unarchive mode to retry with, or None to stop.

    When an archived record holds the name (and no mode was chosen yet) the user picks restore,
    overwrite or cancel (`declined` is shown on cancel); any other 400 lands on the editors.
    """
    archived = _archived_record(error)
    if archived and mode is None:
        chosen = await _ask_archived(screen, archived)
        if chosen is None:
            screen.show_banner([declined], kind="info")
        return chosen
    _show_errors(screen, draft, error, sent_order)
    return None


async def _save_create(screen: EditScreen, draft: RecordDraft) -> None:
    client, obj = screen.app.client, screen.object_name
    mode: str | None = None
    note = ""
    while True:
        body: dict[str, Any] = {"fields": draft.to_patch()}
        if mode:
            body["unarchive"] = mode
        if not await _review(screen, draft, f"POST /api/records/{obj}/add", body, note):
            return
        sent_order = list(draft.sent_order)
        try:
            result = await client.add_record(obj, body["fields"], unarchive=mode)
        except ValidationFailed as error:
            mode = await _archived_retry(screen, draft, error, sent_order, mode,
                                         "Not created: an archived record has this name.")
            if mode is None:
                return
            note = _MODE_NOTES[mode]
            continue
        except KizenError as error:
            _fail(screen, draft, error, sent_order)
            return
        action = result.action or "created"
        journal_write(screen.app, method="POST", path_part=f"/{obj}/add", object=obj,
                      record=result, action="add", result=action,
                      changes=changes_from_draft(draft, result))
        screen.notify(f"{action.capitalize()} {safe_text(result.label, single_line=True)} "
                      "(u to undo)", markup=False)
        screen.finish(result)
        return


_MODE_NOTES = {"unarchive": "Restoring the archived record with these values.",
               "overwrite": "Creating a new record; the archived one is renamed."}


def _archived_record(error: ValidationFailed) -> dict[str, Any] | None:
    body = error.body
    found = body.get("archived_record") if isinstance(body, dict) else None
    return found if isinstance(found, dict) else None


async def _ask_archived(screen: EditScreen, archived: dict[str, Any]) -> str | None:
    """Restore the archived record, overwrite it (create anew), or cancel: None."""
    name = safe_text(str(archived.get("display_name") or archived.get("id") or "?"),
                     single_line=True)
    body = Text(f"An archived record already has this name: {name} "
                f"(id {safe_text(str(archived.get('id', '?')), single_line=True)}).\n\n"
                "Restore it (unarchive, with the values you entered), or create a new record "
                "and rename the archived one out of the way (overwrite)?")
    answer = await screen.app.push_screen_wait(ChoiceScreen(
        "Archived record found", body,
        [Choice("unarchive", "Restore it", "primary"),
         Choice("overwrite", "Overwrite", "warning"), Choice("cancel", "Cancel")],
        focus="cancel", id="archived-choice"))
    return answer if answer in ("unarchive", "overwrite") else None


async def _save_upsert(screen: EditScreen, draft: RecordDraft) -> None:
    lookup = screen.query_one("#upsert-lookup").value.strip()  # type: ignore[attr-defined]
    if not lookup:
        screen.show_banner(["Enter the name (or email) to match."])
        screen.query_one("#upsert-lookup").focus()
        return
    client, obj = screen.app.client, screen.object_name
    mode: str | None = None
    note = ""
    while True:
        fields = draft.to_patch()
        body: dict[str, Any] = {"lookup_value": lookup}
        if fields:
            body["fields"] = fields
        if mode:
            body["oncreate_unarchive"] = mode
        line = f"POST /api/records/{obj}/upsert?return_all_fields=true"
        if not await _review(screen, draft, line, body, note):
            return
        before = await _match(screen, lookup)
        sent_order = list(draft.sent_order)
        try:
            result = await client.upsert_record(obj, lookup, fields or None,
                                                oncreate_unarchive=mode, return_all_fields=True)
        except ValidationFailed as error:
            mode = await _archived_retry(screen, draft, error, sent_order, mode,
                                         "Nothing written: an archived record has this name.")
            if mode is None:
                return
            note = _MODE_NOTES[mode]
            continue
        except KizenError as error:
            _fail(screen, draft, error, sent_order)
            return
        _saved_upsert(screen, draft, result, before)
        return


async def _match(screen: EditScreen, lookup: str) -> Record | None:
    """The record upsert will update (its name/email matches case-insensitively), read first
    so the journal knows the previous values; None when there is none (or it cannot tell)."""
    key = "email" if screen.schema.object.is_contacts else "name"
    try:
        page = await screen.app.client.search_records(screen.object_name, search=lookup,
                                                      page_size=50)
    except KizenError:
        return None
    wanted = lookup.casefold()
    for record in page.results:
        value = record.value(key)
        if isinstance(value, str) and value.casefold() == wanted:
            try:
                return await screen.app.client.get_record(screen.object_name, record.id)
            except KizenError:
                return None
    return None


def _saved_upsert(screen: EditScreen, draft: RecordDraft, result: Record,
                  before: Record | None) -> None:
    action = getattr(result, "action", None) or "updated"
    names = list(draft.sent_order)
    known = action != "updated" or (before is not None and before.id == result.id)
    changes = changes_between(draft.fields, names, before if action == "updated" else None,
                              result) if known else []
    journal_write(screen.app, method="POST", path_part=f"/{screen.object_name}/upsert",
                  object=screen.object_name, record=result, action="upsert", result=action,
                  changes=changes)
    label = safe_text(result.label, single_line=True)
    screen.notify(f"Upsert: {action} {label} (u to undo)", title=action.capitalize(),
                  markup=False)
    screen.finish(result)


# -- failures ---------------------------------------------------------------------------------


def _show_errors(screen: EditScreen, draft: RecordDraft, error: ApiStatusError,
                 sent_order: list[str]) -> None:
    """Put a 400/403 envelope onto the editors; the rest goes to the banner."""
    body = error.body if isinstance(error.body, dict) else {}
    raw_fields = body.get("fields") if isinstance(body.get("fields"), list) else (
        getattr(error, "field_errors", []))
    non_field = body.get("non_field_errors")
    non_field = non_field if isinstance(non_field, list) else []
    mapped = draft.map_errors(raw_fields, non_field, sent_order=sent_order)
    banner = list(mapped.banner)
    if not banner and not mapped.fields:
        banner = [str(error)]
    count = len(mapped.fields)
    lead = f"Not saved: the server refused {count} field{'s' if count != 1 else ''}" if count \
        else "Not saved"
    if error.request_id:
        lead += f" (request id {error.request_id})"
    screen.show_banner([lead + ".", *banner, KEPT])
    if screen.form is not None:
        screen.form.refresh_states()
        if first := screen.form.first_error():
            screen.form.focus_field(first)
    screen.update_summary()


def _fail(screen: EditScreen, draft: RecordDraft, error: KizenError,
          sent_order: list[str]) -> None:
    """A failure that is not about the values: say what happened; the draft is kept."""
    if isinstance(error, ApiStatusError) and error.status == 403 and isinstance(
            error.body, dict) and isinstance(error.body.get("fields"), list):
        _show_errors(screen, draft, error, sent_order)
        return
    screen.autosave_now()
    screen.show_banner([_failure_text(error), KEPT])
    if isinstance(error, Unauthorized):
        screen.app.handle_unauthorized(error)


def _failure_text(error: KizenError) -> str:
    if isinstance(error, ReadOnlyError):
        return f"Read-only mode: nothing was sent. ({error})"
    if isinstance(error, NotFound):
        return "Not saved: the record no longer exists, was archived, or you may not see it."
    if isinstance(error, RateLimited):
        wait = f" Try again in {error.retry_after:.0f} s." if error.retry_after else ""
        return f"Not saved: Kizen is rate limiting requests.{wait}"
    if isinstance(error, ServerError):
        return f"Not saved: the server failed ({error.status}). {error}"
    if isinstance(error, ConnectionFailed):
        return f"Not saved: could not reach Kizen ({error})."
    if isinstance(error, ApiStatusError) and error.status == 409:
        return "Not saved: the record was being changed at the same time (409). Save again."
    return f"Not saved: {error}"
