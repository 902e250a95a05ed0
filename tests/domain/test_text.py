"""safe_text, cell_len and truncate_cells: hostile record data never reaches the terminal raw."""

from __future__ import annotations

import pytest

from kizen_tui.domain.text import cell_len, safe_text, truncate_cells


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("plain", "plain"),
        ("[VIP] O'Brien [/]", "[VIP] O'Brien [/]"),  # markup is content, left as typed
        ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),  # CSI colour
        ("\x1b[2J\x1b[H", "␛[2J␛[H"),  # clear screen, cursor home
        ("\x1b]52;c;aGFja2Vk\x07", "␛]52;c;aGFja2Vk␇"),  # OSC 52 clipboard write, BEL end
        ("\x1b]52;c;aGFja2Vk\x1b\\", "␛]52;c;aGFja2Vk␛\\"),  # OSC 52 with ST end
        ("\x1b]8;;http://evil\x1b\\x\x1b]8;;\x1b\\", "␛]8;;http://evil␛\\x␛]8;;␛\\"),  # link
        ("a\x00b", "a␀b"),  # NUL
        ("bell\x07", "bell␇"),
        ("back\x08space", "back␈space"),
        ("cr\rhere", "cr␍here"),
        ("del\x7f", "del\\x7f"),
        ("c1\x9b31m", "c1\\x9b31m"),  # 8-bit CSI
        ("nel\x85", "nel\\x85"),
        ("user\u202egnp.exe", "user\\u202egnp.exe"),  # right-to-left override
        ("iso\u2066x\u2069", "iso\\u2066x\\u2069"),  # isolates
        ("lone\ud800sur", "lone\ufffdsur"),
        ("שלום עולם", "שלום עולם"),  # RTL letters themselves are fine
        ("日本語", "日本語"),
        ("emoji 🎉👍🏽", "emoji 🎉👍🏽"),
        ("line1\nline2\ttab", "line1\nline2\ttab"),  # kept in multi-line mode
        ("crlf\r\nnext", "crlf\nnext"),
    ],
)
def test_safe_text_multi_line(raw: str, expected: str) -> None:
    assert safe_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("line1\nline2", "line1⏎line2"),
        ("crlf\r\nnext", "crlf⏎next"),
        ("a\tb", "a⇥b"),
        ("para\u2029graph", "para⏎graph"),
        ("\x1b[1A\x1b[2Kfake", "␛[1A␛[2Kfake"),
    ],
)
def test_safe_text_single_line(raw: str, expected: str) -> None:
    assert safe_text(raw, single_line=True) == expected


def test_safe_text_output_has_no_control_characters() -> None:
    every_control = "".join(map(chr, [*range(0x20), *range(0x7F, 0xA0)]))
    out = safe_text(every_control, single_line=True)
    assert all(0x20 <= ord(c) < 0x7F or ord(c) >= 0xA0 for c in out)
    assert "\x1b" not in safe_text("\x1b" * 10)


def test_safe_text_accepts_non_strings() -> None:
    assert safe_text(42) == "42"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "max_len", "expected"),
    [
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("this is too long", 10, "this is t…"),
        ("日本語のテキスト", 7, "日本語…"),
        ("\x1b[31mred", 6, "␛[31m…"),
        ("x" * 10_000, 5, "xxxx…"),
    ],
)
def test_safe_text_max_len(raw: str, max_len: int, expected: str) -> None:
    out = safe_text(raw, max_len=max_len)
    assert out == expected
    assert cell_len(out) <= max_len


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("", 0),
        ("abc", 3),
        ("日本", 4),
        ("한국어", 6),
        ("\uff46\uff55\uff4c\uff4c", 8),  # fullwidth Latin "full"
        ("🎉", 2),
        ("e\u0301", 1),  # e + combining acute
        ("a\u200db", 2),  # zero-width joiner
        ("مرحبا", 5),
        ("a\tb", 2),  # a raw control takes no cell (safe_text would have replaced it)
    ],
)
def test_cell_len(text: str, cells: int) -> None:
    assert cell_len(text) == cells


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("hello", 5, "hello"),
        ("hello world", 5, "hell…"),
        ("hello", 1, "…"),
        ("hello", 0, ""),
        ("日本語", 4, "日…"),  # 日 (2) + … (1); 本 would overflow
        ("日本語", 5, "日本…"),
        ("🎉🎉🎉", 4, "🎉…"),
    ],
)
def test_truncate_cells(text: str, width: int, expected: str) -> None:
    out = truncate_cells(text, width)
    assert out == expected
    assert cell_len(out) <= max(width, 0)
