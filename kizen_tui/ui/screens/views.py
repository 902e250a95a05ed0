"""Saved views: the manage screen (open, rename, delete, export, import) and the save dialog.

A view is stored by `kizen_tui.config` views functions as one JSON file; here it is built from
what the grid shows and compared with what the grid shows (for the `view: Hot deals*` mark).
Kizen group ids ride along as extra keys of the view file (`SavedView` allows extras).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option

from kizen_tui.config import ConfigError, Paths, SavedView
from kizen_tui.config import views as store
from kizen_tui.domain.text import safe_text
from kizen_tui.ui.app import KizenApp
from kizen_tui.ui.pager import GridQuery
from kizen_tui.ui.screens.filter_dialogs import ConfirmDialog, PromptDialog

#: Keys of a view compared to tell whether the grid still shows it.
_COMPARED = ("object", "filter", "search", "ordering", "group_id", "in_group_ids",
             "not_in_group_ids")


def view_from_state(name: str, query: GridQuery, spec: Any, columns: list[str],
                    profile: str | None = None) -> SavedView:
    """A view of what the grid shows now (`spec` is the active filter's spec, or None)."""
    data: dict[str, Any] = {
        "name": name, "object": query.object_name, "filter": spec, "search": query.search,
        "columns": columns, "ordering": query.ordering, "page_size": query.page_size,
        "profile": profile,
    }
    if query.group_id:
        data["group_id"] = query.group_id
    for key in ("in_group_ids", "not_in_group_ids"):
        if getattr(query, key):
            data[key] = list(getattr(query, key))
    return SavedView.model_validate(data)


def view_groups(view: SavedView) -> dict[str, Any]:
    """The Kizen group scoping stored with a view, as GridQuery keywords."""
    extra = view.model_extra or {}
    group = extra.get("group_id")
    return {"group_id": group if isinstance(group, str) and group else None,
            "in_group_ids": _ids(extra.get("in_group_ids")),
            "not_in_group_ids": _ids(extra.get("not_in_group_ids"))}


def _ids(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def view_modified(view: SavedView, current: SavedView) -> bool:
    """Whether the grid (`current`) differs from the saved `view`.

    Columns and page size count only when the view sets them (else they follow the settings).
    """
    saved, now = _comparable(view), _comparable(current)
    if any(saved.get(key) != now.get(key) for key in _COMPARED):
        return True
    if view.columns and view.columns != current.columns:
        return True
    return view.page_size is not None and view.page_size != current.page_size


def _comparable(view: SavedView) -> dict[str, Any]:
    data = view.model_dump(mode="json")
    data["filter"] = json.dumps(data.get("filter") or None, sort_keys=True)
    data["search"] = data.get("search") or ""
    for key in ("in_group_ids", "not_in_group_ids"):
        data[key] = list(data.get(key) or [])
    data["group_id"] = data.get("group_id") or None
    return data


def view_prompt(view: SavedView) -> Text:
    """`Hot deals  deals · filter · search` for lists of views."""
    text = Text(safe_text(view.name, single_line=True), style="bold")
    bits = [view.object]
    if view.filter:
        bits.append("filter")
    if view.search:
        bits.append(f"search {view.search!r}")
    if view.ordering:
        bits.append(f"by {view.ordering}")
    text.append("  " + safe_text(" · ".join(bits), single_line=True), style="dim")
    return text


class SaveViewDialog(ModalScreen[str | None]):
    """Ask for the name to save the view under; says when it replaces a saved view."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, name: str, existing: list[str]) -> None:
        super().__init__()
        self.initial = name
        self.existing = {n.casefold(): n for n in existing}

    def compose(self) -> ComposeResult:
        """Name input, a hint about replacing, Save/Cancel."""
        with Vertical(classes="dialog", id="save-view"):
            yield Label("Save view as", classes="title")
            yield Input(self.initial, placeholder="view name", id="view-name", max_length=100)
            yield Label("", classes="hint", id="view-name-hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        """Show the hint for the initial name."""
        self._hint(self.initial)

    @on(Input.Changed, "#view-name")
    def _changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, name: str) -> None:
        clash = self.existing.get(name.strip().casefold())
        hint = f"Replaces the saved view {clash!r}." if clash else ""
        self.query_one("#view-name-hint", Label).update(hint)
        self.query_one("#save", Button).label = "Replace" if clash else "Save"

    @on(Input.Submitted, "#view-name")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        name = self.query_one("#view-name", Input).value.strip()
        if name:
            self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class ViewsScreen(ModalScreen[SavedView | None]):
    """Saved views: enter opens; r renames, d deletes, x exports, i imports."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
        Binding("x", "export", "Export"),
        Binding("i", "import_view", "Import"),
    ]

    app = getters.app(KizenApp)

    def __init__(self, profile: str | None = None, paths: Paths | None = None) -> None:
        super().__init__()
        self.profile = profile
        self.paths = paths
        self.views: list[SavedView] = []

    def compose(self) -> ComposeResult:
        """The list of views and a key hint."""
        with Vertical(classes="dialog", id="views"):
            yield Label("Saved views", classes="title")
            yield OptionList(id="view-options")
            yield Label("enter open · r rename · d delete · x export · i import · esc close",
                        classes="hint")

    def on_mount(self) -> None:
        """List the views."""
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the views again (after a change) and keep `select` highlighted."""
        loaded = store.list_views(profile=self.profile, paths=self.paths)
        for warning in loaded.warnings:
            self.notify(warning, severity="warning", markup=False)
        self.views = loaded.value
        options = self.query_one("#view-options", OptionList)
        options.clear_options()
        if not self.views:
            options.add_option(Option(Text("No saved views yet: V saves the grid as a view."),
                                      disabled=True))
            return
        options.add_options(Option(view_prompt(v)) for v in self.views)
        names = [v.name.casefold() for v in self.views]
        wanted = select.casefold() if select else None
        options.highlighted = names.index(wanted) if wanted in names else 0

    @property
    def current(self) -> SavedView | None:
        """The highlighted view."""
        index = self.query_one("#view-options", OptionList).highlighted
        if index is None or not 0 <= index < len(self.views):
            return None
        return self.views[index]

    @on(OptionList.OptionSelected, "#view-options")
    def _open(self, event: OptionList.OptionSelected) -> None:
        if 0 <= event.option_index < len(self.views):
            self.dismiss(self.views[event.option_index])

    def _run(self, what: str, change: Any, select: str | None = None) -> bool:
        try:
            change()
        except (ConfigError, OSError) as error:
            self.notify(f"Could not {what}: {error}", severity="error", markup=False)
            return False
        self.reload(select)
        return True

    def action_rename(self) -> None:
        """Rename the highlighted view."""
        view = self.current
        if view is None:
            return

        def renamed(new: str | None) -> None:
            if new and new != view.name:
                self._run("rename the view",
                          lambda: store.rename_view(view.name, new, paths=self.paths), new)

        self.app.push_screen(PromptDialog("Rename view", view.name, action="Rename"), renamed)

    def action_delete(self) -> None:
        """Delete the highlighted view (asks first)."""
        view = self.current
        if view is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes and self._run("delete the view",
                                 lambda: store.delete_view(view.name, paths=self.paths)):
                self.notify(f"Deleted the view {view.name!r}", markup=False)

        self.app.push_screen(ConfirmDialog(f"Delete the saved view {view.name!r}?",
                                           yes="Delete"), confirmed)

    def action_export(self) -> None:
        """Write the highlighted view to a file (to share it)."""
        view = self.current
        if view is None:
            return

        def chosen(target: str | None) -> None:
            if target:
                self._export(view, Path(target).expanduser(), overwrite=False)

        self.app.push_screen(PromptDialog(
            f"Export {view.name!r} to", str(Path.cwd()), action="Export",
            hint="A file, or a folder to write <name>.json in."), chosen)

    def _export(self, view: SavedView, target: Path, *, overwrite: bool) -> None:
        try:
            written = store.export_view(view.name, target, overwrite=overwrite, paths=self.paths)
        except ConfigError as error:
            clash = error.path
            if not overwrite and clash is not None and clash.exists():
                self.app.push_screen(
                    ConfirmDialog(f"{clash} exists. Replace it?", yes="Replace"),
                    lambda yes: self._export(view, clash, overwrite=True) if yes else None)
                return
            self.notify(f"Could not export: {error}", severity="error", markup=False)
            return
        self.notify(f"Exported {view.name!r} to {written}", markup=False)

    def action_import_view(self) -> None:
        """Add a view from a file (e.g. one exported elsewhere)."""
        def chosen(source: str | None) -> None:
            if source:
                self._import(Path(source).expanduser(), overwrite=False)

        self.app.push_screen(PromptDialog("Import a view file", placeholder="path/to/view.json",
                                          action="Import"), chosen)

    def _import(self, source: Path, *, overwrite: bool) -> None:
        try:
            view = store.read_view_file(source)
            store.import_view(source, overwrite=overwrite, paths=self.paths)
        except ConfigError as error:
            if not overwrite and "already exists" in str(error) and source.is_file():
                self.app.push_screen(ConfirmDialog(f"{error} Replace it?", yes="Replace"),
                                     lambda yes: self._import(source, overwrite=True)
                                     if yes else None)
                return
            self.notify(f"Could not import: {error}", severity="error", markup=False)
            return
        self.notify(f"Imported the view {view.name!r}", markup=False)
        self.reload(view.name)
