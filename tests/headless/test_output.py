"""The output writers: formats, streaming, valid output after an interruption, safe text."""

from __future__ import annotations

import csv
import io
import json

import pytest

from kizen_tui.headless.output import (
    Column,
    CsvWriter,
    JsonArrayWriter,
    JsonLinesWriter,
    TableWriter,
    dumps,
    raw_cell,
    resolve_format,
)
from kizen_tui.sandbox.seed import ANSI_NAME, MARKUP_NAME, OSC_CLIPBOARD_NAME

from .conftest import FakeTty

HOSTILE = [ANSI_NAME, OSC_CLIPBOARD_NAME, MARKUP_NAME, "rtl \u202e evil", "c1 \x9b31m",
           "line\u2028break", "lone \ud800 surrogate"]
COLUMNS = [Column("name", "Name", lambda item: item["name"], lambda item: item["name"]),
           Column("n", "N", lambda item: str(item["n"]), lambda item: item["n"])]


def test_auto_is_table_on_a_terminal_and_json_otherwise() -> None:
    assert resolve_format("auto", FakeTty()) == "table"  # type: ignore[arg-type]
    assert resolve_format("auto", io.StringIO()) == "json"
    assert resolve_format("csv", FakeTty()) == "csv"  # type: ignore[arg-type]


@pytest.mark.parametrize("text", HOSTILE)
def test_json_escapes_everything_a_terminal_would_act_on(text: str) -> None:
    out = dumps({"v": text})
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e\u2028")
    assert "\ud800" not in out
    assert json.loads(out)["v"] == text  # still the same value for a JSON reader


def test_json_keeps_readable_unicode() -> None:
    assert dumps("東京 🚀") == '"東京 🚀"'


def test_raw_cell() -> None:
    assert raw_cell(None) == ""
    assert raw_cell("plain, text") == "plain, text"
    assert raw_cell(ANSI_NAME) == "\\u001b[31mred\\u001b[0m Industries"
    assert raw_cell({"id": "x", "n": 1}) == '{"id":"x","n":1}'
    assert raw_cell("a\nb\tc") == "a\nb\tc"  # CSV quotes line breaks; they are data


def test_json_array_is_valid_when_empty_partial_or_full() -> None:
    for count in (0, 1, 3):
        out = io.StringIO()
        writer = JsonArrayWriter(out)
        for n in range(count):
            writer.write(None, {"n": n})
        writer.close()
        assert json.loads(out.getvalue()) == [{"n": n} for n in range(count)]


def test_single_json_is_one_object() -> None:
    out = io.StringIO()
    writer = JsonArrayWriter(out, single=True)
    writer.write(None, {"id": "a"})
    writer.close()
    assert json.loads(out.getvalue()) == {"id": "a"}


def test_json_lines() -> None:
    out = io.StringIO()
    writer = JsonLinesWriter(out)
    writer.write(None, {"v": "a\nb"})
    writer.write(None, [1])
    writer.close()
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [{"v": "a\nb"}, [1]]


def test_csv_cells_are_safe_and_parse_back() -> None:
    out = io.StringIO()
    writer = CsvWriter(out, COLUMNS)
    for n, name in enumerate(HOSTILE):
        writer.write({"name": name, "n": n}, None)
    writer.close()
    text = out.getvalue()
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "n"]
    assert rows[1] == ["␛[31mred␛[0m Industries", "0"]
    assert rows[3][0] == MARKUP_NAME  # markup is plain text in a CSV: kept as it is
    assert len(rows) == len(HOSTILE) + 1


def test_csv_raw_uses_raw_values() -> None:
    out = io.StringIO()
    writer = CsvWriter(out, COLUMNS, raw=True)
    writer.write({"name": ANSI_NAME, "n": {"k": 1}}, None)
    writer.close()
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1] == ["\\u001b[31mred\\u001b[0m Industries", '{"k":1}']


def test_table_shows_markup_as_text_and_no_escape_sequences() -> None:
    out = io.StringIO()
    writer = TableWriter(out, COLUMNS, title="T")
    for name in HOSTILE:
        writer.write({"name": name, "n": 1}, None)
    writer.close()
    text = out.getvalue()
    assert "[VIP] O'Brien [/]" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "␛[31mred␛[0m Industries" in text


def test_empty_table_says_so() -> None:
    out = io.StringIO()
    writer = TableWriter(out, COLUMNS, empty="No records match.")
    writer.close()
    assert out.getvalue().strip() == "No records match."
