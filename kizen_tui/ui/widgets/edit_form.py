"""The edit form: one editor per field, grouped by category, kept in step with a `RecordDraft`.

The form applies what editors report to the draft (the draft is pure domain state, owned by
the edit screen and handed down) and redraws the editor with what the draft now says: pending
highlight, errors, chips. It posts `Changed` after each edit (the screen autosaves) and
`PickRequested` when a relationship or team picker needs a search (the screen fetches).

Every editor is made up front, but only about a screenful is mounted with the form: the rest
follow after the first paint, a batch per message, so a wide object's form shows (and takes
keys) at once. They are kept hidden until the last batch is in: the form is laid out once for
them, not once per batch. `complete_now()` mounts what is left at once, for whatever needs
every editor on screen (saving: errors are focused wherever they are).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import AwaitMount, Widget
from textual.widgets import Static

from kizen_tui.api.models import FieldDef
from kizen_tui.domain.drafts import RecordDraft
from kizen_tui.domain.fields import FieldParseError, Ref
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.widgets.chips import ChipsEditor
from kizen_tui.ui.widgets.editors import ChipItem, FieldEditor, FieldState, editor_for


def lock_reason(field: FieldDef, *, record_editable: bool = True, writable: bool = True) -> str:
    """Why a field cannot be edited, or "" when it can.

    Args:
        field: the field definition.
        record_editable: False when the record's access does not allow editing.
        writable: False when the codec cannot write this type (files, unknown types).
    """
    if not record_editable:
        return "you may not edit this record (record access)"
    if field.is_hidden:
        return "hidden field: shown for reference, not editable"
    if field.is_read_only:
        return "read-only field"
    if field.access is not None and field.access.edit is False:
        return "no permission to edit this field"
    if not writable:
        if field.field_type == "files":
            return "files cannot be uploaded from here"
        return f"{safe_text(field.field_type, single_line=True)} fields cannot be edited here"
    return ""


#: Lines of editors mounted with the form beyond the screen's height (the first page-down).
FIRST_EXTRA_ROWS = 12
#: Lines of editors mounted per batch after the first paint.
BATCH_ROWS = 30


def take_rows(items: list[Widget], rows: int) -> int:
    """How many of `items` (headings and editors) fill about `rows` lines (at least one)."""
    used = 0
    for index, item in enumerate(items):
        if used >= rows:
            return index
        used += item.rows if isinstance(item, FieldEditor) else 2  # a heading and its gap
    return len(items)


class EditForm(VerticalScroll):
    """Every field of an object as an editor, bound to a draft."""

    # The gutter is kept for the scroll bar: it appearing once the first editors are in would
    # narrow every editor and lay the form out a second time.
    DEFAULT_CSS = """
    EditForm { height: 1fr; scrollbar-gutter: stable; }
    EditForm .form--category { text-style: bold; color: $accent; padding: 1 1 0 1; }
    """
    BINDINGS = [Binding("tab", "tab(1)", "Next field", show=False),
                Binding("shift+tab", "tab(-1)", "Previous field", show=False)]

    class Changed(Message):
        """The draft changed (the screen autosaves and refreshes its summary)."""

        def __init__(self, form: EditForm, name: str) -> None:
            super().__init__()
            self.form = form
            self.name = name

        @property
        def control(self) -> EditForm:
            """The form."""
            return self.form

    class PickRequested(Message):
        """A relationship or team field wants a picker (the screen searches)."""

        def __init__(self, form: EditForm, field: FieldDef, multi: bool) -> None:
            super().__init__()
            self.form = form
            self.field = field
            self.multi = multi

        @property
        def control(self) -> EditForm:
            """The form."""
            return self.form

    def __init__(self, draft: RecordDraft, *, locks: dict[str, str],
                 categories: dict[str, str] | None = None,
                 required: Collection[str] | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft = draft
        """The draft edited (replace it with `use_draft`)."""
        self.locks = locks
        """Why each locked field cannot be edited."""
        self.required = required
        """The fields labelled `*` when not as their definitions say (upsert)."""
        self.categories = categories or {}
        self.show_all_errors = False
        """Show errors of fields not touched yet (set after the first save attempt)."""
        self._touched: set[str] = set()
        self._item_errors: dict[str, str] = {}
        self._items = self._build()
        self._editors = [item for item in self._items if isinstance(item, FieldEditor)]
        self._pending: list[Widget] = []
        self._hidden: list[Widget] = []
        self._mounts: list[AwaitMount] = []
        self.complete = False
        """Every editor is mounted and shown."""

    def _build(self) -> list[Widget]:
        """Category headings and editors, in field order within each category."""
        items: list[Widget] = []
        for heading, fields in self._groups():
            if heading:
                items.append(Static(Text(safe_text(heading, single_line=True)),
                                    classes="form--category", markup=False))
            for field in fields:
                name = field.name
                items.append(editor_for(field, self.draft.codec(name),
                                        text=self.draft.text(name), value=self.draft.value(name),
                                        reason=self.locks.get(name, ""),
                                        required=self._required(name)))
        return items

    def _required(self, name: str) -> bool | None:
        return None if self.required is None else name in self.required

    def compose(self) -> ComposeResult:
        """About a screenful of editors, and at least the first one that can be edited (it
        gets the focus); the rest are mounted after the first paint."""
        count = take_rows(self._items, self.app.size.height + FIRST_EXTRA_ROWS)
        editable = next((i for i, item in enumerate(self._items)
                         if isinstance(item, FieldEditor) and not item.reason), 0)
        count = max(count, editable + 1)
        self._pending = self._items[count:]
        yield from self._items[:count]

    def _groups(self) -> list[tuple[str, list[FieldDef]]]:
        order = list(self.categories)
        groups: dict[str, list[FieldDef]] = {}
        for field in self.draft.fields:
            key = field.category if field.category in self.categories else ""
            groups.setdefault(key, []).append(field)
        keys = [k for k in order if k in groups] + ([""] if "" in groups else [])
        if len(keys) == 1:
            return [("", groups[keys[0]])]
        return [(self.categories.get(k, "Other"), groups[k]) for k in keys]

    def on_mount(self) -> None:
        """Show the draft's state (a restored draft has pending changes already)."""
        self.refresh_states()
        self._next_batch()

    # -- mounting the editors below the first screenful -------------------------------------------

    def _next_batch(self) -> None:
        if not self._pending:
            self._show_rest()
            return
        # After the paint, then as a message of its own: keys and other screens' paints are
        # not held up by the mounting (the after-refresh callbacks run one after the other).
        self.call_after_refresh(self.call_later, self._mount_batch)

    async def _mount_batch(self) -> None:
        count = take_rows(self._pending, BATCH_ROWS)
        batch, self._pending = self._pending[:count], self._pending[count:]
        if batch:
            with self.app.batch_update():  # one layout refresh for the batch
                await self._mount(batch)
        self._next_batch()

    def _mount(self, batch: list[Widget]) -> AwaitMount:
        # Hidden by the style, not by a class: changing a class restyles the widget and all of
        # its children, about as costly as mounting them.
        for item in batch:
            item.display = False
        self._hidden += batch
        mounting = self.mount_all(batch)
        self._mounts.append(mounting)
        return mounting

    def _show_rest(self) -> None:
        if not self.complete:
            with self.app.batch_update():
                for item in self._hidden:
                    item.display = True
            self.complete = True

    async def action_tab(self, step: int) -> None:
        """Tab / shift+tab: the next or previous field.

        Leaving the mounted editors while the rest are still on their way mounts them first, so
        the cursor goes on down the form instead of jumping past it (or back to the top).
        """
        screen = self.screen
        move = screen.focus_next if step > 0 else screen.focus_previous
        if not self.complete and self._leaving_mounted(step):
            await self.complete_now()
            # The focus order follows where widgets are on screen: the new editors have no
            # place until the next layout.
            self.call_after_refresh(move)
            return
        move()

    def _leaving_mounted(self, step: int) -> bool:
        chain = self.screen.focus_chain
        focused = self.screen.focused
        if focused is None or focused not in chain:
            return True
        neighbour = chain[(chain.index(focused) + step) % len(chain)]
        return self not in neighbour.ancestors

    async def complete_now(self) -> None:
        """Mount every editor not mounted yet, wait until all are, and show them."""
        if self._pending:
            batch, self._pending = self._pending, []
            self._mount(batch)
        for mounting in list(self._mounts):
            await mounting
        self._show_rest()

    # -- reading the draft ----------------------------------------------------------------------

    def editors(self) -> list[FieldEditor]:
        """Every editor, in order (mounted or not yet)."""
        return self._editors

    def editor(self, name: str) -> FieldEditor | None:
        """The editor of a field (by api name)."""
        return next((e for e in self.editors() if e.field.name == name), None)

    def state_for(self, name: str) -> FieldState:
        """What the editor of `name` should show, from the draft."""
        draft, codec = self.draft, self.draft.codec(name)
        errors = list(draft.errors.get(name, [])) if (
            self.show_all_errors or name in self._touched) else []
        if name in self._item_errors:
            errors.insert(0, self._item_errors[name])
        changed = name in draft.pending_fields
        if codec.is_multi:
            items = tuple(ChipItem(item, codec.display_value([item]) or str(item), status)
                          for item, status in draft.item_states(name))
            count = draft.summary_count(name)
            summary = "" if not draft.is_summarized(name) else (
                f"{count:,} more, not listed" if count is not None else "more, not listed")
            return FieldState(changed, tuple(errors), items=items, summary=summary)
        return FieldState(changed, tuple(errors), note=self._note(name) if changed else "")

    def _note(self, name: str) -> str:
        draft, codec = self.draft, self.draft.codec(name)
        value = draft.value(name)
        understood = codec.format(value)
        parts = []
        if understood and draft.text(name).strip() != understood.strip():
            parts.append(f"→ {codec.display_value(value)}")
        if not draft.is_new:
            parts.append(f"was: {codec.display_value(draft.server_value(name)) or '(empty)'}")
        return " · ".join(parts)

    def refresh_states(self) -> None:
        """Redraw every editor's state."""
        for editor in self.editors():
            editor.show_state(self.state_for(editor.field.name))

    def reload(self) -> None:
        """Put the draft's values back into the controls (after a restore, rebase or revert)."""
        for editor in self.editors():
            name = editor.field.name
            editor.load(self.draft.text(name), self.draft.value(name))
        self.refresh_states()

    def first_error(self) -> str | None:
        """The first field (in form order) with an error shown."""
        return next((e.field.name for e in self.editors()
                     if self.state_for(e.field.name).errors), None)

    def focus_field(self, name: str) -> None:
        """Scroll to a field and focus its control."""
        editor = self.editor(name)
        if editor is not None:
            self.scroll_to_widget(editor)
            editor.focus_control()

    def focused_field(self) -> str | None:
        """The field whose editor holds the focus."""
        focused = self.screen.focused
        while focused is not None and not isinstance(focused, FieldEditor):
            focused = focused.parent  # type: ignore[assignment]
        return focused.field.name if isinstance(focused, FieldEditor) else None

    # -- changing the draft ---------------------------------------------------------------------

    @on(FieldEditor.Edited)
    def _edited(self, event: FieldEditor.Edited) -> None:
        event.stop()
        self.apply(event.editor.field.name, event.op, event.payload)

    def apply(self, name: str, op: str, payload: Any) -> None:
        """Apply one edit to the draft and redraw its editor."""
        draft = self.draft
        before = self._fingerprint(name)
        self._item_errors.pop(name, None)
        try:
            if op == "text":
                draft.set_text(name, payload)
            elif op == "value":
                draft.set_value(name, payload)
            elif op == "add_text":
                draft.add_item(name, draft.codec(name).parse_item(payload))
            elif op == "add":
                draft.add_item(name, payload)
            elif op == "remove":
                draft.remove_item(name, payload)
        except (FieldParseError, ValueError, KeyError) as error:
            self._item_errors[name] = str(error)
        self._touched.add(name)
        self._redraw(name)
        if self._fingerprint(name) != before:  # controls also report values they were given
            self.post_message(self.Changed(self, name))

    def _fingerprint(self, name: str) -> tuple[Any, ...]:
        draft = self.draft
        items = tuple(draft.item_states(name)) if draft.codec(name).is_multi else ()
        return (name in draft.pending_fields, draft.text(name), items,
                self._item_errors.get(name))

    def _redraw(self, name: str) -> None:
        editor = self.editor(name)
        if editor is not None:
            editor.show_state(self.state_for(name))

    def revert(self, name: str) -> None:
        """Drop a field's pending change and show its original value again."""
        self.draft.revert(name)
        self._item_errors.pop(name, None)
        editor = self.editor(name)
        if editor is not None:
            editor.load(self.draft.text(name), self.draft.value(name))
        self._redraw(name)
        self.post_message(self.Changed(self, name))

    @on(FieldEditor.PickRequested)
    def _pick(self, event: FieldEditor.PickRequested) -> None:
        event.stop()
        self.post_message(self.PickRequested(self, event.editor.field, event.multi))

    def apply_pick(self, name: str, refs: list[Ref]) -> None:
        """Use what a picker returned: the value of a single field, items of a multi one."""
        editor = self.editor(name)
        if self.draft.codec(name).is_multi:
            for ref in refs:
                self.apply(name, "add", ref)
        elif refs:
            self.apply(name, "value", refs[0])
            if editor is not None:
                editor.load(self.draft.text(name), self.draft.value(name))

    def set_tag_suggestions(self, name: str, tags: list[Ref]) -> None:
        """Known tags of a dynamic tags field: names parse to ids and complete in the box."""
        codec = self.draft.codec(name)
        learn = getattr(codec, "learn", None)
        if learn is not None:
            learn(tags)
        editor = self.editor(name)
        if isinstance(editor, ChipsEditor):
            editor.set_suggestions([t.label for t in tags if t.label])
