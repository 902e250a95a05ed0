"""`--filter`: a Kizen CLI filter spec or wire body (JSON), a file (`@path`, `@-` for stdin), or
the one-line query the TUI's filter bar takes.

Text starting with `{` is JSON; text starting with `@` names a file whose content is read the
same way (JSON if it starts with `{`, else a one-line query); anything else is a one-line query.
Every problem is a `UsageError` that says where it is: the spec path (`all[1]`), the JSON line
and column, or the character position in the query with a caret under it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kizen_tui.headless.runtime import UsageError

if TYPE_CHECKING:
    from kizen_tui.api.client import KizenClient
    from kizen_tui.api.models import TagOption
    from kizen_tui.schema import ObjectSchema

#: Pages of dynamic tags fetched per field at most (a safety stop).
MAX_TAG_PAGES = 20


def read_filter_text(text: str) -> tuple[str, str]:
    """`(where, content)`: `where` names the source in messages (" in FILE" or "")."""
    if not text.startswith("@"):
        return "", text
    name = text[1:]
    if name == "-":
        return " (stdin)", sys.stdin.read()
    if not name:
        raise UsageError("--filter @FILE: the file name is missing")
    try:
        return f" (in {name})", Path(name).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"--filter: cannot read {name}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"--filter: {name} is not UTF-8 text") from None


async def tag_options(client: KizenClient, schema: ObjectSchema) -> dict[str, list[TagOption]]:
    """The options of every dynamictags field of the object (they are not in the definitions)."""
    tags: dict[str, list[TagOption]] = {}
    for field in schema.fields:
        if field.field_type == "dynamictags":
            tags[field.id] = await field_tags(client, schema, field.id)
    return tags


async def field_tags(client: KizenClient, schema: ObjectSchema, field_id: str,
                     search: str | None = None) -> list[TagOption]:
    """The dynamic tags of one field (optionally only those matching `search`)."""
    found: list[TagOption] = []
    for page in range(1, MAX_TAG_PAGES + 1):
        result = await client.list_tags(schema.object, field_id, search=search, page=page,
                                        page_size=200)
        found.extend(result.results)
        if result.next is None or not result.results:
            break
    return found


async def compile_filter_text(text: str, schema: ObjectSchema, client: KizenClient
                              ) -> dict[str, Any]:
    """The search body `{"query": [...], "and": bool}` for a `--filter` argument."""
    from kizen_tui.domain.filters import FilterError, compile_filter
    from kizen_tui.domain.query import QueryError, parse_query

    where, content = read_filter_text(text)
    content = content.strip()
    if content.startswith("{"):
        return await compile_filter_spec(_load_json(content, where), schema, client,
                                         where=f"--filter{where}")
    tags = await tag_options(client, schema)
    contacts = schema.object.is_contacts
    try:
        group = parse_query(content, schema.fields, tags=tags, contacts=contacts)
        return compile_filter(group, schema.fields, tags=tags, contacts=contacts)
    except QueryError as error:
        caret = str(error).partition("\n")[2]
        raise UsageError(f"--filter{where}: {error.reason} (at character {error.position + 1})"
                         + (f"\n{caret}" if caret else "")) from None
    except FilterError as error:
        raise UsageError(f"--filter{where}: {error}") from None


async def compile_filter_spec(spec: Any, schema: ObjectSchema, client: KizenClient, *,
                              where: str) -> dict[str, Any]:
    """The search body for a filter spec or wire body (from `--filter` or a saved view)."""
    from kizen_tui.domain.filters import FilterError, compile_filter

    tags = await tag_options(client, schema)
    try:
        return compile_filter(spec, schema.fields, tags=tags, contacts=schema.object.is_contacts)
    except FilterError as error:
        raise UsageError(f"{where}: {error}") from None


def _load_json(content: str, where: str) -> Any:
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise UsageError(f"--filter{where}: not valid JSON: {error.msg} at line {error.lineno} "
                         f"column {error.colno}") from None
