"""Copy helpers carry Kizen group scoping in the query string (domain/filter_copy.py)."""

from __future__ import annotations

import json
import shlex
from urllib.parse import parse_qs, urlsplit

import pytest

from kizen_tui.domain.filter_copy import (
    search_request_curl,
    search_request_json,
    search_request_path,
)

BODY = {"and": True, "query": [{"and": True, "filters": [
    {"type": "fields", "subtype": "non_custom", "field": "name", "condition": "=",
     "value": "Acme"}]}]}


def test_path_carries_group_ids_comma_joined() -> None:
    path = search_request_path("deals", group_id="g0", in_group_ids=("g1", "g2"),
                               not_in_group_ids=["g3"])
    query = parse_qs(urlsplit(path).query)
    assert query["group_id"] == ["g0"]
    assert query["in_group_ids"] == ["g1,g2"]
    assert query["not_in_group_ids"] == ["g3"]


def test_path_without_groups_is_unchanged() -> None:
    assert search_request_path("deals") == "/records/deals/search?page=1&page_size=100"


def test_curl_url_has_group_ids_and_body_is_exact() -> None:
    curl = search_request_curl("https://app.go.kizen.com/api", "deals", BODY,
                               in_group_ids=["a b"], page=2, page_size=25)
    words = shlex.split(curl.replace("\\\n", " "))
    url = words[words.index("POST") + 1]
    assert parse_qs(urlsplit(url).query) == {"page": ["2"], "page_size": ["25"],
                                             "in_group_ids": ["a b"]}
    assert json.loads(words[words.index("--data-raw") + 1]) == BODY


def test_json_checks_paging_like_the_path() -> None:
    assert json.loads(search_request_json("deals", BODY, group_id="g")) == BODY
    with pytest.raises(ValueError):
        search_request_json("deals", BODY, page_size=0, group_id="g")
