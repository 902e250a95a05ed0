"""Copy a search as the exact JSON body or as a curl command (for tickets, scripts, the docs).

The curl command reads the credentials from the environment (`$KIZEN_API_KEY`,
`$KIZEN_BUSINESS_ID`, `$KIZEN_USER_ID`): these helpers never see a key, so none can leak into a
clipboard. `page`, `page_size`, `search` and `ordering` go in the query string, the filter in the
body (API-NOTES.md §2.1).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

#: The credential headers, with shell variables for the values.
CURL_HEADERS = (
    'X-API-KEY: $KIZEN_API_KEY',
    'X-BUSINESS-ID: $KIZEN_BUSINESS_ID',
    'X-USER-ID: $KIZEN_USER_ID',
)


def search_request_path(object_api_name: str, *, search: str | None = None,
                        ordering: str | None = None, page: int = 1,
                        page_size: int = 100, group_id: str | None = None,
                        in_group_ids: Sequence[str] = (),
                        not_in_group_ids: Sequence[str] = ()) -> str:
    """The path and query string of a records search: `/records/<obj>/search?page=1&...`.

    The path is relative to the API base URL (`https://app.go.kizen.com/api`). Group scoping
    (`group_id`, `in_group_ids`, `not_in_group_ids`) goes in the query string, comma-joined.

    Raises:
        ValueError: page < 1, or page_size outside 1..1000.
    """
    if page < 1:
        raise ValueError(f"page must be >= 1, got {page}")
    if not 1 <= page_size <= 1000:
        raise ValueError(f"page_size must be from 1 to 1000, got {page_size}")
    params: list[tuple[str, str]] = [("page", str(page)), ("page_size", str(page_size))]
    if ordering:
        params.append(("ordering", ordering))
    if search:
        params.append(("search", search))
    if group_id:
        params.append(("group_id", group_id))
    for key, ids in (("in_group_ids", in_group_ids), ("not_in_group_ids", not_in_group_ids)):
        if ids:
            params.append((key, ",".join(ids)))
    return f"/records/{quote(object_api_name, safe='')}/search?{urlencode(params)}"


def search_request_json(object_api_name: str, body: dict[str, Any], *,
                        search: str | None = None, ordering: str | None = None,
                        page: int = 1, page_size: int = 100, group_id: str | None = None,
                        in_group_ids: Sequence[str] = (),
                        not_in_group_ids: Sequence[str] = ()) -> str:
    """The exact JSON body of the search request, pretty-printed (2-space indent, UTF-8 kept).

    The other arguments (and the group keywords of `search_request_path`) are checked as
    `search_request_path` checks them (they travel in the query string, not in the body), so
    both copy helpers take the same call.
    """
    search_request_path(object_api_name, search=search, ordering=ordering, page=page,
                        page_size=page_size, group_id=group_id, in_group_ids=in_group_ids,
                        not_in_group_ids=not_in_group_ids)
    return json.dumps(body, indent=2, ensure_ascii=False)


def search_request_curl(base_url: str, object_api_name: str, body: dict[str, Any], *,
                        search: str | None = None, ordering: str | None = None,
                        page: int = 1, page_size: int = 100, group_id: str | None = None,
                        in_group_ids: Sequence[str] = (),
                        not_in_group_ids: Sequence[str] = ()) -> str:
    """A curl command for the search, safe to paste into a POSIX shell.

    `base_url` is the API base (`https://app.go.kizen.com/api`; `/api` is added when missing).
    Headers name the environment variables; the body is single-quoted compact JSON. Group
    scoping goes in the query string as in `search_request_path`.
    """
    base = base_url.rstrip("/")
    if not base.endswith("/api"):
        base += "/api"
    url = base + search_request_path(object_api_name, search=search, ordering=ordering,
                                     page=page, page_size=page_size, group_id=group_id,
                                     in_group_ids=in_group_ids,
                                     not_in_group_ids=not_in_group_ids)
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    lines = [f"curl -sS -X POST {shlex.quote(url)}"]
    # Double quotes so the shell expands the variables; the names hold no special characters.
    lines += [f'-H "{header}"' for header in CURL_HEADERS]
    lines += ["-H 'Content-Type: application/json'", f"--data-raw {shlex.quote(data)}"]
    return " \\\n  ".join(lines)
