"""A fixed corpus of the worst values a Kizen response can carry, and the safety checks.

The fuzz tests draw from it (besides generated text), the snapshot tests render it, and
`assert_terminal_safe` is the one definition of "nothing reaches the terminal raw":
no C0/C1 control character, no DEL, no ESC, no bidi override or isolate, no lone surrogate.
"""

from __future__ import annotations

from typing import Any

from kizen_tui.sandbox import seed

#: (name, value): hostile strings, each a known way to attack or break a terminal UI.
HOSTILE_STRINGS: list[tuple[str, str]] = [
    ("ansi colour", seed.ANSI_NAME),
    ("osc title", seed.OSC_TITLE_NAME),
    ("osc 52 clipboard", seed.OSC_CLIPBOARD_NAME),
    ("rich markup", seed.MARKUP_NAME),
    ("rich markup bold", seed.MARKUP_BOLD_NAME),
    ("textual action markup", "[@click=app.quit]Click me[/]"),
    ("rich link markup", "[link=https://evil.example]support[/link]"),
    ("osc 8 hyperlink", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"),
    ("clear screen", "\x1b[2J\x1b[H wiped"),
    ("alternate screen", "\x1b[?1049h gone"),
    ("device status report", "\x1b[6n\x1b[c reply injection"),
    ("terminal reset", "\x1bc reset"),
    ("dcs string", "\x1bPq#0;2;0;0;0#1;2;100;100;0\x1b\\ sixel"),
    ("8-bit csi", "\x9b31m c1 red \x9b0m"),
    ("nel and c1", "line\x85next\x8dreverse"),
    ("bell and backspace", "secret\x08\x08\x08\x08\x08\x08public\x07"),
    ("carriage return overwrite", "Paid in full\rOVERDUE   "),
    ("nul and controls", "nul\x00soh\x01vt\x0bff\x0cesc\x1bdel\x7f"),
    ("bidi override", "Invoice \u202etxt.exe\u202c"),
    ("bidi isolates", "\u2066admin\u2069\u2067user\u2069"),
    ("zero width", "A\u200bc\u200dm\ufeffe"),
    ("combining flood", "Z" + "\u0336\u0334\u0335" * 200),
    ("lone surrogate", "broken \ud800 pair \udfff"),
    ("emoji zwj", seed.EMOJI_NAME),
    ("wide cjk", seed.CJK_NAME),
    ("rtl", seed.RTL_NAME),
    ("line separators", "one\u2028two\u2029three\nfour\ttab"),
    ("format strings", "%s %d %n {0} {name!r} ${HOME} `id`"),
    ("json lookalike", '{"id": null, "fields": []}'),
    ("empty", ""),
    ("only spaces", "     "),
    ("long 10 KB", ("Lorem ipsum [b]x[/b] \x1b[7m " * 400)[:10_240]),
]

HOSTILE_TEXTS = [value for _, value in HOSTILE_STRINGS]

def deep_nesting(depth: int = 200) -> Any:
    """A list nested `depth` levels deep (JSON parsers and walkers recurse on it)."""
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


#: Awkward JSON values (not strings) for any field.
HOSTILE_VALUES: list[Any] = [
    None, True, 0, -1, 2**63, -(2**70), 1e308, -0.0, 3.14159, "",
    [], {}, [None], [[[]]], {"value": {"value": {"value": "deep"}}},
    {"id": None, "name": None}, {"amount": "NaN", "currency": "\x1b[31m"},
    [{"id": i, "name": f"item {i}"} for i in range(300)],
    {"x" * 50: ["y"] * 50},
    deep_nesting(),
]

#: Characters that must never reach the terminal from content.
_BIDI = {*range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def unsafe_chars(text: str) -> list[str]:
    """The characters of `text` that must not reach a terminal raw (as `U+XXXX`)."""
    bad = []
    for char in text:
        code = ord(char)
        if (code < 0x20 or 0x7F <= code < 0xA0 or code in _BIDI or 0xD800 <= code < 0xE000):
            bad.append(f"U+{code:04X}")
    return bad


def assert_terminal_safe(text: str, where: str = "") -> None:
    """Fail when `text` holds a control, escape, bidi override or lone surrogate."""
    bad = unsafe_chars(text)
    assert not bad, f"unsafe characters reached the terminal{' in ' + where if where else ''}: " \
                    f"{sorted(set(bad))[:10]} in {text[:120]!r}"


def rendered_screen_text(app: Any) -> str:
    """The text of every cell the app's current screen would draw (segments, not escapes).

    Uses the screen's compositor directly (Textual's own `export_screenshot` does the same); the
    terminal's escape codes come from styles, so checking the segment text is what tells data
    apart from styling.
    """
    strips = app.screen._compositor.render_strips()
    lines = []
    for strip in strips:
        for segment in strip:
            assert segment.control is None, "content produced a terminal control segment"
        lines.append("".join(segment.text for segment in strip))
    return "\n".join(lines)
