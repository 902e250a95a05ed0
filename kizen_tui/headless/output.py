"""Writing results: a Rich table for people, JSON / JSON lines / CSV for programs.

`--format auto` (the default) is a table when stdout is a terminal and JSON when it is piped.
Every writer streams: items are written as they arrive, and `close()` always leaves valid output
(a JSON array is closed, JSON lines are whole, CSV rows are complete), which is what makes an
interrupted `records search --all` safe to pipe.

Record data is content: the table shows it as `rich.text.Text` (never markup) after
`safe_text`, CSV cells are made safe the same way, and JSON escapes every character that could
act on a terminal (C0/C1 controls, DEL, bidi overrides, line separators, lone surrogates).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TextIO

from kizen_tui.domain.text import safe_text

FORMATS = ("auto", "table", "json", "jsonl", "csv")
"""The values of `--format`."""

# Characters JSON leaves raw that a terminal would act on or that reorder text on screen.
_UNSAFE_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# The same set plus the C0 controls other than tab and newline, for raw CSV cells.
_UNSAFE_RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def resolve_format(name: str, stream: TextIO) -> str:
    """The concrete format: `auto` is `table` on a terminal and `json` otherwise."""
    if name != "auto":
        return name
    return "table" if is_tty(stream) else "json"


def is_tty(stream: TextIO) -> bool:
    """Whether `stream` is an interactive terminal (False for anything that cannot tell)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON text that is valid, readable (non-ASCII kept) and inert on a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, default=str,
                      separators=None if indent else (",", ":"))
    return _UNSAFE_JSON.sub(_escape, text)


def raw_cell(value: Any) -> str:
    """A raw JSON value as one CSV cell: strings as they are, anything else as compact JSON;
    control characters become `\\uXXXX` escapes either way."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _UNSAFE_RAW.sub(_escape, value)
    return dumps(value)


@dataclass(frozen=True)
class Column:
    """One column of a table or CSV: a header, the display text, and the raw value."""

    key: str
    """CSV header (an api name)."""
    title: str
    """Table header (a display name)."""
    text: Callable[[Any], str]
    """The text shown for an item (already made safe, or made safe by the writer)."""
    raw: Callable[[Any], Any] | None = None
    """The raw JSON value for `--raw` CSV (None: use `text`)."""
    no_wrap: bool = False
    """Keep the table cell on one line (ids: a wrapped UUID cannot be copied)."""


class Writer(Protocol):
    """Receives items one by one; `close()` finishes the output validly."""

    def write(self, item: Any, data: Any) -> None:
        """Write one item: `data` is its raw JSON, `item` what `Column`s read from."""

    def close(self) -> None:
        """Finish the output (also after an interruption)."""


class JsonArrayWriter:
    """A JSON array, one compact item per line (or one object, for single results)."""

    def __init__(self, out: TextIO, *, single: bool = False) -> None:
        self.out = out
        self.single = single
        self.count = 0

    def write(self, item: Any, data: Any) -> None:
        """Write one item."""
        if self.single:
            self.out.write(dumps(data, indent=2) + "\n")
        else:
            self.out.write(("[\n" if self.count == 0 else ",\n") + dumps(data))
        self.count += 1

    def close(self) -> None:
        """Close the array (an empty result is `[]`)."""
        if not self.single:
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        self.out.flush()


class JsonLinesWriter:
    """One compact JSON document per line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, item: Any, data: Any) -> None:
        """Write one line."""
        self.out.write(dumps(data) + "\n")

    def close(self) -> None:
        """Flush."""
        self.out.flush()


class CsvWriter:
    """A header row, then one row per item."""

    def __init__(self, out: TextIO, columns: Sequence[Column], *, raw: bool = False) -> None:
        self.out = out
        self.columns = list(columns)
        self.raw = raw
        self._csv = csv.writer(out, lineterminator="\n")
        self._csv.writerow([safe_text(c.key, single_line=True) for c in self.columns])

    def write(self, item: Any, data: Any) -> None:
        """Write one row."""
        self._csv.writerow([self._cell(column, item) for column in self.columns])

    def _cell(self, column: Column, item: Any) -> str:
        if self.raw and column.raw is not None:
            return raw_cell(column.raw(item))
        return safe_text(column.text(item))

    def close(self) -> None:
        """Flush."""
        self.out.flush()


class TableWriter:
    """A Rich table, printed when closed (so column widths fit every row)."""

    def __init__(self, out: TextIO, columns: Sequence[Column], *, title: str | None = None,
                 empty: str = "Nothing to show.") -> None:
        self.out = out
        self.columns = list(columns)
        self.title = title
        self.empty = empty
        self.rows: list[list[str]] = []

    def write(self, item: Any, data: Any) -> None:
        """Keep one row."""
        self.rows.append([safe_text(c.text(item), single_line=True) for c in self.columns])

    def close(self) -> None:
        """Print the table (or a short note when there are no rows)."""
        from rich.table import Table
        from rich.text import Text

        console = make_console(self.out)
        if not self.rows:
            console.print(Text(self.empty))
            return
        table = Table(title=Text(self.title) if self.title else None, show_lines=False)
        for column in self.columns:
            table.add_column(Text(safe_text(column.title, single_line=True)), overflow="fold",
                             no_wrap=column.no_wrap)
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)


#: Width of a table written to a file or pipe (`--format table` not on a terminal).
FILE_WIDTH = 160


def make_console(out: TextIO) -> Any:
    """A Rich console on `out` that never reads markup or emoji codes in what it prints."""
    from rich.console import Console

    width = None if is_tty(out) else FILE_WIDTH
    return Console(file=out, markup=False, emoji=False, highlight=False, width=width)


def print_pairs(out: TextIO, pairs: Sequence[tuple[str, str]], *, title: str | None = None
                ) -> None:
    """A two-column table (label, value) for one item: a record, the paths we use."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title) if title else None, show_header=False, box=None,
                  padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in pairs:
        table.add_row(Text(safe_text(label, single_line=True)), Text(safe_text(value)))
    make_console(out).print(table)


def open_writer(fmt: str, out: TextIO, columns: Sequence[Column], *, raw: bool = False,
                single: bool = False, title: str | None = None,
                empty: str = "Nothing to show.") -> Writer:
    """The writer for a concrete format (see `resolve_format`)."""
    if fmt == "json":
        return JsonArrayWriter(out, single=single)
    if fmt == "jsonl":
        return JsonLinesWriter(out)
    if fmt == "csv":
        return CsvWriter(out, columns, raw=raw)
    return TableWriter(out, columns, title=title, empty=empty)


def write_all(fmt: str, out: TextIO, columns: Sequence[Column],
              items: Sequence[tuple[Any, Any]], **kwargs: Any) -> None:
    """Write a whole list of `(item, raw JSON)` pairs."""
    writer = open_writer(fmt, out, columns, **kwargs)
    try:
        for item, data in items:
            writer.write(item, data)
    finally:
        writer.close()
