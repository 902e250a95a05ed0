"""LeanDataTable: the direct one-line cell rendering gives exactly what Rich/Textual give."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.renderables.styled import Styled
from textual.widgets import DataTable

from kizen_tui.ui.widgets.lean_table import LeanDataTable, render_one_line

STYLES = st.sampled_from([
    Style.null(), Style(bold=True), Style(color="red"), Style(bgcolor="#102030", italic=True),
    Style(underline=True, color="green") + Style.from_meta({"row": 3, "column": 1}),
    Style(link="https://example.com"), Style(dim=True, reverse=True),
])
#: Wide (CJK, emoji), combining and zero-width characters, blanks and plain ASCII.
CHARS = st.sampled_from([*"ab Z09-_.@", "漢", "字", "😀", "e\u0301", "\u200b", "\u00a0"])


@st.composite
def texts(draw: Any) -> Text:
    """A Text with random spans, a random base style and a random `end`."""
    plain = "".join(draw(st.lists(CHARS, max_size=12)))
    text = Text(plain, style=draw(st.sampled_from(["", "bold", "italic red"])),
                end=draw(st.sampled_from(["\n", ""])),
                no_wrap=draw(st.sampled_from([None, True, False])))
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(plain)))
        text.stylize(draw(STYLES), start, draw(st.integers(start, len(plain))))
    return text


def rich_line(console: Console, cell: Text, width: int, padding: int, pre: Style,
              post: Style) -> list[Segment]:
    """What DataTable._render_cell renders for a one-line row (textual 8.2.8)."""
    options = console.options.update_dimensions(width, 1).update(no_wrap=True)
    lines = console.render_lines(Styled(Padding(cell, (0, padding)), pre_style=pre,
                                        post_style=post), options)
    assert len(lines) == 1
    return lines[0]


@settings(max_examples=400, deadline=None)
@given(cell=texts(), width=st.integers(1, 30), padding=st.integers(0, 2), pre=STYLES,
       post=STYLES)
def test_one_line_cells_render_exactly_as_rich_does(cell: Text, width: int, padding: int,
                                                   pre: Style, post: Style) -> None:
    console = Console(width=80, color_system="truecolor")
    direct = render_one_line(console, cell, width, padding, pre, post)
    expected = rich_line(console, cell, width, padding, pre, post)
    if direct is None:
        # Only cells that do not fit (or have no room) are left to Rich.
        assert cell.cell_len > width - 2 * padding or width - 2 * padding < 1
    else:
        assert direct == expected
        assert [s.style for s in direct] == [s.style for s in expected]


def test_cells_rich_would_change_are_left_to_rich() -> None:
    console = Console(width=80)
    plain = Style.null()
    for cell in (Text("a\tb"), Text("two\nlines"), Text("x" * 20), Text("right", justify="right"),
                 Text("x", end="!"), "not a Text"):
        assert render_one_line(console, cell, 10, 1, plain, plain) is None


class TableApp(App[None]):
    """A LeanDataTable with header, cursor, zebra stripes and assorted cells."""

    def compose(self) -> ComposeResult:
        yield LeanDataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(LeanDataTable)
        table.add_column(Text("Name"), key="name", width=8)
        table.add_column("Wide 漢字", key="wide", width=6)
        table.add_column(Text("Sum", style="bold"), key="sum")
        table.add_row(Text("Acme"), Text("字字"), Text(""), key="a")
        table.add_row(Text("a much longer name"), Text("x", style="red"), "[b]7[/b]", key="b")
        table.add_row(Text("tall\ncell"), Text(""), 3.5, key="c", height=2)


async def test_table_cells_match_textuals_own_rendering() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(LeanDataTable)
        await pilot.pause()
        base = table.rich_style
        for row in (-1, 0, 1, 2):
            for column in range(3):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    width = table.ordered_columns[column].get_render_width(table)
                    table._clear_caches()
                    expected = DataTable._render_cell(table, row, column, base, width,
                                                      cursor=cursor, hover=hover)
                    table._clear_caches()
                    actual = table._render_cell(row, column, base, width, cursor=cursor,
                                                hover=hover)
                    assert actual == expected, (row, column, cursor, hover)
                    # The cached value is what later frames reuse.
                    assert table._render_cell(row, column, base, width, cursor=cursor,
                                              hover=hover) is actual
        # The fast path really ran for the plain one-line cells.
        table._clear_caches()
        assert table._render_text_cell(0, 0, base, 10, False, False) is not None
        assert table._render_text_cell(2, 0, base, 10, False, False) is None  # two lines high


async def test_render_pass_styles_give_the_same_lines() -> None:
    app = TableApp()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(LeanDataTable)
        table.move_cursor(row=1)
        await pilot.pause()
        region = table.size.region

        def fresh() -> None:
            table._styles_cache.clear()
            table._clear_caches()

        fresh()
        expected = [list(strip) for strip in DataTable.render_lines(table, region)]
        assert table._pass_styles is None
        fresh()
        assert [list(strip) for strip in table.render_lines(region)] == expected
        assert table._pass_styles is None, "the styles are only kept for one pass"
        header = table.get_component_styles("datatable--header")
        assert header.rich_style == table.get_component_styles("datatable--header").rich_style


class TwinApp(App[None]):
    """The same fixed-width rows in Textual's DataTable and in a LeanDataTable."""

    def compose(self) -> ComposeResult:
        yield DataTable(id="plain")
        yield LeanDataTable(id="lean")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_column(Text("Name"), key="name", width=8)
            table.add_column(Text("Wide"), key="wide", width=5)
            for index in range(30):
                table.add_row(Text(f"row {index}" * (index % 3)), Text("字" * (index % 4)),
                              key=str(index))


async def test_fixed_width_rows_are_not_measured_and_size_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import textual.widgets._data_table as data_table

    measured: list[object] = []
    real = data_table.measure

    def spy(console: Any, renderable: Any, default: int) -> int:
        measured.append(renderable)
        return real(console, renderable, default)

    monkeypatch.setattr(data_table, "measure", spy)
    app = TwinApp()
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        plain, lean = app.query_one("#plain", DataTable), app.query_one("#lean", LeanDataTable)
        assert plain.virtual_size == lean.virtual_size and lean.row_count == 30
        assert len(measured) >= 60, "Textual measures every cell of its table"
        lean.add_row(Text("x"), Text("y"), key="extra")
        measured.clear()
        await pilot.pause()
        assert measured == [] and lean.virtual_size.height == plain.virtual_size.height + 1
        lean.add_column("auto", key="auto")  # an auto-width column needs its cells measured
        await pilot.pause()
        assert measured
