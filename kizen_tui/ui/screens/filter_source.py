"""What the filter bar accepts, turned into the filter the grid applies.

The bar takes a one-line query (`status in (Open, Pending) and amount >= 10000`), a pasted
Kizen CLI spec (`{"all": [...]}` / `{"any": [...]}`), a wire body (`{"and": ..., "query":
[...]}`), or `@path/to/file.json` holding either JSON form. Each becomes an `ActiveFilter`: the
compiled search body plus the forms the rest of the UI shows or copies. Nothing here does
network I/O, so an invalid filter is refused before any request is made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kizen_tui.domain.filter_fields import FieldIndex
from kizen_tui.domain.filter_lexer import caret_lines
from kizen_tui.domain.filters import (
    FilterError,
    Group,
    TagMap,
    compile_filter,
    from_spec,
    normalize,
    to_spec,
)
from kizen_tui.domain.query import QueryError, format_query, parse_query

#: Biggest filter file `@path` reads (a filter is a few KB; this stops a wrong path to a log).
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class ActiveFilter:
    """A filter that compiled: what is sent, what is shown, what is saved."""

    body: dict[str, Any]
    """The compiled search body `{"and": bool, "query": [...]}`."""
    spec: dict[str, Any]
    """The Kizen CLI spec (`{"all": [...]}`), or the wire body when one was given."""
    text: str
    """The one-line form shown in the bar (compact JSON for a wire body)."""
    group: Group | None
    """The model the builder edits (None for a wire body, which has no model)."""


class FilterInputError(ValueError):
    """Filter text that was refused; `position`/`end` locate the problem in `text` if known."""

    def __init__(self, reason: str, text: str = "", position: int | None = None,
                 end: int | None = None) -> None:
        self.reason = reason
        self.text = text
        self.position = position
        self.end = end if end is not None else (position + 1 if position is not None else None)
        detail = reason
        if position is not None and self.end is not None and "\n" not in text:
            detail += "\n" + caret_lines(text, position, self.end)
        super().__init__(detail)


def resolve_filter(text: str, fields: FieldIndex, *, tags: TagMap | None = None,
                   cwd: Path | None = None) -> ActiveFilter | None:
    """The filter for what was typed in the bar; None for empty text (no filter).

    Raises:
        FilterInputError: the text is not a valid query, spec, wire body or file.
    """
    stripped = text.strip()
    if not stripped:
        return None
    if stripped.startswith("@"):
        data = _load_file(stripped[1:].strip(), cwd)
        return _from_json(data, fields, tags, text="")
    if stripped.startswith("{"):
        offset = len(text) - len(text.lstrip())
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise FilterInputError(f"not valid JSON: {exc.msg}", text, offset + exc.pos
                                   ) from None
        return _from_json(data, fields, tags, text=text)
    try:
        group = parse_query(text, fields, tags=tags)
    except QueryError as exc:
        raise FilterInputError(exc.reason, text, exc.position, exc.end) from None
    return filter_from_model(group, fields, tags=tags)


def filter_from_spec(spec: Any, fields: FieldIndex, *,
                     tags: TagMap | None = None) -> ActiveFilter | None:
    """The filter of a saved spec (CLI spec or wire body); None for an empty one.

    Raises:
        FilterInputError: the spec does not compile against these fields.
    """
    if spec is None or spec == {}:
        return None
    return _from_json(spec, fields, tags, text="")


def filter_from_model(group: Group, fields: FieldIndex, *,
                      tags: TagMap | None = None) -> ActiveFilter | None:
    """The filter of a model (from the builder or the parser); None for an empty group.

    Raises:
        FilterInputError: a condition does not compile (message starts with its path).
    """
    group = normalize(group)
    if not group.items:
        return None
    try:
        body = compile_filter(group, fields, tags=tags)
    except FilterError as exc:
        raise FilterInputError(str(exc)) from None
    return ActiveFilter(body=body, spec=to_spec(group),
                        text=format_query(group, fields, tags=tags), group=group)


def _from_json(data: Any, fields: FieldIndex, tags: TagMap | None,
               text: str) -> ActiveFilter | None:
    if isinstance(data, dict) and "query" in data:
        try:
            body = compile_filter(data, fields, tags=tags)
        except FilterError as exc:
            raise FilterInputError(str(exc)) from None
        if not body["query"]:
            return None
        compact = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return ActiveFilter(body=body, spec=body, text=compact, group=None)
    try:
        group = from_spec(data)
    except FilterError as exc:
        raise FilterInputError(f"not a Kizen filter spec: {exc}") from None
    return filter_from_model(group, fields, tags=tags)


def _load_file(name: str, cwd: Path | None) -> Any:
    if not name:
        raise FilterInputError("write the file after @, e.g. @filters/open-deals.json")
    path = Path(name).expanduser()
    if not path.is_absolute() and cwd is not None:
        path = cwd / path
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FilterInputError(f"{path} is too big for a filter file")
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FilterInputError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise FilterInputError(f"{path} is not UTF-8 text") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FilterInputError(f"{path}, line {exc.lineno}, column {exc.colno}: not valid "
                               f"JSON ({exc.msg})") from None
