"""Building the records search request: which arguments go in the query string, which in the
JSON body (API-NOTES.md §2.1), and the options `iter_pages` passes through."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from kizen_tui.api import validation as check
from kizen_tui.api.validation import Names

#: The keys a prebuilt filter body (the domain filter compiler's output) may carry.
FILTER_BODY_KEYS = frozenset({"query", "and"})


class SearchOptions(TypedDict, total=False):
    """The keyword arguments of `search_records` other than `object` and `page`."""

    search: str | None
    query: Sequence[Mapping[str, Any]] | None
    and_: bool | None
    body: Mapping[str, Any] | None
    field_names: Names | None
    field_ids: Names | None
    search_within_field_names: Names | None
    search_within_field_ids: Names | None
    ordering: str | None
    page_size: int
    group_id: str | None
    in_group_ids: Names | None
    not_in_group_ids: Names | None


def filter_part(
    body: Mapping[str, Any] | None,
    query: Sequence[Mapping[str, Any]] | None,
    and_: bool | None,
) -> dict[str, Any]:
    """`{"query": [...], "and": bool}` from either a prebuilt body or `query`/`and_`.

    With no filter at all this is `{"query": [], "and": true}`, the "list everything" body that
    Kizen's own CLI sends.
    """
    if body is not None:
        if query is not None or and_ is not None:
            raise ValueError("give either body= or query=/and_=, not both")
        if not isinstance(body, Mapping):
            raise ValueError("body must be a mapping with the keys 'query' and 'and'")
        unknown = set(body) - FILTER_BODY_KEYS
        if unknown:
            raise ValueError(f"body has unknown keys: {', '.join(sorted(map(str, unknown)))}; "
                             "only 'query' and 'and' are allowed")
        query, and_ = body.get("query"), body.get("and")
    groups = [] if query is None else query
    if isinstance(groups, str | bytes | Mapping) or not isinstance(groups, Sequence):
        raise ValueError("query must be a list of filter groups ({'and': bool, 'filters': [...]})")
    for index, group in enumerate(groups):
        if not isinstance(group, Mapping):
            raise ValueError(f"query[{index}] must be a filter group mapping")
    if and_ is not None and not isinstance(and_, bool):
        raise ValueError(f"and must be true or false, got {and_!r}")
    return {"query": [dict(g) for g in groups], "and": True if and_ is None else and_}


def search_body(
    *,
    body: Mapping[str, Any] | None,
    query: Sequence[Mapping[str, Any]] | None,
    and_: bool | None,
    field_names: Names | None,
    field_ids: Names | None,
    search_within_field_names: Names | None,
    search_within_field_ids: Names | None,
) -> dict[str, Any]:
    """The JSON body of `POST /api/records/{object}/search`."""
    check.exclusive(("field_names", "field_ids"), field_names, field_ids)
    check.exclusive(("search_within_field_names", "search_within_field_ids"),
                    search_within_field_names, search_within_field_ids)
    out = filter_part(body, query, and_)
    lists = {
        "field_names": check.name_list(field_names, "field_names"),
        "field_ids": check.id_list(field_ids, "field_ids"),
        "search_within_field_names": check.name_list(
            search_within_field_names, "search_within_field_names"),
        "search_within_field_ids": check.id_list(
            search_within_field_ids, "search_within_field_ids"),
    }
    out.update({k: v for k, v in lists.items() if v is not None})
    try:  # a Decimal or NaN in a filter value would otherwise fail mid-request
        json.dumps(out, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the search filter cannot be sent as JSON: {exc}") from None
    return out


def search_params(
    *,
    page: int,
    page_size: int,
    search: str | None,
    ordering: str | None,
    group_id: str | None,
    in_group_ids: Names | None,
    not_in_group_ids: Names | None,
) -> dict[str, str | int | None]:
    """The query string of a records search (page and page_size never go in the body)."""
    check.paging(page, page_size)
    return {
        "page": page,
        "page_size": page_size,
        "ordering": ordering or None,
        "search": search or None,
        "group_id": group_id or None,
        "in_group_ids": check.csv(check.name_list(in_group_ids, "in_group_ids")),
        "not_in_group_ids": check.csv(check.name_list(not_in_group_ids, "not_in_group_ids")),
    }
