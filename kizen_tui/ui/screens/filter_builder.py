"""The filter builder: conditions and groups edited one at a time, with a live count.

Left: the tree (`Match ALL of`, conditions, one level of inner `ANY of` groups). Right: the
highlighted condition's field (fuzzy picker), operator (only those valid for the field's type)
and value (an editor for the type). Below: the one-line form of the whole filter and how many
records match it (a debounced search with page_size=1). Apply returns the `Group`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from kizen_tui.api import KizenError
from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filter_model import NO_VALUE_OPS
from kizen_tui.domain.filter_tree import op_phrase
from kizen_tui.domain.filters import (
    Condition,
    FilterError,
    Group,
    TagMap,
    compile_filter,
)
from kizen_tui.domain.query import format_query
from kizen_tui.domain.text import safe_text
from kizen_tui.schema import ObjectSchema
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.pager import GridQuery
from kizen_tui.ui.screens import filter_builder_model as tree
from kizen_tui.ui.screens.filter_condition_editor import ConditionEditor
from kizen_tui.ui.screens.filter_value_editor import ValueEditor

#: Seconds of editing pause before the live count is asked for.
COUNT_DEBOUNCE = 0.3


class BuilderRows(OptionList):
    """The tree of conditions; letter keys edit it."""

    BINDINGS = [
        Binding("a", "screen.add_condition", "Add condition"),
        Binding("g", "screen.add_group", "Add group"),
        Binding("m", "screen.toggle_mode", "All/any"),
        Binding("delete,x", "screen.remove", "Remove"),
    ]


class FilterBuilder(ModalScreen[Group | None]):
    """Build a filter; dismisses with the (unnormalized) Group, or None on cancel."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
    ]

    app = getters.app(KizenApp)

    def __init__(self, schema: ObjectSchema, group: Group, tags: TagMap,
                 query: GridQuery) -> None:
        super().__init__()
        self.schema = schema
        self.group = tree.copy_group(group)
        if not self.group.items:
            self.group.items.append(tree.new_condition())
        self.tags = tags
        self.base_query = query
        self.index = FieldIndex(schema.fields)
        self.rows: list[tree.Row] = []
        self.path: tree.RowPath = (0,) if self.group.items else ()
        self.count: int | None = None
        self._loading = False
        self._count_generation = 0

    def compose(self) -> ComposeResult:
        """Tree and buttons left, condition editor right, query, count and Apply below."""
        with Vertical(classes="dialog", id="filter-builder"):
            yield Label(f"Filter · {safe_text(self.schema.object.label, single_line=True)}",
                        classes="title", markup=False)
            with Horizontal(id="builder-body"):
                with Vertical(id="builder-left"):
                    yield BuilderRows(id="builder-rows")
                    with Horizontal(classes="builder-tools"):
                        yield Button("+ Cond", id="add-condition", compact=True)
                        yield Button("+ Group", id="add-group", compact=True)
                        yield Button("All/Any", id="toggle-mode", compact=True)
                        yield Button("Remove", id="remove", compact=True)
                yield ConditionEditor(self.index, self.tags, id="builder-right")
            yield Static(id="builder-query", markup=False)
            with Horizontal(id="builder-footer"):
                yield Static(id="builder-count", markup=False)
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    async def on_mount(self) -> None:
        """Show the tree and the first condition."""
        await self.refresh_tree(select=self.path)
        self.refresh_count()
        item = self._selected()
        if isinstance(item, Condition) and not item.field:
            self.query_one("#field-search", Input).focus()
        else:
            self.query_one("#builder-rows", BuilderRows).focus()

    # -- the tree -----------------------------------------------------------------------------

    def _label(self, cond: Condition) -> str:
        if not cond.field:
            return "(choose a field)"
        field = self.editor.field_of(cond)
        name = field.name if field is not None else cond.field
        if not cond.op:
            return f"{name} …"
        if cond.op not in NO_VALUE_OPS and cond.value is None:
            kind = self.index.kind(field) if field is not None else None
            return f"{name} {op_phrase(cond.op, kind)} …"
        try:
            return format_query(Group("all", [cond]), self.index, tags=self.tags)
        except FilterError:
            return f"{cond.field} {cond.op} {cond.value!r}"

    async def refresh_tree(self, select: tree.RowPath | None = None) -> None:
        """Redraw the rows, highlight `select` and load it into the editor."""
        self.rows = tree.rows(self.group, self._label)
        rows = self.query_one("#builder-rows", BuilderRows)
        rows.clear_options()
        rows.add_options(Option(_row_text(row)) for row in self.rows)
        paths = [row.path for row in self.rows]
        target = select if select is not None else self.path
        self.path = target if target in paths else paths[-1]
        self._loading = True
        rows.highlighted = paths.index(self.path)
        self._loading = False
        await self.load_editor()
        self.refresh_query()

    async def load_editor(self) -> None:
        """Show the selected condition in the editor (disabled for group rows)."""
        item = self._selected()
        await self.editor.load(item if isinstance(item, Condition) else None)

    def _redraw_row(self) -> None:
        """Relabel the selected row after an edit (no rebuild: keeps focus and highlight)."""
        rows = self.query_one("#builder-rows", BuilderRows)
        for i, row in enumerate(self.rows):
            if row.path == self.path and not row.is_group:
                item = self._selected()
                if isinstance(item, Condition):
                    self.rows[i] = tree.Row(row.path, row.depth, False, self._label(item))
                    rows.replace_option_prompt_at_index(i, _row_text(self.rows[i]))
        self.refresh_query()

    @on(OptionList.OptionHighlighted, "#builder-rows")
    async def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._loading or not 0 <= event.option_index < len(self.rows):
            return
        path = self.rows[event.option_index].path
        if path != self.path:
            self.path = path
            await self.load_editor()

    def _selected(self) -> Condition | Group:
        return tree.item_at(self.group, self.path)

    @property
    def editor(self) -> ConditionEditor:
        """The condition editor."""
        return self.query_one(ConditionEditor)

    @on(ConditionEditor.Edited)
    def _condition_edited(self) -> None:
        self._redraw_row()
        self.refresh_count()

    # -- related records ----------------------------------------------------------------------

    @on(ValueEditor.SearchRelated)
    def _search_related(self, event: ValueEditor.SearchRelated) -> None:
        self.search_related(event.editor, event.object_id, event.text)

    @work(group="builder-related", exclusive=True, exit_on_error=False)
    async def search_related(self, editor: ValueEditor, object_id: str, text: str) -> None:
        """Records of the related object matching `text` (debounced)."""
        await asyncio.sleep(COUNT_DEBOUNCE)
        try:
            page = await self.app.client.search_records(object_id, search=text, page_size=10)
        except KizenError as error:
            self.editor.show_error(f"⚠ Could not search the related records: {error}")
            return
        editor.show_related([(r.id, r.label or r.id) for r in page.results])

    # -- tree edits ---------------------------------------------------------------------------

    async def action_add_condition(self) -> None:
        """Add a condition to the highlighted group (or beside the highlighted condition)."""
        path = tree.add_condition(self.group, self.path)
        await self.refresh_tree(select=path)
        self.query_one("#field-search", Input).focus()

    async def action_add_group(self) -> None:
        """Add an inner group of the other mode (ANY inside ALL, ALL inside ANY)."""
        path = tree.add_group(self.group)
        await self.refresh_tree(select=path)
        self.query_one("#field-search", Input).focus()

    async def action_toggle_mode(self) -> None:
        """Switch the highlighted group (or the group of the condition) between ALL and ANY."""
        tree.toggle_mode(self.group, self.path)
        await self.refresh_tree(select=self.path)
        self.refresh_count()

    async def action_remove(self) -> None:
        """Remove the highlighted condition or group."""
        path = tree.remove(self.group, self.path)
        await self.refresh_tree(select=path)
        self.refresh_count()

    @on(Button.Pressed, "#add-condition")
    async def _add_condition_pressed(self) -> None:
        await self.action_add_condition()

    @on(Button.Pressed, "#add-group")
    async def _add_group_pressed(self) -> None:
        await self.action_add_group()

    @on(Button.Pressed, "#toggle-mode")
    async def _toggle_pressed(self) -> None:
        await self.action_toggle_mode()

    @on(Button.Pressed, "#remove")
    async def _remove_pressed(self) -> None:
        await self.action_remove()

    # -- query, count, apply ------------------------------------------------------------------

    def compiled(self) -> dict[str, Any] | None:
        """The search body of the filled-in conditions (None: no conditions).

        Raises:
            FilterError: a condition is not valid (its path says which).
        """
        group = tree.pruned(self.group)
        if not group.items:
            return None
        return compile_filter(group, self.index, tags=self.tags)

    def refresh_query(self) -> None:
        """Show the one-line form of the filter."""
        group = tree.pruned(self.group)
        try:
            self.compiled()
            text = format_query(group, self.index, tags=self.tags) if group.items else ""
        except FilterError:
            text = tree.preview(group, self._label)
        self.query_one("#builder-query", Static).update(
            Text("query: ", style="dim") + Text(text or "(no conditions: every record)"))

    def refresh_count(self) -> None:
        """Ask (after a pause) how many records match."""
        self.count = None
        self._count_generation += 1
        if tree.incomplete(self.group):
            self._show_count("complete the conditions to count the matches")
            return
        try:
            body = self.compiled()
        except FilterError as error:
            self._show_count(f"⚠ {error}")
            return
        self._show_count("counting…")
        self.count_matches(body, self._count_generation)

    def _show_count(self, text: str) -> None:
        self.query_one("#builder-count", Static).update(Text(text))

    @work(group="builder-count", exclusive=True, exit_on_error=False)
    async def count_matches(self, body: dict[str, Any] | None, generation: int) -> None:
        """One search of page_size=1 with the grid's search and groups; shows `count`."""
        await asyncio.sleep(COUNT_DEBOUNCE)
        if generation != self._count_generation:
            return  # the filter changed since (and is not countable now)
        query = self.base_query
        try:
            page = await self.app.client.search_records(
                query.object_name, search=query.search or None, body=body, page_size=1,
                group_id=query.group_id, in_group_ids=list(query.in_group_ids) or None,
                not_in_group_ids=list(query.not_in_group_ids) or None)
        except KizenError as error:
            self._show_count(f"⚠ could not count: {error}")
            return
        if generation != self._count_generation:
            return
        self.count = page.count
        noun = "record" if page.count == 1 else "records"
        self._show_count(f"{page.count:,} matching {noun}" if page.count is not None
                         else "count unknown")

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        """Return the filter, unless a condition is invalid (then say which)."""
        try:
            self.compiled()
        except FilterError as error:
            self._show_count(f"⚠ {error}")
            self.app.bell()
            return
        self.dismiss(tree.pruned(self.group))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)


def _row_text(row: tree.Row) -> Text:
    indent = "  " * row.depth
    if row.is_group:
        return Text(indent + row.label, style="bold")
    return Text(indent + "• " + safe_text(row.label, single_line=True))
