"""Shared helpers for the sandbox tests: field lookups, filters and whole-object reads."""

from __future__ import annotations

from typing import Any

import httpx

from kizen_tui.sandbox.catalog import business
from tests.sandbox.conftest import checked

SEARCH = "/api/records/{object_identifier}/search"
GET = "/api/records/{object_identifier}/{entity_id}"


def field(obj: str, name: str) -> Any:
    """A field definition of the sandbox catalog."""
    return business()[obj].by_name[name]


def cond(obj: str, name: str, condition: str, value: Any, **extra: Any) -> dict[str, Any]:
    """A wire condition for a field, custom or default (API-NOTES §2.3)."""
    fd = field(obj, name)
    if fd.is_stage:
        return {"type": "fields_v2", "subtype": "non_custom", "field": "stage",
                "overwrite": {"type": "stage"}, "condition": condition, "value": value, **extra}
    if fd.is_default:
        return {"type": "fields", "subtype": "non_custom", "field": name,
                "condition": condition, "value": value, **extra}
    return {"type": "fields_v2", "subtype": "custom", "field": f'"custom"::{fd.id}',
            "condition": condition, "value": value, **extra}


def where(*conditions: dict[str, Any], all_: bool = True) -> dict[str, Any]:
    """A search body with one group of conditions."""
    return {"and": True, "query": [{"and": all_, "filters": list(conditions)}]}


async def search(client: httpx.AsyncClient, obj: str, body: dict[str, Any] | None = None,
                 **params: Any) -> dict[str, Any]:
    """One search page, validated against the contract."""
    response = await client.post(f"/api/records/{obj}/search", params=params, json=body or {})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = checked(response, SEARCH, "post")
    return result


async def search_ids(client: httpx.AsyncClient, obj: str, body: dict[str, Any]) -> set[str]:
    """The ids of every record matching a search body."""
    page = await search(client, obj, {**body, "field_names": ["created"]}, page_size=1000)
    assert page["next"] is None
    return {row["id"] for row in page["results"]}


async def all_rows(client: httpx.AsyncClient, obj: str) -> list[dict[str, Any]]:
    """Every visible active record with every field (hidden ones included by name)."""
    names = [fd.name for fd in business()[obj].visible_fields]
    page = await search(client, obj, {"field_names": names}, page_size=1000)
    assert page["next"] is None
    return list(page["results"])


def value(row: dict[str, Any], name: str) -> Any:
    """A row's value of a field by api name (None when blank; a summary dict if summarised)."""
    for entry in row["fields"].values():
        if entry["name"] == name:
            return entry.get("value", entry.get("value_summary"))
    return None


def by_name(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The row whose name is `name`."""
    return next(r for r in rows if value(r, "name") == name)
