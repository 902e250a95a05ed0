"""The grid's status line: `1–100 of 12,345 · Updated ↓ · search: acme`."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from kizen_tui.domain.text import safe_text, truncate_cells


@dataclass(frozen=True)
class GridStatus:
    """What the status line reports about the grid."""

    first: int = 0
    last: int = 0
    count: int | None = None
    ordering_label: str = ""
    descending: bool = False
    search: str = ""
    filter_text: str = ""
    view_name: str = ""
    loading: bool = False
    error: str = ""


def status_text(status: GridStatus) -> Text:
    """Render the status as text (user and record data never parsed as markup)."""
    parts: list[Text] = []
    if status.count is None:
        parts.append(Text("…"))
    elif status.count == 0:
        parts.append(Text("no records"))
    else:
        parts.append(Text(f"{status.first:,}–{status.last:,} of {status.count:,}"))
    if status.ordering_label:
        arrow = "↓" if status.descending else "↑"
        parts.append(Text(f"{safe_text(status.ordering_label, single_line=True)} {arrow}"))
    for prefix, value, width in (("view", status.view_name, 24), ("search", status.search, 30),
                                 ("filter", status.filter_text, 50)):
        if value:
            parts.append(Text(f"{prefix}: {_short(value, width)}"))
    text = Text(" · ").join(parts)
    if status.loading:
        text.append("  ⟳ loading…", style="italic")
    if status.error:
        text.append("  ⚠ ", style="bold red")
        text.append(safe_text(status.error, single_line=True), style="red")
        text.append("  (r to retry)", style="dim")
    return text


def _short(value: str, width: int) -> str:
    return truncate_cells(safe_text(value, single_line=True), width)


class StatusLine(Static):
    """One line under the grid describing the rows shown."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1; padding: 0 1; background: $panel;
        /* What does not fit is cut with an ellipsis. Wrapping pushed a long filter's tail
           onto a row the line does not have, so a cut filter looked complete. */
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def show(self, status: GridStatus) -> None:
        """Display this status."""
        # CSS fixes the size (one line, the column's width), so a repaint is enough: a layout
        # pass of the whole screen on every page flip cost ~15 ms.
        self.update(status_text(status), layout=False)
