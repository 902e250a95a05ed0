"""A DataTable that frees its render caches at once and renders one-line text cells directly.

Freeing: Textual's `LRUCache` keeps its entries on a circular doubly-linked list of `[prev, next,
key, value]` lists, and `LRUCache.clear()` only drops the dict and the head: the old ring stays a
reference cycle holding every cached line, cell and row renderable. `DataTable` clears its six
LRU caches on every `clear()` (each page flip, each record shown in the detail pane), so each
page left ~8,000 objects (Segments, Strips with their FIFOCaches, Texts, Rows, RowKeys) for the
cyclic garbage collector, whose passes then took 100-300 ms on a loaded 2-CPU machine while the
user held page-down (textual 8.2.8; measured with `python -m benchmarks`).
`LeanDataTable` empties every link of those rings before Textual clears the caches, so reference
counting frees the cached renders immediately and the collector has nothing to chase.

Rendering: every cell the table paints goes through Rich's generic layout (`Styled(Padding(cell))`
rendered by `Console.render_lines`: nested generators, a lock, wrapping and cropping passes),
about half of each frame while the user holds page-down, since each press brings a screenful of
cells never rendered before. Our cells are one-line `Text`s that fit their column, for which
`render_one_line` builds the very same segments directly (tests compare it with Textual's own
rendering); any other cell takes Textual's path.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.binding import Binding
from textual.cache import LRUCache
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import CellType, RowKey

#: The LRU caches `DataTable._clear_caches` clears (textual 8.2.8).
_LRU_CACHES = ("_row_render_cache", "_cell_render_cache", "_row_renderable_cache",
               "_line_cache", "_offset_cache", "_ordered_row_cache")
#: What `Text.__rich_console__` joins wrapped lines with (it is never modified).
_LINE_JOIN = Text("\n")


def release(cache: LRUCache[Any, Any]) -> None:
    """Empty an LRUCache without leaving its linked ring behind as cyclic garbage."""
    for link in cache._cache.values():
        link.clear()  # [prev, next, key, value] -> []: no references left in the ring
    cache.clear()


def render_one_line(console: Console, cell: object, width: int, padding: int,
                    pre_style: Style, post_style: Style) -> list[Segment] | None:
    """The line `console.render_lines(Styled(Padding(cell, (0, padding)), pre_style,
    post_style))` gives at `width` cells, one line high without wrapping; None when the cell is
    not a one-line `Text` that fits (the caller then takes Rich's path).

    Each step is the one Rich takes for such a cell, minus the generic machinery: the text's own
    segments (as `Text.__rich_console__` renders them), padded to the inner width with the null
    style, framed by the padding, then the two styles applied around every segment.
    """
    inner = width - 2 * padding
    if (not isinstance(cell, Text) or inner < 1 or cell.end not in ("\n", "")
            or cell.justify not in (None, "default")):
        return None
    plain = cell.plain
    if "\n" in plain or "\t" in plain or cell_len(plain) > inner:
        return None  # Rich would split, expand tabs or truncate: not a plain copy
    none = console.get_style("none")
    body = Segment.adjust_line_length(list(_LINE_JOIN.join([cell]).render(console)), inner,
                                      style=none, pad=True)
    if padding:
        edge = Segment(" " * padding, none)
        body = [edge, *body, edge]
    styled = Segment.apply_style(body, console.get_style(pre_style), console.get_style(post_style))
    return Segment.adjust_line_length(list(styled), width, pad=True)


class _PassStyles:
    """A component's styles whose `rich_style` is worked out once (for one render pass)."""

    def __init__(self, styles: RenderStyles) -> None:
        self._styles = styles
        self.rich_style = styles.rich_style

    def __getattr__(self, name: str) -> Any:
        return getattr(self._styles, name)


class LeanDataTable(DataTable[CellType]):
    """A DataTable that frees its render caches by reference counting when it clears them,
    renders one-line text cells without Rich's generic layout, and works out its styles once
    per render pass.

    `rich_style` walks every ancestor's CSS, and DataTable asks for it (its own and its header's
    and row components') on every line it renders: ~15% of each frame while page-down is held.
    Nothing can restyle the table in the middle of `render_lines`, so within it they are cached.
    """

    # Both tables built on this one (the grid, the field lists) are lists of rows with a row
    # cursor: home / end go to the first / last row, as in a list, where DataTable scrolls
    # sideways (left / right still do).
    BINDINGS = [Binding("home", "scroll_top", "First row", show=False),
                Binding("end", "scroll_bottom", "Last row", show=False)]

    _pass_styles: dict[tuple[str, ...], Any] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """Render, with the styles worked out once for this pass."""
        self._pass_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None

    @property
    def rich_style(self) -> Style:
        """The table's Rich style (once per render pass)."""
        cache = self._pass_styles
        if cache is None:
            return super().rich_style
        style: Style | None = cache.get(())
        if style is None:
            style = cache[()] = super().rich_style
        return style

    def get_component_styles(self, *names: str) -> RenderStyles:
        """A component's styles (with its `rich_style` once per render pass)."""
        cache = self._pass_styles
        if cache is None or not names:
            return super().get_component_styles(*names)
        styles = cache.get(names)
        if styles is None:
            styles = cache[names] = _PassStyles(super().get_component_styles(*names))
        return cast(RenderStyles, styles)  # a stand-in: same attributes, rich_style computed

    def _clear_caches(self) -> None:
        for name in _LRU_CACHES:
            cache = getattr(self, name, None)
            if isinstance(cache, LRUCache):
                release(cache)
        super()._clear_caches()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """`DataTable._update_dimensions` without measuring cells no column needs measured.

        Textual measures every cell of every new row (Rich's word split, ~10 us a cell: 6 ms a
        page) to size auto-width columns. With fixed widths only, one-line rows and no row
        labels, all that is left is the virtual size.
        """
        new_rows = list(new_rows)
        if any(column.auto_width for column in self.columns.values()) or any(
                row.label is not None or row.auto_height
                for row in map(self.rows.get, new_rows) if row is not None):
            super()._update_dimensions(new_rows)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(width + self._row_label_column_width,
                                 self._total_row_height + header_height)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> SegmentLines:
        """`DataTable._render_cell` (same cache and key), with the direct path for text cells."""
        lines = self._render_text_cell(row_index, column_index, base_style, width, cursor, hover)
        if lines is None:
            return super()._render_cell(row_index, column_index, base_style, width,
                                        cursor=cursor, hover=hover)
        return lines

    def _render_text_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                          cursor: bool, hover: bool) -> SegmentLines | None:
        # Mirrors DataTable._render_cell (textual 8.2.8) for data and header cells of one-line
        # rows; row labels and taller rows are left to it.
        is_header = row_index == -1
        if column_index < 0:
            return None
        row_key = self._header_row_key if is_header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return None
        height = self.header_height if is_header else self.rows[row_key].height
        if height != 1:
            return None
        key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
               self._update_count, self._pseudo_class_state)
        cached = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index).cells[column_index]
        fixed = not is_header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component_style, post_style = self._get_styles_to_render_cell(
            is_header, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        line = render_one_line(self.app.console, cell, width, self.cell_padding,
                               pre_style + component_style, post_style)
        if line is None:
            return None
        lines = [line]
        self._cell_render_cache[key] = lines
        return lines
