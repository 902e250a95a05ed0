"""The one-line query parser: tokens -> syntax tree (`filter_tree` turns it into a `Group`).

The grammar is in `query.py`. The parser resolves field names as it goes (a display name may be
several words, and a value's type depends on its field), so it needs the field index. When the
query ends early it raises a `QueryError` whose `expected` says what could come next: that is
what completion (`filter_complete.py`) builds on.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from kizen_tui.api.models import FieldDef
from kizen_tui.domain import filter_values as fv
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filter_lexer import QueryError, Token
from kizen_tui.domain.filter_model import (
    BLANK_OPS,
    LIST_OPS,
    NO_VALUE_OPS,
    Condition,
    FilterError,
    Mode,
)
from kizen_tui.domain.filter_tree import (
    OP_PHRASES,
    OP_START_WORDS,
    BoolNode,
    CondNode,
    Node,
    NotNode,
    node_end,
    node_start,
    op_phrase,
)


@dataclass(frozen=True)
class Expected:
    """What may come next where a query ends early (for completion).

    kind: "field", "operator", "value", "list" (`,` or `)`), "between_and" or "connector".
    start: where the words being completed begin (a multi-word field name or operator; for a
        value, where its operator begins).
    """

    kind: Literal["field", "operator", "value", "list", "between_and", "connector"]
    start: int
    words: tuple[str, ...] = ()
    field: FieldDef | None = None
    op: str | None = None
    values: tuple[Any, ...] = ()
    open_parens: int = 0


class Parser:
    """A recursive-descent parser over the tokens of one query."""

    def __init__(self, query: str, tokens: list[Token], index: FieldIndex) -> None:
        """Parse `tokens` of `query`, resolving fields against `index`."""
        self.query = query
        self.tokens = tokens
        self.index = index
        self.i = 0
        self.parens = 0

    def peek(self, ahead: int = 0) -> Token:
        """The token `ahead` places on (the eof token past the end)."""
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> Token:
        """Consume and return the next token."""
        token = self.peek()
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def fail(self, reason: str, start: int, end: int | None = None,
             part: str | None = None) -> QueryError:
        """An error at `query[start:end]`."""
        return QueryError(reason, self.query, start, end, part=part)

    def early_end(self, reason: str, expected: Expected) -> QueryError:
        """An error for a query that stops where `expected` could follow."""
        end = len(self.query)
        return QueryError(reason, self.query, end, end, expected=expected)

    def parse(self) -> Node | None:
        """The syntax tree of the whole query (None for an empty query)."""
        if self.peek().kind == "eof":
            return None
        node = self.parse_or()
        token = self.peek()
        if token.kind == "rparen":
            raise self.fail("unbalanced ')': there is no '(' to close", token.start)
        if token.kind != "eof":
            hint = " (put values with spaces in quotes)" if token.kind == "word" else ""
            raise self.fail(f"expected 'and', 'or' or the end of the query, got "
                            f"{token.text!r}{hint}", token.start, token.end)
        return node

    def parse_or(self) -> Node:
        """`and_expr { "or" and_expr }`."""
        return self._chain("any", "or", self.parse_and)

    def parse_and(self) -> Node:
        """`unary { "and" unary }`."""
        return self._chain("all", "and", self.parse_unary)

    def _chain(self, mode: Mode, word: str, parse_item: Any) -> Node:
        items: list[Node] = [parse_item()]
        while self.peek().folded == word:
            self.take()
            items.append(parse_item())
        if len(items) == 1:
            return items[0]
        return BoolNode(mode, items, node_start(items[0]), node_end(items[-1]))

    def parse_unary(self) -> Node:
        """`"not" unary | "(" or_expr ")" | condition`."""
        token = self.peek()
        if token.kind == "eof":
            raise self.early_end("expected a condition (a field name)",
                                 Expected("field", token.start))
        if token.folded in ("and", "or"):
            raise self.fail(f"expected a condition before {token.text!r}", token.start,
                            token.end)
        if token.folded == "not":
            self.take()
            child = self.parse_unary()
            return NotNode(child, token.start, node_end(child))
        if token.kind != "lparen":
            return self.parse_condition()
        self.take()
        self.parens += 1
        node = self.parse_or()
        close = self.peek()
        if close.kind == "eof":
            raise self.early_end("unbalanced '(': expected ')'",
                                 Expected("connector", close.start, open_parens=self.parens))
        if close.kind != "rparen":
            raise self.fail(f"expected ')', 'and' or 'or', got {close.text!r}", close.start,
                            close.end)
        self.take()
        self.parens -= 1
        if isinstance(node, BoolNode):
            node = dataclasses.replace(node, start=token.start, end=close.end)
        return node

    def parse_condition(self) -> CondNode:
        """`field operator [value]`."""
        field, field_span = self.parse_field()
        try:
            kind = self.index.kind(field)
        except FilterError as exc:
            raise self.fail(exc.reason, *field_span, part="field") from None
        op, op_span, words = self.parse_op(field, kind)
        value, value_span = self.parse_value(field, kind, op, words, op_span[0])
        return CondNode(Condition(field.name, op, value), field, kind, field_span, op_span,
                        value_span)

    def _resolve(self, name: str, start: int, end: int) -> FieldDef | None:
        try:
            return self.index.resolve(name)
        except FilterError as exc:
            raise self.fail(exc.reason, start, end, part="field") from None

    def _unknown_field(self, name: str, start: int, end: int) -> QueryError:
        try:
            self.index.lookup(name)
        except FilterError as exc:
            return self.fail(exc.reason, start, end, part="field")
        raise AssertionError("unreachable: the name resolved")  # pragma: no cover

    def parse_field(self) -> tuple[FieldDef, tuple[int, int]]:
        """A field: a quoted name, or the longest run of words naming a field that is
        followed by an operator (so `Close Date > x` finds the field "Close Date")."""
        token = self.peek()
        if token.kind == "string":
            self.take()
            found = self._resolve(token.text, token.start, token.end)
            if found is None:
                raise self._unknown_field(token.text, token.start, token.end)
            return found, (token.start, token.end)
        if token.kind != "word":
            raise self.fail(f"expected a field name, got {token.text!r}", token.start, token.end,
                            part="field")
        words: list[Token] = []
        while self.peek(len(words)).kind == "word":
            words.append(self.peek(len(words)))
        resolved = [(k, found) for k in range(len(words), 0, -1)
                    if (found := self._resolve(" ".join(w.text for w in words[:k]),
                                               words[0].start, words[k - 1].end))]
        # Prefer a name followed by an operator word; else the longest name (and let the
        # operator parser say what is wrong after it).
        for k, found in resolved:
            if k == len(words) or words[k].folded in OP_START_WORDS:
                self.i += k
                return found, (words[0].start, words[k - 1].end)
        if resolved:
            k, found = resolved[0]
            self.i += k
            return found, (words[0].start, words[k - 1].end)
        stop = next((k for k in range(1, len(words)) if words[k].folded in OP_START_WORDS),
                    len(words))
        error = self._unknown_field(" ".join(w.text for w in words[:stop]), words[0].start,
                                    words[stop - 1].end)
        if self.peek(len(words)).kind == "eof":
            error.expected = Expected("field", words[0].start, tuple(w.text for w in words))
        raise error

    def parse_op(self, field: FieldDef, kind: FieldKind
                 ) -> tuple[str, tuple[int, int], tuple[str, ...]]:
        """An operator phrase valid for `field`; returns (op, span, the words as written)."""
        run: list[Token] = []
        while len(run) < 3 and self.peek(len(run)).kind in ("word", "op"):
            run.append(self.peek(len(run)))
        texts = tuple(t.folded for t in run)
        valid = self.index.ops(field)
        if not run or not any(texts[:len(p)] == p for p in OP_PHRASES):
            after = self.peek(len(run))
            if after.kind == "eof" and any(p[:len(texts)] == texts for p in OP_PHRASES):
                shown = f" {' '.join(texts)!r}" if texts else ""
                raise self.early_end(
                    f"expected an operator after {field.name!r}{shown}; valid: "
                    f"{_phrases(valid, kind)}",
                    Expected("operator", run[0].start if run else after.start, texts, field))
            got = run[0] if run else after
            raise self.fail(f"expected an operator after {field.name!r}, got {got.text!r}; "
                            f"valid: {_phrases(valid, kind)}", got.start, got.end, part="op")
        phrase = max((p for p in OP_PHRASES if texts[:len(p)] == p), key=len)
        self.i += len(phrase)
        op = OP_PHRASES[phrase]
        span = (run[0].start, run[len(phrase) - 1].end)
        if op not in valid:
            raise self.fail(_op_unavailable(op, field, kind, valid, self.index), *span, part="op")
        return op, span, tuple(t.text for t in run[:len(phrase)])

    def parse_value(self, field: FieldDef, kind: FieldKind, op: str, words: tuple[str, ...],
                    op_start: int) -> tuple[Any, tuple[int, int]]:
        """The value(s) after the operator, typed by the field's kind."""
        if op in NO_VALUE_OPS:
            end = self.tokens[self.i - 1].end
            return None, (end, end)
        expected = Expected("value", op_start, words, field, op)
        if op == "between":
            low = self.value_token(expected)
            if self.peek().kind == "eof":
                raise self.early_end("expected 'and' and the upper bound of between",
                                     Expected("between_and", self.peek().start, (), field, op))
            if self.peek().folded != "and":
                and_token = self.peek()
                raise self.fail("expected 'and' between the two bounds of between",
                                and_token.start, and_token.end, part="value")
            self.take()
            high = self.value_token(dataclasses.replace(expected, values=(low.text,)))
            bounds = [self.typed(field, kind, op, low), self.typed(field, kind, op, high)]
            return bounds, (low.start, high.end)
        if self.peek().kind == "lparen":
            return self.value_list(field, kind, op, expected)
        token = self.value_token(expected)
        value = self.typed(field, kind, op, token)
        return ([value] if op in LIST_OPS else value), (token.start, token.end)

    def value_list(self, field: FieldDef, kind: FieldKind, op: str, expected: Expected
                   ) -> tuple[list[Any], tuple[int, int]]:
        """`"(" value { "," value } ")"`."""
        open_token = self.take()
        values: list[Any] = []
        texts: list[str] = []
        while True:
            if not values and self.peek().kind == "rparen":
                raise self.fail("an empty list: put at least one value between ( and )",
                                open_token.start, self.peek().end, part="value")
            token = self.value_token(dataclasses.replace(expected, values=tuple(texts)))
            values.append(self.typed(field, kind, op, token))
            texts.append(token.text)
            sep = self.peek()
            if sep.kind == "eof":
                raise self.early_end("unbalanced '(': expected ',' or ')' in the list",
                                     Expected("list", sep.start, (), expected.field, op,
                                              tuple(texts)))
            self.take()
            if sep.kind == "rparen":
                return values, (open_token.start, sep.end)
            if sep.kind != "comma":
                raise self.fail(f"expected ',' or ')' in the list, got {sep.text!r} (put values "
                                "with spaces in quotes)", sep.start, sep.end, part="value")

    def value_token(self, expected: Expected) -> Token:
        """A word or quoted string."""
        token = self.peek()
        if token.kind == "eof":
            phrase = " ".join(expected.words) or "the operator"
            raise self.early_end(f"expected a value after {phrase!r}", expected)
        if token.kind not in ("word", "string"):
            raise self.fail(f"expected a value, got {token.text!r}", token.start, token.end,
                            part="value")
        return self.take()

    def typed(self, field: FieldDef, kind: FieldKind, op: str, token: Token) -> Any:
        """The value of `token` as the field's kind needs it (numbers, booleans, months).

        Ids (records, team members) stay text but are checked here, so the carets point at
        the one value in a list that is not an id.
        """
        try:
            if op == "month_equals":
                return fv.as_month(token.text)
            if kind is FieldKind.NUMBER and field.field_type == "integer":
                return fv.as_whole_number(token.text)
            if kind is FieldKind.NUMBER:
                return fv.as_number(token.text)
            if kind is FieldKind.RELATIONSHIP:
                fv.as_record_id(token.text)
            if kind is FieldKind.PERSON:
                fv.as_employee_id(token.text)
            if kind in (FieldKind.FILES, FieldKind.RATING):
                return fv.as_count(token.text)
            if kind is FieldKind.CHECKBOX:
                return fv.as_bool(token.text)
        except FilterError as exc:
            raise self.fail(exc.reason, token.start, token.end, part="value") from None
        return token.text


def _phrases(ops: tuple[str, ...], kind: FieldKind) -> str:
    return ", ".join(op_phrase(op, kind) for op in ops)


def _op_unavailable(op: str, field: FieldDef, kind: FieldKind, valid: tuple[str, ...],
                    index: FieldIndex) -> str:
    if op in BLANK_OPS and index.is_default(field):
        return (f"Kizen offers no blank checks on the default field {field.name!r} "
                "(created, updated, owner, email_status and stage have none)")
    return (f"'{op_phrase(op, kind)}' is not available for field {field.name!r} "
            f"({field.field_type}); valid: {_phrases(valid, kind)}")
