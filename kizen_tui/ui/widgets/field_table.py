"""Every field of one record: display name (or api name), type and value, grouped by category."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from kizen_tui.api.models import FieldDef, FieldValue, Record
from kizen_tui.domain.fields import display_field
from kizen_tui.domain.masking import MaskPolicy, mask_display
from kizen_tui.domain.text import safe_text, truncate_cells
from kizen_tui.ui.widgets.lean_table import LeanDataTable

VALUE_WIDTH = 60
UNCATEGORISED = "Other fields"


@dataclass(frozen=True)
class FieldRow:
    """One field line of the table."""

    field: FieldDef
    entry: FieldValue | None

    @property
    def is_blank(self) -> bool:
        """True when the record has no value for this field (blank fields are left out)."""
        return self.entry is None


def field_rows(record: Record, fields: Iterable[FieldDef], *, show_hidden: bool) -> list[FieldRow]:
    """Rows for every defined field plus any the record has that the definitions lack."""
    rows: list[FieldRow] = []
    seen: set[str] = set()
    listed: set[str] = set()  # a server listing an id twice must not break the table's row keys
    for field in fields:
        if field.id in listed:
            continue
        listed.add(field.id)
        entry = record.field(field.id) or record.field(field.name)
        if entry is not None:
            seen.add(entry.id)
        if field.is_hidden and not show_hidden:
            continue
        rows.append(FieldRow(field, entry))
    for entry in record.fields.values():
        if entry.id not in seen and entry.id not in listed:
            # A field the definitions did not list (permissions, a new field): still show it.
            listed.add(entry.id)
            stray = FieldDef(id=entry.id, name=entry.name or entry.id,
                             display_name=entry.display_name,
                             field_type=entry.field_type or "unknown")
            rows.append(FieldRow(stray, entry))
    return rows


def _heading_key(group: str, rows: dict[str, FieldRow], lines: list[tuple[str, Any]]) -> str:
    """A row key for a category heading that no field id (server data) can collide with."""
    key = f"category:{group}"
    taken = {k for k, _ in lines}
    while key in rows or key in taken:
        key += "'"
    return key


class FieldTable(LeanDataTable[Text]):
    """The fields of a record; enter on a field posts `FieldChosen`."""

    DEFAULT_CSS = """
    FieldTable { height: 1fr; }
    """

    class FieldChosen(Message):
        """The user chose a field (enter or click): open, follow or view its value."""

        def __init__(self, table: FieldTable, row: FieldRow) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> FieldTable:
            """The table that posted the message."""
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self.rows_shown: dict[str, FieldRow] = {}
        self.mask: MaskPolicy | None = None
        """Screen-share masking of the values (None: show everything)."""
        self._shown: tuple[Record, list[FieldDef], dict[str, Any]] | None = None

    def set_mask(self, mask: MaskPolicy | None) -> None:
        """Switch screen-share masking and redraw the record shown, if any."""
        if mask != self.mask:
            self.mask = mask
            if self._shown is not None:
                record, fields, options = self._shown
                self.show(record, fields, **options)

    def clear(self, columns: bool = False) -> Self:
        """Remove the rows (and the record they showed)."""
        self._shown = None
        return super().clear(columns)

    def show(
        self,
        record: Record,
        fields: list[FieldDef],
        *,
        categories: dict[str, str] | None = None,
        show_hidden: bool = False,
        api_names: bool = False,
    ) -> None:
        """Display the record's fields, grouped by category.

        Columns get explicit widths measured from the rows (see `RecordGrid.show_page`).
        """
        cursor = self.cursor_row
        self.clear(columns=True)
        self._shown = (record, fields, {"categories": categories, "show_hidden": show_hidden,
                                        "api_names": api_names})
        self.rows_shown = {}
        groups: dict[str, list[FieldRow]] = {}
        names = categories or {}
        for row in field_rows(record, fields, show_hidden=show_hidden):
            group = names.get(row.field.category or "", UNCATEGORISED)
            groups.setdefault(group, []).append(row)
        lines: list[tuple[str, tuple[Text, Text, Text]]] = []
        for group, rows in groups.items():
            if len(groups) > 1:
                heading = Text(safe_text(group, single_line=True), style="bold underline")
                lines.append((_heading_key(group, self.rows_shown, lines),
                              (heading, Text(""), Text(""))))
            for row in rows:
                self.rows_shown[row.field.id] = row
                lines.append((row.field.id, self._cells(row, api_names=api_names,
                                                        mask=self.mask)))
        for index, title in enumerate(("Field", "Type", "Value")):
            width = max([len(title), *(cells[index].cell_len for _, cells in lines)])
            # A Text, not a str: DataTable parses a str label as markup, which costs the first
            # record shown a 5-15 ms import of Rich's emoji table.
            self.add_column(Text(title), key=title.lower(), width=width)
        for key, cells in lines:
            self.add_row(*cells, key=key)
        if self.row_count:
            # Start on the first field, not on a category heading.
            first_field = 1 if len(groups) > 1 and cursor == 0 else cursor
            self.move_cursor(row=min(first_field, self.row_count - 1), animate=False)

    @staticmethod
    def _cells(row: FieldRow, *, api_names: bool,
               mask: MaskPolicy | None = None) -> tuple[Text, Text, Text]:
        name = row.field.name if api_names else row.field.label
        label = Text(truncate_cells(safe_text(name, single_line=True), 32))
        if row.field.is_hidden:
            label.append(" (hidden)", style="dim")
        kind = Text(truncate_cells(safe_text(row.field.field_type, single_line=True), 20),
                    style="dim")
        if row.entry is None:
            return label, kind, Text("—", style="dim")
        shown = mask_display(display_field(row.entry, row.field, single_line=True), row.field,
                             mask)
        value = Text(truncate_cells(shown, VALUE_WIDTH))
        if row.entry.is_summarized:
            value.append("  ⏎ list", style="bold")
        return label, kind, value

    @property
    def current_row(self) -> FieldRow | None:
        """The field under the cursor (None on a category heading)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(Coordinate(self.cursor_row, 0)).row_key.value
        return self.rows_shown.get(key or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Turn a row selection into `FieldChosen`."""
        event.stop()
        row = self.rows_shown.get(event.row_key.value or "")
        if row is not None:
            self.post_message(self.FieldChosen(self, row))
