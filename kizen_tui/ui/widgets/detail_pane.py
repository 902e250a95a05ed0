"""The detail pane beside the grid: the highlighted record's label, access flags and fields."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from kizen_tui.api.models import FieldDef, Record
from kizen_tui.domain.masking import mask_display
from kizen_tui.domain.text import safe_text, truncate_cells
from kizen_tui.ui.widgets.access_flags import AccessFlags
from kizen_tui.ui.widgets.field_table import FieldTable


class DetailPane(Vertical):
    """Follows the highlighted row; methods down, messages (from FieldTable) up."""

    DEFAULT_CSS = """
    DetailPane { width: 45%; border-left: solid $primary-darken-2; padding: 0 0 0 1; }
    DetailPane > #detail-title { height: 1; text-style: bold; }
    DetailPane > #detail-id { height: 1; color: $text-muted; }
    DetailPane > #detail-empty { color: $text-muted; padding: 1 0; }
    """

    _label: str | None = None

    def compose(self) -> ComposeResult:
        """The title, the id, the access flags and the field table."""
        yield Static("", id="detail-title")
        yield Static("", id="detail-id")
        yield AccessFlags(id="detail-access")
        yield FieldTable(id="detail-fields")

    def show(
        self,
        record: Record,
        fields: list[FieldDef],
        *,
        categories: dict[str, str] | None = None,
        show_hidden: bool = False,
        api_names: bool = False,
    ) -> None:
        """Display a record."""
        self._label = record.label
        self._show_title()
        shown_id = safe_text(record.id, single_line=True)
        self.query_one("#detail-id", Static).update(Text(f"id {shown_id}"))
        self.query_one(AccessFlags).show(record.access)
        self.query_one(FieldTable).show(record, fields, categories=categories,
                                        show_hidden=show_hidden, api_names=api_names)

    def _show_title(self) -> None:
        label = mask_display(safe_text(self._label or "", single_line=True), None,
                             self.query_one(FieldTable).mask)
        self.query_one("#detail-title", Static).update(Text(truncate_cells(label, 60)))

    def mask_changed(self) -> None:
        """Screen-share mode changed: redraw the title (the field table redraws itself)."""
        if self._label is not None:
            self._show_title()

    def clear(self) -> None:
        """Show nothing (no row highlighted)."""
        self._label = None
        self.query_one("#detail-title", Static).update(Text("No record selected"))
        self.query_one("#detail-id", Static).update("")
        self.query_one(AccessFlags).update("")
        self.query_one(FieldTable).clear()
