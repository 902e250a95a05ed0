"""Small helpers shared by the integration tests (all go through the real client)."""

from __future__ import annotations

from typing import Any

from kizen_tui.api import KizenClient
from kizen_tui.api.models import FieldDef, Page, Record


def fold(text: str) -> str:
    """ASCII-only lower-casing (what SQLite NOCASE and the sandbox's text matching do)."""
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in text)


def ids(page: Page[Record]) -> list[str]:
    """The record ids of a page, in order."""
    return [r.id for r in page.results]


def field_names(record: Record) -> set[str]:
    """The api names of the fields a record carries."""
    return {entry.name for entry in record.fields.values() if entry.name}


async def fields_of(api: KizenClient, obj: str) -> list[FieldDef]:
    """The field definitions of an object, fetched through the API."""
    definition = await api.get_object(obj)
    return await api.get_object_fields(definition.id)


async def field_def(api: KizenClient, obj: str, name: str) -> FieldDef:
    """One field definition by api name."""
    return next(f for f in await fields_of(api, obj) if f.name == name)


async def all_records(api: KizenClient, obj: str, **options: Any) -> list[Record]:
    """Every record a search returns, page by page."""
    out: list[Record] = []
    async for page in api.iter_pages(obj, page_size=options.pop("page_size", 1000), **options):
        out.extend(page.results)
    return out


async def search_ids(api: KizenClient, obj: str, **options: Any) -> set[str]:
    """The ids of every record a search matches (one page of up to 1000)."""
    page = await api.search_records(obj, page_size=1000, field_names=["name"], **options)
    assert page.next is None, "more than 1000 matches; the helper reads one page"
    found = set(ids(page))
    assert len(found) == len(page.results) == page.count
    return found


def option_id(field: FieldDef, label: str) -> str:
    """The id of a field option by its label."""
    return next(o.id for o in field.options if o.name == label)
