"""Record data is content: make it safe to show in a terminal, and measure it in cells.

Everything a Kizen record holds was typed by someone else, so it may carry terminal escape
sequences (`ESC [ 31 m`, an OSC 52 clipboard write, a cursor move), C0/C1 control characters,
bidi overrides that reorder the line they sit on, or lone surrogates. `safe_text` turns each of
those into a visible, inert stand-in so the user *sees* that the data is odd and the terminal
never acts on it.

Rich/Textual markup (`[bold]`, `[/]`) is left alone on purpose: the UI never parses record
data as markup (it builds `Text`/`Content` objects, STYLE.md habit 3), so escaping brackets here
would only corrupt what the user sees.

Cell widths follow `unicodedata.east_asian_width` (wide and fullwidth characters take two cells,
combining marks and zero-width characters none); the domain layer may not import rich.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"
#: Stand-ins for line breaks and tabs in single-line mode (grid cells, one-line summaries).
NEWLINE_MARK = "⏎"
TAB_MARK = "⇥"

# Bidi embedding/override (U+202A-U+202E) and isolate (U+2066-U+2069) controls reorder the text
# around them on screen, which can make a value look like something else ("Trojan Source").
_BIDI_CONTROLS = [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _build_table(single_line: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # U+2400 block: ␀ ␁ … ␟
    table[0x1B] = "␛"
    for code in (0x7F, *range(0x80, 0xA0)):
        table[code] = f"\\x{code:02x}"
    for code in _BIDI_CONTROLS:
        table[code] = f"\\u{code:04x}"
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"  # a lone surrogate cannot even be encoded for output
    if single_line:
        table[ord("\n")] = NEWLINE_MARK
        table[ord("\t")] = TAB_MARK
        table[0x2028] = NEWLINE_MARK
        table[0x2029] = NEWLINE_MARK
    else:
        table.pop(ord("\n"))
        table.pop(ord("\t"))
        table[0x2028] = "\n"
        table[0x2029] = "\n"
    return table


_MULTI_LINE = _build_table(single_line=False)
_SINGLE_LINE = _build_table(single_line=True)


def safe_text(value: str, *, max_len: int | None = None, single_line: bool = False) -> str:
    """Return `value` with every control character and escape sequence made visible and inert.

    - ESC becomes "␛" (so `\\x1b[31m` shows as `␛[31m`); other C0 controls become their
      control pictures (NUL -> "␀", CR -> "␍").
    - Newline and tab are kept in multi-line mode; in single-line mode they show as "⏎" and
      "⇥". CR LF counts as one newline.
    - DEL and C1 controls (U+0080-U+009F) become `\\x9b`-style escapes, bidi overrides and
      isolates `\\u202e`-style escapes, lone surrogates U+FFFD.

    Args:
        value: the text to show (a non-str is converted with `str()`).
        max_len: if given, truncate to at most this many terminal cells, ending with "…".
        single_line: fold line breaks and tabs into visible marks.

    Returns:
        Text that is safe to hand to a terminal widget as plain content.
    """
    if not isinstance(value, str):
        value = str(value)
    if max_len is not None and len(value) > 4 * max_len + 16:
        # Escapes only ever widen text, so what lies beyond this point can never be shown.
        value = value[: 4 * max_len + 16]
    if not (value.isascii() and value.isprintable()):
        value = value.replace("\r\n", "\n")
        value = value.translate(_SINGLE_LINE if single_line else _MULTI_LINE)
    if max_len is not None:
        value = truncate_cells(value, max_len)
    return value


@lru_cache(maxsize=4096)
def _char_cells(char: str) -> int:
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0  # combining marks, ZWJ, variation selectors, bidi marks take no cell
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(value: str) -> int:
    """The number of terminal cells `value` occupies (wide CJK and most emoji count 2)."""
    if value.isascii():
        return len(value) if value.isprintable() else sum(map(_char_cells, value))
    return sum(map(_char_cells, value))


def truncate_cells(value: str, width: int, ellipsis: str = ELLIPSIS) -> str:
    """Cut `value` to at most `width` cells, ending with `ellipsis` when anything was cut.

    A wide character that would straddle the limit is dropped whole, so the result may be one
    cell narrower than `width`.
    """
    if width <= 0:
        return ""
    if cell_len(value) <= width:
        return value
    budget = width - cell_len(ellipsis)
    if budget < 0:
        return ellipsis[:width]
    used = 0
    out: list[str] = []
    for char in value:
        cells = _char_cells(char)
        if used + cells > budget:
            break
        out.append(char)
        used += cells
    return "".join(out) + ellipsis
