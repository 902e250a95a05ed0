"""Completion for the one-line query: what may be typed at the cursor.

The text before the cursor, minus the word being typed, is parsed; where it stops, the parser
says what it expected (`filter_parser.Expected`): field names at a field position, the operators
of that field's type at an operator position, option labels at a value position, `and`/`or`
(and `)`) after a complete condition. Suggestions match the typed word by prefix first, then
anywhere, ignoring case.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from kizen_tui.api.models import FieldDef, TagOption
from kizen_tui.domain.filter_fields import FieldIndex, FieldKind
from kizen_tui.domain.filter_lexer import QueryError, Token, literal, tokenize
from kizen_tui.domain.filter_parser import Expected, Parser
from kizen_tui.domain.filter_tree import op_phrase
from kizen_tui.domain.filter_values import MONTHS

if TYPE_CHECKING:
    from kizen_tui.domain.filters import FieldsArg, TagMap

SuggestionKind = Literal["field", "operator", "value", "keyword"]

_OP_DETAILS = {
    "is_any_of": "is any of (…)", "not_any_of": "is none of (…)", "between": "between … and …",
    "has_any": "has any of (…)", "has_all": "has all of (…)", "has_none": "has none of (…)",
    "month_equals": "month 1-12", "is_me": "the current user",
}


@dataclass(frozen=True)
class Suggestion:
    """One completion: put `text` in place of `query[replace_start:replace_end]`."""

    text: str
    kind: SuggestionKind
    replace_start: int
    replace_end: int
    detail: str = ""


def complete(text: str, cursor: int, fields: FieldsArg, *,
             tags: TagMap | None = None) -> list[Suggestion]:
    """The suggestions for the cursor position `cursor` in `text` (best first)."""
    cursor = max(0, min(cursor, len(text)))
    index = fields if isinstance(fields, FieldIndex) else FieldIndex(fields)
    tokens = tokenize(text[:cursor], lenient=True)
    last = tokens[-2] if len(tokens) > 1 else None
    partial: Token | None = None
    if (last is not None and last.end == cursor and last.kind in ("word", "string", "op")
            and (last.kind != "string" or not last.closed)):
        partial = last
    start = partial.start if partial else cursor
    # Replace the whole token under the cursor, also the part after it.
    end = next((t.end for t in tokenize(text, lenient=True) if partial and t.start == start),
               cursor)
    prefix_tokens = [t for t in tokens[:-1] if t is not partial] + [Token("eof", "", start, start)]
    expected = _expected(text[:start], prefix_tokens, index)
    if expected is None:
        return []
    typed = partial.text if partial else ""
    return _Suggester(index, tags or {}, typed, start, end).run(expected)


def _expected(prefix: str, tokens: list[Token], index: FieldIndex) -> Expected | None:
    parser = Parser(prefix, tokens, index)
    try:
        tree = parser.parse()
    except QueryError as exc:
        return exc.expected if isinstance(exc.expected, Expected) else None
    return Expected("connector" if tree is not None else "field", len(prefix))


def _matches(typed: str, candidates: Iterable[tuple[str, list[str]]]) -> list[str]:
    """The candidate texts whose keys start with (then contain) `typed`, ignoring case."""
    key = typed.casefold()
    first: list[str] = []
    then: list[str] = []
    for text, keys in candidates:
        folded = [k.casefold() for k in keys]
        if any(k.startswith(key) for k in folded):
            first.append(text)
        elif key and any(key in k for k in folded):
            then.append(text)
    return first + then


class _Suggester:
    def __init__(self, index: FieldIndex, tags: TagMap, typed: str, start: int,
                 end: int) -> None:
        self.index = index
        self.tags = tags
        self.typed = typed
        self.start = start
        self.end = end

    def run(self, expected: Expected) -> list[Suggestion]:
        handler = {
            "field": self.fields, "operator": self.operators, "value": self.values,
            "list": self.list_separators, "between_and": self.between_and,
            "connector": self.connectors,
        }[expected.kind]
        return handler(expected)

    def _words(self, expected: Expected) -> tuple[str, int]:
        """The words typed so far (with the partial one) and where they start."""
        if not expected.words:
            return self.typed, self.start
        return " ".join(expected.words) + " " + self.typed, expected.start

    def fields(self, expected: Expected) -> list[Suggestion]:
        typed, start = self._words(expected)
        usable = [f for f in self.index.fields if self.index.ops(f)]
        by_name = {f.name: f for f in usable}
        texts = _matches(typed, ((f.name, [f.name, f.display_name or ""]) for f in usable))
        out = [Suggestion(literal(name), "field", start, self.end, _field_detail(by_name[name]))
               for name in texts]
        if not expected.words:
            out += [Suggestion(word, "keyword", start, self.end, detail)
                    for word, detail in (("not", "negate the next condition"),
                                         ("(", "start a group"))
                    if word.startswith(typed.casefold())]
        return out

    def operators(self, expected: Expected) -> list[Suggestion]:
        field = expected.field
        if field is None:
            return []
        typed, start = self._words(expected)
        kind = self.index.kind(field)
        return [Suggestion(phrase, "operator", start, self.end,
                           _OP_DETAILS.get(op, op.replace("_", " ")))
                for op in self.index.ops(field)
                if (phrase := op_phrase(op, kind)).startswith(typed.casefold())]

    def values(self, expected: Expected) -> list[Suggestion]:
        field = expected.field
        if field is None:
            return []
        out = []
        if expected.words and not expected.values:
            # `has` may go on to `has any`: offer the longer operators too.
            out = [s for s in self.operators(Expected("operator", expected.start,
                                                      expected.words, field))
                   if len(s.text.split()) > len(expected.words)]
        taken = {str(v).casefold() for v in expected.values}
        candidates = [(text, keys, detail) for text, keys, detail in self._value_candidates(
            field, expected.op) if text.casefold() not in taken]
        details = {text: detail for text, _, detail in candidates}
        texts = _matches(self.typed, ((text, keys) for text, keys, _ in candidates))
        return [Suggestion(literal(t), "value", self.start, self.end, details[t])
                for t in texts] + out

    def _value_candidates(self, field: FieldDef, op: str | None
                          ) -> list[tuple[str, list[str], str]]:
        kind = self.index.kind(field)
        if op == "month_equals":
            return [(str(i), [str(i), name], name.title()) for i, name in
                    enumerate(MONTHS, start=1)]
        if kind is FieldKind.CHECKBOX:
            return [("true", ["true"], "checked"), ("false", ["false"], "not checked")]
        options: list[Any] = list(field.options)
        if field.field_type == "dynamictags":
            raw = self.tags.get(field.id, self.tags.get(field.name)) or []
            options = [t if isinstance(t, TagOption) else TagOption.model_validate(t)
                       for t in raw] or options
        return [(o.name or o.id, [o.name or "", getattr(o, "code", None) or ""],
                 "tag" if isinstance(o, TagOption) else "option") for o in options]

    def list_separators(self, expected: Expected) -> list[Suggestion]:
        return self._keywords([(",", "another value"), (")", "end of the list")])

    def between_and(self, expected: Expected) -> list[Suggestion]:
        return self._keywords([("and", "then the upper bound")])

    def connectors(self, expected: Expected) -> list[Suggestion]:
        words = [("and", "both conditions"), ("or", "either condition")]
        if expected.open_parens:
            words.append((")", "end the group"))
        return self._keywords(words)

    def _keywords(self, words: list[tuple[str, str]]) -> list[Suggestion]:
        typed = self.typed.casefold()
        return [Suggestion(w, "keyword", self.start, self.end, detail) for w, detail in words
                if w.startswith(typed)]


def _field_detail(field: FieldDef) -> str:
    label = field.display_name or field.name
    return f"{label} · {field.field_type}"

