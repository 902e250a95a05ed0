"""Tokens of the one-line filter query, and `QueryError` (a filter error with a position).

A bare word runs until whitespace, a quote, a parenthesis, a comma or an operator symbol
(`= != < <= > >=`); a `!` not followed by `=` stays part of the word. Quoted strings use `"` or
`'` with backslash escapes: `\\"`, `\\'`, `\\\\`, `\\n`, `\\t`, `\\r`, `\\uXXXX`; any other
escaped character stands for itself.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from kizen_tui.domain.filter_model import FilterError
from kizen_tui.domain.text import cell_len

TokenKind = Literal["word", "string", "op", "lparen", "rparen", "comma", "eof"]
_SYMBOLS = ("!=", "<=", ">=", "=", "<", ">")
_STOP = frozenset("\"'(),=<>")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


@dataclass(frozen=True)
class Token:
    """A token: its kind, its text (unescaped for strings), and its span in the query."""

    kind: TokenKind
    text: str
    start: int
    end: int
    closed: bool = True
    """False for a string whose closing quote is missing (only when lexing leniently)."""

    @property
    def folded(self) -> str:
        """The text, case-folded (for keywords); empty for strings, which are never keywords."""
        return self.text.casefold() if self.kind in ("word", "op") else ""


class QueryError(FilterError):
    """A one-line query that cannot be parsed or does not fit the fields.

    `str(error)` is the reason, the query, and a caret line under the offending part.

    Attributes:
        position: character offset of the problem in the query.
        end: end offset of the offending span (at least position + 1).
        query: the query text.
        expected: for a query that ends too early, what the parser expected next (used by
            completion); None otherwise.
    """

    def __init__(self, reason: str, query: str, position: int, end: int | None = None, *,
                 part: str | None = None, expected: Any = None) -> None:
        self.position = position
        self.end = max(end if end is not None else position + 1, position + 1)
        self.query = query
        self.expected = expected
        super().__init__(reason, part=part)
        self.args = (f"{reason}\n{caret_lines(query, position, self.end)}",)

    def __str__(self) -> str:
        return str(self.args[0])


def _echo(text: str) -> str:
    # Control and format characters would move the cursor or reorder the line: show "?".
    return "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)


def caret_lines(query: str, start: int, end: int) -> str:
    """The query and a line of carets under `query[start:end]`, both indented two spaces."""
    shown = _echo(query)
    pad = cell_len(shown[:start])
    width = max(1, cell_len(shown[start:end]))
    return f"  {shown}\n  {' ' * pad}{'^' * width}"


def _is_word_char(text: str, i: int) -> bool:
    char = text[i]
    if char.isspace() or char in _STOP:
        return False
    return not (char == "!" and text[i + 1:i + 2] == "=")


def tokenize(query: str, *, lenient: bool = False) -> list[Token]:
    """The tokens of `query`, ending with an `eof` token.

    Raises:
        QueryError: a quote is never closed (unless `lenient`, which yields an open string).
    """
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if char.isspace():
            i += 1
        elif char in "\"'":
            token = _string(query, i, lenient=lenient)
            tokens.append(token)
            i = token.end
        elif char in "(),":
            kind: TokenKind = {"(": "lparen", ")": "rparen", ",": "comma"}[char]  # type: ignore[assignment]
            tokens.append(Token(kind, char, i, i + 1))
            i += 1
        elif (symbol := next((s for s in _SYMBOLS if query.startswith(s, i)), None)):
            tokens.append(Token("op", symbol, i, i + len(symbol)))
            i += len(symbol)
        else:
            start = i
            while i < n and _is_word_char(query, i):
                i += 1
            tokens.append(Token("word", query[start:i], start, i))
    tokens.append(Token("eof", "", n, n))
    return tokens


def _string(query: str, start: int, *, lenient: bool) -> Token:
    quote = query[start]
    out: list[str] = []
    i, n = start + 1, len(query)
    while i < n:
        char = query[i]
        if char == quote:
            return Token("string", "".join(out), start, i + 1)
        if char == "\\" and i + 1 < n:
            code = query[i + 1]
            hex_digits = query[i + 2:i + 6]
            if code == "u" and len(hex_digits) == 4 and all(
                    c in "0123456789abcdefABCDEF" for c in hex_digits):
                out.append(chr(int(hex_digits, 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(code, code))
            i += 2
            continue
        out.append(char)
        i += 1
    if lenient:
        return Token("string", "".join(out), start, n, closed=False)
    raise QueryError(f"unterminated quote: add the closing {quote}", query, start, n)


#: Words with a meaning in the grammar; values and names equal to one are written quoted.
KEYWORDS = frozenset({
    "and", "or", "not", "in", "is", "has", "any", "all", "none", "between", "contains",
    "starts", "ends", "with", "blank", "me", "checked", "month",
})
_CONTROL_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def quote(text: str) -> str:
    """`text` as a double-quoted string literal of the query language."""
    out = []
    for char in text:
        if char in _CONTROL_ESCAPES:
            out.append(_CONTROL_ESCAPES[char])
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def needs_quotes(text: str) -> bool:
    """True when `text` would not come back as one bare word equal to itself."""
    if not text or text.casefold() in KEYWORDS:
        return True
    return any(not c.isprintable() or c.isspace() or c in _STOP or c in "!\\" for c in text)


def literal(text: str) -> str:
    """`text` as a bare word when that reads back the same, else quoted."""
    return quote(text) if needs_quotes(text) else text
