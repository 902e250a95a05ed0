"""The edit screen (`e`), also used to create (`n`) and to create-or-update by name (`U`).

It owns the `RecordDraft` (DESIGN.md "State"): it loads the record fresh, offers back an
autosaved draft, builds the form from the object's field definitions, autosaves a moment after
each change, runs the pickers' searches, and hands saving to `edit_save`. It returns the record
the write returned (`dismiss(record)`), so the caller updates its grid without refetching.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Label, LoadingIndicator, Static

from kizen_tui.api import KizenError, NotFound
from kizen_tui.api.models import FieldDef, FieldType, Record
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import Ref
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.drafts_store import NEW_RECORD, DraftStore
from kizen_tui.ui.screens.confirm import Choice, ChoiceScreen
from kizen_tui.ui.screens.edit_search import ref_search
from kizen_tui.ui.widgets.edit_form import EditForm, lock_reason
from kizen_tui.ui.widgets.footer import Footer
from kizen_tui.ui.widgets.keys_in_order import FormInput

Mode = Literal["edit", "create", "upsert"]


class EditScreen(Screen[Record | None]):
    """Edit one record, create one, or upsert one; returns the record written (or None)."""

    DEFAULT_CSS = """
    #edit-banner { padding: 0 1; height: auto; }
    #edit-banner.-error { background: $error 35%; }
    #edit-banner.-info { background: $primary 35%; }
    #edit-summary { padding: 0 1; height: 1; }
    #upsert-row { height: auto; padding: 1 1 0 1; }
    #upsert-label { width: 42; }
    #upsert-lookup { width: 1fr; }
    #edit-loading { height: 3; }
    #edit-body { height: 1fr; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Review & save", id="edit-save",
                tooltip="Review the changes and the exact request, then send it"),
        Binding("f6", "save_full", "Full update", id="edit-save-full", show=False,
                tooltip="Review and send as a full update (PUT): the changes plus every "
                        "required field"),
        Binding("ctrl+r", "revert_field", "Revert field", id="edit-revert",
                tooltip="Drop the pending change of the focused field"),
        Binding("escape", "close", "Close", id="edit-close",
                tooltip="Close: keep the draft for later, discard it, or stay"),
    ]

    AUTOSAVE_DELAY = 1.0
    """Seconds after the last change before the draft is written to disk."""

    app = getters.app(KizenApp)

    class Opened(Message):
        """The form is shown and takes keys (editors below the first screenful may still be
        being mounted: see `EditForm.complete`)."""

    class Autosaved(Message):
        """The draft was written to (or, when clean, removed from) disk."""

    def __init__(self, schema: ObjectSchema, *, record_id: str = "", mode: Mode = "edit"
                 ) -> None:
        super().__init__()
        self.schema = schema
        self.record_id = record_id
        self.mode: Mode = mode
        self.record: Record | None = None
        """The record as read when the form opened (edit mode)."""
        self.draft: RecordDraft | None = None
        self.form: EditForm | None = None
        self.store = DraftStore.default()
        self.done = False
        """Saved or discarded: nothing more to autosave."""
        self.full_update = False
        """The save in progress is sent as a full update (PUT, `f6`) instead of a PATCH."""
        self.team: list[Ref] | None = None
        """Team members seen on records of this object (for team pickers), once fetched."""
        self._timer: Timer | None = None
        self._summary: tuple[int, int] | None = None

    @property
    def object_name(self) -> str:
        """The object's api name."""
        return self.schema.object.name

    @property
    def draft_key(self) -> str:
        """The record id the autosaved draft is filed under ("new" while creating)."""
        return self.record_id if self.mode == "edit" else NEW_RECORD

    @property
    def record_label(self) -> str:
        """The record's name for titles and messages (raw; make it safe to show)."""
        if self.record is not None:
            return self.record.label
        if self.draft is not None and "name" in [f.name for f in self.draft.fields]:
            return self.draft.text("name") or "new record"
        return "new record"

    def compose(self) -> ComposeResult:
        """Header, banner, (upsert: the name to match), summary, the form, footer."""
        yield Header()
        yield Static("", id="edit-banner", markup=False)
        if self.mode == "upsert":
            with Horizontal(id="upsert-row"):
                what = "Email" if self.schema.object.is_contacts else "Name"
                yield Label(f"{what} to match (case-insensitive) *", id="upsert-label")
                yield FormInput(placeholder="created when nothing matches",
                                id="upsert-lookup", compact=True)
        yield Static("", id="edit-summary", markup=False)
        yield LoadingIndicator(id="edit-loading")
        yield Vertical(id="edit-body")
        yield Footer()

    def on_mount(self) -> None:
        """Load the record (or start empty) and build the form."""
        entity = self.schema.object.entity_name or self.schema.object.label
        verb = {"edit": "Edit", "create": "New", "upsert": "Create or update"}[self.mode]
        self.title = f"{verb} {entity}"
        self.query_one("#edit-banner").display = False
        self.open_form()

    # -- opening ------------------------------------------------------------------------------

    @work(group="edit-open", exclusive=True, exit_on_error=False)
    async def open_form(self) -> None:
        """Read the record fresh, offer back an autosaved draft, then show the form."""
        try:
            draft = await self._initial_draft()
        except NotFound:
            self.show_banner(["This record does not exist any more, was archived, or you may "
                              "not see it."])
            self.query_one("#edit-loading").display = False
            return
        except KizenError as error:
            self.show_banner([f"Could not open the record: {error}"])
            self.query_one("#edit-loading").display = False
            return
        if draft is None:
            self.dismiss(None)
            return
        await self._show_form(draft)

    async def _initial_draft(self) -> RecordDraft | None:
        fields = self.schema.fields
        if self.mode == "edit":
            self.record = await self.app.client.get_record(
                self.object_name, self.record_id, include_hidden_fields=True)
            fresh = RecordDraft(self.record, fields)
        else:
            if self.mode == "upsert":  # an update need not repeat required fields
                fields = [f.model_copy(update={"is_required": False}) for f in fields]
            fresh = RecordDraft.new(fields, object_type=self.object_name)
        if self.mode == "upsert":
            return fresh
        return await self._offer_saved(fresh)

    async def _offer_saved(self, fresh: RecordDraft) -> RecordDraft | None:
        saved = self.store.load(self.app.profile, self.object_name, self.draft_key)
        for problem in self.store.problems:
            self.notify(problem, severity="warning", markup=False)
        if saved is None:
            return fresh
        restored = RecordDraft.from_dict(saved.draft, fresh.fields)
        if not restored.is_dirty:  # nothing left worth offering
            self.store.discard(self.app.profile, self.object_name, self.draft_key)
            return fresh
        body = Text(f"Unsaved changes to {safe_text(self.record_label, single_line=True)} "
                    f"from {saved.saved_text}:\n\n")
        body.append("\n".join(restored.diff_lines()))
        answer = await self.app.push_screen_wait(ChoiceScreen(
            "Restore unsaved changes?", body,
            [Choice("restore", "Restore them", "primary"),
             Choice("discard", "Discard them", "error"), Choice("cancel", "Cancel")],
            focus="restore", id="restore-draft"))
        if answer == "discard":
            self.store.discard(self.app.profile, self.object_name, self.draft_key)
            return fresh
        if answer != "restore":
            return None
        return self._restored(restored)

    def _restored(self, restored: RecordDraft) -> RecordDraft:
        if restored.dropped_fields:
            self.notify("Not restored (field gone or no longer editable): "
                        + ", ".join(restored.dropped_fields), severity="warning", markup=False)
        if self.record is not None:
            # Fields not edited take today's values; edited ones keep the draft's original so
            # that a change made on the server since is still caught as a conflict on save.
            untouched = [n for n in (f.name for f in restored.fields)
                         if n not in restored.pending_fields]
            restored.rebase(self.record, only=untouched)
            restored.observe(self.record)  # "was: …" says what the server has now
            if restored.conflicts(self.record):
                self.show_banner(["Some fields you changed were also changed on the server "
                                  "since; you will choose which to keep when saving."],
                                 kind="info")
        return restored

    async def _show_form(self, draft: RecordDraft) -> None:
        self.draft = draft
        editable = self.record is None or self.record.access.edit
        locks = {f.name: reason for f in draft.fields
                 if (reason := lock_reason(f, record_editable=editable,
                                           writable=draft.codec(f.name).writable))}
        required = self._upsert_required() if self.mode == "upsert" else None
        self.form = EditForm(draft, locks=locks, categories=self.schema.categories,
                             required=required, id="edit-form")
        await self.query_one("#edit-body").mount(self.form)
        self.query_one("#edit-loading").display = False
        self.update_summary()
        target = self.query("#upsert-lookup") or None
        if target:
            target.first().focus()
        else:
            first = next((e for e in self.form.editors() if not e.reason), None)
            if first is not None:
                first.focus_control()
        self.load_tag_suggestions()
        self.post_message(self.Opened())

    def _upsert_required(self) -> set[str]:
        """The fields an upsert labels `*`: it checks none as required (it may update), but a
        record it creates needs them; the name (email) to match fills that one itself."""
        identifier = "email" if self.schema.object.is_contacts else "name"
        return {f.name for f in self.schema.fields if f.is_required and f.name != identifier}

    # -- state shown --------------------------------------------------------------------------

    def show_banner(self, lines: list[str], *, kind: str = "error") -> None:
        """Messages above the form (server errors, failures); an empty list hides it."""
        banner = self.query_one("#edit-banner", Static)
        banner.set_classes(f"-{kind}")
        banner.update(Text("\n".join(safe_text(line, single_line=True) for line in lines)))
        banner.display = bool(lines)

    def update_summary(self) -> None:
        """"3 changes · 1 problem" and the keys, under the banner."""
        draft, form = self.draft, self.form
        if draft is None or form is None:
            return
        changes = len(draft.pending_fields)
        problems = sum(1 for e in form.editors() if e.state.errors)
        if (changes, problems) == self._summary:
            return  # unchanged: skip a relayout on every keystroke
        self._summary = (changes, problems)
        text = Text(f"{changes} pending change{'s' if changes != 1 else ''}",
                    style="bold yellow" if changes else "dim")
        if problems:
            text.append(f" · {problems} problem{'s' if problems != 1 else ''}", style="bold red")
        text.append("   ctrl+s review & save · ctrl+r revert field · esc close", style="dim")
        self.query_one("#edit-summary", Static).update(text)

    @on(EditForm.Changed)
    def _changed(self, event: EditForm.Changed) -> None:
        self.update_summary()
        self.schedule_autosave()

    # -- autosave -----------------------------------------------------------------------------

    def schedule_autosave(self) -> None:
        """Write the draft a moment after the last change (restarting the wait each time)."""
        if self.mode == "upsert":
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.AUTOSAVE_DELAY, self.autosave_now)

    def autosave_now(self) -> None:
        """Write the draft to disk now (or remove the file when nothing is pending)."""
        draft = self.draft
        if draft is None or self.done or self.mode == "upsert":
            return
        profile = self.app.profile
        try:
            if draft.is_dirty:
                self.store.save(profile, self.object_name, self.draft_key, self.record_label,
                                draft.to_dict())
            else:
                self.store.discard(profile, self.object_name, self.draft_key)
        except OSError as error:
            self.notify(f"Could not autosave the draft: {error}", severity="warning",
                        markup=False)
            return
        self.post_message(self.Autosaved())

    def on_unmount(self) -> None:
        """Leaving without saving (or the app closing) keeps what was typed."""
        if self._timer is not None:
            self._timer.stop()
        self.autosave_now()

    def finish(self, record: Record | None, *, discard: bool = True) -> None:
        """Close the screen after a save (the draft file goes) or a discard."""
        if discard and self.mode != "upsert":
            self.store.discard(self.app.profile, self.object_name, self.draft_key)
        self.done = True
        self.dismiss(record)

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving is disabled (greyed) in read-only mode and until the form is ready."""
        if action == "save":
            return None if self.app.read_only or self.draft is None else True
        return True

    def action_save(self) -> None:
        """Review, check for concurrent changes, send."""
        self.full_update = False
        self.save()

    def action_save_full(self) -> None:
        """As `action_save`, sent as a full update (PUT) of an existing record."""
        if self.mode != "edit":
            self.notify("A full update (PUT) replaces an existing record: save it first.",
                        markup=False)
            return
        self.full_update = True
        self.save()

    @work(group="save", exclusive=True, exit_on_error=False)
    async def save(self) -> None:
        """The save flow of this mode (see `edit_save`)."""
        from kizen_tui.ui.screens.edit_save import run_save

        await run_save(self)

    def action_revert_field(self) -> None:
        """Drop the focused field's pending change."""
        if self.form is None:
            return
        name = self.form.focused_field()
        if name is not None and self.draft is not None and name in self.draft.pending_fields:
            self.form.revert(name)

    def action_close(self) -> None:
        """Close; with pending changes ask whether to keep the draft, discard it, or stay."""
        draft = self.draft
        if draft is None or not draft.is_dirty:
            self.finish(None, discard=False)
            return
        choices = [Choice("discard", "Discard changes", "error"), Choice("stay", "Keep editing")]
        if self.mode != "upsert":
            choices.insert(0, Choice("keep", "Keep draft for later", "primary"))
        body = Text("\n".join(draft.diff_lines()))

        def answered(choice: str | None) -> None:
            if choice == "keep":
                self.autosave_now()
                self.finish(None, discard=False)
            elif choice == "discard":
                self.finish(None)

        self.app.push_screen(ChoiceScreen("Close with unsaved changes?", body, choices,
                                          focus="stay", id="close-edit"), answered)

    # -- pickers and suggestions --------------------------------------------------------------

    @on(EditForm.PickRequested)
    def _pick_requested(self, event: EditForm.PickRequested) -> None:
        self.pick(event.field, event.multi)

    @work(group="pick", exclusive=True, exit_on_error=False)
    async def pick(self, field: FieldDef, multi: bool) -> None:
        """Open a searching picker for a relationship or team field and apply the choice."""
        from kizen_tui.ui.screens.relation_picker import RefPicker

        if self.draft is None or self.form is None:
            return
        exclude = ([item for item, status in self.draft.item_states(field.name)
                    if status != "removed"] if multi else [])
        title = f"Choose {safe_text(field.label, single_line=True)}"
        refs = await self.app.push_screen_wait(
            RefPicker(title, ref_search(self, field), multi=multi, exclude=exclude))
        if refs:
            self.form.apply_pick(field.name, refs)

    @work(group="tags", exit_on_error=False)
    async def load_tag_suggestions(self) -> None:
        """Known tags of dynamic tag fields (names then parse to ids; the box completes)."""
        if self.form is None:
            return
        for field in self.schema.fields:
            if field.field_type != FieldType.DYNAMICTAGS or field.name in self.form.locks:
                continue
            try:
                page = await self.app.client.list_tags(self.schema.object, field.id,
                                                       page_size=200)
            except KizenError:
                continue  # suggestions are a convenience: typing a name still works
            self.form.set_tag_suggestions(field.name, [Ref(t.id, t.name) for t in page.results])
